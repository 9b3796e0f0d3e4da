/**
 * The volunteers' directory as pure functions over DirectoryRow[]: numbering each service within
 * its department (search hits name services by that index), narrowing the rows to a search's
 * hits, and sorting by name or by where things are. No DOM, no state.
 */
import type { DirectoryRow, Lang, LText, SearchResult } from '../../../shared';
import { isPlaceholder } from '../../lib/content';

export interface Row extends DirectoryRow {
  /** Stable key: the department id, and for a service its position in the department's services. */
  key: string;
  /** For a service: its position in the department's services (as search hits give it). */
  index?: number;
  /** Why a department row matched when it was not by its own name: an item of it (equipment, subspecialty). */
  matched?: LText;
}

/** Keys every row and numbers each department's services in the order the directory lists them. */
export function numberRows(rows: DirectoryRow[]): Row[] {
  const next = new Map<string, number>();
  return rows.map((r) => {
    if (r.kind === 'department') return { ...r, key: r.departmentId };
    const index = next.get(r.departmentId) ?? 0;
    next.set(r.departmentId, index + 1);
    return { ...r, key: `${r.departmentId}/${index}`, index };
  });
}

/**
 * The rows a search picks out: departments it found (or found an item of: equipment and
 * subspecialties mark the department row with what matched), and services it found by name.
 */
export function filterByHits(rows: Row[], result: SearchResult): Row[] {
  const departments = new Map<string, LText | undefined>();
  const services = new Set<string>();
  for (const h of result.groups.departments) departments.set(h.departmentId, undefined);
  for (const h of [...result.groups.services, ...result.groups.equipment]) {
    if (h.kind === 'service' && h.index !== undefined) services.add(`${h.departmentId}/${h.index}`);
    else if (!departments.has(h.departmentId)) departments.set(h.departmentId, h.name);
  }
  const out: Row[] = [];
  for (const r of rows) {
    if (r.kind === 'department' && departments.has(r.departmentId)) {
      const matched = departments.get(r.departmentId);
      out.push(matched ? { ...r, matched } : r);
    } else if (r.kind === 'service' && services.has(r.key)) out.push(r);
  }
  return out;
}

export type SortKey = 'name' | 'location';

const collators: Record<Lang, Intl.Collator> = {
  zh: new Intl.Collator('zh-Hans-CN-u-co-pinyin', { numeric: true }),
  en: new Intl.Collator('en', { numeric: true, sensitivity: 'base' }),
};

/** A location as sortable parts; null for a part to be confirmed (sorted last). */
function locationParts(r: Row, lang: Lang): (string | null)[] {
  const L = r.location;
  return [isPlaceholder(L.building) ? null : L.building[lang], isPlaceholder(L.floor) ? null : floorKey(L.floor), isPlaceholder(L.room) ? null : L.room[lang]];
}

/** Floors as sortable text: basements (B1, -1) before ground, then 1, 2, … 10 in number order. */
function floorKey(floor: string): string {
  const basement = /^(?:B|-)(\d+)$/i.exec(floor.trim());
  const n = basement ? -Number(basement[1]) : Number.parseInt(floor, 10);
  return Number.isFinite(n) ? String(1000 + n).padStart(5, '0') : `z${floor}`;
}

/** Rows sorted by name (departments before their services on a tie) or by building, floor, room, then name. */
export function sortRows(rows: Row[], key: SortKey, lang: Lang): Row[] {
  const c = collators[lang];
  const byName = (a: Row, b: Row) => c.compare(a.name[lang], b.name[lang]) || (a.kind === b.kind ? 0 : a.kind === 'department' ? -1 : 1);
  const out = [...rows];
  if (key === 'name') return out.sort(byName);
  return out.sort((a, b) => {
    const pa = locationParts(a, lang);
    const pb = locationParts(b, lang);
    for (let i = 0; i < 3; i++) {
      const x = pa[i] ?? null;
      const y = pb[i] ?? null;
      const d = x === null || y === null ? (x === null ? 1 : 0) - (y === null ? 1 : 0) : c.compare(x, y);
      if (d) return d;
    }
    return c.compare(a.department[lang], b.department[lang]) || (a.kind === b.kind ? byName(a, b) : a.kind === 'department' ? -1 : 1);
  });
}
