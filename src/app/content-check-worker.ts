/**
 * The content check's worker thread (./content-check.ts starts it): opens one content database
 * with a connection of its own, which reads and checks every page of it (quick_check), and tells
 * its parent the file's stamp when the check passed and the file did not change meanwhile.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { stampOf, type CheckedStamp } from './checked-content.js';
import { contentStore } from './store.js';

export type ContentCheckMessage = { ok: true; stamp: CheckedStamp } | { ok: false; message: string };

const { file } = workerData as { file: string };
let message: ContentCheckMessage;
try {
  const before = stampOf(file);
  contentStore.open(file).close(); // throws a sentence for a damaged or incomplete database
  const after = stampOf(file);
  const same = before.ino === after.ino && before.size === after.size && before.mtimeMs === after.mtimeMs && before.ctimeMs === after.ctimeMs;
  message = same ? { ok: true, stamp: before } : { ok: false, message: `${file} changed while it was being checked.` };
} catch (e) {
  message = { ok: false, message: (e as Error).message };
}
parentPort!.postMessage(message);
