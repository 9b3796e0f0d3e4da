/**
 * A malicious (or broken) mirror for the attack tests: a small HTTP server on loopback that
 * serves a repository folder as a web server would, except where a test tells it to lie:
 * other bytes for a path, an endless or dribbling body, a stuck response, a web page, a Date
 * header days off. Only the attack tests use it; the real serving is nginx's.
 */
import { readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, sep } from 'node:path';

export type Trick =
  | { kind: 'bytes'; data: Buffer }
  | { kind: 'endless' }
  | { kind: 'dribble'; everyMs: number }
  | { kind: 'stuck' }
  | { kind: 'html' }
  | { kind: 'status'; status: number };

export interface Mirror {
  url: string;
  /** Serve this folder (a copy of the repository, or an attacker's). */
  root: string;
  /** Tricks by path below the root ("metadata/timestamp.json"); "*" for every path. */
  tricks: Map<string, Trick>;
  /** Added to the Date header the mirror sends (a clock off by days). */
  dateOffsetMs: number;
  requests: string[];
  close(): Promise<void>;
}

const PORTAL = Buffer.from('<!DOCTYPE html><html><head><title>Hospital Wi-Fi</title></head><body><form>Sign in to continue</form></body></html>');

export function startMirror(root: string): Promise<Mirror> {
  const timers = new Set<NodeJS.Timeout>();
  const mirror: Omit<Mirror, 'url' | 'close'> = { root, tricks: new Map(), dateOffsetMs: 0, requests: [] };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://mirror.invalid').pathname).replace(/^\/+/, '');
    mirror.requests.push(path);
    res.sendDate = false;
    const date = new Date(Date.now() + mirror.dateOffsetMs).toUTCString();
    const trick = mirror.tricks.get(path) ?? mirror.tricks.get('*');
    if (trick?.kind === 'html') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', Date: date, 'Content-Length': PORTAL.length });
      return res.end(PORTAL);
    }
    if (trick?.kind === 'status') {
      res.writeHead(trick.status, { Date: date, 'Content-Length': 0 });
      return res.end();
    }
    if (trick?.kind === 'stuck') {
      res.writeHead(200, { 'Content-Type': 'application/json', Date: date });
      res.write('{');
      return; // never another byte
    }
    if (trick?.kind === 'endless') {
      res.writeHead(200, { 'Content-Type': 'application/json', Date: date });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        if (res.destroyed) return;
        while (res.write(chunk)) if (res.destroyed) return;
        res.once('drain', pump);
      };
      pump();
      return;
    }
    let data: Buffer;
    if (trick?.kind === 'bytes') data = trick.data;
    else {
      const file = normalize(join(mirror.root, path));
      try {
        if (!file.startsWith(normalize(mirror.root) + sep) || !statSync(file).isFile()) throw new Error('no');
        data = readFileSync(file);
      } catch {
        res.writeHead(404, { Date: date, 'Content-Length': 0 });
        return res.end();
      }
    }
    const type = path.endsWith('.json') ? 'application/json' : 'application/octet-stream';
    if (trick?.kind === 'dribble') {
      res.writeHead(200, { 'Content-Type': type, Date: date, 'Content-Length': data.length });
      let i = 0;
      const t = setInterval(() => {
        if (res.destroyed || i >= data.length) {
          clearInterval(t);
          timers.delete(t);
          if (!res.destroyed) res.end();
          return;
        }
        res.write(data.subarray(i, i + 1));
        i++;
      }, trick.everyMs);
      timers.add(t);
      return;
    }
    res.writeHead(200, { 'Content-Type': type, Date: date, 'Content-Length': data.length });
    res.end(data);
  };
  const server: Server = createServer(handle);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolve(
        Object.assign(mirror, {
          url: `http://127.0.0.1:${port}/`,
          close: () =>
            new Promise<void>((r) => {
              for (const t of timers) clearInterval(t);
              server.closeAllConnections();
              server.close(() => r());
            }),
        }),
      );
    });
  });
}
