/**
 * Whether a small file the kiosk reads on every call (the content pointer, the PINs) has changed,
 * without reading it each time: its stamp (modification time, size, inode) is looked at no more
 * than once per FILE_RECHECK_MS, and at once after this thread wrote the file (`fileWritten`), so
 * a change made by this process is seen on the next call and one made by another process (the
 * `kiosk` command) within a second.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';

/** How long a file's stamp is trusted before it is looked at again (ms). */
export const FILE_RECHECK_MS = 1000;

/** Writes by this thread, per file: a reader looks again when the count has moved. */
const writes = new Map<string, number>();

/** This thread has written (or replaced, or removed) `file`, or another thread of this process has told it so. */
export function fileWritten(file: string): void {
  const key = resolve(file);
  writes.set(key, (writes.get(key) ?? 0) + 1);
}

/** The file's modification time, size and inode, or why it has none; equal stamps, an unchanged file. */
export function fileStamp(file: string): string {
  try {
    const s = statSync(file);
    return `${s.mtimeMs}:${s.size}:${s.ino}`;
  } catch (e) {
    return `none:${(e as NodeJS.ErrnoException).code ?? 'error'}`;
  }
}

export class FileChanges {
  readonly file: string;
  #checkedAt = -Infinity;
  #writes = -1;
  #stamp: string | undefined;

  constructor(
    file: string,
    private readonly everyMs = FILE_RECHECK_MS,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.file = resolve(file);
  }

  /** Has the file changed since the last call that said so? True on the first call. */
  changed(): boolean {
    const now = this.clock();
    const w = writes.get(this.file) ?? 0;
    if (this.#stamp !== undefined && w === this.#writes && now - this.#checkedAt < this.everyMs) return false;
    this.#checkedAt = now;
    this.#writes = w;
    const stamp = fileStamp(this.file);
    if (stamp === this.#stamp) return false;
    this.#stamp = stamp;
    return true;
  }

  /** Look at the file on the next call, whenever it was last looked at. */
  forget(): void {
    this.#stamp = undefined;
  }
}
