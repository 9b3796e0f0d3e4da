/** Migration 1: the content model. Departments keep their validated document plus columns for lists and search. */
export const sql = /* sql */ `
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE hospital (
  id  INTEGER PRIMARY KEY CHECK (id = 1),
  doc TEXT NOT NULL CHECK (json_valid(doc))
) STRICT;

CREATE TABLE departments (
  id          TEXT PRIMARY KEY,
  ord         INTEGER NOT NULL,
  name_zh     TEXT NOT NULL,
  name_en     TEXT NOT NULL,
  category_zh TEXT NOT NULL,
  category_en TEXT NOT NULL,
  summary_zh  TEXT NOT NULL,
  summary_en  TEXT NOT NULL,
  floor       TEXT,            -- NULL while a placeholder
  doc         TEXT NOT NULL CHECK (json_valid(doc))
) STRICT;

-- Every listed thing of a department, one row each: services and examinations, subspecialties, equipment.
CREATE TABLE items (
  department_id TEXT NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
  kind          TEXT NOT NULL CHECK (kind IN ('service', 'subspecialty', 'equipment')),
  ord           INTEGER NOT NULL,
  name_zh       TEXT NOT NULL,
  name_en       TEXT NOT NULL,
  detail_zh     TEXT,
  detail_en     TEXT,
  count         INTEGER,
  keywords      TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (department_id, kind, ord)
) STRICT;

CREATE TABLE figures (
  department_id TEXT NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
  ord           INTEGER NOT NULL,
  key           TEXT NOT NULL,
  value         REAL NOT NULL,
  qualifier     TEXT NOT NULL,
  label_zh      TEXT NOT NULL,
  label_en      TEXT NOT NULL,
  PRIMARY KEY (department_id, ord)
) STRICT;
`;
