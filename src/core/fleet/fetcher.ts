/**
 * How a kiosk fetches a fleet repository's files for tuf-js: over http(s), or from a folder (a
 * USB stick holding a copy of the repository), with every limit a hostile or broken network
 * calls for.
 *
 * - A byte cap per file (tuf-js gives it: the length the signed metadata names, or a small cap
 *   for timestamp.json): an endless response is cut off at the cap.
 * - A deadline per file (a base plus the time its length takes at a minimum rate) and a stall
 *   limit between chunks: a slow or stuck response is cut off.
 * - Metadata must be JSON: a captive portal answering a web page is named as such.
 * - timestamp.json is fetched with a conditional request (If-None-Match / If-Modified-Since);
 *   a 304 answer gives back the copy kept from last time, so an idle fleet costs one tiny
 *   request per check.
 * - The server's Date header is kept, so that an expiry caused by this kiosk's clock being off
 *   can be told apart from stale metadata.
 *
 * Every failure is a FetchFailure with a reason (offline, http, timeout, too-large, not-tuf) and
 * one sentence, and the last one is kept, since tuf-js wraps some errors in its own.
 */
import { closeSync, openSync, readFileSync, readSync, fstatSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Fetcher } from 'tuf-js';
import { DownloadHTTPError } from 'tuf-js/dist/error.js';
import { writeFileAtomic } from '../datafolder.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';

export type FetchReason = 'offline' | 'http' | 'timeout' | 'too-large' | 'not-tuf';

export class FetchFailure extends Error {
  override name = 'FetchFailure';
  constructor(
    readonly reason: FetchReason,
    message: string,
  ) {
    super(message);
  }
}

export interface FetchLimits {
  /** Connecting and receiving the headers. */
  connectMs: number;
  /** The longest wait for the next chunk of a body. */
  stallMs: number;
  /** Every file gets this long, plus its length at minBytesPerSecond. */
  baseMs: number;
  minBytesPerSecond: number;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = { connectMs: 15_000, stallMs: 15_000, baseMs: 20_000, minBytesPerSecond: 32 * 1024 };

export interface FetcherOptions {
  /** Where the conditional-request copy of timestamp.json is kept. */
  cacheDir: string;
  limits?: Partial<FetchLimits>;
  userAgent?: string;
}

interface Cached {
  etag?: string;
  lastModified?: string;
}

function isMetadata(url: string): boolean {
  return /\.json$/i.test(new URL(url).pathname);
}

function describeUrl(url: string): string {
  const u = new URL(url);
  return u.protocol === 'file:' ? fileURLToPath(u) : `${u.origin}${u.pathname}`;
}

function looksLikeHtml(head: Buffer): boolean {
  const s = head.subarray(0, 512).toString('utf8').trimStart().toLowerCase();
  return s.startsWith('<!doctype') || s.startsWith('<html') || s.startsWith('<?xml') || s.startsWith('<');
}

function notTuf(url: string, what: string): FetchFailure {
  return new FetchFailure(
    'not-tuf',
    `${describeUrl(url)} answered ${what} instead of update metadata; the network may need a sign-in page (a captive portal), or updateUrl does not point at a fleet repository.`,
  );
}

function offline(url: string, e: unknown): FetchFailure {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (e as NodeJS.ErrnoException).code ?? '';
  const why =
    code === 'ECONNREFUSED'
      ? 'the connection was refused'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'the server name cannot be found'
        : code === 'UND_ERR_SOCKET' || code === 'ECONNRESET'
          ? 'the server closed the connection'
          : code === 'ENETUNREACH' || code === 'EHOSTUNREACH'
            ? 'the network cannot be reached'
            : code
              ? `the connection failed (${code})`
              : `the connection failed (${cause?.message ?? (e as Error).message})`;
  return new FetchFailure('offline', `The update server cannot be reached at ${describeUrl(url)}: ${why}.`);
}

export class KioskFetcher implements Fetcher {
  readonly limits: FetchLimits;
  /** The last failure, kept because tuf-js wraps some in errors of its own. */
  lastFailure: FetchFailure | undefined;
  /** The server's clock minus this kiosk's, in ms, from the last Date header seen. */
  clockSkewMs: number | undefined;
  /** Requests made and answered "not modified", for the log and tests. */
  readonly counts = { requests: 0, notModified: 0, bytes: 0 };

  constructor(private readonly opts: FetcherOptions) {
    this.limits = { ...DEFAULT_FETCH_LIMITS, ...opts.limits };
  }

  async downloadBytes(url: string, maxLength: number): Promise<Buffer> {
    try {
      return await this.get(url, maxLength);
    } catch (e) {
      if (e instanceof FetchFailure) this.lastFailure = e;
      throw e;
    }
  }

  async downloadFile<T>(url: string, maxLength: number, handler: (file: string) => Promise<T>): Promise<T> {
    const bytes = await this.downloadBytes(url, maxLength);
    const dir = await mkdtemp(join(tmpdir(), 'kiosk-fetch-'));
    try {
      const file = join(dir, 'download');
      await writeFile(file, bytes);
      return await handler(file);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private deadlineFor(maxLength: number): number {
    return this.limits.baseMs + (maxLength / this.limits.minBytesPerSecond) * 1000;
  }

  private async get(url: string, maxLength: number): Promise<Buffer> {
    const u = new URL(url);
    if (u.protocol === 'file:') return this.readFolderFile(url, maxLength);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new FetchFailure('not-tuf', `${url} is not an http, https or folder address.`);
    const conditional = u.pathname.endsWith('/timestamp.json');
    const cached = conditional ? this.readCache() : undefined;
    const headers: Record<string, string> = { 'User-Agent': this.opts.userAgent ?? 'lobby-kiosk', Accept: 'application/json, application/octet-stream;q=0.9' };
    if (cached?.meta.etag) headers['If-None-Match'] = cached.meta.etag;
    if (cached?.meta.lastModified) headers['If-Modified-Since'] = cached.meta.lastModified;

    const ctrl = new AbortController();
    const started = Date.now();
    let timedOut: 'connect' | 'stall' | 'deadline' | undefined;
    const fire = (why: typeof timedOut) => {
      timedOut = why;
      ctrl.abort();
    };
    const deadline = setTimeout(() => fire('deadline'), this.deadlineFor(maxLength));
    let stall = setTimeout(() => fire('connect'), this.limits.connectMs);
    const timeoutFailure = () =>
      new FetchFailure(
        'timeout',
        timedOut === 'connect'
          ? `${describeUrl(url)} did not answer within ${Math.round(this.limits.connectMs / 1000)} s.`
          : timedOut === 'stall'
            ? `${describeUrl(url)} stopped sending for ${Math.round(this.limits.stallMs / 1000)} s in the middle of a file.`
            : `${describeUrl(url)} was too slow: the file did not arrive within ${Math.round((Date.now() - started) / 1000)} s.`,
      );
    this.counts.requests++;
    try {
      let res: Response;
      try {
        res = await fetch(url, { headers, signal: ctrl.signal, redirect: 'follow' });
      } catch (e) {
        if (timedOut) throw timeoutFailure();
        throw offline(url, e);
      }
      const date = res.headers.get('date');
      if (date && Number.isFinite(Date.parse(date))) this.clockSkewMs = Date.parse(date) - Date.now();
      if (res.status === 304 && cached) {
        this.counts.notModified++;
        await res.body?.cancel().catch(() => {});
        return cached.body;
      }
      if (!res.ok) {
        await res.body?.cancel().catch(() => {});
        // tuf-js reads a 403 or 404 for the next root version as "no newer root".
        throw new DownloadHTTPError(`${describeUrl(url)} answered HTTP ${res.status}.`, res.status);
      }
      const type = res.headers.get('content-type') ?? '';
      if (isMetadata(url) && /text\/html|application\/xhtml/i.test(type)) {
        await res.body?.cancel().catch(() => {});
        throw notTuf(url, 'a web page');
      }
      const declared = Number(res.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > maxLength) {
        await res.body?.cancel().catch(() => {});
        throw new FetchFailure(
          'too-large',
          `${describeUrl(url)} is ${declared} bytes, more than the ${maxLength} bytes its signed metadata allow; it was not downloaded.`,
        );
      }
      const chunks: Buffer[] = [];
      let size = 0;
      clearTimeout(stall);
      stall = setTimeout(() => fire('stall'), this.limits.stallMs);
      try {
        if (res.body) {
          for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
            clearTimeout(stall);
            stall = setTimeout(() => fire('stall'), this.limits.stallMs);
            size += chunk.length;
            if (size > maxLength) {
              ctrl.abort();
              throw new FetchFailure(
                'too-large',
                `${describeUrl(url)} sent more than the ${maxLength} bytes its signed metadata allow; the download was cut off.`,
              );
            }
            chunks.push(Buffer.from(chunk));
          }
        }
      } catch (e) {
        if (e instanceof FetchFailure) throw e;
        if (timedOut) throw timeoutFailure();
        throw offline(url, e);
      }
      const body = Buffer.concat(chunks, size);
      this.counts.bytes += size;
      if (isMetadata(url) && looksLikeHtml(body)) throw notTuf(url, 'a web page');
      if (conditional)
        this.writeCache(body, {
          ...(res.headers.get('etag') ? { etag: res.headers.get('etag')! } : {}),
          ...(res.headers.get('last-modified') ? { lastModified: res.headers.get('last-modified')! } : {}),
        });
      return body;
    } finally {
      clearTimeout(deadline);
      clearTimeout(stall);
    }
  }

  /** A repository copied to a folder (a USB stick): the same caps, no network. */
  private readFolderFile(url: string, maxLength: number): Buffer {
    const path = fileURLToPath(url);
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new DownloadHTTPError(`${path} is not in the repository folder.`, 404);
      throw new FetchFailure('offline', `${path} cannot be read (${code ?? 'error'}); is the USB stick still plugged in?`);
    }
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) throw new DownloadHTTPError(`${path} is not a file.`, 404);
      if (st.size > maxLength) throw new FetchFailure('too-large', `${path} is ${st.size} bytes, more than the ${maxLength} bytes its signed metadata allow.`);
      const buf = Buffer.alloc(st.size);
      let off = 0;
      while (off < buf.length) {
        const n = readSync(fd, buf, off, buf.length - off, off);
        if (n === 0) break;
        off += n;
      }
      this.counts.requests++;
      const body = buf.subarray(0, off);
      if (isMetadata(url) && looksLikeHtml(body)) throw notTuf(url, 'a web page');
      return body;
    } finally {
      closeSync(fd);
    }
  }

  private readCache(): { body: Buffer; meta: Cached } | undefined {
    try {
      const meta = JSON.parse(readFileSync(join(this.opts.cacheDir, 'timestamp.http.json'), 'utf8')) as Cached;
      const body = readFileSync(join(this.opts.cacheDir, 'timestamp.http.body'));
      return {
        body,
        meta: {
          ...(typeof meta.etag === 'string' ? { etag: meta.etag } : {}),
          ...(typeof meta.lastModified === 'string' ? { lastModified: meta.lastModified } : {}),
        },
      };
    } catch {
      return undefined;
    }
  }

  private writeCache(body: Buffer, meta: Cached): void {
    try {
      mkdirSync(this.opts.cacheDir, { recursive: true });
      writeFileAtomic(join(this.opts.cacheDir, 'timestamp.http.body'), body);
      writeFileAtomic(join(this.opts.cacheDir, 'timestamp.http.json'), JSON.stringify(meta));
    } catch {
      /* without the copy, the next check simply asks for the whole file */
    }
  }

  /** Forget the conditional-request copy (after the trusted root changes). */
  forgetCache(): void {
    for (const f of ['timestamp.http.body', 'timestamp.http.json']) {
      try {
        writeFileAtomic(join(this.opts.cacheDir, f), '');
      } catch {
        /* absent */
      }
    }
  }
}
