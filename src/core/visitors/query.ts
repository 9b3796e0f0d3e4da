/**
 * What of a visitor's search may be counted: the query normalised (Unicode NFKC, lower case,
 * spaces collapsed) and refused whole when it could be about a person rather than the hospital:
 * longer than QUERY_MAX_CHARS, holding a run of digits like a phone, ID or record number, or an
 * e-mail address. Pure: no I/O.
 */

/** The longest query counted, in characters after normalising; a longer one is not counted at all. */
export const QUERY_MAX_CHARS = 32;

/** Five or more digits in a row, spaces, hyphens, dots or slashes allowed between them (138 0013 8000, 220102-1990…). */
const DIGIT_RUN = /\d(?:[\s\-./]*\d){4,}/u;

/** The query as counted, or undefined when it is not counted. */
export function countableQuery(raw: string): string | undefined {
  const q = raw.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
  if (!q) return undefined;
  if ([...q].length > QUERY_MAX_CHARS) return undefined;
  if (DIGIT_RUN.test(q)) return undefined;
  if (q.includes('@')) return undefined;
  // Control and format characters (zero-width joiners and the like) say nothing about what was looked for.
  if (/[\p{Cc}\p{Cf}]/u.test(q)) return undefined;
  return q;
}
