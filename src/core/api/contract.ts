/**
 * The KioskApi contract: the one list of methods the renderer may call, with a zod schema for
 * each method's arguments and a type for its result. Both transports (Electron IPC through the
 * preload bridge, JSON over HTTP in the local host) are generated from this table, and both call
 * the same handlers (./handlers.ts), so validation happens in one place.
 *
 * Pure types and schemas: no I/O. The UI imports it type-only.
 */
import type { DisplaySchedule } from './schedule.js';
import { z } from 'zod';
import { LANGS } from '../content/schema.js';
import type { Department, Figure, Floor, Hospital, Lang, LText, Location, Place, PlaceKind, Placeholder, SymptomGuide, VisitorInfo } from '../content/schema.js';
import type { Directions } from '../wayfinding/directions.js';
import type { Route, RouteStep } from '../wayfinding/route.js';
import type { AuditEntry } from '../packs/audit.js';
import type { FoundPack } from '../packs/find.js';
import type { Inspection, InstallResult, PackStatus, RollbackRecordReset, RollbackResult } from '../packs/install.js';

export type { AuditEntry, FoundPack, Inspection, InstallResult, PackStatus, RollbackRecordReset, RollbackResult };

export type { Department, Directions, Figure, Floor, Hospital, Lang, LText, Location, Place, PlaceKind, Placeholder, Route, RouteStep, SymptomGuide, VisitorInfo };

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
}

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

/** The longest search the kiosk accepts, in characters. */
export const SEARCH_MAX_LENGTH = 64;
/** Chinese words the candidate bar offers at most. */
export const CANDIDATES_MAX = 12;

/** The candidate bar: the content's own Chinese words for the pinyin at the end of what was typed. */
export interface Candidates {
  /** The pinyin the words are for (the trailing letters of the query); '' when there is none. */
  pinyin: string;
  /** Chinese words from the content's names and keywords, best first. */
  words: string[];
}
/**
 * Handwriting: strokes as the visitor drew them, in order, each a list of points [x, y] in whole
 * units of a square box HANDWRITING_BOX wide, y downwards. The pad scales its canvas to the box.
 */
export type Ink = [number, number][][];
export const HANDWRITING_BOX = 1000;
/** The most strokes of one character (the content's most complex characters have about 25). */
export const HANDWRITING_MAX_STROKES = 40;
/** Points of one stroke at most: the pad thins a stroke's points to fit. */
export const HANDWRITING_MAX_POINTS = 128;
/** Points of all strokes together at most (about 20 KB of JSON). */
export const HANDWRITING_MAX_TOTAL_POINTS = 2000;
/** Characters offered for a written character at most. */
export const HANDWRITING_CANDIDATES_MAX = 12;

/** The handwriting pad's candidates: characters the content uses, best guess first ([] when none looks like the ink). */
export interface HandwritingCandidates {
  characters: string[];
}

/** Hits per result group: by default, and at most. */
export const SEARCH_DEFAULT_LIMIT = 20;
export const SEARCH_MAX_LIMIT = 50;

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
  /** When hits come only from correcting a misspelt word: the query as corrected. */
  corrected: string | null;
  groups: {
    departments: SearchHit[];
    /** Services and examinations, including subspecialties. */
    services: SearchHit[];
    equipment: SearchHit[];
  };
}

const coord = z.number().int('must be a whole number').min(0).max(HANDWRITING_BOX);
const ink = z
  .array(z.array(z.tuple([coord, coord])).min(1, 'must have at least one point').max(HANDWRITING_MAX_POINTS), 'must be a list of strokes')
  .min(1, 'must have at least one stroke')
  .max(HANDWRITING_MAX_STROKES, `must have at most ${HANDWRITING_MAX_STROKES} strokes`)
  .refine((s) => s.reduce((n, stroke) => n + stroke.length, 0) <= HANDWRITING_MAX_TOTAL_POINTS, `must have at most ${HANDWRITING_MAX_TOTAL_POINTS} points in all`);

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a department id');
const placeId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a place id');
const none = z.strictObject({});
/** A staff session token from `unlock`. */
const token = z.string().min(16).max(64);
const packFile = z.string().min(1).max(4096);

/** Who may call a method: anyone at the kiosk, an unlocked volunteer, or unlocked IT staff at the kiosk itself. */
export type ApiAccess = 'public' | 'volunteer' | 'it';

/** What staff can unlock from the touchscreen (a role is available only when its PIN is set). */
export interface StaffAvailability {
  it: boolean;
  volunteer: boolean;
}

/**
 * An unlock's answer. Refusals: no PIN set, a wrong PIN (attemptsLeft before the lockout), locked
 * for retryInSeconds, locked for the rest of the day (the daily limit), or locked until a restart
 * because wrong PINs cannot be recorded (a data folder that cannot be written).
 */
export type UnlockResult =
  | { ok: true; token: string; expiresAt: number }
  | { ok: false; reason: 'no-pin' | 'wrong-pin' | 'locked' | 'locked-today' | 'unrecorded'; message: string; retryInSeconds: number; attemptsLeft?: number };

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

/** An install running in the background, polled by the IT screen. */
export interface InstallJob {
  id: string;
  file: string;
  state: 'running' | 'done' | 'failed';
  /** Progress lines so far, oldest first. */
  progress: { stage: string; message: string }[];
  result?: InstallResult;
  /** The sentence saying why the install was refused or failed. */
  error?: string;
  check?: string;
}

/** Argument schemas, one per method. Adding a method starts here. */
export const apiArgs = {
  getInfo: none,
  listDepartments: none,
  getDepartment: z.strictObject({ id }),
  getDirections: z.strictObject({ id, stepFree: z.boolean().default(true), lang: z.enum(LANGS).default('zh') }),
  getSymptomGuide: none,
  getVisitorInfo: none,
  listPlaces: none,
  getPlace: z.strictObject({ id: placeId }),
  getPlaceDirections: z.strictObject({
    id: placeId,
    stepFree: z.boolean().default(true),
    lang: z.enum(LANGS).default('zh'),
  }),
  searchCandidates: z.strictObject({
    q: z.string().max(SEARCH_MAX_LENGTH, `must be at most ${SEARCH_MAX_LENGTH} characters`),
    limit: z.number().int().min(1).max(CANDIDATES_MAX).default(8),
  }),
  recognizeHandwriting: z.strictObject({
    strokes: ink,
    limit: z.number().int().min(1).max(HANDWRITING_CANDIDATES_MAX).default(8),
  }),
  search: z.strictObject({
    q: z.string().max(SEARCH_MAX_LENGTH, `must be at most ${SEARCH_MAX_LENGTH} characters; try a shorter search`),
    lang: z.enum(LANGS).default('zh'),
    limit: z.number().int().min(1).max(SEARCH_MAX_LIMIT).default(SEARCH_DEFAULT_LIMIT),
  }),
  unlock: z.strictObject({ role: z.enum(['it', 'volunteer']), pin: z.string().max(32) }),
  lock: z.strictObject({ token }),
  getDirectory: z.strictObject({ token }),
  itStatus: z.strictObject({ token }),
  itListPacks: z.strictObject({ token }),
  itInspectPack: z.strictObject({ token, file: packFile }),
  itInstallPack: z.strictObject({ token, file: packFile }),
  itInstallJob: z.strictObject({ token, id: z.string().max(64) }),
  itRollback: z.strictObject({ token }),
  itResetRollbackRecord: z.strictObject({ token }),
  itAuditLog: z.strictObject({ token, limit: z.number().int().min(1).max(500).default(100) }),
} as const;

/** Access per method; the dispatcher enforces it, so no handler can forget. */
export const apiAccess: { [M in keyof typeof apiArgs]: ApiAccess } = {
  getInfo: 'public',
  listDepartments: 'public',
  getDepartment: 'public',
  getDirections: 'public',
  getSymptomGuide: 'public',
  getVisitorInfo: 'public',
  listPlaces: 'public',
  getPlace: 'public',
  getPlaceDirections: 'public',
  searchCandidates: 'public',
  recognizeHandwriting: 'public',
  search: 'public',
  unlock: 'public',
  lock: 'public',
  getDirectory: 'volunteer',
  itStatus: 'it',
  itListPacks: 'it',
  itInspectPack: 'it',
  itInstallPack: 'it',
  itInstallJob: 'it',
  itRollback: 'it',
  itResetRollbackRecord: 'it',
  itAuditLog: 'it',
};

/** Result types, one per method. */
export interface ApiResults {
  getInfo: KioskInfo;
  listDepartments: DepartmentSummary[];
  getDepartment: Department;
  getDirections: Directions;
  /** null when the content has no symptom guide. */
  getSymptomGuide: SymptomGuide | null;
  /** null when the content has no visitor information. */
  getVisitorInfo: VisitorInfo | null;
  /** Every place and facility, in content order ([] when the content lists none). */
  listPlaces: PlaceSummary[];
  getPlace: PlaceSummary;
  /** The way to the nearest of the place's points. */
  getPlaceDirections: Directions;
  searchCandidates: Candidates;
  /** Refused as 'unavailable' when the kiosk has no recogniser (KioskInfo.handwriting) or it could not answer. */
  recognizeHandwriting: HandwritingCandidates;
  search: SearchResult;
  unlock: UnlockResult;
  lock: null;
  getDirectory: DirectoryRow[];
  itStatus: PackStatus;
  itListPacks: FoundPack[];
  itInspectPack: Inspection;
  itInstallPack: InstallJob;
  itInstallJob: InstallJob;
  itRollback: RollbackResult;
  itResetRollbackRecord: RollbackRecordReset;
  itAuditLog: AuditEntry[];
}

export type ApiMethod = keyof typeof apiArgs;
export type ApiArgs<M extends ApiMethod> = z.input<(typeof apiArgs)[M]>;

export type KioskApi = { [M in ApiMethod]: (args: ApiArgs<M>) => Promise<ApiResults[M]> };

/** What Electron's preload exposes as window.kiosk: the same methods, answering with the ApiResponse itself. */
export type KioskBridge = { [M in ApiMethod]: (args: ApiArgs<M>) => Promise<ApiResponse<ApiResults[M]>> };

export const API_METHODS = Object.keys(apiArgs) as ApiMethod[];

export function isApiMethod(name: string): name is ApiMethod {
  return Object.prototype.hasOwnProperty.call(apiArgs, name);
}

export type ApiErrorCode = 'unknown_method' | 'bad_args' | 'not_found' | 'forbidden' | 'unavailable' | 'internal';

export interface ApiErrorBody {
  code: ApiErrorCode;
  /** A sentence for people: what happened and what to do. */
  message: string;
}

export type ApiResponse<T = unknown> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

/** Thrown by handlers and by clients; carries a code and a sentence. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Where content assets (photos) are served, by the host and by Electron's app:// protocol alike. */
export const CONTENT_PREFIX = '/content/';

/** The IPC channel for a method: one ipcMain.handle per method, never a generic channel. */
export const ipcChannel = (m: ApiMethod) => `kiosk:${m}` as const;
