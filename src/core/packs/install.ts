/**
 * Installing, inspecting and rolling back content packs in a data folder.
 *
 * Install is all-or-nothing: under the data folder's lock, verify the pack (verify.ts), write the
 * install journal (state.json `pending`), build a whole new content database beside the live one
 * (db/store.ts ContentDbBuilder: the documents, then the departments in small batches and the
 * photos one at a time, read again from the still-open pack and hashed again), then switch the
 * pointer in one atomic rename (DataFolder.activate). Only then are the highest version, the latest creation time and any new
 * key list recorded. A crash at any moment leaves the old content live or the new, never a mix;
 * the next pack operation finishes or discards what the journal says was under way.
 *
 * Rollback makes the newest kept database live again and discards the one it replaces. It never
 * lowers the highest version accepted, so the pack that was rolled back, or any older pack,
 * cannot be installed again: only a pack with a higher version can (see README.md).
 */
import { existsSync } from 'node:fs';
import { ContentDb, ContentDbBuilder, type ContentMeta } from '../../../db/store.js';
import type { ContentStatus } from '../api/contract.js';
import type { Department, LText } from '../content/schema.js';
import { ContentError, parseDepartmentFile, type ContentOutline } from '../content/source.js';
import { DataFolder } from '../datafolder.js';
import { installBuiltIn } from '../live.js';
import { loadSettings } from '../settings.js';
import { appendAudit } from './audit.js';
import { PackError, PackOperationError, reasonOf } from './errors.js';
import { CREATED_AHEAD_TOLERANCE_MS, type PackLimits } from './format.js';
import { KEYS_FILE, loadTrust, readKeysFile, writeKeysFile, type TrustStore } from './keys.js';
import { acquireLock, laterTime, readState, writeState, type PackState, type Pending } from './state.js';
import { openPack, verifyPack, type ProgressFn, type Signer, type VerifiedPack, type VerifiedSummary, type VerifyContext } from './verify.js';

export interface PackOptions {
  now?: Date;
  limits?: Partial<PackLimits>;
  /** Defaults to package.json's version. */
  appVersion?: string;
  /** Defaults to resources/keys. */
  shippedKeysDir?: string;
}

export interface DepartmentRef {
  id: string;
  name: LText;
}

export interface PackSummary {
  file: string;
  packId: string;
  version: number;
  created: string;
  expires: string | null;
  site: string | null;
  minAppVersion: string;
  signers: Signer[];
  files: number;
  bytes: number;
  hospital: LText;
  departments: DepartmentRef[];
  /** A new trusted key list the pack carries (key rotation). */
  newKeys: { threshold: number; keyIds: string[] } | null;
  manifestSha256: string;
}

export interface ContentDiff {
  added: DepartmentRef[];
  changed: DepartmentRef[];
  removed: DepartmentRef[];
  unchanged: number;
  hospitalChanged: boolean;
}

export type Inspection =
  | {
      ok: true;
      summary: PackSummary;
      alreadyInstalled: boolean;
      installed: { version: number; packId: string } | null;
      diff: ContentDiff;
    }
  | { ok: false; check: string; reason: string };

export interface InstallResult {
  status: 'installed' | 'already-installed';
  summary: PackSummary;
  /** The content that was live before (unchanged when already installed). */
  previous: { version: number; packId: string } | null;
}

export interface RollbackResult {
  from: ContentStatus | null;
  to: ContentStatus;
}

/** The anti-rollback record (state.json): the highest version and the latest creation time accepted. */
export interface RollbackRecord {
  highestVersion: number;
  latestCreated: string | null;
}

export interface RollbackRecordReset {
  /** The record before; null when state.json was damaged (every pack was refused). */
  before: RollbackRecord | null;
  after: RollbackRecord;
  /** The content now live, whose version and creation time the record now holds. */
  live: ContentStatus;
  changed: boolean;
  /** What was done, in one sentence. */
  message: string;
}

export interface KeptContent {
  rel: string;
  status?: ContentStatus;
  error?: string;
}

export interface PackStatus {
  dataDir: string;
  site: string;
  installed: (ContentStatus & { rel: string; expired: boolean }) | null;
  installedError?: string;
  /** state.json could not be read: installs are refused until it is fixed. */
  stateError?: string;
  /** Earlier content kept for rollback, newest first. */
  kept: KeptContent[];
  highestVersionAccepted: number;
  latestCreatedAccepted: string | null;
  /** An install that was interrupted and not yet finished or discarded. */
  interrupted: Pending | null;
  trust: { threshold: number; keys: Signer[]; rotatedBy?: { packId: string; version: number; at: string } } | { error: string };
}

// ---------------------------------------------------------------------------------------------

/**
 * The status of a content database: its facts only, without reading every page (a large content
 * database takes most of a second to check, and status is read often). The kiosk checks every page
 * when it opens a database to show it, and a rollback checks its target whole.
 */
function readStatus(folder: DataFolder, rel: string): ContentStatus {
  const db = new ContentDb(folder.path(rel), undefined, { pageCheck: false });
  try {
    return db.status();
  } finally {
    db.close();
  }
}

function tryStatus(folder: DataFolder, rel: string): { status?: ContentStatus; error?: string } {
  try {
    return { status: readStatus(folder, rel) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

function readPointerSafe(folder: DataFolder) {
  try {
    return folder.readPointer();
  } catch (e) {
    throw new PackOperationError(`${(e as Error).message} Repair the data folder before installing packs.`);
  }
}

function verifyContext(folder: DataFolder, opts: PackOptions): VerifyContext {
  const trust: TrustStore = loadTrust(folder.dir, opts.shippedKeysDir);
  const state = readState(folder.dir);
  const pointer = readPointerSafe(folder);
  const installed = pointer ? tryStatus(folder, pointer.active).status : undefined;
  return {
    trust,
    site: loadSettings(folder.settingsFile).settings.site,
    installedVersion: installed ? installed.version : null,
    highestVersion: Math.max(state.highestVersion, installed?.version ?? 0),
    latestCreated: state.latestCreated,
    ...(opts.appVersion !== undefined ? { appVersion: opts.appVersion } : {}),
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.limits ? { limits: opts.limits } : {}),
  };
}

export function summarize(v: VerifiedSummary): PackSummary {
  const m = v.manifest;
  return {
    file: v.file,
    packId: m.packId,
    version: m.version,
    created: m.created,
    expires: m.expires ?? null,
    site: m.site ?? null,
    minAppVersion: m.minAppVersion,
    signers: v.signers,
    files: v.fileCount,
    bytes: v.totalBytes,
    hospital: v.content.hospital.name,
    departments: v.content.departments.map((d) => ({ id: d.id, name: d.name })),
    newKeys: v.newKeys ? { threshold: v.newKeys.threshold, keyIds: v.newKeys.keys.map((k) => k.keyId) } : null,
    manifestSha256: v.manifestSha256,
  };
}

function diffAgainst(folder: DataFolder, rel: string | undefined, content: ContentOutline): ContentDiff {
  const diff: ContentDiff = { added: [], changed: [], removed: [], unchanged: 0, hospitalChanged: true };
  let db: ContentDb | undefined;
  try {
    if (rel) db = new ContentDb(folder.path(rel), undefined, { pageCheck: false });
  } catch {
    db = undefined;
  }
  try {
    const old = new Map<string, { name: LText; digest: string }>();
    if (db) {
      try {
        for (const d of db.departmentDigests()) old.set(d.id, d);
        diff.hospitalChanged = JSON.stringify(db.hospital()) !== JSON.stringify(content.hospital);
      } catch {
        old.clear(); // unreadable: everything in the pack counts as added
      }
    }
    for (const d of content.departments) {
      const before = old.get(d.id);
      if (before === undefined) diff.added.push({ id: d.id, name: d.name });
      else if (before.digest !== d.digest) diff.changed.push({ id: d.id, name: d.name });
      else diff.unchanged++;
      old.delete(d.id);
    }
    for (const [id, { name }] of old) diff.removed.push({ id, name });
  } finally {
    db?.close();
  }
  return diff;
}

/**
 * Verify a pack against a data folder without changing anything: the verification result, a
 * summary and what it would change (departments added, changed, removed).
 */
export async function inspectPack(file: string, dataDir: string, opts: PackOptions = {}, onProgress?: ProgressFn): Promise<Inspection> {
  const folder = new DataFolder(dataDir);
  try {
    const ctx = verifyContext(folder, opts);
    const v = await verifyPack(file, ctx, onProgress);
    const pointer = readPointerSafe(folder);
    const installed = pointer ? tryStatus(folder, pointer.active).status : undefined;
    return {
      ok: true,
      summary: summarize(v),
      alreadyInstalled: v.alreadyInstalled,
      installed: installed ? { version: installed.version, packId: installed.packId } : null,
      diff: diffAgainst(folder, pointer?.active, v.content),
    };
  } catch (e) {
    if (e instanceof PackError) return { ok: false, check: e.check, reason: e.message };
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Crash points, for the crash tests only (KIOSK_TEST_CRASH_AT=<stage>).

export const CRASH_STAGES = ['after-verify', 'mid-build', 'after-build-before-switch', 'after-switch'] as const;
export type CrashStage = (typeof CRASH_STAGES)[number];

function crashPoint(stage: CrashStage): void {
  if (process.env.KIOSK_TEST_CRASH_AT === stage) process.kill(process.pid, 'SIGKILL');
}

// ---------------------------------------------------------------------------------------------

/** Apply a finished install's record: key list first, then the highest version, clearing the journal. */
function commitPending(folder: DataFolder, p: Pending): void {
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

async function withLock<T>(folder: DataFolder, action: 'install' | 'rollback' | 'reset-rollback-record', file: string | undefined, fn: () => Promise<T>): Promise<T> {
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

/**
 * Verify and install a pack. Resolves with what was done; rejects with a PackError (refused,
 * nothing changed) or another Error (the install failed, nothing changed). Every attempt is
 * written to the audit log.
 */
export function installPack(file: string, dataDir: string, onProgress: ProgressFn = () => {}, opts: PackOptions = {}): Promise<InstallResult> {
  const folder = new DataFolder(dataDir);
  return withLock(folder, 'install', file, async () => {
    let verified: VerifiedPack;
    let before: ContentStatus | undefined;
    try {
      recover(folder);
      const current = readPointerSafe(folder);
      if (!current || !existsSync(folder.path(current.active))) {
        onProgress('prepare', 'Installing the built-in content first, so there is something to roll back to');
        installBuiltIn(folder);
      }
      const pointer = readPointerSafe(folder);
      before = pointer ? tryStatus(folder, pointer.active).status : undefined;
      verified = await openPack(file, verifyContext(folder, opts), onProgress);
    } catch (e) {
      const refused = e instanceof PackError;
      appendAudit(folder.dir, {
        action: 'install',
        result: refused ? 'refused' : 'failed',
        ...(refused && e.pack ? { packId: e.pack.packId, version: e.pack.version, signers: e.pack.signers } : {}),
        ...(refused ? { check: e.check } : {}),
        reason: (e as Error).message,
        file,
      });
      throw e;
    }
    try {
      return await installVerified(folder, verified, before, file, onProgress);
    } finally {
      verified.close();
    }
  });
}

/**
 * Departments parsed and written together. Small enough that a batch dies young: larger batches
 * outlive V8's young-generation collections and pile up as old garbage (at 10,000 departments, a
 * batch of 256 raised the install's peak memory by about 70 MB), large enough that the tables
 * are written in turn rather than row by row (one at a time was about 1.5 s slower).
 */
const DEPARTMENT_BATCH = 32;

/** A department file read again: the same bytes were validated during verification. */
function parseDepartment(file: string, bytes: Buffer): Department {
  try {
    return parseDepartmentFile(file, bytes);
  } catch (e) {
    if (e instanceof ContentError) throw new PackError('content', `The pack's content is not valid: ${e.message}`);
    throw e;
  }
}

/** A reason as the end of a sentence. */
const withStop = (s: string): string => (/[.!?]$/.test(s) ? s : `${s}.`);

async function installVerified(
  folder: DataFolder,
  verified: VerifiedPack,
  before: ContentStatus | undefined,
  file: string,
  onProgress: ProgressFn,
): Promise<InstallResult> {
  const m = verified.manifest;
  const signers = verified.signers.map((s) => s.keyId);
  const summary = summarize(verified);
  const previous = before ? { version: before.version, packId: before.packId } : null;
  if (verified.alreadyInstalled) {
    appendAudit(folder.dir, {
      action: 'install',
      result: 'no-change',
      packId: m.packId,
      version: m.version,
      signers,
      reason: `Version ${m.version} is already installed.`,
      file,
    });
    return { status: 'already-installed', summary, previous };
  }

  const rel = folder.newDatabaseName(m.version);
  const pending: Pending = {
    rel,
    packId: m.packId,
    version: m.version,
    created: m.created,
    signers,
    ...(verified.newKeys ? { keys: verified.newKeys } : {}),
    startedAt: new Date().toISOString(),
  };
  let switched = false;
  try {
    writeState(folder.dir, { ...readState(folder.dir), pending });
    crashPoint('after-verify');
    onProgress('build', `Building the new content database (${m.packId} version ${m.version})`);
    const meta: ContentMeta = { version: m.version, packId: m.packId, builtIn: false, createdAt: m.created, expires: m.expires ?? null, signers };
    const builder = new ContentDbBuilder(folder.path(rel), verified.content, meta);
    try {
      crashPoint('mid-build');
      // The departments are read again from the still-open pack, a batch of files at a time, and
      // each batch is parsed and written in one go: memory stays flat however many departments
      // the pack holds (the parsed ones never outlive their batch), and the kiosk keeps answering
      // between reads.
      const departments = verified.content.departments;
      for (let i = 0; i < departments.length; i += DEPARTMENT_BATCH) {
        if (i % 512 === 0) onProgress('build', `Storing departments (${i} of ${departments.length})`);
        const files: [string, Buffer][] = [];
        for (const d of departments.slice(i, i + DEPARTMENT_BATCH)) files.push([d.file, await verified.readDepartment(d.file)]);
        builder.addDepartments(files.map(([file, bytes]) => parseDepartment(file, bytes)));
      }
      for (const [i, path] of verified.assets.entries()) {
        if (i % 50 === 0) onProgress('build', `Storing photos (${i} of ${verified.assets.length})`);
        await verified.readAsset(path, (data) => builder.addAsset(path, data));
      }
      onProgress('build', 'Completing the search index and checking the new database');
      builder.finish();
    } catch (e) {
      builder.abort();
      throw e;
    }
    const check = readStatus(folder, rel);
    if (check.version !== m.version) throw new PackOperationError('The new content database does not hold the version that was built.');
    crashPoint('after-build-before-switch');
    onProgress('switch', 'Switching to the new content');
    try {
      folder.activate(rel);
    } catch (e) {
      // The pointer may have been written before a clean-up step failed.
      if (readPointerSafe(folder)?.active !== rel) throw e;
    }
    switched = true;
    crashPoint('after-switch');
    commitPending(folder, pending);
  } catch (e) {
    if (!switched) {
      try {
        const { pending: _dropped, ...rest } = readState(folder.dir);
        writeState(folder.dir, rest);
        folder.collectGarbage();
      } catch {
        /* recover() finishes this next time */
      }
    }
    const refusal = e instanceof PackError;
    const reason = switched
      ? `The new content is live, but recording it failed (${reasonOf(e)}); the record is completed on the next install or rollback.`
      : refusal
        ? (e as Error).message
        : `The install failed and the earlier content stays live: ${withStop(reasonOf(e))}`;
    appendAudit(folder.dir, {
      action: 'install',
      result: switched ? 'accepted' : refusal ? 'refused' : 'failed',
      packId: m.packId,
      version: m.version,
      signers,
      ...(refusal ? { check: (e as PackError).check } : {}),
      reason,
      file,
    });
    if (switched) return { status: 'installed', summary, previous };
    throw refusal ? e : new PackOperationError(reason);
  }
  appendAudit(folder.dir, {
    action: 'install',
    result: 'accepted',
    packId: m.packId,
    version: m.version,
    signers,
    reason: `Installed version ${m.version}${previous ? ` over version ${previous.version}` : ''}${verified.newKeys ? '; the trusted key list was replaced by the one the pack carries' : ''}.`,
    file,
  });
  onProgress('done', `Installed ${m.packId} version ${m.version}`);
  return { status: 'installed', summary, previous };
}

/**
 * Make the newest kept content live again, discarding the content it replaces. The highest
 * version accepted is not lowered, so the discarded version cannot be installed again.
 */
export function rollback(dataDir: string): Promise<RollbackResult> {
  const folder = new DataFolder(dataDir);
  return withLock(folder, 'rollback', undefined, async () => {
    try {
      recover(folder);
      const pointer = readPointerSafe(folder);
      if (!pointer || pointer.previous.length === 0) {
        throw new PackOperationError('There is no earlier content kept to roll back to.');
      }
      const from = tryStatus(folder, pointer.active).status ?? null;
      const target = pointer.previous[0]!;
      let to: ContentStatus;
      const db = (() => {
        try {
          return new ContentDb(folder.path(target), undefined, { pageCheck: false }); // checked whole below
        } catch (e) {
          throw new PackOperationError(`The earlier content ${target} cannot be opened (${(e as Error).message}); nothing was changed.`);
        }
      })();
      try {
        const check = db.integrityCheck();
        if (check !== 'ok') throw new PackOperationError(`The earlier content ${target} is damaged (${check}); nothing was changed.`);
        to = db.status();
      } finally {
        db.close();
      }
      folder.writePointer({ active: target, previous: pointer.previous.slice(1) });
      try {
        folder.collectGarbage();
      } catch {
        /* a database still open elsewhere is removed next time */
      }
      appendAudit(folder.dir, {
        action: 'rollback',
        result: 'accepted',
        packId: to.packId,
        version: to.version,
        signers: to.signers,
        reason: `Rolled back from ${from ? `${from.packId} version ${from.version}` : 'unreadable content'} to ${to.packId} version ${to.version}.`,
      });
      return { from, to };
    } catch (e) {
      appendAudit(folder.dir, { action: 'rollback', result: 'failed', reason: (e as Error).message });
      throw e;
    }
  });
}

/**
 * Set the anti-rollback record (state.json: the highest version and the latest creation time
 * accepted) back to those of the content now live, and log it. For IT staff only: the kiosk
 * command, or the IT screen after the IT PIN. It is the way out when a pack accepted before such
 * packs were refused (created years ahead, or a version near 2^53) blocks every honest pack, or
 * when state.json is damaged; without it only editing state.json by hand would help. It lowers
 * the protection to the live content: packs above the live version can be installed again, so
 * a pack rolled back from can be installed again too. A live creation time further ahead of
 * the clock than packs may be is recorded as the clock's time. When the pack that blocks
 * updates is itself live, roll back first.
 */
export function resetRollbackRecord(dataDir: string, opts: { now?: Date } = {}): Promise<RollbackRecordReset> {
  const folder = new DataFolder(dataDir);
  return withLock(folder, 'reset-rollback-record', undefined, async () => {
    try {
      let before: RollbackRecord | null;
      try {
        recover(folder);
        const state = readState(folder.dir);
        before = { highestVersion: state.highestVersion, latestCreated: state.latestCreated };
      } catch (e) {
        if (!(e instanceof PackError && e.check === 'trust-config')) throw e;
        before = null; // damaged: replaced whole below
      }
      const pointer = readPointerSafe(folder);
      if (!pointer) throw new PackOperationError('No content is live in this data folder yet, so there is no record to set; nothing was changed.');
      let live: ContentStatus;
      try {
        live = readStatus(folder, pointer.active);
      } catch (e) {
        throw new PackOperationError(`The live content ${pointer.active} cannot be read (${reasonOf(e)}); nothing was changed.`);
      }
      const now = (opts.now ?? new Date()).getTime();
      const created = Date.parse(live.createdAt);
      const latestCreated = Number.isFinite(created) && created <= now + CREATED_AHEAD_TOLERANCE_MS ? live.createdAt : new Date(now).toISOString();
      const after: RollbackRecord = { highestVersion: live.version, latestCreated };
      const changed = before === null || before.highestVersion !== after.highestVersion || before.latestCreated !== after.latestCreated;
      const what = `${live.builtIn ? 'the built-in content' : `pack ${live.packId}`} version ${live.version}`;
      const was = before === null ? 'state.json was damaged' : `the record held version ${before.highestVersion} and creation time ${before.latestCreated ?? 'none'}`;
      const message = changed
        ? `The anti-rollback record now holds the live content's version ${after.highestVersion} and creation time ${after.latestCreated} (${what}; ${was}), so packs above version ${after.highestVersion} can be installed again.`
        : `The anti-rollback record already holds the live content's version ${after.highestVersion} and creation time ${after.latestCreated} (${what}); nothing was changed.`;
      if (changed) {
        writeState(folder.dir, after);
        if (before === null) {
          try {
            folder.collectGarbage(); // a journal lost with the damaged file may have left a half-built database
          } catch {
            /* removed next time */
          }
        }
      }
      appendAudit(folder.dir, { action: 'reset-rollback-record', result: changed ? 'accepted' : 'no-change', packId: live.packId, version: live.version, signers: live.signers, reason: message });
      return { before, after, live, changed, message };
    } catch (e) {
      appendAudit(folder.dir, { action: 'reset-rollback-record', result: 'failed', reason: reasonOf(e) });
      throw e;
    }
  });
}

/** What is installed, what is kept for rollback, what has been accepted, which keys are trusted. Read-only. */
export function status(dataDir: string, opts: PackOptions = {}): PackStatus {
  const folder = new DataFolder(dataDir);
  const now = (opts.now ?? new Date()).getTime();
  const pointer = existsSync(folder.dir) ? readPointerSafe(folder) : undefined;
  let installed: PackStatus['installed'] = null;
  let installedError: string | undefined;
  if (pointer) {
    const r = tryStatus(folder, pointer.active);
    if (r.status) installed = { ...r.status, rel: pointer.active, expired: r.status.expires !== null && Date.parse(r.status.expires) <= now };
    else installedError = r.error;
  }
  const kept = (pointer?.previous ?? []).map((rel) => ({ rel, ...tryStatus(folder, rel) }));
  let state: PackState = { highestVersion: 0, latestCreated: null };
  let stateError: string | undefined;
  try {
    state = readState(folder.dir);
  } catch (e) {
    stateError = (e as Error).message;
  }
  let trust: PackStatus['trust'];
  try {
    const t = loadTrust(folder.dir, opts.shippedKeysDir);
    const file = readKeysFile(folder.dir);
    trust = {
      threshold: t.threshold,
      keys: [...t.keys.values()].map((k) => ({ keyId: k.keyId, ...(k.name ? { name: k.name } : {}), source: k.source })),
      ...(file.rotatedBy ? { rotatedBy: file.rotatedBy } : {}),
    };
  } catch (e) {
    trust = { error: `${KEYS_FILE}: ${(e as Error).message}` };
  }
  return {
    dataDir: folder.dir,
    site: loadSettings(folder.settingsFile).settings.site,
    installed,
    ...(installedError ? { installedError } : {}),
    kept,
    highestVersionAccepted: Math.max(state.highestVersion, installed?.version ?? 0),
    latestCreatedAccepted: state.latestCreated,
    ...(stateError ? { stateError } : {}),
    interrupted: state.pending ?? null,
    trust,
  };
}
