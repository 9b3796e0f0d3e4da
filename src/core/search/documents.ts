/**
 * What gets indexed: one search document per department, per service or examination (with the
 * department's subspecialties, a subspecialty repeating a service's name merged into it), per
 * piece of equipment, per place or facility (places.json: its synonyms are its keywords), and
 * per doctor (doctors.json: the name in characters and in English, pinyin derived; specialties
 * and keywords as its keywords; the title as its detail), numbered in the order the content lists them. That order is the tie-break of every ranking
 * tier, so equal matches keep the content's order.
 *
 * Pure; used by the store when content is installed.
 */
import type { SearchHitKind } from '../../shared/index.js';
import type { Department, Doctor, Item, LText, Place, PlaceKind } from '../content/schema.js';
import { isPlaceholder } from '../../shared/content.js';
import { docTerms } from './terms.js';
import { DOCTORS_GROUP, PLACES_GROUP, type GroupIndex } from './tags.js';

/** The stored part of a search document: everything a hit and its highlights are made from. */
export interface StoredDoc {
  kind: SearchHitKind | 'place' | 'doctor';
  /** The department (a doctor's own department), or for a place the place's own id. */
  departmentId: string;
  /** Position in the department's list of that kind; null for a department. */
  index: number | null;
  name: LText;
  departmentName: LText;
  keywords: string[];
  /** An item's detail or a department's summary. */
  detail: LText | null;
  /** Syllables per code point of the normalised Chinese name (see ./pinyin.ts). */
  pinyin: string[];
  /** The same for each keyword ([] for a keyword without Chinese). */
  keywordPinyin: string[][];
  /** For a place: what kind of place it is. */
  placeKind: PlaceKind | null;
  /** For a doctor: the doctor's id. */
  doctorId: string | null;
}

export interface SearchDocRow extends StoredDoc {
  rid: number;
  group: GroupIndex;
  terms: string[];
  keys: string[];
}

interface Draft {
  doc: Omit<StoredDoc, 'pinyin' | 'keywordPinyin' | 'placeKind' | 'doctorId'> & { placeKind?: PlaceKind; doctorId?: string };
  body: string[];
}

function mergeDetail(a: LText | null, b: LText | undefined): LText | null {
  if (!b) return a;
  if (!a) return { ...b };
  return { zh: `${a.zh}\n${b.zh}`, en: `${a.en}\n${b.en}` };
}

function departmentDraft(d: Department): Draft {
  return {
    doc: {
      kind: 'department',
      departmentId: d.id,
      index: null,
      name: d.name,
      departmentName: d.name,
      keywords: [...d.keywords.zh, ...d.keywords.en, d.category.zh, d.category.en],
      detail: d.summary,
    },
    body: [d.summary.zh, d.summary.en],
  };
}

/** A department's items of one group, the same thing listed twice (a service that is also a subspecialty) merged into one. */
function itemDrafts(d: Department, lists: readonly (readonly [SearchHitKind, readonly Item[]])[]): Draft[] {
  const out: Draft[] = [];
  const seen = new Map<string, Draft>();
  for (const [kind, list] of lists) {
    list.forEach((it, index) => {
      const same = `${it.name.zh.trim()}\u0000${it.name.en.trim().toLowerCase()}`;
      const earlier = seen.get(same);
      if (earlier) {
        earlier.doc.keywords.push(...it.keywords.filter((k) => !earlier.doc.keywords.includes(k)));
        earlier.doc.detail = mergeDetail(earlier.doc.detail, it.detail);
        if (it.detail) earlier.body.push(it.detail.zh, it.detail.en);
        return;
      }
      const draft: Draft = {
        doc: {
          kind,
          departmentId: d.id,
          index,
          name: it.name,
          departmentName: d.name,
          keywords: [...it.keywords],
          detail: it.detail ? { ...it.detail } : null,
        },
        body: it.detail ? [it.detail.zh, it.detail.en] : [],
      };
      seen.set(same, draft);
      out.push(draft);
    });
  }
  return out;
}

/**
 * One department's search documents, numbered from `after + 1`: the department, then its services
 * and examinations, then its equipment, each in content order. Departments are written one after
 * another, so rids ascend in content order within each group, which is the ranking tie-break
 * (groups are searched apart, so how they interleave does not matter).
 */
export function* departmentSearchDocuments(d: Department, after = 0): Generator<SearchDocRow> {
  const row = rowMaker(after);
  yield row(0, departmentDraft(d));
  for (const draft of itemDrafts(d, [
    ['service', d.services],
    ['subspecialty', d.subspecialties],
  ]))
    yield row(1, draft);
  for (const draft of itemDrafts(d, [['equipment', d.equipment]])) yield row(2, draft);
}

/** The places' search documents, numbered from `after + 1` in content order. */
export function* placeSearchDocuments(places: readonly Place[], after = 0): Generator<SearchDocRow> {
  const row = rowMaker(after);
  for (const p of places) {
    yield row(PLACES_GROUP, {
      doc: {
        kind: 'place',
        departmentId: p.id,
        index: null,
        name: p.name,
        departmentName: p.name,
        keywords: [...p.synonyms],
        detail: p.note ? { ...p.note } : null,
        placeKind: p.kind,
      },
      body: p.note ? [p.note.zh, p.note.en] : [],
    });
  }
}

/**
 * The doctors' search documents, numbered from `after + 1` in content order; `departmentName`
 * gives each doctor's department's name (the hit says where the doctor sees patients).
 */
export function* doctorSearchDocuments(doctors: readonly Doctor[], departmentName: (id: string) => LText, after = 0): Generator<SearchDocRow> {
  const row = rowMaker(after);
  for (const [index, d] of doctors.entries()) {
    const title = isPlaceholder(d.title) ? null : d.title;
    yield row(DOCTORS_GROUP, {
      doc: {
        kind: 'doctor',
        departmentId: d.department,
        index,
        name: d.name,
        departmentName: departmentName(d.department),
        keywords: [...d.specialties.flatMap((s) => [s.zh, s.en]), ...d.keywords],
        detail: title ? { ...title } : null,
        doctorId: d.id,
      },
      body: title ? [title.zh, title.en] : [],
    });
  }
}

/** Numbers rows from `after + 1` and works out their terms. */
function rowMaker(after: number): (group: GroupIndex, draft: Draft) => SearchDocRow {
  let rid = after;
  return (group: GroupIndex, { doc, body }: Draft): SearchDocRow => {
    const t = docTerms({ group, name: doc.name, keywords: doc.keywords, body });
    return {
      rid: ++rid,
      group,
      kind: doc.kind,
      departmentId: doc.departmentId,
      index: doc.index,
      name: doc.name,
      departmentName: doc.departmentName,
      keywords: doc.keywords,
      detail: doc.detail,
      terms: t.terms,
      keys: t.keys,
      pinyin: t.pinyin,
      keywordPinyin: t.keywordPinyin,
      placeKind: doc.placeKind ?? null,
      doctorId: doc.doctorId ?? null,
    };
  };
}
