/**
 * The staff side of the API: unlocking with a PIN, the volunteers' directory, and the IT screen's
 * pack operations (status, packs found on USB sticks, inspect, install in the background with
 * progress, rollback, resetting the anti-rollback record, audit log). Access is enforced by the
 * dispatcher (apiAccess); these handlers only do the work. Pack files are accepted only when they
 * are among the packs the pack sources offer (the configured folders, and any other source the
 * context adds), so the touchscreen cannot name arbitrary paths.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { ApiError } from '../../shared/api.js';
import type { Lang } from '../../shared/content.js';
import type { AuditAction, AuditResult, DirectoryDoctors, DirectoryRow, FoundPack, InstallJob, TopNoResultSearches } from '../../shared/results.js';
import { AT_KIOSK } from '../access/sessions.js';
import { AuditExportError, exportAuditLog, exportFolders } from '../audit/export.js';
import { appendAudit, readAuditLog } from '../audit/log.js';
import { departmentClinics } from '../content/clinics.js';
import { PackError } from '../packs/errors.js';
import { findPacks, folderPackSource } from '../packs/sources/folders.js';
import type { ContentReader } from '../ports.js';
import type { ApiContext, Caller, PackTools, StaffContext } from './context.js';
import type { PackCatalog } from '../packs/catalog.js';

export type { PackTools, StaffContext } from './context.js';

async function packs(ctx: StaffContext): Promise<PackTools> {
  if (!ctx.packTools) throw new ApiError('unavailable', 'This kiosk cannot work with content packs.');
  return ctx.packTools();
}

function offeredPacks(ctx: StaffContext): FoundPack[] {
  return [folderPackSource(ctx.packFolders()), ...(ctx.packSources?.() ?? [])].flatMap((source) => source.list());
}

const jobs = new Map<string, InstallJob>();
/** One pack list per data folder, kept while the kiosk runs, so verdicts once reached answer at once. */
const catalogs = new Map<string, PackCatalog>();

async function catalogFor(ctx: StaffContext): Promise<PackCatalog> {
  const dir = resolve(ctx.dataDir);
  let c = catalogs.get(dir);
  if (!c) {
    c = (await packs(ctx)).packCatalog(dir);
    catalogs.set(dir, c);
  }
  return c;
}
const MAX_JOBS = 20;

function foundPack(ctx: StaffContext, file: string): string {
  const match = offeredPacks(ctx).find((p) => p.file === file);
  if (!match) throw new ApiError('not_found', 'That pack is no longer on the USB stick or in the pack folders; look for packs again.');
  return match.file;
}

/**
 * Refused unlocks in the audit log, grouped per screen and source (the kiosk's pad, each network
 * address): the first refusal is written at once, the further ones within the next minute become
 * one entry with their count when the minute is over (or the kiosk closes). A flood of attempts
 * at a locked pad so writes two lines a minute, not one per call, and the IT screen's log view
 * still shows everything else.
 */
export const UNLOCK_AUDIT_WINDOW_MS = 60_000;
const MAX_UNLOCK_GROUPS = 1000;

interface RefusalGroup {
  dataDir: string;
  /** The audit parameters: screen, where, address. */
  params: Record<string, string>;
  /** "The IT screen, at the kiosk" */
  subject: string;
  since: string;
  count: number;
  last: string;
  timer: NodeJS.Timeout;
}

const refusals = new Map<string, RefusalGroup>();

function writeGroup(key: string): void {
  const g = refusals.get(key);
  if (!g) return;
  refusals.delete(key);
  clearTimeout(g.timer);
  if (!g.count) return;
  const attempts = g.count === 1 ? 'attempt' : 'attempts';
  appendAudit(g.dataDir, {
    action: 'unlock',
    result: 'refused',
    code: 'unlock.refused-group',
    params: { ...g.params, count: g.count },
    reason: `${g.subject}: ${g.count} more refused ${attempts} within a minute of ${g.since}; the last: ${g.last}`,
  });
}

function auditRefusal(dataDir: string, key: string, subject: string, message: string, params: Record<string, string>): void {
  const g = refusals.get(key);
  if (g) {
    g.count++;
    g.last = message;
    return;
  }
  appendAudit(dataDir, { action: 'unlock', result: 'refused', params, reason: `${subject}: ${message}` });
  if (refusals.size >= MAX_UNLOCK_GROUPS) writeGroup(refusals.keys().next().value!);
  const timer = setTimeout(() => writeGroup(key), UNLOCK_AUDIT_WINDOW_MS);
  timer.unref();
  refusals.set(key, { dataDir, params, subject, since: new Date().toISOString(), count: 0, last: message, timer });
}

/** Writes the counts of refused unlocks not yet in the audit log (of one data folder, or all). */
export function flushUnlockAudit(dataDir?: string): void {
  const dir = dataDir === undefined ? undefined : resolve(dataDir);
  for (const [key, g] of [...refusals]) if (dir === undefined || resolve(g.dataDir) === dir) writeGroup(key);
}

export function directory(content: ContentReader): DirectoryRow[] {
  const rows: DirectoryRow[] = [];
  for (const d of content.listDepartments()) {
    const base = { departmentId: d.id, department: d.name, location: d.location, hours: d.hours, phone: d.phone };
    rows.push({ kind: 'department', name: d.name, ...base });
    const full = content.getDepartment(d.id);
    for (const s of full?.services ?? []) rows.push({ kind: 'service', name: s.name, ...base });
  }
  return rows;
}

/**
 * Every doctor of the content with their clinics on the kiosk's date, for the volunteers' directory
 * in one call: read a department at a time (each one's sessions and exceptions only), so that 3,000
 * doctors cost one query per department and no pass over every session for every doctor.
 */
export function directoryDoctors(content: ContentReader, now: Date): DirectoryDoctors {
  const { date, weekday } = departmentClinics('', { doctors: [], sessions: [], exceptions: [] }, now);
  const doctors: DirectoryDoctors['doctors'] = [];
  for (const d of content.listDepartments())
    for (const t of departmentClinics(d.id, content.departmentDoctors(d.id), now).doctors)
      doctors.push({ doctorId: t.doctor.id, departmentId: d.id, name: t.doctor.name, title: t.doctor.title, today: t.today, cancelled: t.cancelled });
  return { date, weekday, doctors };
}

async function startInstall(ctx: StaffContext, file: string): Promise<InstallJob> {
  const { installPack } = await packs(ctx);
  const job: InstallJob = { id: randomBytes(8).toString('hex'), file, state: 'running', progress: [] };
  jobs.set(job.id, job);
  while (jobs.size > MAX_JOBS) jobs.delete(jobs.keys().next().value!);
  installPack(file, ctx.dataDir, (stage, message) => job.progress.push({ stage, message }))
    .then((result) => {
      job.result = result;
      job.state = 'done';
    })
    .catch((e: unknown) => {
      job.state = 'failed';
      job.error = (e as Error).message;
      if (e instanceof PackError) {
        job.check = e.check;
        job.params = e.params;
      }
    });
  return job;
}

export const staffHandlers = {
  unlock: (ctx: StaffContext, { role, pin }: { role: 'it' | 'volunteer'; pin: string }, caller?: Caller) => {
    const source = caller?.remote ? (caller.address ?? 'unknown address').replace(/^::ffff:/, '') : AT_KIOSK;
    const r = ctx.sessions.unlock(role, pin, source);
    const what = role === 'it' ? 'The IT screen' : 'Volunteer mode';
    const where = caller?.remote ? `from a device on the network (${caller.address ?? 'unknown address'})` : 'at the kiosk';
    const key = `${ctx.dataDir}\0${role}\0${source}`;
    const params = { screen: role, where: caller?.remote ? 'network' : 'kiosk', ...(caller?.remote ? { address: caller.address ?? 'unknown' } : {}) };
    if (!r.ok && r.reason !== 'no-pin') auditRefusal(ctx.dataDir, key, `${what}, ${where}`, r.message, params);
    if (r.ok) {
      writeGroup(key); // the refusals before it come first
      appendAudit(ctx.dataDir, { action: 'unlock', result: 'accepted', params, reason: `${what} was unlocked ${where}.` });
    }
    return r;
  },
  lock: async (ctx: StaffContext, { token }: { token: string }) => {
    // The preview of a pack is the IT screen's: it goes with the IT session that opened it.
    const it = ctx.sessions.holds(token, 'it');
    ctx.sessions.end(token);
    if (it) await ctx.stopPreview?.();
    return null;
  },
  getDirectory: (ctx: StaffContext) => directory(ctx.content()),
  getDirectoryDoctors: (ctx: ApiContext) => directoryDoctors(ctx.content(), new Date(ctx.clock?.() ?? Date.now())),
  itStatus: async (ctx: StaffContext) => (await packs(ctx)).status(ctx.dataDir),
  itPackList: async (ctx: StaffContext) => (await catalogFor(ctx)).list(offeredPacks(ctx)),
  itHistory: async (ctx: StaffContext) => {
    try {
      return (await packs(ctx)).history(ctx.dataDir);
    } catch (e) {
      throw new ApiError('unavailable', (e as Error).message);
    }
  },
  itHealth: async (ctx: StaffContext) => {
    if (!ctx.health) throw new ApiError('unavailable', 'This kiosk cannot report its health here.');
    return ctx.health();
  },
  itInspectPack: async (ctx: StaffContext, { file }: { file: string }) => (await packs(ctx)).inspectPack(foundPack(ctx, file), ctx.dataDir),
  itInstallPack: (ctx: StaffContext, { file }: { file: string }) => {
    if ([...jobs.values()].some((j) => j.state === 'running')) throw new ApiError('unavailable', 'A pack is already being installed; wait for it to finish.');
    return startInstall(ctx, foundPack(ctx, file));
  },
  itInstallJob: (_ctx: StaffContext, { id }: { id: string }) => {
    const job = jobs.get(id);
    if (!job) throw new ApiError('not_found', 'That install is no longer known to the kiosk; check the status and the log.');
    return job;
  },
  itRollback: async (ctx: StaffContext, { to }: { to?: number | undefined }) => {
    try {
      return await (await packs(ctx)).rollback(ctx.dataDir, to === undefined ? {} : { to });
    } catch (e) {
      throw new ApiError('unavailable', (e as Error).message);
    }
  },
  itResetRollbackRecord: async (ctx: StaffContext) => {
    try {
      return await (await packs(ctx)).resetRollbackRecord(ctx.dataDir);
    } catch (e) {
      throw new ApiError('unavailable', (e as Error).message);
    }
  },
  itAuditLog: (ctx: StaffContext, { limit }: { limit: number }) => readAuditLog(ctx.dataDir, limit),
  itExportAuditLog: (
    ctx: StaffContext & Pick<ApiContext, 'settings'>,
    { lang, action, result }: { lang: Lang; action?: AuditAction | undefined; result?: AuditResult | undefined },
  ) => {
    const folders = ctx.packFolders();
    try {
      return exportAuditLog(ctx.dataDir, exportFolders(folders, findPacks(folders)), { lang, filter: { action, result }, site: ctx.settings().site });
    } catch (e) {
      if (e instanceof AuditExportError) throw new ApiError('unavailable', e.message);
      throw e;
    }
  },
  itPreviewPack: async (ctx: StaffContext, { token, file }: { token: string; file: string }) => {
    if (!ctx.previewPack) throw new ApiError('unavailable', 'This kiosk cannot show a preview of a pack; install it from a kiosk served by the kiosk command.');
    const found = foundPack(ctx, file);
    try {
      // It lasts no longer than the IT session that opened it: locked, or lapsed after minutes unused.
      return await ctx.previewPack(found, () => ctx.sessions.holds(token, 'it'));
    } catch (e) {
      if (e instanceof PackError) throw new ApiError('unavailable', `This pack cannot be previewed: ${e.message}`, { check: e.check, params: e.params });
      if (e instanceof ApiError) throw new ApiError('unavailable', `This pack cannot be previewed: ${e.message}`);
      throw e;
    }
  },
  itStopPreview: async (ctx: StaffContext) => {
    await ctx.stopPreview?.();
    return null;
  },
  itNoResultSearches: (ctx: StaffContext, { days, limit }: { days: number; limit: number }): TopNoResultSearches => {
    const since = ctx.visits ? ctx.visits.dayBefore(days - 1) : '';
    if (!ctx.visits) return { since, searches: [], unavailable: ctx.visitsUnavailable ?? 'This kiosk does not count what visitors look for.' };
    const rows = ctx.visits.rows('no-result', since, limit);
    return { since, searches: rows.map((r) => ({ query: r.key, total: r.total, days: r.days.length, lastDay: r.days[r.days.length - 1]?.day ?? since })) };
  },
};
