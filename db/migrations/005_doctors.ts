/**
 * Migration 5: doctors and their clinic sessions (doctors.json).
 *
 * - doctors: each doctor's validated document, by department in content order.
 * - clinic_sessions: the weekly sessions, one per doctor, weekday and period.
 * - session_exceptions: one date's change (cancelled or extra), by doctor and date.
 * - search_docs may hold group 4 (doctors) and the kind 'doctor' (department_id is the doctor's
 *   department, item_index the doctor's position in doctors.json). SQLite cannot change a CHECK
 *   in place, so the table is copied into one with the wider checks (an older database keeps its rows).
 */
export const sql = /* sql */ `
CREATE TABLE doctors (
  id            TEXT PRIMARY KEY,
  ord           INTEGER NOT NULL UNIQUE,
  department_id TEXT NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
  name_zh       TEXT NOT NULL,
  name_en       TEXT NOT NULL,
  doc           TEXT NOT NULL CHECK (json_valid(doc))
) STRICT;
CREATE INDEX doctors_by_department ON doctors (department_id, ord);

CREATE TABLE clinic_sessions (
  doctor_id TEXT NOT NULL REFERENCES doctors(id) ON DELETE CASCADE,
  weekday   INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  period    TEXT NOT NULL CHECK (period IN ('morning', 'afternoon', 'evening')),
  ord       INTEGER NOT NULL,
  doc       TEXT NOT NULL CHECK (json_valid(doc)),
  PRIMARY KEY (doctor_id, weekday, period)
) STRICT, WITHOUT ROWID;

CREATE TABLE session_exceptions (
  doctor_id TEXT NOT NULL REFERENCES doctors(id) ON DELETE CASCADE,
  date      TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  ord       INTEGER NOT NULL,
  doc       TEXT NOT NULL CHECK (json_valid(doc)),
  PRIMARY KEY (doctor_id, date, ord)
) STRICT, WITHOUT ROWID;

CREATE TABLE search_docs_v5 (
  rid           INTEGER PRIMARY KEY,
  grp           INTEGER NOT NULL CHECK (grp IN (0, 1, 2, 3, 4)),
  kind          TEXT NOT NULL CHECK (kind IN ('department', 'service', 'subspecialty', 'equipment', 'place', 'doctor')),
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
  place_kind    TEXT,
  doctor_id     TEXT
) STRICT;
INSERT INTO search_docs_v5 (rid, grp, kind, department_id, item_index, name_zh, name_en, dept_name_zh, dept_name_en, keywords, detail_zh, detail_en, pinyin, keyword_pinyin, place_kind)
  SELECT rid, grp, kind, department_id, item_index, name_zh, name_en, dept_name_zh, dept_name_en, keywords, detail_zh, detail_en, pinyin, keyword_pinyin, place_kind FROM search_docs;
DROP TABLE search_docs;
ALTER TABLE search_docs_v5 RENAME TO search_docs;
`;
