/**
 * The local HTTP host: serves the built UI and the KioskApi as JSON over HTTP on loopback. Used
 * for browser-kiosk mode, development and the end-to-end tests; it calls the same handler table
 * as Electron's IPC. It answers only requests addressed to itself, by the address they came in on
 * or a loopback name (a guard against DNS rebinding), and refuses bodies over a small limit. API calls must be JSON from the
 * kiosk's own pages: a call sent by a page of another origin (a form, a no-cors fetch) is refused
 * before it reaches the handler table, so no web page can press the kiosk's buttons or PIN pads.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { normalize } from 'node:path';
import { API_PATH_PREFIX, CONTENT_PREFIX, FIRST_PICTURE_ID, HTTP_STATUS_BY_CODE, SESSION_HEADER, type ApiErrorCode, type ApiResponse } from '../shared/api.js';
import type { KioskInfo } from '../shared/results.js';
import type { ApiContext, Caller } from '../core/api/handlers.js';
import {
  cacheControl,
  contentAssetHeaders,
  contentAssetPath,
  contentType,
  isUiEntry,
  resolveUiPath,
  securityHeaders,
  type Framing,
} from '../core/security/static-files.js';
import { fallbackPageHtml } from '../core/recovery.js';
import { pictureElement, splitPage, type FirstPictureRenderer } from './first-picture.js';
import { serveMetrics, type MetricsSource } from './metrics.js';

/**
 * The handler table (and with it the API's schemas and every handler's modules) loads on the first
 * call, or when `kiosk serve` asks for it once it listens, so the host answers its first request
 * (the UI's page) without waiting for it.
 */
let handlers: Promise<typeof import('../core/api/handlers.js')> | undefined;
export const loadHandlers = (): Promise<typeof import('../core/api/handlers.js')> => (handlers ??= import('../core/api/handlers.js'));

/** The API's answer while the kiosk could not be opened (the process is about to stop, saying why). */
function notOpened(e: unknown): { ok: false; error: { code: ApiErrorCode; message: string } } {
  return { ok: false, error: { code: 'unavailable', message: `The kiosk could not open its content: ${(e as Error).message}` } };
}

const MAX_BODY = 64 * 1024;
const MAX_DRAIN = 1024 * 1024;

export interface HostOptions {
  /**
   * What answers the API. `kiosk serve` listens before the kiosk has opened and checked its
   * content (the UI's files load meanwhile) and hands a promise of it: API calls and content
   * files wait for it, and are refused in one sentence if it cannot open.
   */
  api: ApiContext | Promise<ApiContext>;
  uiDir: string;
  port?: number;
  host?: string;
  /**
   * LAN mode: listen on every interface so volunteers' tablets can use the directory. Requests
   * from other machines must carry a volunteer session and never reach the IT functions.
   */
  lan?: boolean;
  /**
   * LAN mode: names (DNS names of the kiosk on the hospital network) that requests from other
   * devices may be addressed to, besides the kiosk's IP addresses.
   */
  lanNames?: string[];
  /** How a request's origin is judged; tests replace it to stand in for another machine. */
  isRemote?: (req: IncomingMessage) => boolean;
  /** Prometheus text at /metrics (./metrics.ts): loopback callers only, or a bearer token. */
  metrics?: MetricsSource;
  /** Told of every API call and its answer (the health counts). */
  observe?: (method: string, args: unknown, out: ApiResponse) => void;
  /**
   * Who may frame the UI's pages: nobody (the default), or the kiosk's own origins, for the host
   * serving the IT screen's preview of a pack (src/core/security/csp.ts KIOSK_FRAME_ANCESTORS).
   */
  framing?: Framing;
  /**
   * The renderer of the kiosk's first picture (./first-picture.ts), put into the UI's page for
   * callers on this machine once the kiosk is open; without it, or if it cannot load, the page is
   * served as built.
   */
  firstPicture?: () => Promise<FirstPictureRenderer | undefined>;
}

/**
 * How long the UI's page waits for a kiosk still opening its content before its end is sent
 * without the first picture (the page's code then draws the welcome screen itself). The page's
 * start has gone out already, so the browser loads the stylesheet and the code meanwhile; and the
 * welcome screen cannot show before the kiosk is open either way, since the page's code asks the
 * kiosk for the hospital. Only a large database being checked takes longer, and its page is not
 * held up further (the page then shows that it is loading).
 */
const FIRST_PICTURE_WAIT_MS = 1000;

export { SESSION_HEADER };

/** The calm page browser-kiosk mode's watchdog shows during a crash loop (src/core/recovery.ts). */
export const FALLBACK_PATH = '/__kiosk/fallback';

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.replace(/^::ffff:/, '');
  return a === '::1' || /^127\./.test(a);
}

export interface RunningHost {
  server: Server;
  url: string;
  close(): Promise<void>;
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Is the request addressed to this host (a guard against DNS rebinding)? Its Host header must name
 * the port and the address the connection came in on (as a browser writes it when given that
 * address), a loopback name on a loopback connection, or, on the network, one of the extra names
 * the host was told it goes by. A page whose own name was rebound to the kiosk's address sends
 * that name, and is refused.
 */
function hostAllowed(req: IncomingMessage, port: number, names: ReadonlySet<string>): boolean {
  const h = req.headers.host;
  if (!h) return false;
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(h);
  if (!m || Number(m[2] ?? 80) !== port) return false;
  const name = m[1]!.toLowerCase();
  const local = (req.socket.localAddress ?? '').replace(/^::ffff:/, '');
  if (!local) return false;
  if (name === (local.includes(':') ? `[${local}]` : local)) return true;
  return isLoopback(local) ? LOOPBACK_NAMES.has(name) : names.has(name);
}

function send(res: ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(body);
}

const sendJson = (res: ServerResponse, status: number, value: unknown) => send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');

/** A body past MAX_BODY is drained (up to a hard limit) and refused, so the client still reads the refusal. */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
      else if (size > MAX_DRAIN) req.destroy();
    });
    req.on('end', () => (size > MAX_BODY ? reject(new Error('too large')) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

/** A JSON media type: application/json with any parameters (charset). */
function isJson(type: string | undefined): boolean {
  return !!type && /^application\/json\s*(;|$)/i.test(type.trim());
}

/** The origin a request was addressed to (from its Host header, already checked), as a browser writes it. */
function ownOrigin(req: IncomingMessage): string | undefined {
  try {
    return new URL(`http://${req.headers.host ?? ''}`).origin;
  } catch {
    return undefined;
  }
}

/**
 * Why an API call may not be answered, as an HTTP status and a sentence; undefined when it may.
 * A browser names the page that sent a request in Origin, and how it relates to this host in
 * Sec-Fetch-Site: either one naming another origin refuses the call (a program sending neither is
 * no web page's doing). A browser sends text/plain, form or multipart bodies to any site without
 * asking, but JSON only to its own origin or after a CORS preflight this host never grants.
 */
function apiRefusal(req: IncomingMessage): { status: number; body: { ok: false; error: { code: ApiErrorCode; message: string } } } | undefined {
  const origin = req.headers.origin;
  const site = req.headers['sec-fetch-site'];
  if ((origin !== undefined && origin !== ownOrigin(req)) || (site !== undefined && site !== 'same-origin')) {
    return {
      status: 403,
      body: { ok: false, error: { code: 'forbidden', message: 'The kiosk answers its API only to its own pages; this call came from another site.' } },
    };
  }
  if (!isJson(req.headers['content-type'])) {
    return { status: 415, body: { ok: false, error: { code: 'bad_args', message: 'Kiosk API calls must be sent as JSON (Content-Type: application/json).' } } };
  }
  return undefined;
}

async function handleApi(
  opened: ApiContext | Promise<ApiContext>,
  method: string,
  req: IncomingMessage,
  res: ServerResponse,
  caller: Caller,
  observe?: HostOptions['observe'],
): Promise<void> {
  if (req.method !== 'POST') {
    return sendJson(res, 405, { ok: false, error: { code: 'bad_args', message: 'Kiosk API calls use POST.' } });
  }
  const refused = apiRefusal(req);
  if (refused) {
    readBody(req).catch(() => {}); // drained (up to the hard limit), so the client reads the refusal
    return sendJson(res, refused.status, refused.body);
  }
  let raw: unknown = {};
  try {
    const text = await readBody(req);
    raw = text ? JSON.parse(text) : {};
  } catch (e) {
    const tooLarge = (e as Error).message === 'too large';
    return sendJson(res, tooLarge ? 413 : 400, {
      ok: false,
      error: { code: 'bad_args', message: tooLarge ? 'The request is too large.' : 'The request body is not valid JSON.' },
    });
  }
  let api: ApiContext;
  try {
    api = await opened;
  } catch (e) {
    return sendJson(res, 503, notOpened(e));
  }
  const { dispatch } = await loadHandlers();
  const out = await dispatch(api, method, raw, caller);
  observe?.(method, raw, out);
  sendJson(res, out.ok ? 200 : HTTP_STATUS_BY_CODE[out.error.code], out);
}

/** A UI file; `file` is what resolveUiPath made of `urlPath` (undefined: outside the UI's folder). */
function serveStatic(uiDir: string, urlPath: string, file: string | undefined, res: ServerResponse, framing: Framing): void {
  if (!file) return send(res, 404, 'Not found', 'text/plain; charset=utf-8');
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    if (isUiEntry(uiDir, file)) {
      return send(res, 503, 'The kiosk UI has not been built yet: run "npm run build".', 'text/plain; charset=utf-8');
    }
    return send(res, 404, 'Not found', 'text/plain; charset=utf-8');
  }
  res.writeHead(200, {
    ...securityHeaders(file, framing),
    'Content-Type': contentType(file),
    'Content-Length': size,
    'Cache-Control': cacheControl(urlPath),
  });
  createReadStream(file).pipe(res);
}

/**
 * The kiosk's first picture's element (./first-picture.ts), or '' when it cannot have one now: no
 * renderer, a kiosk not yet open within FIRST_PICTURE_WAIT_MS (or not opening), or a getInfo that
 * does not answer.
 */
async function firstPictureFor(opts: HostOptions, caller: Caller): Promise<string> {
  if (!opts.firstPicture) return '';
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), FIRST_PICTURE_WAIT_MS)));
  try {
    const api = await Promise.race([Promise.resolve(opts.api), late]);
    if (!api) return '';
    const [renderer, { dispatch }] = await Promise.all([opts.firstPicture(), loadHandlers()]);
    if (!renderer) return '';
    const info = await dispatch(api, 'getInfo', {}, caller);
    if (!info.ok) return '';
    return pictureElement(renderer.renderFirstPicture(info.value as KioskInfo)) ?? '';
  } catch (e) {
    // The page as built still works: its code draws the welcome screen itself.
    console.error(`kiosk: the first picture (#${FIRST_PICTURE_ID}) could not be drawn: ${(e as Error).message}`);
    return '';
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The UI's page. For the kiosk's own screen, its start goes out at once and the first picture
 * follows it (the browser fetches the stylesheet and the code meanwhile); devices on the network
 * get it as built.
 */
async function serveEntry(
  opts: HostOptions,
  uiDir: string,
  urlPath: string,
  file: string,
  req: IncomingMessage,
  res: ServerResponse,
  caller: Caller,
): Promise<void> {
  const framing = opts.framing ?? 'none';
  const parts = caller.remote ? undefined : splitPage(readFileSync(file, 'utf8'));
  if (!parts) return serveStatic(uiDir, urlPath, file, res, framing);
  res.writeHead(200, { ...securityHeaders(file, framing), 'Content-Type': contentType(file), 'Cache-Control': 'no-store' });
  if (req.method === 'HEAD') return void res.end();
  res.write(parts.head);
  const picture = await firstPictureFor(opts, caller);
  res.end(picture + parts.tail);
}

/** A content file or the fallback page that could not be answered: said on the console, one sentence to the browser. */
function failed(res: ServerResponse, e: unknown): void {
  console.error('kiosk: request failed:', e);
  if (!res.headersSent) send(res, 500, 'The kiosk could not answer.', 'text/plain; charset=utf-8');
}

/** Photos shipped with the content, straight from the live content database. */
async function serveAsset(opened: ApiContext | Promise<ApiContext>, urlPath: string, res: ServerResponse): Promise<void> {
  const rel = contentAssetPath(urlPath, CONTENT_PREFIX);
  let api: ApiContext;
  try {
    api = await opened;
  } catch (e) {
    return send(res, 503, notOpened(e).error.message, 'text/plain; charset=utf-8');
  }
  const asset = rel === undefined ? undefined : api.content().asset(rel);
  if (!asset) return send(res, 404, 'Not found', 'text/plain; charset=utf-8');
  const { 'Content-Type': type, ...headers } = contentAssetHeaders(asset.mime);
  send(res, 200, asset.data, type!, headers);
}

/** The fallback page, with the live content's emergency sentence (none if the content cannot be read). */
async function serveFallback(opened: ApiContext | Promise<ApiContext>, res: ServerResponse, framing: Framing): Promise<void> {
  let emergency: { zh: string; en: string } | undefined;
  try {
    emergency = (await opened).content().hospital().emergency;
  } catch {
    emergency = undefined;
  }
  send(res, 200, fallbackPageHtml(emergency), 'text/html; charset=utf-8', { ...securityHeaders(undefined, framing), 'Cache-Control': 'no-store' });
}

export function startHost(opts: HostOptions): Promise<RunningHost> {
  const bind = opts.lan ? '0.0.0.0' : (opts.host ?? '127.0.0.1');
  const uiDir = normalize(opts.uiDir);
  const names = new Set((opts.lanNames ?? []).map((n) => n.toLowerCase()));
  let port = 0;
  const server = createServer((req, res) => {
    const remote = opts.isRemote ? opts.isRemote(req) : !isLoopback(req.socket.remoteAddress);
    // Other machines only in LAN mode, and every request only when addressed to this host by the
    // address it came in on (or a name it goes by): a guard against DNS rebinding.
    if ((remote && !opts.lan) || !hostAllowed(req, port, names)) {
      return send(res, 421, 'This request was addressed to another host name, so the kiosk does not answer it.', 'text/plain; charset=utf-8');
    }
    const session = req.headers[SESSION_HEADER];
    const caller: Caller = {
      remote,
      ...(typeof session === 'string' ? { session } : {}),
      ...(remote && req.socket.remoteAddress ? { address: req.socket.remoteAddress } : {}),
    };
    const url = new URL(req.url ?? '/', 'http://kiosk.invalid');
    const api = url.pathname.startsWith(API_PATH_PREFIX) ? /^([A-Za-z]+)$/.exec(url.pathname.slice(API_PATH_PREFIX.length)) : null;
    if (api) {
      handleApi(opts.api, api[1]!, req, res, caller, opts.observe).catch((e: unknown) => {
        console.error('kiosk: API request failed:', e);
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'The kiosk could not answer.' } });
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed', 'text/plain; charset=utf-8');
    if (url.pathname === '/metrics') return void serveMetrics(opts.metrics, req, res, remote);
    if (url.pathname.startsWith(CONTENT_PREFIX)) return void serveAsset(opts.api, url.pathname, res).catch((e: unknown) => failed(res, e));
    if (url.pathname === FALLBACK_PATH) return void serveFallback(opts.api, res, opts.framing ?? 'none').catch((e: unknown) => failed(res, e));
    const file = resolveUiPath(uiDir, url.pathname);
    if (opts.firstPicture && file && isUiEntry(uiDir, file))
      return void serveEntry(opts, uiDir, url.pathname, file, req, res, caller).catch((e: unknown) => failed(res, e));
    serveStatic(uiDir, url.pathname, file, res, opts.framing ?? 'none');
  });
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new Error(e.code === 'EADDRINUSE' ? `Port ${opts.port} is already in use; choose another with --port.` : `The kiosk host cannot start: ${e.message}`),
      ),
    );
    server.listen(opts.port ?? 0, bind, () => {
      port = (server.address() as AddressInfo).port;
      const shown = bind.includes(':') ? `[${bind}]` : bind;
      resolve({
        server,
        url: `http://${shown}:${port}/`,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}
