/**
 * The handwriting pad's recognition, engine-neutral: a `StrokeRecognizer` port (Zinnia in a child
 * process on Linux kiosks, src/app/zinnia.ts), the ink normalised before it is recognised, and
 * the recogniser's guesses narrowed to the characters the content uses in its searchable names
 * and keywords, so every character offered finds something.
 *
 * Pure apart from the port; no Electron, no DOM, no processes.
 */
import { HANDWRITING_BOX } from '../../shared/limits.js';
import type { Ink } from '../../shared/results.js';
import type { ContentReader } from '../ports.js';
import type { Department } from '../content/schema.js';
import { isHan } from '../search/normalize.js';

export type { Ink };

/** One guess of a recogniser: a character and its score (higher is better; Zinnia's are around -2…1). */
export interface Guess {
  char: string;
  score: number;
}

/** A handwriting recogniser: the best `n` guesses for the ink, best first. */
export interface StrokeRecognizer {
  /** What it is, for logs ("Zinnia with handwriting-zh_CN.model"). */
  readonly name: string;
  recognize(ink: Ink, n: number): Promise<Guess[]>;
}

/** A recogniser that could not answer (it timed out, failed or is busy): a sentence, never a stack. */
export class RecognizerError extends Error {
  override readonly name = 'RecognizerError';
}

/**
 * How many of the recogniser's guesses are looked through for the content's characters. Measured
 * on the built-in content (299 characters, stroke medians of each, clean and jittered): 100 finds
 * the written character among the first 8 offered 92% of the time, 50 a little less, 200 no more.
 */
export const GUESS_DEPTH = 100;
/** Guesses scoring below this are not offered: from the same measurement, no written character scored lower. */
export const MIN_SCORE = -1.4;
/** Normalised ink fills this share of the box along its longer side, centred (writing small in a corner reads as well as filling the pad). */
const FILL = 0.7;

/**
 * The ink scaled about its centre so that its longer side fills FILL of the box, keeping its
 * proportions (一 stays flat, 丨 stays thin), in whole units inside the box. A single dot stays
 * where the box's centre is.
 */
export function normalizeInk(ink: Ink): Ink {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const stroke of ink) {
    for (const [x, y] of stroke) {
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
  }
  const side = Math.max(x1 - x0, y1 - y0);
  const k = side > 0 ? (HANDWRITING_BOX * FILL) / side : 1;
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const half = HANDWRITING_BOX / 2;
  const at = (v: number, c: number) => Math.min(HANDWRITING_BOX, Math.max(0, Math.round(half + (v - c) * k)));
  return ink.map((stroke) => stroke.map(([x, y]) => [at(x, cx), at(y, cy)] as [number, number]));
}

function addChars(into: Set<string>, text: string | undefined): void {
  if (!text) return;
  for (const ch of text) if (isHan(ch)) into.add(ch);
}

function departmentTexts(d: Department): string[] {
  const items = [...d.services, ...d.subspecialties, ...d.equipment];
  return [d.name.zh, d.category.zh, ...d.keywords.zh, ...items.flatMap((it) => [it.name.zh, ...it.keywords])];
}

/** What the content is read through: the parts of the live content reader this module needs. */
export type CharacterSource = Pick<ContentReader, 'status' | 'listDepartments' | 'getDepartment' | 'document'>;

const cache = new WeakMap<object, { generation: string; chars: ReadonlySet<string> }>();

/**
 * Every Chinese character in what search looks through by name: departments' names, categories
 * and keywords, their services', subspecialties' and equipment's names and keywords, places' names
 * and synonyms, and the emergency words (writing 急 leads to the emergency card). Worked out once
 * per content (per reader and generation).
 */
export function contentCharacters(source: CharacterSource): ReadonlySet<string> {
  const generation = source.status().generation;
  const known = cache.get(source);
  if (known && known.generation === generation) return known.chars;
  const chars = new Set<string>();
  for (const { id } of source.listDepartments()) {
    const d = source.getDepartment(id);
    if (d) for (const t of departmentTexts(d)) addChars(chars, t);
  }
  const places = source.document('places');
  for (const p of places?.places ?? []) {
    addChars(chars, p.name.zh);
    for (const s of p.synonyms) addChars(chars, s);
  }
  for (const t of places?.emergencyTerms ?? []) addChars(chars, t);
  cache.set(source, { generation, chars });
  return chars;
}

/**
 * The characters to offer for the ink, best first, at most `limit`: the recogniser's guesses that
 * the content uses and that score at least MIN_SCORE, in the recogniser's order, each once.
 * Characters the content does not use are never offered: they would find nothing.
 */
export async function handwritingCandidates(recognizer: StrokeRecognizer, chars: ReadonlySet<string>, ink: Ink, limit: number): Promise<string[]> {
  const guesses = await recognizer.recognize(normalizeInk(ink), GUESS_DEPTH);
  const out: string[] = [];
  for (const g of guesses) {
    if (out.length >= limit) break;
    if (g.score >= MIN_SCORE && chars.has(g.char) && !out.includes(g.char)) out.push(g.char);
  }
  return out;
}
