/**
 * Every page of a content database read and checked (quick_check) over a read-only connection of
 * its own, and nothing else: for the worker thread that checks the live content while the kiosk
 * starts (src/app/content-check.ts), which so loads SQLite and not the rest of the store.
 */
import Database from 'better-sqlite3';
import { sqliteNativeBinding } from './sqlite-binding.js';

/** 'ok', or what SQLite found wrong; throws when the file cannot be opened as a database. */
export function checkPages(file: string): string {
  const nativeBinding = sqliteNativeBinding();
  const db = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    return String(db.pragma('quick_check', { simple: true }));
  } finally {
    db.close();
  }
}
