/**
 * Index-time term generation: turns one searchable thing (a department, a service, a piece of
 * equipment) into the terms of the full-text index and the keys of the name table. All the
 * expensive work happens here, once, when content is installed: bigrams, stems, word suffixes,
 * pinyin and initials.
 *
 * Pure apart from pinyin-pro; no I/O, no SQL.
 */
import { hanGrams, isHan, normalize, segments, stem, stemPhrase } from './normalize.js';
import { syllables } from './pinyin.js';
import { MIN_SUBSTRING, TAG, term, type GroupIndex, type Tag } from './tags.js';

export interface SearchDocInput {
  group: GroupIndex;
  name: { zh: string; en: string };
  /** Synonyms, lay terms, abbreviations, a department's category. */
  keywords: readonly string[];
  /** Longer texts: an item's detail, a department's summary. */
  body: readonly string[];
}

export interface SearchDocTerms {
  /** Distinct terms for the FTS5 column (each is letters and digits only). */
  terms: string[];
  /** Whole-name keys for exact and prefix matches: Chinese name, English name, stemmed, pinyin, initials. */
  keys: string[];
  /** Per code point of the normalised Chinese name: its syllable, for pinyin highlights. */
  pinyin: string[];
  /** The same for each keyword ([] for a keyword without Chinese). */
  keywordPinyin: string[][];
}

/** Terms of normalised text: Han bigrams, words and their stems (and word suffixes for names). */
function addText(out: Set<string>, g: GroupIndex, tag: Tag, normalized: string, suffixTag?: Tag): void {
  for (const seg of segments(normalized)) {
    if (seg.kind === 'han') {
      for (const gram of hanGrams(seg.text)) out.add(term(g, tag, gram));
      continue;
    }
    const w = seg.text;
    const st = stem(w);
    for (const f of st === w ? [w] : [w, st]) {
      out.add(term(g, tag, f));
      if (suffixTag) for (let i = 1; i + MIN_SUBSTRING <= f.length; i++) out.add(term(g, suffixTag, f.slice(i)));
    }
  }
}

/**
 * Pinyin terms of normalised text whose syllables are `syl`: for each run of Han characters,
 * the full pinyin and the initials from its first character (and, for names, from every
 * character: "guanwaike", "gwk"), so a query can start anywhere in a name.
 */
function addPinyin(out: Set<string>, g: GroupIndex, normalized: string, syl: readonly string[], fullTag: Tag, initialsTag: Tag, suffixes: boolean): void {
  const chars = Array.from(normalized);
  let i = 0;
  while (i < chars.length) {
    if (!isHan(chars[i]!) || !syl[i]) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < chars.length && isHan(chars[j]!) && syl[j]) j++;
    const full = syl.slice(i, j);
    const initials = full.map((s) => s.charAt(0));
    const starts = suffixes ? full.length : 1;
    for (let k = 0; k < starts; k++) {
      out.add(term(g, fullTag, full.slice(k).join('')));
      out.add(term(g, initialsTag, initials.slice(k).join('')));
    }
    i = j;
  }
}

const hasHan = (normalized: string): boolean => /[\u2e80-\u{3ffff}]/u.test(normalized) && Array.from(normalized).some(isHan);

export function docTerms(doc: SearchDocInput): SearchDocTerms {
  const g = doc.group;
  const terms = new Set<string>();
  const zh = normalize(doc.name.zh);
  const en = normalize(doc.name.en);
  const syl = syllables(zh);
  addText(terms, g, TAG.name, zh, TAG.nameSuffix);
  addPinyin(terms, g, zh, syl, TAG.namePinyin, TAG.nameInitials, true);
  if (en !== zh) {
    addText(terms, g, TAG.name, en, TAG.nameSuffix);
    if (hasHan(en)) addPinyin(terms, g, en, syllables(en), TAG.namePinyin, TAG.nameInitials, true);
  }
  const keywordPinyin = doc.keywords.map((k) => {
    const n = normalize(k);
    addText(terms, g, TAG.keyword, n);
    if (!hasHan(n)) return [];
    const ks = syllables(n);
    addPinyin(terms, g, n, ks, TAG.keywordPinyin, TAG.keywordInitials, false);
    return ks;
  });
  for (const b of doc.body) addText(terms, g, TAG.body, normalize(b));

  const keys = new Set<string>([zh.replace(/ /g, ''), en, stemPhrase(en)]);
  if (hasHan(zh)) {
    keys.add(syl.join(''));
    keys.add(syl.map((s) => s.charAt(0)).join(''));
  }
  keys.delete('');
  return { terms: [...terms], keys: [...keys], pinyin: syl, keywordPinyin };
}
