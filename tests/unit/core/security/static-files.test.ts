/**
 * The static-file and header policy both transports share (src/core/security/static-files.ts):
 * the hostile paths are refused by the policy itself and by the local HTTP host serving a real
 * UI folder over a socket, and the host and Electron's app:// protocol answer the same file with
 * the same type and security headers.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentType, cspHeaders, resolveAppFile } from '../../../../electron/policy.js';
import type { ApiContext } from '../../../../src/core/api/handlers.js';
import { resolveUiPath, securityHeaders } from '../../../../src/core/security/static-files.js';
import { startHost, type RunningHost } from '../../../../src/host/server.js';

/** Request paths that must never name a file (as they arrive, before any decoding). */
const HOSTILE_PATHS = [
  '/..%2f..%2fetc%2fpasswd',
  '/assets/..%2F..%2F..%2Fetc%2Fpasswd',
  '/%2e%2e%2f%2e%2e%2fetc/passwd.txt',
  '/assets%2f..%2f..%2fsecret.js',
  '/..%5c..%5cwindows%5cwin.ini',
  '/%5c%5cserver%5cshare.js',
  '/index.html%00.js',
  '/%00',
  '/a%0a.js',
  '/a%7f.js',
  '//etc/passwd.txt',
  '/%2fetc/passwd.txt',
  '/%E0%A4%A.js',
];

let outside: string;
let ui: string;
let host: RunningHost;
/** The same UI served as the preview of a pack is (framing: 'kiosk'). */
let previewHost: RunningHost;

function get(path: string, on: RunningHost = host): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(on.url);
  return new Promise((done, fail) => {
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET', headers: { host: url.host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

beforeAll(async () => {
  outside = mkdtempSync(join(tmpdir(), 'kiosk-static-'));
  ui = join(outside, 'ui');
  mkdirSync(join(ui, 'assets'), { recursive: true });
  writeFileSync(join(outside, 'secret.js'), 'SECRET');
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>kiosk</title>');
  writeFileSync(join(ui, 'assets', 'app.mjs'), 'export const a = 1;');
  writeFileSync(join(ui, 'assets', 'photo.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
  writeFileSync(join(ui, 'plan.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  const api = { content: () => ({ asset: () => undefined }) } as unknown as ApiContext;
  host = await startHost({ api, uiDir: ui, port: 0 });
  previewHost = await startHost({ api, uiDir: ui, port: 0, framing: 'kiosk' });
});

afterAll(async () => {
  await host.close();
  await previewHost.close();
  rmSync(outside, { recursive: true, force: true });
});

describe('the shared static-file policy', () => {
  it('refuses every hostile path, and so does each transport', async () => {
    for (const p of HOSTILE_PATHS) {
      expect(resolveUiPath(ui, p), p).toBeUndefined();
      expect(resolveAppFile(ui, `app://kiosk${p}`), p).toBeUndefined();
      const res = await get(p);
      expect(res.status, p).toBe(404);
      expect(res.body, p).not.toContain('SECRET');
    }
  });

  it('serves the single page for the root and for extension-less paths', async () => {
    expect(resolveUiPath(ui, '/')).toBe(resolve(ui, 'index.html'));
    expect(resolveUiPath(ui, '/departments/cardiology')).toBe(resolve(ui, 'index.html'));
    const res = await get('/departments/cardiology');
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>kiosk</title>');
  });

  it('gives a file the same type and security headers over HTTP as over app://', async () => {
    for (const [path, type] of [
      ['/assets/app.mjs', 'text/javascript; charset=utf-8'],
      ['/assets/photo.jpg', 'image/jpeg'],
      ['/plan.svg', 'image/svg+xml'],
      ['/index.html', 'text/html; charset=utf-8'],
    ] as const) {
      const file = resolveAppFile(ui, `app://kiosk${path}`)!;
      expect(contentType(file), path).toBe(type);
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers['content-type'], path).toBe(type);
      for (const [name, value] of Object.entries(cspHeaders(file))) expect(res.headers[name.toLowerCase()], `${path} ${name}`).toBe(value);
      expect(securityHeaders(file)).toEqual(cspHeaders(file));
    }
  });

  it('lets the kiosk frame the pages of the host serving a preview of a pack only, and no SVG document anywhere', async () => {
    const ancestors = (csp: unknown) => /frame-ancestors ([^;]*)/.exec(String(csp))?.[1];
    for (const path of ['/', '/index.html', '/assets/app.mjs', '/__kiosk/fallback']) {
      expect(ancestors((await get(path)).headers['content-security-policy']), path).toBe("'none'");
      expect(ancestors((await get(path, previewHost)).headers['content-security-policy']), path).toBe('http://127.0.0.1:* app://kiosk');
    }
    expect(ancestors((await get('/plan.svg', previewHost)).headers['content-security-policy'])).toBe("'none'");
    // Electron's app:// answers are the kiosk's own: never framed.
    expect(ancestors(cspHeaders(resolveAppFile(ui, 'app://kiosk/index.html'))['Content-Security-Policy'])).toBe("'none'");
  });
});
