/**
 * The install journal and the lock. An install records what it is about to do (state.json
 * `pending`) before it builds anything; `recover`, run under the lock at the start of every
 * install and rollback, finishes an install a crash interrupted after the switch, or discards
 * one interrupted before it. The crash points let the crash tests kill an install at each stage.
 */
import type { DataFolder } from '../datafolder.js';
import { appendAudit } from '../audit/log.js';
import { PackError, PackOperationError } from './errors.js';
import { readPointerSafe } from './installed.js';
import { writeKeysFile } from './keys.js';
import { acquireLock, laterTime, readState, withAccepted, writeState, type Pending } from './state.js';

// ---------------------------------------------------------------------------------------------
// Crash points, for the crash tests only (KIOSK_TEST_CRASH_AT=<stage>).

export const CRASH_STAGES = [
  'after-verify',
  'mid-build',
  'after-build-before-switch',
  'after-switch',
  'after-switch-before-prune',
  'rollback-after-journal',
  'rollback-after-switch',
] as const;
/** The stages of an install (the rest are a rollback's). */
export const INSTALL_CRASH_STAGES = CRASH_STAGES.filter((s) => !s.startsWith('rollback-'));
export type CrashStage = (typeof CRASH_STAGES)[number];

export function crashPoint(stage: CrashStage): void {
  if (process.env.KIOSK_TEST_CRASH_AT === stage) process.kill(process.pid, 'SIGKILL');
}

// ---------------------------------------------------------------------------------------------

/** Apply a finished install's record: key list first, then the highest version, clearing the journal. */
export function commitPending(folder: DataFolder, p: Pending): void {
  if (p.keys) {
    const at = new Date().toISOString();
    writeKeysFile(folder.dir, {
      threshold: p.keys.threshold,
      keys: p.keys.keys.map((k) => ({ ...k, addedAt: at, source: `pack ${p.packId} v${p.version}` })),
      rotatedBy: { packId: p.packId, version: p.version, at },
    });
  }
  const state = readState(folder.dir);
  const at = new Date().toISOString();
  writeState(folder.dir, {
    highestVersion: Math.max(state.highestVersion, p.version),
    latestCreated: laterTime(state.latestCreated, p.created),
    accepted: p.manifestSha256
      ? withAccepted(state.accepted, { rel: p.rel, packId: p.packId, version: p.version, manifestSha256: p.manifestSha256, created: p.created, acceptedAt: at })
      : state.accepted,
    ...(state.rollingBack ? { rollingBack: state.rollingBack } : {}),
  });
}

/** Finish or discard a rollback a crash interrupted: the pointer names the content it was switching to, or not yet. */
function recoverRollback(folder: DataFolder): void {
  const state = readState(folder.dir);
  const rb = state.rollingBack;
  if (!rb) return;
  const { rollingBack: _done, ...rest } = state;
  const switched = readPointerSafe(folder)?.active === rb.to;
  writeState(folder.dir, rest);
  appendAudit(folder.dir, {
    action: 'rollback',
    result: switched ? 'accepted' : 'interrupted',
    code: switched ? 'rollback.completed' : 'rollback.interrupted',
    params: { from: rb.fromVersion },
    packId: rb.packId,
    version: rb.toVersion,
    signers: rb.signers,
    reason: switched
      ? `A rollback from version ${rb.fromVersion} to version ${rb.toVersion} was interrupted after the switch; its record was completed.`
      : `A rollback from version ${rb.fromVersion} to version ${rb.toVersion} was interrupted before the switch; version ${rb.fromVersion} stayed live.`,
  });
}

/**
 * Finish or discard an install a crash interrupted. Called under the lock at the start of every
 * install and rollback.
 */
export function recover(folder: DataFolder): void {
  recoverRollback(folder);
  const state = readState(folder.dir);
  const p = state.pending;
  if (!p) return;
  const pointer = readPointerSafe(folder);
  if (pointer?.active === p.rel) {
    commitPending(folder, p);
    appendAudit(folder.dir, {
      action: 'install',
      result: 'accepted',
      code: 'install.completed',
      packId: p.packId,
      version: p.version,
      signers: p.signers,
      reason: 'The install was interrupted after the switch to the new content; its record was completed.',
    });
  } else {
    const { pending: _dropped, ...rest } = state;
    writeState(folder.dir, rest);
    appendAudit(folder.dir, {
      action: 'install',
      result: 'interrupted',
      packId: p.packId,
      version: p.version,
      signers: p.signers,
      reason: 'The install was interrupted before the switch; the earlier content stayed live.',
    });
  }
  try {
    folder.collectGarbage();
  } catch {
    /* leftovers are removed next time */
  }
}

export async function withLock<T>(
  folder: DataFolder,
  action: 'install' | 'rollback' | 'reset-rollback-record',
  file: string | undefined,
  fn: () => Promise<T>,
): Promise<T> {
  let release: () => void;
  try {
    folder.ensure();
    release = acquireLock(folder.dir);
  } catch (e) {
    appendAudit(folder.dir, { action, result: 'failed', reason: (e as Error).message, ...(file ? { file } : {}) });
    throw e instanceof PackOperationError || e instanceof PackError ? e : new PackOperationError((e as Error).message);
  }
  try {
    return await fn();
  } finally {
    release();
  }
}
