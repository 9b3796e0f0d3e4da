/**
 * The server's half of the KioskApi contract: a zod schema for each method's arguments, written
 * against the argument types of src/shared/api.ts and checked at compile time to accept exactly
 * them. Both transports (Electron IPC through the preload bridge, JSON over HTTP in the local
 * host) call the same handlers (./handlers.ts), which validate with these schemas, so validation
 * happens in one place. Method names, access, results, limits and error codes live in
 * src/shared/ and are re-exported here for the server's code.
 *
 * Pure schemas: no I/O.
 */
import * as z from 'zod';
import { LANGS } from '../../shared/content.js';
import type { ApiArgsMap, ApiMethod } from '../../shared/api.js';
import {
  AUDIT_DEFAULT_LIMIT,
  AUDIT_MAX_LIMIT,
  CANDIDATES_DEFAULT,
  CANDIDATES_MAX,
  HANDWRITING_BOX,
  HANDWRITING_CANDIDATES_DEFAULT,
  HANDWRITING_CANDIDATES_MAX,
  HANDWRITING_MAX_POINTS,
  HANDWRITING_MAX_STROKES,
  HANDWRITING_MAX_TOTAL_POINTS,
  PIN_ARG_MAX_LENGTH,
  SEARCH_DEFAULT_LIMIT,
  SEARCH_MAX_LENGTH,
  SEARCH_MAX_LIMIT,
} from '../../shared/limits.js';

export * from '../../shared/api.js';
export * from '../../shared/limits.js';
export type * from '../../shared/results.js';
export { INSTALL_PREPARE, INSTALL_STEPS } from '../../shared/results.js';
export type {
  Department,
  Figure,
  Floor,
  Hospital,
  Lang,
  LText,
  Location,
  Place,
  PlaceKind,
  Placeholder,
  SymptomGuide,
  VisitorInfo,
} from '../../shared/content.js';

const coord = z.number().int('must be a whole number').min(0).max(HANDWRITING_BOX);
const ink = z
  .array(
    z
      .array(z.tuple([coord, coord]))
      .min(1, 'must have at least one point')
      .max(HANDWRITING_MAX_POINTS),
    'must be a list of strokes',
  )
  .min(1, 'must have at least one stroke')
  .max(HANDWRITING_MAX_STROKES, `must have at most ${HANDWRITING_MAX_STROKES} strokes`)
  .refine(
    (s) => s.reduce((n, stroke) => n + stroke.length, 0) <= HANDWRITING_MAX_TOTAL_POINTS,
    `must have at most ${HANDWRITING_MAX_TOTAL_POINTS} points in all`,
  );

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a department id');
const placeId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a place id');
const none = z.strictObject({});
/** A staff session token from `unlock`. */
const token = z.string().min(16).max(64);
const packFile = z.string().min(1).max(4096);

/** Argument schemas, one per method (the method list is src/shared/api.ts API_METHODS). */
export const apiArgs = {
  getInfo: none,
  listDepartments: none,
  getDepartment: z.strictObject({ id }),
  getDepartmentDoctors: z.strictObject({ id }),
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
    limit: z.number().int().min(1).max(CANDIDATES_MAX).default(CANDIDATES_DEFAULT),
  }),
  recognizeHandwriting: z.strictObject({
    strokes: ink,
    limit: z.number().int().min(1).max(HANDWRITING_CANDIDATES_MAX).default(HANDWRITING_CANDIDATES_DEFAULT),
  }),
  search: z.strictObject({
    q: z.string().max(SEARCH_MAX_LENGTH, `must be at most ${SEARCH_MAX_LENGTH} characters; try a shorter search`),
    lang: z.enum(LANGS).default('zh'),
    limit: z.number().int().min(1).max(SEARCH_MAX_LIMIT).default(SEARCH_DEFAULT_LIMIT),
    probe: z.boolean().default(false),
  }),
  recordSymptomPath: z
    .strictObject({
      area: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a symptom area id'),
      complaint: z.number().int().min(0).max(499),
      department: id.optional(),
      place: placeId.optional(),
    })
    .refine((a) => (a.department === undefined) !== (a.place === undefined), { message: 'must name either a department or a place', path: ['department'] }),
  getPreviewReport: none,
  unlock: z.strictObject({ role: z.enum(['it', 'volunteer']), pin: z.string().max(PIN_ARG_MAX_LENGTH) }),
  lock: z.strictObject({ token }),
  getDirectory: z.strictObject({ token }),
  getDirectoryDoctors: z.strictObject({ token }),
  itStatus: z.strictObject({ token }),
  itPackList: z.strictObject({ token }),
  itInspectPack: z.strictObject({ token, file: packFile }),
  itInstallPack: z.strictObject({ token, file: packFile }),
  itInstallJob: z.strictObject({ token, id: z.string().max(64) }),
  itRollback: z.strictObject({ token, to: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional() }),
  itHistory: z.strictObject({ token }),
  itHealth: z.strictObject({ token }),
  itResetRollbackRecord: z.strictObject({ token }),
  itAuditLog: z.strictObject({ token, limit: z.number().int().min(1).max(AUDIT_MAX_LIMIT).default(AUDIT_DEFAULT_LIMIT) }),
  itExportAuditLog: z.strictObject({
    token,
    lang: z.enum(LANGS),
    action: z.enum(['install', 'rollback', 'trust', 'set-pin', 'recover', 'unlock', 'lan', 'result-file', 'reset-rollback-record', 'update']).optional(),
    result: z.enum(['accepted', 'refused', 'no-change', 'failed', 'interrupted']).optional(),
  }),
  itPreviewPack: z.strictObject({ token, file: packFile }),
  itStopPreview: z.strictObject({ token }),
  itNoResultSearches: z.strictObject({ token, days: z.number().int().min(1).max(400).default(30), limit: z.number().int().min(1).max(200).default(20) }),
} as const satisfies { [M in ApiMethod]: z.ZodType };

/** The arguments a handler receives: validated, defaults filled in. */
export type ParsedArgs<M extends ApiMethod> = z.output<(typeof apiArgs)[M]>;

// Compile-time check: every schema accepts exactly the shared argument type, and no method lacks one.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type ArgsMismatch = { [M in ApiMethod]: Same<z.input<(typeof apiArgs)[M]>, ApiArgsMap[M]> extends true ? never : M }[ApiMethod];
const everySchemaMatches: [ArgsMismatch] extends [never] ? true : ArgsMismatch = true;
void everySchemaMatches;
