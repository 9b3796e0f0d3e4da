/**
 * The one handler table behind both transports. `dispatch` validates the method name and its
 * arguments against the contract, runs the handler and turns every failure into an
 * ApiErrorBody with a sentence, so a bad call gets a clear error and never a crash. It also tells
 * the context when a call from the kiosk's own screen shows that someone is using the kiosk
 * (`touched`), so background work such as the pack watcher waits until nobody is; calls from
 * devices on the network never count.
 */
import type { z } from 'zod';
import { ApiError, apiAccess, isApiMethod, type ApiMethod, type ApiResponse, type ApiResults } from '../../shared/api.js';
import type { KioskInfo, SearchResult } from '../../shared/results.js';
import { openState } from '../../shared/hours.js';
import { appendAudit } from '../audit/log.js';
import { departmentClinics } from '../content/clinics.js';
import { describeIssues } from '../content/issues.js';
import { DirectionsError, directionsFor } from '../wayfinding/directions.js';
import type { ApiContext, Caller } from './context.js';
import { apiArgs } from './contract.js';
import { staffHandlers } from './staff.js';

export type { ApiContext, Caller, ContentReader } from './context.js';
import { emergencyPlace, placeDirections, placeSummaries, placeSummary } from '../wayfinding/places.js';
import { RecognizerError, contentCharacters, handwritingCandidates } from '../handwriting/recognizer.js';

/** A LAN device's attempts at IT functions go to the audit log, at most once a minute per address. */
const LAN_AUDIT_EVERY_MS = 60_000;
const lanAudited = new Map<string, number>();

function auditLanAttempt(ctx: ApiContext, method: ApiMethod, caller: Caller, now = Date.now()): void {
  const address = caller.address ?? 'unknown address';
  const last = lanAudited.get(address);
  if (last !== undefined && now - last < LAN_AUDIT_EVERY_MS) return;
  if (lanAudited.size >= 1000) lanAudited.clear(); // bounded, whoever is calling
  lanAudited.set(address, now);
  const what = method === 'unlock' ? 'tried to unlock the IT screen' : `asked for the IT function ${method}`;
  appendAudit(ctx.dataDir, {
    action: 'lan',
    result: 'refused',
    params: { address, method },
    reason: `A device on the network (${address}) ${what}; IT functions answer only at the kiosk itself. Further attempts from it within a minute are not recorded.`,
  });
}

/**
 * Calls the UI makes on its own, with nobody at the screen: the welcome screen asks for getInfo
 * every few seconds. Every other call means someone is using the kiosk.
 */
export const PASSIVE_METHODS: ReadonlySet<ApiMethod> = new Set<ApiMethod>(['getInfo']);

/** Methods a LAN device may call before it has unlocked volunteer mode. */
const REMOTE_OPEN = new Set<ApiMethod>(['getInfo', 'unlock', 'lock']);

type Handlers = {
  [M in ApiMethod]: (ctx: ApiContext, args: z.output<(typeof apiArgs)[M]>, caller: Caller) => ApiResults[M] | Promise<ApiResults[M]>;
};

export const handlers: Handlers = {
  getInfo: (ctx, _args, caller) => {
    const c = ctx.content();
    // A LAN device can never open the IT screen, so it is not told whether an IT PIN is set.
    const staff = { it: !caller.remote && ctx.sessions.available('it'), volunteer: ctx.sessions.available('volunteer') };
    const viewer = caller.remote ? 'lan-device' : 'kiosk';
    const info: KioskInfo = {
      appVersion: ctx.appVersion,
      viewer,
      staff,
      hospital: c.hospital(),
      content: c.status(),
      settings: ctx.settings(),
      handwriting: !!ctx.recognizer,
    };
    const r = ctx.previewReport?.();
    return r ? { ...info, preview: { kind: r.kind, name: r.name, ok: r.ok, problems: r.problems.length } } : info;
  },
  listDepartments: (ctx) => ctx.content().listDepartments(),
  getDepartment: (ctx, { id }, caller) => {
    const dep = ctx.content().getDepartment(id);
    if (!dep) throw new ApiError('not_found', `There is no department "${id}" in the current content.`);
    if (!caller.remote) ctx.visits?.opened('department', id);
    return { ...dep, open: openState(dep.hours, new Date(ctx.clock?.() ?? Date.now())) };
  },
  getDepartmentDoctors: (ctx, { id }) => {
    const c = ctx.content();
    if (!c.getDepartment(id)) throw new ApiError('not_found', `There is no department "${id}" in the current content.`);
    return departmentClinics(id, c.departmentDoctors(id), new Date(ctx.clock?.() ?? Date.now()));
  },
  getDirections: async (ctx, { id, stepFree, lang }) => {
    const c = ctx.content();
    const dep = c.getDepartment(id);
    if (!dep) throw new ApiError('not_found', `There is no department "${id}" in the current content.`);
    try {
      return await directionsFor(c, dep, { kioskPoint: ctx.settings().kioskPoint, stepFree, lang });
    } catch (e) {
      if (e instanceof DirectionsError) throw new ApiError('not_found', e.message);
      throw e;
    }
  },
  getSymptomGuide: (ctx) => ctx.content().document('symptoms') ?? null,
  getVisitorInfo: (ctx) => ctx.content().document('visitorInfo') ?? null,
  listPlaces: (ctx) => {
    const c = ctx.content();
    return placeSummaries(c.document('places'), c.document('wayfinding'));
  },
  getPlace: (ctx, { id }, caller) => {
    const c = ctx.content();
    const place = c.document('places')?.places.find((p) => p.id === id);
    if (!place) throw new ApiError('not_found', `There is no place "${id}" in the current content.`);
    if (!caller.remote) ctx.visits?.opened('place', id);
    return placeSummary(place, c.document('wayfinding'));
  },
  getPlaceDirections: async (ctx, { id, stepFree, lang }) => {
    const c = ctx.content();
    const place = c.document('places')?.places.find((p) => p.id === id);
    if (!place) throw new ApiError('not_found', `There is no place "${id}" in the current content.`);
    try {
      return await placeDirections(c, place, { kioskPoint: ctx.settings().kioskPoint, stepFree, lang });
    } catch (e) {
      if (e instanceof DirectionsError) throw new ApiError('not_found', e.message);
      throw e;
    }
  },
  searchCandidates: (ctx, { q, limit }) => ctx.content().candidates(q, limit),
  recognizeHandwriting: async (ctx, { strokes, limit }) => {
    const recognizer = ctx.recognizer;
    if (!recognizer) throw new ApiError('unavailable', 'Handwriting is not available on this kiosk; please use the keyboard.');
    const c = ctx.content();
    try {
      return { characters: await handwritingCandidates(recognizer, contentCharacters(c), strokes, limit) };
    } catch (e) {
      if (e instanceof RecognizerError) throw new ApiError('unavailable', `${e.message} Please write the character again, or use the keyboard.`);
      throw e;
    }
  },
  search: (ctx, { q, lang, limit, probe }, caller) => {
    const c = ctx.content();
    const result = c.search(q, lang, limit);
    if (result.emergency) {
      const ed = emergencyPlace(c.document('places'));
      if (ed) result.emergency.place = placeSummary(ed, c.document('wayfinding'));
    }
    if (!caller.remote && !probe) ctx.visits?.search(q, foundAnything(result));
    return result;
  },
  getPreviewReport: (ctx) => ctx.previewReport?.() ?? null,
  recordSymptomPath: (ctx, { area, complaint, department, place }, caller) => {
    const c = ctx.content();
    const a = c.document('symptoms')?.areas.find((x) => x.id === area);
    const cp = a?.complaints[complaint];
    const listed = cp && (department !== undefined ? cp.departments.includes(department) : cp.places.includes(place!));
    if (!a || !cp || !listed) throw new ApiError('not_found', 'That way through the symptom guide is not in the current content.');
    if (!caller.remote)
      ctx.visits?.symptomPath(`${a.id} › ${cp.name.zh} / ${cp.name.en} → ${department !== undefined ? `department ${department}` : `place ${place!}`}`);
    return null;
  },
  ...staffHandlers,
};

/** Did a search find anything: an emergency answer, or a hit in any of its lists? */
function foundAnything(r: SearchResult): boolean {
  if (r.emergency) return true;
  const lists = [...Object.values(r), ...Object.values(r.groups)].filter((v): v is unknown[] => Array.isArray(v));
  return lists.some((l) => l.length > 0);
}

/** An IT function, or unlocking anything but volunteer mode: what a LAN device may never do. */
function reachesForIt(method: ApiMethod, args: unknown): boolean {
  return apiAccess[method] === 'it' || (method === 'unlock' && (args as { role: string }).role !== 'volunteer');
}

/** A sentence when the caller may not call this method, else undefined. */
function refusal(ctx: ApiContext, method: ApiMethod, args: unknown, caller: Caller): string | undefined {
  const access = apiAccess[method];
  if (caller.remote) {
    if (reachesForIt(method, args)) {
      return access === 'it' ? 'IT functions are only available at the kiosk itself.' : 'Only volunteer mode can be unlocked from another device.';
    }
    if (!REMOTE_OPEN.has(method) && !(caller.session && ctx.sessions.check(caller.session, 'volunteer'))) {
      return 'Enter the volunteer code to use the kiosk directory from this device.';
    }
  }
  if (access === 'public') return undefined;
  const token = (args as { token?: string }).token ?? '';
  if (!ctx.sessions.check(token, access)) {
    return `The ${access === 'it' ? 'IT' : 'volunteer'} session has ended; enter the ${access === 'it' ? 'PIN' : 'volunteer code'} again.`;
  }
  return undefined;
}

export async function dispatch(ctx: ApiContext, method: string, rawArgs: unknown, caller: Caller = { remote: false }): Promise<ApiResponse> {
  if (!isApiMethod(method)) {
    return { ok: false, error: { code: 'unknown_method', message: `"${method}" is not a kiosk API method.` } };
  }
  // Only the kiosk's own screen is someone at the kiosk: a tablet on the network is not a visitor.
  if (!PASSIVE_METHODS.has(method) && !caller.remote) ctx.touched?.();
  const parsed = apiArgs[method].safeParse(rawArgs ?? {});
  if (!parsed.success) {
    const detail = describeIssues(method, parsed.error).join('; ');
    return { ok: false, error: { code: 'bad_args', message: `Bad arguments for ${detail}.` } };
  }
  const refused = refusal(ctx, method, parsed.data, caller);
  if (refused && caller.remote && reachesForIt(method, parsed.data)) auditLanAttempt(ctx, method, caller);
  if (refused) return { ok: false, error: { code: 'forbidden', message: refused } };
  try {
    const run = handlers[method] as (c: ApiContext, a: unknown, caller: Caller) => unknown;
    return { ok: true, value: await run(ctx, parsed.data, caller) };
  } catch (e) {
    if (e instanceof ApiError)
      return { ok: false, error: { code: e.code, message: e.message, ...(e.refusal ? { check: e.refusal.check, params: e.refusal.params } : {}) } };
    console.error(`kiosk: ${method} failed:`, e);
    return { ok: false, error: { code: 'internal', message: 'Something went wrong inside the kiosk; the error has been logged.' } };
  }
}
