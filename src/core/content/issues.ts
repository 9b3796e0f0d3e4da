/**
 * A zod error as sentences naming the file and the field, apart from the content schemas so the
 * handler table can say a bad call's arguments without loading them.
 */
import type { z } from 'zod';

/** A field path as written in sentences: departments[3].name.zh */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

export function describeIssues(file: string, error: z.ZodError): string[] {
  return error.issues.map((i) => {
    const field = fieldPath(i.path);
    return `${file}: ${field ? `${field} ` : ''}${i.message.replace(/^Invalid input: /, '')}`;
  });
}
