/**
 * Inspecting a pack: verify it against a data folder without changing anything, and say what it
 * would change (departments added, changed field by field, removed; places; the hospital's facts).
 */
import type { Doctors, LText } from '../../shared/content.js';
import type { ContentDiff, FieldChange, Inspection } from '../../shared/results.js';
import { parseDepartmentFile } from '../content/source.js';
import { setImmediate as turn } from 'node:timers/promises';
import { DataFolder } from '../datafolder.js';
import type { ContentStore, StoredContent } from '../ports.js';
import { PackError } from './errors.js';
import { readPointerSafe, summarize, tryStatus, verifyContext, type PackOptions } from './installed.js';
import { NO_DOCTORS, departmentFieldChanges, doctorsDiff, placesDiff } from './diff.js';
import { openPack, type ProgressFn, type VerifiedPack } from './verify.js';

/**
 * What installing the pack would change: departments by their digests first (outlines only),
 * then field by field for the ones whose digest differs, each read from the still-open pack
 * and from the live database one at a time, so memory stays bounded however many there are.
 */
/** Departments compared between turns of the event loop. */
const YIELD_EVERY = 500;

async function diffAgainst(store: ContentStore, folder: DataFolder, rel: string | undefined, v: VerifiedPack): Promise<ContentDiff> {
  const content = v.content;
  const diff: ContentDiff = {
    added: [],
    changed: [],
    removed: [],
    unchanged: 0,
    hospitalChanged: true,
    places: placesDiff([], content.places?.places ?? []),
    doctors: doctorsDiff(NO_DOCTORS, content.doctors ?? NO_DOCTORS),
  };
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
        diff.places = placesDiff(db.document('places')?.places ?? [], content.places?.places ?? []);
        const was: Doctors = { doctors: [], sessions: [], exceptions: [] };
        let n = 0;
        // Read per department, and only when the live content has doctors at all.
        for (const id of db.doctorCount() > 0 ? old.keys() : []) {
          if (++n % YIELD_EVERY === 0) await turn(); // the kiosk keeps answering through 10,000 departments
          const d = db.departmentDoctors(id);
          was.doctors.push(...d.doctors);
          was.sessions.push(...d.sessions);
          was.exceptions.push(...d.exceptions);
        }
        diff.doctors = doctorsDiff(was, content.doctors ?? NO_DOCTORS);
      } catch {
        old.clear(); // unreadable: everything in the pack counts as added
      }
    }
    let n = 0;
    for (const d of content.departments) {
      if (++n % YIELD_EVERY === 0) await turn();
      const before = old.get(d.id);
      if (before === undefined) diff.added.push({ id: d.id, name: d.name });
      else if (before.digest !== d.digest) {
        let fields: FieldChange[] = [];
        try {
          const was = db?.getDepartment(d.id);
          if (was) fields = departmentFieldChanges(was, parseDepartmentFile(d.file, await v.readDepartment(d.file)));
        } catch (e) {
          if (e instanceof PackError) throw e; // the pack changed under us: refused as any damage
          fields = []; // the live one cannot be read: named as changed, without its fields
        }
        diff.changed.push({ id: d.id, name: d.name, fields });
      } else diff.unchanged++;
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
    const v = await openPack(file, ctx, onProgress);
    try {
      const pointer = readPointerSafe(folder);
      const installed = pointer ? tryStatus(store, folder, pointer.active).status : undefined;
      return {
        ok: true,
        summary: summarize(v),
        alreadyInstalled: v.alreadyInstalled,
        acceptedBefore: v.acceptedBefore,
        installed: installed ? { version: installed.version, packId: installed.packId } : null,
        diff: await diffAgainst(store, folder, pointer?.active, v),
      };
    } finally {
      v.close();
    }
  } catch (e) {
    if (e instanceof PackError) return { ok: false, check: e.check, reason: e.message, params: e.params };
    throw e;
  }
}
