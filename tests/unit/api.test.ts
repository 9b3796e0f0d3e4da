import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_METHODS, apiAccess } from '../../src/core/api/contract.js';
import { dispatch } from '../../src/core/api/handlers.js';
import { Kiosk } from '../../src/app/kiosk.js';
import { startHost, type RunningHost } from '../../src/host/server.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

let kiosk: Kiosk;
let host: RunningHost;
let ui: string;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kiosk-api-'));
  kiosk = new Kiosk({ dataDir, warn: () => {} });
  ui = join(dataDir, 'ui');
  mkdirSync(ui);
  mkdirSync(join(ui, 'assets'));
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>ui</title>');
  writeFileSync(join(ui, 'assets', 'app.js'), 'console.log(1)');
  host = await startHost({ api: kiosk, uiDir: ui });
});

afterAll(async () => {
  await host.close();
  kiosk.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the handler table', () => {
  it('answers every public contract method', async () => {
    const sample: Record<string, unknown> = { getDepartment: { id: 'vascular-surgery' }, getDirections: { id: 'vascular-surgery' }, search: { q: '超声' } };
    for (const m of API_METHODS.filter((x) => apiAccess[x] === 'public' && x !== 'unlock' && x !== 'lock')) {
      const args = sample[m] ?? {};
      const out = await dispatch(kiosk, m, args);
      expect(out.ok, m).toBe(true);
    }
  });

  it('returns the hospital, the built-in content status and the settings', async () => {
    const out = await dispatch(kiosk, 'getInfo', {});
    expect(out).toMatchObject({
      ok: true,
      value: { hospital: { name: { en: 'The First Hospital of Jilin University' } }, content: { version: 0, builtIn: true }, settings: { defaultLanguage: 'zh' } },
    });
  });

  it('lists departments with their key figures for cards', async () => {
    const out = await dispatch(kiosk, 'listDepartments', {});
    if (!out.ok) throw new Error(out.error.message);
    const list = out.value as { id: string; figures: unknown[] }[];
    expect(list.map((d) => d.id).sort()).toEqual(['general-ultrasound', 'vascular-surgery']);
    for (const d of list) expect(d.figures.length).toBeGreaterThan(0);
  });

  it('gives a sentence for each bad call, never a crash', async () => {
    expect(await dispatch(kiosk, 'dropTables', {})).toEqual({ ok: false, error: { code: 'unknown_method', message: '"dropTables" is not a kiosk API method.' } });
    expect(await dispatch(kiosk, 'getDepartment', { id: 'cardiology' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'There is no department "cardiology" in the current content.' },
    });
    const bad = await dispatch(kiosk, 'getDepartment', { id: '../../etc/passwd' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_args' } });
    expect(await dispatch(kiosk, 'getDepartment', {})).toMatchObject({ ok: false, error: { code: 'bad_args' } });
    expect(await dispatch(kiosk, 'getInfo', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'bad_args' } });
    expect(await dispatch(kiosk, 'getInfo', 'not an object')).toMatchObject({ ok: false, error: { code: 'bad_args' } });
    expect(await dispatch(kiosk, 'toString', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });
});

describe('the HTTP transport', () => {
  const call = (path: string, init?: RequestInit) => fetch(new URL(path, host.url), init);

  it('serves the same API as JSON over POST', async () => {
    const res = await call('/api/getDepartment', { method: 'POST', body: JSON.stringify({ id: 'general-ultrasound' }) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; value: { name: { zh: string } } };
    expect(body.value.name.zh).toBe('综合超声科');
  });

  it('maps errors to HTTP statuses with the same sentences', async () => {
    const missing = await call('/api/getDepartment', { method: 'POST', body: '{"id":"cardiology"}' });
    expect(missing.status).toBe(404);
    const notJson = await call('/api/getInfo', { method: 'POST', body: '{oops' });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { message: string } }).error.message).toBe('The request body is not valid JSON.');
    const big = await call('/api/getInfo', { method: 'POST', body: JSON.stringify({ pad: 'x'.repeat(100_000) }) });
    expect(big.status).toBe(413);
    const get = await call('/api/getInfo');
    expect(get.status).toBe(405);
  });

  it('serves the UI with a Content-Security-Policy, and the page for app routes', async () => {
    const res = await call('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await (await call('/department/vascular-surgery')).text()).toContain('<title>ui</title>');
    expect((await call('/assets/app.js')).headers.get('content-type')).toMatch(/javascript/);
  });

  it('does not serve files outside the UI folder', async () => {
    for (const p of ['/../package.json', '/%2e%2e/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json', '/nope.js']) {
      const res = await call(p);
      expect(res.status, p).toBe(404);
    }
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const port = new URL(host.url).port;
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/api/getInfo', method: 'POST', headers: { Host: `evil.example:${port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(421);
  });
});
