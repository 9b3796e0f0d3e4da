/**
 * The search engine's ranking, independent of SQL: it asks a SearchSource (db/search.ts) for
 * candidates tier by tier, best tier first, and stops as soon as a group is full, so a common
 * query ("超声" over thousands of departments) reads only the first few entries of each list.
 *
 * Tiers, within each group (departments; services and examinations; equipment):
 *   exact name > name prefix > name substring (words, bigrams, pinyin) > keyword or synonym >
 *   detail or summary. Ties keep the content's order (prefix ties: by name, then content order).
 *
 * Pure apart from the source it is given.
 */
import { SEARCH_DEFAULT_LIMIT, SEARCH_MAX_LENGTH, SEARCH_MAX_LIMIT, type Lang, type SearchHit, type SearchMatch, type SearchResult, type TextRange } from '../api/contract.js';
import type { StoredDoc } from './documents.js';
import { highlight, snippet } from './highlight.js';
import { isHan, normalize } from './normalize.js';
import { FTS_TIERS, ftsExpression, planQuery, type FtsTier, type QueryPlan } from './query.js';
import { GROUPS, type GroupIndex } from './tags.js';

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

const MATCH_OF: readonly SearchMatch[] = ['exact', 'prefix', 'name', 'keyword', 'detail'];

interface Candidate {
  rid: number;
  tier: number;
}

const compact = (s: string): string => normalize(s).replace(/ /g, '');

/** Han runs of three or more characters are matched by bigrams; check the text really has them. */
function verified(doc: StoredDoc, tier: FtsTier, runs: readonly string[]): boolean {
  const texts =
    tier === 'name'
      ? [doc.name.zh, doc.name.en]
      : tier === 'keyword'
        ? doc.keywords
        : doc.detail
          ? [doc.detail.zh, doc.detail.en]
          : [];
  const c = texts.map(compact);
  return runs.every((r) => c.some((t) => t.includes(r)));
}

/** Longer prefixes standing for more terms than this are left to FTS5's own prefix query. */
const MAX_EXPANSION = 32;

function collectGroup(src: SearchSource, plan: QueryPlan, g: GroupIndex, limit: number, docs: DocCache): Candidate[] {
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
    out.push({ rid: r.rid, tier: r.tier });
  }

  // Full-text tiers, in content order.
  FTS_TIERS.forEach((tier, t) => {
    if (out.length >= limit) return;
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
        out.push({ rid, tier: t + 2 });
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

function toHit(doc: StoredDoc, tier: number, plan: QueryPlan, lang: Lang): SearchHit {
  const match = MATCH_OF[tier]!;
  const hit: SearchHit = {
    kind: doc.kind,
    departmentId: doc.departmentId,
    departmentName: doc.departmentName,
    name: doc.name,
    match,
    highlight: { zh: highlight(doc.name.zh, plan, doc.pinyin), en: highlight(doc.name.en, plan) },
  };
  if (doc.index !== null) hit.index = doc.index;
  let snip: SearchHit['snippet'];
  if (match === 'keyword') snip = keywordSnippet(doc, plan, lang);
  else if (match === 'detail' && doc.detail) {
    const other: Lang = lang === 'zh' ? 'en' : 'zh';
    snip = snippet(doc.detail[lang], plan) ?? snippet(doc.detail[other], plan);
  }
  if (snip) hit.snippet = snip;
  return hit;
}

/** Search the index behind `src`. An empty or unsearchable query gives empty groups. */
export function runSearch(src: SearchSource, query: string, lang: Lang = 'zh', limit = SEARCH_DEFAULT_LIMIT): SearchResult {
  const n = Math.max(1, Math.min(SEARCH_MAX_LIMIT, Math.floor(Number.isFinite(limit) ? limit : SEARCH_DEFAULT_LIMIT)));
  const result: SearchResult = { query, groups: { departments: [], services: [], equipment: [] } };
  // The API refuses longer queries; a direct caller gets the first part searched.
  const plan = planQuery(query.slice(0, SEARCH_MAX_LENGTH));
  if (!plan.normalized) return result;
  const docs = new DocCache(src);
  const found = GROUPS.map((_, g) => collectGroup(src, plan, g as GroupIndex, n, docs));
  docs.load(found.flat().map((c) => c.rid));
  GROUPS.forEach((name, g) => {
    for (const c of found[g]!) {
      const d = docs.get(c.rid);
      if (d) result.groups[name].push(toHit(d, c.tier, plan, lang));
    }
  });
  return result;
}

