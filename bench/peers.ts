/**
 * Search against its peer: the labelled query set (bench/queries/queries.tsv, see its README) and
 * MiniSearch, the library a web developer would pick, set up as one reasonably would for this
 * content, over the same search documents the kiosk indexes.
 *
 * An answer is the page a hit opens: a department's id (a service or a piece of equipment opens
 * its department) or `place:<id>` (the emergency answer opens the Emergency Department). The
 * kiosk's hits are read in the order its search screen shows them: the emergency answer, places,
 * then departments, services and equipment.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import MiniSearch, { type SearchOptions } from 'minisearch';
import { pinyin } from 'pinyin-pro';
import type { Content, Department, Lang } from '../src/core/content/schema.js';
import type { SearchResult } from '../src/core/api/contract.js';
import { dispatch, type ApiContext } from '../src/core/api/handlers.js';
import { departmentSearchDocuments, placeSearchDocuments, type StoredDoc } from '../src/core/search/documents.js';

export const QUERY_FILE = join(import.meta.dirname, 'queries', 'queries.tsv');
/** The synthetic departments the query set was labelled over (after the built-in content's own). */
export const RECALL_SYNTHETIC_DEPARTMENTS = 100;
export const RECALL_SEED = 42;

export interface LabelledQuery {
  /** Its line in the file, for messages. */
  line: number;
  kind: string;
  lang: Lang;
  query: string;
  /** Pages named in the file (built-in departments and places). */
  named: string[];
  /** Which synthetic departments also answer it: alternatives (|) of conditions (&). */
  synthetic: { field: 'area' | 'kind' | 'service' | 'equipment' | 'keyword'; value: string }[][];
}

const FIELDS = new Set(['area', 'kind', 'service', 'equipment', 'keyword']);

/** The query set, each line checked: a bad line is named with what is wrong with it. */
export function loadQueries(file = QUERY_FILE): LabelledQuery[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const header = lines[0]?.split('\t');
  if (header?.join(',') !== 'kind,lang,query,expect,synthetic')
    throw new Error(`${file}: the first line must name the columns kind, lang, query, expect, synthetic.`);
  const out: LabelledQuery[] = [];
  const seen = new Set<string>();
  lines.slice(1).forEach((text, i) => {
    const line = i + 2;
    if (!text.trim()) return;
    const [kind, lang, query, expect, synthetic, extra] = text.split('\t');
    const where = `${file} line ${line}`;
    if (extra !== undefined || synthetic === undefined) throw new Error(`${where}: a query has five tab-separated columns.`);
    if (lang !== 'zh' && lang !== 'en') throw new Error(`${where}: the language must be zh or en, not "${lang}".`);
    if (!query || seen.has(`${lang}:${query}`)) throw new Error(`${where}: the query is empty or listed twice.`);
    seen.add(`${lang}:${query}`);
    const alternatives = synthetic
      ? synthetic.split('|').map((alt) =>
          alt.split('&').map((cond) => {
            const [field, value] = cond.split('=');
            if (!field || !FIELDS.has(field) || !value) throw new Error(`${where}: "${cond}" is not a condition such as area=超声.`);
            return { field: field as LabelledQuery['synthetic'][number][number]['field'], value };
          }),
        )
      : [];
    const named = expect ? expect.split(',') : [];
    if (!named.length && !alternatives.length) throw new Error(`${where}: the query names no expected answer.`);
    out.push({ line, kind: kind!, lang, query, named, synthetic: alternatives });
  });
  return out;
}

const stripNumber = (s: string) => s.replace(/\d+$/, '');

/** Does the synthetic department `d` (bench/generate.ts) meet the condition? */
function meets(d: Department, c: LabelledQuery['synthetic'][number][number]): boolean {
  const name = stripNumber(d.name.zh);
  switch (c.field) {
    case 'area':
      return name.startsWith(c.value); // a synthetic name is its area, then its kind
    case 'kind':
      return d.category.zh === c.value;
    case 'service':
      return d.services.some((s) => stripNumber(s.name.zh) === c.value);
    case 'equipment':
      return d.equipment.some((e) => stripNumber(e.name.zh) === c.value);
    case 'keyword':
      return d.keywords.zh.includes(c.value) || d.keywords.en.includes(c.value);
  }
}

/**
 * The pages that answer `q` in `content`: those the file names (each must exist) and the
 * synthetic departments meeting its conditions. A query nothing answers is an error in the file.
 */
export function expectedPages(q: LabelledQuery, content: Content): Set<string> {
  const pages = new Set<string>();
  for (const p of q.named) {
    const ok = p.startsWith('place:') ? content.places?.places.some((x) => `place:${x.id}` === p) : content.departments.some((d) => d.id === p);
    if (!ok) throw new Error(`queries line ${q.line} ("${q.query}"): the content has no "${p}".`);
    pages.add(p);
  }
  for (const d of content.departments) {
    if (d.id.startsWith('dept-') && q.synthetic.some((alt) => alt.every((c) => meets(d, c)))) pages.add(d.id);
  }
  if (!pages.size) throw new Error(`queries line ${q.line} ("${q.query}"): nothing in the content answers it; its conditions match no department.`);
  return pages;
}

/** The pages the kiosk's hits open, in the order its search screen shows them. */
export function resultPages(r: SearchResult): string[] {
  const out: string[] = [];
  if (r.emergency) out.push(r.emergency.place ? `place:${r.emergency.place.id}` : 'emergency');
  for (const p of r.places) out.push(`place:${p.placeId}`);
  for (const g of [r.groups.departments, r.groups.services, r.groups.equipment]) for (const h of g) out.push(h.departmentId);
  return out;
}

/** The kiosk's search, through the API's own dispatch (argument checks, emergency place and all). */
export async function kioskSearch(ctx: ApiContext, q: LabelledQuery): Promise<string[]> {
  const out = await dispatch(ctx, 'search', { q: q.query, lang: q.lang });
  if (!out.ok) throw new Error(`search "${q.query}" failed: ${out.error.message}`);
  return resultPages(out.value as SearchResult);
}

// --- MiniSearch, as a web developer would set it up for bilingual content -------------------

const HAN = /\p{Script=Han}/u;

/**
 * Latin words as they are (lower case); Chinese as single characters plus overlapping bigrams,
 * the usual choice without a Chinese word segmenter in the browser.
 */
export function cjkTokenize(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(/\p{Script=Han}+|[\p{L}\p{N}]+/gu)) {
    const w = m[0];
    if (!HAN.test(w)) {
      out.push(w);
      continue;
    }
    const cs = Array.from(w);
    out.push(...cs);
    for (let i = 0; i + 1 < cs.length; i++) out.push(cs[i]! + cs[i + 1]!);
  }
  return out;
}

/** Full pinyin (syllables and run together) and initials of every Chinese text, for the pinyin fields. */
function pinyinFields(texts: readonly string[]): { full: string; initials: string } {
  const full: string[] = [];
  const initials: string[] = [];
  for (const t of texts) {
    if (!HAN.test(t)) continue;
    const syl = pinyin(t, { toneType: 'none', type: 'array', v: true })
      .map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, ''))
      .filter(Boolean);
    full.push(syl.join(' '), syl.join(''));
    initials.push(syl.map((s) => s[0]).join(''));
  }
  return { full: full.join(' '), initials: initials.join(' ') };
}

interface PeerDoc {
  id: number;
  page: string;
  name: string;
  keywords: string;
  detail: string;
  namePinyin: string;
  nameInitials: string;
  keywordPinyin: string;
  keywordInitials: string;
}

function peerDoc(id: number, d: StoredDoc, extraKeywords: readonly string[] = []): PeerDoc {
  const keywords = [...d.keywords, ...extraKeywords];
  const np = pinyinFields([d.name.zh]);
  const kp = pinyinFields(keywords);
  return {
    id,
    page: d.kind === 'place' ? `place:${d.departmentId}` : d.departmentId,
    name: `${d.name.zh} ${d.name.en}`,
    keywords: keywords.join(' '),
    detail: d.detail ? `${d.detail.zh} ${d.detail.en}` : '',
    namePinyin: np.full,
    nameInitials: np.initials,
    keywordPinyin: kp.full,
    keywordInitials: kp.initials,
  };
}

/** Prefix search on every word, typos forgiven (a fifth of a word's letters), names weighted most. */
export const MINISEARCH_OPTIONS: SearchOptions = {
  prefix: true,
  fuzzy: 0.2,
  boost: { name: 3, namePinyin: 2.5, nameInitials: 2, keywords: 2, keywordPinyin: 1.5, keywordInitials: 1.2 },
};

/** The same documents the kiosk indexes (its places with the emergency words on the Emergency Department), in MiniSearch. */
export function buildMiniSearch(content: Content): MiniSearch<PeerDoc> {
  const ms = new MiniSearch<PeerDoc>({
    fields: ['name', 'keywords', 'detail', 'namePinyin', 'nameInitials', 'keywordPinyin', 'keywordInitials'],
    storeFields: ['page'],
    tokenize: cjkTokenize,
    searchOptions: MINISEARCH_OPTIONS,
  });
  let id = 0;
  const batch: PeerDoc[] = [];
  const flush = () => {
    ms.addAll(batch);
    batch.length = 0;
  };
  const places = content.places;
  if (places) {
    for (const row of placeSearchDocuments(places.places)) batch.push(peerDoc(++id, row, row.departmentId === 'emergency' ? places.emergencyTerms : []));
  }
  for (const d of content.departments) {
    for (const row of departmentSearchDocuments(d)) batch.push(peerDoc(++id, row));
    if (batch.length > 5000) flush();
  }
  flush();
  return ms;
}

export function miniSearchPages(ms: MiniSearch<PeerDoc>, q: string, combineWith: 'OR' | 'AND' = 'OR'): string[] {
  return ms.search(q, { combineWith }).map((r) => r.page as string);
}

// --- figures ---------------------------------------------------------------------------------

export interface Recall {
  recall: number;
  misses: { q: LabelledQuery; got: string[] }[];
}

/** The share of queries with an expected page among the first three answers. */
export async function recallAt3(
  queries: readonly LabelledQuery[],
  expected: ReadonlyMap<LabelledQuery, Set<string>>,
  search: (q: LabelledQuery) => string[] | Promise<string[]>,
): Promise<Recall> {
  const misses: Recall['misses'] = [];
  for (const q of queries) {
    const got = (await search(q)).slice(0, 3);
    if (!got.some((p) => expected.get(q)!.has(p))) misses.push({ q, got });
  }
  return { recall: (queries.length - misses.length) / queries.length, misses };
}

let gcFn: (() => void) | undefined;
/** A full garbage collection (for measuring what an index holds on the heap). */
export function collectGarbage(): void {
  if (!gcFn) {
    setFlagsFromString('--expose-gc');
    gcFn = runInNewContext('gc') as () => void;
  }
  gcFn();
  gcFn();
}

/** Heap bytes a built object holds: the heap after `build` (its result kept) less before. */
export function heapHeldBy<T>(build: () => T): { value: T; bytes: number } {
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const value = build();
  collectGarbage();
  return { value, bytes: process.memoryUsage().heapUsed - before };
}
