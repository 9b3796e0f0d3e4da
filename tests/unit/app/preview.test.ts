/**
 * Previews (src/app/preview.ts, src/app/pack-preview.ts): an unsigned content folder served as
 * the visitor API, marked preview, rebuilt when a file changes (a bad edit keeps the last good
 * content and the report names the file), never installed anywhere; a pack from a stick verified
 * and served read-only before its install, the data folder untouched.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../../src/core/api/handlers.js';
import { previewSource, type SourcePreview } from '../../../src/app/preview.js';
import { PackPreviews } from '../../../src/app/pack-preview.js';
import { Kiosk } from '../../../src/app/kiosk.js';
import { startHost } from '../../../src/host/server.js';
import { setPin } from '../../../src/core/access/pins.js';
import { isPackCheck } from '../../../src/shared/messages.js';
import { sourceWithPhotos } from '../../fixtures/packs/large.js';
import { builtInDataDir, cleanTempDirs, contentCopy, makeKey, makePack, snapshot, tempDir, trustKeys } from '../../fixtures/packs/helpers.js';

const open: SourcePreview[] = [];
afterEach(() => {
  while (open.length) open.pop()!.close();
});
afterAll(() => cleanTempDirs());

const value = async <T>(p: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> => {
  const r = await p;
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as T;
};
const depFile = (dir: string) => join(dir, 'departments', 'vascular-surgery.json');
const rename = (dir: string, en: string) => {
  const d = JSON.parse(readFileSync(depFile(dir), 'utf8')) as { name: { en: string } };
  d.name.en = en;
  writeFileSync(depFile(dir), JSON.stringify(d, null, 2));
};

describe('previewSource', () => {
  it('serves the folder marked as a preview, with no signature and a passing report', async () => {
    const dir = contentCopy();
    const p = previewSource(dir);
    open.push(p);
    const info = await value<{ preview?: unknown; content: { signers: string[]; packId: string; builtIn: boolean }; staff: unknown }>(
      dispatch(p.kiosk, 'getInfo', {}),
    );
    expect(info.preview).toEqual({ kind: 'folder', name: dir.split('/').pop(), ok: true, problems: 0 });
    expect(info.content).toMatchObject({ packId: 'preview', builtIn: false, signers: [] });
    expect(info.staff).toEqual({ it: false, volunteer: false }); // no PIN in a preview: staff screens cannot be opened
    expect(await value(dispatch(p.kiosk, 'getPreviewReport', {}))).toMatchObject({ kind: 'folder', ok: true, problems: [] });
    expect(await value<{ name: { en: string } }>(dispatch(p.kiosk, 'getDepartment', { id: 'vascular-surgery' }))).toMatchObject({
      name: { en: 'Vascular Surgery' },
    });
  });

  it('shows an edited file once the folder has changed; a bad edit keeps the last good content and the report names the file; fixing it shows it', async () => {
    const dir = contentCopy();
    const p = previewSource(dir);
    open.push(p);
    const name = async () => (await value<{ name: { en: string } }>(dispatch(p.kiosk, 'getDepartment', { id: 'vascular-surgery' }))).name.en;
    const started = performance.now();
    rename(dir, 'Vascular Surgery (edited)');
    await vi.waitFor(async () => expect(await name()).toBe('Vascular Surgery (edited)'), { timeout: 20_000, interval: 25 });
    const shownMs = performance.now() - started;
    console.info(`preview: an edited file was shown ${shownMs.toFixed(0)} ms after it was saved`);

    writeFileSync(depFile(dir), '{ "id": "vascular-surgery", ');
    await vi.waitFor(async () => expect((await value<{ ok: boolean }>(dispatch(p.kiosk, 'getPreviewReport', {}))).ok).toBe(false), {
      timeout: 20_000,
      interval: 25,
    });
    const report = await value<{ problems: string[]; shownAt: string }>(dispatch(p.kiosk, 'getPreviewReport', {}));
    expect(report.problems[0]).toMatch(/^departments\/vascular-surgery\.json: not valid JSON/);
    expect(await name()).toBe('Vascular Surgery (edited)'); // the last good content stays on screen
    expect(await value(dispatch(p.kiosk, 'getInfo', {}))).toMatchObject({ preview: { ok: false, problems: 1 } });

    rename(contentCopyOf(dir), 'Vascular Surgery (fixed)');
    await vi.waitFor(async () => expect(await name()).toBe('Vascular Surgery (fixed)'), { timeout: 20_000, interval: 25 });
    expect(await value(dispatch(p.kiosk, 'getPreviewReport', {}))).toMatchObject({ ok: true, problems: [] });
  });

  it('reports every problem of a field that fails the schema, by file and field, and keeps the content', () => {
    const dir = contentCopy();
    const p = previewSource(dir);
    open.push(p);
    const d = JSON.parse(readFileSync(depFile(dir), 'utf8')) as Record<string, unknown>;
    d.hours = [{ days: { zh: '周一', en: 'Mon' }, time: '8–12', weekly: [{ weekdays: [9], from: '12:00', to: '08:00' }] }];
    writeFileSync(depFile(dir), JSON.stringify(d));
    const r = p.rebuild();
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([
      'departments/vascular-surgery.json: hours[0].weekly[0].weekdays[0] must be a weekday from 1 (Monday) to 7 (Sunday)',
      'departments/vascular-surgery.json: hours[0].weekly[0].to must end after it starts (an opening past midnight is two periods: to 24:00, and from 00:00 the next day)',
    ]);
  });

  it('never installs: no data folder is made or changed, nothing is counted, and its databases go when it stops', async () => {
    const dataDir = tempDir('kiosk-data-');
    rmSync(dataDir, { recursive: true });
    vi.stubEnv('KIOSK_DATA_DIR', dataDir);
    try {
      const dir = contentCopy();
      const p = previewSource(dir);
      rename(dir, 'Vascular Surgery (edited)');
      p.rebuild();
      await dispatch(p.kiosk, 'search', { q: 'nothing-like-this' });
      await dispatch(p.kiosk, 'getDepartment', { id: 'vascular-surgery' });
      expect(existsSync(dataDir)).toBe(false);
      const work = p.kiosk.workDir;
      expect(readdirSync(work).filter((f) => f.endsWith('.sqlite'))).toHaveLength(1); // the last good one only
      expect(existsSync(join(work, 'data', 'current.json'))).toBe(false);
      expect(existsSync(join(work, 'data', 'visitors.sqlite'))).toBe(false);
      expect(readdirSync(dir).some((f) => f.endsWith('.sqlite'))).toBe(false);
      expect((await dispatch(p.kiosk, 'itStatus', { token: 'x'.repeat(20) })).ok).toBe(false);
      p.close();
      expect(existsSync(work)).toBe(false);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('refuses a folder with a link in it, as a pack would, naming the file', () => {
    const dir = contentCopy();
    const outside = join(tempDir(), 'secret.png');
    writeFileSync(outside, 'not for the kiosk');
    mkdirSync(join(dir, 'images'), { recursive: true });
    symlinkSync(outside, join(dir, 'images', 'entrance.png'));
    expect(() => previewSource(dir)).toThrow('images/entrance.png: is a symbolic link; a content source may hold only regular files.');
  });
});

/** The same folder (a helper so the test reads as "the editor saves again"). */
function contentCopyOf(dir: string): string {
  const d = JSON.parse(readFileSync(join('resources/content/departments/vascular-surgery.json'), 'utf8')) as unknown;
  writeFileSync(depFile(dir), JSON.stringify(d, null, 2));
  return dir;
}

describe('the IT screen’s preview of a pack before its install', () => {
  it('verifies the pack, serves it read-only on its own address, and leaves the data folder as it was', async () => {
    const dataDir = builtInDataDir();
    const key = makeKey();
    trustKeys(dataDir, [key]);
    const source = contentCopy();
    rename(source, 'Vascular Surgery, from the pack');
    const packDir = tempDir('kiosk-usb-');
    const file = await makePack([key], 7, { source });
    const onStick = join(packDir, 'content-v7.kpack');
    writeFileSync(onStick, readFileSync(file));
    writeFileSync(join(dataDir, 'kiosk.json'), JSON.stringify({ packFolders: [packDir] }));
    const before = snapshot(dataDir);
    const kiosk = new Kiosk({ dataDir, warn: () => {} });
    kiosk.packPreviews = new PackPreviews(kiosk.dataDir, async (api) => {
      const h = await startHost({ api, uiDir: tempDir('kiosk-ui-') });
      return { url: h.url, close: () => h.close() };
    });
    try {
      setPin(dataDir, 'it', '583920');
      const unlocked = await value<{ token: string }>(dispatch(kiosk, 'unlock', { role: 'it', pin: '583920' }));
      const shown = await value<{ url: string; summary: { version: number; packId: string } }>(
        dispatch(kiosk, 'itPreviewPack', { token: unlocked.token, file: onStick }),
      );
      expect(shown.summary.version).toBe(7);
      const call = async (method: string, args: unknown) =>
        (await (
          await fetch(new URL(`/api/${method}`, shown.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(args) })
        ).json()) as {
          ok: boolean;
          value: Record<string, unknown> & { name?: { en: string } };
        };
      expect((await call('getDepartment', { id: 'vascular-surgery' })).value.name!.en).toBe('Vascular Surgery, from the pack');
      expect((await call('getInfo', {})).value).toMatchObject({ preview: { kind: 'pack', ok: true }, content: { version: 7, signers: [] } });
      // The kiosk itself still shows its own content, and nothing was installed.
      expect((await value<{ name: { en: string } }>(dispatch(kiosk, 'getDepartment', { id: 'vascular-surgery' }))).name.en).toBe('Vascular Surgery');
      expect(snapshot(dataDir)).toEqual(before);

      // A pack that fails verification is not previewed, in one sentence.
      const bad = join(packDir, 'tampered.kpack');
      const bytes = readFileSync(file);
      bytes.writeUInt8(bytes.readUInt8(bytes.length - 200) ^ 0xff, bytes.length - 200);
      writeFileSync(bad, bytes);
      const refused = await dispatch(kiosk, 'itPreviewPack', { token: unlocked.token, file: bad });
      expect(refused).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      expect((refused as { error: { message: string } }).error.message).toMatch(/^This pack cannot be previewed: /);
      // With the check that refused it, for the IT screen to say in its own language.
      const { check, params } = (refused as { error: { check?: string; params?: object } }).error;
      expect(isPackCheck(check ?? '')).toBe(true);
      expect(params).toBeTypeOf('object');
      // A path the pack folders do not offer is refused.
      expect(await dispatch(kiosk, 'itPreviewPack', { token: unlocked.token, file: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    } finally {
      await kiosk.packPreviews.stop();
      kiosk.close();
    }
    expect(snapshot(dataDir)).toEqual(before);
  });
});

describe('the preview of a pack with real-sized photos', () => {
  it('serves each photo byte for byte from the preview’s own address, none from the kiosk’s content', async () => {
    const dataDir = builtInDataDir();
    const key = makeKey();
    trustKeys(dataDir, [key]);
    const { dir, photos } = sourceWithPhotos([2 * 1024 * 1024, 5 * 1024 * 1024]);
    const packDir = tempDir('kiosk-usb-');
    const onStick = join(packDir, 'photos-v4.kpack');
    writeFileSync(onStick, readFileSync(await makePack([key], 4, { source: dir })));
    writeFileSync(join(dataDir, 'kiosk.json'), JSON.stringify({ packFolders: [packDir] }));
    const kiosk = new Kiosk({ dataDir, warn: () => {} });
    kiosk.packPreviews = new PackPreviews(kiosk.dataDir, async (api) => {
      const h = await startHost({ api, uiDir: tempDir('kiosk-ui-'), framing: 'kiosk' });
      return { url: h.url, close: () => h.close() };
    });
    try {
      setPin(dataDir, 'it', '583920');
      const { token } = await value<{ token: string }>(dispatch(kiosk, 'unlock', { role: 'it', pin: '583920' }));
      const started = performance.now();
      const { url } = await value<{ url: string }>(dispatch(kiosk, 'itPreviewPack', { token, file: onStick }));
      console.info(`preview of a pack with 7 MB of photos: served after ${Math.round(performance.now() - started)} ms`); // measured, not asserted
      for (const [path, data] of photos) {
        const res = await fetch(new URL(`/content/${path}`, url));
        expect(res.status, path).toBe(200);
        expect(Buffer.from(await res.arrayBuffer()).equals(data), path).toBe(true);
        expect(kiosk.content().asset(path), path).toBeUndefined(); // the kiosk itself has none of them
      }
    } finally {
      await kiosk.stopPreview();
      kiosk.close();
    }
  });
});

describe('stopping the preview of a pack', () => {
  /** A kiosk on a clock of its own, with a pack on its stick and the preview host of `kiosk serve`. */
  async function kioskWithPack() {
    const dataDir = builtInDataDir();
    const key = makeKey();
    trustKeys(dataDir, [key]);
    const packDir = tempDir('kiosk-usb-');
    const onStick = join(packDir, 'content-v7.kpack');
    writeFileSync(onStick, readFileSync(await makePack([key], 7, { source: contentCopy() })));
    writeFileSync(join(dataDir, 'kiosk.json'), JSON.stringify({ packFolders: [packDir] }));
    const clock = { now: Date.now() };
    const kiosk = new Kiosk({ dataDir, warn: () => {}, now: () => clock.now });
    const uiDir = tempDir('kiosk-ui-');
    writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>preview</title>');
    kiosk.packPreviews = new PackPreviews(
      kiosk.dataDir,
      async (api) => {
        const h = await startHost({ api, uiDir, framing: 'kiosk' });
        return { url: h.url, close: () => h.close() };
      },
      () => clock.now,
      50,
    );
    setPin(dataDir, 'it', '583920');
    setPin(dataDir, 'volunteer', '2749');
    const unlock = async (role: 'it' | 'volunteer' = 'it') =>
      (await value<{ token: string }>(dispatch(kiosk, 'unlock', { role, pin: role === 'it' ? '583920' : '2749' }))).token;
    const preview = async (token: string) => value<{ url: string }>(dispatch(kiosk, 'itPreviewPack', { token, file: onStick }));
    return { kiosk, clock, unlock, preview };
  }
  /** Is anything answering at the preview's address? */
  const served = async (url: string) =>
    fetch(url).then(
      (r) => r.ok,
      () => false,
    );

  it('stops when IT staff close it (itStopPreview), answering null whether or not one was shown, and only for an IT session', async () => {
    const { kiosk, unlock, preview } = await kioskWithPack();
    try {
      const token = await unlock();
      const { url } = await preview(token);
      expect(await served(url)).toBe(true);
      expect(kiosk.packPreviews!.origin).toBe(new URL(url).origin);
      const volunteer = await unlock('volunteer');
      expect(await dispatch(kiosk, 'itStopPreview', { token: volunteer })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await dispatch(kiosk, 'itStopPreview', { token: 'x'.repeat(64) })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await served(url)).toBe(true);
      expect(await dispatch(kiosk, 'itStopPreview', { token })).toEqual({ ok: true, value: null });
      expect(await served(url)).toBe(false);
      expect(kiosk.packPreviews!.origin).toBeUndefined();
      expect(await dispatch(kiosk, 'itStopPreview', { token })).toEqual({ ok: true, value: null });
      expect(await dispatch(kiosk, 'itStopPreview', { token, file: '/media/usb/x.kpack' })).toMatchObject({ ok: false, error: { code: 'bad_args' } });
    } finally {
      kiosk.close();
    }
  });

  it('stops when the IT session that opened it is locked; a volunteer locking their own session leaves it', async () => {
    const { kiosk, unlock, preview } = await kioskWithPack();
    try {
      const token = await unlock();
      const { url } = await preview(token);
      // The volunteer session replaces nothing on the service: both can be open; locking it is not the IT screen closing.
      const volunteer = await unlock('volunteer');
      await value(dispatch(kiosk, 'lock', { token: volunteer }));
      expect(await served(url)).toBe(true);
      await value(dispatch(kiosk, 'lock', { token }));
      expect(await served(url)).toBe(false);
      expect(kiosk.packPreviews!.origin).toBeUndefined();
    } finally {
      kiosk.close();
    }
  });

  it('stops once the IT session that opened it lapses after minutes unused, though the preview itself is being used', async () => {
    const { kiosk, clock, unlock, preview } = await kioskWithPack();
    try {
      const token = await unlock();
      const { url } = await preview(token);
      clock.now += 4 * 60_000;
      expect(await served(url)).toBe(true);
      await new Promise((r) => setTimeout(r, 150)); // a few checks: the session is still open
      expect(kiosk.packPreviews!.origin).toBe(new URL(url).origin);
      clock.now += 60_000 + 1000; // five minutes and a second since the IT screen last asked for anything
      await vi.waitFor(() => expect(kiosk.packPreviews!.origin).toBeUndefined(), { timeout: 5000, interval: 25 });
      expect(await served(url)).toBe(false);
      expect(await dispatch(kiosk, 'itStopPreview', { token })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    } finally {
      kiosk.close();
    }
  });
});
