import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_METHODS, apiAccess } from '../../../../src/core/api/contract.js';
import { dispatch } from '../../../../src/core/api/handlers.js';
import { Kiosk } from '../../../../src/app/kiosk.js';
import { startHost, type RunningHost } from '../../../../src/host/server.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { readAuditLog } from '../../../../src/core/audit/log.js';
import { setPin } from '../../../../src/core/access/pins.js';

let kiosk: Kiosk;
let host: RunningHost;
let ui: string;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kiosk-api-'));
  // A stand-in recogniser: Zinnia itself is tested in handwriting.test.ts.
  kiosk = new Kiosk({ dataDir, warn: () => {}, recognizer: { name: 'stand-in', recognize: async () => [{ char: '血', score: 0.4 }] } });
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
    const sample: Record<string, unknown> = {
      getDepartment: { id: 'vascular-surgery' },
      getDepartmentDoctors: { id: 'vascular-surgery' },
      getDirections: { id: 'vascular-surgery' },
      getPlace: { id: 'toilets' },
      getPlaceDirections: { id: 'toilets' },
      searchCandidates: { q: 'xg' },
      search: { q: '超声' },
      recordSymptomPath: { area: 'legs', complaint: 0, department: 'vascular-surgery' },
      recognizeHandwriting: {
        strokes: [
          [
            [100, 500],
            [900, 500],
          ],
        ],
      },
    };
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
      value: {
        hospital: { name: { en: 'The First Hospital of Jilin University' } },
        content: { version: 0, builtIn: true },
        settings: { defaultLanguage: 'zh' },
      },
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
    expect(await dispatch(kiosk, 'dropTables', {})).toEqual({
      ok: false,
      error: { code: 'unknown_method', message: '"dropTables" is not a kiosk API method.' },
    });
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
  const call = (path: string, init?: RequestInit) =>
    fetch(new URL(path, host.url), init?.body === undefined ? init : { ...init, headers: { 'Content-Type': 'application/json', ...init.headers } });

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

/** A raw HTTP request, so a test can send the headers a browser sends from another site. */
function rawRequest(port: number, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string; localAddress?: string } = {}) {
  return new Promise<{ status: number; json: { ok: boolean; value?: any; error?: { code: string; message: string } } }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: opts.method ?? 'POST',
        headers: { Host: `127.0.0.1:${port}`, ...opts.headers },
        localAddress: opts.localAddress,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text || 'null') }));
      },
    );
    req.on('error', reject);
    req.end(opts.body ?? '');
  });
}

describe('calls from other sites', () => {
  let dir: string;
  let pinned: Kiosk;
  let site: RunningHost;
  let port: number;
  const unlockBody = (pin: string) => JSON.stringify({ role: 'it', pin });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-api-'));
    pinned = new Kiosk({ dataDir: dir, warn: () => {} });
    setPin(dir, 'it', '482916');
    setPin(dir, 'volunteer', '7315');
    site = await startHost({ api: pinned, uiDir: ui });
    port = Number(new URL(site.url).port);
  });

  afterAll(async () => {
    await site.close();
    pinned.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a cross-site POST (a no-cors fetch, a form), so another site cannot lock the PIN pads', async () => {
    const crossSite: Record<string, string>[] = [
      // What Chromium sends for fetch(url, { mode: 'no-cors', method: 'POST', body: text }) on a page at 127.0.0.2.
      { Origin: 'http://127.0.0.2:5173', 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'no-cors', 'Content-Type': 'text/plain;charset=UTF-8' },
      // Another port of the same machine is the same site, but not the same origin.
      { Origin: 'http://127.0.0.1:8080', 'Sec-Fetch-Site': 'same-site', 'Content-Type': 'text/plain;charset=UTF-8' },
      // A sandboxed frame or a file:// page, posting a form.
      { Origin: 'null', 'Content-Type': 'application/x-www-form-urlencoded' },
      // JSON from a page elsewhere (a CORS preflight would stop the browser, but nothing may rely on it).
      { Origin: 'http://intranet.hospital.example', 'Content-Type': 'application/json' },
      { 'Sec-Fetch-Site': 'cross-site', 'Content-Type': 'application/json' },
      { 'Sec-Fetch-Site': 'none', 'Content-Type': 'application/json' },
    ];
    for (const headers of crossSite) {
      for (let i = 0; i < 4; i++) {
        const r = await rawRequest(port, '/api/unlock', { headers, body: unlockBody('000000') });
        expect(r.status, JSON.stringify(headers)).toBe(403);
        expect(r.json).toEqual({
          ok: false,
          error: { code: 'forbidden', message: 'The kiosk answers its API only to its own pages; this call came from another site.' },
        });
      }
    }
    // None of it reached the PIN pad: the right PIN still unlocks at once, and nothing was logged as a wrong PIN.
    const own = { Origin: `http://127.0.0.1:${port}`, 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/json' };
    const r = await rawRequest(port, '/api/unlock', { headers: own, body: unlockBody('482916') });
    expect(r.status).toBe(200);
    expect(r.json.value).toMatchObject({ ok: true });
    expect(
      readAuditLog(dir, 0)
        .filter((e) => e.action === 'unlock')
        .map((e) => e.result),
    ).toEqual(['accepted']);
  });

  it('wants API calls sent as JSON, and says so', async () => {
    const say = { ok: false, error: { code: 'bad_args', message: 'Kiosk API calls must be sent as JSON (Content-Type: application/json).' } };
    for (const type of [
      undefined,
      'text/plain',
      'text/plain;charset=UTF-8',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
      'application/jsonp',
      'application/json-seq',
    ]) {
      const r = await rawRequest(port, '/api/getInfo', { headers: type ? { 'Content-Type': type } : {}, body: '{}' });
      expect(r.status, String(type)).toBe(415);
      expect(r.json, String(type)).toEqual(say);
    }
    for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8']) {
      const r = await rawRequest(port, '/api/getInfo', {
        headers: { 'Content-Type': type, Origin: `http://127.0.0.1:${port}`, 'Sec-Fetch-Site': 'same-origin' },
        body: '{}',
      });
      expect(r.status, type).toBe(200);
    }
  });

  it('writes a bounded number of audit lines for a flood of locked unlock attempts, with their count', async () => {
    const json = { 'Content-Type': 'application/json' };
    const before = readAuditLog(dir, 0).length;
    const calls = 2000;
    let locked = 0;
    for (let i = 0; i < calls; i += 20) {
      const batch = await Promise.all(
        Array.from({ length: 20 }, () => rawRequest(port, '/api/unlock', { headers: json, body: JSON.stringify({ role: 'volunteer', pin: '0000' }) })),
      );
      locked += batch.filter((r) => r.json.value?.reason === 'locked').length;
    }
    expect(locked).toBeGreaterThan(calls - 5);
    const during = readAuditLog(dir, 0).slice(before);
    expect(during.length).toBeLessThanOrEqual(3);
    expect(during[0]).toMatchObject({
      action: 'unlock',
      result: 'refused',
      reason: 'Volunteer mode, at the kiosk: Wrong PIN. 2 tries left before the PIN pad locks.',
    });
    // The rest is one entry with the count, written when the minute is over or the kiosk closes.
    pinned.close();
    const after = readAuditLog(dir, 0).slice(before);
    expect(after.length).toBeLessThanOrEqual(4);
    expect(after.at(-1)!.reason).toMatch(
      /^Volunteer mode, at the kiosk: 1999 more refused attempts within a minute of \S+; the last: Too many wrong PINs\. Try again in \d+ seconds\.$/,
    );
    // The kiosk's own IT pad was never part of it.
    expect(pinned.sessions.unlock('it', '482916').ok).toBe(true);
  });
});
