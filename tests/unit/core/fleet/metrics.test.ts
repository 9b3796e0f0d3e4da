/**
 * Health at /metrics: what a running kiosk (`kiosk serve`, in-process) tells Prometheus after
 * visitors used it, checked by Debian's promtool; loopback only unless metricsPort is set, and
 * then only with the data folder's bearer token; `kiosk status --json` carries the same facts.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serve, type Serving } from '../../../../src/cli/commands/serve.js';
import { main } from '../../../../src/cli/kiosk.js';
import { ActivityRecorder } from '../../../../src/core/fleet/metrics.js';
import { startHost } from '../../../../src/host/server.js';
import { builtInDataDir, cleanTempDirs } from '../../../fixtures/packs/helpers.js';
import { PROMTOOL } from '../../../fleet/nginx.js';

let serving: Serving | undefined;
afterEach(async () => {
  await serving?.close();
  serving = undefined;
  cleanTempDirs();
});

async function call(url: string, method: string, args: unknown): Promise<unknown> {
  const r = await fetch(`${url}api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(args) });
  return r.json();
}

function value(text: string, name: string): number | undefined {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}

describe('/metrics', () => {
  it('tells Prometheus the content, updates, uptime, errors, free space, idleness and visitor counts, never a query', async () => {
    const dataDir = builtInDataDir();
    writeFileSync(join(dataDir, 'kiosk.json'), JSON.stringify({ site: 'main-lobby', ring: 'canary', kioskId: 'lobby-1' }));
    serving = await serve({ dataDir, port: 0 });
    const url = serving.host.url;
    const deps = (await call(url, 'listDepartments', {})) as { value: { id: string }[] };
    await call(url, 'getDepartment', { id: deps.value[0]!.id });
    for (const q of ['x', 'xu', 'xue', 'xueg', 'xueguan']) await call(url, 'search', { q, lang: 'zh' }); // one visitor typing
    await call(url, 'search', { q: 'qqqzzz', lang: 'en' }); // another query, which finds nothing
    await call(url, 'search', { q: 'ultra', lang: 'en', limit: 1 }); // a suggestion probe, not a visitor's
    await call(url, 'getDepartment', { id: 'no-such-department' });

    vi.useFakeTimers({ now: Date.now() + 20_000, toFake: ['Date'] });
    const res = await fetch(`${url}metrics`);
    vi.useRealTimers();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^kiosk_info\{kiosk_id="lobby-1",site="main-lobby",ring="canary",app_version="\d+\.\d+\.\d+"\} 1$/m);
    expect(text).toMatch(/^kiosk_content_info\{pack_id="built-in",version="0"\} 1$/m);
    expect(value(text, 'kiosk_content_version')).toBe(0);
    expect(value(text, 'kiosk_visitor_searches_total')).toBe(2);
    expect(value(text, 'kiosk_visitor_searches_no_result_total')).toBe(1);
    expect(value(text, 'kiosk_visitor_department_views_total')).toBe(1);
    expect(text).toMatch(/^kiosk_api_errors_total\{code="not_found"\} 1$/m);
    expect(value(text, 'kiosk_uptime_seconds')).toBeGreaterThan(0);
    expect(value(text, 'kiosk_data_folder_free_bytes')).toBeGreaterThan(1024 * 1024);
    expect(value(text, 'kiosk_seconds_since_last_touch')).toBeGreaterThanOrEqual(19);
    expect(value(text, 'kiosk_update_configured')).toBe(0);
    expect(text).toMatch(/^kiosk_update_failures_total\{reason="offline"\} 0$/m);
    expect(text).toMatch(/^# TYPE kiosk_renderer_restarts_total counter$/m);
    expect(text).not.toMatch(/xueguan|qqqzzz|ultra/);

    if (PROMTOOL) {
      const r = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' });
      expect(`${r.stdout}${r.stderr}`).toBe('');
      expect(r.status).toBe(0);
    } else console.log('promtool is not installed (apt-get install prometheus); the exposition was not linted');
  });

  it('answers loopback only; a network caller is refused unless metrics are on the network', async () => {
    const dataDir = builtInDataDir();
    serving = await serve({ dataDir, port: 0 });
    // The kiosk host in LAN mode with a caller standing in for a tablet on the network.
    const lan = await startHost({
      api: serving.kiosk,
      uiDir: '/nonexistent',
      port: 0,
      lan: true,
      isRemote: () => true,
      metrics: { render: async () => 'x 1\n', contentType: 'text/plain' },
    });
    try {
      const r = await fetch(`${lan.url.replace('0.0.0.0', '127.0.0.1')}metrics`);
      expect(r.status).toBe(403);
      expect(await r.text()).toMatch(/only with the metricsPort setting/);
    } finally {
      await lan.close();
    }
  });

  it('with metricsPort, serves the network behind the bearer token from the data folder', async () => {
    const dataDir = builtInDataDir();
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    writeFileSync(join(dataDir, 'kiosk.json'), JSON.stringify({ metricsPort: port }));
    serving = await serve({ dataDir, port: 0 });
    const token = readFileSync(join(dataDir, 'metrics-token'), 'utf8').trim();
    const url = `http://127.0.0.1:${port}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { Authorization: 'Bearer wrong-token-of-some-length' } })).status).toBe(401);
    const ok = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/^kiosk_content_version 0$/m);
    expect((await fetch(`http://127.0.0.1:${port}/api/getInfo`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } })).status).toBe(405);
    expect((await fetch(`http://127.0.0.1:${port}/`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(404);
  });

  it('kiosk status --json carries the same facts', async () => {
    const dataDir = builtInDataDir();
    writeFileSync(join(dataDir, 'kiosk.json'), JSON.stringify({ kioskId: 'lobby-9', updateUrl: 'http://127.0.0.1:9/repo' }));
    serving = await serve({ dataDir, port: 0 });
    await call(serving.host.url, 'getDepartment', { id: 'no-such-department' });
    serving.fleet.activity.flush();
    const out: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((s: string) => void out.push(s));
    try {
      expect(await main(['status', '--json', '--data-dir', dataDir])).toBe(0);
    } finally {
      log.mockRestore();
    }
    const health = JSON.parse(out.join('\n')).health;
    expect(health).toMatchObject({
      kioskId: 'lobby-9',
      content: { packId: 'built-in', version: 0 },
      updates: { url: 'http://127.0.0.1:9/repo' },
      apiErrors: { not_found: 1 },
      visitors: { searches: 0, searchesNoResult: 0, departmentViews: 0 },
    });
    expect(health.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(health.dataFolderFreeBytes).toBeGreaterThan(0);
    expect(Object.keys(health).sort()).toEqual(Object.keys(serving.fleet.health()).sort());
  });
});

describe('visitor search counts', () => {
  it('one query typed letter by letter is one search, judged by its last answer', () => {
    let t = 0;
    const a = new ActivityRecorder(
      builtInDataDir(),
      () => 0,
      () => t,
    );
    const found = { ok: true, value: { groups: { departments: [{}], services: [], equipment: [] } } };
    const none = { ok: true, value: { groups: { departments: [], services: [], equipment: [] } } };
    for (const [q, r] of [
      ['c', found],
      ['ch', found],
      ['cha', none],
      ['chao', found],
    ] as const) {
      a.observeApi('search', { q }, r);
      t += 400;
    }
    a.observeApi('search', { q: 'zzz' }, none);
    t += 16_000;
    expect(a.snapshot()).toMatchObject({ searches: 2, searchesNoResult: 1 });
  });

  it('a search answered only by a place or by the emergency answer found something', () => {
    let t = 0;
    const a = new ActivityRecorder(
      builtInDataDir(),
      () => 0,
      () => t,
    );
    const groups = { departments: [], services: [], equipment: [] };
    for (const [q, value] of [
      ['厕所', { groups, places: [{}], emergency: null }],
      ['胸痛', { groups, places: [], emergency: { term: '胸痛', place: null } }],
      ['zzz', { groups, places: [], emergency: null }],
    ] as const) {
      a.observeApi('search', { q }, { ok: true, value });
      t += 16_000;
    }
    a.observeApi('search', { q: 'end' }, { ok: true, value: { groups, places: [{}], emergency: null } });
    expect(a.snapshot()).toMatchObject({ searches: 3, searchesNoResult: 1 });
  });
});
