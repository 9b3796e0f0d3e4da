/**
 * Inspecting a pack: verify it against a data folder without changing anything, and say what it
 * would change (departments added, changed, removed; the hospital's facts).
 */
import type { LText } from '../../shared/content.js';
import type { ContentDiff, Inspection } from '../../shared/results.js';
import type { ContentOutline } from '../content/source.js';
import { DataFolder } from '../datafolder.js';
import type { ContentStore, StoredContent } from '../ports.js';
import { PackError } from './errors.js';
import { readPointerSafe, summarize, tryStatus, verifyContext, type PackOptions } from './installed.js';
import { verifyPack, type ProgressFn } from './verify.js';

function diffAgainst(store: ContentStore, folder: DataFolder, rel: string | undefined, content: ContentOutline): ContentDiff {
  const diff: ContentDiff = { added: [], changed: [], removed: [], unchanged: 0, hospitalChanged: true };
  let db: StoredContent | undefined;
  try {
    if (rel) db = store.open(folder.path(rel), { pageCheck: false });
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
export async function inspectPack(store: ContentStore, file: string, dataDir: string, opts: PackOptions = {}, onProgress?: ProgressFn): Promise<Inspection> {
  const folder = new DataFolder(dataDir);
  try {
    const ctx = verifyContext(store, folder, opts);
    const v = await verifyPack(file, ctx, onProgress);
    const pointer = readPointerSafe(folder);
    const installed = pointer ? tryStatus(store, folder, pointer.active).status : undefined;
    return {
      ok: true,
      summary: summarize(v),
      alreadyInstalled: v.alreadyInstalled,
      installed: installed ? { version: installed.version, packId: installed.packId } : null,
      diff: diffAgainst(store, folder, pointer?.active, v.content),
    };
  } catch (e) {
    if (e instanceof PackError) return { ok: false, check: e.check, reason: e.message };
    throw e;
  }
}
