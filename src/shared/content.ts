/**
 * The content model as types: what every piece of content is once it has passed validation
 * (src/core/content/schema.ts holds the zod schemas, checked at compile time to produce exactly
 * these types). Shared by the server and the renderer; no imports.
 *
 * Every visitor-facing text is bilingual (Simplified Chinese and English). Facts a kiosk needs
 * but the source material lacks (floor, room, hours, phone) are written as a Placeholder, which
 * the UI shows as "to be confirmed" rather than as an invented value.
 */

export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** A text in both languages. */
export interface LText {
  zh: string;
  en: string;
}

/** A fact the source material does not give: shown as "to be confirmed", replaced by a pack. */
export interface Placeholder {
  placeholder: true;
  note?: LText | undefined;
}

export function isPlaceholder(v: unknown): v is Placeholder {
  return typeof v === 'object' && v !== null && (v as { placeholder?: unknown }).placeholder === true;
}

/** How a number in the source is qualified: "more than 1,200", "nearly 190,000". */
export type Qualifier = 'exact' | 'over' | 'nearly' | 'about';

export interface Figure {
  /** Stable key, e.g. "beds", "annual-outpatients". */
  key: string;
  value: number;
  qualifier: Qualifier;
  label: LText;
  /** Unit shown after the number, e.g. 万元 / yuan. */
  unit?: LText | undefined;
}

/** A named thing in a list: a service, examination, subspecialty, equipment, partner. */
export interface Item {
  name: LText;
  detail?: LText | undefined;
  count?: number | undefined;
  /** Extra search terms: lay words, abbreviations, synonyms ("DVT", "静脉曲张"). */
  keywords: string[];
}

export interface Honour {
  year?: number | undefined;
  kind: 'first' | 'honour' | 'designation';
  text: LText;
}

export interface Partner {
  name: LText;
  country?: LText | undefined;
}

export interface StaffGroup {
  label: LText;
  value: number;
  qualifier: Qualifier;
}

export interface Staff {
  total?: { value: number; qualifier: Qualifier } | undefined;
  byRank: StaffGroup[];
  byDegree: StaffGroup[];
}

export interface Research {
  /** The period the figures cover, e.g. "in the past three years". */
  period: LText;
  figures: Figure[];
  notes: LText[];
}

export interface Location {
  building: Placeholder | LText;
  floor: Placeholder | string;
  room: Placeholder | LText;
  /** Where the kiosk's walking graph reaches this department (used by directions). */
  point?: string | undefined;
}

/**
 * A weekly opening period, local time: ISO weekdays (1 = Monday … 7 = Sunday), "HH:MM" to
 * "HH:MM" ("24:00" for midnight at the end of the day), from before to.
 */
export interface WeeklyPeriod {
  weekdays: number[];
  from: string;
  to: string;
}

/**
 * Opening hours, one line per group of days as visitors read it ("周一至周五 / Mon–Fri", "8:00–17:00").
 * A line may also carry its `weekly` periods and the dates it is closed ("YYYY-MM-DD", holidays):
 * only when every line does can the kiosk say "open now" or "closed now" (src/shared/hours.ts).
 */
export type OpeningHours = { days: LText; time: string; weekly?: WeeklyPeriod[] | undefined; closedOn?: string[] | undefined }[];

export interface Department {
  id: string;
  name: LText;
  category: LText;
  established?: { year: number; note?: LText | undefined } | undefined;
  /** One or two sentences for lists and cards. */
  summary: LText;
  /** Paragraphs for the department page. */
  description: LText[];
  figures: Figure[];
  staff?: Staff | undefined;
  services: Item[];
  subspecialties: Item[];
  equipment: Item[];
  honours: Honour[];
  research?: Research | undefined;
  partners: Partner[];
  teaching: LText[];
  location: Location;
  hours: Placeholder | OpeningHours;
  phone: Placeholder | string;
  website?: string | undefined;
  /** A photo of the department's entrance or reception, shipped in the content under images/. */
  photo?: { path: string; alt: LText } | undefined;
  keywords: { zh: string[]; en: string[] };
}

export interface Hospital {
  name: LText;
  shortName?: LText | undefined;
  city: LText;
  address: Placeholder | LText;
  phone: Placeholder | string;
  website?: string | undefined;
  /** Where emergencies go: always shown on the kiosk. */
  emergency: LText;
  welcome: LText;
}

// Wayfinding: floor plans and a walking graph. Points sit on a floor at plan coordinates (SVG user
// units, y down); edges are walkable connections with a length in metres.

export interface Floor {
  id: string;
  name: LText;
  /** Storey number for ordering; 1 is the ground floor, negative below ground. */
  level: number;
  /** The floor plan file in the content, e.g. maps/floor-1.svg. */
  plan: string;
  width: number;
  height: number;
  /**
   * Room and area names the kiosk places on the plan (at x, y in plan units): they stay upright
   * when the plan is turned, grow with large text and are kept clear of the route and its marks.
   * Names drawn into the SVG itself can do none of that.
   */
  labels: { text: LText; x: number; y: number }[];
}

export const POINT_KINDS = ['kiosk', 'entrance', 'junction', 'lift', 'stairs', 'escalator', 'department', 'service'] as const;
export type PointKind = (typeof POINT_KINDS)[number];

export interface MapPoint {
  id: string;
  floor: string;
  x: number;
  y: number;
  kind: PointKind;
  name?: LText | undefined;
  /**
   * For a kiosk: the way a visitor faces when standing at its screen, in degrees clockwise from
   * the top of the plan (0 = up the plan, 90 = to its right). The kiosk turns its plans so that
   * this way is up.
   */
  heading?: number | undefined;
}

export const EDGE_KINDS = ['walk', 'ramp', 'lift', 'stairs', 'escalator'] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];

export interface MapEdge {
  from: string;
  to: string;
  /** Walking length in metres (for lifts: an equivalent effort). */
  length: number;
  kind: EdgeKind;
  /** Usable in a wheelchair; stairs and escalators never are. */
  stepFree?: boolean | undefined;
  /**
   * The way the edge is walked, as plan points between its two ends (from "from" towards "to"),
   * so that a route is drawn along the corridors rather than straight across rooms.
   */
  via?: { x: number; y: number }[] | undefined;
}

export interface Wayfinding {
  /** True for a plan drawn to show how directions work, not the real building. */
  placeholder: boolean;
  note?: LText | undefined;
  floors: Floor[];
  points: MapPoint[];
  edges: MapEdge[];
  /** Where a kiosk stands unless its settings say otherwise. */
  defaultKioskPoint: string;
}

/** Is an edge usable without steps? Explicit flag first, else by kind. */
export function edgeStepFree(e: MapEdge): boolean {
  return e.stepFree ?? (e.kind === 'walk' || e.kind === 'ramp' || e.kind === 'lift');
}

// Symptom guide: body areas and common complaints lead to departments. Content, not code.

export interface SymptomComplaint {
  name: LText;
  /** Departments that can help (ids of departments in the content). */
  departments: string[];
  /** Places that can help, such as the Emergency Department (ids in places.json). */
  places: string[];
  /** Something useful to know (a scan needs a doctor's form); never a warning. */
  note?: LText | undefined;
  /**
   * Signs that make it an emergency ("if it came on suddenly…"): each is shown as an alert with
   * the way to the Emergency Department, never as a note.
   */
  redFlags: LText[];
}

export interface SymptomArea {
  id: string;
  name: LText;
  complaints: SymptomComplaint[];
}

export interface SymptomGuide {
  /** Shown above the guide: it is a pointer, not a diagnosis. */
  intro: LText;
  areas: SymptomArea[];
}

// Visitor information and FAQ: hours, parking, pharmacy, payment, visiting rules.

export interface VisitorTopic {
  id: string;
  title: LText;
  /** Paragraphs; a topic whose facts are not known yet is a placeholder. */
  body: Placeholder | LText[];
  /** The place the topic is about (an id in places.json): the visitor can be shown the way. */
  place?: string | undefined;
}

export interface VisitorInfo {
  topics: VisitorTopic[];
}

// Places and facilities: where visitors go that is not a department (the Emergency Department,
// registration, the pharmacy, toilets, lifts...), each on one or more points of the walking graph,
// and the words that mean an emergency. Content, not code: a pack names its own.

export const PLACE_KINDS = [
  'emergency',
  'registration',
  'pharmacy',
  'toilet',
  'lift',
  'entrance',
  'information',
  'reports',
  'cafeteria',
  'parking',
  'cash',
] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export interface Place {
  id: string;
  kind: PlaceKind;
  name: LText;
  /** Other names visitors use, in either language (厕所, 卫生间, WC, restroom); pinyin is derived. */
  synonyms: string[];
  /** Where it is on the walking graph; with several, directions lead to the nearest one. */
  points: string[];
  hours?: Placeholder | OpeningHours | undefined;
  /** One or two sentences for visitors (who may use it, what to bring). */
  note?: LText | undefined;
  /** Shown in the home screen's row of common places, in content order. */
  home: boolean;
}

export interface Places {
  /**
   * Words that mean an emergency, in either language and in lay words (胸痛, 呼吸困难, chest
   * pain, stroke); their pinyin is derived. Any search that touches one shows the way to the
   * Emergency Department first.
   */
  emergencyTerms: string[];
  places: Place[];
}

// Doctors and their clinic sessions (出诊信息): who sees patients in which department, and when.
// Weekly sessions repeat every week; exceptions change one date (a session cancelled, or an
// extra one). Content, not code: the built-in content has none.

/** ISO weekdays: 1 is Monday, 7 is Sunday. */
export const ISO_WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export type IsoWeekday = (typeof ISO_WEEKDAYS)[number];

/** The parts of a day a clinic runs in: 上午, 下午, 晚上. */
export const CLINIC_PERIODS = ['morning', 'afternoon', 'evening'] as const;
export type ClinicPeriod = (typeof CLINIC_PERIODS)[number];

/** Kinds of clinic: 普通门诊, 专家门诊, 专病门诊 (one condition), 特需门诊 (by appointment, own fee). */
export const CLINIC_KINDS = ['general', 'expert', 'specialty', 'vip'] as const;
export type ClinicKind = (typeof CLINIC_KINDS)[number];

/** How an exception changes a date: a session that does not take place, or one that is added. */
export const SESSION_CHANGES = ['cancelled', 'extra'] as const;
export type SessionChange = (typeof SESSION_CHANGES)[number];

export interface Doctor {
  id: string;
  /** The department (an id in departments/) the doctor sees patients in. */
  department: string;
  /** In characters and in English (or pinyin): 王伟 / Wang Wei. */
  name: LText;
  /** 主任医师 / Chief Physician. */
  title: Placeholder | LText;
  specialties: LText[];
  /** A portrait shipped in the content under images/. */
  photo?: { path: string; alt: LText } | undefined;
  /** Extra search terms (a former name, a lay word for a specialty). */
  keywords: string[];
}

/** A session held every week on one weekday. */
export interface ClinicSession {
  doctor: string;
  weekday: IsoWeekday;
  period: ClinicPeriod;
  kind: ClinicKind;
  /** Where the clinic is held (诊室). */
  room: Placeholder | LText;
}

/** One date's change to a doctor's sessions. */
export interface SessionException {
  doctor: string;
  /** The date, YYYY-MM-DD, in the kiosk's local calendar. */
  date: string;
  /** The period affected; a cancellation without one cancels the whole day. An extra session needs one. */
  period?: ClinicPeriod | undefined;
  change: SessionChange;
  /** For an extra session: its kind and room (the kind defaults to general). */
  kind?: ClinicKind | undefined;
  room?: Placeholder | LText | undefined;
  /** Said to visitors: 外出会诊 / away at a consultation. */
  note?: LText | undefined;
}

export interface Doctors {
  doctors: Doctor[];
  sessions: ClinicSession[];
  exceptions: SessionException[];
}
