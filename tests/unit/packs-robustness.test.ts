/**
 * Packs at real sizes and packs made to do harm: camera-sized photos and megabyte manifests read
 * through the pack's one file descriptor, again and again, without losing or reusing it; packs
 * from the future or with absurd versions that would block every later update; content texts of
 * absurd length; manifests whose duplicated keys say two things at once.
 */
import { readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kiosk } from '../../src/core/live.js';
import { sha256Hex } from '../../src/core/packs/create.js';
import { PackError, installPack, inspectPack, readAuditLog, status } from '../../src/core/packs/index.js';
import { startHost } from '../../src/host/server.js';
import {
  builtInDataDir,
  cleanTempDirs,
  copyDataDir,
  craftPack,
  makeKey,
  makePack,
  setDeclaredSize,
  snapshot,
  sourceFiles,
  tempDir,
  trustKeys,
  type TestKey,
} from '../fixtures/packs/helpers.js';
import { cameraJpeg, largeManifest, manifestText, sourceWithPhotos } from '../fixtures/packs/large.js';

let A: TestKey; // trusted
let U: TestKey; // not trusted
let base: string; // built-in content, A trusted

beforeAll(() => {
  A = makeKey('alice');
  U = makeKey('stranger');
  base = builtInDataDir();
  trustKeys(base, [A]);
});
afterAll(cleanTempDirs);

/** The file descriptors this process holds open. */
const openFds = () => readdirSync('/proc/self/fd').length;

/** An errno code or its raw text, which must never reach a person. */
const NO_ERRNO = /\b(E[A-Z]{2,}|errno)\b|bad file descriptor/;

describe('photos and manifests over a megabyte, through one file descriptor', () => {
  it('packs, verifies and installs camera-sized photos, and the kiosk serves them byte for byte', async () => {
    const { dir: source, photos } = sourceWithPhotos([2_400_000, 4_700_000]);
    const pack = await makePack([A], 1, { source });
    const dataDir = copyDataDir(base);
    const before = openFds();

    const report = await inspectPack(pack, dataDir);
    expect(report).toMatchObject({ ok: true, summary: { version: 1 } });
    const r = await installPack(pack, dataDir);
    expect(r.status).toBe('installed');
    expect(openFds()).toBe(before);

    const kiosk = new Kiosk({ dataDir, warn: () => {} });
    const ui = tempDir('kiosk-ui-');
    writeFileSync(join(ui, 'index.html'), '<!doctype html><title>ui</title>');
    const host = await startHost({ api: kiosk, uiDir: ui });
    try {
      for (const [path, data] of photos) {
        const res = await fetch(new URL(`content/${path}`, host.url));
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('image/jpeg');
        expect(Buffer.from(await res.arrayBuffer()).equals(data)).toBe(true);
      }
    } finally {
      await host.close();
      kiosk.close();
    }
  });

  it('refuses a pack with a 2.7 MB manifest signed only by an untrusted key, 60 times in a row, with a sentence and no descriptor lost', async () => {
    const manifest = manifestText(largeManifest(15_000));
    expect(manifest.length).toBeGreaterThan(2_700_000);
    // Stored, not deflated, so the manifest is read as a stream (entries over 1 MiB are).
    const pack = await craftPack({
      signers: [U],
      manifestBytes: manifest,
      entries: (e) => e.map((x) => (x.name === 'manifest.json' ? { ...x, compress: false } : x)),
    });
    const dataDir = copyDataDir(base);
    const before = openFds();
    for (let i = 0; i < 60; i++) {
      const r = await inspectPack(pack, dataDir);
      expect(r).toMatchObject({ ok: false, check: 'unknown-key' });
      if (!r.ok) {
        expect(r.reason).toContain(U.keyId);
        expect(r.reason).not.toMatch(NO_ERRNO);
      }
    }
    expect(openFds()).toBe(before);
    // The same pack through install: refused, logged by file name only, nothing changed.
    const snap = snapshot(dataDir);
    await expect(installPack(pack, dataDir)).rejects.toMatchObject({ check: 'unknown-key' });
    expect(snapshot(dataDir)).toEqual(snap);
    expect(readAuditLog(dataDir).at(-1)).toMatchObject({ action: 'install', result: 'refused', check: 'unknown-key', file: pack });
    expect(openFds()).toBe(before);
  });

  it('refuses a large entry whose header understates it, and keeps reading other packs through fresh descriptors', async () => {
    // Deflated (barely, it is random) to 3 MB, so it is streamed; the manifest and the directory
    // both claim 1.5 MB, so the read stops half-way through with a stream still open.
    const liar = await craftPack({
      signers: [A],
      files: [...sourceFiles(), { name: 'images/liar.jpg', data: cameraJpeg(3_000_000) }],
      manifest: (m) => ({ ...m, files: m.files.map((f) => (f.path === 'images/liar.jpg' ? { ...f, size: 1_500_000 } : f)) }),
      zip: (z) => setDeclaredSize(z, 'images/liar.jpg', 1_500_000),
    });
    const good = await makePack([A], 1, { source: sourceWithPhotos([2_100_000]).dir });
    const dataDir = copyDataDir(base);
    const before = openFds();
    for (let i = 0; i < 20; i++) {
      const r = await inspectPack(liar, dataDir);
      expect(r).toMatchObject({ ok: false, check: 'zip-inflate' });
      if (!r.ok) expect(r.reason).not.toMatch(NO_ERRNO);
      expect(await inspectPack(good, dataDir)).toMatchObject({ ok: true });
    }
    expect(openFds()).toBe(before);
    expect(status(dataDir).installed?.version).toBe(0);
  });

  it('says in words, not errno codes, why a pack file cannot be opened', async () => {
    const dataDir = copyDataDir(base);
    const notAFolder = join(tempDir(), 'notes.txt');
    writeFileSync(notAFolder, 'not a folder');
    const loop = join(tempDir(), 'loop.kpack');
    symlinkSync(loop, loop);
    for (const [file, words] of [
      [join(notAFolder, 'lobby.kpack'), 'a part of its path is not a folder'],
      [loop, 'its path is a loop of links'],
      [join(tempDir(), `${'x'.repeat(300)}.kpack`), 'its name is too long'],
    ] as const) {
      const r = await inspectPack(file, dataDir);
      expect(r).toMatchObject({ ok: false, check: 'pack-unreadable' });
      if (!r.ok) {
        expect(r.reason).toContain(words);
        expect(r.reason).not.toMatch(NO_ERRNO);
      }
    }
  });
});

describe('signed JSON that says two things at once', () => {
  /** A valid manifest's text (version 11) with `insert` placed right after its opening brace, or replacing `from`. */
  function manifestWith(edit: (text: string) => string): Buffer {
    const files = sourceFiles().map((f) => ({ path: f.name, size: (f.data as Buffer).length, sha256: sha256Hex(f.data as Buffer) }));
    const m = { format: 'lobby-kiosk-content-pack', formatVersion: 1, packId: 'twice-v11', version: 11, created: new Date().toISOString(), minAppVersion: '0.1.0', files };
    return Buffer.from(edit(JSON.stringify(m, null, 2)));
  }

  it.each([
    ['a version given twice', (t: string) => t.replace('"version": 11', '"version": 10,\n  "version": 11'), /"version" appears twice in one object \(at the top level\)/],
    ['the second spelt with an escape', (t: string) => t.replace('"version": 11', '"version": 10,\n  "\\u0076ersion": 11'), /"version" appears twice/],
    ['a file listed with two hashes', (t: string) => t.replace(/"sha256": "([0-9a-f]{64})"/, '"sha256": "$1", "sha256": "$1"'), /"sha256" appears twice in one object \(in files\[0\]\)/],
    [
      'a key list with two thresholds',
      (t: string) => t.replace(/\n}$/, `,\n  "keys": { "threshold": 2, "threshold": 1, "keys": [${JSON.stringify(A.entry)}] }\n}`),
      /"threshold" appears twice in one object \(in keys\)/,
    ],
  ])('refuses a manifest with %s, and installs nothing', async (_name, edit, sentence) => {
    const dataDir = copyDataDir(base);
    const bytes = manifestWith(edit);
    expect(() => JSON.parse(bytes.toString())).not.toThrow(); // JSON.parse alone takes the last value
    const pack = await craftPack({ signers: [A], manifestBytes: bytes });
    const snap = snapshot(dataDir);
    const e = (await installPack(pack, dataDir).catch((x: unknown) => x)) as PackError;
    expect(e).toBeInstanceOf(PackError);
    expect(e.check).toBe('manifest-malformed');
    expect(e.message).toMatch(/^The pack's manifest\.json is malformed: the key /);
    expect(e.message).toMatch(sentence);
    expect(snapshot(dataDir)).toEqual(snap);
  });

  it('refuses a manifest nested deeper than any manifest needs', async () => {
    const dataDir = copyDataDir(base);
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const pack = await craftPack({ signers: [A], manifestBytes: manifestWith((t) => t.replace(/\n}$/, `,\n  "extra": ${deep}\n}`)) });
    const r = await inspectPack(pack, dataDir);
    expect(r).toMatchObject({ ok: false, check: 'manifest-malformed', reason: expect.stringMatching(/nests deeper than 32 levels/) });
  });

  it('refuses a signatures file that lists its signatures twice', async () => {
    const dataDir = copyDataDir(base);
    const pack = await craftPack({
      signers: [A],
      signatures: (s) => Buffer.from(`{"signatures": [], "signatures": ${JSON.stringify(s.signatures)}}`),
    });
    const r = await inspectPack(pack, dataDir);
    expect(r).toMatchObject({ ok: false, check: 'signature-malformed', reason: expect.stringMatching(/"signatures" appears twice/) });
  });

  it('still accepts the same manifest with each key once, whatever its spacing and key order', async () => {
    const dataDir = copyDataDir(base);
    const bytes = manifestWith((t) => {
      const m = JSON.parse(t) as Record<string, unknown>;
      return JSON.stringify(Object.fromEntries(Object.entries(m).reverse()));
    });
    const r = await installPack(await craftPack({ signers: [A], manifestBytes: bytes }), dataDir);
    expect(r).toMatchObject({ status: 'installed', summary: { version: 11 } });
  });
});
