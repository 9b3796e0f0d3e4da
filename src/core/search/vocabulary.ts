/**
 * The index's own vocabulary, gathered when content is installed:
 * - words: every whole word of the searchable names and keywords (English words of three
 *   letters or more, and the full pinyin of each run of Chinese characters, from each character
 *   of a name to its run's end), which a misspelt query word is corrected to (./fuzzy.ts);
 * - candidates: every run of Chinese characters in those names and keywords, under its full
 *   pinyin and its initials, which the candidate bar offers while pinyin is typed (xg → 血管,
 *   血管外科). Only the content's own words are offered, never a general dictionary's.
 *
 * Pure apart from pinyin-pro (through ./pinyin.ts); no I/O.
 */
import { isHan, normalize, segments } from './normalize.js';
import { syllables } from './pinyin.js';

/** Candidate words longer than this are not offered (a whole sentence is not a word to pick). */
export const CANDIDATE_MAX_CHARS = 12;
/** The shortest English word kept for typo correction. */
const WORD_MIN = 3;

export interface Candidate {
  word: string;
  /** Full pinyin and initials, without spaces: xueguan, xg. */
  keys: [string, string];
  /** How many names and keywords use it: the more, the earlier it is offered. */
  uses: number;
}

export interface Vocabulary {
  words: Set<string>;
  candidates: Map<string, Candidate>;
}

/**
 * Adds what one searchable thing contributes: its names (Chinese and English) and its keywords.
 * A name counts `nameWeight` uses, so the names of departments and places, which a visitor is
 * most likely looking for, are offered before the lists' words.
 */
export function addVocabulary(v: Vocabulary, names: readonly string[], keywords: readonly string[], nameWeight = 1): void {
  names.forEach((t) => addText(v, t, true, nameWeight));
  keywords.forEach((t) => addText(v, t, false, 1));
}

function addText(v: Vocabulary, text: string, isName: boolean, weight: number): void {
  const n = normalize(text);
  if (!n) return;
  for (const seg of segments(n)) {
    if (seg.kind === 'word') {
      if (/^[a-z]+$/.test(seg.text) && seg.text.length >= WORD_MIN) v.words.add(seg.text);
      continue;
    }
    const chars = Array.from(seg.text).filter(isHan);
    if (!chars.length) continue;
    const syl = syllables(chars.join(''));
    if (syl.some((s) => !s)) continue;
    // Pinyin words from every character of a name (guanwaike is found in 血管外科), from the start of a keyword.
    for (let k = 0; k < (isName ? syl.length : 1); k++) {
      const p = syl.slice(k).join('');
      if (p.length >= WORD_MIN) v.words.add(p);
    }
    if (chars.length <= CANDIDATE_MAX_CHARS) {
      const word = chars.join('');
      const known = v.candidates.get(word);
      if (known) known.uses += weight;
      else v.candidates.set(word, { word, keys: [syl.join(''), syl.map((s) => s.charAt(0)).join('')], uses: weight });
    }
  }
}

/** The trailing Latin letters of what the visitor typed: the pinyin the candidate bar works on ('' if none). */
export function trailingPinyin(query: string): string {
  const m = /([A-Za-z]+)\s*$/.exec(query);
  return m ? m[1]!.toLowerCase() : '';
}
