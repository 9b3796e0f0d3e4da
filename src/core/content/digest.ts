/**
 * The digest of a department as stored, on its own so the store can compare content without
 * loading the content schemas (zod, the SVG checker) that validating a content source needs.
 */
import { createHash } from 'node:crypto';

/** The SHA-256 of a department as stored (its JSON): equal digests, equal departments. */
export function departmentDigest(json: string): string {
  return createHash('sha256').update(json).digest('hex');
}
