/**
 * What the kiosk remembers about packs it has accepted (the data folder's state.json, written
 * atomically), and the lock that keeps two installs or rollbacks from running at once.
 *
 *   state.json  { highestVersion, latestCreated, pending? }
 *
 * `highestVersion` and `latestCreated` only ever grow, and only after every check passed and the
 * switch succeeded. `pending` is the install journal: written once a pack has been verified and
 * cleared when its install is finished; if a crash leaves it behind, the next pack operation
 * either completes it (the pointer already names the new database) or discards it.
 */
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../datafolder.js';
import { PackError, PackOperationError } from './errors.js';
import { KeyList } from './format.js';

export const STATE_FILE = 'state.json';
export const LOCK_FILE = 'packs.lock';

export const Pending = z.strictObject({
  /** The content database being installed (relative to the data folder). */
  rel: z.string(),
  packId: z.string(),
  version: z.number().int(),
  created: z.string(),
  signers: z.array(z.string()),
  /** A new trusted key list the pack carries, applied when the install completes. */
  keys: KeyList.optional(),
  startedAt: z.string(),
});
export type Pending = z.infer<typeof Pending>;

export const PackState = z.strictObject({
  highestVersion: z.number().int().nonnegative().default(0),
  latestCreated: z.string().nullable().default(null),
  updatedAt: z.string().optional(),
  pending: Pending.optional(),
});
export type PackState = z.infer<typeof PackState>;

export function readState(dataDir: string): PackState {
  const file = join(dataDir, STATE_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { highestVersion: 0, latestCreated: null };
    throw new PackError('trust-config', `${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}); no pack can be installed until it is fixed.`);
  }
  let parsed;
  try {
    parsed = PackState.safeParse(JSON.parse(text));
  } catch {
    parsed = undefined;
  }
  // Fail closed: without the record of what was accepted, anti-rollback cannot be enforced.
  if (!parsed?.success) throw new PackError('trust-config', `${file} is damaged; no pack can be installed until it is fixed.`);
  return parsed.data;
}

export function writeState(dataDir: string, state: PackState): void {
  writeFileAtomic(join(dataDir, STATE_FILE), `${JSON.stringify(PackState.parse({ ...state, updatedAt: new Date().toISOString() }), null, 2)}\n`);
}

/** The later of two ISO times (either may be null). */
export function laterTime(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Take the data folder's pack lock (an exclusive-create file holding our pid). A lock left by a
 * process that no longer runs (a crash) is taken over. Returns the release function.
 */
export function acquireLock(dataDir: string): () => void {
  const file = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      try {
        writeSync(fd, JSON.stringify({ pid: process.pid, at: new Date().toISOString() }));
      } finally {
        closeSync(fd);
      }
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new PackOperationError(`The data folder lock ${file} cannot be created (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
      }
    }
    let pid = 0;
    try {
      pid = Number((JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown }).pid) || 0;
    } catch {
      // Unreadable: its writer may be between creating and writing it; stale only when old.
      let age = Infinity;
      try {
        age = Date.now() - statSync(file).mtimeMs;
      } catch {
        /* gone */
      }
      if (age < 10_000) throw new PackOperationError('Another install or rollback is starting; wait for it to finish and try again.');
    }
    if (pid > 0 && pid !== process.pid && alive(pid)) {
      throw new PackOperationError(`Another install or rollback is running (process ${pid}); wait for it to finish and try again.`);
    }
    rmSync(file, { force: true }); // stale: its process is gone
  }
  throw new PackOperationError(`The data folder lock ${file} is held; try again.`);
}
