/**
 * Reads a content source folder (hospital.json plus departments/*.json) and validates it
 * against the content schema. Every problem is reported as a sentence naming the file and the
 * field, so that whoever edits the content can fix it without reading code.
 *
 * Only reads files; never touches the store.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { departmentDigest } from './digest.js';
import { describeIssues, fieldPath } from './issues.js';
import { checkSvg } from './svg.js';
import {
  Department,
  Doctors,
  Hospital,
  MAX_DEPARTMENTS,
  Places,
  SymptomGuide,
  VisitorInfo,
  Wayfinding,
  contentReferenceIssues,
  type Content,
  type LText,
} from './schema.js';

export class ContentError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [message],
  ) {
    super(message);
    this.name = 'ContentError';
  }
}

/** "figures[2].label.en" from a zod issue path. */
/** Optional documents of a content source, by file name. */
const OPTIONAL_DOCS = {
  'wayfinding.json': 'wayfinding',
  'symptoms.json': 'symptoms',
  'visitor-info.json': 'visitorInfo',
  'places.json': 'places',
  'doctors.json': 'doctors',
} as const;

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

export { checkSvg } from './svg.js';

const DEPARTMENT_FILE = /^departments\/[^/]+\.json$/;

/** Is `rel` a department's file (departments/<id>.json)? */
export const isDepartmentFile = (rel: string): boolean => DEPARTMENT_FILE.test(rel);

const text = (raw: Buffer | string): string => (typeof raw === 'string' ? raw : raw.toString('utf8'));

function parseJson(rel: string, raw: Buffer | string): unknown {
  try {
    return JSON.parse(text(raw)) as unknown;
  } catch (e) {
    throw new ContentError(`${rel}: not valid JSON (${(e as Error).message}).`);
  }
}

/** One department file, parsed and validated on its own; throws a ContentError naming the file. */
export function parseDepartmentFile(rel: string, raw: Buffer | string): Department {
  const dep = Department.safeParse(parseJson(rel, raw));
  if (!dep.success) {
    const problems = describeIssues(rel, dep.error);
    throw new ContentError(problems[0]!, problems);
  }
  const expected = rel.slice('departments/'.length, -'.json'.length);
  if (dep.data.id !== expected) throw new ContentError(`${rel}: id "${dep.data.id}" must match the file name "${expected}".`);
  return dep.data;
}

/** What the checks across files, a pack's summary and its diff need of one department. */
export interface DepartmentOutline {
  /** departments/<id>.json */
  file: string;
  id: string;
  name: LText;
  location: { point?: string | undefined };
  /** The photo it refers to. */
  photo?: string;
  /** departmentDigest of the validated department. */
  digest: string;
}

/** Validated content whose departments are only outlined: each is read again when it is needed. */
export type ContentOutline = Omit<Content, 'departments'> & { departments: DepartmentOutline[] };

function outlineDepartment(file: string, d: Department): DepartmentOutline {
  return {
    file,
    id: d.id,
    name: d.name,
    location: { point: d.location.point },
    ...(d.photo ? { photo: d.photo.path } : {}),
    digest: departmentDigest(JSON.stringify(d)),
  };
}

/**
 * Checks a content set file by file, keeping of each department only its outline, so that memory
 * does not grow with the number of departments. Every problem is collected; `finish` checks the
 * whole (the other documents, the references across files) and throws a ContentError listing
 * every problem, the first one first, or returns the outline.
 */
export class ContentChecker {
  private readonly departments: DepartmentOutline[] = [];
  /** Department files given, checked or not: past MAX_DEPARTMENTS the rest are only counted. */
  private departmentFiles = 0;
  private readonly departmentProblems = new Map<string, string[]>();
  private readonly others = new Map<string, Buffer | string>();

  /** Add one file; a department file is parsed and checked now and returned when it is valid. */
  add(rel: string, raw: Buffer | string): Department | undefined {
    if (!isDepartmentFile(rel)) {
      this.others.set(rel, raw);
      return undefined;
    }
    if (++this.departmentFiles > MAX_DEPARTMENTS) return undefined;
    try {
      const d = parseDepartmentFile(rel, raw);
      this.departments.push(outlineDepartment(rel, d));
      return d;
    } catch (e) {
      if (!(e instanceof ContentError)) throw e;
      this.departmentProblems.set(rel, e.problems);
      return undefined;
    }
  }

  finish(): ContentOutline {
    const files = this.others;
    const problems: string[] = [];
    if (this.departmentFiles > MAX_DEPARTMENTS) {
      throw new ContentError(`departments/: the content holds ${this.departmentFiles} departments, over the cap of ${MAX_DEPARTMENTS}.`);
    }
    if (!files.has('hospital.json')) throw new ContentError('hospital.json: the file is missing.');
    const hospital = Hospital.safeParse(parseJson('hospital.json', files.get('hospital.json')!));
    if (!hospital.success) problems.push(...describeIssues('hospital.json', hospital.error));
    for (const rel of [...this.departmentProblems.keys()].sort()) problems.push(...this.departmentProblems.get(rel)!);
    const docs: Pick<Content, 'wayfinding' | 'symptoms' | 'visitorInfo' | 'places' | 'doctors'> = {};
    for (const [file, key] of Object.entries(OPTIONAL_DOCS)) {
      if (!files.has(file)) continue;
      const schema = { wayfinding: Wayfinding, symptoms: SymptomGuide, visitorInfo: VisitorInfo, places: Places, doctors: Doctors }[key];
      const r = schema.safeParse(parseJson(file, files.get(file)!));
      if (!r.success) problems.push(...describeIssues(file, r.error));
      else (docs as Record<string, unknown>)[key] = r.data;
    }
    const maps: Record<string, string> = {};
    for (const [rel, raw] of files) {
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
    const departments = this.departments.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    const outline: ContentOutline = { hospital: hospital.data, departments, ...docs, maps };
    const issues = contentReferenceIssues(outline).map((i) => {
      const [head, ...rest] = i.path;
      const where =
        head === 'departments' && typeof rest[0] === 'number'
          ? departments[rest[0]]!.file
          : head === 'wayfinding'
            ? 'wayfinding.json'
            : head === 'symptoms'
              ? 'symptoms.json'
              : head === 'places'
                ? 'places.json'
                : head === 'visitorInfo'
                  ? 'visitor-info.json'
                  : head === 'doctors'
                    ? 'doctors.json'
                    : 'content';
      const field = fieldPath(head === 'departments' ? rest.slice(1) : rest);
      return `${where}: ${field ? `${field} ` : ''}${i.message}`;
    });
    if (issues.length) throw new ContentError(issues[0]!, issues);
    return outline;
  }
}

/** Parse already-read files (relative path to bytes) into validated content, departments whole. */
export function parseContentFiles(files: ReadonlyMap<string, Buffer | string>): Content {
  const checker = new ContentChecker();
  const whole = new Map<string, Department>();
  for (const [rel, raw] of files) {
    const d = checker.add(rel, raw);
    if (d) whole.set(rel, d);
  }
  const { departments, ...docs } = checker.finish();
  return { ...docs, departments: departments.map((o) => whole.get(o.file)!) };
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
