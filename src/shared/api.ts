/**
 * The KioskApi contract: the one list of methods the renderer may call, who may call each, the
 * arguments each takes and the result each answers with, the error codes, and the names both
 * transports use (Electron IPC channels, the HTTP host's paths and header). The server validates
 * the arguments with zod schemas written against these types (src/core/api/contract.ts, checked
 * at compile time); the renderer and both transports take everything else from here.
 *
 * No imports but other shared modules: the renderer bundles this file.
 */
import type { Lang, SymptomGuide, VisitorInfo } from './content.js';
import type { MessageParams } from './messages.js';
import type {
  AuditAction,
  AuditEntry,
  AuditExport,
  AuditResult,
  Candidates,
  ContentHistory,
  KioskHealth,
  PackListing,
  DepartmentPage,
  DepartmentSummary,
  Directions,
  DepartmentDoctors,
  DirectoryDoctors,
  DirectoryRow,
  HandwritingCandidates,
  Ink,
  Inspection,
  InstallJob,
  KioskInfo,
  PackStatus,
  PlaceSummary,
  RollbackRecordReset,
  RollbackResult,
  SearchResult,
  TopNoResultSearches,
  PackPreview,
  PreviewReport,
  UnlockResult,
} from './results.js';

/** Every method, in the order the access table lists them. Adding a method starts here. */
export const API_METHODS = [
  'getInfo',
  'listDepartments',
  'getDepartment',
  'getDepartmentDoctors',
  'getDirections',
  'getSymptomGuide',
  'getVisitorInfo',
  'listPlaces',
  'getPlace',
  'getPlaceDirections',
  'searchCandidates',
  'recognizeHandwriting',
  'search',
  'recordSymptomPath',
  'getPreviewReport',
  'unlock',
  'lock',
  'getDirectory',
  'getDirectoryDoctors',
  'itStatus',
  'itPackList',
  'itInspectPack',
  'itInstallPack',
  'itInstallJob',
  'itRollback',
  'itHistory',
  'itResetRollbackRecord',
  'itAuditLog',
  'itExportAuditLog',
  'itHealth',
  'itNoResultSearches',
  'itPreviewPack',
  'itStopPreview',
] as const;

export type ApiMethod = (typeof API_METHODS)[number];

export function isApiMethod(name: string): name is ApiMethod {
  return (API_METHODS as readonly string[]).includes(name);
}

/** Who may call a method: anyone at the kiosk, an unlocked volunteer, or unlocked IT staff at the kiosk itself. */
export type ApiAccess = 'public' | 'volunteer' | 'it';

/** Access per method; the dispatcher enforces it, so no handler can forget. */
export const apiAccess: { readonly [M in ApiMethod]: ApiAccess } = {
  getInfo: 'public',
  listDepartments: 'public',
  getDepartment: 'public',
  getDepartmentDoctors: 'public',
  getDirections: 'public',
  getSymptomGuide: 'public',
  getVisitorInfo: 'public',
  listPlaces: 'public',
  getPlace: 'public',
  getPlaceDirections: 'public',
  searchCandidates: 'public',
  recognizeHandwriting: 'public',
  search: 'public',
  recordSymptomPath: 'public',
  getPreviewReport: 'public',
  unlock: 'public',
  lock: 'public',
  getDirectory: 'volunteer',
  getDirectoryDoctors: 'volunteer',
  itStatus: 'it',
  itPackList: 'it',
  itInspectPack: 'it',
  itInstallPack: 'it',
  itInstallJob: 'it',
  itRollback: 'it',
  itHistory: 'it',
  itResetRollbackRecord: 'it',
  itAuditLog: 'it',
  itExportAuditLog: 'it',
  itHealth: 'it',
  itNoResultSearches: 'it',
  itPreviewPack: 'it',
  itStopPreview: 'it',
};

/** The staff roles that can be unlocked. */
export type StaffRole = 'it' | 'volunteer';

/** No arguments. */
export type NoArgs = Record<never, never>;
/** A staff session token from `unlock`. */
export interface TokenArgs {
  token: string;
}

/** The arguments of each method, as a caller writes them (fields with a default may be left out). */
export interface ApiArgsMap {
  getInfo: NoArgs;
  listDepartments: NoArgs;
  getDepartment: { id: string };
  getDepartmentDoctors: { id: string };
  getDirections: { id: string; stepFree?: boolean | undefined; lang?: Lang | undefined };
  getSymptomGuide: NoArgs;
  getVisitorInfo: NoArgs;
  listPlaces: NoArgs;
  getPlace: { id: string };
  getPlaceDirections: { id: string; stepFree?: boolean | undefined; lang?: Lang | undefined };
  searchCandidates: { q: string; limit?: number | undefined };
  recognizeHandwriting: { strokes: Ink; limit?: number | undefined };
  /** `probe`: a search the UI makes by itself (checking its suggestions), not typed by a visitor: not counted. */
  search: { q: string; lang?: Lang | undefined; limit?: number | undefined; probe?: boolean | undefined };
  /** The visitor followed the symptom guide from an area's complaint (by its index) to a department or a place. */
  recordSymptomPath: { area: string; complaint: number; department?: string | undefined; place?: string | undefined };
  getPreviewReport: NoArgs;
  unlock: { role: StaffRole; pin: string };
  lock: TokenArgs;
  getDirectory: TokenArgs;
  getDirectoryDoctors: TokenArgs;
  itStatus: TokenArgs;
  itPackList: TokenArgs;
  itInspectPack: TokenArgs & { file: string };
  itInstallPack: TokenArgs & { file: string };
  itInstallJob: TokenArgs & { id: string };
  /** No `to`: the newest kept version below the live one; `to`: the kept content of that version, older or newer. */
  itRollback: TokenArgs & { to?: number | undefined };
  itHistory: TokenArgs;
  itResetRollbackRecord: TokenArgs;
  itAuditLog: TokenArgs & { limit?: number | undefined };
  /** The log (the entries of that kind and result, when given) as text in `lang`, written to the USB stick. */
  itExportAuditLog: TokenArgs & { lang: Lang; action?: AuditAction | undefined; result?: AuditResult | undefined };
  itHealth: TokenArgs;
  /** The last `days` days (the kiosk's local dates), today included. */
  itNoResultSearches: TokenArgs & { days?: number | undefined; limit?: number | undefined };
  itPreviewPack: TokenArgs & { file: string };
  itStopPreview: TokenArgs;
}

export type ApiArgs<M extends ApiMethod> = ApiArgsMap[M];

/** Result types, one per method. */
export interface ApiResults {
  getInfo: KioskInfo;
  listDepartments: DepartmentSummary[];
  /** The department, with whether it is open now ('unknown' unless its hours are structured). */
  getDepartment: DepartmentPage;
  /** The department's doctors with their clinics today (the kiosk's local date); [] doctors when it lists none. */
  getDepartmentDoctors: DepartmentDoctors;
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
  /** Counted (only from the kiosk's own screen, per day); refused as not_found when the path is not in the guide. */
  recordSymptomPath: null;
  /** The validation report of the preview being shown; null on a kiosk (not a preview). */
  getPreviewReport: PreviewReport | null;
  unlock: UnlockResult;
  lock: null;
  getDirectory: DirectoryRow[];
  getDirectoryDoctors: DirectoryDoctors;
  itStatus: PackStatus;
  /** Every pack the pack sources offer, with its facts and verdict; new ones answer as 'checking' and are verified in the background, one at a time: poll again. */
  itPackList: PackListing;
  itInspectPack: Inspection;
  itInstallPack: InstallJob;
  itInstallJob: InstallJob;
  itRollback: RollbackResult;
  itHistory: ContentHistory;
  itResetRollbackRecord: RollbackRecordReset;
  itAuditLog: AuditEntry[];
  /** Refused as 'unavailable' in one sentence when no stick is there or it cannot be written. */
  itExportAuditLog: AuditExport;
  itHealth: KioskHealth;
  itNoResultSearches: TopNoResultSearches;
  /** Verify a pack from the pack folders and serve it read-only on this machine, before any install. */
  itPreviewPack: PackPreview;
  /** Stops the preview being served (null whether or not one was); ending the IT session (lock) stops it too. */
  itStopPreview: null;
}

export type KioskApi = { [M in ApiMethod]: (args: ApiArgs<M>) => Promise<ApiResults[M]> };

/** What Electron's preload exposes as window.kiosk: the same methods, answering with the ApiResponse itself. */
export type KioskBridge = { [M in ApiMethod]: (args: ApiArgs<M>) => Promise<ApiResponse<ApiResults[M]>> };

export const API_ERROR_CODES = ['unknown_method', 'bad_args', 'not_found', 'forbidden', 'unavailable', 'internal'] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export interface ApiErrorBody {
  code: ApiErrorCode;
  /** A sentence for people: what happened and what to do. */
  message: string;
  /** The pack check that refused it, when a pack was refused (src/shared/messages.ts says it in the screen's language). */
  check?: string;
  /** What that check's sentence needs. */
  params?: MessageParams;
}

export type ApiResponse<T = unknown> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

/** Thrown by handlers and by clients; carries a code and a sentence. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    /** The pack check that refused it, and its sentence's parameters, when a pack was refused. */
    readonly refusal?: { check: string; params: MessageParams },
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The HTTP status the local host answers each error code with. */
export const HTTP_STATUS_BY_CODE: { readonly [C in ApiErrorCode]: number } = {
  unknown_method: 404,
  bad_args: 400,
  not_found: 404,
  forbidden: 403,
  unavailable: 503,
  internal: 500,
};

/** Where content assets (photos) are served, by the host and by Electron's app:// protocol alike. */
export const CONTENT_PREFIX = '/content/';

/**
 * The element of the UI's page holding the kiosk's first picture, drawn into it by the HTTP host
 * (src/host/first-picture.ts) and removed by the UI's shell once it draws the screen live.
 */
export const FIRST_PICTURE_ID = 'first-picture';

/** Where the HTTP host answers a method: POST /api/<method>. */
export const API_PATH_PREFIX = '/api/';

/** The header a LAN device sends its volunteer session in. */
export const SESSION_HEADER = 'x-kiosk-session';

/** The IPC channel for a method: one ipcMain.handle per method, never a generic channel. */
export const ipcChannel = (m: ApiMethod) => `kiosk:${m}` as const;
