/**
 * What a pack changes, field by field, in words people can check: for a department whose stored
 * document differs, each field that changes, with its value before and after for short fields
 * (names, location, hours, phone, website) and counts for lists ("services +2 −1"); places
 * and doctors added, removed and changed. Pure: the caller hands in the two versions of one department at a
 * time, so memory stays bounded however many departments a pack holds.
 */
import type { Department, Doctors, LText, Place, Placeholder } from '../../shared/content.js';
import { isPlaceholder } from '../../shared/content.js';
import type { ContentDiff, DepartmentField, DoctorRef, FieldChange, PlaceRef } from '../../shared/results.js';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const both = (s: string): LText => ({ zh: s, en: s });

/** A placeholder or an absent value is "not given" (null). */
function given<T>(v: T | Placeholder | undefined): T | null {
  return v === undefined || isPlaceholder(v) ? null : (v as T);
}

function locationText(l: Department['location']): LText | null {
  const building = given(l.building);
  const floor = given(l.floor);
  const room = given(l.room);
  if (!building && !floor && !room) return null;
  const zh = [building?.zh, floor ? (/^[0-9]+$/.test(floor) ? `${floor}楼` : floor) : undefined, room?.zh].filter(Boolean).join(' ');
  const en = [building?.en, floor ? `floor ${floor}` : undefined, room ? `room ${room.en}` : undefined].filter(Boolean).join(', ');
  return { zh, en };
}

function hoursText(h: Department['hours']): LText | null {
  const lines = given(h);
  if (!lines || lines.length === 0) return null;
  return { zh: lines.map((l) => `${l.days.zh} ${l.time}`).join('；'), en: lines.map((l) => `${l.days.en} ${l.time}`).join('; ') };
}

/** Fields said by their value before and after. */
const VALUE_FIELDS: readonly [DepartmentField, (d: Department) => LText | null][] = [
  ['name', (d) => d.name],
  ['category', (d) => d.category],
  ['location', (d) => locationText(d.location)],
  ['hours', (d) => hoursText(d.hours)],
  ['phone', (d) => (given(d.phone) === null ? null : both(given(d.phone)!))],
  ['website', (d) => (d.website ? both(d.website) : null)],
];

/** Lists, each entry known by a key (its name, its text) so that moved entries are not changes. */
const LIST_FIELDS: readonly [DepartmentField, (d: Department) => readonly unknown[], (x: never) => string][] = [
  ['services', (d) => d.services, (x: { name: LText }) => `${x.name.zh}\0${x.name.en}`],
  ['subspecialties', (d) => d.subspecialties, (x: { name: LText }) => `${x.name.zh}\0${x.name.en}`],
  ['equipment', (d) => d.equipment, (x: { name: LText }) => `${x.name.zh}\0${x.name.en}`],
  ['figures', (d) => d.figures, (x: { key: string }) => x.key],
  ['honours', (d) => d.honours, (x: { text: LText }) => `${x.text.zh}\0${x.text.en}`],
  ['partners', (d) => d.partners, (x: { name: LText }) => `${x.name.zh}\0${x.name.en}`],
  ['teaching', (d) => d.teaching, (x: LText) => `${x.zh}\0${x.en}`],
  ['description', (d) => d.description, (x: LText) => `${x.zh}\0${x.en}`],
  ['keywords', (d) => [...d.keywords.zh.map((k) => `zh:${k}`), ...d.keywords.en.map((k) => `en:${k}`)], (x: string) => x],
];

/** Long texts and structures: only that they change. */
const TEXT_FIELDS: readonly [DepartmentField, (d: Department) => unknown][] = [
  ['summary', (d) => d.summary],
  ['established', (d) => d.established],
  ['staff', (d) => d.staff],
  ['research', (d) => d.research],
  ['photo', (d) => d.photo],
];

function listChange(field: DepartmentField, before: readonly unknown[], after: readonly unknown[], key: (x: never) => string): FieldChange | null {
  if (same(before, after)) return null;
  const k = key as (x: unknown) => string;
  const old = new Map<string, string[]>();
  for (const x of before) {
    const list = old.get(k(x)) ?? [];
    list.push(JSON.stringify(x));
    old.set(k(x), list);
  }
  let added = 0;
  let changed = 0;
  for (const x of after) {
    const list = old.get(k(x));
    if (!list?.length) {
      added++;
      continue;
    }
    const json = JSON.stringify(x);
    const i = list.indexOf(json);
    list.splice(i >= 0 ? i : 0, 1);
    if (i < 0) changed++;
  }
  const removed = [...old.values()].reduce((n, l) => n + l.length, 0);
  // When only the order changed, every count is 0: the list was reordered.
  return { field, kind: 'list', added, removed, changed, before: before.length, after: after.length };
}

/** The fields that differ between two versions of one department, in the order the department page shows them. */
export function departmentFieldChanges(before: Department, after: Department): FieldChange[] {
  const out: FieldChange[] = [];
  for (const [field, value] of VALUE_FIELDS) {
    const a = value(before);
    const b = value(after);
    if (!same(a, b)) out.push({ field, kind: 'value', before: a, after: b });
    else if (field === 'hours' && !same(before.hours, after.hours)) out.push({ field, kind: 'text' }); // the same lines, other weekly periods
  }
  for (const [field, list, key] of LIST_FIELDS) {
    const c = listChange(field, list(before), list(after), key);
    if (c) out.push(c);
  }
  for (const [field, value] of TEXT_FIELDS) if (!same(value(before), value(after))) out.push({ field, kind: 'text' });
  return out;
}

const placeRef = (p: Place): PlaceRef => ({ id: p.id, name: p.name });

/** Places added, removed and changed (by id), and how many stay as they are. */
export function placesDiff(before: readonly Place[], after: readonly Place[]): ContentDiff['places'] {
  const old = new Map(before.map((p) => [p.id, p]));
  const diff: ContentDiff['places'] = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const p of after) {
    const o = old.get(p.id);
    if (!o) diff.added.push(placeRef(p));
    else if (!same(o, p)) diff.changed.push(placeRef(p));
    else diff.unchanged++;
    old.delete(p.id);
  }
  for (const p of old.values()) diff.removed.push(placeRef(p));
  return diff;
}

/** Each doctor with what a visitor sees of them: their details, weekly clinics and date exceptions. */
function doctorFacts(d: Doctors): Map<string, { ref: DoctorRef; json: string }> {
  const sessions = new Map<string, unknown[]>();
  for (const s of d.sessions) (sessions.get(s.doctor) ?? sessions.set(s.doctor, []).get(s.doctor)!).push(s);
  for (const x of d.exceptions) (sessions.get(x.doctor) ?? sessions.set(x.doctor, []).get(x.doctor)!).push(x);
  return new Map(
    d.doctors.map((doc) => [
      doc.id,
      { ref: { id: doc.id, name: doc.name, department: doc.department }, json: JSON.stringify([doc, sessions.get(doc.id) ?? []]) },
    ]),
  );
}

/** Doctors added, removed and changed (by id), and how many stay as they are. */
export function doctorsDiff(before: Doctors, after: Doctors): ContentDiff['doctors'] {
  const old = doctorFacts(before);
  const diff: ContentDiff['doctors'] = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const [id, d] of doctorFacts(after)) {
    const o = old.get(id);
    if (!o) diff.added.push(d.ref);
    else if (o.json !== d.json) diff.changed.push(d.ref);
    else diff.unchanged++;
    old.delete(id);
  }
  for (const d of old.values()) diff.removed.push(d.ref);
  return diff;
}

export const NO_DOCTORS: Doctors = { doctors: [], sessions: [], exceptions: [] };
