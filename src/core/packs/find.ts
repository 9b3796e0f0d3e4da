/**
 * Finding pack files on USB sticks: *.kpack files in the given folders and up to two levels
 * below them (so /media finds /media/USB/x.kpack and /media/user/USB/x.kpack). Only regular files
 * are packs; hidden folders, links, pipes, devices and unreadable folders are skipped; the walk is
 * capped.
 */
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PACK_EXTENSION } from './format.js';

export interface FoundPack {
  file: string;
  name: string;
  size: number;
  modified: string;
}

const MAX_DEPTH = 2;
const MAX_FOLDERS = 500;
const MAX_PACKS = 200;

export function findPacks(folders: readonly string[]): FoundPack[] {
  const found = new Map<string, FoundPack>();
  let visited = 0;
  const walk = (dir: string, depth: number): void => {
    if (visited++ >= MAX_FOLDERS || found.size >= MAX_PACKS) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || found.size >= MAX_PACKS) continue;
      const full = join(dir, e.name);
      if (e.isFile() && e.name.toLowerCase().endsWith(PACK_EXTENSION)) {
        try {
          // Only regular files: never a link, and never a pipe or device that would hang a reader.
          const st = lstatSync(full);
          if (st.isFile()) found.set(full, { file: full, name: e.name, size: st.size, modified: st.mtime.toISOString() });
        } catch {
          /* vanished */
        }
      } else if (e.isDirectory() && depth < MAX_DEPTH) {
        walk(full, depth + 1);
      }
    }
  };
  for (const f of folders) walk(f, 0);
  return [...found.values()].sort((a, b) => a.file.localeCompare(b.file));
}
