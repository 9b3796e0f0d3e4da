/**
 * The search index's SQL: building it inside the content database's build transaction, and
 * answering the engine's lookups (src/core/search/engine.ts) with prepared statements. All the
 * text work (bigrams, stems, pinyin, ranking, highlights) lives in src/core/search; this module
 * only stores and fetches. Schema: migrations/002_search.ts.
 */
import type Database from 'better-sqlite3';
import type { Department, Doctor, Lang, LText, PlaceKind, Places } from '../src/shared/content.js';
import type { Candidates, SearchHitKind, SearchResult } from '../src/shared/results.js';
import { departmentSearchDocuments, doctorSearchDocuments, placeSearchDocuments, type SearchDocRow, type StoredDoc } from '../src/core/search/documents.js';
import { emergencyForms, type EmergencyForm } from '../src/core/search/emergency.js';
import { runSearch, type SearchSource } from '../src/core/search/engine.js';
import { clearPinyinCache } from '../src/core/search/pinyin.js';
import { DOCTORS_GROUP, PLACES_GROUP, type GroupIndex } from '../src/core/search/tags.js';
import { addVocabulary, trailingPinyin, type Vocabulary } from '../src/core/search/vocabulary.js';

type DB = Database.Database;

/** Sorts after every character that can follow a key's prefix: the upper bound of a prefix range. */
const AFTER_ALL = '\u{10FFFF}';
/** Words of one first letter and length range read for typo correction, at most. */
const MAX_FUZZY_WORDS = 2000;
/** How many uses a department's or a place's name counts for, in the candidate bar's order. */
const NAME_WEIGHT = 10;
/** Distinct words and candidates held in memory before they are written. */
const VOCABULARY_BATCH = 20_000;

/**
 * Fills the (empty) search tables one department at a time, inside the transaction that writes
 * the content, so the index and the content become live together; `finish` completes it.
 */
export class SearchIndexWriter {
  private rid = 0;
  private readonly doc: Database.Statement;
  private readonly stageKeys: Database.Statement;
  private readonly fts: Database.Statement;
  private readonly word: Database.Statement;
  private readonly cand: Database.Statement;
  /** Words and candidates gathered since the last flush (deduplicated in memory, written in batches). */
  private vocab: Vocabulary = { words: new Set(), candidates: new Map() };

  constructor(private readonly db: DB) {
    this.doc = db.prepare(
      `INSERT INTO search_docs (rid, grp, kind, department_id, item_index, name_zh, name_en, dept_name_zh, dept_name_en, keywords, detail_zh, detail_en, pinyin, keyword_pinyin, place_kind, doctor_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.word = db.prepare('INSERT OR IGNORE INTO search_words (first, len, word) VALUES (?, ?, ?)');
    this.cand = db.prepare('INSERT INTO search_cands (key, word, uses) VALUES (?, ?, ?) ON CONFLICT (key, word) DO UPDATE SET uses = uses + excluded.uses');
    // Keys are staged in a temporary table and copied over in key order: B-trees fill fastest in
    // order, and SQLite sorts on disk (temp_store = FILE, set by the builder), so memory stays
    // flat however large the content.
    db.exec('CREATE TEMP TABLE key_stage (grp INTEGER, key TEXT, rid INTEGER)');
    this.stageKeys = db.prepare('INSERT INTO key_stage (grp, key, rid) SELECT ?, value, ? FROM json_each(?)');
    this.fts = db.prepare('INSERT INTO search_fts (rowid, terms) VALUES (?, ?)');
  }

  /**
   * Index the places and facilities and store the emergency words; called before the first
   * department, so places keep the content's order.
   */
  addPlaces(places: Places): void {
    for (const d of placeSearchDocuments(places.places, this.rid)) this.write(d);
    const term = this.db.prepare('INSERT OR IGNORE INTO emergency_terms (form, term) VALUES (?, ?)');
    for (const t of places.emergencyTerms) for (const f of emergencyForms(t)) term.run(f.form, f.term);
  }

  /** Index one department, its services and examinations, and its equipment. */
  addDepartment(department: Department): void {
    for (const d of departmentSearchDocuments(department, this.rid)) this.write(d);
    if (this.vocab.words.size + this.vocab.candidates.size > VOCABULARY_BATCH) this.flushVocabulary();
  }

  /** Index the doctors, after every department (a doctor's hit carries its department's name). */
  addDoctors(doctors: readonly Doctor[], departmentName: (id: string) => LText): void {
    for (const d of doctorSearchDocuments(doctors, departmentName, this.rid)) {
      this.write(d);
      if (this.vocab.words.size + this.vocab.candidates.size > VOCABULARY_BATCH) this.flushVocabulary();
    }
  }

  private write(d: SearchDocRow): void {
    this.rid = d.rid;
    this.doc.run(
      d.rid,
      d.group,
      d.kind,
      d.departmentId,
      d.index,
      d.name.zh,
      d.name.en,
      d.departmentName.zh,
      d.departmentName.en,
      JSON.stringify(d.keywords),
      d.detail?.zh ?? null,
      d.detail?.en ?? null,
      JSON.stringify(d.pinyin),
      JSON.stringify(d.keywordPinyin),
      d.placeKind,
      d.doctorId,
    );
    this.stageKeys.run(d.group, d.rid, JSON.stringify(d.keys)); // one statement for the few keys of a document
    this.fts.run(d.rid, d.terms.join(' '));
    addVocabulary(this.vocab, [d.name.zh, d.name.en], d.keywords, d.group === 0 || d.group === PLACES_GROUP || d.group === DOCTORS_GROUP ? NAME_WEIGHT : 1);
  }

  private flushVocabulary(): void {
    for (const w of this.vocab.words) this.word.run(w.charAt(0), w.length, w);
    for (const c of this.vocab.candidates.values()) {
      for (const key of new Set(c.keys)) this.cand.run(key, c.word, c.uses);
    }
    this.vocab = { words: new Set(), candidates: new Map() };
  }

  /** The keys in key order, the vocabulary, and the full-text index merged into one b-tree per term. */
  finish(): void {
    this.flushVocabulary();
    // The vocabulary comes from the FTS index itself (fts5vocab lists its terms in order).
    this.db.exec(`INSERT OR IGNORE INTO search_keys (grp, key, rid) SELECT grp, key, rid FROM key_stage ORDER BY grp, key, rid;
             DROP TABLE key_stage;
             CREATE VIRTUAL TABLE temp.fts_vocabulary USING fts5vocab(main, search_fts, 'row');
             INSERT INTO search_terms (term) SELECT term FROM temp.fts_vocabulary;
             DROP TABLE temp.fts_vocabulary;`);
    // One b-tree per term instead of many segments: fewer pages read per lookup.
    this.db.prepare("INSERT INTO search_fts (search_fts) VALUES ('optimize')").run();
    clearPinyinCache();
  }
}

interface DocRow {
  kind: SearchHitKind;
  department_id: string;
  item_index: number | null;
  name_zh: string;
  name_en: string;
  dept_name_zh: string;
  dept_name_en: string;
  keywords: string;
  detail_zh: string | null;
  detail_en: string | null;
  pinyin: string;
  keyword_pinyin: string;
  place_kind: PlaceKind | null;
  doctor_id: string | null;
}

function sourceFor(db: DB): SearchSource {
  const keyStmt = db.prepare<[number, string, string, number], { key: string; rid: number }>(
    'SELECT key, rid FROM search_keys WHERE grp = ? AND key >= ? AND key < ? ORDER BY key, rid LIMIT ?',
  );
  const matchStmt = db
    .prepare<[string, number, number], number>('SELECT rowid FROM search_fts WHERE search_fts MATCH ? AND rowid > ? ORDER BY rowid LIMIT ?')
    .pluck();
  const docsStmt = db.prepare<[string], DocRow & { rid: number }>(
    `SELECT rid, kind, department_id, item_index, name_zh, name_en, dept_name_zh, dept_name_en, keywords, detail_zh, detail_en, pinyin, keyword_pinyin, place_kind, doctor_id
     FROM search_docs WHERE rid IN (SELECT value FROM json_each(?))`,
  );
  const wordsStmt = db
    .prepare<[string, number, number, number], string>('SELECT word FROM search_words WHERE first = ? AND len BETWEEN ? AND ? LIMIT ?')
    .pluck();
  let forms: EmergencyForm[] | undefined;
  let places: boolean | undefined;
  let doctors: boolean | undefined;
  const termsStmt = db.prepare<[string, string, number], string>('SELECT term FROM search_terms WHERE term >= ? AND term < ? LIMIT ?').pluck();
  return {
    keyRange: (g: GroupIndex, prefix: string, n: number) => keyStmt.all(g, prefix, prefix + AFTER_ALL, n),
    match: (expression: string, after: number, n: number) => matchStmt.all(expression, after, n),
    terms: (prefix: string, max: number) => {
      const found = termsStmt.all(prefix, prefix + AFTER_ALL, max + 1);
      return found.length > max ? null : found;
    },
    docs: (rids: readonly number[]) => {
      const out = new Map<number, StoredDoc>();
      for (const r of docsStmt.all(JSON.stringify(rids))) {
        out.set(r.rid, {
          kind: r.kind,
          departmentId: r.department_id,
          index: r.item_index,
          name: { zh: r.name_zh, en: r.name_en },
          departmentName: { zh: r.dept_name_zh, en: r.dept_name_en },
          keywords: JSON.parse(r.keywords) as string[],
          detail: r.detail_zh !== null && r.detail_en !== null ? { zh: r.detail_zh, en: r.detail_en } : null,
          pinyin: JSON.parse(r.pinyin) as string[],
          keywordPinyin: JSON.parse(r.keyword_pinyin) as string[][],
          placeKind: r.place_kind,
          doctorId: r.doctor_id,
        });
      }
      return out;
    },
    // A few hundred rows at most, read once per connection.
    emergencyForms: () => (forms ??= db.prepare('SELECT form, term FROM emergency_terms').all() as EmergencyForm[]),
    words: (first: string, minLength: number, maxLength: number) => wordsStmt.all(first, minLength, maxLength, MAX_FUZZY_WORDS),
    hasPlaces: () => (places ??= db.prepare('SELECT 1 FROM search_keys WHERE grp = 3 LIMIT 1').get() !== undefined), // an index seek
    hasDoctors: () => (doctors ??= db.prepare('SELECT 1 FROM search_keys WHERE grp = 4 LIMIT 1').get() !== undefined),
  };
}

const sources = new WeakMap<DB, SearchSource>();

/** Search the content database `db`: grouped, ranked hits with highlights. */
export function searchContent(db: DB, q: string, lang: Lang = 'zh', limit?: number): SearchResult {
  let src = sources.get(db);
  if (!src) {
    src = sourceFor(db);
    sources.set(db, src);
  }
  return runSearch(src, q, lang, limit);
}

/** Candidate rows read per lookup before ranking: bounds a one-letter prefix over a large content set. */
const CANDIDATE_ROWS = 400;

/**
 * The candidate bar's words for the pinyin at the end of `q`: the content's Chinese words whose
 * full pinyin or initials start with it (xg → 血管, 血管外科; xueg → 血管). A word whose pinyin
 * is exactly what was typed comes first, then shorter words, then words the content uses more.
 */
export function searchCandidates(db: DB, q: string, limit: number): Candidates {
  const pinyin = trailingPinyin(q);
  if (!pinyin) return { pinyin, words: [] };
  const rows = db
    .prepare<[string, string, number], { key: string; word: string; uses: number }>(
      'SELECT key, word, uses FROM search_cands WHERE key >= ? AND key < ? ORDER BY key LIMIT ?',
    )
    .all(pinyin, pinyin + AFTER_ALL, CANDIDATE_ROWS);
  const best = new Map<string, { exact: boolean; uses: number; order: number }>();
  rows.forEach((r, order) => {
    const exact = r.key === pinyin;
    const seen = best.get(r.word);
    if (!seen) best.set(r.word, { exact, uses: r.uses, order });
    else if (exact) seen.exact = true;
  });
  const words = [...best.entries()]
    .sort(([a, x], [b, y]) => Number(y.exact) - Number(x.exact) || Array.from(a).length - Array.from(b).length || y.uses - x.uses || x.order - y.order)
    .slice(0, limit)
    .map(([w]) => w);
  return { pinyin, words };
}
