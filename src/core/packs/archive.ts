/**
 * Reading a pack's zip archive under caps, through one file descriptor (so the file cannot be
 * swapped between checks). Opening reads only the central directory and the local headers and
 * refuses anything unsafe there: too many entries, links, devices, folders, bad paths,
 * duplicates (also after case folding), declared sizes or ratios over the caps, overlapping or
 * inconsistent headers. Reading an entry streams it and enforces its declared size while
 * inflating, because headers can lie.
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import yauzl from 'yauzl';
import { PackError, quote } from './errors.js';
import { MANIFEST_NAME, SIGNATURES_NAME, checkPath, foldPath, type PackLimits } from './format.js';

export interface ArchiveEntry {
  name: string;
  /** Declared in the central directory. */
  uncompressedSize: number;
  compressedSize: number;
  entry: yauzl.Entry;
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const TYPE_NAMES: Record<number, string> = {
  0o040000: 'a folder',
  0o020000: 'a character device',
  0o060000: 'a block device',
  0o010000: 'a named pipe',
  0o140000: 'a socket',
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class PackArchive {
  /** Entries by exact name, in archive order. */
  readonly entries = new Map<string, ArchiveEntry>();
  private inflated = 0;
  private closed = false;

  private constructor(
    private readonly zip: yauzl.ZipFile,
    readonly fileSize: number,
    private readonly limits: PackLimits,
  ) {}

  static async open(file: string, limits: PackLimits): Promise<PackArchive> {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new PackError('pack-unreadable', code === 'ENOENT' ? `The pack file ${file} does not exist.` : `The pack file ${file} cannot be read (${code ?? 'error'}).`);
    }
    let zip: yauzl.ZipFile;
    let size: number;
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) throw new PackError('pack-unreadable', `${file} is not a regular file.`);
      if (st.size > limits.maxPackBytes) {
        throw new PackError('pack-too-large', `The pack file is ${st.size} bytes, over the ${limits.maxPackBytes}-byte cap for a content pack.`);
      }
      size = st.size;
      try {
        zip = await yauzl.fromFdPromise(fd, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: false });
      } catch (e) {
        throw new PackError('not-a-pack', `${file} is not a content pack: it is not a readable zip archive (${(e as Error).message}).`);
      }
    } catch (e) {
      closeSync(fd);
      throw e;
    }
    // From here on the zip owns the descriptor: zip.close() closes it once no entry is being read.
    zip.on('error', () => {});
    const archive = new PackArchive(zip, size, limits);
    try {
      await archive.readDirectory();
    } catch (e) {
      archive.close();
      throw e;
    }
    return archive;
  }

  private async readDirectory(): Promise<void> {
    const { limits } = this;
    if (this.zip.entryCount > limits.maxEntries) {
      throw new PackError('zip-entries', `The pack holds ${this.zip.entryCount} entries, over the cap of ${limits.maxEntries}.`);
    }
    const folded = new Set<string>();
    let total = 0;
    try {
      for await (const entry of this.zip.eachEntry()) {
        this.checkEntry(entry, folded, (n) => (total += n));
      }
    } catch (e) {
      if (e instanceof PackError) throw e;
      throw new PackError('zip-malformed', `The pack's zip directory is damaged (${(e as Error).message}).`);
    }
    if (this.entries.size !== this.zip.entryCount) throw new PackError('zip-malformed', "The pack's zip directory is damaged (entry count).");
    await this.checkLocalHeaders();
  }

  private checkEntry(entry: yauzl.Entry, folded: Set<string>, addTotal: (n: number) => number): void {
    const { limits } = this;
    let name: string;
    try {
      name = utf8.decode(entry.fileNameRaw);
    } catch {
      throw new PackError('path-invalid', 'A pack entry has a name that is not valid UTF-8.');
    }
    const q = quote(name);
    const mode = entry.externalFileAttributes >>> 16;
    const type = mode & S_IFMT;
    const dosDir = (entry.versionMadeBy >> 8) === 0 && (entry.externalFileAttributes & 0x10) !== 0;
    if (type === S_IFLNK) throw new PackError('entry-symlink', `The pack entry ${q} is a symbolic link; a pack may hold only regular files.`);
    if (name.endsWith('/') || dosDir || (type !== 0 && type !== S_IFREG)) {
      const what = name.endsWith('/') || dosDir ? 'a folder' : (TYPE_NAMES[type] ?? 'not a regular file');
      throw new PackError('entry-not-regular', `The pack entry ${q} is ${what}; a pack may hold only regular files.`);
    }
    checkPath(name);
    if ((entry.generalPurposeBitFlag & 0x1) !== 0) throw new PackError('zip-malformed', `The pack entry ${q} is encrypted; packs are never encrypted.`);
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
      throw new PackError('zip-malformed', `The pack entry ${q} uses compression method ${entry.compressionMethod}; only stored and deflated entries are read.`);
    }
    if (this.entries.has(name)) throw new PackError('file-duplicate', `The pack holds the entry ${q} twice.`);
    const f = foldPath(name);
    if (folded.has(f)) throw new PackError('file-duplicate', `The pack holds ${q} and another entry whose names differ only in letter case.`);
    folded.add(f);
    const size = entry.uncompressedSize;
    if (name === MANIFEST_NAME) {
      if (size > limits.maxManifestBytes) throw new PackError('manifest-too-large', `The pack's manifest is ${size} bytes, over the ${limits.maxManifestBytes}-byte cap.`);
    } else if (name === SIGNATURES_NAME) {
      if (size > limits.maxSignaturesBytes) throw new PackError('signature-malformed', `The pack's signatures file is ${size} bytes, over the ${limits.maxSignaturesBytes}-byte cap.`);
    } else if (size > limits.maxFileBytes) {
      throw new PackError('zip-file-cap', `The pack entry ${q} is ${size} bytes uncompressed, over the ${limits.maxFileBytes}-byte cap for one file.`);
    }
    if (size > limits.ratioExemptBytes && size > entry.compressedSize * limits.maxRatio) {
      throw new PackError(
        'zip-ratio',
        `The pack entry ${q} expands from ${entry.compressedSize} to ${size} bytes, over the ${limits.maxRatio}:1 compression-ratio cap (a zip bomb).`,
      );
    }
    const total = addTotal(size);
    if (total > limits.maxTotalBytes) {
      throw new PackError('zip-total', `The pack's entries add up to more than ${limits.maxTotalBytes} bytes uncompressed, over the cap for a whole pack.`);
    }
    this.entries.set(name, { name, uncompressedSize: size, compressedSize: entry.compressedSize, entry });
  }

  /** Each local header must name the same file as the directory, and no two entries' data may overlap. */
  private async checkLocalHeaders(): Promise<void> {
    const ranges: Array<[number, number, string]> = [];
    for (const e of this.entries.values()) {
      let header: yauzl.LocalFileHeader;
      try {
        header = await this.zip.readLocalFileHeaderPromise(e.entry);
      } catch (err) {
        throw new PackError('zip-malformed', `The pack entry ${quote(e.name)} is damaged (${(err as Error).message}).`);
      }
      if (!header.fileName.equals(e.entry.fileNameRaw)) {
        throw new PackError('zip-malformed', `The pack entry ${quote(e.name)} has a local header naming a different file; the archive was tampered with.`);
      }
      ranges.push([e.entry.relativeOffsetOfLocalHeader, header.fileDataStart + e.compressedSize, e.name]);
    }
    ranges.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < ranges.length; i++) {
      if (ranges[i]![0] < ranges[i - 1]![1]) {
        throw new PackError('zip-malformed', `The pack entries ${quote(ranges[i - 1]![2])} and ${quote(ranges[i]![2])} overlap; the archive was crafted to mislead.`);
      }
    }
  }

  /**
   * Stream one entry to `sink`, enforcing its declared size while inflating. Returns the byte
   * count, which equals the declared size.
   */
  async read(name: string, sink: (chunk: Buffer) => void): Promise<number> {
    const e = this.entries.get(name);
    if (!e) throw new PackError('file-missing', `The pack has no entry ${quote(name)}.`);
    const q = quote(name);
    let stream: NodeJS.ReadableStream & { destroy(): void };
    try {
      stream = (await this.zip.openReadStreamPromise(e.entry)) as typeof stream;
    } catch (err) {
      throw new PackError('zip-malformed', `The pack entry ${q} cannot be read (${(err as Error).message}).`);
    }
    let count = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        count += chunk.length;
        this.inflated += chunk.length;
        if (count > e.uncompressedSize) {
          throw new PackError('zip-inflate', `The pack entry ${q} inflates to more than the ${e.uncompressedSize} bytes its header declares; its headers lie (a zip bomb).`);
        }
        if (this.inflated > this.limits.maxTotalBytes) {
          throw new PackError('zip-total', `The pack inflates to more than ${this.limits.maxTotalBytes} bytes, over the cap for a whole pack.`);
        }
        sink(chunk);
      }
    } catch (err) {
      stream.destroy();
      if (err instanceof PackError) throw err;
      throw new PackError('zip-malformed', `The pack entry ${q} cannot be decompressed (${(err as Error).message}).`);
    }
    if (count < e.uncompressedSize) {
      throw new PackError('file-truncated', `The pack entry ${q} is truncated: it holds ${count} bytes where its header declares ${e.uncompressedSize}.`);
    }
    return count;
  }

  /** Read a small entry whole (the manifest, the signatures), bounded by its declared size. */
  async readAll(name: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    await this.read(name, (c) => chunks.push(c));
    return Buffer.concat(chunks);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.zip.close();
  }
}
