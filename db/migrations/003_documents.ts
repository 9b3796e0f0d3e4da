/** Migration 3: whole-content documents (wayfinding, symptom guide, visitor information) and drawings (floor plans). */
export const sql = /* sql */ `
CREATE TABLE documents (
  name TEXT PRIMARY KEY CHECK (name IN ('wayfinding', 'symptoms', 'visitorInfo')),
  doc  TEXT NOT NULL CHECK (json_valid(doc))
) STRICT;

CREATE TABLE drawings (
  path TEXT PRIMARY KEY,
  svg  TEXT NOT NULL
) STRICT;
`;
