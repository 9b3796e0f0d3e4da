/**
 * Installing a content pack in a data folder: the install transaction.
 *
 * Install is all-or-nothing: under the data folder's lock, verify the pack (verify.ts), write the
 * install journal (state.json `pending`), build a whole new content database beside the live one
 * (the ContentStore's builder: the documents, then the departments in small batches and the
 * photos one at a time, read again from the still-open pack and hashed again), then switch the
 * pointer in one atomic rename (DataFolder.activate). Only then are the highest version, the latest creation time and any new
 * key list recorded. A crash at any moment leaves the old content live or the new, never a mix;
 * the next pack operation finishes or discards what the journal says was under way (journal.ts).
 */
import { existsSync } from 'node:fs';
import type { Department } from '../../shared/content.js';
import type { ContentStatus, InstallResult } from '../../shared/results.js';
import { appendAudit } from '../audit/log.js';
import { installBuiltIn } from '../content/builtin.js';
import { ContentError, parseDepartmentFile } from '../content/source.js';
import { DataFolder } from '../datafolder.js';
import type { ContentMeta, ContentStore } from '../ports.js';
import { PackError, PackOperationError, reasonOf } from './errors.js';
import { readPointerSafe, readStatus, summarize, tryStatus, verifyContext, type PackOptions } from './installed.js';
import { commitPending, crashPoint, recover, withLock } from './journal.js';
import { loadSettings } from '../settings.js';
import { readState, writeState, type Pending } from './state.js';
import { openPack, type ProgressFn, type VerifiedPack } from './verify.js';

/**
 * Verify and install a pack. Resolves with what was done; rejects with a PackError (refused,
 * nothing changed) or another Error (the install failed, nothing changed). Every attempt is
 * written to the audit log.
 */
export function installPack(
  store: ContentStore,
  file: string,
  dataDir: string,
  onProgress: ProgressFn = () => {},
  opts: PackOptions = {},
): Promise<InstallResult> {
  const folder = new DataFolder(dataDir);
  const by: Record<string, string> = opts.initiator ? { by: opts.initiator } : {};
  return withLock(folder, 'install', file, async () => {
    let verified: VerifiedPack;
    let before: ContentStatus | undefined;
    try {
      recover(folder);
      const current = readPointerSafe(folder);
      if (!current || !existsSync(folder.path(current.active))) {
        onProgress('prepare', 'Installing the built-in content first, so there is something to roll back to');
        installBuiltIn(store, folder);
      }
      const pointer = readPointerSafe(folder);
      before = pointer ? tryStatus(store, folder, pointer.active).status : undefined;
      verified = await openPack(file, verifyContext(store, folder, opts), onProgress);
    } catch (e) {
      const refused = e instanceof PackError;
      appendAudit(folder.dir, {
        action: 'install',
        result: refused ? 'refused' : 'failed',
        ...(refused && e.pack ? { packId: e.pack.packId, version: e.pack.version, signers: e.pack.signers } : {}),
        params: { ...(refused ? e.params : {}), ...by },
        ...(refused ? { check: e.check } : {}),
        reason: (e as Error).message,
        file,
      });
      throw e;
    }
    try {
      return await installVerified(store, folder, verified, before, file, onProgress, by);
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
  store: ContentStore,
  folder: DataFolder,
  verified: VerifiedPack,
  before: ContentStatus | undefined,
  file: string,
  onProgress: ProgressFn,
  by: Record<string, string>,
): Promise<InstallResult> {
  const m = verified.manifest;
  const signers = verified.signers.map((s) => s.keyId);
  const summary = summarize(verified);
  const previous = before ? { version: before.version, packId: before.packId } : null;
  if (verified.alreadyInstalled) {
    appendAudit(folder.dir, {
      action: 'install',
      result: 'no-change',
      params: by,
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
    manifestSha256: verified.manifestSha256,
    startedAt: new Date().toISOString(),
  };
  let switched = false;
  try {
    writeState(folder.dir, { ...readState(folder.dir), pending });
    crashPoint('after-verify');
    onProgress('build', `Building the new content database (${m.packId} version ${m.version})`);
    const meta: ContentMeta = { version: m.version, packId: m.packId, builtIn: false, createdAt: m.created, expires: m.expires ?? null, signers };
    const builder = store.builder(folder.path(rel), verified.content, meta);
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
    const check = readStatus(store, folder, rel);
    if (check.version !== m.version) throw new PackOperationError('The new content database does not hold the version that was built.');
    crashPoint('after-build-before-switch');
    onProgress('switch', 'Switching to the new content');
    try {
      folder.activate(rel, loadSettings(folder.settingsFile).settings.keepContents, false);
    } catch (e) {
      // The pointer may have been written before a clean-up step failed.
      if (readPointerSafe(folder)?.active !== rel) throw e;
    }
    switched = true;
    crashPoint('after-switch-before-prune');
    try {
      folder.collectGarbage(); // the contents beyond keepContents, and leftovers
    } catch {
      /* removed by the next install or rollback */
    }
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
      params: { ...(refusal ? (e as PackError).params : {}), ...by },
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
    code: verified.newKeys ? 'install.keys-replaced' : verified.rollForward ? 'install.roll-forward' : previous ? 'install.over' : 'install.accepted',
    params: { ...(previous ? { previous: previous.version } : {}), ...by },
    packId: m.packId,
    version: m.version,
    signers,
    reason: `Installed version ${m.version}${previous ? ` over version ${previous.version}` : ''}${verified.rollForward ? ', again: the very pack this kiosk accepted before' : ''}${verified.newKeys ? '; the trusted key list was replaced by the one the pack carries' : ''}.`,
    file,
  });
  onProgress('done', `Installed ${m.packId} version ${m.version}`);
  return { status: 'installed', summary, previous };
}
