/**
 * Reads a content source folder (hospital.json plus departments/*.json) and validates it
 * against the content schema. Every problem is reported as a sentence naming the file and the
 * field, so that whoever edits the content can fix it without reading code.
 *
 * Only reads files; never touches the store.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { Content, Department, Hospital } from './schema.js';

export class ContentError extends Error {
  constructor(message: string, readonly problems: string[] = [message]) {
    super(message);
    this.name = 'ContentError';
  }
}

/** "figures[2].label.en" from a zod issue path. */
function fieldPath(path: ReadonlyArray<PropertyKey>): string {
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

/** The relative paths of every JSON file a content source is made of, in a stable order. */
export function contentFiles(dir: string): string[] {
  const depDir = join(dir, 'departments');
  let deps: string[] = [];
  try {
    if (statSync(depDir).isDirectory()) {
      deps = readdirSync(depDir)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => `departments/${f}`);
    }
  } catch {
    throw new ContentError('departments/: the folder is missing; a content source needs at least one department.');
  }
  return ['hospital.json', ...deps];
}

/** Parse already-read files (relative path to bytes) into validated content. */
export function parseContentFiles(files: ReadonlyMap<string, Buffer | string>): Content {
  const problems: string[] = [];
  const read = (rel: string): unknown => {
    const raw = files.get(rel);
    if (raw === undefined) throw new ContentError(`${rel}: the file is missing.`);
    try {
      return JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8')) as unknown;
    } catch (e) {
      throw new ContentError(`${rel}: not valid JSON (${(e as Error).message}).`);
    }
  };
  const hospital = Hospital.safeParse(read('hospital.json'));
  if (!hospital.success) problems.push(...describeIssues('hospital.json', hospital.error));
  const departments: unknown[] = [];
  for (const rel of [...files.keys()].filter((k) => /^departments\/[^/]+\.json$/.test(k)).sort()) {
    const raw = read(rel);
    const dep = Department.safeParse(raw);
    if (!dep.success) problems.push(...describeIssues(rel, dep.error));
    else {
      const expected = rel.slice('departments/'.length, -'.json'.length);
      if (dep.data.id !== expected) problems.push(`${rel}: id "${dep.data.id}" must match the file name "${expected}".`);
    }
    departments.push(raw);
  }
  if (problems.length) throw new ContentError(problems[0]!, problems);
  const content = Content.safeParse({ hospital: hospital.data, departments: departments.map((d) => Department.parse(d)) });
  if (!content.success) {
    const all = describeIssues('content', content.error);
    throw new ContentError(all[0]!, all);
  }
  return content.data;
}

/** Load and validate a content source folder. Throws ContentError with file-and-field sentences. */
export function loadContentSource(dir: string): Content {
  const files = new Map<string, Buffer>();
  for (const rel of contentFiles(dir)) {
    try {
      files.set(rel, readFileSync(join(dir, rel)));
    } catch {
      throw new ContentError(`${rel}: the file is missing or cannot be read.`);
    }
  }
  return parseContentFiles(files);
}
