/**
 * What the kiosk remembers about packs it has accepted (the data folder's state.json, written
 * atomically), and the lock that keeps two installs or rollbacks from running at once.
 *
 *   state.json  { highestVersion, latestCreated, accepted, pending?, rollingBack? }
 *
 * `highestVersion` and `latestCreated` only ever grow, and only after every check passed and the
 * switch succeeded. `accepted` lists the packs accepted (version and SHA-256 of the signed
 * manifest), newest last: the very pack accepted before may be installed again by staff (roll
 * forward), any other pack of a version not above the highest is refused, and one that reuses an
 * accepted version with other contents always. `pending` is the install journal: written once a
 * pack has been verified and cleared when its install is finished; if a crash leaves it behind,
 * the next pack operation either completes it (the pointer already names the new database) or
 * discards it. `rollingBack` is the rollback's journal, the same way.
 */
import { closeSync, linkSync, readFileSync, readSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { writeFileAtomic } from '../datafolder.js';
import { createExclusive, openRegular, tempNameFor } from '../fs-safe.js';
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
  /** The SHA-256 of the pack's signed manifest (absent in journals written before it was recorded). */
  manifestSha256: z.string().optional(),
  startedAt: z.string(),
});
export type Pending = z.infer<typeof Pending>;

/** A pack this kiosk accepted: the content database it was installed as, and what it was. */
export const AcceptedPack = z.strictObject({
  rel: z.string(),
  packId: z.string(),
  version: z.number().int(),
  manifestSha256: z.string(),
  created: z.string(),
  acceptedAt: z.string(),
});
export type AcceptedPack = z.infer<typeof AcceptedPack>;

/** How many accepted packs are remembered (the newest): far more than any kiosk keeps to roll back to. */
export const MAX_ACCEPTED = 64;

/** The rollback's journal: which content it is switching from and to. */
export const RollingBack = z.strictObject({
  from: z.string(),
  to: z.string(),
  fromVersion: z.number().int(),
  toVersion: z.number().int(),
  packId: z.string(),
  signers: z.array(z.string()),
  startedAt: z.string(),
});
export type RollingBack = z.infer<typeof RollingBack>;

export const PackState = z.strictObject({
  highestVersion: z.number().int().nonnegative().default(0),
  latestCreated: z.string().nullable().default(null),
  accepted: z
    .array(AcceptedPack)
    .max(MAX_ACCEPTED * 2)
    .default([]),
  updatedAt: z.string().optional(),
  pending: Pending.optional(),
  rollingBack: RollingBack.optional(),
});
export type PackState = z.infer<typeof PackState>;

export function readState(dataDir: string): PackState {
  const file = join(dataDir, STATE_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { highestVersion: 0, latestCreated: null, accepted: [] };
    throw new PackError(
      'trust-config',
      `${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}); no pack can be installed until it is fixed.`,
    );
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

/** `accepted` with one more pack: the same pack (version and manifest) once, at its newest rel; the newest MAX_ACCEPTED kept. */
export function withAccepted(list: readonly AcceptedPack[], a: AcceptedPack): AcceptedPack[] {
  return [...list.filter((x) => !(x.version === a.version && x.manifestSha256 === a.manifestSha256)), a].slice(-MAX_ACCEPTED);
}

export function writeState(dataDir: string, state: z.input<typeof PackState>): void {
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

/** Filesystems without hard links (some FAT and network mounts) answer link() with one of these. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

/**
 * Create the lock file whole: its contents are written to an exclusive temporary file, which is
 * then hard-linked to the lock's name (link() never replaces and never follows what is there), so
 * the lock is never seen empty or half-written. Where the filesystem has no hard links it is
 * created exclusively and written. A failed write (a full disk) leaves neither file behind.
 * Throws EEXIST when the lock is held.
 */
function createLockFile(file: string, text: string): void {
  const tmp = tempNameFor(file);
  createExclusive(tmp, text, 0o644);
  try {
    linkSync(tmp, file);
  } catch (e) {
    if (!NO_HARD_LINKS.has((e as NodeJS.ErrnoException).code ?? '')) throw e;
    createExclusive(file, text, 0o644);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** The pid in a lock file, or 0 when it holds none (empty, damaged, not a regular file). */
function lockOwner(file: string): number {
  let fd: number;
  try {
    fd = openRegular(file, { follow: false });
  } catch {
    return 0;
  }
  try {
    const buf = Buffer.alloc(256);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const pid = Number((JSON.parse(buf.toString('utf8', 0, n)) as { pid?: unknown }).pid);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : 0;
  } catch {
    return 0;
  } finally {
    closeSync(fd);
  }
}

/**
 * Take the data folder's pack lock (an exclusive-create file holding our pid). A lock left by a
 * process that no longer runs (a crash), and one that names no process (empty or damaged: a lock
 * is only ever seen whole, so no writer is between creating and filling it), is taken over.
 * Returns the release function.
 */
export function acquireLock(dataDir: string): () => void {
  const file = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      createLockFile(file, JSON.stringify({ pid: process.pid, at: new Date().toISOString() }));
      return () => rmSync(file, { force: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') {
        const why = code === 'ENOSPC' || code === 'EDQUOT' ? 'the disk is full' : (code ?? 'error');
        throw new PackOperationError(`The data folder lock ${file} cannot be created (${why}).`);
      }
    }
    const pid = lockOwner(file);
    if (pid > 0 && pid !== process.pid && alive(pid)) {
      throw new PackOperationError(`Another install or rollback is running (process ${pid}); wait for it to finish and try again.`);
    }
    try {
      rmSync(file, { force: true }); // stale: its process is gone, or it names none
    } catch (e) {
      throw new PackOperationError(`The data folder lock ${file} cannot be removed (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
    }
  }
  throw new PackOperationError(`The data folder lock ${file} is held; try again.`);
}
