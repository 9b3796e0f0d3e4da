/**
 * How the kiosk writes files: every file it writes, in the data folder and beside packs on USB
 * sticks, goes through here. A file is created exclusively (O_CREAT|O_EXCL|O_NOFOLLOW), so a link
 * or anything else already at its name is never followed or written into; a file replaced whole is
 * written under an unguessable temporary name beside it and renamed over the old one, which
 * replaces the directory entry (a link there is replaced, not followed). A write that fails (a
 * full disk) removes what it created, so nothing half-written is left behind.
 *
 *   createExclusive(file, data)      a new file, never one that exists already (openExclusive: its fd)
 *   writeFileAtomic(file, data)      replace a file whole: the old contents or the new after a crash
 *   writeFileAtomic(…, {plain:true}) the same, only into a real folder over a plain file of ours
 *   openAppend(file)                 append to a regular file, never through a link
 *   openRegular(file)                read a regular file, refusing pipes, devices and folders at once
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, fsyncSync, lstatSync, openSync, renameSync, rmSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname } from 'node:path';

// Not every platform has every flag (Windows has no O_NOFOLLOW or O_NONBLOCK); 0 leaves it out.
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;
const O_DIRECTORY = constants.O_DIRECTORY ?? 0;

/** A file that is not where or what the kiosk may write or read: a link, a pipe, a folder, another user's file. */
export class UnsafeFileError extends Error {
  override name = 'UnsafeFileError';
  readonly code = 'EUNSAFE';
}

/** What a file is, for a sentence: "a symbolic link", "a named pipe", … */
export function kindOf(st: Stats): string {
  if (st.isFile()) return 'a regular file';
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** A fresh name beside `file` that nobody can guess in advance: `<file>.<16 hex digits>.tmp`. */
export function tempNameFor(file: string): string {
  return `${file}.${randomBytes(8).toString('hex')}.tmp`;
}

function writeAll(fd: number, data: string | Buffer): void {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
}

/** Open a new file for writing; it must not exist, not even as a dangling link (EEXIST). */
export function openExclusive(file: string, mode = 0o666): number {
  return openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW, mode);
}

/**
 * Create `file`, which must not exist (not even as a dangling link), write `data`, sync and close
 * it. On any failure (EEXIST, a full disk) what was created is removed and the error rethrown.
 */
export function createExclusive(file: string, data: string | Buffer, mode = 0o666): void {
  const fd = openExclusive(file, mode);
  try {
    writeAll(fd, data);
    fsyncSync(fd);
  } catch (e) {
    closeQuietly(fd);
    rmSync(file, { force: true });
    throw e;
  }
  closeSync(fd);
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    /* already failing */
  }
}

/** Sync a folder so a rename in it survives a power cut. */
function syncFolder(dir: string): void {
  try {
    const dfd = openSync(dir, constants.O_RDONLY | O_DIRECTORY);
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    // Folders cannot be opened for syncing on Windows; the rename is still atomic there.
  }
}

export interface AtomicWriteOptions {
  /** File mode for a new file (before the umask). */
  mode?: number;
  /**
   * Only write where the folder and the name are plain: the folder is a real folder (not a link)
   * and `file` is absent or a regular file (not a link) owned by the kiosk's user. Otherwise an
   * UnsafeFileError says why and nothing is written. For folders the kiosk does not own, such as
   * a USB stick.
   */
  plain?: boolean;
}

/** Why `file` is not a plain place to write, or undefined when it is. */
export function unsafeTarget(file: string): string | undefined {
  const dir = dirname(file);
  let d: Stats;
  try {
    d = lstatSync(dir);
  } catch (e) {
    return `its folder ${dir} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  if (!d.isDirectory()) return `its folder ${dir} is ${kindOf(d)}, not a real folder`;
  let st: Stats;
  try {
    st = lstatSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return `it cannot be checked (${(e as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  if (!st.isFile()) return `${basename(file)} is already there as ${kindOf(st)}`;
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) return `${basename(file)} is already there and belongs to another user (uid ${st.uid})`;
  return undefined;
}

/**
 * Replace `file` whole, so a crash leaves the old contents or the new, never a torn file: write
 * an exclusive temporary file beside it, sync, rename it over `file`, sync the folder. A failure
 * removes the temporary file and rethrows.
 */
export function writeFileAtomic(file: string, data: string | Buffer, opts: AtomicWriteOptions = {}): void {
  if (opts.plain) {
    const why = unsafeTarget(file);
    if (why) throw new UnsafeFileError(`${file} was not written: ${why}.`);
  }
  const tmp = tempNameFor(file);
  createExclusive(tmp, data, opts.mode);
  try {
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  syncFolder(dirname(file));
}

/**
 * Open `file` for appending, creating it when absent. Never through a link; a pipe, device or
 * folder, or a file with other names (hard links), is refused with an UnsafeFileError.
 */
export function openAppend(file: string, mode = 0o640): number {
  let fd: number;
  try {
    fd = openSync(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | O_NOFOLLOW | O_NONBLOCK, mode);
  } catch (e) {
    // A link (ELOOP), or a pipe with no reader (ENXIO): say what is there.
    const there = lstatSync(file, { throwIfNoEntry: false });
    if (there && !there.isFile()) throw new UnsafeFileError(`${file} is ${kindOf(there)}; it is not appended to.`);
    throw e;
  }
  let st: Stats;
  try {
    st = fstatSync(fd);
  } catch (e) {
    closeQuietly(fd);
    throw e;
  }
  if (!st.isFile() || st.nlink > 1) {
    closeQuietly(fd);
    throw new UnsafeFileError(`${file} is ${st.isFile() ? 'a file with other names (hard links)' : kindOf(st)}; it is not appended to.`);
  }
  return fd;
}

export interface OpenRegularOptions {
  /** Follow a link at `file` itself (a path someone typed); default true. */
  follow?: boolean;
}

/**
 * Open a regular file for reading without ever blocking: anything else (a named pipe, a device,
 * a folder, a socket) is refused at once with an UnsafeFileError saying what it is. The file is
 * checked before it is opened and again through the descriptor, so a swap in between is caught.
 */
export function openRegular(file: string, opts: OpenRegularOptions = {}): number {
  const follow = opts.follow ?? true;
  const st = follow ? statSync(file) : lstatSync(file);
  if (!st.isFile()) throw new UnsafeFileError(`${file} is ${kindOf(st)}, not a regular file.`);
  const fd = openSync(file, constants.O_RDONLY | O_NONBLOCK | (follow ? 0 : O_NOFOLLOW));
  let now: Stats;
  try {
    now = fstatSync(fd);
  } catch (e) {
    closeQuietly(fd);
    throw e;
  }
  if (!now.isFile()) {
    closeQuietly(fd);
    throw new UnsafeFileError(`${file} is ${kindOf(now)}, not a regular file.`);
  }
  return fd;
}

/** Remove `file` if it is there, ignoring every error (clean-up after a failure). */
export function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    /* gone already, or nothing more can be done */
  }
}
