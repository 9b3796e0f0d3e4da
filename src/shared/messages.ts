/**
 * Refusals and audit entries as stable codes with parameters, and their sentences in both
 * languages: plain words first (what it means for the person holding the USB stick), the check's
 * name second. The server records codes and parameters (PackError.check and .params, the audit
 * log's `code` and `params`); the renderer says them in the screen's language and the `kiosk`
 * command in English, both with describeRefusal and describeAudit.
 *
 * No imports but other shared modules: the renderer bundles this file.
 */
import type { Lang } from './content.js';
import type { AuditEntry } from './results.js';

/** Every check a pack can fail, each with its own stable name (src/core/packs/errors.ts throws them). */
export const PACK_CHECKS = [
  // the file and the archive
  'pack-unreadable',
  'pack-too-large',
  'not-a-pack',
  'zip-malformed',
  'zip-entries',
  'zip-file-cap',
  'zip-total',
  'zip-ratio',
  'zip-inflate',
  // entry names and types
  'path-backslash',
  'path-absolute',
  'path-dotdot',
  'path-reserved',
  'path-invalid',
  'path-not-allowed',
  'entry-symlink',
  'entry-not-regular',
  // signatures and keys
  'manifest-missing',
  'manifest-too-large',
  'signature-missing',
  'signature-malformed',
  'signature-invalid',
  'no-trusted-keys',
  'unknown-key',
  'threshold',
  'trust-config',
  // the manifest
  'manifest-malformed',
  'format-version',
  'site',
  'app-too-old',
  'expired',
  'created-future',
  'version-older',
  'version-replayed',
  'version-reused',
  'version-jump',
  'key-rotation',
  // the files
  'file-missing',
  'file-extra',
  'file-duplicate',
  'file-truncated',
  'file-oversized',
  'file-hash',
  // the content
  'content',
] as const;
export type PackCheck = (typeof PACK_CHECKS)[number];

/** A message's parameters: names to short values (versions, sites, dates, file names). */
export type MessageParams = Record<string, string | number>;

type Texts = { readonly [L in Lang]: string };

const DAMAGED: Texts = {
  zh: '此文件已损坏：可能没有完整复制。请从原文件重新复制到U盘后再试。',
  en: 'This file is damaged: it may not have copied completely. Copy it onto the stick again from the original.',
};
const NOT_ALLOWED: Texts = {
  zh: '此内容包含有不允许的文件名或文件类型：它不是用本机的打包工具制作的，或已被改动。',
  en: 'This pack holds a file whose name or type is not allowed: it was not made with the kiosk’s pack tool, or it was altered.',
};
const TOO_BIG: Texts = {
  zh: '此内容包超出本机可接受的大小或文件数量，请联系发布者。',
  en: 'This pack holds more files or data than a kiosk accepts; ask its publisher.',
};
const FILES_MISMATCH: Texts = {
  zh: '此内容包的文件与其清单不符：可能没有完整复制，或已被改动。',
  en: 'This pack’s files do not match its list of files: it may not have copied completely, or it was altered.',
};

/** Each check in plain words ({name} is a parameter). */
export const PACK_CHECK_TEXT: { readonly [C in PackCheck]: Texts } = {
  'pack-unreadable': {
    zh: '无法读取此文件：请检查U盘或磁盘是否仍然连接，然后重试。',
    en: 'This file cannot be read: check that the USB stick or disk is still connected, and try again.',
  },
  'pack-too-large': TOO_BIG,
  'not-a-pack': {
    zh: '此文件不是内容包，或已损坏（可能没有完整复制）。',
    en: 'This file is not a content pack, or it is damaged (it may not have copied completely).',
  },
  'zip-malformed': DAMAGED,
  'zip-entries': TOO_BIG,
  'zip-file-cap': TOO_BIG,
  'zip-total': TOO_BIG,
  'zip-ratio': {
    zh: '已拒绝：其中一个文件解压后比真实内容大得多（压缩炸弹）。',
    en: 'Refused as a zip bomb: a file in it expands far more than real content does.',
  },
  'zip-inflate': DAMAGED,
  'path-backslash': NOT_ALLOWED,
  'path-absolute': NOT_ALLOWED,
  'path-dotdot': NOT_ALLOWED,
  'path-reserved': NOT_ALLOWED,
  'path-invalid': NOT_ALLOWED,
  'path-not-allowed': NOT_ALLOWED,
  'entry-symlink': NOT_ALLOWED,
  'entry-not-regular': NOT_ALLOWED,
  'manifest-missing': {
    zh: '此文件不是内容包：它没有清单（manifest.json），或已损坏。',
    en: 'This file is not a content pack: it has no list of files (manifest.json), or it is damaged.',
  },
  'manifest-too-large': TOO_BIG,
  'signature-missing': { zh: '此内容包没有签名，不能安装。', en: 'This pack is not signed, so it cannot be installed.' },
  'signature-malformed': {
    zh: '此内容包的签名已损坏：可能没有完整复制。',
    en: 'This pack’s signatures are damaged: it may not have copied completely.',
  },
  'signature-invalid': {
    zh: '此内容包在签名后被改动过或已损坏：签名与内容不符。',
    en: 'This pack was changed after it was signed, or it is damaged: its signature does not match.',
  },
  'no-trusted-keys': {
    zh: '本机还没有信任任何签名密钥，因此不接受任何内容包；请先添加发布者的公钥。',
    en: 'This kiosk trusts no signing key yet, so it accepts no pack; add the publisher’s public key first.',
  },
  'unknown-key': {
    zh: '此内容包不是由本机信任的密钥签名的。',
    en: 'This pack is not signed by a key this kiosk trusts.',
  },
  threshold: {
    zh: '此内容包来自受信任密钥的签名不够：需要 {need} 个，只有 {have} 个。',
    en: 'This pack has too few signatures from trusted keys: {have} where {need} are needed.',
  },
  'trust-config': {
    zh: '本机的受信任密钥或已接受版本的记录已损坏；修复前不能安装任何内容包。',
    en: 'This kiosk’s record of trusted keys or accepted versions is damaged; no pack can be installed until IT repairs it.',
  },
  'manifest-malformed': {
    zh: '此内容包的清单无效：它不是用本机的打包工具正确制作的。',
    en: 'This pack’s list of files is not valid: it was not made correctly with the kiosk’s pack tool.',
  },
  'format-version': {
    zh: '此内容包的格式比本机软件新；请先更新本机软件。',
    en: 'This pack is in a newer format than this kiosk reads; update the kiosk software first.',
  },
  site: {
    zh: '此内容包属于另一个院区（{site}）；本机属于 {kioskSite}。',
    en: 'This pack is for another site ({site}); this kiosk belongs to {kioskSite}.',
  },
  'app-too-old': {
    zh: '此内容包需要更新的本机软件（{needs} 或更高；本机为 {runs}）。',
    en: 'This pack needs newer kiosk software ({needs} or later; this kiosk runs {runs}).',
  },
  expired: {
    zh: '此内容包已于 {expires} 过期；请向发布者索取当前的内容包。',
    en: 'This pack expired on {expires}; ask its publisher for a current one.',
  },
  'created-future': {
    zh: '此内容包的制作时间（{created}）晚于本机时钟；请检查本机和制作电脑的时钟。',
    en: 'This pack says it was made after this kiosk’s clock ({created}); check the clocks of the kiosk and of the computer that made it.',
  },
  'version-older': {
    zh: '此内容包（版本 {version}）比现在显示的内容（版本 {installed}）旧。',
    en: 'This pack (version {version}) is older than the content shown now (version {installed}).',
  },
  'version-replayed': {
    zh: '此内容包的版本 {version} 不比本机已接受过的版本 {highest} 新，且不是本机接受过的那个包；只能安装更新的内容包。',
    en: 'This pack’s version {version} is not above version {highest}, which this kiosk has accepted, and it is not a pack accepted here before; only a newer pack can be installed.',
  },
  'version-reused': {
    zh: '此内容包使用了版本号 {version}，但本机已接受过内容不同的同一版本；改动过的内容包需要新的版本号。',
    en: 'This pack reuses version {version}, which this kiosk has accepted with different contents; a changed pack needs a new version number.',
  },
  'version-jump': {
    zh: '此内容包的版本 {version} 跳得太远；内容包应按顺序编号。',
    en: 'This pack’s version {version} jumps too far ahead; packs must be numbered one after another.',
  },
  'key-rotation': {
    zh: '此内容包带有新的密钥列表，但新密钥的签名不够。',
    en: 'This pack carries a new list of keys that too few of those keys have signed.',
  },
  'file-missing': FILES_MISMATCH,
  'file-extra': FILES_MISMATCH,
  'file-duplicate': FILES_MISMATCH,
  'file-truncated': DAMAGED,
  'file-oversized': FILES_MISMATCH,
  'file-hash': {
    zh: '此文件已损坏或被改动：其中的文件与签名时的校验值不符。请从原文件重新复制。',
    en: 'This file is damaged or was altered: a file in it does not match its signed checksum. Copy it again from the original.',
  },
  content: {
    zh: '此内容包的内容无效（{detail}）；请发布者改正后重新制作。',
    en: 'This pack’s content is not valid ({detail}); ask its publisher to correct it.',
  },
};

const CHECK_LABEL: Texts = { zh: '检查项', en: 'check' };

/** `{name}` replaced by its parameter; a parameter not given is left out with the words around it in brackets. */
export function fillMessage(template: string, params: MessageParams = {}): string {
  const filled = template.replace(/ ?[（(][^（()）]*\{(\w+)\}[^（()）]*[)）]/g, (m, k: string) =>
    params[k] === undefined ? '' : m.replace(/\{(\w+)\}/g, (_, n: string) => String(params[n] ?? '?')),
  );
  return filled.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? '?'));
}

export function isPackCheck(code: string): code is PackCheck {
  return (PACK_CHECKS as readonly string[]).includes(code);
}

/** A refused pack in plain words, then the check's name: "This file is damaged: … (check: zip-inflate)". */
export function describeRefusal(code: string, params: MessageParams | undefined, lang: Lang): string {
  const t = isPackCheck(code) ? PACK_CHECK_TEXT[code][lang] : lang === 'zh' ? '此内容包被拒绝。' : 'This pack was refused.';
  return lang === 'zh' ? `${fillMessage(t, params)}（${CHECK_LABEL.zh}：${code}）` : `${fillMessage(t, params)} (${CHECK_LABEL.en}: ${code})`;
}

// ---------------------------------------------------------------------------------------------
// The audit log

/**
 * What each audit entry says, by its code. An entry's code is `action.result` unless the call
 * that wrote it named a more exact one; its parameters come from its own fields (packId,
 * version, file, check) and its `params`.
 */
export const AUDIT_TEXT: { readonly [code: string]: Texts } = {
  'install.accepted': { zh: '已安装内容包 {packId} 版本 {version}。', en: 'Installed pack {packId} version {version}.' },
  'install.over': {
    zh: '已安装内容包 {packId} 版本 {version}（替换版本 {previous}）。',
    en: 'Installed pack {packId} version {version} (over version {previous}).',
  },
  'install.keys-replaced': {
    zh: '已安装内容包 {packId} 版本 {version}；受信任密钥列表已换成该包所带的列表。',
    en: 'Installed pack {packId} version {version}; the trusted key list was replaced by the one it carries.',
  },
  'install.roll-forward': {
    zh: '已重新安装本机接受过的内容包 {packId} 版本 {version}（与记录的包完全相同）。',
    en: 'Installed pack {packId} version {version} again: the very pack this kiosk accepted before.',
  },
  'install.completed': {
    zh: '内容包 {packId} 版本 {version} 的安装在切换后被中断；其记录已补全。',
    en: 'The install of pack {packId} version {version} was interrupted after the switch; its record was completed.',
  },
  'install.refused': { zh: '内容包 {subject} 被拒绝：{refusal}', en: 'Pack {subject} was refused: {refusal}' },
  'install.no-change': { zh: '版本 {version} 已经安装，未作改动。', en: 'Version {version} is already installed; nothing changed.' },
  'install.failed': {
    zh: '内容包 {subject} 安装失败，之前的内容仍在显示。',
    en: 'The install of pack {subject} failed; the earlier content stays live.',
  },
  'install.interrupted': {
    zh: '内容包 {packId} 版本 {version} 的安装在切换前被中断；之前的内容仍在显示。',
    en: 'The install of pack {packId} version {version} was interrupted before the switch; the earlier content stayed live.',
  },
  'rollback.accepted': {
    zh: '已从版本 {from} 回退到 {packId} 版本 {version}。',
    en: 'Rolled back from version {from} to {packId} version {version}.',
  },
  'rollback.forward': {
    zh: '已从版本 {from} 前进到保留的 {packId} 版本 {version}。',
    en: 'Rolled forward from version {from} to the kept {packId} version {version}.',
  },
  'rollback.completed': {
    zh: '从版本 {from} 切换到版本 {version} 时被中断（已经切换）；其记录已补全。',
    en: 'A switch from version {from} to version {version} was interrupted after the switch; its record was completed.',
  },
  'rollback.interrupted': {
    zh: '从版本 {from} 切换到版本 {version} 时在切换前被中断；版本 {from} 仍在显示。',
    en: 'A switch from version {from} to version {version} was interrupted before the switch; version {from} stayed live.',
  },
  'rollback.none': {
    zh: '没有可以回退到的保留内容，未作任何改动。',
    en: 'There is no kept content to go back to; nothing was changed.',
  },
  'rollback.failed': { zh: '回退失败，未作任何改动。', en: 'The rollback failed; nothing was changed.' },
  'reset-rollback-record.accepted': {
    zh: '防回退记录已设为现在显示的内容的版本 {version}。',
    en: 'The anti-rollback record was set to the live content’s version {version}.',
  },
  'reset-rollback-record.no-change': {
    zh: '防回退记录已经是现在显示的内容的版本 {version}，未作改动。',
    en: 'The anti-rollback record already holds the live content’s version {version}; nothing was changed.',
  },
  'reset-rollback-record.failed': { zh: '重置防回退记录失败，未作任何改动。', en: 'Resetting the anti-rollback record failed; nothing was changed.' },
  'trust.accepted': { zh: '受信任的密钥已更改。', en: 'The trusted keys were changed.' },
  'trust.key-added': { zh: '密钥 {keyId} 现在受信任。', en: 'Key {keyId} is now trusted.' },
  'trust.no-change': { zh: '密钥 {keyId} 已经受信任。', en: 'Key {keyId} is already trusted.' },
  'trust.threshold': {
    zh: '内容包现在需要 {threshold} 个受信任签名（共 {keys} 个受信任密钥）。',
    en: 'Packs now need {threshold} of {keys} trusted signatures.',
  },
  'trust.fleet-root': { zh: '已固定更新源的根密钥（版本 {rootVersion}）。', en: 'Pinned the fleet repository’s root (version {rootVersion}).' },
  'trust.failed': { zh: '更改受信任密钥失败。', en: 'Changing the trusted keys failed.' },
  'set-pin.accepted': { zh: '已设置{role}。', en: 'The {role} was set.' },
  'set-pin.refused': {
    zh: '新的{role}被拒绝：太容易猜到，或与另一个相同。',
    en: 'The new {role} was refused: too easy to guess, or the same as the other one.',
  },
  'set-pin.failed': { zh: '{role}无法保存。', en: 'The {role} could not be saved.' },
  'unlock.accepted': { zh: '{screen}已解锁（{where}）。', en: '{screen} was unlocked ({where}).' },
  'unlock.refused': { zh: '{screen}解锁被拒绝（{where}）。', en: 'Unlocking {screen} was refused ({where}).' },
  'unlock.refused-group': {
    zh: '{screen}（{where}）：一分钟内又有 {count} 次解锁被拒绝。',
    en: '{screen} ({where}): {count} more refused attempts within a minute.',
  },
  'lan.refused': {
    zh: '网络上的设备（{address}）试图使用IT功能；IT功能只能在本机上使用。',
    en: 'A device on the network ({address}) tried to use an IT function; IT functions answer only at the kiosk itself.',
  },
  'recover.accepted': { zh: '屏幕出现问题，已自动恢复。', en: 'The screen went wrong and was recovered on its own.' },
  'recover.failed': { zh: '屏幕反复出错，现在显示备用页面。', en: 'The screen failed again and again; the fallback page is shown.' },
  'result-file.refused': {
    zh: '无法在内容包旁写入结果文件 {file}。',
    en: 'The result file beside {file} could not be written.',
  },
  'update.accepted': { zh: '从更新源获取更新又恢复正常了。', en: 'Updates from the fleet repository work again.' },
  'update.refused': {
    zh: '更新源提供的内容包 {subject} 被拒绝（{check}），屏幕上的内容未改变。',
    en: 'The pack {subject} from the fleet repository was refused ({check}); the content on screen was not changed.',
  },
  'update.failed': {
    zh: '检查更新源失败（{check}），屏幕上的内容未改变。',
    en: 'Checking the fleet repository failed ({check}); the content on screen was not changed.',
  },
  'trust.fleet-root-rotated': {
    zh: '更新源的根密钥已更新为由现有根密钥签名的新版本。',
    en: 'The fleet repository’s root was updated to a new version signed by its current root keys.',
  },
};

const ACTION_TEXT: { readonly [action: string]: Texts } = {
  install: { zh: '安装', en: 'Install' },
  rollback: { zh: '回退', en: 'Rollback' },
  trust: { zh: '受信任的密钥', en: 'Trusted keys' },
  'set-pin': { zh: '设置密码', en: 'PIN change' },
  recover: { zh: '屏幕恢复', en: 'Screen recovery' },
  unlock: { zh: '解锁', en: 'Unlock' },
  lan: { zh: '网络访问', en: 'Network access' },
  'result-file': { zh: '结果文件', en: 'Result file' },
  'reset-rollback-record': { zh: '重置防回退记录', en: 'Anti-rollback record reset' },
  update: { zh: '更新源', en: 'Fleet update' },
};

const RESULT_TEXT: { readonly [result: string]: Texts } = {
  accepted: { zh: '完成', en: 'done' },
  refused: { zh: '被拒绝', en: 'refused' },
  'no-change': { zh: '无改动', en: 'no change' },
  failed: { zh: '失败', en: 'failed' },
  interrupted: { zh: '被中断', en: 'interrupted' },
};

/** Parameters that are words, said in each language: `role: 'it'` is "IT 密码" / "IT PIN". */
const PARAM_WORDS: { readonly [param: string]: { readonly [value: string]: Texts } } = {
  role: { it: { zh: 'IT 密码', en: 'IT PIN' }, volunteer: { zh: '志愿者密码', en: 'volunteer code' } },
  screen: { it: { zh: 'IT 界面', en: 'The IT screen' }, volunteer: { zh: '志愿者模式', en: 'Volunteer mode' } },
  where: { kiosk: { zh: '在本机上', en: 'at the kiosk' }, network: { zh: '来自网络上的设备', en: 'from a device on the network' } },
};

/** An entry's action in words ("安装" / "Install"), for filters. */
export function describeAuditAction(action: string, lang: Lang): string {
  return ACTION_TEXT[action]?.[lang] ?? action;
}

/** An entry's result in words ("被拒绝" / "refused"), for filters. */
export function describeAuditResult(result: string, lang: Lang): string {
  return RESULT_TEXT[result]?.[lang] ?? result;
}

/** An entry's action and result in words ("安装：被拒绝"), for headings and filters. */
export function describeAuditKind(e: Pick<AuditEntry, 'action' | 'result'>, lang: Lang): string {
  const a = describeAuditAction(e.action, lang);
  const r = describeAuditResult(e.result, lang);
  return lang === 'zh' ? `${a}：${r}` : `${a}: ${r}`;
}

/** The code an entry carries, or the one it stands for when it was written before codes existed. */
export function auditCode(e: Pick<AuditEntry, 'action' | 'result' | 'code'>): string {
  return e.code ?? `${e.action}.${e.result}`;
}

/**
 * One audit entry in a language, from its code and parameters (a refusal's check said as
 * describeRefusal says it). An entry with a code this version does not know is said by its
 * action and result; in English the sentence it recorded follows.
 */
export function describeAudit(e: AuditEntry, lang: Lang): string {
  const t = AUDIT_TEXT[auditCode(e)];
  if (!t) return lang === 'en' && e.reason ? `${describeAuditKind(e, lang)}. ${e.reason}` : `${describeAuditKind(e, lang)}${lang === 'zh' ? '。' : '.'}`;
  const params: MessageParams = {
    ...(e.packId !== undefined ? { packId: e.packId } : {}),
    ...(e.version !== undefined ? { version: e.version } : {}),
    ...(e.file !== undefined ? { file: e.file } : {}),
    subject: e.packId !== undefined ? `${e.packId}${e.version !== undefined ? ` v${e.version}` : ''}` : (e.file ?? ''),
  };
  for (const [k, v] of Object.entries(e.params ?? {})) params[k] = PARAM_WORDS[k]?.[String(v)]?.[lang] ?? v;
  params.refusal = e.check ? describeRefusal(e.check, e.params, lang) : '';
  if (e.check) params.check = e.check;
  return fillMessage(t[lang], params);
}
