/**
 * Every UI string of the kiosk, in Simplified Chinese and English: one typed table, one entry
 * per key with both languages. Components take their words from here or from the content
 * (which is bilingual itself), never from literals of their own.
 *
 * An entry is either two strings or two functions with the same parameters (for sentences
 * with a number or a year in them).
 */
import { bilingual, type Entry, type FnKeys, type TextKeys } from '../kit/i18n.js';

const table = {
  appTitle: { zh: '医院导诊', en: 'Hospital Guide' },

  // Welcome
  touchToStart: { zh: '请触摸屏幕开始', en: 'Touch to start' },

  // Shell: bottom bar, landmarks, emergency
  controls: { zh: '页面控制', en: 'Kiosk controls' },
  pageNavigation: { zh: '页面导航', en: 'Page navigation' },
  back: { zh: '返回', en: 'Back' },
  home: { zh: '首页', en: 'Home' },
  language: { zh: '语言', en: 'Language' },
  largeText: { zh: '大字', en: 'Large text' },
  // The bar's way into volunteer mode, in both languages at once (the staff screens' words are theirs: staff/lib/i18n.ts, loaded with them)
  volunteerButton: { zh: '志愿者', en: 'Volunteer' },
  emergency: { zh: '急诊提示', en: 'Emergency' },

  // Home
  homeTitle: { zh: '您好，请问您要找哪个科室？', en: 'Hello. Which department are you looking for?' },
  directory: { zh: '科室目录', en: 'Department directory' },
  directoryHint: { zh: '查看所有科室的位置、工作时间和电话', en: 'Where every department is, with opening hours and phone numbers' },
  departments: { zh: '科室', en: 'Departments' },
  departmentCount: { zh: (n: number) => `共${n}个科室`, en: (n: number) => (n === 1 ? '1 department' : `${n} departments`) },
  moreDetails: { zh: '查看详情', en: 'More details' },

  // Directory
  directoryLead: { zh: '点按任一科室，查看详细介绍。', en: 'Tap a department to see everything about it.' },
  location: { zh: '位置', en: 'Location' },

  // Placeholders
  tbc: { zh: '待确认', en: 'To be confirmed' },

  // Department page
  where: { zh: '位置与联系方式', en: 'Where to find us' },
  building: { zh: '所在楼', en: 'Building' },
  floor: { zh: '楼层', en: 'Floor' },
  floorValue: { zh: (f: string) => `${f}楼`, en: (f: string) => `Floor ${f}` },
  room: { zh: '房间', en: 'Room' },
  hours: { zh: '工作时间', en: 'Opening hours' },
  phone: { zh: '电话', en: 'Phone' },
  established: { zh: (year: number) => `${year}年成立`, en: (year: number) => `Established ${year}` },
  onThisPage: { zh: '本页内容', en: 'On this page' },
  keyFigures: { zh: '主要数据', en: 'Key figures' },
  about: { zh: '科室介绍', en: 'About the department' },
  services: { zh: '诊疗服务与检查', en: 'Services and examinations' },
  subspecialties: { zh: '亚专业', en: 'Subspecialties' },
  equipment: { zh: '主要设备', en: 'Equipment' },
  quantity: { zh: '数量', en: 'Quantity' },
  honours: { zh: '荣誉与首创', en: 'Honours and firsts' },
  honourKindFirst: { zh: '首创', en: 'First' },
  honourKindHonour: { zh: '荣誉', en: 'Honour' },
  honourKindDesignation: { zh: '资质', en: 'Designation' },
  todaysClinics: { zh: '今日出诊', en: "Today's clinics" },
  noClinicsToday: { zh: '今天本科室没有医生出诊。', en: 'No doctor of this department holds a clinic today.' },
  clinicMorning: { zh: '上午', en: 'Morning' },
  clinicAfternoon: { zh: '下午', en: 'Afternoon' },
  clinicEvening: { zh: '晚上', en: 'Evening' },
  clinicGeneral: { zh: '普通门诊', en: 'General clinic' },
  clinicExpert: { zh: '专家门诊', en: 'Expert clinic' },
  clinicSpecialty: { zh: '专病门诊', en: 'Specialty clinic' },
  clinicVip: { zh: '特需门诊', en: 'Special-needs clinic' },
  clinicExtra: { zh: '今日加诊', en: 'Added today' },
  clinicCancelled: { zh: '今日停诊', en: 'Cancelled today' },
  clinicRoom: { zh: '诊室', en: 'Room' },
  staff: { zh: '人员构成', en: 'Staff' },
  staffTotal: { zh: '总人数', en: 'People in total' },
  staffByRank: { zh: '按职称', en: 'By rank' },
  staffByDegree: { zh: '按学历', en: 'By degree' },
  research: { zh: '科研', en: 'Research' },
  researchPeriod: { zh: (period: string) => `统计范围：${period}`, en: (period: string) => `Figures ${period}` },
  partners: { zh: '合作单位', en: 'Partners' },
  teaching: { zh: '教学与培训', en: 'Teaching and training' },

  // Loading and errors
  loading: { zh: '正在加载…', en: 'Loading…' },
  errorTitle: { zh: '暂时无法显示这些信息', en: 'This information cannot be shown right now' },
  errorHelp: { zh: '请稍后重试，或向工作人员求助。', en: 'Please try again, or ask a member of staff for help.' },
  retry: { zh: '重试', en: 'Try again' },

  // Visitor: display modes in the control bar
  highContrast: { zh: '高对比度', en: 'High contrast' },
  lowReach: { zh: '低位操作', en: 'Low reach' },
  lowReachNote: { zh: '低位操作：按钮和内容已移到屏幕下方', en: 'Low-reach layout: buttons and content are lower on the screen' },

  // Visitor: search
  search: { zh: '搜索', en: 'Search' },
  searchTitle: { zh: '搜索科室、检查或症状', en: 'Search departments, examinations or symptoms' },
  searchHomeHint: { zh: '可输入汉字、拼音或英文，例如：超声、xgwk', en: 'Type a name, an examination or pinyin, e.g. ultrasound, xgwk' },
  searchLabel: { zh: '搜索内容', en: 'Search for' },
  searchPlaceholder: { zh: '输入科室、检查或症状', en: 'Department, examination or symptom' },
  searchClear: { zh: '清除', en: 'Clear' },
  searchHint: {
    zh: '可以输入汉字、拼音（xueguan）或拼音首字母（xgwk），也可以输入英文。',
    en: 'You can type English, Chinese, pinyin (xueguan) or pinyin initials (xgwk).',
  },
  searchTry: { zh: '试试这些', en: 'Try one of these' },
  searchSearching: { zh: '正在搜索…', en: 'Searching…' },
  searchResultCount: { zh: (n: number) => `找到${n}条结果`, en: (n: number) => (n === 1 ? '1 result' : `${n} results`) },
  searchIn: { zh: (dept: string) => `所属科室：${dept}`, en: (dept: string) => `In ${dept}` },
  searchMatched: { zh: '匹配：', en: 'Matches: ' },
  searchKindSubspecialty: { zh: '亚专业', en: 'Subspecialty' },
  doctors: { zh: '医生', en: 'Doctors' },
  noResultsTitle: { zh: (q: string) => `没有找到“${q}”`, en: (q: string) => `Nothing found for “${q}”` },
  noResultsHelp: { zh: '请检查拼写，换个说法，或试试下面的方法。', en: 'Check the spelling, try other words, or try one of these.' },
  noResultsStaff: { zh: '也可以向服务台或志愿者求助。', en: 'You can also ask at the information desk or a volunteer.' },
  keyboard: { zh: '屏幕键盘', en: 'On-screen keyboard' },
  keySpace: { zh: '空格', en: 'Space' },
  keyBackspace: { zh: '删除', en: 'Delete' },
  keyboardHide: { zh: '收起键盘', en: 'Hide keyboard' },
  keyboardShow: { zh: '显示键盘', en: 'Show keyboard' },
  candidates: { zh: '候选汉字', en: 'Chinese words' },
  candidatesHint: { zh: '输入拼音，在这里点选汉字', en: 'Type pinyin, then pick the Chinese word here' },
  handwriting: { zh: '手写', en: 'Handwriting' },
  handwritingPad: { zh: '手写板', en: 'Handwriting pad' },
  handwritingArea: { zh: '书写区：用手指写一个汉字', en: 'Writing area: write one Chinese character with your finger' },
  handwritingCandidates: { zh: '认出的字', en: 'Recognised characters' },
  handwritingHint: { zh: '在下面的方框里写一个字，再点选认出的字', en: 'Write one character in the box below, then touch it here' },
  handwritingNone: { zh: '没有认出，请写大一些、工整一些', en: 'Not recognised: write it larger and more clearly' },
  handwritingFailed: { zh: '暂时无法识别手写，请再写一次或用键盘', en: 'Handwriting cannot be read just now: write again or use the keys' },
  handwritingFull: { zh: '笔画太多，请清除后重写', en: 'Too many strokes: clear the box and write again' },
  handwritingUndo: { zh: '撤销一笔', en: 'Undo stroke' },
  handwritingClear: { zh: '清除笔迹', en: 'Clear writing' },
  handwritingKeys: { zh: '用键盘', en: 'Use keys' },
  searchCorrected: { zh: (q: string) => `没有完全相同的结果，以下是“${q}”的结果`, en: (q: string) => `Nothing matched exactly; showing results for “${q}”` },
  placesTitle: { zh: '地点与设施', en: 'Places and facilities' },

  // Visitor: the emergency answer, places and facilities, visitor information
  emergencyTitle: { zh: '急诊', en: 'Emergency' },
  emergencyRoute: { zh: '去急诊科的路线', en: 'The way to the Emergency Department' },
  emergencyShowWay: { zh: '在平面图上看路线', en: 'See the way on the plan' },
  emergencyOutside: { zh: '在院外请拨打急救电话', en: 'Outside the hospital, call' },
  homePlaces: { zh: '常用地点', en: 'Places in the hospital' },
  placeNearest: { zh: (n: number) => `共${n}处，路线通往最近的一处`, en: (n: number) => `In ${n} places: the route leads to the nearest` },
  placeAlso: { zh: '也叫', en: 'Also called' },
  placeNotOnMap: { zh: '这里还不在地图上，请到服务台咨询。', en: 'This is not on the map yet; please ask at the information desk.' },
  showWayTo: { zh: (name: string) => `${name}怎么走`, en: (name: string) => `Show the way: ${name}` },
  visitorInfo: { zh: '就诊须知', en: 'Visitor information' },
  visitorInfoLead: { zh: '工作时间、挂号与缴费、药房、停车和探视须知。', en: 'Hours, registration and payment, the pharmacy, parking and visiting.' },
  infoNotYet: { zh: '暂无信息，请到服务台咨询。', en: 'Not available yet — please ask at the information desk.' },
  infoNone: { zh: '这里暂时没有就诊须知，请到服务台咨询。', en: 'There is no visitor information here yet; please ask at the information desk.' },

  // Visitor: symptom guide
  symptomsTitle: { zh: '不知道去哪个科？', en: 'Not sure where to go?' },
  symptomsHomeHint: { zh: '按身体部位和常见症状，找到合适的科室', en: 'Choose where it bothers you to find a department that can help' },
  symptomsEmergency: { zh: '急症请勿等待', en: 'In an emergency, do not wait' },
  symptomsArea: { zh: '哪里不舒服？', en: 'Where is the problem?' },
  symptomsComplaints: { zh: (area: string) => `${area}：常见情况`, en: (area: string) => `${area}: common problems` },
  symptomsPickArea: { zh: '请先在上方选择一个身体部位。', en: 'Choose a part of the body above first.' },
  symptomsPickAreaSide: { zh: '请先在左侧选择一个身体部位。', en: 'Choose a part of the body on the left first.' },
  symptomsGoTo: { zh: '建议前往', en: 'Suggested department' },
  symptomsNone: { zh: '这里暂时没有症状指南，请向服务台咨询。', en: 'There is no symptom guide here yet; please ask at the information desk.' },

  // Visitor: directions on the department page
  directions: { zh: '怎么走', en: 'How to get there' },
  stepFree: { zh: '无障碍路线', en: 'Step-free route' },
  stepFreeOn: { zh: '这条路线避开楼梯和扶梯。', en: 'This route avoids stairs and escalators.' },
  youAreHere: { zh: '您在这里', en: 'You are here' },
  floorPlanAlt: { zh: (floor: string) => `${floor}平面图，标有路线`, en: (floor: string) => `Plan of ${floor} with the route marked` },
  routeStart: { zh: '起点', en: 'Start' },
  routeEnd: { zh: '目的地', en: 'Destination' },
  routeFloors: { zh: '路线经过的楼层', en: 'Floors on the route' },
  routeSteps: { zh: '路线步骤', en: 'Step by step' },
  routeDistance: { zh: (m: number) => `全程约${m}米`, en: (m: number) => `About ${m} m in all` },
  samplePlan: { zh: '示意图', en: 'Sample plan' },
  qrCaption: { zh: '手机扫码查看路线', en: 'Scan for directions on your phone' },
  qrAlt: { zh: '路线二维码', en: 'QR code with the directions' },
  directionsUnavailable: { zh: '暂时无法显示路线', en: 'Directions cannot be shown' },
  routeChoice: { zh: '怎么上下楼', en: 'Between floors' },
  stairsRoute: { zh: '走楼梯', en: 'Stairs' },
  stairsOn: { zh: '这条路线要走楼梯。', en: 'This route takes the stairs.' },
  samplePlanMark: { zh: '示意图，并非实际布局', en: 'Sample plan, not the real layout' },
  climbStepFree: { zh: '无台阶', en: 'step-free' },
  climbStairs: { zh: '走楼梯', en: 'by the stairs' },
  climbEscalator: { zh: '乘扶梯', en: 'by the escalator' },
  climbSteps: { zh: '有台阶', en: 'with steps' },

  // Department page: where and when, first
  whereWhen: { zh: '位置与时间', en: 'Where and when' },
  takeMeThere: { zh: '带我去', en: 'Take me there' },
  routeLabel: { zh: '路线', en: 'Route' },
  fromSamplePlan: { zh: '按示意图', en: 'from the sample plan' },
  onFloor: { zh: (floor: string) => `就在${floor}`, en: (floor: string) => `on ${floor}` },
  notYetKnown: {
    zh: (facts: string[], desk?: { floors: string; sample: boolean }) =>
      `${facts.join('、')}暂无信息，请到服务台咨询${desk ? `（服务台在${desk.floors}${desk.sample ? '，按示意图' : ''}）` : ''}。`,
    en: (facts: string[], desk?: { floors: string; sample: boolean }) =>
      `${facts.length > 1 ? `${facts.slice(0, -1).join(', ')} and ${facts.at(-1)}` : (facts[0] ?? '')}: not available yet — please ask at the information desk${desk ? ` (on ${desk.floors}${desk.sample ? ', from the sample plan' : ''})` : ''}.`,
  },
  deskWay: { zh: '去服务台', en: 'To the information desk' },
  moreAbout: { zh: '更多科室信息', en: 'More about the department' },
  moreAboutHint: { zh: (parts: string[]) => parts.join('、'), en: (parts: string[]) => parts.join(', ') },

  // Visitor: read aloud
  readAloud: { zh: '朗读', en: 'Read aloud' },
  stopReading: { zh: '停止朗读', en: 'Stop reading' },
  readLocation: { zh: '位置', en: 'Location' },

  // Visitor: idle warning
  idleTitle: { zh: '您还在使用吗？', en: 'Are you still there?' },
  idleBody: {
    zh: (s: number) => `${s}秒后将清除您的查询并回到欢迎页面。`,
    en: (s: number) => `In ${s} seconds your search will be cleared and the kiosk will start again.`,
  },
  idleSecondsUnit: { zh: '秒', en: 'seconds' },
  idleContinue: { zh: '继续使用', en: 'Continue' },
  idleFinish: { zh: '结束使用', en: 'Finish now' },
} as const satisfies Record<string, Entry>;

const texts = bilingual(table);
export type TextKey = TextKeys<typeof table>;
export type FnKey = FnKeys<typeof table>;

/** A UI string in one language. */
export const t = texts.t;

/** A UI sentence with parameters, in one language. */
export const tf = texts.tf;
