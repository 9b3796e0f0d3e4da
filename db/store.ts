/**
 * The store: the only module that writes SQL. A content database is one SQLite file (WAL mode)
 * holding one complete, validated content set and the facts of where it came from. Databases are
 * built whole beside the live one and never changed after they go live; switching content is
 * done by the data folder's pointer (src/core/datafolder.ts), not by editing rows in place.
 */
import Database from 'better-sqlite3';
import { closeSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Department, Doctors, Hospital, Lang, LText } from '../src/shared/content.js';
import { isPlaceholder } from '../src/shared/content.js';
import type { Candidates, ContentStatus, DepartmentSummary, SearchResult } from '../src/shared/results.js';
import type { Content } from '../src/core/content/schema.js';
import { imageType } from '../src/core/content/images.js';
import { departmentDigest } from '../src/core/content/digest.js';
import { createExclusive } from '../src/core/fs-safe.js';
import { buildWhole, type ContentBuilder, type ContentDocuments, type ContentMeta, type ContentStore, type StoredContent } from '../src/core/ports.js';
import { sqliteNativeBinding } from './sqlite-binding.js';
import { SCHEMA_VERSION, migrations } from './migrations/index.js';
import { SearchIndexWriter, searchCandidates, searchContent } from './search.js';

export type DB = Database.Database;

export type { ContentDocuments, ContentMeta };

export class StoreError extends Error {
  override name = 'StoreError';
}

/** Apply pending migrations in one transaction each, recording the schema version. */
export function migrate(db: DB): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new StoreError(
      `The content database has schema version ${current}, newer than this kiosk understands (${SCHEMA_VERSION}); update the kiosk software.`,
    );
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
}

function openDatabase(file: string, mustExist = false): DB {
  const nativeBinding = sqliteNativeBinding();
  return new Database(file, { fileMustExist: mustExist, ...(nativeBinding ? { nativeBinding } : {}) });
}

function configure(db: DB): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes one content set into a migrated, empty database, inside a transaction the caller holds:
 * the documents first, then the departments a batch at a time (with their search documents), so
 * a large content set never has to sit in memory whole. `finish` completes the search index.
 */
export class ContentWriter {
  private readonly dep: Database.Statement;
  private readonly item: Database.Statement;
  private readonly fig: Database.Statement;
  private readonly search: SearchIndexWriter;
  /** Departments written so far. */
  count = 0;
  /** The photos the departments written so far refer to. */
  readonly photos = new Set<string>();
  private readonly doctors: Doctors | undefined;

  constructor(
    private readonly db: DB,
    docs: ContentDocuments,
    meta: ContentMeta,
    installedAt: string,
    generation: string,
  ) {
    this.doctors = docs.doctors;
    for (const d of docs.doctors?.doctors ?? []) if (d.photo) this.photos.add(d.photo.path);
    const setMeta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    const entries: Record<string, string> = {
      version: String(meta.version),
      pack_id: meta.packId,
      built_in: meta.builtIn ? '1' : '0',
      created_at: meta.createdAt,
      expires: meta.expires ?? '',
      signers: JSON.stringify(meta.signers),
      installed_at: installedAt,
      generation,
    };
    for (const [k, v] of Object.entries(entries)) setMeta.run(k, v);
    db.prepare('INSERT INTO hospital (id, doc) VALUES (1, ?)').run(JSON.stringify(docs.hospital));
    const doc = db.prepare('INSERT INTO documents (name, doc) VALUES (?, ?)');
    for (const name of DOCUMENTS) {
      const value = docs[name];
      if (value !== undefined) doc.run(name, JSON.stringify(value));
    }
    const drawing = db.prepare('INSERT INTO drawings (path, svg) VALUES (?, ?)');
    for (const [path, svg] of Object.entries(docs.maps)) drawing.run(path, svg);
    this.dep = db.prepare(
      `INSERT INTO departments (id, ord, name_zh, name_en, category_zh, category_en, summary_zh, summary_en, floor, doc)
       VALUES (@id, @ord, @name_zh, @name_en, @category_zh, @category_en, @summary_zh, @summary_en, @floor, @doc)`,
    );
    this.item = db.prepare(
      `INSERT INTO items (department_id, kind, ord, name_zh, name_en, detail_zh, detail_en, count, keywords)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.fig = db.prepare(`INSERT INTO figures (department_id, ord, key, value, qualifier, label_zh, label_en) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    this.search = new SearchIndexWriter(db);
    if (docs.places) this.search.addPlaces(docs.places);
  }

  /**
   * The next departments, in content order. A batch is written table by table (B-trees written in
   * turn fill faster than rows interleaved across them); callers pass a few hundred at a time.
   */
  addDepartments(list: readonly Department[]): void {
    for (const d of list) this.writeDepartment(d);
    for (const d of list) this.search.addDepartment(d);
  }

  private writeDepartment(d: Department): void {
    this.dep.run({
      id: d.id,
      ord: this.count,
      name_zh: d.name.zh,
      name_en: d.name.en,
      category_zh: d.category.zh,
      category_en: d.category.en,
      summary_zh: d.summary.zh,
      summary_en: d.summary.en,
      floor: isPlaceholder(d.location.floor) ? null : d.location.floor,
      doc: JSON.stringify(d),
    });
    for (const kind of ['service', 'subspecialty', 'equipment'] as const) {
      const list = kind === 'service' ? d.services : kind === 'subspecialty' ? d.subspecialties : d.equipment;
      list.forEach((it, i) =>
        this.item.run(d.id, kind, i, it.name.zh, it.name.en, it.detail?.zh ?? null, it.detail?.en ?? null, it.count ?? null, it.keywords.join('\n')),
      );
    }
    d.figures.forEach((f, i) => this.fig.run(d.id, i, f.key, f.value, f.qualifier, f.label.zh, f.label.en));
    if (d.photo) this.photos.add(d.photo.path);
    this.count++;
  }

  /** Complete the content: the doctors (after the departments they refer to) and the search index. */
  finish(): void {
    if (this.doctors) this.writeDoctors(this.doctors);
    this.search.finish();
  }

  private writeDoctors(d: Doctors): void {
    const doctor = this.db.prepare('INSERT INTO doctors (id, ord, department_id, name_zh, name_en, doc) VALUES (?, ?, ?, ?, ?, ?)');
    d.doctors.forEach((x, i) => doctor.run(x.id, i, x.department, x.name.zh, x.name.en, JSON.stringify(x)));
    const session = this.db.prepare('INSERT INTO clinic_sessions (doctor_id, weekday, period, ord, doc) VALUES (?, ?, ?, ?, ?)');
    d.sessions.forEach((s, i) => session.run(s.doctor, s.weekday, s.period, i, JSON.stringify(s)));
    const exception = this.db.prepare('INSERT INTO session_exceptions (doctor_id, date, ord, doc) VALUES (?, ?, ?, ?)');
    d.exceptions.forEach((x, i) => exception.run(x.doctor, x.date, i, JSON.stringify(x)));
    const name = this.db.prepare<[string], { name_zh: string; name_en: string }>('SELECT name_zh, name_en FROM departments WHERE id = ?');
    const names = new Map<string, LText>();
    this.search.addDoctors(d.doctors, (id) => {
      let n = names.get(id);
      if (!n) {
        const r = name.get(id);
        n = { zh: r?.name_zh ?? id, en: r?.name_en ?? id };
        names.set(id, n);
      }
      return n;
    });
  }
}

const DOCUMENTS = ['wayfinding', 'symptoms', 'visitorInfo', 'places'] as const;
type DocumentName = (typeof DOCUMENTS)[number];

/**
 * Builds a complete content database at `file`, beside whatever is live. It is written under a
 * temporary name, in one transaction: the documents, then the departments a batch at a time and
 * the photos one at a time (addDepartments, addAsset), so a large pack never has to sit in memory;
 * `finish` completes the search index, checks the file (integrity, row counts, photos), syncs it
 * and only then renames it into place, so a crash leaves either no file or a whole one. Nothing
 * is live until the data folder's pointer names it.
 */
export class ContentDbBuilder implements ContentBuilder {
  private readonly tmp: string;
  private readonly db: DB;
  private readonly generation: string;
  private readonly installedAt: string;
  private readonly writer: ContentWriter;
  private readonly addAssetStmt: Database.Statement<[string, string, Buffer]>;

  constructor(
    private readonly file: string,
    docs: ContentDocuments,
    private readonly meta: ContentMeta,
    now = new Date(),
  ) {
    // An unguessable name, created empty and exclusively, so SQLite opens a file of the kiosk's
    // own and never one planted beforehand (a link); an empty file is an empty database.
    this.tmp = `${file}.${randomBytes(8).toString('hex')}.building`;
    createExclusive(this.tmp, '', 0o644);
    this.generation = `${meta.version}-${randomBytes(6).toString('hex')}`;
    this.installedAt = now.toISOString();
    try {
      this.db = openDatabase(this.tmp);
    } catch (e) {
      rmSync(this.tmp, { force: true });
      throw e;
    }
    try {
      // Nothing reads this file until finish() has checked, synced and renamed it, and a crash
      // before then leaves a half-built file that is thrown away: so no journal and no syncs
      // while building (every page is written once, not to the WAL and again at checkpoint).
      this.db.pragma('journal_mode = OFF');
      this.db.pragma('synchronous = OFF');
      this.db.pragma('foreign_keys = ON');
      this.db.pragma('temp_store = FILE'); // large sorts (the search index) spill to disk, not memory
      // The build mostly appends, so a small page cache costs no measurable time and keeps an
      // install's memory low (better-sqlite3's default of 16 MB, kept by the kiosk's connections,
      // added about 40 MB to the peak at 10,000 departments: main and temporary caches).
      this.db.pragma('cache_size = -4096');
      this.db.pragma('temp.cache_size = -4096');
      migrate(this.db);
      this.db.exec('BEGIN');
      this.writer = new ContentWriter(this.db, docs, meta, this.installedAt, this.generation);
      this.addAssetStmt = this.db.prepare('INSERT INTO assets (path, mime, data) VALUES (?, ?, ?)');
    } catch (e) {
      this.abort();
      throw e;
    }
  }

  /** Add the next departments, in content order, with their search documents. */
  addDepartments(list: readonly Department[]): void {
    this.writer.addDepartments(list);
  }

  /** Add one asset (a photo) by its content path; its type comes from its first bytes. */
  addAsset(path: string, data: Buffer): void {
    const mime = imageType(data);
    if (!mime) throw new StoreError(`${path}: not a PNG, JPEG or WebP image.`);
    this.addAssetStmt.run(path, mime, data);
  }

  finish(): ContentStatus {
    try {
      this.writer.finish();
      this.db.exec('COMMIT');
      // quick_check reads every page and checks the structure; the full integrity_check would also
      // re-verify every index entry just written in this same transaction-safe build.
      const check = this.db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new StoreError(`The new content database failed its integrity check (${String(check)}).`);
      const count = (this.db.prepare('SELECT count(*) AS n FROM departments').get() as { n: number }).n;
      if (count !== this.writer.count) throw new StoreError('The new content database lost departments while being written.');
      if (count === 0) throw new StoreError('The new content database holds no department.');
      const has = this.db.prepare('SELECT 1 FROM assets WHERE path = ?');
      const missing = [...this.writer.photos].filter((p) => !has.get(p));
      if (missing.length) throw new StoreError(`${missing[0]}: the content refers to this image, but it is not in the content.`);
      this.db.pragma('journal_mode = WAL'); // what the live kiosk reads it in
      this.db.close();
    } catch (e) {
      this.abort();
      throw e;
    }
    for (const f of [`${this.tmp}-wal`, `${this.tmp}-shm`]) rmSync(f, { force: true });
    fsyncPath(this.tmp);
    renameSync(this.tmp, this.file);
    return statusOf(this.meta, this.installedAt, this.generation);
  }

  /** Throw the half-built database away. */
  abort(): void {
    if (this.db?.open) this.db.close();
    for (const f of [this.tmp, `${this.tmp}-wal`, `${this.tmp}-shm`]) rmSync(f, { force: true });
  }
}

/**
 * The content in a database held only in memory: the last resort when the data folder can hold
 * nothing (full, read-only), so the kiosk still shows the built-in content. Photos are not kept.
 */
export function memoryContentDb(content: Content, meta: ContentMeta, now = new Date()): ContentDb {
  const db = openDatabase(':memory:');
  try {
    migrate(db);
    db.transaction(() => {
      const w = new ContentWriter(db, content, meta, now.toISOString(), `${meta.version}-memory-${randomBytes(6).toString('hex')}`);
      w.addDepartments(content.departments);
      w.finish();
    })();
  } catch (e) {
    db.close();
    throw e;
  }
  return new ContentDb(':memory:', db);
}

/** Build a whole content database in one go (content plus in-memory assets). */
export function buildContentDatabase(
  file: string,
  content: Content,
  meta: ContentMeta,
  assets: Iterable<[string, Buffer]> = [],
  now = new Date(),
): ContentStatus {
  return buildWhole(new ContentDbBuilder(file, content, meta, now), content, assets);
}

function statusOf(meta: ContentMeta, installedAt: string, generation: string): ContentStatus {
  return {
    version: meta.version,
    packId: meta.packId,
    builtIn: meta.builtIn,
    createdAt: meta.createdAt,
    expires: meta.expires,
    signers: meta.signers,
    installedAt,
    generation,
  };
}

const SUMMARY_FIGURES = 3;

/** A live, read-only view of one content database. */
export class ContentDb implements StoredContent {
  private readonly db: DB;
  private readonly cachedStatus: ContentStatus;
  private readonly cachedHospital: Hospital;
  private readonly depStmt: Database.Statement<[string], { doc: string }>;
  private summaries: DepartmentSummary[] | undefined;
  private readonly documents = new Map<string, unknown>();

  /**
   * Opens `file`, or wraps an already open connection (an in-memory database). Every page is
   * checked first (quick_check, which reads the whole file), unless `pageCheck` is false: for
   * reading only the facts of a database (its status), or when the caller checks it itself.
   */
  constructor(
    readonly file: string,
    connection?: DB,
    opts: { pageCheck?: boolean } = {},
  ) {
    this.db = connection ?? openDatabase(file, true);
    try {
      if (!connection) configure(this.db);
      migrate(this.db);
      const check = opts.pageCheck === false ? 'ok' : this.db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new StoreError(`The content database ${file} is damaged (${String(check)}).`);
      const meta = new Map((this.db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
      const need = (k: string): string => {
        const v = meta.get(k);
        if (v === undefined) throw new StoreError(`The content database ${file} is incomplete (no ${k}).`);
        return v;
      };
      this.cachedStatus = statusOf(
        {
          version: Number(need('version')),
          packId: need('pack_id'),
          builtIn: need('built_in') === '1',
          createdAt: need('created_at'),
          expires: need('expires') || null,
          signers: JSON.parse(need('signers')) as string[],
        },
        need('installed_at'),
        need('generation'),
      );
      const h = this.db.prepare('SELECT doc FROM hospital WHERE id = 1').get() as { doc: string } | undefined;
      if (!h) throw new StoreError(`The content database ${file} is incomplete (no hospital).`);
      this.cachedHospital = JSON.parse(h.doc) as Hospital;
      this.depStmt = this.db.prepare('SELECT doc FROM departments WHERE id = ?');
    } catch (e) {
      this.db.close();
      throw e;
    }
  }

  status(): ContentStatus {
    return this.cachedStatus;
  }

  hospital(): Hospital {
    return this.cachedHospital;
  }

  listDepartments(): DepartmentSummary[] {
    this.summaries ??= (this.db.prepare('SELECT doc FROM departments ORDER BY ord').all() as { doc: string }[]).map((r) => {
      const d = JSON.parse(r.doc) as Department;
      return {
        id: d.id,
        name: d.name,
        category: d.category,
        summary: d.summary,
        location: d.location,
        hours: d.hours,
        phone: d.phone,
        figures: d.figures.slice(0, SUMMARY_FIGURES),
      };
    });
    return this.summaries;
  }

  /** A whole-content document (wayfinding, symptom guide, visitor information), when the content has it. */
  document<N extends DocumentName>(name: N): Content[N] | undefined {
    if (!this.documents.has(name)) {
      const row = this.db.prepare('SELECT doc FROM documents WHERE name = ?').get(name) as { doc: string } | undefined;
      this.documents.set(name, row ? (JSON.parse(row.doc) as unknown) : undefined);
    }
    return this.documents.get(name) as Content[N] | undefined;
  }

  /** An asset (photo) by its content path. */
  asset(path: string): { mime: string; data: Buffer } | undefined {
    return this.db.prepare('SELECT mime, data FROM assets WHERE path = ?').get(path) as { mime: string; data: Buffer } | undefined;
  }

  /** A drawing (floor plan SVG) by its content path. */
  drawing(path: string): string | undefined {
    const row = this.db.prepare('SELECT svg FROM drawings WHERE path = ?').get(path) as { svg: string } | undefined;
    return row?.svg;
  }

  /** A department's doctors in content order, with their weekly sessions and date exceptions. */
  departmentDoctors(id: string): Doctors {
    const doctors = (this.db.prepare('SELECT doc FROM doctors WHERE department_id = ? ORDER BY ord').all(id) as { doc: string }[]).map(
      (r) => JSON.parse(r.doc) as Doctors['doctors'][number],
    );
    if (!doctors.length) return { doctors, sessions: [], exceptions: [] };
    const sessions = (
      this.db.prepare('SELECT s.doc FROM clinic_sessions s JOIN doctors d ON d.id = s.doctor_id WHERE d.department_id = ? ORDER BY s.ord').all(id) as {
        doc: string;
      }[]
    ).map((r) => JSON.parse(r.doc) as Doctors['sessions'][number]);
    const exceptions = (
      this.db.prepare('SELECT x.doc FROM session_exceptions x JOIN doctors d ON d.id = x.doctor_id WHERE d.department_id = ? ORDER BY x.ord').all(id) as {
        doc: string;
      }[]
    ).map((r) => JSON.parse(r.doc) as Doctors['exceptions'][number]);
    return { doctors, sessions, exceptions };
  }

  /** How many doctors the content lists. */
  doctorCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM doctors').get() as { n: number }).n;
  }

  getDepartment(id: string): Department | undefined {
    const row = this.depStmt.get(id);
    return row ? (JSON.parse(row.doc) as Department) : undefined;
  }

  /** Every department's id, name and departmentDigest of its stored document, in content order: to compare content. */
  departmentDigests(): { id: string; name: LText; digest: string }[] {
    const rows = this.db.prepare('SELECT id, name_zh, name_en, doc FROM departments ORDER BY ord').all() as {
      id: string;
      name_zh: string;
      name_en: string;
      doc: string;
    }[];
    return rows.map((r) => ({ id: r.id, name: { zh: r.name_zh, en: r.name_en }, digest: departmentDigest(r.doc) }));
  }

  /** For tests and checks: the whole content as stored. */
  departmentCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM departments').get() as { n: number }).n;
  }

  /** Grouped, ranked search over departments, services and equipment (see db/search.ts). */
  search(q: string, lang: Lang = 'zh', limit?: number): SearchResult {
    return searchContent(this.db, q, lang, limit);
  }

  /** The candidate bar's Chinese words for the pinyin at the end of `q` (see db/search.ts). */
  candidates(q: string, limit = 8): Candidates {
    return searchCandidates(this.db, q, limit);
  }

  integrityCheck(): string {
    return String(this.db.pragma('integrity_check', { simple: true }));
  }

  /** Direct access for sibling modules of the store (search index); not for the rest of the app. */
  get connection(): DB {
    return this.db;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** The content store over SQLite: what src/app hands to core wherever content is opened or built. */
export const sqliteContentStore: ContentStore = {
  open: (file, opts) => new ContentDb(file, undefined, opts),
  builder: (file, docs, meta, now) => new ContentDbBuilder(file, docs, meta, now),
  inMemory: (content, meta) => memoryContentDb(content, meta),
};
