/**
 * Typo tolerance: how many edits a word may be off, and a bounded edit distance. A word of five
 * letters or more may be one edit off (a letter missing, extra, wrong, or two swapped), one of
 * eight or more two; shorter words must be typed right, or every short word would match a dozen
 * others. Used by the search engine's last tier, after every exact tier (./engine.ts), and by
 * the emergency words (./emergency.ts).
 *
 * Pure; no I/O.
 */

/** Words shorter than this get no typo tolerance. */
export const FUZZY_MIN_LENGTH = 5;
/** Words at least this long may be two edits off. */
export const FUZZY_TWO_EDITS_LENGTH = 8;

/** The edits a word of `length` letters may be off: 0, 1 or 2. */
export function maxEdits(length: number): number {
  return length >= FUZZY_TWO_EDITS_LENGTH ? 2 : length >= FUZZY_MIN_LENGTH ? 1 : 0;
}

/**
 * The optimal-string-alignment distance between `a` and `b` (insertions, deletions,
 * substitutions and swaps of neighbours, each one edit), or `max + 1` as soon as it is sure to be
 * more than `max`. Works on UTF-16 units: callers pass letters.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return Math.min(prev[n]!, max + 1);
}

/** Is `typed` within its allowed edits of `word`? The shorter of the two sets the allowance. */
export function closeEnough(typed: string, word: string): boolean {
  const k = maxEdits(Math.min(typed.length, word.length));
  return k > 0 && editDistance(typed, word, k) <= k;
}
