/**
 * The benchmark baseline for search: a plain LIKE '%q%' scan over the same rows the product's
 * search covers (department names, item names and keywords), with no index. Only the
 * benchmarks use it; it lives here because db/ is the only code that writes SQL.
 */
import type { DB } from './store.js';

export function likeScan(db: DB, q: string, limit = 20): number {
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const deps = db
    .prepare(
      `SELECT id FROM departments
       WHERE name_zh LIKE @p ESCAPE '\\' OR name_en LIKE @p ESCAPE '\\' OR summary_zh LIKE @p ESCAPE '\\' OR summary_en LIKE @p ESCAPE '\\'
       LIMIT @limit`,
    )
    .all({ p: pattern, limit });
  const items = db
    .prepare(
      `SELECT department_id, kind, ord FROM items
       WHERE name_zh LIKE @p ESCAPE '\\' OR name_en LIKE @p ESCAPE '\\' OR keywords LIKE @p ESCAPE '\\'
       LIMIT @limit`,
    )
    .all({ p: pattern, limit: limit * 2 });
  return deps.length + items.length;
}
