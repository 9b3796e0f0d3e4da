/**
 * Every result type of the KioskApi: what the server answers and the renderer shows. Pure types
 * (and the install stages as a list); no imports but the content model.
 */
import type {
  ClinicKind,
  ClinicPeriod,
  Department,
  Doctor,
  Figure,
  Floor,
  Hospital,
  IsoWeekday,
  Lang,
  LText,
  Location,
  Place,
  PlaceKind,
  Placeholder,
} from './content.js';
import type { DisplaySchedule } from './schedule.js';
import type { OpenState } from './hours.js';

/** What is installed right now. Version 0 is the built-in content. */
export interface ContentStatus {
  version: number;
  packId: string;
  builtIn: boolean;
  installedAt: string;
  createdAt: string;
  expires: string | null;
  signers: string[];
  /** Changes whenever different content becomes live; the UI uses it to reload at a safe moment. */
  generation: string;
}

export interface PublicSettings {
  site: string;
  defaultLanguage: Lang;
  idleSeconds: number;
  /** Where this kiosk stands on the map; null: the content's default point. */
  kioskPoint: string | null;
  /** When the screen is lit (./schedule.ts); null: always. */
  displaySchedule?: DisplaySchedule | null;
}

/** What staff can unlock from the touchscreen (a role is available only when its PIN is set). */
export interface StaffAvailability {
  it: boolean;
  volunteer: boolean;
}

export interface KioskInfo {
  appVersion: string;
  /** Which staff screens can be unlocked here. */
  staff: StaffAvailability;
  /** The kiosk's own screen, or a volunteer's device on the hospital network (LAN mode). */
  viewer: 'kiosk' | 'lan-device';
  hospital: Hospital;
  content: ContentStatus;
  settings: PublicSettings;
  /** A handwriting recogniser is installed: the on-screen keyboard offers the handwriting pad. */
  handwriting: boolean;
  /** This is a preview of content that is not installed (./results.ts PreviewReport); absent on a kiosk. */
  preview?: PreviewMark | undefined;
}

/** A department as its page shows it: the content, and whether it is open now by the kiosk's clock (./hours.ts). */
export type DepartmentPage = Department & { open: OpenState };

export interface DepartmentSummary {
  id: string;
  name: LText;
  category: LText;
  summary: LText;
  location: Location;
  hours: Department['hours'];
  phone: Department['phone'];
  /** The department's first few key figures, for cards. */
  figures: Figure[];
}

// ---------------------------------------------------------------------------------------------
// Search

/** A part of a text, as UTF-16 offsets [start, end) into the text exactly as given. */
export interface TextRange {
  start: number;
  end: number;
}

/** What a search hit is: services and examinations, subspecialties and equipment are items of a department. */
export type SearchHitKind = 'department' | 'service' | 'subspecialty' | 'equipment';

/**
 * How well a hit matched, best first: the tier it was ranked in. 'fuzzy' is a hit for the query
 * with a misspelt word corrected (ultrasund → ultrasound): always after every exact tier.
 */
export type SearchMatch = 'exact' | 'prefix' | 'name' | 'keyword' | 'detail' | 'fuzzy';

export interface SearchHit {
  kind: SearchHitKind;
  departmentId: string;
  departmentName: LText;
  /** The hit's own name (the department's name for a department). */
  name: LText;
  /** For an item: its position in the department's services, subspecialties or equipment. */
  index?: number;
  match: SearchMatch;
  /** The matched parts of `name` in each language, for bold text. */
  highlight: { zh: TextRange[]; en: TextRange[] };
  /** For a keyword or detail match: the keyword or a short excerpt that matched, and its matched parts. */
  snippet?: { text: string; highlight: TextRange[] };
}

/** The candidate bar: the content's own Chinese words for the pinyin at the end of what was typed. */
export interface Candidates {
  /** The pinyin the words are for (the trailing letters of the query); '' when there is none. */
  pinyin: string;
  /** Chinese words from the content's names and keywords, best first. */
  words: string[];
}

/**
 * Handwriting: strokes as the visitor drew them, in order, each a list of points [x, y] in whole
 * units of a square box HANDWRITING_BOX wide (src/shared/limits.ts), y downwards.
 */
export type Ink = [number, number][][];

/** The handwriting pad's candidates: characters the content uses, best guess first ([] when none looks like the ink). */
export interface HandwritingCandidates {
  characters: string[];
}

/** A place or facility that matched (the toilets, the pharmacy...), ranked like any other hit. */
export interface PlaceHit {
  kind: 'place';
  placeId: string;
  placeKind: PlaceKind;
  name: LText;
  match: SearchMatch;
  highlight: { zh: TextRange[]; en: TextRange[] };
  /** For a synonym or note match: the synonym (厕所 for 卫生间) or excerpt, and its matched parts. */
  snippet?: { text: string; highlight: TextRange[] };
}

/** A place as visitors are shown it: what it is, where (which floors), when, and whether the kiosk can show the way. */
export interface PlaceSummary {
  id: string;
  kind: PlaceKind;
  name: LText;
  synonyms: string[];
  hours: Place['hours'] | null;
  note: LText | null;
  /** In the home screen's row of common places. */
  home: boolean;
  /** The floors its points are on, lowest first, as the map names them. */
  floors: { id: string; name: LText }[];
  /** How many points it has on the map (toilets in several places): directions lead to the nearest. */
  points: number;
  /** The kiosk can show the way: the content has a map and the place is on it. */
  routable: boolean;
  /** Where it is comes from a sample plan, not the real building. */
  sample: boolean;
}

/** A doctor who matched, by name (characters, pinyin, initials, English), specialty or title, with the department they see patients in. */
export interface DoctorHit {
  kind: 'doctor';
  doctorId: string;
  departmentId: string;
  departmentName: LText;
  name: LText;
  match: SearchMatch;
  highlight: { zh: TextRange[]; en: TextRange[] };
  /** For a specialty or title match: the specialty or title that matched, and its matched parts. */
  snippet?: { text: string; highlight: TextRange[] };
}

/** The query touched an emergency word (or named the Emergency Department): this comes before any hit. */
export interface EmergencyAnswer {
  /** The content's emergency word the query touched, or null when it named the Emergency Department itself. */
  term: string | null;
  /** The Emergency Department, when the content lists it as a place. */
  place: PlaceSummary | null;
}

/** Search results: the emergency answer when there is one, places, and three groups, each ranked best first. */
export interface SearchResult {
  /** The query as it was received. */
  query: string;
  /** Shown first, above every hit, when the query touches an emergency word. */
  emergency: EmergencyAnswer | null;
  /** Places and facilities (toilets, registration, pharmacy...); the Emergency Department is in `emergency` instead. */
  places: PlaceHit[];
  /** Doctors, best first ([] when the content lists none). */
  doctors: DoctorHit[];
  /** When hits come only from correcting a misspelt word: the query as corrected. */
  corrected: string | null;
  groups: {
    departments: SearchHit[];
    /** Services and examinations, including subspecialties. */
    services: SearchHit[];
    equipment: SearchHit[];
  };
}

// ---------------------------------------------------------------------------------------------
// Directions

export interface RouteStep {
  kind: 'start' | 'walk' | 'lift' | 'stairs' | 'escalator' | 'arrive';
  text: LText;
  floor: string;
  metres?: number;
}

export interface RouteLeg {
  floor: string;
  points: { x: number; y: number }[];
}

export interface Route {
  from: string;
  to: string;
  /** A step-free route was asked for. */
  stepFree: boolean;
  /** How the route found gets between floors and over level changes: step-free, or not and how. */
  climb: 'step-free' | 'stairs' | 'escalator' | 'steps';
  metres: number;
  /** Floors in the order the route visits them. */
  floors: string[];
  legs: RouteLeg[];
  steps: RouteStep[];
}

export interface Directions {
  department: { id: string; name: LText };
  /** The map is a sample drawn to show how directions work, not the real building. */
  placeholder: boolean;
  note: LText | null;
  route: Route;
  /** The floors the route crosses, in order, with their plans as SVG text. */
  floors: (Floor & { svg: string })[];
  /**
   * The way a visitor faces at the kiosk, in degrees clockwise from the top of the plans (the
   * kiosk point's heading, 0 when it has none): the plans are shown turned so that it is up.
   */
  heading: number;
  /** The directions as text and as an SVG QR code, in the language asked for. */
  text: string;
  qrSvg: string;
}

// ---------------------------------------------------------------------------------------------
// Staff

/** Why an unlock was refused. */
export type UnlockRefusal = 'no-pin' | 'wrong-pin' | 'locked' | 'locked-today' | 'unrecorded';

/**
 * An unlock's answer. Refusals: no PIN set, a wrong PIN (attemptsLeft before the lockout), locked
 * for retryInSeconds, locked for the rest of the day (the daily limit), or locked until a restart
 * because wrong PINs cannot be recorded (a data folder that cannot be written).
 */
export type UnlockResult =
  { ok: true; token: string; expiresAt: number } | { ok: false; reason: UnlockRefusal; message: string; retryInSeconds: number; attemptsLeft?: number };

/** One row of the volunteers' directory: a department, or one of its services, with where and when. */
export interface DirectoryRow {
  kind: 'department' | 'service';
  departmentId: string;
  department: LText;
  name: LText;
  location: Location;
  hours: Department['hours'];
  phone: Department['phone'];
}

// ---------------------------------------------------------------------------------------------
// Packs

/** The steps every install goes through, in order: what the IT screen lists while it runs. */
export const INSTALL_STEPS = ['open', 'signature', 'files', 'content', 'build', 'switch', 'done'] as const;
/**
 * Before the steps, only when the data folder holds no content yet: the built-in content is
 * installed first, so there is something to roll back to.
 */
export const INSTALL_PREPARE = 'prepare';
/** Every stage an install reports progress in. */
export type InstallStage = typeof INSTALL_PREPARE | (typeof INSTALL_STEPS)[number];

/** A *.kpack file found in the pack folders (USB sticks). */
export interface FoundPack {
  file: string;
  name: string;
  size: number;
  modified: string;
}

export interface Signer {
  keyId: string;
  name?: string;
  source: string;
}

/**
 * What a pack found would do if installed, decided by verifying it whole (signatures, every
 * file's hash, the content) against this kiosk: installable; not newer than what is installed
 * or was accepted (older or equal); made for another site; not signed by a trusted key
 * (untrusted); expired; damaged (it may not have copied completely); refused by another check
 * (`check` says which); or still being checked in the background.
 */
export type PackVerdict = 'installable' | 'older-or-equal' | 'wrong-site' | 'untrusted' | 'expired' | 'damaged' | 'refused' | 'checking';

/** One pack in the IT screen's list, with what its signed manifest says once its signature was accepted. */
export interface ListedPack extends FoundPack {
  verdict: PackVerdict;
  /** The check that refused it (src/shared/messages.ts describeRefusal(check, params, lang) says it), null when none did. */
  check: string | null;
  params: Record<string, string | number>;
  /** The detailed English sentence of the refusal, null when none. */
  reason: string | null;
  /** From the signed manifest; null until its signature by a trusted key is accepted (an untrusted pack's claims are never read). */
  packId: string | null;
  version: number | null;
  created: string | null;
  expires: string | null;
  /** The site it is for; null: any site (or not known yet). */
  site: string | null;
  minAppVersion: string | null;
  /** Trusted signers, named as this kiosk's trusted key list names them. */
  signers: Signer[];
  /** Its version is the one installed (installing it would change nothing). */
  alreadyInstalled: boolean;
  /** The very pack this kiosk accepted before: installing it again needs no new signature (roll forward). */
  acceptedBefore: boolean;
  /** The SHA-256 of the whole file, once read. */
  sha256: string | null;
  /** When its verdict was reached (null while checking). */
  checkedAt: string | null;
}

export interface PackListing {
  packs: ListedPack[];
  /** How many are still waiting to be checked or being checked: poll again while above 0. */
  checking: number;
  installed: { version: number; packId: string } | null;
}

export interface DepartmentRef {
  id: string;
  name: LText;
}

export interface PackSummary {
  file: string;
  packId: string;
  version: number;
  created: string;
  expires: string | null;
  site: string | null;
  minAppVersion: string;
  signers: Signer[];
  files: number;
  bytes: number;
  hospital: LText;
  departments: DepartmentRef[];
  /** A new trusted key list the pack carries (key rotation). */
  newKeys: { threshold: number; keyIds: string[] } | null;
  manifestSha256: string;
}

/** A department's fields, as the diff names them. */
export type DepartmentField =
  | 'name'
  | 'category'
  | 'established'
  | 'summary'
  | 'description'
  | 'figures'
  | 'staff'
  | 'services'
  | 'subspecialties'
  | 'equipment'
  | 'honours'
  | 'research'
  | 'partners'
  | 'teaching'
  | 'location'
  | 'hours'
  | 'phone'
  | 'website'
  | 'photo'
  | 'keywords';

/**
 * One field that changes: a short field with its value before and after in both languages (null:
 * not given, or a placeholder: "ask at the information desk"); a list with how many entries are
 * added, removed and changed in place, and its length before and after; or a long text or a
 * structure, only that it changes.
 */
export type FieldChange =
  | { field: DepartmentField; kind: 'value'; before: LText | null; after: LText | null }
  | { field: DepartmentField; kind: 'list'; added: number; removed: number; changed: number; before: number; after: number }
  | { field: DepartmentField; kind: 'text' };

/** A department whose stored document changes, with the fields that do. */
export interface DepartmentChange extends DepartmentRef {
  fields: FieldChange[];
}

/** A place (places.json) that is new, removed or changed. */
export interface PlaceRef {
  id: string;
  name: LText;
}

export interface ContentDiff {
  added: DepartmentRef[];
  changed: DepartmentChange[];
  removed: DepartmentRef[];
  unchanged: number;
  hospitalChanged: boolean;
  /** Places and facilities (places.json): new, removed, changed, and how many stay as they are. */
  places: { added: PlaceRef[]; removed: PlaceRef[]; changed: PlaceRef[]; unchanged: number };
  /** Doctors (doctors.json): new, removed, changed (their details, weekly clinics or date exceptions), and how many stay as they are. */
  doctors: { added: DoctorRef[]; removed: DoctorRef[]; changed: DoctorRef[]; unchanged: number };
}

/** A doctor in a diff, with the department they see patients in. */
export interface DoctorRef {
  id: string;
  name: LText;
  department: string;
}

export type Inspection =
  | {
      ok: true;
      summary: PackSummary;
      alreadyInstalled: boolean;
      /** The very pack this kiosk accepted before: staff may install it again (roll forward) with no new signature. */
      acceptedBefore: boolean;
      installed: { version: number; packId: string } | null;
      diff: ContentDiff;
    }
  | { ok: false; check: string; reason: string; params: Record<string, string | number> };

export interface InstallResult {
  status: 'installed' | 'already-installed';
  summary: PackSummary;
  /** The content that was live before (unchanged when already installed). */
  previous: { version: number; packId: string } | null;
}

/** An install running in the background, polled by the IT screen. */
export interface InstallJob {
  id: string;
  file: string;
  state: 'running' | 'done' | 'failed';
  /** Progress lines so far, oldest first. */
  progress: { stage: InstallStage; message: string }[];
  result?: InstallResult;
  /** The sentence saying why the install was refused or failed. */
  error?: string;
  /** The check that refused it, and its parameters: describeRefusal(check, params, lang) says it in the screen's language. */
  check?: string;
  params?: Record<string, string | number>;
}

export interface RollbackResult {
  from: ContentStatus | null;
  to: ContentStatus;
  /** To an older version, or forward to a newer one that was rolled back from. */
  direction: 'back' | 'forward';
}

/** One content database the data folder keeps. */
export interface HistoryEntry {
  /** Its file, relative to the data folder. */
  rel: string;
  live: boolean;
  /**
   * What switching to it would be: it is live; back to an older version; forward to a newer
   * one (rolled back from); the same version as the live one; or it cannot be read.
   */
  direction: 'live' | 'back' | 'forward' | 'same' | 'unreadable';
  status?: ContentStatus;
  /** Why it cannot be read. */
  error?: string;
  /** The SHA-256 of the signed manifest it was installed from (null: the built-in content, or installed before it was recorded). */
  manifestSha256: string | null;
}

/** A pack this kiosk accepted (state.json): the very same pack may be installed again by staff. */
export interface AcceptedPackRecord {
  packId: string;
  version: number;
  manifestSha256: string;
  created: string;
  acceptedAt: string;
}

/** What `kiosk history` and the IT screen's history show: the kept contents and the packs accepted. */
export interface ContentHistory {
  /** How many contents are kept, the live one included (the keepContents setting). */
  keep: number;
  live: HistoryEntry | null;
  /** The other kept contents, the most recently live first: each can be made live with itRollback { to: version }. */
  kept: HistoryEntry[];
  highestVersionAccepted: number;
  /** Packs accepted, newest first (at most 64). */
  accepted: AcceptedPackRecord[];
  /** state.json cannot be read: no pack can be installed until it is fixed. */
  stateError?: string;
}

/** The anti-rollback record (state.json): the highest version and the latest creation time accepted. */
export interface RollbackRecord {
  highestVersion: number;
  latestCreated: string | null;
}

export interface RollbackRecordReset {
  /** The record before; null when state.json was damaged (every pack was refused). */
  before: RollbackRecord | null;
  after: RollbackRecord;
  /** The content now live, whose version and creation time the record now holds. */
  live: ContentStatus;
  changed: boolean;
  /** What was done, in one sentence. */
  message: string;
}

export interface KeptContent {
  rel: string;
  status?: ContentStatus;
  error?: string;
}

/** An install under way, as its journal records it (state.json `pending`). */
export interface PendingInstall {
  /** The content database being installed (relative to the data folder). */
  rel: string;
  packId: string;
  version: number;
  created: string;
  signers: string[];
  /** A new trusted key list the pack carries, applied when the install completes. */
  keys?: { threshold: number; keys: { keyId: string; name?: string | undefined; publicKey: string }[] } | undefined;
  startedAt: string;
}

export interface PackStatus {
  dataDir: string;
  site: string;
  installed: (ContentStatus & { rel: string; expired: boolean }) | null;
  installedError?: string;
  /** state.json could not be read: installs are refused until it is fixed. */
  stateError?: string;
  /** Earlier content kept for rollback, newest first. */
  kept: KeptContent[];
  highestVersionAccepted: number;
  latestCreatedAccepted: string | null;
  /** An install that was interrupted and not yet finished or discarded. */
  interrupted: PendingInstall | null;
  trust: { threshold: number; keys: Signer[]; rotatedBy?: { packId: string; version: number; at: string } } | { error: string };
}

// ---------------------------------------------------------------------------------------------
// Audit log

export type AuditAction = 'install' | 'rollback' | 'trust' | 'set-pin' | 'recover' | 'unlock' | 'lan' | 'result-file' | 'reset-rollback-record' | 'update';
export type AuditResult = 'accepted' | 'refused' | 'no-change' | 'failed' | 'interrupted';

export interface AuditEntry {
  time: string;
  action: AuditAction;
  result: AuditResult;
  /**
   * What happened, as a stable code (src/shared/messages.ts AUDIT_TEXT; describeAudit says it in
   * either language): `action.result` unless a more exact one was given. Absent in entries
   * written before codes existed.
   */
  code?: string;
  /** The code's parameters (and, for a refusal, its check's). */
  params?: Record<string, string | number>;
  packId?: string;
  version?: number;
  signers?: string[];
  /** The check that refused a pack, when one did. */
  check?: string;
  /** One sentence: why, or what was done. */
  reason?: string;
  file?: string;
}

/** The audit log written to the USB stick as text (itExportAuditLog). */
export interface AuditExport {
  /** The file written, its name in the folder, and the folder (the stick). */
  file: string;
  name: string;
  folder: string;
  /** Entries written (those the filter kept). */
  entries: number;
  bytes: number;
}

// ---------------------------------------------------------------------------------------------
// Doctors and today's clinics

/** One of a doctor's clinics on the day asked about. */
export interface ClinicToday {
  period: ClinicPeriod;
  kind: ClinicKind;
  room: Placeholder | LText;
  /** Added for this date only (an exception), not a weekly session. */
  extra: boolean;
  note?: LText | undefined;
}

/** A weekly session that does not take place on the day asked about. */
export interface ClinicCancelled {
  period: ClinicPeriod;
  note?: LText | undefined;
}

export interface DoctorToday {
  doctor: Doctor;
  /** Its clinics that day, morning first ([] when it holds none). */
  today: ClinicToday[];
  /** Its weekly sessions of that day that are cancelled. */
  cancelled: ClinicCancelled[];
}

/** A department's doctors and their clinics on one day of the kiosk's local calendar. */
export interface DepartmentDoctors {
  departmentId: string;
  /** The day, YYYY-MM-DD, and its ISO weekday (1 = Monday). */
  date: string;
  weekday: IsoWeekday;
  /** Every doctor of the department, in content order ([] when the content lists none). */
  doctors: DoctorToday[];
}

/** A doctor in the volunteers' directory: who, in which department, and their clinics that day. */
export interface DirectoryDoctor {
  doctorId: string;
  departmentId: string;
  name: LText;
  title: Placeholder | LText;
  /** Their clinics that day, morning first ([] when they hold none). */
  today: ClinicToday[];
  /** Their weekly sessions of that day that are cancelled. */
  cancelled: ClinicCancelled[];
}

/** Every doctor of the content for the volunteers' directory, in content order, with their clinics on one day of the kiosk's local calendar. */
export interface DirectoryDoctors {
  /** The day, YYYY-MM-DD, and its ISO weekday (1 = Monday). */
  date: string;
  weekday: IsoWeekday;
  /** [] when the content lists no doctors. */
  doctors: DirectoryDoctor[];
}

// ---------------------------------------------------------------------------------------------
// What visitors looked for (aggregate counts per day; nothing about any one visitor)

/** A search that found nothing, searched often enough to be kept, over the days asked for. */
export interface NoResultSearch {
  /** The query as counted (normalised: lower case, spaces collapsed). */
  query: string;
  total: number;
  /** Days it was searched on. */
  days: number;
  /** The last day it was searched, "YYYY-MM-DD". */
  lastDay: string;
}

/** The IT screen's list of searches that found nothing, so editors can add synonyms. */
export interface TopNoResultSearches {
  /** The first day counted, "YYYY-MM-DD" (the kiosk's local date). */
  since: string;
  searches: NoResultSearch[];
  /** Counting is off (the data folder cannot hold the counts): one sentence why. */
  unavailable?: string;
}

// ---------------------------------------------------------------------------------------------
// Kiosk health (the IT screen)

export interface KioskHealth {
  /** Free bytes in the data folder's filesystem; null when it cannot be read. */
  dataFolderFreeBytes: number | null;
  /** Seconds since this kiosk process started. */
  uptimeSeconds: number;
  startedAt: string;
  /** The live content, and how old it is (seconds since it was created; null for unreadable times). */
  content: { packId: string; version: number; builtIn: boolean; created: string; installedAt: string; ageSeconds: number | null };
  /** The last install that no one started by hand: from the pack folders (autoInstall) or the fleet repository; null: none recorded. */
  lastAutomatic: {
    kind: 'auto-install' | 'fleet-update';
    at: string;
    outcome: 'installed' | 'no-change' | 'refused' | 'failed';
    packId: string | null;
    version: number | null;
    /** The check or failure reason, when it did not install. */
    check: string | null;
    params: Record<string, string | number>;
    reason: string | null;
  } | null;
  /** The fleet updater, when updateUrl is set: its last check, last success and current warning. */
  fleet: { configured: boolean; lastCheck: string | null; lastSuccess: string | null; consecutiveFailures: number; warning: string | null };
  /** Printers CUPS knows (lpstat -p): 'unknown' when CUPS is not installed or does not answer. */
  printer: { state: 'ready' | 'none' | 'unknown'; printers: { name: string; enabled: boolean }[]; detail: string | null };
  /** Screen recoveries (reloads, relaunches, fallback page) since the kiosk started, and in the audit log read. */
  recoveries: { sinceStart: number; logged: number; lastAt: string | null };
}

// ---------------------------------------------------------------------------------------------
// Previews (content not installed: a source folder being edited, a pack before its install)

/** What a preview shows and whether its last check passed: the validation report. */
export interface PreviewReport {
  /** A content source folder (`kiosk preview`), or a pack before its install (the IT screen). */
  kind: 'folder' | 'pack';
  /** The folder's name, or the pack's id and version. */
  name: string;
  /** The last check passed: what is shown is the folder as it is now. */
  ok: boolean;
  /** When the content was last checked (an ISO time). */
  checkedAt: string;
  /** When the content shown was built; null when nothing could be. */
  shownAt: string | null;
  /** Every problem the last check found, each a sentence naming the file and the field. */
  problems: string[];
}

/** getInfo's mark of a preview: every screen says PREVIEW and leads to the report. */
export interface PreviewMark {
  kind: PreviewReport['kind'];
  name: string;
  ok: boolean;
  /** How many problems the last check found. */
  problems: number;
}

/** A pack from a USB stick, verified and served read-only for IT staff to look at before installing it. */
export interface PackPreview {
  summary: PackSummary;
  /** Where the preview is served on this machine (the kiosk's visitor screens over the pack's content). */
  url: string;
  /** When the preview stops on its own (an ISO time). */
  until: string;
}
