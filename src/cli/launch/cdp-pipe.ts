/**
 * A small Chrome DevTools Protocol client over the pipe Chromium opens with
 * --remote-debugging-pipe: it reads commands from its fd 3 and writes replies and events to its
 * fd 4, each message one JSON text ended by a NUL byte. No port is opened, so nothing else on the
 * machine can drive the kiosk's browser. Every command has a time limit; a closed pipe fails every
 * command waiting on it.
 */
import type { Readable, Writable } from 'node:stream';

export interface CdpMessage {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
  sessionId?: string;
}

export class CdpTimeout extends Error {}

/** A message longer than this is dropped with the rest of its buffer: nothing the kiosk asks for is near it. */
const MAX_MESSAGE = 64 * 1024 * 1024;

export class CdpPipe {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  private readonly listeners = new Set<(m: CdpMessage) => void>();
  private chunks: Buffer[] = [];
  private buffered = 0;
  private closed = false;

  constructor(
    private readonly toBrowser: Writable,
    fromBrowser: Readable,
  ) {
    fromBrowser.on('data', (chunk: Buffer) => this.read(chunk));
    const end = () => this.close('the browser closed its DevTools pipe');
    fromBrowser.on('end', end);
    fromBrowser.on('close', end);
    fromBrowser.on('error', end);
    toBrowser.on('error', end);
  }

  private read(chunk: Buffer): void {
    let start = 0;
    for (let i = chunk.indexOf(0); i !== -1; i = chunk.indexOf(0, start)) {
      this.chunks.push(chunk.subarray(start, i));
      const text = Buffer.concat(this.chunks).toString('utf8');
      this.chunks = [];
      this.buffered = 0;
      start = i + 1;
      let m: CdpMessage;
      try {
        m = JSON.parse(text) as CdpMessage;
      } catch {
        continue;
      }
      this.dispatch(m);
    }
    if (start < chunk.length) {
      this.buffered += chunk.length - start;
      if (this.buffered > MAX_MESSAGE) {
        this.chunks = [];
        this.buffered = 0;
      } else this.chunks.push(chunk.subarray(start));
    }
  }

  private dispatch(m: CdpMessage): void {
    if (typeof m.id === 'number') {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      clearTimeout(w.timer);
      if (m.error) w.reject(new Error(m.error.message));
      else w.resolve(m.result ?? {});
      return;
    }
    for (const l of this.listeners) l(m);
  }

  /** Events (messages without an id). */
  onEvent(fn: (m: CdpMessage) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  send(method: string, params: Record<string, unknown> = {}, opts: { sessionId?: string; timeoutMs?: number } = {}): Promise<Record<string, unknown>> {
    if (this.closed) return Promise.reject(new Error('The DevTools pipe is closed.'));
    const id = this.nextId++;
    const message: CdpMessage = { id, method, params, ...(opts.sessionId ? { sessionId: opts.sessionId } : {}) };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new CdpTimeout(`${method} got no answer within ${opts.timeoutMs ?? 10_000} ms.`));
      }, opts.timeoutMs ?? 10_000);
      timer.unref();
      this.waiting.set(id, { resolve, reject, timer });
      this.toBrowser.write(`${JSON.stringify(message)}\0`);
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(why = 'closed'): void {
    if (this.closed) return;
    this.closed = true;
    for (const [, w] of this.waiting) {
      clearTimeout(w.timer);
      w.reject(new Error(`The DevTools pipe is closed: ${why}.`));
    }
    this.waiting.clear();
    this.listeners.clear();
  }
}
