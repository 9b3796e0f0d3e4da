/**
 * The visitor report of a data folder (`kiosk report`): the counts of visitors.sqlite
 * (db/visitors.ts) from a day on, with the names of the departments and places they name taken
 * from the live content where it still has them. Reads only: a folder with no counts yet is
 * said so, and nothing is created in it.
 */
import { existsSync } from 'node:fs';
import { SqliteVisitorCounts, VISITORS_FILE } from '../../db/visitors.js';
import type { LText } from '../shared/content.js';
import { DataFolder } from '../core/datafolder.js';
import type { VisitorCountKind, VisitorCountRow } from '../core/ports.js';
import { QUERY_THRESHOLD } from '../core/visitors/recorder.js';
import { contentStore } from './store.js';

export interface ReportRow extends VisitorCountRow {
  /** The department's or place's name in the live content, when it has it. */
  name?: LText;
}

export interface VisitorReport {
  /** The first day counted ("YYYY-MM-DD"), or null for every day kept. */
  since: string | null;
  /** No counts have been kept in this data folder yet. */
  empty: boolean;
  threshold: number;
  sections: { kind: VisitorCountKind; rows: ReportRow[] }[];
}

export const REPORT_KINDS: readonly VisitorCountKind[] = ['no-result', 'department', 'place', 'symptom'];

/** Names of the live content's departments and places, by id; empty when no content can be read. */
function liveNames(folder: DataFolder): { departments: Map<string, LText>; places: Map<string, LText> } {
  const departments = new Map<string, LText>();
  const places = new Map<string, LText>();
  try {
    const pointer = folder.readPointer();
    if (!pointer) return { departments, places };
    const db = contentStore.open(folder.path(pointer.active), { pageCheck: false });
    try {
      for (const d of db.listDepartments()) departments.set(d.id, d.name);
      for (const p of db.document('places')?.places ?? []) places.set(p.id, p.name);
    } finally {
      db.close();
    }
  } catch {
    // names are a courtesy: the report stands on its ids
  }
  return { departments, places };
}

export function visitorReport(dataDir: string, since: string | undefined): VisitorReport {
  const folder = new DataFolder(dataDir);
  const file = folder.path(VISITORS_FILE);
  const base = { since: since ?? null, threshold: QUERY_THRESHOLD };
  if (!existsSync(file)) return { ...base, empty: true, sections: REPORT_KINDS.map((kind) => ({ kind, rows: [] })) };
  const store = new SqliteVisitorCounts(file);
  try {
    const names = liveNames(folder);
    const sections = REPORT_KINDS.map((kind) => {
      const rows: ReportRow[] = store.rows(kind, since).map((r) => {
        const name = kind === 'department' ? names.departments.get(r.key) : kind === 'place' ? names.places.get(r.key) : undefined;
        return name ? { ...r, name } : r;
      });
      return { kind, rows };
    });
    return { ...base, empty: sections.every((s) => !s.rows.length) && !store.hasAny(), sections };
  } finally {
    store.close();
  }
}
