/**
 * The volunteers' directory as pure functions over DirectoryRow[]: numbering each service within
 * its department (search hits name services by that index), narrowing the rows to a search's
 * hits, and grouping them for the screen: every department with its services and doctors under it, by name,
 * or those groups under headings of building and floor (a part the content does not give goes
 * under its own "to be confirmed" heading, never guessed). No DOM, no state.
 */
import type { DirectoryDoctor, DirectoryRow, Lang, LText, SearchResult } from '../../../shared';
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

/** The doctors a search found by name (characters, pinyin, English), in the order given. */
export function filterDoctors(doctors: readonly DirectoryDoctor[], result: SearchResult): DirectoryDoctor[] {
  const found = new Set(result.doctors.map((h) => h.doctorId));
  return doctors.filter((d) => found.has(d.doctorId));
}

export type SortKey = 'name' | 'location';

const collators: Record<Lang, Intl.Collator> = {
  zh: new Intl.Collator('zh-Hans-CN-u-co-pinyin', { numeric: true }),
  en: new Intl.Collator('en', { numeric: true, sensitivity: 'base' }),
};

/** A department and the services and doctors of it that are shown, under it. */
export interface DepartmentGroup {
  /** The department's own row (shown even when only services or doctors of it matched a filter). */
  department: Row;
  /** Whether the department itself is among the rows shown (not only there for its services or doctors). */
  listed: boolean;
  services: Row[];
  doctors: DirectoryDoctor[];
}

/** The department groups of one floor; `floor` null when the content does not give it. */
export interface FloorGroup {
  key: string;
  floor: string | null;
  groups: DepartmentGroup[];
}

/** The floors of one building; `building` null when the content does not give it. */
export interface BuildingGroup {
  key: string;
  building: LText | null;
  floors: FloorGroup[];
}

/**
 * The rows and doctors shown, each under its department: departments by name, and each one's
 * services, then doctors, by name below it. `all` is the whole directory, where a department
 * matched only by its services or doctors is found; a doctor of a department the directory does
 * not list is left out.
 */
export function groupByDepartment(rows: Row[], all: Row[], lang: Lang, doctors: readonly DirectoryDoctor[] = []): DepartmentGroup[] {
  const c = collators[lang];
  const own = new Map<string, Row>();
  for (const r of all) if (r.kind === 'department' && !own.has(r.departmentId)) own.set(r.departmentId, r);
  const groups = new Map<string, DepartmentGroup>();
  const groupOf = (r: Row): DepartmentGroup => {
    let g = groups.get(r.departmentId);
    if (!g) {
      const department = own.get(r.departmentId) ?? { ...r, kind: 'department' as const, name: r.department, key: r.departmentId, index: undefined };
      g = { department, listed: false, services: [], doctors: [] };
      groups.set(r.departmentId, g);
    }
    return g;
  };
  for (const r of rows) {
    const g = groupOf(r);
    if (r.kind === 'department') {
      g.listed = true;
      if (r.matched) g.department = r;
    } else g.services.push(r);
  }
  for (const d of doctors) {
    const dep = own.get(d.departmentId);
    if (dep) groupOf(dep).doctors.push(d);
  }
  const out = [...groups.values()];
  for (const g of out) {
    g.services.sort((a, b) => c.compare(a.name[lang], b.name[lang]) || (a.index ?? 0) - (b.index ?? 0));
    g.doctors.sort((a, b) => c.compare(a.name[lang], b.name[lang]) || compareIds(a.doctorId, b.doctorId));
  }
  return out.sort((a, b) => c.compare(a.department.name[lang], b.department.name[lang]) || compareIds(a.department.departmentId, b.department.departmentId));
}

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Floors in the order people climb them: basements (B1, -1) first, then 1, 2, … 10 by number, then any other name. */
export function compareFloors(a: string, b: string): number {
  const rank = (f: string): number => {
    const t = f.trim();
    const basement = /^(?:B|-)(\d+)$/i.exec(t);
    if (basement) return -Number(basement[1]);
    const n = Number.parseInt(t, 10);
    return Number.isFinite(n) ? n : Number.POSITIVE_INFINITY;
  };
  const d = rank(a) - rank(b);
  return Number.isNaN(d) || d === 0 ? collators.en.compare(a, b) : d;
}

/**
 * The department groups under their building and floor: buildings by name, floors from the lowest,
 * departments on a floor by room, then name. A building or floor the content does not give comes
 * last, under its own group (building null, floor null).
 */
export function groupByLocation(groups: DepartmentGroup[], lang: Lang): BuildingGroup[] {
  const c = collators[lang];
  const buildings = new Map<string, BuildingGroup>();
  for (const g of groups) {
    const L = g.department.location;
    const building = isPlaceholder(L.building) ? null : L.building;
    const bKey = building ? `b:${building.zh}\u0000${building.en}` : 'b?';
    let b = buildings.get(bKey);
    if (!b) buildings.set(bKey, (b = { key: bKey, building, floors: [] }));
    const floor = isPlaceholder(L.floor) || !L.floor.trim() ? null : L.floor.trim();
    const fKey = floor === null ? `${bKey}/f?` : `${bKey}/f:${floor}`;
    let f = b.floors.find((x) => x.key === fKey);
    if (!f) b.floors.push((f = { key: fKey, floor, groups: [] }));
    f.groups.push(g);
  }
  const room = (g: DepartmentGroup) => (isPlaceholder(g.department.location.room) ? null : g.department.location.room[lang]);
  const known = <T>(x: T | null, y: T | null, cmp: (x: T, y: T) => number) =>
    x === null || y === null ? (x === null ? 1 : 0) - (y === null ? 1 : 0) : cmp(x, y);
  const out = [...buildings.values()];
  for (const b of out) {
    b.floors.sort((x, y) => known(x.floor, y.floor, compareFloors));
    for (const f of b.floors) f.groups.sort((x, y) => known(room(x), room(y), c.compare) || c.compare(x.department.name[lang], y.department.name[lang]));
  }
  return out.sort((x, y) => known(x.building, y.building, (p, q) => c.compare(p[lang], q[lang])));
}

/** The rows a list of groups shows: each department (listed or not), its services and its doctors. */
export function groupRows(groups: DepartmentGroup[]): number {
  return groups.reduce((n, g) => n + 1 + g.services.length + g.doctors.length, 0);
}
