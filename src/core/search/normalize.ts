/**
 * Text normalisation shared by the search index (at content install) and the search itself
 * (per query), so both sides agree on every character: full-width to half-width and other
 * compatibility forms (NFKC), lower case, accents dropped, every run of punctuation or space
 * turned into one space. `normalizeWithMap` also keeps, for each normalised character, where it
 * came from in the original text, so highlights can point into the text as displayed.
 *
 * Pure functions; no I/O, no pinyin.
 */

/** Han characters (Chinese): searched by character bigrams and by pinyin. */
const HAN = /\p{Script=Han}/u;
/** Characters that make up words; everything else separates them. */
const WORD_CHAR = /[\p{L}\p{N}]/u;

const foldCache = new Map<string, string>();

/** Fold one code point: NFKC, lower case, no combining marks, and non-word characters to a space. */
function foldCodePoint(cp: string): string {
  const code = cp.charCodeAt(0);
  if (code < 0x80) {
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39)) return cp;
    if (code >= 0x41 && code <= 0x5a) return String.fromCharCode(code + 32);
    return ' ';
  }
  // CJK Unified Ideographs: already normal, no case, a word character.
  if (code >= 0x4e00 && code <= 0x9fff) return cp;
  let out = foldCache.get(cp);
  if (out === undefined) {
    const folded = cp.normalize('NFKC').toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
    out = '';
    for (const c of folded) out += WORD_CHAR.test(c) ? c : ' ';
    if (foldCache.size < 20_000) foldCache.set(cp, out);
  }
  return out;
}

/** Normalise text for matching: words of lower-case letters and digits separated by single spaces. */
export function normalize(text: string): string {
  // Plain ASCII (most English text): the same result by regular expressions, much faster.
  // eslint-disable-next-line no-control-regex -- the ASCII range, control characters included
  if (/^[\x00-\x7f]*$/.test(text))
    return text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  let out = '';
  for (const cp of text) out += foldCodePoint(cp);
  return out.replace(/ {2,}/g, ' ').trim();
}

export interface MappedText {
  /** The normalised text, as `normalize` gives it. */
  text: string;
  /** For each UTF-16 index of `text` (and one past its end): the matching index in the original. */
  map: number[];
}

/** Normalise and remember where each normalised character came from. */
export function normalizeWithMap(original: string): MappedText {
  let text = '';
  const map: number[] = [];
  let offset = 0;
  for (const cp of original) {
    const folded = foldCodePoint(cp);
    for (let i = 0; i < folded.length; i++) {
      const c = folded[i]!;
      // Collapse spaces: skip a space at the start or after another space.
      if (c === ' ' && (text.length === 0 || text.endsWith(' '))) continue;
      text += c;
      map.push(offset);
    }
    offset += cp.length;
  }
  if (text.endsWith(' ')) {
    text = text.slice(0, -1);
    map.pop();
  }
  map.push(original.length);
  return { text, map };
}

/** The original range [start, end) behind the normalised range [from, to). */
export function originalRange(m: MappedText, from: number, to: number): { start: number; end: number } {
  const start = m.map[from]!;
  // The end is where the character after the last matched one starts in the original.
  const end = to < m.text.length ? m.map[to]! : m.map[m.text.length]!;
  return { start, end: Math.max(end, start) };
}

export function isHan(ch: string): boolean {
  const code = ch.charCodeAt(0);
  if (code < 0x2e80) return false;
  if (code >= 0x4e00 && code <= 0x9fff) return true;
  return HAN.test(ch);
}

/** Bigrams of a Han run plus its last character alone, so every character starts some term. */
export function hanGrams(run: string): string[] {
  const chars = Array.from(run);
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  out.push(chars[chars.length - 1]!);
  return out;
}

/** A piece of normalised text: a run of Han characters, or a word of other letters and digits. */
export interface Segment {
  kind: 'han' | 'word';
  text: string;
}

/** Split normalised text into Han runs and words ("b超 检查" → b, 超, 检查). */
export function segments(normalized: string): Segment[] {
  const out: Segment[] = [];
  for (const word of normalized.split(' ')) {
    if (!word) continue;
    let cur = '';
    let curHan = false;
    for (const ch of word) {
      const han = isHan(ch);
      if (cur && han !== curHan) {
        out.push({ kind: curHan ? 'han' : 'word', text: cur });
        cur = '';
      }
      cur += ch;
      curHan = han;
    }
    if (cur) out.push({ kind: curHan ? 'han' : 'word', text: cur });
  }
  return out;
}

/**
 * A deliberately simple English stemmer for plurals: arteries → artery, veins → vein,
 * examinations → examination, processes → process, boxes → box. Applied the same way to the
 * content and to the query, so consistency matters more than linguistics.
 */
export function stem(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (/(?:ches|shes|xes|zes)$/.test(word)) return word.slice(0, -2);
  if (/(?:ss|us|is)$/.test(word)) return word;
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/** `normalize` with each word stemmed: the form English names are also indexed under. */
export function stemPhrase(normalized: string): string {
  return normalized
    .split(' ')
    .map((w) => stem(w))
    .join(' ');
}

/** A query is treated as pinyin (full or initials) when it is made of Latin letters only. */
export function looksLikePinyin(normalized: string): boolean {
  return /^[a-z ]+$/.test(normalized) && /[a-z]/.test(normalized);
}
