/**
 * The live content checked page by page in a worker thread while the kiosk starts. Opening a
 * content database reads every page of it first (db/store.ts, quick_check): at 10,000
 * departments and 1,000 photos, two seconds during which the serving thread could answer
 * nothing, not even the UI's own files. `kiosk serve` starts this check as soon as it listens,
 * in parallel with loading the rest of the kiosk's code; a database that passed it, and has not
 * changed since, is taken as checked when the kiosk opens it (./checked-content.ts), and any
 * other is checked on opening as before. Small databases are checked on opening: a thread of
 * its own costs more than reading them.
 */
import { statSync } from 'node:fs';
import { DataFolder } from '../core/datafolder.js';
import { recordChecked } from './checked-content.js';
import { startAppWorker } from './thread.js';
import type { ContentCheckMessage } from './content-check-worker.js';

/** Below this size the live database is checked on opening, on the serving thread. */
export const CHECK_IN_WORKER_BYTES = 16 * 1024 * 1024;

const startWorker = (file: string) => startAppWorker(import.meta.url, 'content-check-worker', { file });

/**
 * Check the data folder's live content database in a worker thread when it is large. Resolves
 * with what happened, in a sentence for the console when it did not pass (the kiosk then checks
 * it on opening, and falls back as it does for any database that fails); never rejects.
 */
export async function checkLiveContent(dataDir: string, minBytes = CHECK_IN_WORKER_BYTES): Promise<{ checked: boolean; problem?: string }> {
  let file: string;
  try {
    const folder = new DataFolder(dataDir);
    const active = folder.readPointer()?.active;
    if (!active) return { checked: false };
    file = folder.path(active);
    if (statSync(file).size < minBytes) return { checked: false };
  } catch {
    return { checked: false }; // the kiosk says what is wrong with the folder when it opens it
  }
  return new Promise((resolve) => {
    let done = false;
    const worker = startWorker(file);
    const finish = (r: { checked: boolean; problem?: string }) => {
      if (done) return;
      done = true;
      resolve(r);
    };
    worker.on('message', (m: ContentCheckMessage) => {
      if (m.ok) recordChecked(file, m.stamp);
      finish(m.ok ? { checked: true } : { checked: false, problem: m.message });
    });
    worker.on('error', (e) => finish({ checked: false, problem: e.message }));
    worker.on('exit', (code) => finish({ checked: false, problem: `the check's thread ended with code ${code}` }));
  });
}
