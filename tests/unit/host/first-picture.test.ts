/**
 * The kiosk's first picture: the host draws the shell and the welcome screen from the live content
 * into the UI's page for the kiosk's own screen, with the renderer `npm run build` builds from
 * src/ui/first-picture.ts, so a slow kiosk PC shows the welcome before the page's code has run.
 * Every case where it cannot be drawn serves the page as built, whose code draws the screen itself.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kiosk } from '../../../src/app/kiosk.js';
import type { ApiContext } from '../../../src/core/api/handlers.js';
import { firstPictureRendererFile, uiDir } from '../../../src/core/paths.js';
import { firstPictureLoader, pictureElement, splitPage, type FirstPictureRenderer } from '../../../src/host/first-picture.js';
import { startHost, type HostOptions, type RunningHost } from '../../../src/host/server.js';

const dirs: string[] = [];
const hosts: RunningHost[] = [];
const kiosks: Kiosk[] = [];

afterEach(async () => {
  vi.restoreAllMocks();
  for (const h of hosts.splice(0)) await h.close();
  for (const k of kiosks.splice(0)) k.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function openKiosk(): Kiosk {
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-first-picture-'));
  dirs.push(dataDir);
  const kiosk = new Kiosk({ dataDir, warn: () => {} });
  kiosks.push(kiosk);
  return kiosk;
}

/** The renderer as built; the UI's page is dist/ui's own. */
function builtRenderer(): () => Promise<FirstPictureRenderer | undefined> {
  const file = firstPictureRendererFile();
  expect(existsSync(file), `${file} is built by npm run build`).toBe(true);
  expect(existsSync(join(uiDir(), 'index.html')), 'the UI is built by npm run build').toBe(true);
  return firstPictureLoader(file);
}

async function host(opts: Partial<HostOptions> & Pick<HostOptions, 'api'>): Promise<RunningHost> {
  const h = await startHost({ uiDir: uiDir(), ...opts });
  hosts.push(h);
  return h;
}

/** The elements in the first picture, and the page's own root after it. */
const PICTURE = /<div id="first-picture" lang="zh-Hans" aria-hidden="true" inert>([\s\S]*)<\/div><div id="app"><\/div>/;

describe("the kiosk's first picture", () => {
  it("is the welcome screen of the live content, inert and hidden from screen readers, for the kiosk's own screen", async () => {
    const h = await host({ api: openKiosk(), firstPicture: builtRenderer() });
    const res = await fetch(h.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const page = await res.text();
    const picture = PICTURE.exec(page)?.[1];
    expect(picture).toBeDefined();
    // The hospital's name and welcome from the content, both languages, the start button and the emergency sentence.
    expect(picture).toContain('吉林大学第一医院');
    expect(picture).toContain('The First Hospital of Jilin University');
    expect(picture).toMatch(/<button[^>]*class="start[^"]*"[^>]*>[\s\S]*请触摸屏幕开始[\s\S]*Touch to start/);
    expect(picture).toContain('急诊');
    // The page's own code still comes: it draws the same screen live and removes the picture.
    expect(page).toMatch(/<script type="module" crossorigin src="\/assets\/index-[^"]+\.js"><\/script>/);
    // Every path that is the UI's page gets it; the page's files do not change.
    expect(PICTURE.test(await (await fetch(new URL('/index.html', h.url))).text())).toBe(true);
    const head = await fetch(h.url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await head.text()).toBe('');
  });

  it('draws the content as text: markup, scripts and replacement patterns in a hospital name stay text', async () => {
    const hostile = '</div><script>alert(1)</script><img src=x onerror=alert(2)> $& $1 $` "quoted"';
    const built = (await builtRenderer()())!;
    const renderer: FirstPictureRenderer = {
      renderFirstPicture: (info) => built.renderFirstPicture({ ...info, hospital: { ...info.hospital, name: { zh: hostile, en: hostile } } }),
    };
    const h = await host({ api: openKiosk(), firstPicture: async () => renderer });
    const page = await (await fetch(h.url)).text();
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;/div>&lt;script>alert(1)&lt;/script>&lt;img src=x onerror=alert(2)> $&amp; $1 $` "quoted"');
    // The page itself is whole: one picture, then the page's root.
    expect(page.match(/<div id="app"><\/div>/g)).toHaveLength(1);
    expect(page.match(/<script/g)).toHaveLength(1);
  });

  it('is not drawn for devices on the network: their first screen is the volunteer code pad, drawn by the page', async () => {
    const kiosk = openKiosk();
    const h = await host({ api: kiosk, firstPicture: builtRenderer(), lan: true, host: '127.0.0.1', isRemote: () => true });
    const res = await fetch(h.url.replace('0.0.0.0', '127.0.0.1'));
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<div id="app"></div>');
    expect(page).not.toContain('first-picture');
  });

  it("sends the page's start at once, so the browser loads its stylesheet and code while the kiosk opens; the picture follows", async () => {
    let open!: (k: ApiContext) => void;
    const opening = new Promise<ApiContext>((r) => (open = r));
    const h = await host({ api: opening, firstPicture: builtRenderer() });
    const res = await fetch(h.url);
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    // Read while the kiosk is still opening: the stylesheet and the code are named in it.
    expect(first).toMatch(/<link rel="stylesheet" crossorigin href="\/assets\/index-[^"]+\.css">/);
    expect(first).toMatch(/<script type="module" crossorigin src="\/assets\/index-[^"]+\.js"><\/script>/);
    expect(first).not.toContain('<div id="app">');
    open(openKiosk());
    let rest = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += new TextDecoder().decode(r.value);
    expect(PICTURE.test(first + rest)).toBe(true);
  });

  it('does not hold the page back for a kiosk still opening a large content database', async () => {
    let open!: (k: ApiContext) => void;
    const opening = new Promise<ApiContext>((r) => (open = r));
    const h = await host({ api: opening, firstPicture: builtRenderer() });
    const t = performance.now();
    const page = await (await fetch(h.url)).text();
    // Within the wait (1 s) and some slack for a busy machine, and as built.
    expect(performance.now() - t).toBeLessThan(4000);
    expect(page).not.toContain('first-picture');
    expect(page.replace(/\s+/g, '')).toBe(readFileSync(join(uiDir(), 'index.html'), 'utf8').replace(/\s+/g, ''));
    // Once the kiosk is open the page has its picture.
    open(openKiosk());
    await opening;
    expect(PICTURE.test(await (await fetch(h.url)).text())).toBe(true);
  });

  it('serves the page as built when the renderer is missing, fails, or the page is not the one expected', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const kiosk = openKiosk();
    const missing = await host({ api: kiosk, firstPicture: firstPictureLoader(join(tmpdir(), 'no-such-renderer.js')) });
    expect(await (await fetch(missing.url)).text()).not.toContain('first-picture');

    const failing = await host({
      api: kiosk,
      firstPicture: async () => ({
        renderFirstPicture: () => {
          throw new Error('the renderer broke');
        },
      }),
    });
    const res = await fetch(failing.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="app"></div>');
    expect(errors.mock.calls.flat().join(' ')).toContain('the renderer broke');

    // A page without the one root element expected, or a language that is not a language tag: served as built.
    expect(splitPage('<!doctype html><html lang="en"><body><main></main></body></html>')).toBeUndefined();
    expect(splitPage('<div id="app"></div><div id="app"></div>')).toBeUndefined();
    expect(splitPage('<html lang="zh-Hans"><body><div id="app"></div></body>')).toEqual({
      head: '<html lang="zh-Hans"><body>',
      tail: '<div id="app"></div></body>',
    });
    expect(pictureElement({ html: '<p>x</p>', lang: 'en"><script>' })).toBeUndefined();
    expect(pictureElement({ html: '<p>x</p>', lang: 'en' })).toBe('<div id="first-picture" lang="en" aria-hidden="true" inert><p>x</p></div>');
  });
});
