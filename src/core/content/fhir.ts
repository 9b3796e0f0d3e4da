/**
 * A content source from the hospital's directory service: a FHIR R4 Bundle as IHE mCSD profiles
 * it, mapped to what the kiosk shows, with a report of what was mapped and what was skipped.
 *
 *   Organization without partOf   the hospital (the first one; others are skipped)
 *   Organization with partOf      a department (its name, type as the category, phone)
 *   Location                      where a department is: the room it manages (or its services' or
 *                                 doctors' location), its floor and building up the partOf chain
 *                                 (physicalType ro / lvl / bu or wi), and opening hours
 *   HealthcareService             a service of the department that provides it (providedBy)
 *   Practitioner + PractitionerRole  a doctor of the role's organization: availableTime gives the
 *                                 weekly sessions (morning before 12:00, afternoon before 18:00,
 *                                 evening after), notAvailable the dates cancelled
 *
 * A fact the bundle does not give (a room, a phone, a title) becomes a placeholder, never a guess;
 * a name given in one language only is used for both and reported. Every resource of another type
 * is skipped and counted. The result passes the same checks as any content source.
 *
 * Bounded: the file's size, the JSON's nesting and the number of entries are capped before anything
 * is mapped. Pure apart from readBundle.
 */
import { readFileSync, statSync } from 'node:fs';
import { ContentError, parseContentFiles } from './source.js';
import { formatJson } from './sheets.js';
import type { ClinicPeriod, ClinicSession, Doctor, IsoWeekday, LText, OpeningHours, Placeholder, SessionException } from '../../shared/content.js';

/** A bundle file, at most. */
export const MAX_BUNDLE_BYTES = 64 * 1024 * 1024;
/** Nesting of objects and arrays, at most (FHIR resources nest a dozen levels at most). */
export const MAX_BUNDLE_DEPTH = 64;
/** Entries in a bundle, at most. */
export const MAX_BUNDLE_ENTRIES = 200_000;
/** Days one notAvailable period may cover (a longer absence is reported, not expanded). */
const MAX_ABSENCE_DAYS = 366;

export class FhirError extends Error {
  override name = 'FhirError';
  constructor(
    message: string,
    readonly problems: string[] = [message],
  ) {
    super(message);
  }
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Resource = { resourceType: string; id?: string } & Record<string, unknown>;

/** The deepest nesting of objects and arrays in JSON text, without parsing it (strings skipped). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) max = Math.max(max, ++depth);
    else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/** Read and check a bundle file: size, nesting, JSON, a Bundle with entries. */
export function readBundle(file: string): { resources: Resource[]; skippedEntries: string[] } {
  let st;
  try {
    st = statSync(file);
  } catch {
    throw new FhirError(`${file} does not exist or cannot be read.`);
  }
  if (!st.isFile()) throw new FhirError(`${file} is not a file.`);
  if (st.size > MAX_BUNDLE_BYTES)
    throw new FhirError(`${file}: ${st.size} bytes is over the ${MAX_BUNDLE_BYTES}-byte cap for a bundle; export the directory in parts.`);
  return parseBundle(readFileSync(file, 'utf8'), file);
}

/** Check and parse bundle text (what readBundle does after reading the file). */
export function parseBundle(text: string, name = 'the bundle'): { resources: Resource[]; skippedEntries: string[] } {
  const depth = jsonDepth(text);
  if (depth > MAX_BUNDLE_DEPTH) throw new FhirError(`${name}: nested ${depth} levels deep, over the cap of ${MAX_BUNDLE_DEPTH}; it is not a directory bundle.`);
  let raw: Json;
  try {
    raw = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text) as Json;
  } catch (e) {
    throw new FhirError(`${name}: not valid JSON (${(e as Error).message}).`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || raw.resourceType !== 'Bundle')
    throw new FhirError(`${name}: is not a FHIR Bundle (its resourceType must be "Bundle").`);
  const entries = raw.entry ?? [];
  if (!Array.isArray(entries)) throw new FhirError(`${name}: Bundle.entry must be a list.`);
  if (entries.length > MAX_BUNDLE_ENTRIES) throw new FhirError(`${name}: ${entries.length} entries is over the cap of ${MAX_BUNDLE_ENTRIES}.`);
  const resources: Resource[] = [];
  const skippedEntries: string[] = [];
  entries.forEach((e, i) => {
    const r = typeof e === 'object' && e !== null && !Array.isArray(e) ? e.resource : undefined;
    if (typeof r !== 'object' || r === null || Array.isArray(r) || typeof r.resourceType !== 'string') {
      skippedEntries.push(`entry[${i}]: has no resource with a resourceType`);
      return;
    }
    resources.push(r as Resource);
  });
  return { resources, skippedEntries };
}

// ---------------------------------------------------------------------------------------------
// Reading FHIR datatypes

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const obj = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const hasHan = (s: string) => /\p{Script=Han}/u.test(s);

/** The text of a CodeableConcept: its text, else the first coding's display, else its code. */
function conceptText(c: unknown): string | undefined {
  const o = obj(c);
  if (!o) return undefined;
  return (
    str(o.text) ??
    arr(o.coding)
      .map((x) => str(obj(x)?.display) ?? str(obj(x)?.code))
      .find(Boolean)
  );
}

function codes(c: unknown): string[] {
  return arr(obj(c)?.coding)
    .map((x) => str(obj(x)?.code))
    .filter((x): x is string => !!x);
}

/** Translations of a string element (the FHIR translation extension on _name and the like). */
function translations(underscore: unknown): Map<string, string> {
  const out = new Map<string, string>();
  for (const ext of arr(obj(underscore)?.extension)) {
    const e = obj(ext);
    if (str(e?.url) !== 'http://hl7.org/fhir/StructureDefinition/translation') continue;
    let lang: string | undefined;
    let content: string | undefined;
    for (const part of arr(e?.extension)) {
      const p = obj(part);
      if (str(p?.url) === 'lang') lang = str(p?.valueCode);
      if (str(p?.url) === 'content') content = str(p?.valueString);
    }
    if (lang && content) out.set(lang.toLowerCase().slice(0, 2), content);
  }
  return out;
}

/**
 * A name in both languages from a resource's name, its translations and its aliases: Chinese is
 * the text with characters, English the one without. With one language only, it is used for both
 * (and `oneLanguage` says so).
 */
function bilingualName(r: Resource, field = 'name', aliases: unknown[] = arr(r.alias)): { name: LText; oneLanguage: boolean } | undefined {
  const texts = [str(r[field]), ...[...translations(r[`_${field}`]).values()], ...aliases.map(str)].filter((x): x is string => !!x);
  const t = translations(r[`_${field}`]);
  const zh = t.get('zh') ?? texts.find(hasHan);
  const en = t.get('en') ?? texts.find((x) => !hasHan(x));
  if (!zh && !en) return undefined;
  return { name: { zh: zh ?? en!, en: en ?? zh! }, oneLanguage: !zh || !en };
}

/** A doctor's name from Practitioner.name (HumanName): characters as family + given, English as given family. */
function humanName(r: Resource): { name: LText; oneLanguage: boolean } | undefined {
  const forms = arr(r.name)
    .map((n) => {
      const o = obj(n);
      if (!o) return undefined;
      const family = str(o.family) ?? '';
      const given = arr(o.given).map(str).filter(Boolean).join(' ');
      const text = str(o.text);
      if (text) return text;
      if (!family && !given) return undefined;
      return hasHan(family + given) ? `${family}${given.replace(/ /g, '')}` : `${given} ${family}`.trim();
    })
    .filter((x): x is string => !!x);
  const zh = forms.find(hasHan);
  const en = forms.find((x) => !hasHan(x));
  if (!zh && !en) return undefined;
  return { name: { zh: zh ?? en!, en: en ?? zh! }, oneLanguage: !zh || !en };
}

const ref = (v: unknown): string | undefined => str(obj(v)?.reference);

/** A kiosk id from a FHIR id: lower-case letters, digits and hyphens, unique among `taken`. */
function kioskId(fhirId: string, taken: Set<string>, prefix: string): string {
  let base = fhirId
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 56);
  if (!/^[a-z0-9]/.test(base)) base = `${prefix}-${base}`.replace(/-+$/, '');
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

const FHIR_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const DAY_NAMES: LText[] = [
  { zh: '周一', en: 'Mon' },
  { zh: '周二', en: 'Tue' },
  { zh: '周三', en: 'Wed' },
  { zh: '周四', en: 'Thu' },
  { zh: '周五', en: 'Fri' },
  { zh: '周六', en: 'Sat' },
  { zh: '周日', en: 'Sun' },
];

function weekdays(v: unknown): IsoWeekday[] {
  return arr(v)
    .map((d) => FHIR_DAYS.indexOf(str(d) as (typeof FHIR_DAYS)[number]) + 1)
    .filter((d): d is IsoWeekday => d >= 1)
    .filter((d, i, all) => all.indexOf(d) === i)
    .sort((a, b) => a - b);
}

const hhmm = (t: string | undefined): string | undefined => (t && /^\d{2}:\d{2}(:\d{2})?$/.test(t) ? t.slice(0, 5) : undefined);

function periodOf(start: string): ClinicPeriod {
  const h = Number(start.slice(0, 2));
  return h < 12 ? 'morning' : h < 18 ? 'afternoon' : 'evening';
}

// ---------------------------------------------------------------------------------------------
// The mapping

export interface FhirImport {
  files: Map<string, Buffer>;
  /** Lines for people: what was mapped, what was skipped and why, and what was missing. */
  report: string[];
}

/** Map a read bundle to the files of a content source. Throws FhirError when it cannot be a content source. */
export function fhirToSource(bundle: { resources: Resource[]; skippedEntries: string[] }): FhirImport {
  const skipped: string[] = [...bundle.skippedEntries];
  const missing: string[] = [];
  const byRef = new Map<string, Resource>();
  const byType = new Map<string, Resource[]>();
  const unknownTypes = new Map<string, number>();
  const KNOWN = new Set(['Organization', 'Location', 'HealthcareService', 'Practitioner', 'PractitionerRole']);
  for (const r of bundle.resources) {
    if (!KNOWN.has(r.resourceType)) {
      unknownTypes.set(r.resourceType, (unknownTypes.get(r.resourceType) ?? 0) + 1);
      continue;
    }
    const id = str(r.id);
    if (!id) {
      skipped.push(`a ${r.resourceType} without an id: nothing can refer to it`);
      continue;
    }
    const key = `${r.resourceType}/${id}`;
    if (byRef.has(key)) {
      skipped.push(`${key}: given twice; the first is used`);
      continue;
    }
    if (r.active === false) {
      skipped.push(`${key}: not active`);
      continue;
    }
    byRef.set(key, r);
    byType.set(r.resourceType, [...(byType.get(r.resourceType) ?? []), r]);
  }
  for (const [type, n] of unknownTypes) skipped.push(`${n} ${type} resource${n === 1 ? '' : 's'}: not a kind the kiosk shows`);
  const of = (type: string) => byType.get(type) ?? [];

  // The hospital and its departments.
  const orgs = of('Organization');
  const roots = orgs.filter((o) => !ref(o.partOf));
  if (!roots.length) throw new FhirError('The bundle has no Organization without partOf (the hospital itself); a content source needs the hospital.');
  const root = roots[0]!;
  for (const extra of roots.slice(1))
    skipped.push(`Organization/${extra.id}: a second organization without partOf; only Organization/${root.id} is taken as the hospital`);
  const hospitalName = bilingualName(root);
  if (!hospitalName) throw new FhirError(`Organization/${root.id} (the hospital) has no name.`);
  if (hospitalName.oneLanguage) missing.push(`Organization/${root.id}: its name is in one language only; it is used for both`);
  const rootAddress = obj(arr(root.address)[0]);
  const city = str(rootAddress?.city);
  if (!city) missing.push(`Organization/${root.id}: no address.city; the city reads "not given"`);
  else missing.push(`Organization/${root.id}: the address is in one language only; it is used for both`);
  const phoneOf = (r: Resource): string | undefined =>
    arr(r.telecom)
      .map(obj)
      .filter((t) => str(t?.system) === 'phone')
      .map((t) => str(t?.value))
      .find((v) => !!v && /^[0-9+()\- ]{3,32}$/.test(v));
  const tbc: Placeholder = { placeholder: true };
  const addressText = str(rootAddress?.text) ?? [str(rootAddress?.state), str(rootAddress?.city), ...arr(rootAddress?.line).map(str)].filter(Boolean).join(' ');
  const hospital = {
    name: hospitalName.name,
    city: city ? { zh: city, en: city } : { zh: '（未提供）', en: '(not given)' },
    address: addressText ? { zh: addressText, en: addressText } : tbc,
    phone: phoneOf(root) ?? tbc,
    emergency: { zh: '急诊请直接前往急诊科，或拨打120。', en: 'For an emergency go straight to the Emergency Department, or call 120.' },
    welcome: { zh: `欢迎来到${hospitalName.name.zh}`, en: `Welcome to ${hospitalName.name.en}` },
  };

  // Locations: up the partOf chain by physical type.
  const locationKind = (l: Resource): string => codes(l.physicalType)[0] ?? '';
  const chain = (l: Resource): Resource[] => {
    const out: Resource[] = [];
    for (let cur: Resource | undefined = l; cur && out.length < 16 && !out.includes(cur); cur = byRef.get(ref(cur.partOf) ?? '')) out.push(cur);
    return out;
  };
  const usedLocations = new Set<string>();
  const placeOf = (locRef: string | undefined) => {
    const l = locRef ? byRef.get(locRef) : undefined;
    if (!l || l.resourceType !== 'Location') return undefined;
    usedLocations.add(`Location/${l.id}`);
    const up = chain(l);
    const find = (kinds: string[]) => up.find((x) => kinds.includes(locationKind(x)));
    const room = find(['ro', 'area', 'bd']) ?? (locationKind(l) === '' ? l : undefined);
    const level = find(['lvl', 'fl']);
    const building = find(['bu', 'wi', 'si']);
    const name = (x: Resource | undefined) => (x ? bilingualName(x)?.name : undefined);
    const floorText = level ? str(level.name) : undefined;
    return {
      building: name(building) ?? tbc,
      floor: floorText && floorText.length <= 16 ? floorText : tbc,
      room: name(room) ?? tbc,
      location: l,
    };
  };

  const hoursFrom = (times: unknown[], where: string): Placeholder | OpeningHours => {
    const lines: OpeningHours = [];
    times.forEach((t, i) => {
      const o = obj(t);
      const days = weekdays(o?.daysOfWeek);
      const allDay = o?.allDay === true;
      const from = allDay ? '00:00' : hhmm(str(o?.availableStartTime) ?? str(o?.openingTime));
      const to = allDay ? '24:00' : hhmm(str(o?.availableEndTime) ?? str(o?.closingTime));
      if (!days.length || !from || !to || from >= to) {
        skipped.push(`${where}[${i}]: no days of the week or no opening and closing time`);
        return;
      }
      lines.push({
        days: { zh: days.map((d) => DAY_NAMES[d - 1]!.zh).join('、'), en: days.map((d) => DAY_NAMES[d - 1]!.en).join(', ') },
        time: `${from}-${to}`,
        weekly: [{ weekdays: days, from, to }],
      });
    });
    return lines.length ? lines : tbc;
  };

  const depIds = new Set<string>();
  const deptByOrg = new Map<string, Record<string, unknown> & { id: string; services: unknown[] }>();
  const services = of('HealthcareService');
  const roles = of('PractitionerRole');
  for (const o of orgs) {
    if (o === root) continue;
    const key = `Organization/${o.id}`;
    const named = bilingualName(o);
    if (!named) {
      skipped.push(`${key}: a department without a name`);
      continue;
    }
    if (named.oneLanguage) missing.push(`${key}: its name is in one language only; it is used for both`);
    const id = kioskId(o.id!, depIds, 'dept');
    // Where: a location it manages, else one of its services' or its doctors' locations.
    const locRef = of('Location').find((l) => ref(l.managingOrganization) === key && ['ro', 'area', 'bd', ''].includes(locationKind(l)))?.id ?? undefined;
    const candidate =
      (locRef ? `Location/${locRef}` : undefined) ??
      services.filter((s) => ref(s.providedBy) === key).flatMap((s) => arr(s.location).map(ref))[0] ??
      roles.filter((r) => ref(r.organization) === key).flatMap((r) => arr(r.location).map(ref))[0];
    const where = placeOf(candidate);
    if (!where) missing.push(`${key}: no Location says where it is; building, floor and room are "to be confirmed"`);
    const phone = phoneOf(o);
    if (!phone) missing.push(`${key}: no phone number`);
    const locHours = where ? arr(where.location.hoursOfOperation) : [];
    // The category is the type's own text; the generic organisation-type codes (dept, prov) say only "a department".
    const typeText = arr(o.type)
      .map((t) => str(obj(t)?.text))
      .find(Boolean);
    const category = typeText ? bilingualName({ resourceType: 'type', name: typeText }) : undefined;
    if (category?.oneLanguage) missing.push(`${key}: its type (the category) is in one language only; it is used for both`);
    const summary = {
      zh: `${named.name.zh}：信息来自医院目录，详细介绍待补充。`,
      en: `${named.name.en}: from the hospital directory; a fuller description is to follow.`,
    };
    deptByOrg.set(key, {
      id,
      name: named.name,
      category: category ? category.name : { zh: '科室', en: 'Department' },
      summary,
      description: [summary],
      services: [],
      location: { building: where?.building ?? tbc, floor: where?.floor ?? tbc, room: where?.room ?? tbc },
      hours: locHours.length ? hoursFrom(locHours, `Location/${where!.location.id}.hoursOfOperation`) : tbc,
      phone: phone ?? tbc,
      keywords: { zh: [], en: [] },
    });
  }
  if (!deptByOrg.size) throw new FhirError('The bundle has no Organization with partOf (the departments); a content source needs at least one department.');

  // Services.
  let serviceCount = 0;
  for (const s of services) {
    const key = `HealthcareService/${s.id}`;
    const dep = deptByOrg.get(ref(s.providedBy) ?? '');
    if (!dep) {
      skipped.push(`${key}: its providedBy names no department of the bundle`);
      continue;
    }
    const named =
      bilingualName(s) ??
      (conceptText(arr(s.type)[0]) ? { name: { zh: conceptText(arr(s.type)[0])!, en: conceptText(arr(s.type)[0])! }, oneLanguage: true } : undefined);
    if (!named) {
      skipped.push(`${key}: a service without a name or type`);
      continue;
    }
    if (named.oneLanguage) missing.push(`${key}: its name is in one language only; it is used for both`);
    const comment = str(s.comment);
    dep.services.push({ name: named.name, ...(comment ? { detail: { zh: comment, en: comment } } : {}), keywords: [] });
    serviceCount++;
    if (arr(dep.hours as unknown[]).length === 0 && (dep.hours as Placeholder).placeholder && arr(s.availableTime).length)
      dep.hours = hoursFrom(arr(s.availableTime), `${key}.availableTime`);
  }

  // Doctors: one per role in a department; sessions from availableTime, cancellations from notAvailable.
  const doctorIds = new Set<string>();
  const doctors: Doctor[] = [];
  const sessions: ClinicSession[] = [];
  const exceptions: SessionException[] = [];
  const withRole = new Set<string>();
  for (const role of roles) {
    const key = `PractitionerRole/${role.id}`;
    const pRef = ref(role.practitioner);
    const p = pRef ? byRef.get(pRef) : undefined;
    if (!p || p.resourceType !== 'Practitioner') {
      skipped.push(`${key}: names no Practitioner of the bundle`);
      continue;
    }
    const dep = deptByOrg.get(ref(role.organization) ?? '');
    if (!dep) {
      skipped.push(`${key}: its organization is not a department of the bundle`);
      continue;
    }
    const named = humanName(p);
    if (!named) {
      skipped.push(`${pRef}: a practitioner without a name`);
      continue;
    }
    withRole.add(pRef!);
    if (named.oneLanguage) missing.push(`${pRef}: the name is in one language only; it is used for both`);
    const id = kioskId(p.id!, doctorIds, 'dr');
    const qualification = conceptText(obj(arr(p.qualification)[0])?.code);
    if (!qualification) missing.push(`${pRef}: no qualification; the title is "to be confirmed"`);
    const specialties = arr(role.specialty)
      .map(conceptText)
      .filter((x): x is string => !!x)
      .map((t) => ({ zh: t, en: t }));
    doctors.push({
      id,
      department: dep.id,
      name: named.name,
      title: qualification ? { zh: qualification, en: qualification } : tbc,
      specialties,
      keywords: [],
    });
    const room = placeOf(arr(role.location).map(ref)[0])?.room ?? tbc;
    const taken = new Set<string>();
    arr(role.availableTime).forEach((t, i) => {
      const o = obj(t);
      const days = weekdays(o?.daysOfWeek);
      const start = o?.allDay === true ? '08:00' : hhmm(str(o?.availableStartTime));
      if (!days.length || !start) {
        skipped.push(`${key}.availableTime[${i}]: no days of the week or no start time`);
        return;
      }
      for (const weekday of days) {
        const period = periodOf(start);
        if (taken.has(`${weekday}${period}`)) {
          skipped.push(`${key}.availableTime[${i}]: a second ${period} session on ${FHIR_DAYS[weekday - 1]}`);
          continue;
        }
        taken.add(`${weekday}${period}`);
        sessions.push({ doctor: id, weekday, period, kind: 'general', room });
      }
    });
    arr(role.notAvailable).forEach((n, i) => {
      const o = obj(n);
      const during = obj(o?.during);
      const start = str(during?.start)?.slice(0, 10);
      const end = str(during?.end)?.slice(0, 10) ?? start;
      if (!start || !/^\d{4}-\d{2}-\d{2}$/.test(start) || !end || !/^\d{4}-\d{2}-\d{2}$/.test(end)) {
        skipped.push(`${key}.notAvailable[${i}]: no dates (during.start)`);
        return;
      }
      const description = str(o?.description);
      const from = Date.UTC(+start.slice(0, 4), +start.slice(5, 7) - 1, +start.slice(8, 10));
      const to = Date.UTC(+end.slice(0, 4), +end.slice(5, 7) - 1, +end.slice(8, 10));
      const days = Math.round((to - from) / 86_400_000) + 1;
      if (!(days >= 1) || days > MAX_ABSENCE_DAYS) {
        skipped.push(`${key}.notAvailable[${i}]: ${start} to ${end} is not a period of 1 to ${MAX_ABSENCE_DAYS} days`);
        return;
      }
      for (let d = 0; d < days; d++) {
        const date = new Date(from + d * 86_400_000).toISOString().slice(0, 10);
        exceptions.push({ doctor: id, date, change: 'cancelled', ...(description ? { note: { zh: description, en: description } } : {}) });
      }
    });
  }
  for (const p of of('Practitioner'))
    if (!withRole.has(`Practitioner/${p.id}`)) skipped.push(`Practitioner/${p.id}: no PractitionerRole puts the practitioner in a department`);
  for (const l of of('Location'))
    if (!usedLocations.has(`Location/${l.id}`) && !of('Location').some((x) => ref(x.partOf) === `Location/${l.id}`))
      skipped.push(`Location/${l.id}: no department, service or doctor is there`);

  // The files, checked as every content source is.
  const files = new Map<string, Buffer>();
  const put = (rel: string, v: unknown) => files.set(rel, Buffer.from(formatJson(v)));
  put('hospital.json', hospital);
  for (const d of deptByOrg.values()) put(`departments/${d.id}.json`, d);
  if (doctors.length) put('doctors.json', { doctors, sessions, exceptions });
  let content;
  try {
    content = parseContentFiles(files);
  } catch (e) {
    if (e instanceof ContentError) throw new FhirError(`The bundle maps to content that is not valid: ${e.message}`, e.problems);
    throw e;
  }
  // Written as the schema reads them (canonical form).
  const out = new Map<string, Buffer>();
  out.set('hospital.json', Buffer.from(formatJson(content.hospital)));
  for (const d of content.departments) out.set(`departments/${d.id}.json`, Buffer.from(formatJson(d)));
  if (content.doctors) out.set('doctors.json', Buffer.from(formatJson(content.doctors)));

  const report = [
    `Mapped: the hospital (Organization/${root.id}), ${deptByOrg.size} department${deptByOrg.size === 1 ? '' : 's'}, ${serviceCount} service${serviceCount === 1 ? '' : 's'}, ${doctors.length} doctor${doctors.length === 1 ? '' : 's'} with ${sessions.length} weekly session${sessions.length === 1 ? '' : 's'} and ${exceptions.length} date${exceptions.length === 1 ? '' : 's'} off, from ${usedLocations.size} location${usedLocations.size === 1 ? '' : 's'}.`,
    ...(skipped.length ? [`Skipped (${skipped.length}):`, ...skipped.map((s) => `  - ${s}`)] : ['Skipped: nothing.']),
    ...(missing.length
      ? [`Not in the bundle, so written as "to be confirmed" or taken from the one language given (${missing.length}):`, ...missing.map((s) => `  - ${s}`)]
      : []),
  ];
  return { files: out, report };
}
