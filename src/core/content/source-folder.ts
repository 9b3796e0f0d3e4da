/**
 * Writing a whole folder of files for a person (a content source from `kiosk content import`, the
 * CSV files of an export): all of it or nothing. Every file is created exclusively (fs-safe) in a
 * fresh folder beside the target, synced, and only then is the folder renamed into place. The
 * target may be absent, an empty folder, or a folder this command made before (it holds the
 * marker file MARKER), which is replaced whole; a link, a file, or a folder with anything else in
 * it is refused with a sentence and left as it is.
 */
import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, renameSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { createExclusive, kindOf } from '../fs-safe.js';

/** The file that marks a folder as made by the kiosk command (so it may be replaced by the next import). */
export const MARKER = '.kiosk-generated';
const MARKER_TEXT = 'This folder was written by the kiosk command; the next kiosk content import or export into it replaces it whole.\n';

export class FolderError extends Error {
  override name = 'FolderError';
}

/** Why `target` may not be written, or undefined (absent, empty, or made by us). */
export function unsafeFolder(target: string): string | undefined {
  let st;
  try {
    st = lstatSync(target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      try {
        const parent = statSync(dirname(target)); // the folder it goes in may be reached through a link (/tmp on macOS)
        if (!parent.isDirectory()) return `its parent ${dirname(target)} is ${kindOf(parent)}, not a folder`;
      } catch {
        return `its parent folder ${dirname(target)} does not exist`;
      }
      return undefined;
    }
    return `it cannot be checked (${(e as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  if (st.isSymbolicLink()) return 'it is a symbolic link; name the real folder';
  if (!st.isDirectory()) return `it is ${kindOf(st)}, not a folder`;
  const entries = readdirSync(target);
  if (entries.length === 0) return undefined;
  let marker;
  try {
    marker = lstatSync(join(target, MARKER));
  } catch {
    marker = undefined;
  }
  if (!marker?.isFile()) return `it is a folder with other files in it, not one this command made; name a new or empty folder`;
  return undefined;
}

/**
 * Write `files` (relative paths with forward slashes) as the folder `target`, all or nothing: into
 * a temporary folder beside it first, then renamed into place. Throws FolderError when the target
 * may not be written; nothing is changed then.
 */
export function writeFolder(target: string, files: ReadonlyMap<string, Buffer | string>): void {
  const abs = resolve(target);
  const why = unsafeFolder(abs);
  if (why) throw new FolderError(`${target} was not written: ${why}.`);
  for (const rel of files.keys()) {
    if (rel.startsWith('/') || rel.split('/').some((s) => s === '' || s === '.' || s === '..') || rel.includes('\\'))
      throw new FolderError(`${rel}: is not a plain relative path; nothing was written.`);
  }
  const tag = randomBytes(6).toString('hex');
  const tmp = join(dirname(abs), `.${basename(abs)}.${tag}.tmp`);
  mkdirSync(tmp, { mode: 0o755 }); // fails if anything is there, link or not
  try {
    const made = new Set<string>();
    for (const [rel, data] of files) {
      const dir = dirname(rel);
      if (dir !== '.' && !made.has(dir)) {
        mkdirSync(join(tmp, dir), { recursive: true });
        made.add(dir);
      }
      createExclusive(join(tmp, rel), data, 0o644);
    }
    createExclusive(join(tmp, MARKER), MARKER_TEXT, 0o644);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  // Into place: an empty target is removed first (rename will not replace a folder with entries);
  // one of ours is moved aside and removed once the new one is there.
  let old: string | undefined;
  try {
    const st = lstatSync(abs, { throwIfNoEntry: false });
    if (st?.isDirectory()) {
      if (readdirSync(abs).length === 0) rmdirSync(abs);
      else {
        old = join(dirname(abs), `.${basename(abs)}.${tag}.old`);
        renameSync(abs, old);
      }
    }
    renameSync(tmp, abs);
  } catch (e) {
    if (old) {
      try {
        renameSync(old, abs);
      } catch {
        /* the old folder stays beside, under its .old name */
      }
    }
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  if (old) rmSync(old, { recursive: true, force: true });
}
