/**
 * The pack worker: one install or one inspection of a content pack, run in a worker thread that
 * src/app/pack-thread.ts starts, so the reading, inflating and hashing of a large pack and the
 * build of its content database (better-sqlite3, with a connection of this thread's own) never
 * hold up the serving thread's event loop. It runs exactly what `kiosk install` and `kiosk
 * verify` run (src/app/packs.ts): the same checks, lock, journal, audit entries and crash points,
 * and tells its parent each progress stage and then the result, or the error by its name.
 */
import { readlinkSync } from 'node:fs';
import { constants, getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { InstallStage } from '../shared/results.js';
import { DataFolder } from '../core/datafolder.js';
import { PackError } from '../core/packs/errors.js';
import { readState } from '../core/packs/state.js';
import { stampOf, type CheckedStamp } from './checked-content.js';
import { inspectPack, installPack, packOutcome, type PackOptions } from './packs.js';

export interface PackJob {
  /** install, inspect (verify and diff), or verdict (verify for the pack list: packOutcome). */
  op: 'install' | 'inspect' | 'verdict';
  file: string;
  dataDir: string;
  opts: PackOptions;
}

export type PackWorkerMessage =
  | { type: 'progress'; stage: InstallStage; message: string }
  /** The new content database, built and checked whole, just before the pointer is switched to it. */
  | { type: 'checked'; file: string; stamp: CheckedStamp }
  | { type: 'result'; value: unknown }
  | { type: 'error'; name: string; message: string; check?: PackError['check']; params?: PackError['params']; pack?: PackError['pack'] };

/** Tests only: the worker thread ends itself (as if it had crashed) on reaching this progress stage. */
export const WORKER_EXIT_ENV = 'KIOSK_TEST_PACK_WORKER_EXIT_AT';

/** The database the journal says is being installed has been built and checked: its stamp, for the serving kiosk. */
function tellChecked(port: NonNullable<typeof parentPort>, dataDir: string): void {
  try {
    const rel = readState(dataDir).pending?.rel;
    if (!rel) return;
    const file = new DataFolder(dataDir).path(rel);
    port.postMessage({ type: 'checked', file, stamp: stampOf(file) } satisfies PackWorkerMessage);
  } catch {
    /* the kiosk then checks it itself when it opens it */
  }
}

/**
 * On Linux, this thread yields the processor to the serving thread when both want it (a kiosk PC
 * has two or four cores): its scheduling priority is set, by its thread id, NICER steps below the
 * process's (about a third of the serving thread's share). Where threads have no id of their own
 * to set (other systems), it runs at the process's priority.
 */
const NICER = 5;

function yieldToServing(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    // Below the serving thread's own priority, whatever that is (a kiosk started with nice runs lower already).
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, Math.min(constants.priority.PRIORITY_LOW, getPriority(tid) + NICER));
  } catch {
    /* not Linux, or not allowed: the normal priority */
  }
}

async function run(job: PackJob): Promise<void> {
  yieldToServing();
  const port = parentPort!;
  const exitAt = process.env[WORKER_EXIT_ENV];
  const onProgress = (stage: InstallStage, message: string) => {
    if (exitAt === stage) process.exit(70); // in a worker thread this ends the thread only
    if (stage === 'switch' && job.op === 'install') tellChecked(port, job.dataDir);
    port.postMessage({ type: 'progress', stage, message } satisfies PackWorkerMessage);
  };
  try {
    const value =
      job.op === 'install'
        ? await installPack(job.file, job.dataDir, onProgress, job.opts)
        : job.op === 'verdict'
          ? await packOutcome(job.file, job.dataDir, job.opts)
          : await inspectPack(job.file, job.dataDir, job.opts, onProgress);
    port.postMessage({ type: 'result', value } satisfies PackWorkerMessage);
  } catch (e) {
    const err = e as Error;
    port.postMessage({
      type: 'error',
      name: err?.name ?? 'Error',
      message: err?.message ?? String(e),
      ...(e instanceof PackError ? { check: e.check, params: e.params, ...(e.pack ? { pack: e.pack } : {}) } : {}),
    } satisfies PackWorkerMessage);
  }
}

if (parentPort) void run(workerData as PackJob);
