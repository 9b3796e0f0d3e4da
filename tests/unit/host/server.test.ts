/**
 * The host before its kiosk is open: `kiosk serve` listens first and hands the host a promise of
 * the kiosk, so the browser loads the UI while the kiosk opens and checks its content. The UI's
 * files are served at once; API calls and content files wait for the kiosk and are answered from
 * it, never before; a kiosk that cannot open is said in one sentence to every call waiting for it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kiosk } from '../../../src/app/kiosk.js';
import type { ApiContext } from '../../../src/core/api/handlers.js';
import { startHost, type RunningHost } from '../../../src/host/server.js';

const dirs: string[] = [];
const hosts: RunningHost[] = [];
const kiosks: Kiosk[] = [];

afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
  for (const k of kiosks.splice(0)) k.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function temp(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

/** A built UI of one page, as dist/ui holds it. */
function uiDir(): string {
  const ui = temp('kiosk-ui-');
  mkdirSync(join(ui, 'assets'));
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>kiosk</title><script type="module" src="/assets/index.js"></script>');
  writeFileSync(join(ui, 'assets', 'index.js'), 'document.title = "kiosk";');
  return ui;
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const post = (host: RunningHost, method: string, body: unknown = {}) =>
  fetch(new URL(`/api/${method}`, host.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

/** Whether a response has come by the time the host has answered `probe` (a request made after it). */
async function settledBefore(pending: Promise<unknown>, probe: () => Promise<unknown>): Promise<boolean> {
  let settled = false;
  void pending.then(
    () => (settled = true),
    () => (settled = true),
  );
  await probe();
  await new Promise((r) => setImmediate(r));
  return settled;
}

describe('a host whose kiosk is still opening', () => {
  it('serves the UI at once, and answers API calls and content files from the kiosk once it is open', async () => {
    const opening = deferred<ApiContext>();
    const host = await startHost({ api: opening.promise, uiDir: uiDir() });
    hosts.push(host);

    const page = await fetch(host.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>kiosk</title>');
    expect((await fetch(new URL('/assets/index.js', host.url))).status).toBe(200);

    const info = post(host, 'getInfo');
    const photo = fetch(new URL('/content/photos/none.jpg', host.url));
    // The UI's files keep coming while the calls wait: nothing is answered before the kiosk is there.
    expect(await settledBefore(info, () => fetch(new URL('/assets/index.js', host.url)))).toBe(false);
    expect(await settledBefore(photo, () => fetch(host.url))).toBe(false);

    const dataDir = temp('kiosk-data-');
    const kiosk = new Kiosk({ dataDir, warn: () => {} });
    kiosks.push(kiosk);
    opening.resolve(kiosk);

    const answer = await info;
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { ok: boolean; value: { hospital: { name: { en: string } }; content: { builtIn: boolean } } };
    expect(body.ok).toBe(true);
    expect(body.value.hospital.name.en).toBe('The First Hospital of Jilin University');
    expect(body.value.content.builtIn).toBe(true);
    expect((await photo).status).toBe(404); // asked of the kiosk's content, which has no such photo
    const search = (await (await post(host, 'search', { q: 'xgwk', lang: 'en' })).json()) as {
      ok: boolean;
      value: { groups: { departments: { name: { en: string } }[] } };
    };
    expect(search.ok).toBe(true);
    expect(search.value.groups.departments.map((d) => d.name.en)).toContain('Vascular Surgery');
  });

  it('says in one sentence, to every call waiting, that the kiosk could not open, and still serves its files', async () => {
    const opening = deferred<ApiContext>();
    opening.promise.catch(() => {}); // as `kiosk serve` does: the failure is its to report
    const host = await startHost({ api: opening.promise, uiDir: uiDir() });
    hosts.push(host);
    const waiting = [post(host, 'getInfo'), post(host, 'listDepartments')];
    const photo = fetch(new URL('/content/photos/a.jpg', host.url));
    opening.reject(new Error('The data folder /srv/kiosk cannot be created (EACCES).'));

    for (const res of await Promise.all(waiting)) {
      expect(res.status).toBe(503);
      const body = (await res.json()) as { ok: boolean; error: { code: string; message: string } };
      expect(body).toEqual({
        ok: false,
        error: { code: 'unavailable', message: 'The kiosk could not open its content: The data folder /srv/kiosk cannot be created (EACCES).' },
      });
    }
    const refused = await photo;
    expect(refused.status).toBe(503);
    expect(await refused.text()).toBe('The kiosk could not open its content: The data folder /srv/kiosk cannot be created (EACCES).');
    // A call made afterwards gets the same sentence, not a hang and not a crash.
    expect((await post(host, 'getInfo')).status).toBe(503);
    expect((await fetch(host.url)).status).toBe(200);
  });
});
