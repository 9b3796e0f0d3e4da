/**
 * Migration 4: places and facilities (places.json), the words that mean an emergency, and the
 * vocabularies behind typo tolerance and the pinyin candidate bar.
 *
 * - documents may hold 'places'; search_docs may hold group 3 (places) and the kind 'place', with
 *   the place's kind (toilet, pharmacy...). SQLite cannot change a CHECK in place, so both tables
 *   are copied into new ones with the wider checks (an older database keeps its rows).
 * - emergency_terms: each emergency word as the content gives it and the normalised forms a
 *   query is compared with (Chinese, English, pinyin), prepared at install time.
 * - search_words: the whole words of every searchable name and keyword (English words, full
 *   pinyin of Chinese runs), by first letter and length, so a misspelt word is compared only with
 *   words that could be one or two edits from it.
 * - search_cands: the Chinese words of names and keywords under their full pinyin and initials,
 *   for the candidate bar (xg → 血管, 血管外科), with how many documents use each.
 */
export const sql = /* sql */ `
CREATE TABLE documents_v4 (
  name TEXT PRIMARY KEY CHECK (name IN ('wayfinding', 'symptoms', 'visitorInfo', 'places')),
  doc  TEXT NOT NULL CHECK (json_valid(doc))
) STRICT;
INSERT INTO documents_v4 (name, doc) SELECT name, doc FROM documents;
DROP TABLE documents;
ALTER TABLE documents_v4 RENAME TO documents;

CREATE TABLE search_docs_v4 (
  rid           INTEGER PRIMARY KEY,
  grp           INTEGER NOT NULL CHECK (grp IN (0, 1, 2, 3)),
  kind          TEXT NOT NULL CHECK (kind IN ('department', 'service', 'subspecialty', 'equipment', 'place')),
  department_id TEXT NOT NULL,  -- for a place: the place's id
  item_index    INTEGER,
  name_zh       TEXT NOT NULL,
  name_en       TEXT NOT NULL,
  dept_name_zh  TEXT NOT NULL,
  dept_name_en  TEXT NOT NULL,
  keywords      TEXT NOT NULL,
  detail_zh     TEXT,
  detail_en     TEXT,
  pinyin        TEXT NOT NULL,
  keyword_pinyin TEXT NOT NULL,
  place_kind    TEXT
) STRICT;
INSERT INTO search_docs_v4 (rid, grp, kind, department_id, item_index, name_zh, name_en, dept_name_zh, dept_name_en, keywords, detail_zh, detail_en, pinyin, keyword_pinyin)
  SELECT rid, grp, kind, department_id, item_index, name_zh, name_en, dept_name_zh, dept_name_en, keywords, detail_zh, detail_en, pinyin, keyword_pinyin FROM search_docs;
DROP TABLE search_docs;
ALTER TABLE search_docs_v4 RENAME TO search_docs;

CREATE TABLE emergency_terms (
  form TEXT NOT NULL,
  term TEXT NOT NULL,
  PRIMARY KEY (form, term)
) STRICT, WITHOUT ROWID;

CREATE TABLE search_words (
  first TEXT NOT NULL,
  len   INTEGER NOT NULL,
  word  TEXT NOT NULL,
  PRIMARY KEY (first, len, word)
) STRICT, WITHOUT ROWID;

CREATE TABLE search_cands (
  key   TEXT NOT NULL,
  word  TEXT NOT NULL,
  uses  INTEGER NOT NULL,
  PRIMARY KEY (key, word)
) STRICT, WITHOUT ROWID;
`;
