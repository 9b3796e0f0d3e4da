/**
 * Query planning: turns what a visitor typed into the keys and FTS5 expressions the index is
 * asked for, tier by tier. No pinyin work happens here: a Latin query is simply also looked up
 * among the pinyin terms the index built at install time.
 *
 * Safety: every FTS5 term is built from normalised text (letters and digits only), wrapped in
 * double quotes with any quote doubled, and joined by operators written here, so nothing a
 * visitor types (quotes, AND, NEAR, *, parentheses, -) is ever read as FTS5 syntax. Keys are
 * bound as SQL parameters.
 *
 * Pure; no I/O.
 */
import { hanGrams, looksLikePinyin, normalize, segments, stem, stemPhrase, type Segment } from './normalize.js';
import { MIN_SUBSTRING, TAG, term, type GroupIndex, type Tag } from './tags.js';

/** The field classes searched by the full-text tiers, best first. */
export const FTS_TIERS = ['name', 'keyword', 'detail'] as const;
export type FtsTier = (typeof FTS_TIERS)[number];

export interface QueryPlan {
  /** The normalised query; '' means there is nothing to search for. */
  normalized: string;
  /** Segments of the normalised query (Han runs and words). */
  segments: Segment[];
  /** Whole-name keys to look up for exact and prefix matches (compact, spaced, stemmed). */
  keys: string[];
  /** The query without spaces, when it could be pinyin (full or initials); otherwise ''. */
  pinyin: string;
  /** Han runs of three or more characters: the index matches their bigrams, the text is checked after. */
  verify: string[];
}

export function planQuery(raw: string): QueryPlan {
  const normalized = normalize(raw);
  const segs = normalized ? segments(normalized) : [];
  const compact = normalized.replace(/ /g, '');
  const keys = [...new Set([compact, normalized, stemPhrase(normalized)])].filter((k) => k !== '');
  return {
    normalized,
    segments: segs,
    keys,
    pinyin: looksLikePinyin(normalized) ? compact : '',
    verify: segs.filter((s) => s.kind === 'han' && Array.from(s.text).length >= 3).map((s) => s.text),
  };
}

/**
 * Expands a term prefix to the terms that start with it, when they are few (so FTS5 can stream
 * them with an early stop); null when there are too many to list (FTS5 then does the prefix).
 */
export type ExpandPrefix = (prefix: string) => readonly string[] | null;

/** Prefixes up to this many characters (tag included) are served by FTS5's own prefix indexes. */
const PREFIX_INDEXED = 4;

/** One quoted FTS5 term. */
function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** The FTS5 alternatives for "any term starting with `prefix`"; [] when there is none. */
function prefixAlternatives(prefix: string, expand: ExpandPrefix): string[] {
  if (Array.from(prefix).length <= PREFIX_INDEXED) return [`${quote(prefix)}*`];
  const terms = expand(prefix);
  return terms === null ? [`${quote(prefix)}*`] : terms.map(quote);
}

function anyOf(parts: readonly string[]): string | null {
  const unique = [...new Set(parts)];
  if (!unique.length) return null;
  return unique.length === 1 ? unique[0]! : `(${unique.join(' OR ')})`;
}

function segmentExpr(g: GroupIndex, seg: Segment, tag: Tag, suffixTag: Tag | undefined, expand: ExpandPrefix): string | null {
  if (seg.kind === 'han') {
    if (Array.from(seg.text).length === 1) return anyOf(prefixAlternatives(term(g, tag, seg.text), expand));
    // Every bigram must be there; runs of three or more are checked against the text afterwards.
    const grams = [...new Set(hanGrams(seg.text).slice(0, -1))];
    return grams.map((b) => quote(term(g, tag, b))).join(' AND ');
  }
  const forms = [...new Set([seg.text, stem(seg.text)])];
  const parts = forms.flatMap((f) => prefixAlternatives(term(g, tag, f), expand));
  if (suffixTag) {
    for (const f of forms) if (f.length >= MIN_SUBSTRING) parts.push(...prefixAlternatives(term(g, suffixTag, f), expand));
  }
  return anyOf(parts);
}

/**
 * The FTS5 MATCH expression for one tier of one group, or null when nothing can match
 * (then the tier is skipped without a query).
 */
export function ftsExpression(plan: QueryPlan, g: GroupIndex, tier: FtsTier, expand: ExpandPrefix): string | null {
  if (!plan.segments.length) return null;
  const tag = tier === 'name' ? TAG.name : tier === 'keyword' ? TAG.keyword : TAG.body;
  const suffixTag = tier === 'name' ? TAG.nameSuffix : undefined;
  const words = plan.segments.map((s) => segmentExpr(g, s, tag, suffixTag, expand));
  const options: string[] = [];
  if (words.every((w) => w !== null)) options.push(words.length === 1 ? words[0]! : words.map((w) => `(${w})`).join(' AND '));
  if (plan.pinyin && tier !== 'detail') {
    const [full, initials] = tier === 'name' ? [TAG.namePinyin, TAG.nameInitials] : [TAG.keywordPinyin, TAG.keywordInitials];
    options.push(...prefixAlternatives(term(g, full, plan.pinyin), expand), ...prefixAlternatives(term(g, initials, plan.pinyin), expand));
  }
  if (!options.length) return null;
  return options.length === 1 ? options[0]! : options.map((o) => (o.startsWith('"') ? o : `(${o})`)).join(' OR ');
}
