/**
 * The staff side of the API: unlocking with a PIN, the volunteers' directory, and the IT screen's
 * pack operations (status, packs found on USB sticks, inspect, install in the background with
 * progress, rollback, audit log). Access is enforced by the dispatcher (apiAccess); these
 * handlers only do the work. Pack files are accepted only when they are among the packs the
 * pack sources offer (the configured folders, and any other source the context adds), so the
 * touchscreen cannot name arbitrary paths.
 */
import { randomBytes } from 'node:crypto';
import type { Sessions } from '../access/sessions.js';
import { ApiError } from '../../shared/api.js';
import type { DirectoryRow, FoundPack, Inspection, InstallJob, InstallResult, PackStatus, RollbackResult } from '../../shared/results.js';
import { appendAudit, readAuditLog } from '../audit/log.js';
import { PackError } from '../packs/errors.js';
import { folderPackSource } from '../packs/sources/folders.js';
import type { ProgressFn } from '../packs/verify.js';
import type { ContentReader, PackSource } from '../ports.js';
import type { Caller } from './handlers.js';

/** The pack operations over the kiosk's content store, as the composition root provides them. */
export interface PackTools {
  status(dataDir: string): PackStatus;
  inspectPack(file: string, dataDir: string): Promise<Inspection>;
  installPack(file: string, dataDir: string, onProgress: ProgressFn): Promise<InstallResult>;
  rollback(dataDir: string): Promise<RollbackResult>;
}

export interface StaffContext {
  sessions: Sessions;
  dataDir: string;
  /** The folders searched for packs (USB sticks are mounted below them). */
  packFolders(): string[];
  /** Other places packs come from, offered after the folders. */
  packSources?(): readonly PackSource[];
  content(): ContentReader;
  /**
   * The pack tools (zip reading, signatures), loaded when IT staff first use them rather than at
   * start-up; a context without them answers the IT screen's pack calls as unavailable.
   */
  packTools?(): Promise<PackTools>;
}

async function packs(ctx: StaffContext): Promise<PackTools> {
  if (!ctx.packTools) throw new ApiError('unavailable', 'This kiosk cannot work with content packs.');
  return ctx.packTools();
}

function offeredPacks(ctx: StaffContext): FoundPack[] {
  return [folderPackSource(ctx.packFolders()), ...(ctx.packSources?.() ?? [])].flatMap((source) => source.list());
}

const jobs = new Map<string, InstallJob>();
const MAX_JOBS = 20;

function foundPack(ctx: StaffContext, file: string): string {
  const match = offeredPacks(ctx).find((p) => p.file === file);
  if (!match) throw new ApiError('not_found', 'That pack is no longer on the USB stick or in the pack folders; look for packs again.');
  return match.file;
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
      if (e instanceof PackError) job.check = e.check;
    });
  return job;
}

export const staffHandlers = {
  unlock: (ctx: StaffContext, { role, pin }: { role: 'it' | 'volunteer'; pin: string }, caller?: Caller) => {
    const r = ctx.sessions.unlock(role, pin);
    const what = role === 'it' ? 'The IT screen' : 'Volunteer mode';
    const where = caller?.remote ? `from a device on the network (${caller.address ?? 'unknown address'})` : 'at the kiosk';
    if (!r.ok && r.reason !== 'no-pin') appendAudit(ctx.dataDir, { action: 'unlock', result: 'refused', reason: `${what}, ${where}: ${r.message}` });
    if (r.ok) appendAudit(ctx.dataDir, { action: 'unlock', result: 'accepted', reason: `${what} was unlocked ${where}.` });
    return r;
  },
  lock: (ctx: StaffContext, { token }: { token: string }) => {
    ctx.sessions.end(token);
    return null;
  },
  getDirectory: (ctx: StaffContext) => directory(ctx.content()),
  itStatus: async (ctx: StaffContext) => (await packs(ctx)).status(ctx.dataDir),
  itListPacks: (ctx: StaffContext) => offeredPacks(ctx),
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
  itRollback: async (ctx: StaffContext) => {
    try {
      return await (await packs(ctx)).rollback(ctx.dataDir);
    } catch (e) {
      throw new ApiError('unavailable', (e as Error).message);
    }
  },
  itAuditLog: (ctx: StaffContext, { limit }: { limit: number }) => readAuditLog(ctx.dataDir, limit),
};

