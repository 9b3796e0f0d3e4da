/**
 * The content check's worker thread (./content-check.ts starts it): reads and checks every page
 * of one content database with a connection of its own (db/page-check.ts, quick_check), and tells
 * its parent the file's stamp when the check passed and the file did not change meanwhile.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { stampOf, type CheckedStamp } from './checked-content.js';
import { checkPages } from '../../db/page-check.js';

export type ContentCheckMessage = { ok: true; stamp: CheckedStamp } | { ok: false; message: string };

const { file } = workerData as { file: string };
let message: ContentCheckMessage;
try {
  const before = stampOf(file);
  const result = checkPages(file);
  const after = stampOf(file);
  const same = before.ino === after.ino && before.size === after.size && before.mtimeMs === after.mtimeMs && before.ctimeMs === after.ctimeMs;
  if (result !== 'ok') message = { ok: false, message: `The content database ${file} is damaged (${result}).` };
  else message = same ? { ok: true, stamp: before } : { ok: false, message: `${file} changed while it was being checked.` };
} catch (e) {
  message = { ok: false, message: (e as Error).message };
}
parentPort!.postMessage(message);
