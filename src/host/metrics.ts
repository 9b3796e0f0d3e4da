/**
 * /metrics for the hospital's Prometheus: on the kiosk host it answers loopback callers (a
 * Prometheus agent or node exporter's textfile job on the kiosk itself); with the `metricsPort`
 * setting a second listener serves /metrics, and nothing else, to the network, where every
 * request must carry `Authorization: Bearer <the token in the data folder's metrics-token>`.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MetricsSource {
  /** Prometheus text exposition. */
  render(): Promise<string>;
  contentType: string;
  /** The bearer token that network callers must send; undefined: the network is refused. */
  token?: string;
}

function plain(res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...extra,
  });
  res.end(body);
}

export function bearerMatches(header: string | undefined, token: string | undefined): boolean {
  if (!token || !header) return false;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) return false;
  const a = Buffer.from(m[1]!);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function serveMetrics(source: MetricsSource | undefined, req: IncomingMessage, res: ServerResponse, remote: boolean): Promise<void> {
  if (!source) return plain(res, 404, 'Not found');
  if (remote) {
    if (!source.token) return plain(res, 403, 'Metrics are served to the network only with the metricsPort setting.\n');
    if (!bearerMatches(req.headers.authorization, source.token)) {
      return plain(res, 401, 'Send the bearer token from the kiosk data folder (metrics-token).\n', { 'WWW-Authenticate': 'Bearer realm="kiosk metrics"' });
    }
  }
  let body: string;
  try {
    body = await source.render();
  } catch (e) {
    return plain(res, 500, `The kiosk could not collect its metrics: ${(e as Error).message}\n`);
  }
  res.writeHead(200, {
    'Content-Type': source.contentType,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

export interface RunningMetricsHost {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** The network listener: /metrics behind the bearer token, every other path 404. */
export function startMetricsHost(source: MetricsSource & { token: string }, port: number, host = '0.0.0.0'): Promise<RunningMetricsHost> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://kiosk.invalid').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method not allowed');
    if (path !== '/metrics') return plain(res, 404, 'Not found');
    void serveMetrics(source, req, res, true);
  });
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new Error(
          e.code === 'EADDRINUSE'
            ? `The metricsPort ${port} is already in use; choose another in kiosk.json.`
            : `The metrics listener cannot start: ${e.message}`,
        ),
      ),
    );
    server.listen(port, host, () => {
      const a = server.address() as AddressInfo;
      resolve({
        server,
        url: `http://${a.address.includes(':') ? `[${a.address}]` : a.address}:${a.port}/metrics`,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}
