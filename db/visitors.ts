/**
 * The visitor counts of a data folder (src/core/ports.ts VisitorCountStore) in their own SQLite
 * file, visitors.sqlite, beside the content databases and never inside one: packs replace content
 * databases whole, and the counts outlive them. Rows are per local day; the pending table holds
 * only keyed tags of queries searched too few times to keep, never their text, and is bounded.
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { lstatSync } from 'node:fs';
import type { VisitorCountKind, VisitorCountRow, VisitorCountStore } from '../src/core/ports.js';
import { sqliteNativeBinding } from './sqlite-binding.js';

/** The file in the data folder. */
export const VISITORS_FILE = 'visitors.sqlite';
/** Tags held at most; past it the oldest days' tags go first. */
export const MAX_PENDING = 5000;

const SCHEMA = [
  /* sql */ `
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value BLOB NOT NULL
) STRICT;
-- One row per local day and counted thing.
CREATE TABLE counts (
  day  TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  kind TEXT NOT NULL CHECK (kind IN ('no-result', 'department', 'place', 'symptom')),
  key  TEXT NOT NULL,
  n    INTEGER NOT NULL CHECK (n > 0),
  PRIMARY KEY (kind, key, day)
) STRICT, WITHOUT ROWID;
CREATE INDEX counts_day ON counts (day);
-- Searches that found nothing, not yet searched often enough to keep: a tag of the text, never the text.
CREATE TABLE pending (
  tag TEXT NOT NULL,
  day TEXT NOT NULL,
  n   INTEGER NOT NULL CHECK (n > 0),
  PRIMARY KEY (tag, day)
) STRICT, WITHOUT ROWID;
CREATE INDEX pending_day ON pending (day);
`,
];

const addDays = (day: string, n: number): string => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
};

export class SqliteVisitorCounts implements VisitorCountStore {
  private readonly db: Database.Database;
  private readonly add: Database.Statement;

  constructor(readonly file: string) {
    // The kiosk's own file or none: never one a link planted in the data folder points to.
    let kind: string | undefined;
    try {
      const st = lstatSync(file);
      kind = st.isFile() ? 'file' : st.isSymbolicLink() ? 'a link' : 'not a file';
    } catch {
      kind = undefined;
    }
    if (kind && kind !== 'file') throw new Error(`${file} is ${kind}, so visitor counts are not kept; remove it.`);
    const nativeBinding = sqliteNativeBinding();
    this.db = new Database(file, nativeBinding ? { nativeBinding } : {});
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('busy_timeout = 2000');
      const version = this.db.pragma('user_version', { simple: true }) as number;
      if (version > SCHEMA.length) {
        throw new Error(`${file} has schema version ${version}, newer than this kiosk understands (${SCHEMA.length}); update the kiosk software.`);
      }
      for (let v = version; v < SCHEMA.length; v++) {
        this.db.transaction(() => {
          this.db.exec(SCHEMA[v]!);
          this.db.pragma(`user_version = ${v + 1}`);
        })();
      }
      this.add = this.db.prepare('INSERT INTO counts (day, kind, key, n) VALUES (?, ?, ?, ?) ON CONFLICT (kind, key, day) DO UPDATE SET n = n + excluded.n');
    } catch (e) {
      this.db.close();
      throw e;
    }
  }

  count(day: string, kind: Exclude<VisitorCountKind, 'no-result'>, key: string): void {
    this.add.run(day, kind, key, 1);
  }

  noResult(day: string, query: string, tag: string, threshold: number, windowDays: number): boolean {
    return this.db.transaction(() => {
      if (this.db.prepare("SELECT 1 FROM counts WHERE kind = 'no-result' AND key = ? LIMIT 1").get(query)) {
        this.add.run(day, 'no-result', query, 1);
        return true;
      }
      const from = addDays(day, -windowDays + 1);
      this.db.prepare('INSERT INTO pending (tag, day, n) VALUES (?, ?, 1) ON CONFLICT (tag, day) DO UPDATE SET n = n + 1').run(tag, day);
      const held = this.db.prepare('SELECT day, n FROM pending WHERE tag = ? AND day >= ?').all(tag, from) as { day: string; n: number }[];
      const total = held.reduce((s, r) => s + r.n, 0);
      if (total < threshold) {
        const { n } = this.db.prepare('SELECT count(*) AS n FROM pending').get() as { n: number };
        if (n > MAX_PENDING) {
          this.db.prepare('DELETE FROM pending WHERE (tag, day) IN (SELECT tag, day FROM pending ORDER BY day, n LIMIT ?)').run(n - MAX_PENDING);
        }
        return false;
      }
      for (const r of held) this.add.run(r.day, 'no-result', query, r.n);
      this.db.prepare('DELETE FROM pending WHERE tag = ?').run(tag);
      return true;
    })();
  }

  secret(): Buffer {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'secret'").get() as { value: Buffer } | undefined;
    if (row) return row.value;
    const value = randomBytes(32);
    this.db.prepare("INSERT INTO meta (key, value) VALUES ('secret', ?)").run(value);
    return value;
  }

  prune(today: string, windowDays: number, keepDays: number): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM pending WHERE day < ? OR day > ?').run(addDays(today, -windowDays + 1), today);
      this.db.prepare('DELETE FROM counts WHERE day < ?').run(addDays(today, -keepDays + 1));
    })();
  }

  rows(kind: VisitorCountKind, since: string | undefined, limit = 1000): VisitorCountRow[] {
    const list = this.db
      .prepare('SELECT key, sum(n) AS total FROM counts WHERE kind = ? AND day >= ? GROUP BY key ORDER BY total DESC, key LIMIT ?')
      .all(kind, since ?? '0000-00-00', limit) as { key: string; total: number }[];
    const days = this.db.prepare('SELECT day, n FROM counts WHERE kind = ? AND key = ? AND day >= ? ORDER BY day');
    return list.map((r) => ({ key: r.key, total: r.total, days: days.all(kind, r.key, since ?? '0000-00-00') as { day: string; n: number }[] }));
  }

  /** Has anything been counted (on any day)? */
  hasAny(): boolean {
    return !!this.db.prepare('SELECT 1 FROM counts LIMIT 1').get();
  }

  /** For tests: how many tags are held. */
  pendingCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM pending').get() as { n: number }).n;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
