/**
 * Pinyin for the search index, computed once when content is installed (never per query).
 * pinyin-pro converts whole strings, so polyphonic characters are read in context
 * (重症 → zhong zheng). Tones are dropped and ü is written v, as on a phone keyboard.
 */
import { createRequire } from 'node:module';
import { isHan } from './normalize.js';

type PinyinFn = typeof import('pinyin-pro').pinyin;
let loaded: PinyinFn | undefined;

/** pinyin-pro and its dictionary load on first use: only installs need them, never start-up or a search. */
function pinyinPro(): PinyinFn {
  return (loaded ??= (createRequire(import.meta.url)('pinyin-pro') as typeof import('pinyin-pro')).pinyin);
}

const cache = new Map<string, string[]>();
const SYLLABLE = /^[a-z]+$/;

/** Syllables of a run of Han characters, read together (cached: runs repeat across names). */
function runSyllables(run: string, chars: readonly string[]): string[] {
  const hit = cache.get(run);
  if (hit) return hit;
  let raw = pinyinPro()(run, { toneType: 'none', type: 'array', v: true });
  // pinyin-pro gives one entry per character; if that ever changes, convert one by one.
  if (raw.length !== chars.length) raw = chars.map((c) => pinyinPro()(c, { toneType: 'none', v: true }));
  const out = chars.map((_, i) => {
    const s = (raw[i] ?? '').toLowerCase();
    return SYLLABLE.test(s) ? s : '';
  });
  if (cache.size < 50_000) cache.set(run, out);
  return out;
}

/**
 * One entry per code point of `normalized` (output of `normalize`): the toneless syllable of a
 * Han character, the character itself for letters and digits, '' for a space or a Han
 * character pinyin-pro does not know. Each run of Han characters is read as a whole, so
 * polyphonic characters get their reading in context.
 */
export function syllables(normalized: string): string[] {
  const chars = Array.from(normalized);
  const out: string[] = new Array<string>(chars.length);
  let i = 0;
  while (i < chars.length) {
    const c = chars[i]!;
    if (!isHan(c)) {
      out[i++] = c === ' ' ? '' : c;
      continue;
    }
    let j = i + 1;
    while (j < chars.length && isHan(chars[j]!)) j++;
    const run = chars.slice(i, j);
    runSyllables(run.join(''), run).forEach((s, k) => (out[i + k] = s));
    i = j;
  }
  return out;
}

/** Forget cached conversions (after a big index build). */
export function clearPinyinCache(): void {
  cache.clear();
}
