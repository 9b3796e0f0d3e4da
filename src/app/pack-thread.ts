/**
 * Installs and inspections of content packs for a running kiosk, each in a worker thread of its
 * own (src/app/pack-worker.ts), so visitors' and tablets' calls keep being answered while IT
 * installs a 100 MB pack: the serving thread only passes messages. The worker does everything
 * `kiosk install` does (the lock, the journal, verifying every file, building the new content
 * database, the switch of the pointer, the audit entries); the serving kiosk opens the new
 * content on its next call, as it does after an install by any other process (Kiosk.content),
 * without reading every page of it again on its own thread (checked-content.ts).
 *
 * A worker thread shares the process: a power cut or a crash point kills both, and the journal
 * finishes or discards the install on the next pack operation, as before. When only the worker
 * dies (an uncaught error, out of memory), this side recovers at once under the lock, so the
 * earlier content stays live and the next install is not blocked, and the install fails with
 * one sentence.
 */
import type { Inspection, InstallResult } from '../shared/results.js';
import type { PackOutcome } from '../core/packs/catalog.js';
import { appendAudit } from '../core/audit/log.js';
import { DataFolder } from '../core/datafolder.js';
import { fileWritten } from '../core/file-stamp.js';
import { PackError, PackOperationError } from '../core/packs/errors.js';
import { readPointerSafe } from '../core/packs/installed.js';
import { recover, withLock } from '../core/packs/journal.js';
import { readState } from '../core/packs/state.js';
import { recordChecked } from './checked-content.js';
import { startAppWorker } from './thread.js';
import type { PackOptions, ProgressFn } from './packs.js';
import type { PackJob, PackWorkerMessage } from './pack-worker.js';

const startWorker = (job: PackJob) => startAppWorker(import.meta.url, 'pack-worker', job);

function errorFrom(m: Extract<PackWorkerMessage, { type: 'error' }>): Error {
  if (m.name === 'PackError' && m.check) {
    const e = new PackError(m.check, m.message, m.params ?? {});
    if (m.pack) e.pack = m.pack;
    return e;
  }
  if (m.name === 'PackOperationError') return new PackOperationError(m.message);
  const e = new Error(m.message);
  e.name = m.name;
  return e;
}

function runJob<T>(job: PackJob, onProgress: ProgressFn): Promise<T> {
  // An install switches the pointer on the worker's thread: this thread looks at it again once the job is over.
  const done = () => fileWritten(new DataFolder(job.dataDir).pointerFile);
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let failure: Error | undefined;
    const worker = startWorker(job);
    worker.on('message', (m: PackWorkerMessage) => {
      if (m.type === 'checked') recordChecked(m.file, m.stamp);
      else if (m.type === 'progress') {
        try {
          onProgress(m.stage, m.message);
        } catch {
          /* a progress listener's failure is not the install's */
        }
      } else if (!settled) {
        settled = true;
        done();
        if (m.type === 'result') resolve(m.value as T);
        else reject(errorFrom(m));
      }
    });
    worker.on('error', (e) => (failure = e));
    worker.on('exit', (code) => {
      if (settled) return;
      settled = true;
      done();
      const why = failure ? failure.message : `the worker thread ended with code ${code}`;
      reject(new WorkerDied(why));
    });
  });
}

class WorkerDied extends Error {
  override name = 'WorkerDied';
}

const withStop = (s: string): string => (/[.!?]$/.test(s) ? s : `${s}.`);

/**
 * After a worker died in the middle of an install: finish or discard what the journal says was
 * under way (as the next install would), and say in one sentence what is live now.
 */
async function afterDeath(file: string, dataDir: string, why: string): Promise<Error> {
  const folder = new DataFolder(dataDir);
  let pending;
  try {
    pending = readState(folder.dir).pending;
    await withLock(folder, 'install', file, async () => recover(folder));
  } catch (e) {
    return new PackOperationError(
      `The install stopped unexpectedly (${withStop(why)}) and cleaning up after it failed too (${(e as Error).message}); the next install or rollback completes it.`,
    );
  }
  if (pending && readPointerSafe(folder)?.active === pending.rel) {
    return new PackOperationError(
      `The install stopped unexpectedly after switching to the new content (${withStop(why)}) Version ${pending.version} is live and its record was completed.`,
    );
  }
  const reason = `The install stopped unexpectedly and the earlier content stays live: ${withStop(why)}`;
  appendAudit(folder.dir, { action: 'install', result: 'failed', reason, file });
  return new PackOperationError(reason);
}

/** Verify and install a pack in a worker thread, all or nothing; as src/app/packs.ts installPack. */
export async function installPackInWorker(file: string, dataDir: string, onProgress: ProgressFn = () => {}, opts: PackOptions = {}): Promise<InstallResult> {
  try {
    return await runJob<InstallResult>({ op: 'install', file, dataDir, opts }, onProgress);
  } catch (e) {
    if (e instanceof WorkerDied) throw await afterDeath(file, dataDir, e.message);
    throw e;
  }
}

/** Verify a pack against a data folder in a worker thread, changing nothing; as src/app/packs.ts inspectPack. */
export async function inspectPackInWorker(file: string, dataDir: string, opts: PackOptions = {}, onProgress: ProgressFn = () => {}): Promise<Inspection> {
  try {
    return await runJob<Inspection>({ op: 'inspect', file, dataDir, opts }, onProgress);
  } catch (e) {
    if (e instanceof WorkerDied) throw new PackOperationError(`Checking the pack stopped unexpectedly: ${withStop(e.message)} Nothing was changed.`);
    throw e;
  }
}

/** A pack's verdict for the pack list, reached in a worker thread (verifying it whole, changing nothing); as src/app/packs.ts packOutcome. */
export function packOutcomeInWorker(file: string, dataDir: string, opts: PackOptions = {}): Promise<PackOutcome> {
  return runJob<PackOutcome>({ op: 'verdict', file, dataDir, opts }, () => {});
}
