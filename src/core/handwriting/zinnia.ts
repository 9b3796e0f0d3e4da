/**
 * Zinnia's command-line format, both ways, pure: the S-expression that `zinnia -m MODEL -n N`
 * reads on standard input for one character, and the answer it prints ("Answer:" then one
 * "<character> <score>" line per guess, best first). The process itself is started by the host
 * (src/app/zinnia.ts), behind the StrokeRecognizer port.
 */
import { HANDWRITING_BOX, type Ink } from '../../shared/index.js';
import type { Guess } from './recognizer.js';

/** The longest answer read from Zinnia: n lines of a character and a score, with room to spare. */
export const ZINNIA_MAX_OUTPUT = 64 * 1024;

/**
 * One character for Zinnia: `(character (width W)(height H)(strokes ((x y)…)…))`. Only whole
 * numbers inside the box are written, so nothing else can reach the recogniser's parser.
 */
export function zinniaInput(ink: Ink): string {
  const coord = (v: number) => {
    if (!Number.isInteger(v) || v < 0 || v > HANDWRITING_BOX) throw new RangeError(`a stroke point ${String(v)} is outside the pad`);
    return String(v);
  };
  const strokes = ink.map((s) => `(${s.map(([x, y]) => `(${coord(x)} ${coord(y)})`).join('')})`).join('');
  return `(character (width ${HANDWRITING_BOX})(height ${HANDWRITING_BOX})(strokes ${strokes}))\n`;
}

const LINE = /^(\S+) (-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)$/i;

/**
 * Zinnia's guesses, best first, at most `n`: each line a single character and a finite score.
 * Anything else in the answer (a second "Answer:", a line that is not a guess) is passed over;
 * an answer without "Answer:" at all is not Zinnia's and gives no guesses.
 */
export function parseZinniaOutput(text: string, n: number): Guess[] {
  const lines = text.slice(0, ZINNIA_MAX_OUTPUT).split('\n');
  const start = lines.findIndex((l) => l.trim() === 'Answer:');
  if (start < 0) return [];
  const out: Guess[] = [];
  for (const line of lines.slice(start + 1)) {
    if (out.length >= n) break;
    if (line.trim() === 'Answer:') break; // a second character's answer: not ours
    const m = LINE.exec(line.trim());
    if (!m) continue;
    const char = m[1]!;
    const score = Number(m[2]);
    if ([...char].length !== 1 || !Number.isFinite(score)) continue;
    out.push({ char, score });
  }
  return out;
}
