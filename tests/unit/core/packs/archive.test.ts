/**
 * Packs at real sizes and packs made to do harm: camera-sized photos and megabyte manifests read
 * through the pack's one file descriptor, again and again, without losing or reusing it; packs
 * from the future or with absurd versions that would block every later update; content texts of
 * absurd length; manifests whose duplicated keys say two things at once.
 */
import { readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../../src/cli/kiosk.js';
import { dispatch } from '../../../../src/core/api/handlers.js';
import { setPin } from '../../../../src/core/access/pins.js';
import { Kiosk } from '../../../../src/app/kiosk.js';
import { rng, syntheticDepartment } from '../../../../bench/generate.js';
import { MAX_DEPARTMENTS } from '../../../../src/core/content/schema.js';
import { ContentChecker, ContentError } from '../../../../src/core/content/source.js';
import { sha256Hex, type ZipInput } from '../../../../src/core/packs/create.js';
import { PackError, installPack, inspectPack, readAuditLog, resetRollbackRecord, status } from '../../../../src/app/packs.js';
import { startHost } from '../../../../src/host/server.js';
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
} from '../../../fixtures/packs/helpers.js';
import { cameraJpeg, largeManifest, manifestText, sourceWithPhotos } from '../../../fixtures/packs/large.js';

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
    const m = {
      format: 'lobby-kiosk-content-pack',
      formatVersion: 1,
      packId: 'twice-v11',
      version: 11,
      created: new Date().toISOString(),
      minAppVersion: '0.1.0',
      files,
    };
    return Buffer.from(edit(JSON.stringify(m, null, 2)));
  }

  it.each([
    [
      'a version given twice',
      (t: string) => t.replace('"version": 11', '"version": 10,\n  "version": 11'),
      /"version" appears twice in one object \(at the top level\)/,
    ],
    ['the second spelt with an escape', (t: string) => t.replace('"version": 11', '"version": 10,\n  "\\u0076ersion": 11'), /"version" appears twice/],
    [
      'a file listed with two hashes',
      (t: string) => t.replace(/"sha256": "([0-9a-f]{64})"/, '"sha256": "$1", "sha256": "$1"'),
      /"sha256" appears twice in one object \(in files\[0\]\)/,
    ],
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

describe('one signed pack must not block every later update', () => {
  const DAY = 86_400_000;

  it('refuses a pack created further ahead of the kiosk clock than a day, and honest packs install after it', async () => {
    const dataDir = copyDataDir(base);
    const e = (await installPack(await makePack([A], 1, { now: new Date('2099-01-01T00:00:00Z') }), dataDir).catch((x: unknown) => x)) as PackError;
    expect(e).toBeInstanceOf(PackError);
    expect(e.check).toBe('created-future');
    expect(e.message).toMatch(/^The pack says it was created on 2099-01-01T00:00:00\.000Z, more than 24 hours after this kiosk's clock \(\d{4}-/);
    expect(status(dataDir)).toMatchObject({ highestVersionAccepted: 0, latestCreatedAccepted: null });
    // An honest pack that expires in a month: before the fix it counted as expired by 2099.
    const honest = await installPack(await makePack([A], 2, { expires: new Date(Date.now() + 30 * DAY).toISOString() }), dataDir);
    expect(honest.status).toBe('installed');
  });

  it('accepts a pack from a publisher whose clock is a few hours ahead', async () => {
    const dataDir = copyDataDir(base);
    const r = await installPack(await makePack([A], 1, { now: new Date(Date.now() + 23 * 3_600_000) }), dataDir);
    expect(r.status).toBe('installed');
  });

  it('refuses a version more than a million above the highest accepted, and honest packs install after it', async () => {
    const dataDir = copyDataDir(base);
    for (const version of [Number.MAX_SAFE_INTEGER, 1_000_001]) {
      const e = (await installPack(await makePack([A], version), dataDir).catch((x: unknown) => x)) as PackError;
      expect(e).toBeInstanceOf(PackError);
      expect(e.check).toBe('version-jump');
      expect(e.message).toBe(
        `The pack holds version ${version}, more than 1000000 above the highest version this kiosk has accepted (0); no later pack could follow it, so it is refused: number packs one after another.`,
      );
    }
    expect(status(dataDir).highestVersionAccepted).toBe(0);
    expect((await installPack(await makePack([A], 1_000_000), dataDir)).status).toBe('installed');
    expect((await installPack(await makePack([A], 1_000_001), dataDir)).status).toBe('installed');
  });

  it.each([
    ['above 2^53 − 1', '9007199254740993'],
    ['not a whole number', '7.5'],
    ['written as an exponent past 2^53', '1e300'],
    ['below 1', '-3'],
  ])('refuses a version %s', async (_name, written) => {
    const dataDir = copyDataDir(base);
    const files = sourceFiles().map((f) => ({ path: f.name, size: (f.data as Buffer).length, sha256: sha256Hex(f.data as Buffer) }));
    const text = JSON.stringify({
      format: 'lobby-kiosk-content-pack',
      formatVersion: 1,
      packId: 'big',
      version: 0,
      created: new Date().toISOString(),
      minAppVersion: '0.1.0',
      files,
    });
    const pack = await craftPack({ signers: [A], manifestBytes: Buffer.from(text.replace('"version":0', `"version":${written}`)) });
    const r = await inspectPack(pack, dataDir);
    expect(r).toMatchObject({
      ok: false,
      check: 'manifest-malformed',
      reason: "The pack's manifest.json is malformed: version must be a whole number from 1 to 9007199254740991.",
    });
  });
});

describe('resetting the anti-rollback record to the live content', () => {
  /** A data folder as a kiosk without these checks left it: a pack from 2099 with version 2^53 − 1 accepted, then rolled back. */
  async function blockedDataDir(): Promise<string> {
    const dataDir = copyDataDir(base);
    await installPack(await makePack([A], 3), dataDir);
    const state = JSON.parse(readFileSync(join(dataDir, 'state.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(
      join(dataDir, 'state.json'),
      JSON.stringify({ ...state, highestVersion: Number.MAX_SAFE_INTEGER, latestCreated: '2099-01-01T00:00:00.000Z' }),
    );
    return dataDir;
  }

  it('sets the highest version and latest creation time to the live content, logs it, and honest packs install again', async () => {
    const dataDir = await blockedDataDir();
    const honest = () => makePack([A], 4, { expires: new Date(Date.now() + 30 * 86_400_000).toISOString() });
    await expect(installPack(await honest(), dataDir)).rejects.toMatchObject({ check: 'expired' });
    const live = status(dataDir).installed!;
    const r = await resetRollbackRecord(dataDir);
    expect(r).toMatchObject({
      changed: true,
      before: { highestVersion: Number.MAX_SAFE_INTEGER, latestCreated: '2099-01-01T00:00:00.000Z' },
      after: { highestVersion: 3, latestCreated: live.createdAt },
      live: { version: 3, packId: 'content-v3' },
    });
    expect(r.message).toBe(
      `The anti-rollback record now holds the live content's version 3 and creation time ${live.createdAt} (pack content-v3 version 3; the record held version 9007199254740991 and creation time 2099-01-01T00:00:00.000Z), so packs above version 3 can be installed again.`,
    );
    expect(status(dataDir)).toMatchObject({ highestVersionAccepted: 3, latestCreatedAccepted: live.createdAt, installed: { version: 3 } });
    expect(readAuditLog(dataDir).at(-1)).toMatchObject({
      action: 'reset-rollback-record',
      result: 'accepted',
      packId: 'content-v3',
      version: 3,
      reason: r.message,
    });
    expect((await installPack(await honest(), dataDir)).status).toBe('installed');
    // Nothing left to reset: said so, logged, nothing written.
    const again = await resetRollbackRecord(dataDir);
    expect(again.changed).toBe(false);
    expect(again.message).toMatch(/^The anti-rollback record already holds the live content's version 4 .*; nothing was changed\.$/);
    expect(readAuditLog(dataDir).at(-1)).toMatchObject({ action: 'reset-rollback-record', result: 'no-change' });
  });

  it('replaces a damaged state.json, which refuses every pack', async () => {
    const dataDir = copyDataDir(base);
    writeFileSync(join(dataDir, 'state.json'), '{"highestVersion": ');
    await expect(installPack(await makePack([A], 1), dataDir)).rejects.toMatchObject({ check: 'trust-config' });
    const r = await resetRollbackRecord(dataDir);
    expect(r).toMatchObject({ changed: true, before: null, after: { highestVersion: 0 } });
    expect(r.message).toContain('state.json was damaged');
    expect((await installPack(await makePack([A], 1), dataDir)).status).toBe('installed');
  });

  it('never records a live creation time from further ahead than packs may be', async () => {
    const dataDir = copyDataDir(base);
    const now = new Date('2030-01-01T00:00:00Z');
    // The clock was ahead when the pack was installed, and is right again now.
    await installPack(await makePack([A], 1, { now }), dataDir, () => {}, { now });
    const r = await resetRollbackRecord(dataDir, { now: new Date('2027-01-01T00:00:00Z') });
    expect(r.after).toEqual({ highestVersion: 1, latestCreated: '2027-01-01T00:00:00.000Z' });
  });
});

describe('kiosk reset-rollback-record', () => {
  async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
    try {
      return { code: await main(argv), out: out.join('\n'), err: err.join('\n') };
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  }

  it('says in one sentence what it set, and is listed in the help', async () => {
    const dataDir = copyDataDir(base);
    writeFileSync(join(dataDir, 'state.json'), JSON.stringify({ highestVersion: Number.MAX_SAFE_INTEGER, latestCreated: '2099-01-01T00:00:00.000Z' }));
    const r = await run('reset-rollback-record', '--data-dir', dataDir);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(
      /^The anti-rollback record now holds the live content's version 0 and creation time \S+ \(the built-in content version 0; the record held version 9007199254740991 and creation time 2099-01-01T00:00:00.000Z\), so packs above version 0 can be installed again\.$/,
    );
    expect(status(dataDir)).toMatchObject({ highestVersionAccepted: 0 });
    expect((await installPack(await makePack([A], 1), dataDir)).status).toBe('installed');
    const help = await run('help');
    expect(help.out).toContain('kiosk reset-rollback-record [--data-dir DIR]');
  });

  it('refuses with a sentence where no content is live', async () => {
    const r = await run('reset-rollback-record', '--data-dir', join(tempDir(), 'new-kiosk'));
    expect(r).toMatchObject({
      code: 1,
      err: 'kiosk reset-rollback-record: No content is live in this data folder yet, so there is no record to set; nothing was changed.',
    });
  });
});

describe('resetting the anti-rollback record from the IT screen', () => {
  it('needs an IT session at the kiosk itself, and then does what the command does', async () => {
    const dataDir = copyDataDir(base);
    await installPack(await makePack([A], 2), dataDir);
    writeFileSync(join(dataDir, 'state.json'), JSON.stringify({ highestVersion: Number.MAX_SAFE_INTEGER, latestCreated: '2099-01-01T00:00:00.000Z' }));
    setPin(dataDir, 'it', '482916');
    setPin(dataDir, 'volunteer', '7315');
    const kiosk = new Kiosk({ dataDir, warn: () => {} });
    try {
      const unlock = async (role: 'it' | 'volunteer', pin: string) => {
        const r = await dispatch(kiosk, 'unlock', { role, pin });
        if (!r.ok || !(r.value as { ok: boolean }).ok) throw new Error('unlock failed');
        return (r.value as { token: string }).token;
      };
      expect(await dispatch(kiosk, 'itResetRollbackRecord', { token: 'x'.repeat(32) })).toMatchObject({
        ok: false,
        error: { message: 'The IT session has ended; enter the PIN again.' },
      });
      expect(await dispatch(kiosk, 'itResetRollbackRecord', { token: await unlock('volunteer', '7315') })).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
      const token = await unlock('it', '482916');
      expect(await dispatch(kiosk, 'itResetRollbackRecord', { token }, { remote: true, address: '192.0.2.7' })).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
      expect(status(dataDir).highestVersionAccepted).toBe(Number.MAX_SAFE_INTEGER);
      const r = await dispatch(kiosk, 'itResetRollbackRecord', { token });
      expect(r).toMatchObject({ ok: true, value: { changed: true, after: { highestVersion: 2 }, live: { version: 2 } } });
      expect(status(dataDir).highestVersionAccepted).toBe(2);
      expect(readAuditLog(dataDir).at(-1)).toMatchObject({ action: 'reset-rollback-record', result: 'accepted', version: 2 });
    } finally {
      kiosk.close();
    }
  });
});

describe('content texts and lists of absurd length', () => {
  /** About `chars` characters of words, compressing some 15:1 like real text repeated with variations. */
  function wordyText(chars: number): string {
    const words = ['vascular', 'clinic', 'care', 'the', 'and', 'patients', 'surgery', 'of'];
    const r = rng(7);
    const out: string[] = [];
    let n = 0;
    while (n < chars) {
      const w = words[Math.floor(r() * words.length)]!;
      out.push(w);
      n += w.length + 1;
    }
    return out.join(' ');
  }

  /** The built-in content's files, one of them changed. */
  function filesWith(rel: string, change: (doc: Record<string, unknown>) => void): ZipInput[] {
    return sourceFiles().map((f) => {
      if (f.name !== rel) return f;
      const doc = JSON.parse((f.data as Buffer).toString('utf8')) as Record<string, unknown>;
      change(doc);
      return { ...f, data: Buffer.from(JSON.stringify(doc)) };
    });
  }

  it('refuses a signed pack with a 30 MB department summary, naming the file and the field, and the content stays', async () => {
    const dataDir = copyDataDir(base);
    const files = filesWith('departments/vascular-surgery.json', (d) => void ((d.summary as { en: string }).en = wordyText(30_000_000)));
    const pack = await craftPack({ signers: [A], files });
    const snap = snapshot(dataDir);
    const report = await inspectPack(pack, dataDir);
    expect(report).toEqual({
      ok: false,
      check: 'content',
      reason: "The pack's content is not valid: departments/vascular-surgery.json: summary.en must be at most 4000 characters",
      params: { detail: 'departments/vascular-surgery.json: summary.en must be at most 4000 characters' },
    });
    await expect(installPack(pack, dataDir)).rejects.toMatchObject({ check: 'content', message: report.ok ? '' : report.reason });
    expect(snapshot(dataDir)).toEqual(snap);
    const kiosk = new Kiosk({ dataDir, warn: () => {} });
    try {
      expect(
        kiosk
          .content()
          .listDepartments()
          .map((d) => d.id),
      ).toEqual(['general-ultrasound', 'vascular-surgery']);
    } finally {
      kiosk.close();
    }
  });

  const long = (n: number) => 'x'.repeat(n);
  it.each([
    [
      'a department name over 200 characters',
      'departments/vascular-surgery.json',
      (d: Record<string, any>) => void (d.name.zh = long(201)),
      'name.zh must be at most 200 characters',
    ],
    [
      'a paragraph over 4,000 characters',
      'departments/vascular-surgery.json',
      (d: Record<string, any>) => void (d.description[0].en = long(4001)),
      'description[0].en must be at most 4000 characters',
    ],
    [
      'a keyword over 500 characters',
      'departments/vascular-surgery.json',
      (d: Record<string, any>) => void d.keywords.en.push(long(501)),
      /keywords\.en\[\d+\] must be at most 500 characters/,
    ],
    [
      '501 services',
      'departments/vascular-surgery.json',
      (d: Record<string, any>) => void (d.services = Array.from({ length: 501 }, (_, i) => ({ name: { zh: `服务${i}`, en: `Service ${i}` } }))),
      'services must list at most 500 entries',
    ],
    [
      '501 keywords on one service',
      'departments/vascular-surgery.json',
      (d: Record<string, any>) => void (d.services[0].keywords = Array.from({ length: 501 }, (_, i) => `k${i}`)),
      'services[0].keywords must list at most 500 entries',
    ],
    [
      'a hospital welcome over 4,000 characters',
      'hospital.json',
      (d: Record<string, any>) => void (d.welcome.en = long(4001)),
      'hospital.json: welcome.en must be at most 4000 characters',
    ],
    [
      'a map point name over 200 characters',
      'wayfinding.json',
      (d: Record<string, any>) => void (d.points[0].name = { zh: long(201), en: 'x' }),
      'wayfinding.json: points[0].name.zh must be at most 200 characters',
    ],
    [
      'a visitor topic of 501 paragraphs',
      'visitor-info.json',
      (d: Record<string, any>) => void (d.topics[0].body = Array.from({ length: 501 }, () => ({ zh: '段落', en: 'A paragraph.' }))),
      'visitor-info.json: topics[0].body',
    ],
  ])('refuses %s with a sentence naming the file and the field', async (_name, rel, change, sentence) => {
    const dataDir = copyDataDir(base);
    const r = await inspectPack(await craftPack({ signers: [A], files: filesWith(rel, change) }), dataDir);
    expect(r).toMatchObject({ ok: false, check: 'content' });
    if (r.ok) return;
    expect(r.reason).toMatch(/^The pack's content is not valid: /);
    if (typeof sentence === 'string') expect(r.reason).toContain(sentence);
    else expect(r.reason).toMatch(sentence);
    if (rel.startsWith('departments/')) expect(r.reason).toContain(`${rel}: `);
  });

  it("takes the bench generator's full-scale content (10,000 departments of 20 rows), and refuses one department over the cap", () => {
    const r = rng(42);
    const checker = new ContentChecker();
    const hospital = {
      name: { zh: '医院', en: 'Hospital' },
      city: { zh: '长春', en: 'Changchun' },
      address: { placeholder: true },
      phone: { placeholder: true },
      emergency: { zh: '急诊', en: 'Emergency' },
      welcome: { zh: '欢迎', en: 'Welcome' },
    };
    checker.add('hospital.json', JSON.stringify(hospital));
    for (let i = 0; i < 10_000; i++) {
      const d = syntheticDepartment(r, i, 20);
      checker.add(`departments/${d.id}.json`, JSON.stringify(d));
    }
    expect(checker.finish().departments).toHaveLength(10_000);
    expect(MAX_DEPARTMENTS).toBe(20_000);

    const over = new ContentChecker();
    over.add('hospital.json', JSON.stringify(hospital));
    const one = syntheticDepartment(rng(1), 0, 1);
    for (let i = 0; i <= MAX_DEPARTMENTS; i++) over.add(`departments/d-${i}.json`, JSON.stringify({ ...one, id: `d-${i}` }));
    expect(() => over.finish()).toThrow(
      new ContentError(`departments/: the content holds ${MAX_DEPARTMENTS + 1} departments, over the cap of ${MAX_DEPARTMENTS}.`),
    );
  });
});
