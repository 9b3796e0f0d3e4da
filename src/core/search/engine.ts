/**
 * The search engine's ranking, independent of SQL: it asks a SearchSource (db/search.ts) for
 * candidates tier by tier, best tier first, and stops as soon as a group is full, so a common
 * query ("超声" over thousands of departments) reads only the first few entries of each list.
 *
 * Tiers, within each group (departments; services and examinations; equipment; places):
 *   exact name > name prefix > name substring (words, bigrams, pinyin) > keyword or synonym >
 *   detail or summary. Ties keep the content's order (prefix ties: by name, then content order).
 *   Only when no group has any hit, misspelt words (five letters or more, ./fuzzy.ts) are
 *   corrected to the index's own words and the query is searched again, its hits marked
 *   'fuzzy': a correction never stands in front of an exact hit.
 *   Only when a correction finds nothing either, the query's parts are searched on their own,
 *   longest first (上厕所 → 厕所, get medicine → medicine), their hits marked 'fuzzy' as well.
 *
 * Before all of it, the query is checked against the content's emergency words
 * (./emergency.ts): the answer then starts with the way to the Emergency Department.
 *
 * Pure apart from the source it is given.
 */
import {
  SEARCH_DEFAULT_LIMIT,
  SEARCH_MAX_LENGTH,
  SEARCH_MAX_LIMIT,
  type DoctorHit,
  type Lang,
  type PlaceHit,
  type SearchHit,
  type SearchMatch,
  type SearchResult,
  type TextRange,
} from '../../shared/index.js';
import type { StoredDoc } from './documents.js';
import { touchedEmergency, type EmergencyForm } from './emergency.js';
import { editDistance, maxEdits } from './fuzzy.js';
import { highlight, snippet } from './highlight.js';
import { isHan, normalize } from './normalize.js';
import { FTS_TIERS, ftsExpression, planQuery, type FtsTier, type QueryPlan } from './query.js';
import { DOCTORS_GROUP, GROUPS, PLACES_GROUP, type GroupIndex } from './tags.js';

/** Read access to a built search index. */
export interface SearchSource {
  /** Up to `n` whole-name keys of group `g` that start with `prefix`, ordered by key then rid. */
  keyRange(g: GroupIndex, prefix: string, n: number): { key: string; rid: number }[];
  /** Up to `n` rids above `after` matching an FTS5 expression, ascending. */
  match(expression: string, after: number, n: number): number[];
  /** The index's terms that start with `prefix`, or null when there are more than `max`. */
  terms(prefix: string, max: number): string[] | null;
  /** The stored documents behind `rids` (one round trip). */
  docs(rids: readonly number[]): Map<number, StoredDoc>;
  /** The content's emergency words, as prepared at install time (./emergency.ts). */
  emergencyForms(): readonly EmergencyForm[];
  /** Whole words of names and keywords (English, pinyin) that start with `first`, of `minLength` to `maxLength` letters. */
  words(first: string, minLength: number, maxLength: number): string[];
  /** The content has places (places.json): otherwise their group is not searched at all. */
  hasPlaces(): boolean;
  /** The content has doctors (doctors.json): otherwise their group is not searched at all. */
  hasDoctors?(): boolean;
}

/** Documents fetched during one search, fetched in batches. */
class DocCache {
  private readonly known = new Map<number, StoredDoc | undefined>();
  constructor(private readonly src: SearchSource) {}

  load(rids: readonly number[]): void {
    const missing = rids.filter((r) => !this.known.has(r));
    if (!missing.length) return;
    const got = this.src.docs(missing);
    for (const r of missing) this.known.set(r, got.get(r));
  }

  get(rid: number): StoredDoc | undefined {
    this.load([rid]);
    return this.known.get(rid);
  }
}

const MATCH_OF: readonly SearchMatch[] = ['exact', 'prefix', 'name', 'keyword', 'detail', 'fuzzy'];
const FUZZY_TIER = MATCH_OF.indexOf('fuzzy');

interface Candidate {
  rid: number;
  tier: number;
  /** The plan it was found by (a corrected query's, for a fuzzy hit): its highlights come from it. */
  plan: QueryPlan;
}

const compact = (s: string): string => normalize(s).replace(/ /g, '');

/** Han runs of three or more characters are matched by bigrams; check the text really has them. */
function verified(doc: StoredDoc, tier: FtsTier, runs: readonly string[]): boolean {
  const texts = tier === 'name' ? [doc.name.zh, doc.name.en] : tier === 'keyword' ? doc.keywords : doc.detail ? [doc.detail.zh, doc.detail.en] : [];
  const c = texts.map(compact);
  return runs.every((r) => c.some((t) => t.includes(r)));
}

/** Longer prefixes standing for more terms than this are left to FTS5's own prefix query. */
const MAX_EXPANSION = 32;

/**
 * The group's hits for `plan`, tier by tier. With `asTier` (the fuzzy tier) every hit is given
 * that tier and only names and keywords are searched: a correction is a guess, and a guess
 * found only in a long detail text is more likely wrong than helpful.
 */
function collectGroup(src: SearchSource, plan: QueryPlan, g: GroupIndex, limit: number, docs: DocCache, asTier?: number): Candidate[] {
  const out: Candidate[] = [];
  const expand = (prefix: string) => src.terms(prefix, MAX_EXPANSION);
  const seen = new Set<number>();

  // Exact and prefix matches of a whole name (Chinese, English, stemmed English, pinyin, initials).
  const keyed: { key: string; rid: number; tier: number }[] = [];
  for (const k of plan.keys) {
    for (const r of src.keyRange(g, k, limit)) keyed.push({ ...r, tier: r.key === k ? 0 : 1 });
  }
  keyed.sort((a, b) => a.tier - b.tier || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) || a.rid - b.rid);
  for (const r of keyed) {
    if (out.length >= limit) break;
    if (seen.has(r.rid)) continue;
    seen.add(r.rid);
    out.push({ rid: r.rid, tier: asTier ?? r.tier, plan });
  }

  // Full-text tiers, in content order.
  FTS_TIERS.forEach((tier, t) => {
    if (out.length >= limit || (asTier !== undefined && tier === 'detail')) return;
    const expr = ftsExpression(plan, g, tier, expand);
    if (!expr) return;
    let after = 0;
    for (;;) {
      const batch = limit - out.length + seen.size;
      const rids = src.match(expr, after, batch);
      if (plan.verify.length) docs.load(rids.filter((r) => !seen.has(r)));
      for (const rid of rids) {
        after = rid;
        if (seen.has(rid)) continue;
        if (plan.verify.length) {
          const d = docs.get(rid);
          if (!d || !verified(d, tier, plan.verify)) continue;
        }
        seen.add(rid);
        out.push({ rid, tier: asTier ?? t + 2, plan });
        if (out.length >= limit) return;
      }
      if (rids.length < batch) return;
    }
  });
  return out;
}

/** Keywords in the visitor's language first (Chinese ones for zh). */
function keywordSnippet(doc: StoredDoc, plan: QueryPlan, lang: Lang): SearchHit['snippet'] {
  const han = (k: string) => Array.from(k).some(isHan);
  const ordered = [...doc.keywords].sort((a, b) => Number(han(b) === (lang === 'zh')) - Number(han(a) === (lang === 'zh')));
  let best: { text: string; highlight: TextRange[]; score: number } | undefined;
  for (const k of ordered) {
    const h = highlight(k, plan, doc.keywordPinyin[doc.keywords.indexOf(k)]);
    if (!h.length) continue;
    // The keyword the visitor typed beats one that merely contains it, which beats a partial match.
    const n = normalize(k);
    const score = n === plan.normalized ? 3 : n.includes(plan.normalized) ? 2 : 1;
    if (!best || score > best.score) best = { text: k, highlight: h, score };
  }
  return best && { text: best.text, highlight: best.highlight };
}

function hitSnippet(doc: StoredDoc, match: SearchMatch, plan: QueryPlan, lang: Lang): SearchHit['snippet'] {
  if (match === 'keyword' || (match === 'fuzzy' && !highlight(doc.name[lang], plan, doc.pinyin).length)) return keywordSnippet(doc, plan, lang);
  if (match === 'detail' && doc.detail) {
    const other: Lang = lang === 'zh' ? 'en' : 'zh';
    return snippet(doc.detail[lang], plan) ?? snippet(doc.detail[other], plan);
  }
  return undefined;
}

function toHit(doc: StoredDoc, tier: number, plan: QueryPlan, lang: Lang): SearchHit {
  const match = MATCH_OF[tier]!;
  const hit: SearchHit = {
    kind: doc.kind as SearchHit['kind'], // only places are of kind 'place', and they become PlaceHits
    departmentId: doc.departmentId,
    departmentName: doc.departmentName,
    name: doc.name,
    match,
    highlight: { zh: highlight(doc.name.zh, plan, doc.pinyin), en: highlight(doc.name.en, plan) },
  };
  if (doc.index !== null) hit.index = doc.index;
  const snip = hitSnippet(doc, match, plan, lang);
  if (snip) hit.snippet = snip;
  return hit;
}

function toPlaceHit(doc: StoredDoc, tier: number, plan: QueryPlan, lang: Lang): PlaceHit {
  const match = MATCH_OF[tier]!;
  const hit: PlaceHit = {
    kind: 'place',
    placeId: doc.departmentId,
    placeKind: doc.placeKind ?? 'information',
    name: doc.name,
    match,
    highlight: { zh: highlight(doc.name.zh, plan, doc.pinyin), en: highlight(doc.name.en, plan) },
  };
  const snip = hitSnippet(doc, match, plan, lang);
  if (snip) hit.snippet = snip;
  return hit;
}

function toDoctorHit(doc: StoredDoc, tier: number, plan: QueryPlan, lang: Lang): DoctorHit {
  const match = MATCH_OF[tier]!;
  const hit: DoctorHit = {
    kind: 'doctor',
    doctorId: doc.doctorId ?? '',
    departmentId: doc.departmentId,
    departmentName: doc.departmentName,
    name: doc.name,
    match,
    highlight: { zh: highlight(doc.name.zh, plan, doc.pinyin), en: highlight(doc.name.en, plan) },
  };
  const snip = hitSnippet(doc, match, plan, lang);
  if (snip) hit.snippet = snip;
  return hit;
}

/** Corrected spellings tried at most, per query. */
const MAX_CORRECTIONS = 3;

/**
 * Queries with each misspelt word replaced by the nearest words of the index, nearest first (at
 * most MAX_CORRECTIONS); [] when no word can be corrected. Only letters are corrected, and only
 * words long enough to have an allowance (fuzzy.ts); a word the index has stays as it is.
 */
function corrections(src: SearchSource, plan: QueryPlan): string[] {
  const words = plan.normalized.split(' ');
  if (!plan.segments.length || plan.segments.some((seg) => seg.kind === 'han')) return [];
  const options = words.map((w): string[] => {
    const k = /^[a-z]+$/.test(w) ? maxEdits(w.length) : 0;
    if (!k) return [w];
    const scored: { word: string; d: number }[] = [];
    for (const cand of src.words(w.charAt(0), Math.max(w.length - k, 1), w.length + k)) {
      // The shorter word sets the allowance: a four-letter word is never a correction.
      const allowed = Math.min(k, maxEdits(cand.length));
      const d = allowed ? editDistance(w, cand, allowed) : allowed + 1;
      if (d === 0) return [w];
      if (d <= allowed) scored.push({ word: cand, d });
    }
    scored.sort((a, b) => a.d - b.d || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
    return scored.slice(0, MAX_CORRECTIONS).map((x) => x.word);
  });
  if (options.some((o) => !o.length) || options.every((o, i) => o.length === 1 && o[0] === words[i])) return [];
  // The nearest spelling of every word, then the next ones word by word.
  const out = [options.map((o) => o[0]!).join(' ')];
  for (let i = 0; i < options.length && out.length < MAX_CORRECTIONS; i++) {
    for (const alt of options[i]!.slice(1)) {
      if (out.length >= MAX_CORRECTIONS) break;
      out.push(options.map((o, j) => (j === i ? alt : o[0]!)).join(' '));
    }
  }
  return out;
}

/** Shorter queries tried at most, per query, when neither it nor a correction finds anything. */
const MAX_PARTS = 24;
/** Han runs longer than this are not cut into parts (a sentence is not a question to guess at). */
const MAX_PART_SOURCE = 10;

/**
 * The parts of a query that found nothing, longest first, to be searched on their own: each word of
 * several (get medicine → medicine, get), and the shorter runs of two or more characters inside a
 * run of Chinese (上厕所 → 上厕, 厕所; 血管科 → 血管, 管科). A visitor types what they would say,
 * and the content's word is often inside it. At most MAX_PARTS; [] for a single short word.
 */
export function queryParts(plan: QueryPlan): string[] {
  const out: string[] = [];
  const words = plan.normalized.split(' ').filter(Boolean);
  if (words.length > 1) out.push(...words.filter((w) => /[a-z]{3,}|\p{Script=Han}{2,}/u.test(w)));
  for (const seg of plan.segments) {
    if (seg.kind !== 'han') continue;
    const chars = Array.from(seg.text);
    if (chars.length < 3 || chars.length > MAX_PART_SOURCE) continue;
    for (let len = chars.length - 1; len >= 2; len--) {
      for (let i = 0; i + len <= chars.length; i++) out.push(chars.slice(i, i + len).join(''));
    }
  }
  const unique = [...new Set(out)].filter((w) => w !== plan.normalized);
  // Longest first, then in the order typed: the longer a part, the more of the question it keeps.
  return unique
    .map((w, i) => ({ w, i, n: Array.from(w).length }))
    .sort((a, b) => b.n - a.n || a.i - b.i)
    .slice(0, MAX_PARTS)
    .map((x) => x.w);
}

/** The groups the content has: places and doctors only when it lists them. */
function groupsOf(src: SearchSource): GroupIndex[] {
  const out: GroupIndex[] = [0, 1, 2];
  if (src.hasPlaces()) out.push(PLACES_GROUP);
  if (src.hasDoctors?.()) out.push(DOCTORS_GROUP);
  return out;
}

/** Search the index behind `src`. An empty or unsearchable query gives empty groups. */
export function runSearch(src: SearchSource, query: string, lang: Lang = 'zh', limit = SEARCH_DEFAULT_LIMIT): SearchResult {
  const n = Math.max(1, Math.min(SEARCH_MAX_LIMIT, Math.floor(Number.isFinite(limit) ? limit : SEARCH_DEFAULT_LIMIT)));
  const result: SearchResult = { query, emergency: null, places: [], doctors: [], corrected: null, groups: { departments: [], services: [], equipment: [] } };
  // The API refuses longer queries; a direct caller gets the first part searched.
  const q = query.slice(0, SEARCH_MAX_LENGTH);
  const plan = planQuery(q);
  if (!plan.normalized) return result;
  const term = touchedEmergency(q, src.emergencyForms());
  if (term !== undefined) result.emergency = { term, place: null };
  const docs = new DocCache(src);
  const groups = groupsOf(src);
  const of = (found: Candidate[][], g: GroupIndex): Candidate[] => found[groups.indexOf(g)] ?? [];
  let found = groups.map((g) => collectGroup(src, plan, g, n, docs));
  if (found.every((f) => f.length === 0)) {
    for (const corrected of corrections(src, plan)) {
      const alt = planQuery(corrected);
      found = groups.map((g) => collectGroup(src, alt, g, n, docs, FUZZY_TIER));
      if (found.some((f) => f.length > 0)) {
        result.corrected = corrected;
        break;
      }
    }
  }
  if (found.every((f) => f.length === 0)) {
    for (const part of queryParts(plan)) {
      const alt = planQuery(part);
      found = groups.map((g) => collectGroup(src, alt, g, n, docs, FUZZY_TIER));
      if (found.some((f) => f.length > 0)) {
        result.corrected = part;
        break;
      }
    }
  }
  docs.load(found.flat().map((c) => c.rid));
  GROUPS.forEach((name, g) => {
    for (const c of of(found, g as GroupIndex)) {
      const d = docs.get(c.rid);
      if (d) result.groups[name].push(toHit(d, c.tier, c.plan, lang));
    }
  });
  for (const c of of(found, DOCTORS_GROUP)) {
    const d = docs.get(c.rid);
    if (d) result.doctors.push(toDoctorHit(d, c.tier, c.plan, lang));
  }
  for (const c of of(found, PLACES_GROUP)) {
    const d = docs.get(c.rid);
    if (!d) continue;
    // The Emergency Department is never one hit among others: it is the emergency answer.
    if (d.placeKind === 'emergency') result.emergency ??= { term: null, place: null };
    else result.places.push(toPlaceHit(d, c.tier, c.plan, lang));
  }
  return result;
}
