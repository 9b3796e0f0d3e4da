/**
 * The ports of the domain: what src/core needs from the outside and defines here, so that core
 * never imports their implementations. db/ implements the content ports over SQLite; the pack
 * sources live in ./packs/sources/ (the USB folders today; a web source plugs in beside it).
 * src/app/ is where an implementation is chosen and handed to core.
 *
 *   ContentReader   the live content, read-only (what the API answers from)
 *   StoredContent   one content database, opened: a ContentReader plus its checks
 *   ContentBuilder  a content database being built beside the live one
 *   ContentStore    opens and builds content databases
 *   SearchSource    the lookups of a built search index (ranking is core's: ./search/engine.ts)
 *   PackSource      where packs come from
 *   VisitorCountStore  the aggregate visitor counts of a data folder (./visitors/recorder.ts decides what is counted)
 *   StrokeRecognizer  handwriting to characters (defined in ./handwriting/recognizer.ts; src/app/zinnia.ts runs Zinnia)
 */
import type { Department, Doctors, Hospital, Lang, LText } from '../shared/content.js';
import type { Candidates, ContentStatus, DepartmentSummary, FoundPack, SearchResult } from '../shared/results.js';
import type { Content } from './content/schema.js';
import type { DirectionsSource } from './wayfinding/directions.js';

export type { SearchSource } from './search/engine.js';

/** Read access to the live content. */
export interface ContentReader extends DirectionsSource {
  status(): ContentStatus;
  document<N extends 'wayfinding' | 'symptoms' | 'visitorInfo' | 'places'>(name: N): Content[N] | undefined;
  /** A photo shipped with the content, served at /content/<path> by both transports. */
  asset(path: string): { mime: string; data: Buffer } | undefined;
  hospital(): Hospital;
  listDepartments(): DepartmentSummary[];
  getDepartment(id: string): Department | undefined;
  /** A department's doctors in content order, with their weekly sessions and date exceptions (all [] when it has none). */
  departmentDoctors(id: string): Doctors;
  /** Ranked, grouped search over departments, services and equipment (ranking: ./search/engine.ts). */
  search(q: string, lang: Lang, limit: number): SearchResult;
  /** The candidate bar's Chinese words for the pinyin at the end of `q`. */
  candidates(q: string, limit: number): Candidates;
}

/** Where the content came from; stored with it. */
export interface ContentMeta {
  version: number;
  packId: string;
  builtIn: boolean;
  createdAt: string;
  expires: string | null;
  signers: string[];
}

/** A content set without its departments: what is written before them. */
export type ContentDocuments = Omit<Content, 'departments'>;

/** One content database, opened. */
export interface StoredContent extends ContentReader {
  readonly file: string;
  /** Every department's id, name and departmentDigest of its stored document, in content order: to compare content. */
  departmentDigests(): { id: string; name: LText; digest: string }[];
  departmentCount(): number;
  /** How many doctors the content lists (0: no doctors.json). */
  doctorCount(): number;
  /** The full check of every page and index: "ok" when sound. */
  integrityCheck(): string;
  close(): void;
}

/**
 * A content database being built beside whatever is live: the documents first (given when it
 * is made), then the departments a batch at a time and the photos one at a time; `finish` checks
 * it, syncs it and puts it in place under its name, so a crash leaves no file or a whole one.
 */
export interface ContentBuilder {
  addDepartments(list: readonly Department[]): void;
  /** One photo by its content path; its type comes from its first bytes. */
  addAsset(path: string, data: Buffer): void;
  finish(): ContentStatus;
  /** Throw the half-built database away. */
  abort(): void;
}

export interface ContentStore {
  /**
   * Open the content database at `file`. Every page is checked first unless `pageCheck` is
   * false (for reading only its facts, or when the caller checks it whole itself).
   */
  open(file: string, opts?: { pageCheck?: boolean }): StoredContent;
  builder(file: string, docs: ContentDocuments, meta: ContentMeta, now?: Date): ContentBuilder;
  /** The content held only in memory: the last resort when the data folder can hold nothing. */
  inMemory(content: Content, meta: ContentMeta): StoredContent;
}

/** Where packs come from: the USB folders today (./packs/sources/folders.ts). */
export interface PackSource {
  /** For people: where this source looks ("USB sticks and pack folders"). */
  readonly description: string;
  /** The packs it offers now, each as a local file. */
  list(): FoundPack[];
}

/** Build a whole content database with a builder: every department, then every asset. */
export function buildWhole(builder: ContentBuilder, content: Content, assets: Iterable<[string, Buffer]> = []): ContentStatus {
  try {
    builder.addDepartments(content.departments);
    for (const [path, data] of assets) builder.addAsset(path, data);
  } catch (e) {
    builder.abort();
    throw e;
  }
  return builder.finish();
}

/** What a visitor count is of: a search that found nothing, a page opened, a symptom-guide path. */
export type VisitorCountKind = 'no-result' | 'department' | 'place' | 'symptom';

/** One counted thing over the days asked for: its key (query, id or path) and its count per local day. */
export interface VisitorCountRow {
  key: string;
  total: number;
  days: { day: string; n: number }[];
}

/**
 * The visitor counts of a data folder, per local day ("YYYY-MM-DD") and nothing finer. Searches
 * that found nothing are held under a keyed tag, never their text, until `threshold` of them
 * are seen; only then is the text kept, with the counts held so far.
 */
export interface VisitorCountStore {
  /** Count one page opened or one symptom-guide path on a day. */
  count(day: string, kind: Exclude<VisitorCountKind, 'no-result'>, key: string): void;
  /**
   * Count one search that found nothing: under its text when it is already kept, else under its
   * tag until `threshold` are held within `windowDays`, when the text is kept with them. True when the text is kept.
   */
  noResult(day: string, query: string, tag: string, threshold: number, windowDays: number): boolean;
  /** The per-folder secret the tags are made with. */
  secret(): Buffer;
  /** Forget tags held longer than `windowDays`, and counts older than `keepDays`. */
  prune(today: string, windowDays: number, keepDays: number): void;
  /** The counts of one kind from `since` (a day; all when undefined), most counted first. */
  rows(kind: VisitorCountKind, since: string | undefined, limit?: number): VisitorCountRow[];
  close(): void;
}
