/**
 * The data folder: where a kiosk keeps its content databases, the pointer that says which one is
 * live, its settings (kiosk.json) and, later, its keys, PINs and audit log.
 *
 *   kiosk.json            settings, validated (./settings.ts)
 *   current.json          pointer: the live content database and the ones kept for rollback
 *   content/*.sqlite      whole content databases, never edited after they go live
 *
 * The pointer is replaced by writing a new file and renaming it over the old one, which is atomic
 * on every platform the kiosk runs on, so a crash leaves the old pointer or the new one. Every
 * file in the folder is written through ./fs-safe.ts: created exclusively under an unguessable
 * temporary name, never through a link planted there.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import * as z from 'zod';
import { fileWritten } from './file-stamp.js';
import { writeFileAtomic } from './fs-safe.js';

export { APP_FOLDER_NAME, defaultDataDir } from './data-dir.js';

const Pointer = z.strictObject({
  active: z.string().regex(/^content\/[A-Za-z0-9._-]+\.sqlite$/),
  /** The other content databases kept (to roll back or forward to), the most recently live first. */
  previous: z.array(z.string().regex(/^content\/[A-Za-z0-9._-]+\.sqlite$/)).default([]),
});
export type Pointer = z.infer<typeof Pointer>;

/** How many content databases are kept, the live one included, unless the settings say otherwise (keepContents). */
export const KEEP_CONTENTS = 3;

export class DataFolder {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  get contentDir(): string {
    return join(this.dir, 'content');
  }
  get pointerFile(): string {
    return join(this.dir, 'current.json');
  }
  get settingsFile(): string {
    return join(this.dir, 'kiosk.json');
  }
  path(rel: string): string {
    return join(this.dir, rel);
  }

  /** Create the folder and its content subfolder; a sentence if that is impossible. */
  ensure(): void {
    try {
      mkdirSync(this.contentDir, { recursive: true });
    } catch (e) {
      throw new Error(
        `The data folder ${this.dir} cannot be created (${(e as NodeJS.ErrnoException).code ?? 'error'}); check its permissions or pass --data-dir.`,
      );
    }
  }

  /** The pointer, or undefined when none has been written yet (a new data folder). */
  readPointer(): Pointer | undefined {
    let text: string;
    try {
      text = readFileSync(this.pointerFile, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      raw = undefined;
    }
    const parsed = Pointer.safeParse(raw);
    if (!parsed.success) throw new Error(`${this.pointerFile} is not a valid content pointer.`);
    return parsed.data;
  }

  /** Replace the pointer atomically: write, sync, rename, sync the folder. */
  writePointer(p: Pointer): void {
    try {
      writeFileAtomic(this.pointerFile, `${JSON.stringify(Pointer.parse(p), null, 2)}\n`);
    } finally {
      fileWritten(this.pointerFile); // the live content is looked at again on the next call
    }
  }

  /** A fresh name for a content database of the given version. */
  newDatabaseName(version: number): string {
    const stamp = new Date().toISOString().replace(/[-:.TZ]/g, '');
    return `content/v${version}-${stamp}-${process.pid}.sqlite`;
  }

  /**
   * Make `rel` the live content, keeping the one it replaces and the others, the most recently
   * live first, up to `keep` in all; those beyond are deleted unless `prune` is false (the caller
   * then collects them itself: collectGarbage).
   */
  activate(rel: string, keep = KEEP_CONTENTS, prune = true): Pointer {
    let old: Pointer | undefined;
    try {
      old = this.readPointer();
    } catch {
      old = undefined; // a corrupt pointer is replaced; the databases it named are collected below
    }
    const previous = old ? [old.active, ...old.previous].filter((p) => p !== rel).slice(0, Math.max(1, keep - 1)) : [];
    const next = { active: rel, previous };
    this.writePointer(next);
    if (prune) this.collectGarbage(next);
    return next;
  }

  /** Delete content databases the pointer no longer names, and leftovers of interrupted builds. */
  collectGarbage(p: Pointer | undefined = this.readPointer()): void {
    if (!p) return;
    const keep = new Set([p.active, ...p.previous].map((r) => basename(r)));
    let names: string[] = [];
    try {
      names = readdirSync(this.contentDir);
    } catch {
      return;
    }
    for (const name of names) {
      const base = name.replace(/(-wal|-shm|\.building(-wal|-shm)?)$/, '');
      if (!keep.has(base) || name.includes('.building')) rmSync(join(this.contentDir, name), { force: true });
    }
  }
}

/** Write a file so that a crash leaves the old contents or the new, never a torn file (./fs-safe.ts). */
export { writeFileAtomic };
