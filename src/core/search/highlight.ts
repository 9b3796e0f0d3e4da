/**
 * Highlights: which parts of a displayed text matched the query, as UTF-16 ranges into the text
 * exactly as displayed, so the UI can bold them. Works on the normalised text and maps back, so
 * "ＤＶＴ" typed full-width still marks "DVT". Pinyin queries are marked on the Chinese name from
 * the syllables the index stored (no pinyin conversion here).
 *
 * Pure; no I/O.
 */
import type { TextRange } from '../../shared/index.js';
import { normalizeWithMap, originalRange, stem, type MappedText } from './normalize.js';
import { MIN_SUBSTRING } from './tags.js';
import type { QueryPlan } from './query.js';

function merge(ranges: TextRange[]): TextRange[] {
  const sorted = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: TextRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

function occurrences(text: string, needle: string, atWordStart: boolean): number[] {
  const out: number[] = [];
  if (!needle) return out;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) {
    if (!atWordStart || i === 0 || text[i - 1] === ' ') out.push(i);
  }
  return out;
}

/** Ranges in normalised-text units. */
function literalRanges(m: MappedText, plan: QueryPlan): [number, number][] {
  const t = m.text;
  const short = plan.normalized.length < MIN_SUBSTRING && plan.segments.every((s) => s.kind === 'word');
  const whole = occurrences(t, plan.normalized, short);
  if (whole.length) return whole.map((i) => [i, i + plan.normalized.length]);
  const out: [number, number][] = [];
  for (const seg of plan.segments) {
    if (seg.kind === 'han') {
      for (const i of occurrences(t, seg.text, false)) out.push([i, i + seg.text.length]);
      continue;
    }
    const w = seg.text;
    const found = occurrences(t, w, w.length < MIN_SUBSTRING);
    if (found.length) {
      for (const i of found) out.push([i, i + w.length]);
      continue;
    }
    // Plurals and the like: mark words whose stem starts with the query's stem (arteries ~ artery).
    const qs = stem(w);
    let at = 0;
    for (const word of t.split(' ')) {
      if (word && stem(word).startsWith(qs)) out.push([at, at + word.length]);
      at += word.length + 1;
    }
  }
  return out;
}

/** Pinyin ranges over code points of the normalised Chinese name: full pinyin or initials. */
function pinyinChars(syllables: readonly string[], query: string): [number, number] | undefined {
  for (let i = 0; i < syllables.length; i++) {
    if (!syllables[i]) continue;
    // Full pinyin; the last syllable may be partly typed.
    let rest = query;
    let j = i;
    while (rest && j < syllables.length) {
      const s = syllables[j]!;
      if (!s) break;
      if (rest.startsWith(s)) rest = rest.slice(s.length);
      else if (s.startsWith(rest)) rest = '';
      else break;
      j++;
    }
    if (!rest) return [i, j];
    // Initials.
    let k = 0;
    while (k < query.length && i + k < syllables.length && syllables[i + k]!.charAt(0) === query[k]) k++;
    if (k === query.length) return [i, i + k];
  }
  return undefined;
}

/**
 * The parts of `text` that match the query. `syllables` (per code point of the normalised
 * text, as stored in the index) enables pinyin highlights on Chinese names.
 */
export function highlight(text: string, plan: QueryPlan, syllables?: readonly string[]): TextRange[] {
  if (!plan.normalized || !text) return [];
  const m = normalizeWithMap(text);
  let ranges = literalRanges(m, plan);
  if (!ranges.length && plan.pinyin && syllables) {
    const chars = pinyinChars(syllables, plan.pinyin);
    if (chars) {
      // Code points to UTF-16 units of the normalised text.
      const units: number[] = [];
      let u = 0;
      for (const c of m.text) {
        units.push(u);
        u += c.length;
      }
      units.push(u);
      ranges = [[units[chars[0]] ?? u, units[chars[1]] ?? u]];
    }
  }
  return merge(ranges.map(([a, b]) => originalRange(m, a, b)));
}

const SNIPPET_BEFORE = 16;
const SNIPPET_AFTER = 48;

/** A short window of a long text around its first match, with the matches inside it. */
export function snippet(text: string, plan: QueryPlan): { text: string; highlight: TextRange[] } | undefined {
  const ranges = highlight(text, plan);
  const first = ranges[0];
  if (!first) return undefined;
  let start = Math.max(0, first.start - SNIPPET_BEFORE);
  let end = Math.min(text.length, first.end + SNIPPET_AFTER);
  // Do not split a surrogate pair.
  if (start > 0 && /[\uDC00-\uDFFF]/.test(text[start]!)) start--;
  if (end < text.length && /[\uDC00-\uDFFF]/.test(text[end]!)) end++;
  const pre = start > 0 ? '…' : '';
  const post = end < text.length ? '…' : '';
  const shift = pre.length - start;
  return {
    text: pre + text.slice(start, end) + post,
    highlight: ranges.filter((r) => r.start >= start && r.end <= end).map((r) => ({ start: r.start + shift, end: r.end + shift })),
  };
}
