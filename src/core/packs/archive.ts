/**
 * Reading a pack's zip archive under caps, through one file descriptor (so the file cannot be
 * swapped between checks). Opening reads only the central directory and the local headers and
 * refuses anything unsafe there: too many entries, links, devices, folders, bad paths,
 * duplicates (also after case folding), declared sizes or ratios over the caps, overlapping or
 * inconsistent headers. Reading an entry streams it and enforces its declared size while
 * inflating, because headers can lie. The descriptor has one owner (DescriptorReader), which
 * closes it once.
 */
import { closeSync, fstatSync, read, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import { UnsafeFileError, openRegular } from '../fs-safe.js';
import { PackError, isSystemError, quote, systemProblem } from './errors.js';
import { MANIFEST_NAME, SIGNATURES_NAME, checkPath, foldPath, type PackLimits } from './format.js';

export interface ArchiveEntry {
  name: string;
  /** Declared in the central directory. */
  uncompressedSize: number;
  compressedSize: number;
  entry: yauzl.Entry;
  /** Where the entry's data starts, from its local header (set once the local headers are checked). */
  dataStart: number;
}

/** Entries up to this size (compressed) are read in one positional read and inflated in one step. */
const SMALL_ENTRY_BYTES = 1024 * 1024;
/** Synchronous reads in a row before the event loop gets a turn (the kiosk host keeps answering). */
const READS_PER_TURN = 64;
const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const LOCAL_HEADER_BYTES = 30;

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

/**
 * An entry that inflates to more than its header declares. One flipped byte in compressed data
 * does this as readily as a crafted header, so it is called damage, never a zip bomb: only the
 * ratio check (zip-ratio) says that. Inflating stops here either way.
 */
function inflatesPastHeader(quotedName: string, declared: number): PackError {
  return new PackError(
    'zip-inflate',
    `The pack entry ${quotedName} is damaged: it inflates to more than the ${declared} bytes its header declares; the file may not have copied completely.`,
    { file: quotedName },
  );
}

/** Compressed data that zlib cannot inflate (a flipped or missing byte): damage, in words. */
function cannotInflate(quotedName: string, err: unknown): PackError {
  return new PackError(
    'zip-inflate',
    `The pack entry ${quotedName} is damaged: its compressed data cannot be read (${(err as Error).message}); the file may not have copied completely.`,
    { file: quotedName },
  );
}

/** Reads `buffer.length` bytes at `position` unless the file ends first; the count read. */
function readFully(fd: number, buffer: Buffer, position: number): number {
  let done = 0;
  while (done < buffer.length) {
    const n = readSync(fd, buffer, done, buffer.length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

/** Bytes asked of the disk at a time when an entry is streamed. */
const STREAM_CHUNK_BYTES = 256 * 1024;

/** Reading the pack failed in the operating system (a USB stick pulled out, a disk error): one sentence. */
function unreadable(what: string, e: unknown): PackError {
  return new PackError('pack-unreadable', `${what} cannot be read: ${systemProblem(e)}; check the disk or USB stick it is on and try again.`);
}

/**
 * The pack's one file descriptor, and its only owner: it is closed here, exactly once. yauzl
 * holds a reference for the open archive and one for every entry stream, and calls close() when
 * the last is released (its design for a RandomAccessReader). Reads are positional, on this
 * descriptor only: the central directory and local headers synchronously (thousands of small
 * records, answered on the next tick), entry data asynchronously through a stream of our own.
 * Never an fs.ReadStream over the descriptor: destroying one closes the descriptor it was given,
 * whatever autoClose says, and the number is then reused by the next file or socket opened.
 * A close that arrives while a read is in flight waits for it, so no read ever lands on a
 * descriptor number that now belongs to something else.
 */
class DescriptorReader extends yauzl.RandomAccessReader {
  private inFlight = 0;
  private closed = false;
  private closeWaiting: (() => void) | undefined;

  constructor(private readonly fd: number) {
    super();
  }

  /** A synchronous positional read; the count read. Throws once the descriptor is closed. */
  readAt(buffer: Buffer, position: number): number {
    if (this.closed) throw new Error('The pack was read after it was closed.');
    return readFully(this.fd, buffer, position);
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (err: Error | null, bytesRead?: number) => void): void {
    let n: number;
    try {
      n = this.readAt(buffer.subarray(offset, offset + length), position);
    } catch (e) {
      process.nextTick(callback, e as Error);
      return;
    }
    process.nextTick(callback, null, n);
  }

  override _readStreamForRange(start: number, end: number): Readable {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the stream's callbacks read from this archive
    const reader = this;
    let position = start;
    return new Readable({
      highWaterMark: STREAM_CHUNK_BYTES,
      read(this: Readable) {
        const want = Math.min(STREAM_CHUNK_BYTES, end - position);
        if (want <= 0) {
          this.push(null);
          return;
        }
        reader.readAsync(Buffer.allocUnsafe(want), position, (err, chunk) => {
          if (err) this.destroy(err);
          else if (chunk.length === 0)
            this.push(null); // the file ended early: yauzl's byte count says so
          else {
            position += chunk.length;
            this.push(chunk);
          }
        });
      },
    });
  }

  private readAsync(buffer: Buffer, position: number, callback: (err: Error | null, chunk: Buffer) => void): void {
    if (this.closed) {
      process.nextTick(callback, new Error('The pack was read after it was closed.'), buffer.subarray(0, 0));
      return;
    }
    this.inFlight++;
    read(this.fd, buffer, 0, buffer.length, position, (err, n) => {
      this.inFlight--;
      if (this.inFlight === 0 && this.closeWaiting) this.closeWaiting();
      callback(err, buffer.subarray(0, err ? 0 : n));
    });
  }

  override close(callback: (err: Error | null) => void): void {
    this.dispose(() => callback(null));
  }

  /** Close the descriptor once no read is in flight (also when yauzl never took it: opening failed). */
  dispose(done: () => void = () => {}): void {
    if (this.closed) {
      setImmediate(done);
      return;
    }
    this.closed = true;
    const finish = () => {
      this.closeWaiting = undefined;
      closeSync(this.fd);
      setImmediate(done);
    };
    if (this.inFlight > 0) this.closeWaiting = finish;
    else finish();
  }
}

export class PackArchive {
  /** Entries by exact name, in archive order. */
  readonly entries = new Map<string, ArchiveEntry>();
  private inflated = 0;
  private closed = false;
  private readsSinceTurn = 0;
  /** Reused for small entries' raw bytes, so reading thousands of photos allocates next to nothing. */
  private scratch = Buffer.alloc(0);

  private constructor(
    private readonly zip: yauzl.ZipFile,
    /** Owns the descriptor; yauzl reads through it too, and positional reads never disturb each other. */
    private readonly reader: DescriptorReader,
    readonly fileSize: number,
    private readonly limits: PackLimits,
  ) {}

  static async open(file: string, limits: PackLimits): Promise<PackArchive> {
    let fd: number;
    try {
      fd = openRegular(file); // a pipe, device, socket or folder is refused at once, never waited on
    } catch (e) {
      if (e instanceof UnsafeFileError) throw new PackError('pack-unreadable', `The pack file ${e.message}`);
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new PackError('pack-unreadable', `The pack file ${file} does not exist.`);
      throw unreadable(`The pack file ${file}`, e);
    }
    const reader = new DescriptorReader(fd);
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
        zip = await yauzl.fromRandomAccessReaderPromise(reader, size, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: false });
      } catch (e) {
        if (isSystemError(e)) throw unreadable(`The pack file ${file}`, e);
        throw new PackError('not-a-pack', `${file} is not a content pack: it is not a readable zip archive (${(e as Error).message}).`);
      }
    } catch (e) {
      // yauzl never took the descriptor: its reference is released only by zip.close().
      reader.dispose();
      throw e;
    }
    // From here on the zip holds the reader: zip.close() closes the descriptor once no entry is being read.
    zip.on('error', () => {});
    const archive = new PackArchive(zip, reader, size, limits);
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
      if (isSystemError(e)) throw unreadable("The pack's zip directory", e);
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
    const dosDir = entry.versionMadeBy >> 8 === 0 && (entry.externalFileAttributes & 0x10) !== 0;
    if (type === S_IFLNK) throw new PackError('entry-symlink', `The pack entry ${q} is a symbolic link; a pack may hold only regular files.`);
    if (name.endsWith('/') || dosDir || (type !== 0 && type !== S_IFREG)) {
      const what = name.endsWith('/') || dosDir ? 'a folder' : (TYPE_NAMES[type] ?? 'not a regular file');
      throw new PackError('entry-not-regular', `The pack entry ${q} is ${what}; a pack may hold only regular files.`);
    }
    checkPath(name);
    if ((entry.generalPurposeBitFlag & 0x1) !== 0) throw new PackError('zip-malformed', `The pack entry ${q} is encrypted; packs are never encrypted.`);
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
      throw new PackError(
        'zip-malformed',
        `The pack entry ${q} uses compression method ${entry.compressionMethod}; only stored and deflated entries are read.`,
      );
    }
    if (this.entries.has(name)) throw new PackError('file-duplicate', `The pack holds the entry ${q} twice.`);
    const f = foldPath(name);
    if (folded.has(f)) throw new PackError('file-duplicate', `The pack holds ${q} and another entry whose names differ only in letter case.`);
    folded.add(f);
    const size = entry.uncompressedSize;
    if (name === MANIFEST_NAME) {
      if (size > limits.maxManifestBytes)
        throw new PackError('manifest-too-large', `The pack's manifest is ${size} bytes, over the ${limits.maxManifestBytes}-byte cap.`);
    } else if (name === SIGNATURES_NAME) {
      if (size > limits.maxSignaturesBytes)
        throw new PackError('signature-malformed', `The pack's signatures file is ${size} bytes, over the ${limits.maxSignaturesBytes}-byte cap.`);
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
    this.entries.set(name, { name, uncompressedSize: size, compressedSize: entry.compressedSize, entry, dataStart: -1 });
  }

  /**
   * Each local header must name the same file as the directory, its data must lie inside the
   * file, and no two entries' data may overlap. Local headers are small and many, so they are
   * read with positional reads on the one descriptor rather than one asynchronous round trip each.
   */
  private async checkLocalHeaders(): Promise<void> {
    const ranges: Array<[number, number, string]> = [];
    const fixed = Buffer.alloc(LOCAL_HEADER_BYTES);
    for (const e of this.entries.values()) {
      const damaged = (why: string) => new PackError('zip-malformed', `The pack entry ${quote(e.name)} is damaged (${why}).`);
      const offset = e.entry.relativeOffsetOfLocalHeader;
      if (this.readAt(fixed, offset) !== LOCAL_HEADER_BYTES || fixed.readUInt32LE(0) !== LOCAL_HEADER_SIGNATURE)
        throw damaged('no local file header where the directory points');
      const nameLength = fixed.readUInt16LE(26);
      const extraLength = fixed.readUInt16LE(28);
      const name = Buffer.alloc(nameLength);
      if (this.readAt(name, offset + LOCAL_HEADER_BYTES) !== nameLength) throw damaged('its local header is cut off');
      if (!name.equals(e.entry.fileNameRaw)) {
        throw new PackError('zip-malformed', `The pack entry ${quote(e.name)} has a local header naming a different file; the archive was tampered with.`);
      }
      e.dataStart = offset + LOCAL_HEADER_BYTES + nameLength + extraLength;
      const end = e.dataStart + e.compressedSize;
      if (end > this.fileSize) throw damaged('its data runs past the end of the file');
      ranges.push([offset, end, e.name]);
      await this.turn();
    }
    ranges.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < ranges.length; i++) {
      if (ranges[i]![0] < ranges[i - 1]![1]) {
        throw new PackError(
          'zip-malformed',
          `The pack entries ${quote(ranges[i - 1]![2])} and ${quote(ranges[i]![2])} overlap; the archive was crafted to mislead.`,
        );
      }
    }
  }

  private readAt(buffer: Buffer, position: number): number {
    try {
      return this.reader.readAt(buffer, position);
    } catch (e) {
      throw unreadable('The pack file', e);
    }
  }

  /** Every few synchronous reads, let the event loop run (the kiosk host answers meanwhile). */
  private async turn(): Promise<void> {
    if (++this.readsSinceTurn < READS_PER_TURN) return;
    this.readsSinceTurn = 0;
    await yieldToEvents();
  }

  /** Counts inflated bytes against the whole pack's cap. */
  private addInflated(n: number): void {
    this.inflated += n;
    if (this.inflated > this.limits.maxTotalBytes) {
      throw new PackError('zip-total', `The pack inflates to more than ${this.limits.maxTotalBytes} bytes, over the cap for a whole pack.`);
    }
  }

  /**
   * A small entry whole: one positional read of its data and one bounded inflate, where a
   * stream would cost several asynchronous round trips. Inflating stops one byte past the
   * declared size, so a lying header is caught without inflating a bomb.
   */
  private readSmall(e: ArchiveEntry, transient: boolean): Buffer {
    const q = quote(e.name);
    if (this.scratch.length < e.compressedSize) this.scratch = Buffer.allocUnsafe(Math.max(e.compressedSize, 2 * this.scratch.length));
    const raw = this.scratch.subarray(0, e.compressedSize);
    if (this.readAt(raw, e.dataStart) !== e.compressedSize) throw new PackError('file-truncated', `The pack entry ${q} is truncated: its data is cut off.`);
    let data: Buffer;
    if (e.entry.compressionMethod === 0) data = transient ? raw : Buffer.from(raw);
    else {
      try {
        // An output chunk the entry's size (up to 1 MiB, whatever a header claims): zlib's default
        // 16 KiB chunk would stay behind every small document as its backing store.
        const chunkSize = Math.max(64, Math.min(e.uncompressedSize + 1, SMALL_ENTRY_BYTES));
        data = inflateRawSync(raw, { maxOutputLength: e.uncompressedSize + 1, chunkSize });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
          throw inflatesPastHeader(q, e.uncompressedSize);
        }
        throw cannotInflate(q, err);
      }
    }
    if (data.length > e.uncompressedSize) {
      throw inflatesPastHeader(q, e.uncompressedSize);
    }
    this.addInflated(data.length);
    if (data.length < e.uncompressedSize) {
      throw new PackError('file-truncated', `The pack entry ${q} is truncated: it holds ${data.length} bytes where its header declares ${e.uncompressedSize}.`);
    }
    return data;
  }

  /**
   * Stream one entry to `sink`, enforcing its declared size while inflating. Returns the byte
   * count, which equals the declared size. `transient`: the sink does not keep the chunks it is
   * given, so they may be views of a buffer that is reused after the sink returns.
   */
  async read(name: string, sink: (chunk: Buffer) => void, transient = false): Promise<number> {
    const e = this.entries.get(name);
    if (!e) throw new PackError('file-missing', `The pack has no entry ${quote(name)}.`);
    if (e.dataStart >= 0 && e.compressedSize <= SMALL_ENTRY_BYTES) {
      const data = this.readSmall(e, transient);
      sink(data);
      await this.turn();
      return data.length;
    }
    const q = quote(name);
    let stream: NodeJS.ReadableStream & { destroy(): void };
    try {
      stream = (await this.zip.openReadStreamPromise(e.entry)) as typeof stream;
    } catch (err) {
      if (isSystemError(err)) throw unreadable(`The pack entry ${q}`, err);
      throw new PackError('zip-malformed', `The pack entry ${q} cannot be read (${(err as Error).message}).`);
    }
    let count = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        count += chunk.length;
        if (count > e.uncompressedSize) {
          throw inflatesPastHeader(q, e.uncompressedSize);
        }
        this.addInflated(chunk.length);
        sink(chunk);
      }
    } catch (err) {
      stream.destroy();
      if (err instanceof PackError) throw err;
      if (isSystemError(err)) throw unreadable(`The pack entry ${q}`, err);
      throw cannotInflate(q, err);
    }
    if (count < e.uncompressedSize) {
      throw new PackError('file-truncated', `The pack entry ${q} is truncated: it holds ${count} bytes where its header declares ${e.uncompressedSize}.`);
    }
    return count;
  }

  /**
   * An entry's whole bytes, lent to `use`, bounded by its declared size. `transient`: they may be
   * a view of a buffer that is reused once `use` returns, so `use` must not keep them.
   */
  async readWhole<T>(name: string, use: (data: Buffer) => T, transient = false): Promise<T> {
    const e = this.entries.get(name);
    if (e && e.dataStart >= 0 && e.compressedSize <= SMALL_ENTRY_BYTES) {
      const result = use(this.readSmall(e, transient));
      await this.turn();
      return result;
    }
    const chunks: Buffer[] = [];
    await this.read(name, (c) => chunks.push(c));
    return use(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
  }

  /** Read a small entry whole (the manifest, the signatures), bounded by its declared size. */
  readAll(name: string): Promise<Buffer> {
    return this.readWhole(name, (data) => data);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.zip.close();
  }
}
