/** Migration 3: whole-content documents (wayfinding, symptom guide, visitor information), drawings (floor plans) and assets (photos). */
export const sql = /* sql */ `
CREATE TABLE documents (
  name TEXT PRIMARY KEY CHECK (name IN ('wayfinding', 'symptoms', 'visitorInfo')),
  doc  TEXT NOT NULL CHECK (json_valid(doc))
) STRICT;

CREATE TABLE assets (
  path TEXT PRIMARY KEY,
  mime TEXT NOT NULL CHECK (mime IN ('image/png', 'image/jpeg', 'image/webp')),
  data BLOB NOT NULL
) STRICT;

CREATE TABLE drawings (
  path TEXT PRIMARY KEY,
  svg  TEXT NOT NULL
) STRICT;
`;
