/**
 * The IT screen's words for the pack list's verdicts, the readable diff, the kept contents
 * (history, rollback and roll-forward), the audit log's filter and export, and the kiosk's
 * health, in Simplified Chinese and English. Refusal and audit sentences come from
 * src/shared/messages.ts (the server records codes; the screen says them in its language).
 */
import type { DepartmentField, Lang, PackVerdict } from '../../../shared';
import { bilingual, type Entry } from '../../kit/i18n';

const table = {
  // The pack list
  verdict_installable: { zh: '可以安装', en: 'Installable' },
  'verdict_older-or-equal': { zh: '不比当前新', en: 'Older or equal' },
  'verdict_wrong-site': { zh: '其他站点的', en: 'For another site' },
  verdict_untrusted: { zh: '签名不受信任', en: 'Not signed by a trusted key' },
  verdict_expired: { zh: '已过期', en: 'Expired' },
  verdict_damaged: { zh: '文件已损坏', en: 'Damaged' },
  verdict_refused: { zh: '不能安装', en: 'Refused' },
  verdict_checking: { zh: '正在核验…', en: 'Checking…' },
  checkingN: {
    zh: (n: number) => `还有${n}个内容包正在后台核验…`,
    en: (n: number) => `${n} ${n === 1 ? 'pack is' : 'packs are'} being checked in the background…`,
  },
  acceptedBefore: { zh: '本机接受过（可重新安装）', en: 'Accepted before (can go forward to it)' },
  installedNow: { zh: '当前已安装', en: 'Installed now' },
  unknownClaims: { zh: '签名未被接受，包内声明未读取', en: 'Its claims are not read: no trusted signature' },
  signedBy: { zh: '签名', en: 'Signed by' },
  verdictFor: { zh: (name: string, v: string) => `${name}：${v}`, en: (name: string, v: string) => `${name}: ${v}` },

  // The preview of a pack before its install
  preview: { zh: '预览', en: 'Preview' },
  previewOpening: { zh: '正在核验内容包并生成预览…', en: 'Checking the pack and building its preview…' },
  /** The preview's bar: "预览：hospital-main 版本2 — 访客看到的样子，尚未安装", the pack's name kept on one line. */
  previewBarLead: { zh: '预览：', en: 'Preview of ' },
  previewBarTail: { zh: ' — 访客看到的样子，尚未安装', en: ' — what visitors will see; not installed' },
  previewUntil: { zh: (t: string) => `预览开放至 ${t}`, en: (t: string) => `Open until ${t}` },
  closePreview: { zh: '关闭预览', en: 'Close preview' },
  previewFrame: { zh: '内容包预览', en: 'Preview of the pack' },
  previewEnded: {
    zh: (t: string) => `预览已于 ${t} 自动结束（最多开放30分钟）。关闭预览后可以再次打开。`,
    en: (t: string) => `The preview ended on its own at ${t} (it stays open 30 minutes at most). Close it and open it again to go on looking.`,
  },
  previewRefused: { zh: (why: string) => `此内容包不能预览：${why}`, en: (why: string) => `This pack cannot be previewed: ${why}` },
  previewNoDetail: { zh: '核验没有通过。', en: 'it did not pass verification.' },
  previewGone: {
    zh: '已找不到这个内容包：U盘可能已拔出。请刷新列表后再试。',
    en: 'That pack is no longer there: the stick may have been removed. Refresh the list and try again.',
  },
  previewUnavailable: {
    zh: '本机不能预览内容包：只有由 kiosk 命令或本机应用运行时才能预览。',
    en: 'This kiosk cannot show a preview of a pack: only a kiosk run by the kiosk command or the kiosk app can.',
  },
  previewSessionEnded: { zh: 'IT 会话已结束，请重新输入 PIN。', en: 'The IT session has ended; enter the PIN again.' },
  previewBadAddress: {
    zh: '预览的地址不在本机上，因此没有打开。请向技术支持报告。',
    en: 'The preview’s address is not on this machine, so it was not opened. Report this to technical support.',
  },
  previewFailed: { zh: '预览未能打开，请再试一次。', en: 'The preview could not be opened; try again.' },

  // The diff
  fieldsChanged: { zh: '有改动的字段', en: 'Fields that change' },
  notGiven: { zh: '未填写', en: 'not given' },
  textChanged: { zh: '内容有改动', en: 'changed' },
  listChange: {
    zh: (add: number, rem: number, chg: number) => [add ? `+${add}` : '', rem ? `−${rem}` : '', chg ? `改${chg}` : ''].filter(Boolean).join(' '),
    en: (add: number, rem: number, chg: number) => [add ? `+${add}` : '', rem ? `−${rem}` : '', chg ? `~${chg}` : ''].filter(Boolean).join(' '),
  },
  placesAdded: { zh: '新增地点', en: 'Places added' },
  placesRemoved: { zh: '删除的地点', en: 'Places removed' },
  placesChanged: { zh: '有改动的地点', en: 'Places changed' },
  doctorsAdded: { zh: '新增医生', en: 'Doctors added' },
  doctorsRemoved: { zh: '删除的医生', en: 'Doctors removed' },
  doctorsChanged: { zh: '有改动的医生', en: 'Doctors changed' },
  field_name: { zh: '名称', en: 'Name' },
  field_category: { zh: '类别', en: 'Category' },
  field_established: { zh: '成立时间', en: 'Established' },
  field_summary: { zh: '简介', en: 'Summary' },
  field_description: { zh: '详细介绍', en: 'Description' },
  field_figures: { zh: '数据', en: 'Figures' },
  field_staff: { zh: '人员', en: 'Staff' },
  field_services: { zh: '服务', en: 'Services' },
  field_subspecialties: { zh: '亚专业', en: 'Subspecialties' },
  field_equipment: { zh: '设备', en: 'Equipment' },
  field_honours: { zh: '荣誉', en: 'Honours' },
  field_research: { zh: '科研', en: 'Research' },
  field_partners: { zh: '合作', en: 'Partners' },
  field_teaching: { zh: '教学', en: 'Teaching' },
  field_location: { zh: '位置', en: 'Location' },
  field_hours: { zh: '时间', en: 'Hours' },
  field_phone: { zh: '电话', en: 'Phone' },
  field_website: { zh: '网站', en: 'Website' },
  field_photo: { zh: '照片', en: 'Photo' },
  field_keywords: { zh: '关键词', en: 'Keywords' },

  // History
  historyTitle: { zh: '保留的内容', en: 'Kept contents' },
  historyLead: {
    zh: (n: number) => `导诊机保留最近${n}份安装过的内容（含当前的），可以回退到其中任何一份，也可以再前进回来，无需新的签名。`,
    en: (n: number) =>
      `The kiosk keeps the last ${n} contents installed (the live one included): go back to any of them, and forward again, with no new signature.`,
  },
  live: { zh: '正在显示', en: 'Live now' },
  rollBackTo: { zh: (v: number) => `回退到版本${v}`, en: (v: number) => `Roll back to version ${v}` },
  rollForwardTo: { zh: (v: number) => `前进到版本${v}`, en: (v: number) => `Roll forward to version ${v}` },
  switchTo: { zh: (v: number) => `切换到版本${v}`, en: (v: number) => `Switch to version ${v}` },
  unreadable: { zh: '无法读取', en: 'Cannot be read' },
  rollBackConfirm: { zh: '回退到保留的内容？', en: 'Roll back to the kept content?' },
  rollForwardConfirm: { zh: '前进到保留的内容？', en: 'Roll forward to the kept content?' },
  willShow: { zh: (what: string) => `之后导诊机将显示：${what}`, en: (what: string) => `Afterwards the kiosk shows ${what}` },
  nowShows: { zh: (what: string) => `现在显示：${what}`, en: (what: string) => `Now it shows ${what}` },
  keptWarn: {
    zh: '现在的内容会保留，之后可以再切换回来。访客在您退出 IT 维护后看到所选内容。',
    en: 'The content live now is kept: you can switch back to it later. Visitors see the chosen content when you exit.',
  },
  rolledForward: { zh: (what: string) => `已前进。现在显示：${what}`, en: (what: string) => `Rolled forward. The kiosk now shows ${what}` },
  acceptedPacks: { zh: '接受过的内容包', en: 'Packs accepted' },
  installedOn: { zh: (t: string) => `安装于${t}`, en: (t: string) => `installed ${t}` },

  // Audit log: filter and export
  filterKind: { zh: '按操作筛选', en: 'Filter by kind' },
  filterResult: { zh: '按结果筛选', en: 'Filter by result' },
  all: { zh: '全部', en: 'All' },
  shownOf: { zh: (n: number, all: number) => `显示${n}/${all}条`, en: (n: number, all: number) => `${n} of ${all} shown` },
  noneMatch: { zh: '没有符合筛选的记录。', en: 'No entries match the filter.' },
  exportLog: { zh: '导出到 U 盘', en: 'Export to the stick' },
  exporting: { zh: '正在导出…', en: 'Exporting…' },
  exported: {
    zh: (name: string, n: number) => `已把${n}条记录导出到 U 盘：${name}`,
    en: (name: string, n: number) => `${n} ${n === 1 ? 'entry' : 'entries'} written to the stick as ${name}`,
  },
  what: { zh: '内容', en: 'What happened' },

  // Health
  healthTitle: { zh: '导诊机状态', en: 'Kiosk health' },
  freeSpace: { zh: '数据盘剩余空间', en: 'Free space' },
  unknown: { zh: '未知', en: 'Unknown' },
  uptime: { zh: '已运行', en: 'Up for' },
  since: { zh: (t: string) => `自${t}起`, en: (t: string) => `since ${t}` },
  contentAge: { zh: '内容制作于', en: 'Content made' },
  ago: { zh: (d: string) => `${d}前`, en: (d: string) => `${d} ago` },
  lastAutomatic: { zh: '上次自动安装或更新', en: 'Last automatic install or update' },
  noneRecorded: { zh: '没有记录', en: 'None recorded' },
  'auto-install': { zh: 'U 盘自动安装', en: 'Automatic install from the stick' },
  'fleet-update': { zh: '网络更新', en: 'Fleet update' },
  outcome_installed: { zh: '已安装', en: 'installed' },
  'outcome_no-change': { zh: '无变化', en: 'no change' },
  outcome_refused: { zh: '被拒绝', en: 'refused' },
  outcome_failed: { zh: '失败', en: 'failed' },
  printer: { zh: '打印机', en: 'Printer' },
  printerReady: { zh: (names: string) => `可用：${names}`, en: (names: string) => `Ready: ${names}` },
  printerNone: { zh: '没有可用的打印机', en: 'No printer ready' },
  printerUnknown: { zh: '无法查询（未安装打印服务）', en: 'Cannot tell (no print service answers)' },
  recoveries: { zh: '屏幕自动恢复', en: 'Screen recoveries' },
  recoveriesOf: {
    zh: (n: number, logged: number) => `本次启动后${n}次（记录中共${logged}次）`,
    en: (n: number, logged: number) => `${n} since start (${logged} in the log)`,
  },
  fleetWarning: { zh: '网络更新提示', en: 'Fleet update warning' },
} as const satisfies Record<string, Entry>;

const words = bilingual(table);

/** An IT screen word in one language. */
export const iw = words.t;
/** An IT screen sentence with parameters. */
export const iwf = words.tf;
/** Whether a word from the service (a verdict, a field, an outcome) has its words here. */
export const hasItWord = words.has;

export function verdictWord(v: PackVerdict, lang: Lang): string {
  const key = `verdict_${v}`;
  return hasItWord(key) ? iw(lang, key) : v;
}

export function fieldWord(f: DepartmentField, lang: Lang): string {
  const key = `field_${f}`;
  return hasItWord(key) ? iw(lang, key) : f;
}

/** A span of seconds in words: "3 天 4 小时" / "3 days 4 hours", "12 分钟" / "12 minutes". */
export function formatSpan(seconds: number, lang: Lang): string {
  const s = Math.max(0, Math.floor(seconds));
  const units: [number, string, string, string][] = [
    [86_400, '天', 'day', 'days'],
    [3600, '小时', 'hour', 'hours'],
    [60, '分钟', 'minute', 'minutes'],
  ];
  const parts: string[] = [];
  let rest = s;
  for (const [size, zh, one, many] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n && parts.length < 2) parts.push(lang === 'zh' ? `${n}${zh}` : `${n} ${n === 1 ? one : many}`);
    else if (parts.length) break;
  }
  if (!parts.length) return lang === 'zh' ? `${s}秒` : `${s} ${s === 1 ? 'second' : 'seconds'}`;
  return parts.join(lang === 'zh' ? '' : ' ');
}
