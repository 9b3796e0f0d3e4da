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
import { acquireLock, laterTime, readState, writeState, type Pending } from './state.js';

// ---------------------------------------------------------------------------------------------
// Crash points, for the crash tests only (KIOSK_TEST_CRASH_AT=<stage>).

export const CRASH_STAGES = ['after-verify', 'mid-build', 'after-build-before-switch', 'after-switch'] as const;
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
  writeState(folder.dir, {
    highestVersion: Math.max(state.highestVersion, p.version),
    latestCreated: laterTime(state.latestCreated, p.created),
  });
}

/**
 * Finish or discard an install a crash interrupted. Called under the lock at the start of every
 * install and rollback.
 */
export function recover(folder: DataFolder): void {
  const state = readState(folder.dir);
  const p = state.pending;
  if (!p) return;
  const pointer = readPointerSafe(folder);
  if (pointer?.active === p.rel) {
    commitPending(folder, p);
    appendAudit(folder.dir, {
      action: 'install',
      result: 'accepted',
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
