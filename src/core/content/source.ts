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
import { Department, Hospital, SymptomGuide, VisitorInfo, Wayfinding, contentReferenceIssues, type Content } from './schema.js';

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

/** Optional documents of a content source, by file name. */
const OPTIONAL_DOCS = { 'wayfinding.json': 'wayfinding', 'symptoms.json': 'symptoms', 'visitor-info.json': 'visitorInfo' } as const;

const MAX_SVG_BYTES = 2 * 1024 * 1024;

function listFolder(dir: string, sub: string, ext: string): string[] {
  const full = join(dir, sub);
  try {
    if (!statSync(full).isDirectory()) return [];
  } catch {
    return [];
  }
  return readdirSync(full)
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => `${sub}/${f}`);
}

/** The relative paths of every file a content source is made of, in a stable order. */
export function contentFiles(dir: string): string[] {
  const deps = listFolder(dir, 'departments', '.json');
  if (!deps.length) throw new ContentError('departments/: the folder is missing or empty; a content source needs at least one department.');
  const optional = Object.keys(OPTIONAL_DOCS).filter((f) => {
    try {
      return statSync(join(dir, f)).isFile();
    } catch {
      return false;
    }
  });
  return ['hospital.json', ...deps, ...optional, ...listFolder(dir, 'maps', '.svg'), ...assetFiles(dir)];
}

/** Photos under images/: assets stored as they are, never parsed. */
export const ASSET_PATTERN = /^images\/[a-z0-9][a-z0-9-]*\.(png|jpg|webp)$/;

function assetFiles(dir: string): string[] {
  return ['.png', '.jpg', '.webp'].flatMap((ext) => listFolder(dir, 'images', ext)).sort();
}

/** The assets of a content source folder, read one at a time. */
export function* sourceAssets(dir: string): Generator<[string, Buffer]> {
  for (const rel of assetFiles(dir)) {
    if (!ASSET_PATTERN.test(rel)) throw new ContentError(`${rel}: photos must be named with lower-case letters, digits and hyphens.`);
    yield [rel, readFileSync(join(dir, rel))];
  }
}

/**
 * A floor plan is shown as an image (never inline), so scripts in it could not run; still, refuse
 * anything that is not a plain drawing, so a pack cannot smuggle active content or remote loads.
 */
export function checkSvg(rel: string, text: string): string | undefined {
  if (Buffer.byteLength(text) > MAX_SVG_BYTES) return `${rel}: the drawing is larger than 2 MB.`;
  if (!/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/.test(text)) return `${rel}: not an SVG drawing.`;
  if (/<\s*(script|foreignObject|iframe|embed|object)\b/i.test(text)) return `${rel}: contains active content (script or embedded document).`;
  if (/\son[a-z]+\s*=/i.test(text)) return `${rel}: contains event-handler attributes.`;
  if (/(href|src)\s*=\s*["']\s*(?!#|data:image\/)/i.test(text)) return `${rel}: refers to files outside the drawing.`;
  if (/<!ENTITY/i.test(text)) return `${rel}: declares XML entities.`;
  return undefined;
}

/** Parse already-read files (relative path to bytes) into validated content. */
export function parseContentFiles(files: ReadonlyMap<string, Buffer | string>): Content {
  const problems: string[] = [];
  const text = (raw: Buffer | string) => (typeof raw === 'string' ? raw : raw.toString('utf8'));
  const read = (rel: string): unknown => {
    const raw = files.get(rel);
    if (raw === undefined) throw new ContentError(`${rel}: the file is missing.`);
    try {
      return JSON.parse(text(raw)) as unknown;
    } catch (e) {
      throw new ContentError(`${rel}: not valid JSON (${(e as Error).message}).`);
    }
  };
  const hospital = Hospital.safeParse(read('hospital.json'));
  if (!hospital.success) problems.push(...describeIssues('hospital.json', hospital.error));
  // Each file is parsed and validated once; what is kept is the validated value.
  const departments: Department[] = [];
  for (const rel of [...files.keys()].filter((k) => /^departments\/[^/]+\.json$/.test(k)).sort()) {
    const dep = Department.safeParse(read(rel));
    if (!dep.success) problems.push(...describeIssues(rel, dep.error));
    else {
      const expected = rel.slice('departments/'.length, -'.json'.length);
      if (dep.data.id !== expected) problems.push(`${rel}: id "${dep.data.id}" must match the file name "${expected}".`);
      departments.push(dep.data);
    }
  }
  const docs: Pick<Content, 'wayfinding' | 'symptoms' | 'visitorInfo'> = {};
  for (const [file, key] of Object.entries(OPTIONAL_DOCS)) {
    if (!files.has(file)) continue;
    const schema = { wayfinding: Wayfinding, symptoms: SymptomGuide, visitorInfo: VisitorInfo }[key];
    const r = schema.safeParse(read(file));
    if (!r.success) problems.push(...describeIssues(file, r.error));
    else (docs as Record<string, unknown>)[key] = r.data;
  }
  const maps: Record<string, string> = {};
  for (const [rel, raw] of files) {
    if (rel.startsWith('images/')) continue; // assets are stored, not parsed
    if (!rel.startsWith('maps/')) continue;
    if (!/^maps\/[a-z0-9-]+\.svg$/.test(rel)) {
      problems.push(`${rel}: drawings must be SVG files named with lower-case letters, digits and hyphens.`);
      continue;
    }
    const svg = text(raw);
    const bad = checkSvg(rel, svg);
    if (bad) problems.push(bad);
    else maps[rel] = svg;
  }
  if (problems.length || !hospital.success) throw new ContentError(problems[0]!, problems);
  const content: Content = { hospital: hospital.data, departments, ...docs, maps };
  const issues = contentReferenceIssues(content).map((i) => {
    const [head, ...rest] = i.path;
    const where =
      head === 'departments' && typeof rest[0] === 'number'
        ? `departments/${departments[rest[0]]!.id}.json`
        : head === 'wayfinding'
          ? 'wayfinding.json'
          : head === 'symptoms'
            ? 'symptoms.json'
            : 'content';
    const field = fieldPath(head === 'departments' ? rest.slice(1) : rest);
    return `${where}: ${field ? `${field} ` : ''}${i.message}`;
  });
  if (issues.length) throw new ContentError(issues[0]!, issues);
  return content;
}

/** Load and validate a content source folder. Throws ContentError with file-and-field sentences. */
export function loadContentSource(dir: string): Content {
  const files = new Map<string, Buffer>();
  for (const rel of contentFiles(dir)) {
    if (rel.startsWith('images/')) continue; // assets: see sourceAssets
    try {
      files.set(rel, readFileSync(join(dir, rel)));
    } catch {
      throw new ContentError(`${rel}: the file is missing or cannot be read.`);
    }
  }
  return parseContentFiles(files);
}
