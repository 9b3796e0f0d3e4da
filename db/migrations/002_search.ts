/**
 * Migration 2: the search index, built with the content (db/search.ts, src/core/search/).
 *
 * - search_docs: one row per department, service or examination (subspecialties included) and
 *   piece of equipment, numbered (rid) in display order; holds what a hit shows and highlights.
 * - search_keys: whole-name keys (Chinese, English, stemmed English, pinyin, initials) in a
 *   B-tree, for exact and prefix matches in key order without scanning.
 * - search_fts: an FTS5 index of terms prepared in JavaScript at install time (Han bigrams, words,
 *   stems, word suffixes, pinyin, initials), each tagged with its group and field class. It is
 *   contentless and keeps no positions (detail=none): every query is a few single-term lookups
 *   read in rowid order, and prefix indexes serve one- and two-character prefixes.
 * - search_terms: the distinct terms, for expanding longer prefixes (see db/search.ts).
 */
export const sql = /* sql */ `
CREATE TABLE search_docs (
  rid           INTEGER PRIMARY KEY,
  grp           INTEGER NOT NULL CHECK (grp IN (0, 1, 2)),
  kind          TEXT NOT NULL CHECK (kind IN ('department', 'service', 'subspecialty', 'equipment')),
  department_id TEXT NOT NULL,
  item_index    INTEGER,
  name_zh       TEXT NOT NULL,
  name_en       TEXT NOT NULL,
  dept_name_zh  TEXT NOT NULL,
  dept_name_en  TEXT NOT NULL,
  keywords      TEXT NOT NULL,  -- JSON array of strings
  detail_zh     TEXT,
  detail_en     TEXT,
  pinyin        TEXT NOT NULL,  -- JSON array: syllable per code point of the normalised Chinese name
  keyword_pinyin TEXT NOT NULL  -- JSON array: the same for each keyword
) STRICT;

CREATE TABLE search_keys (
  grp INTEGER NOT NULL,
  key TEXT NOT NULL,
  rid INTEGER NOT NULL,
  PRIMARY KEY (grp, key, rid)
) STRICT, WITHOUT ROWID;

-- Every distinct term of search_fts, so a prefix is expanded to the few terms it stands for with
-- one B-tree range read; FTS5 then streams those terms in rowid order and stops at the limit.
CREATE TABLE search_terms (
  term TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;

CREATE VIRTUAL TABLE search_fts USING fts5(
  terms,
  tokenize = 'unicode61 remove_diacritics 0',
  prefix = '3 4',
  detail = none,
  content = '',
  columnsize = 0
);
`;
