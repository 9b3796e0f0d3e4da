/**
 * The numbered schema migrations of a content database, applied in order at open. The schema
 * version is SQLite's user_version, so a database says by itself which migrations it has had.
 */
import { sql as m001 } from './001_content.js';
import { sql as m002 } from './002_search.js';
import { sql as m003 } from './003_documents.js';
import { sql as m004 } from './004_places.js';
import { sql as m005 } from './005_doctors.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  { version: 1, name: 'content model', sql: m001 },
  { version: 2, name: 'search index', sql: m002 },
  { version: 3, name: 'documents and drawings', sql: m003 },
  { version: 4, name: 'places, emergency words and search vocabularies', sql: m004 },
  { version: 5, name: 'doctors and clinic sessions', sql: m005 },
];

export const SCHEMA_VERSION = migrations[migrations.length - 1]!.version;
