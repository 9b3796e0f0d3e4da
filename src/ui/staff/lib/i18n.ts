/**
 * Every UI string of the staff screens (PIN pad, IT screen, volunteer mode), in Simplified
 * Chinese and English: one typed table with the same { zh, en } shape and the same helpers (kit/i18n.ts) as lib/i18n.ts, kept apart so
 * the visitor screens' table stays theirs. Sentences the kiosk service sends (ApiError messages,
 * pack refusals, audit reasons) are English and shown as they come, marked lang="en".
 */
import { bilingual, type Entry, type TextKeys } from '../../kit/i18n';

const table = {
  // Modes and leaving
  itMode: { zh: 'IT 维护', en: 'IT maintenance' },
  volunteerMode: { zh: '志愿者模式', en: 'Volunteer mode' },
  volunteer: { zh: '志愿者', en: 'Volunteer' },
  exit: { zh: '退出', en: 'Exit' },
  exitHint: { zh: '退出后返回访客欢迎页', en: 'Exit returns the kiosk to the visitor welcome screen' },
  cancel: { zh: '取消', en: 'Cancel' },
  close: { zh: '关闭', en: 'Close' },
  sessionEnded: { zh: '工作会话已结束', en: 'The staff session has ended' },
  unlockAgain: { zh: '重新输入', en: 'Enter it again' },

  // PIN pad
  pinTitleIt: { zh: 'IT 维护：请输入 PIN', en: 'IT maintenance: enter the PIN' },
  pinTitleVolunteer: { zh: '志愿者模式：请输入志愿者码', en: 'Volunteer mode: enter the volunteer code' },
  pinLeadIt: { zh: '仅供医院信息科人员使用。', en: "For the hospital's IT staff only." },
  pinLeadVolunteer: {
    zh: '输入志愿者码，查看完整科室目录并为患者打印指引。',
    en: 'Enter the volunteer code to see the full directory and print slips for patients.',
  },
  pinLeadLan: {
    zh: '这台设备通过医院网络连接导诊机。请输入志愿者码。',
    en: 'This device reaches the kiosk over the hospital network. Enter the volunteer code.',
  },
  pinName: { zh: 'PIN', en: 'PIN' },
  codeName: { zh: '志愿者码', en: 'volunteer code' },
  digitsEntered: {
    zh: (n: number) => (n ? `已输入${n}位` : '尚未输入'),
    en: (n: number) => (n ? `${n} ${n === 1 ? 'digit' : 'digits'} entered` : 'Nothing entered yet'),
  },
  clear: { zh: '清除', en: 'Clear' },
  backspace: { zh: '删除一位', en: 'Delete last digit' },
  unlock: { zh: '确认', en: 'Unlock' },
  checking: { zh: '正在核对…', en: 'Checking…' },
  wrongPin: {
    zh: (what: 'it' | 'volunteer', left: number) => `${what === 'it' ? 'PIN' : '志愿者码'}不正确。还可以再试${left}次，之后将暂时锁定。`,
    en: (what: 'it' | 'volunteer', left: number) =>
      `That ${what === 'it' ? 'PIN' : 'volunteer code'} is not right. ${left} ${left === 1 ? 'try' : 'tries'} left before the pad locks for a while.`,
  },
  lockedFor: {
    zh: (s: number) => `输入错误次数过多。请在${s}秒后再试。`,
    en: (s: number) => `Too many wrong tries. Try again in ${s} ${s === 1 ? 'second' : 'seconds'}.`,
  },
  lockedToday: { zh: '今天输入错误的次数过多，明天才能再试。', en: 'Too many wrong tries today; the pad opens again tomorrow.' },
  cannotRecord: {
    zh: '这台导诊机无法记录输入错误（数据文件夹无法写入），所以暂停输入，请信息科修复后重启导诊机。',
    en: 'This kiosk cannot record wrong tries (its data folder cannot be written), so the pad stays locked until the IT staff fix it and restart the kiosk.',
  },
  lockedOver: { zh: '现在可以再试一次。', en: 'You can try again now.' },
  noPin: {
    zh: (what: 'it' | 'volunteer') => `这台导诊机尚未设置${what === 'it' ? ' IT PIN' : '志愿者码'}，请联系信息科。`,
    en: (what: 'it' | 'volunteer') => `No ${what === 'it' ? 'IT PIN' : 'volunteer code'} has been set on this kiosk; please ask the IT staff.`,
  },

  // IT screen: status
  currentContent: { zh: '当前内容', en: 'Current content' },
  version: { zh: '版本', en: 'Version' },
  versionN: { zh: (v: number) => `版本${v}`, en: (v: number) => `Version ${v}` },
  packId: { zh: '内容包标识', en: 'Pack id' },
  builtIn: { zh: '内置内容', en: 'Built-in content' },
  fromPack: { zh: '来自内容包', en: 'From a content pack' },
  signers: { zh: '签名者', en: 'Signed by' },
  noSigners: { zh: '无（内置内容）', en: 'None (built-in content)' },
  installedAt: { zh: '安装时间', en: 'Installed' },
  created: { zh: '制作时间', en: 'Created' },
  expires: { zh: '有效期至', en: 'Expires' },
  never: { zh: '长期有效', en: 'Never' },
  expired: { zh: '内容已过期，请尽快加载新的内容包。', en: 'This content has expired. Load a newer content pack soon.' },
  expiresSoon: { zh: (d: number) => `内容将在${d}天后过期。`, en: (d: number) => `This content expires in ${d} ${d === 1 ? 'day' : 'days'}.` },
  highestAccepted: { zh: '已接受的最高版本', en: 'Highest version accepted' },
  trustedKeys: { zh: '受信任的密钥', en: 'Trusted keys' },
  keysOf: { zh: (n: number, k: number) => `${n}个，需${k}个签名`, en: (n: number, k: number) => `${n}, ${k} ${k === 1 ? 'signature' : 'signatures'} needed` },
  interrupted: { zh: '上次安装被中断；下一次操作会自动完成或撤销它。', en: 'An install was interrupted; the next pack operation finishes or discards it.' },

  // IT screen: rollback
  rollback: { zh: '回滚', en: 'Roll back' },
  rollbackTitle: { zh: '回滚到上一版内容', en: 'Roll back to the previous content' },
  rollbackTo: { zh: (what: string) => `将回到：${what}`, en: (what: string) => `Goes back to: ${what}` },
  nothingKept: { zh: '没有保留的旧内容，无法回滚。', en: 'No earlier content is kept, so there is nothing to roll back to.' },
  rollbackConfirm: { zh: '确定要回滚吗？', en: 'Roll back the kiosk content?' },
  rollbackWarn: {
    zh: '当前内容将被丢弃。回滚后，只有版本号更高的内容包才能再次安装。',
    en: 'The current content is discarded. After a rollback only a pack with a higher version can be installed.',
  },
  rolledBack: { zh: (what: string) => `已回滚。现在显示：${what}`, en: (what: string) => `Rolled back. The kiosk now shows ${what}` },

  // IT screen: the anti-rollback record
  recordTitle: { zh: '防回滚记录', en: 'Anti-rollback record' },
  recordLead: {
    zh: '如果有问题的内容包使新的内容包都无法安装，可以把记录改回当前内容。',
    en: 'If a faulty pack keeps every new pack from installing, set the record back to the content now live.',
  },
  resetRecord: { zh: '重置记录', en: 'Reset the record' },
  resetRecordConfirm: { zh: '确定要重置防回滚记录吗？', en: 'Reset the anti-rollback record?' },
  resetRecordTo: {
    zh: (v: number) => `已接受的最高版本将改为 ${v}，即当前内容的版本。`,
    en: (v: number) => `The highest version accepted becomes ${v}, the version of the content now live.`,
  },
  resetRecordWarn: {
    zh: '之后，版本号高于当前内容的内容包都可以安装，包括已回滚的版本。仅在有问题的内容包阻止所有更新时使用；此操作会写入操作记录。',
    en: 'Afterwards any pack above the live version can be installed, even one that was rolled back. Use it only when a faulty pack blocks every update; it is written to the audit log.',
  },
  recordReset: {
    zh: (v: number) => `防回滚记录已改为当前内容（版本 ${v}）。`,
    en: (v: number) => `The anti-rollback record now matches the live content (version ${v}).`,
  },
  recordUnchanged: {
    zh: (v: number) => `防回滚记录本来就与当前内容一致（版本 ${v}），没有改动。`,
    en: (v: number) => `The anti-rollback record already matched the live content (version ${v}); nothing changed.`,
  },
  working: { zh: '正在处理…', en: 'Working…' },

  // IT screen: packs
  loadPack: { zh: '加载内容包', en: 'Load content pack' },
  loadPackLead: {
    zh: '插入 U 盘，然后选择一个内容包。安装前会先显示核验报告。',
    en: 'Insert the USB stick, then pick a pack. You will see its verification report before anything is installed.',
  },
  refresh: { zh: '刷新', en: 'Refresh' },
  noPacks: { zh: '没有找到内容包。请插入 U 盘后点“刷新”。', en: 'No content packs found. Insert the USB stick, then tap Refresh.' },
  packsFound: { zh: '找到的内容包', en: 'Packs found' },
  modified: { zh: '修改时间', en: 'Modified' },
  size: { zh: '大小', en: 'Size' },
  inspecting: { zh: '正在核验内容包…', en: 'Checking the pack…' },
  chooseAnother: { zh: '选择其他内容包', en: 'Choose another pack' },

  // IT screen: report
  report: { zh: '核验报告', en: 'Verification report' },
  valid: { zh: '签名有效，可以安装', en: 'Valid: signed by trusted keys' },
  refused: { zh: '此内容包不能安装', en: 'This pack cannot be installed' },
  checkName: { zh: '未通过的检查', en: 'Check that failed' },
  whatItIs: { zh: '内容包信息', en: 'What it is' },
  site: { zh: '适用站点', en: 'Site' },
  anySite: { zh: '任意站点', en: 'Any site' },
  files: { zh: '文件', en: 'Files' },
  filesOf: { zh: (n: number, size: string) => `${n}个，共${size}`, en: (n: number, size: string) => `${n} ${n === 1 ? 'file' : 'files'}, ${size}` },
  departmentsN: { zh: (n: number) => `${n}个科室：`, en: (n: number) => `${n} ${n === 1 ? 'department' : 'departments'}: ` },
  departments: { zh: '科室', en: 'Departments' },
  newKeys: { zh: '新的受信任密钥', en: 'New trusted keys' },
  newKeysOf: {
    zh: (ids: string, k: number) => `${ids}（需${k}个签名）`,
    en: (ids: string, k: number) => `${ids} (${k} ${k === 1 ? 'signature' : 'signatures'} needed)`,
  },
  whatChanges: { zh: '将会改变的内容', en: 'What will change' },
  added: { zh: '新增科室', en: 'Departments added' },
  changed: { zh: '有改动的科室', en: 'Departments changed' },
  removed: { zh: '删除的科室', en: 'Departments removed' },
  unchangedN: { zh: (n: number) => `${n}个科室没有变化`, en: (n: number) => `${n} ${n === 1 ? 'department is' : 'departments are'} unchanged` },
  hospitalChanged: { zh: '医院信息（名称、欢迎语、急诊提示等）有改动', en: 'The hospital details (name, welcome, emergency sentence) change' },
  noChanges: { zh: '科室内容没有变化。', en: 'No department changes.' },
  alreadyInstalled: { zh: '这个内容包已经安装，无需再次安装。', en: 'This pack is already installed; installing it again changes nothing.' },
  replaces: { zh: (what: string) => `将替换：${what}`, en: (what: string) => `Replaces: ${what}` },
  install: { zh: '安装', en: 'Install' },
  installConfirm: { zh: '确定安装这个内容包吗？', en: 'Install this content pack?' },
  installWarn: {
    zh: '安装期间导诊机照常工作；完成后访客界面会显示新内容。旧内容会保留，可以回滚。',
    en: 'The kiosk keeps working while it installs; visitors see the new content when you exit. The old content is kept for rollback.',
  },

  // IT screen: install progress and result
  installing: { zh: '正在安装', en: 'Installing' },
  stage_prepare: { zh: '准备', en: 'Preparing' },
  stage_open: { zh: '读取内容包', en: 'Reading the pack' },
  stage_signature: { zh: '核对签名', en: 'Checking signatures' },
  stage_files: { zh: '核对文件', en: 'Checking files' },
  stage_content: { zh: '核对内容', en: 'Checking content' },
  stage_build: { zh: '生成新数据库', en: 'Building the new database' },
  stage_switch: { zh: '切换到新内容', en: 'Switching to the new content' },
  stage_done: { zh: '完成', en: 'Done' },
  installed: { zh: '安装完成', en: 'Installed' },
  installedNow: { zh: (what: string) => `导诊机现在显示：${what}`, en: (what: string) => `The kiosk now shows ${what}` },
  installedVisitors: { zh: '退出 IT 维护后，访客界面即显示新内容。', en: 'Visitors see the new content as soon as you exit.' },
  installFailed: { zh: '未安装，内容没有任何改变', en: 'Not installed: nothing was changed' },
  nothingChanged: { zh: '导诊机仍显示原来的内容。', en: 'The kiosk still shows the content it had before.' },
  done: { zh: '完成', en: 'Done' },

  // IT screen: audit log
  auditLog: { zh: '操作记录', en: 'Audit log' },
  auditLead: { zh: '最新的在最前面。', en: 'Newest first.' },
  auditEmpty: { zh: '还没有记录。', en: 'Nothing recorded yet.' },
  time: { zh: '时间', en: 'Time' },
  action: { zh: '操作', en: 'Action' },
  result: { zh: '结果', en: 'Result' },
  pack: { zh: '内容包', en: 'Pack' },
  reason: { zh: '说明', en: 'Details' },
  action_install: { zh: '安装', en: 'Install' },
  action_rollback: { zh: '回滚', en: 'Rollback' },
  'action_reset-rollback-record': { zh: '重置防回滚记录', en: 'Reset rollback record' },
  action_trust: { zh: '信任密钥', en: 'Trust keys' },
  'action_set-pin': { zh: '设置 PIN', en: 'Set PIN' },
  action_recover: { zh: '恢复', en: 'Recover' },
  action_unlock: { zh: '解锁', en: 'Unlock' },
  action_lan: { zh: '网络设备', en: 'Network device' },
  'action_result-file': { zh: '结果文件', en: 'Result file' },
  action_update: { zh: '网络更新', en: 'Fleet update' },
  result_accepted: { zh: '成功', en: 'Accepted' },
  result_refused: { zh: '拒绝', en: 'Refused' },
  'result_no-change': { zh: '无变化', en: 'No change' },
  result_failed: { zh: '失败', en: 'Failed' },
  result_interrupted: { zh: '中断', en: 'Interrupted' },

  // Volunteer mode
  directoryTab: { zh: '科室与服务', en: 'Departments and services' },
  infoTab: { zh: '就诊须知', en: 'Visitor info' },
  directoryShort: { zh: '科室目录', en: 'Directory' },
  filter: { zh: '筛选', en: 'Filter' },
  filterPlaceholder: { zh: '输入科室、服务、医生名称或拼音', en: 'Department, service, doctor or pinyin' },
  clearFilter: { zh: '清除筛选', en: 'Clear the filter' },
  sortBy: { zh: '排序', en: 'Sort' },
  sortName: { zh: '按名称', en: 'By name' },
  sortLocation: { zh: '按位置', en: 'By location' },
  rowsShown: { zh: (n: number, all: number) => `显示${n}/${all}项`, en: (n: number, all: number) => `${n} of ${all} shown` },
  noRows: { zh: '没有符合的科室、服务或医生。', en: 'No department, service or doctor matches.' },
  kindDepartment: { zh: '科室', en: 'Department' },
  inDepartment: { zh: (d: string) => `属于${d}`, en: (d: string) => `in ${d}` },
  matched: { zh: (s: string) => `匹配：${s}`, en: (s: string) => `Matched: ${s}` },
  name: { zh: '名称', en: 'Name' },
  showPatient: { zh: '给患者看', en: 'Show patient' },
  showPatientFor: { zh: (n: string) => `给患者看：${n}`, en: (n: string) => `Show the patient: ${n}` },
  servicesOf: { zh: (d: string) => `${d}的服务`, en: (d: string) => `Services of ${d}` },
  doctorsOf: { zh: (d: string) => `${d}的医生`, en: (d: string) => `Doctors of ${d}` },
  noClinicToday: { zh: '今日无出诊', en: 'No clinic today' },
  doctorsUnavailable: {
    zh: '医生名单暂时无法显示，科室与服务照常可查。',
    en: 'The doctors cannot be shown just now; departments and services are listed as usual.',
  },
  buildingNotConfirmed: { zh: '所在楼待确认', en: 'Building not confirmed' },
  floorNotConfirmed: { zh: '楼层待确认', en: 'Floor not confirmed' },

  // Show the patient
  whereIs: { zh: '位置', en: 'Where it is' },
  howToGet: { zh: '怎么走', en: 'How to get there' },
  scanQr: { zh: '扫码带走路线', en: 'Scan to take the directions' },
  qrAlt: { zh: '路线二维码', en: 'QR code with the directions' },
  sampleMap: { zh: '示意路线', en: 'Sample route' },
  noDirections: { zh: '暂时无法显示路线', en: 'Directions cannot be shown' },
  print: { zh: '打印', en: 'Print' },
  printSlip: { zh: '打印指引单', en: 'Print a slip' },
  printChoose: { zh: '选择纸张', en: 'Choose the paper' },
  paperReceipt: { zh: '80毫米小票', en: '80 mm receipt' },
  paperReceiptHint: { zh: '小票打印机', en: 'Receipt printer' },
  paperA5: { zh: 'A5纸', en: 'A5 sheet' },
  paperA5Hint: { zh: '普通打印机', en: 'Office printer' },
  printedAt: { zh: (t: string) => `打印于${t}`, en: (t: string) => `Printed ${t}` },
  cardLanguage: { zh: '给患者的语言', en: "The patient's language" },
  routeMap: { zh: '路线图', en: 'Route map' },

  // Visitor information
  infoTitle: { zh: '就诊须知', en: 'Visitor information' },
  infoLead: { zh: '常见问题的答案，可以读给患者听。', en: 'Answers to common questions, to read out to patients.' },
  infoNone: { zh: '当前内容没有就诊须知。', en: 'The current content has no visitor information.' },
} as const satisfies Record<string, Entry>;

const texts = bilingual(table);
export type StaffTextKey = TextKeys<typeof table>;

/** A staff UI string in one language. */
export const st = texts.t;

/** A staff UI sentence with parameters, in one language. */
export const stf = texts.tf;

/** Whether the table has a string for this key (stage names and audit words come from the service). */
export const hasStaffText = texts.has;
