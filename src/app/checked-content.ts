/**
 * Content databases an install in this process has just built and checked page by page
 * (pack-thread.ts hears of each from its worker before the pointer is switched to it). The live
 * kiosk opening one of them need not read every page again on its serving thread, which at
 * 10,000 departments would hold up visitors' calls for most of a second right after an install:
 * only a file whose identity, size and times are still those it had when it was checked is taken as checked, and only once. Any other database is checked when it is opened.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';

/** A file as it was checked: its inode, size, and modification and change times (the latter cannot be set back). */
export interface CheckedStamp {
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

const MAX_KEPT = 8;
const checked = new Map<string, CheckedStamp>();

export function stampOf(file: string): CheckedStamp {
  const s = statSync(file);
  return { ino: s.ino, size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs };
}

/** An install has checked `file` whole, and this is how it was then. */
export function recordChecked(file: string, stamp: CheckedStamp): void {
  checked.delete(resolve(file));
  checked.set(resolve(file), stamp);
  while (checked.size > MAX_KEPT) checked.delete(checked.keys().next().value!);
}

/** Was `file` checked whole by an install in this process, and is it unchanged since? Answers true once. */
export function takeChecked(file: string): boolean {
  const key = resolve(file);
  const was = checked.get(key);
  if (!was) return false;
  checked.delete(key);
  try {
    const now = stampOf(file);
    return now.ino === was.ino && now.size === was.size && now.mtimeMs === was.mtimeMs && now.ctimeMs === was.ctimeMs;
  } catch {
    return false;
  }
}
