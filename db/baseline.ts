/**
 * The benchmark baseline for search: what a search without an index would do over the same rows
 * the product's search covers. For each group (departments; services and subspecialties;
 * equipment) a plain LIKE '%q%' scan over names and keywords, ranked the simple way (names that
 * start with the query first, then content order) and cut to the same 20 a group. Only the
 * benchmarks use it; it lives here because db/ is the only code that writes SQL.
 */
import type { DB } from './store.js';

const cache = new WeakMap<DB, { deps: ReturnType<DB['prepare']>; items: ReturnType<DB['prepare']> }>();

export function likeScan(db: DB, q: string, limit = 20): number {
  let s = cache.get(db);
  if (!s) {
    s = {
      deps: db.prepare(
        `SELECT id FROM departments
         WHERE name_zh LIKE @p ESCAPE '\\' OR name_en LIKE @p ESCAPE '\\' OR summary_zh LIKE @p ESCAPE '\\' OR summary_en LIKE @p ESCAPE '\\'
         ORDER BY (name_zh LIKE @start ESCAPE '\\' OR name_en LIKE @start ESCAPE '\\') DESC, ord
         LIMIT @limit`,
      ),
      items: db.prepare(
        `SELECT department_id, kind, ord FROM items
         WHERE kind IN (SELECT value FROM json_each(@kinds))
           AND (name_zh LIKE @p ESCAPE '\\' OR name_en LIKE @p ESCAPE '\\' OR keywords LIKE @p ESCAPE '\\')
         ORDER BY (name_zh LIKE @start ESCAPE '\\' OR name_en LIKE @start ESCAPE '\\') DESC, department_id, ord
         LIMIT @limit`,
      ),
    };
    cache.set(db, s);
  }
  const escaped = q.replace(/[\\%_]/g, (c) => `\\${c}`);
  const args = { p: `%${escaped}%`, start: `${escaped}%`, limit };
  const deps = s.deps.all(args).length;
  const services = s.items.all({ ...args, kinds: '["service","subspecialty"]' }).length;
  const equipment = s.items.all({ ...args, kinds: '["equipment"]' }).length;
  return deps + services + equipment;
}
