/**
 * Packs at the limits. In a running kiosk: installs of packs with camera-sized photos from the IT
 * screen while visitors' requests keep arriving, and a pack signed by a stranger with a megabyte
 * manifest checked again and again, in one process that must keep every file descriptor it had
 * and keep answering. Then crafted packs, seeded: manifests with a key written twice (refused)
 * or once in any order and spacing (accepted); packs from too far ahead or with too big a version
 * (refused, and an honest pack installs after each, also after a reset of the record an older
 * kiosk left); texts and lists over their caps (refused naming file and field) or within them.
 */
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstallJob, Inspection, UnlockResult } from '../../src/core/api/contract.js';
import { Kiosk } from '../../src/app/kiosk.js';
import { setPin } from '../../src/core/access/pins.js';
import { startHost, type RunningHost } from '../../src/host/server.js';
import { rng } from '../../bench/generate.js';
import { sha256Hex } from '../../src/core/packs/create.js';
import { installPack, inspectPack, PackError, resetRollbackRecord, status } from '../../src/app/packs.js';
import { MAX_ITEM_CHARS, MAX_LIST_ENTRIES, MAX_NAME_CHARS, MAX_TEXT_CHARS } from '../../src/core/content/schema.js';
import type { ZipInput } from '../../src/core/packs/create.js';
import {
  builtInDataDir,
  cleanTempDirs,
  craftPack,
  makeKey,
  makePack,
  snapshot,
  sourceFiles,
  tempDir,
  trustKeys,
  type TestKey,
} from '../fixtures/packs/helpers.js';
import { largeManifest, manifestText, sourceWithPhotos } from '../fixtures/packs/large.js';
import { LIMIT_CASES, LIMIT_CHECKS, LIMIT_INSTALLS, SEED } from './scale.js';

const IT_PIN = '482916';
const openFds = () => readdirSync('/proc/self/fd').length;
/** The descriptor count once closed connections are gone (a socket closes a moment after its response). */
async function settledFds(): Promise<number> {
  let last = openFds();
  for (let i = 0; i < 40; i++) {
    await new Promise((r) => setTimeout(r, 50));
    const now = openFds();
    if (now === last) return now;
    last = now;
  }
  return last;
}
const ERRNO = /\b(E[A-Z]{2,}|errno)\b|bad file descriptor/;

let A: TestKey;

beforeAll(() => {
  A = makeKey('alice');
});
afterAll(cleanTempDirs);

/** A kiosk serving its API and photos over HTTP, with an IT PIN and a USB stick folder. */
async function runningKiosk(): Promise<{ kiosk: Kiosk; host: RunningHost; usb: string; dataDir: string; close(): Promise<void> }> {
  const dataDir = builtInDataDir();
  trustKeys(dataDir, [A]);
  const usb = tempDir('kiosk-usb-');
  writeFileSync(join(dataDir, 'kiosk.json'), JSON.stringify({ packFolders: [usb] }));
  setPin(dataDir, 'it', IT_PIN);
  const ui = tempDir('kiosk-ui-');
  mkdirSync(join(ui, 'assets'));
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>ui</title>');
  const kiosk = new Kiosk({ dataDir, warn: () => {} });
  const host = await startHost({ api: kiosk, uiDir: ui });
  return {
    kiosk,
    host,
    usb,
    dataDir,
    async close() {
      await host.close();
      kiosk.close();
    },
  };
}

async function api<T>(host: RunningHost, method: string, body: unknown): Promise<T> {
  const res = await fetch(new URL(`api/${method}`, host.url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Connection: 'close' },
    body: JSON.stringify(body),
  });
  const out = (await res.json()) as { ok: true; value: T } | { ok: false; error: { message: string } };
  if (!out.ok) throw new Error(`${method}: ${out.error.message}`);
  return out.value;
}

async function itToken(host: RunningHost): Promise<string> {
  const r = await api<UnlockResult>(host, 'unlock', { role: 'it', pin: IT_PIN });
  if (!r.ok) throw new Error(r.message);
  return r.token;
}

describe('photos and manifests over a megabyte in a running kiosk', () => {
  it(`installs ${LIMIT_INSTALLS} packs with camera-sized photos from the IT screen while visitors' requests keep arriving`, async () => {
    const { dir: source, photos } = sourceWithPhotos([2_600_000, 4_900_000]);
    const k = await runningKiosk();
    try {
      const token = await itToken(k.host);
      const install = async (v: number) => {
        const made = await makePack([A], v, { source });
        const file = join(k.usb, `lobby-v${v}.kpack`);
        renameSync(made, file);
        const report = await api<Inspection>(k.host, 'itInspectPack', { token, file });
        expect(report).toMatchObject({ ok: true, summary: { version: v } });
        let job = await api<InstallJob>(k.host, 'itInstallPack', { token, file });
        while (job.state === 'running') {
          await new Promise((r) => setTimeout(r, 50));
          job = await api<InstallJob>(k.host, 'itInstallJob', { token, id: job.id });
        }
        expect(job.error ?? '').not.toMatch(ERRNO);
        expect(job).toMatchObject({ state: 'done', result: { status: 'installed' } });
        expect(k.kiosk.content().status().version).toBe(v);
      };
      // The first install loads the pack tools; what the process holds after it is the baseline.
      await install(1);
      const baseline = await settledFds();
      let installing = true;
      let served = 0;
      // Visitors: the welcome screen's poll and the department photos, on fresh connections, all along.
      const visitors = (async () => {
        while (installing) {
          const info = await api<{ content: { version: number } }>(k.host, 'getInfo', {});
          expect(info.content.version).toBeGreaterThanOrEqual(1);
          for (const [path, data] of photos) {
            const res = await fetch(new URL(`content/${path}`, k.host.url), { headers: { Connection: 'close' } });
            expect(res.status).toBe(200);
            expect(Buffer.from(await res.arrayBuffer()).equals(data)).toBe(true);
            served++;
          }
        }
      })();
      try {
        for (let v = 2; v <= LIMIT_INSTALLS; v++) await install(v);
      } finally {
        installing = false;
        await visitors;
      }
      expect(served).toBeGreaterThan(0);
      expect(k.kiosk.content().asset('images/entrance-2.jpg')?.data.equals(photos.get('images/entrance-2.jpg')!)).toBe(true);
      // Every install read its photos through one descriptor and closed it once: none kept, none lost.
      expect(await settledFds()).toBe(baseline);
    } finally {
      await k.close();
    }
  }, 600_000);

  it(`refuses a pack with a 2.7 MB manifest signed only by a stranger ${LIMIT_CHECKS} times from the IT screen, with a sentence each time`, async () => {
    const stranger = makeKey('stranger');
    const k = await runningKiosk();
    try {
      const made = await craftPack({
        signers: [stranger],
        manifestBytes: manifestText(largeManifest(15_000)),
        entries: (e) => e.map((x) => (x.name === 'manifest.json' ? { ...x, compress: false } : x)),
      });
      const file = join(k.usb, 'stranger.kpack');
      renameSync(made, file);
      const token = await itToken(k.host);
      await api<Inspection>(k.host, 'itInspectPack', { token, file }); // the pack tools are loaded once
      const before = await settledFds();
      let checking = true;
      let answered = 0;
      // Visitors meanwhile, each on a new connection: a descriptor closed twice would hit one of theirs.
      const visitors = (async () => {
        while (checking) {
          const info = await api<{ content: { version: number } }>(k.host, 'getInfo', {});
          expect(info.content.version).toBe(0);
          answered++;
        }
      })();
      try {
        for (let i = 0; i < LIMIT_CHECKS; i++) {
          const r = await api<Inspection>(k.host, 'itInspectPack', { token, file });
          expect(r).toMatchObject({ ok: false, check: 'unknown-key' });
          if (!r.ok) expect(r.reason).not.toMatch(ERRNO);
        }
      } finally {
        checking = false;
        await visitors;
      }
      expect(answered).toBeGreaterThan(0);
      // None kept. The count may be lower than before: each check runs in a worker thread of its
      // own, which holds a few descriptors until it has exited, a moment after its answer, and on a
      // busy machine the count before still held the first check's. A descriptor closed twice
      // would have broken one of the visitors' calls above.
      expect(await settledFds()).toBeLessThanOrEqual(before);
    } finally {
      await k.close();
    }
  }, 600_000);
});

/**
 * JSON text for `value` with random spacing and member order; when `twice` names the n-th object
 * (in writing order), one of its keys is written a second time, with another value, spelt plainly
 * or with a \u escape. Returns the text and the key written twice.
 */
function serialize(value: unknown, r: () => number, twice?: number): { text: string; duplicated?: string } {
  let objects = 0;
  let duplicated: string | undefined;
  const space = () => [' ', '', '\n  ', '\t'][Math.floor(r() * 4)]!;
  const spell = (key: string) => {
    if (r() < 0.5 || key.length === 0) return JSON.stringify(key);
    const at = Math.floor(r() * key.length);
    return `"${key.slice(0, at)}\\u${key.charCodeAt(at).toString(16).padStart(4, '0')}${key.slice(at + 1)}"`;
  };
  const write = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map((x) => space() + write(x)).join(',')}${space()}]`;
    if (v === null || typeof v !== 'object') return JSON.stringify(v);
    const index = objects++;
    const members = Object.entries(v as Record<string, unknown>).sort(() => r() - 0.5);
    const parts = members.map(([k, x]) => `${space()}${spell(k)}${space()}:${space()}${write(x)}`);
    if (index === twice && members.length) {
      const [k] = members[Math.floor(r() * members.length)]!;
      duplicated = k;
      const at = Math.floor(r() * (parts.length + 1));
      parts.splice(at, 0, `${space()}${spell(k)}:${space()}${JSON.stringify(r() < 0.5 ? 'another value' : 12345)}`);
    }
    return `{${parts.join(',')}${space()}}`;
  };
  const text = write(value);
  return { text, ...(duplicated !== undefined ? { duplicated } : {}) };
}

describe('signed JSON that says two things at once', () => {
  it(`refuses every one of ${LIMIT_CASES} manifests with a key written twice, and accepts the same manifests written once`, async () => {
    const r = rng(SEED + 11);
    const dataDir = builtInDataDir();
    trustKeys(dataDir, [A]);
    const files = sourceFiles();
    const listed = files.map((f) => ({ path: f.name, size: (f.data as Buffer).length, sha256: sha256Hex(f.data as Buffer) }));
    const N = makeKey('next');
    const manifest = {
      format: 'lobby-kiosk-content-pack',
      formatVersion: 1,
      packId: 'twice-v3',
      version: 3,
      created: new Date().toISOString(),
      minAppVersion: '0.1.0',
      files: listed,
      keys: { threshold: 1, keys: [A.entry, N.entry] },
    };
    // Objects in writing order: the manifest, each file, the key list, each key.
    const objectCount = 1 + listed.length + 1 + 2;
    const tally = { refused: 0, accepted: 0 };
    for (let i = 0; i < LIMIT_CASES; i++) {
      const twice = i % 2 === 0 ? Math.floor(r() * objectCount) : undefined;
      const { text, duplicated } = serialize(manifest, r, twice);
      const pack = await craftPack({ signers: [A, N], files, manifestBytes: Buffer.from(text) });
      const out = await inspectPack(pack, dataDir);
      if (duplicated !== undefined) {
        expect(out, text).toMatchObject({ ok: false, check: 'manifest-malformed' });
        if (!out.ok) expect(out.reason).toContain(`the key ${JSON.stringify(duplicated)} appears twice in one object`);
        tally.refused++;
      } else {
        expect(out, text).toMatchObject({ ok: true, summary: { version: 3 } });
        tally.accepted++;
      }
    }
    expect(tally.refused).toBeGreaterThan(0);
    expect(tally.accepted).toBeGreaterThan(0);
    console.log(`duplicate keys (seed ${SEED}): ${tally.refused} refused, ${tally.accepted} accepted`);
  }, 600_000);
});

describe('packs that would block every later update', () => {
  it(`refuses each of ${LIMIT_CASES} packs from too far ahead or with too big a version, and an honest pack installs after every one`, async () => {
    const r = rng(SEED + 4);
    const HOUR = 3_600_000;
    const dataDir = builtInDataDir();
    trustKeys(dataDir, [A]);
    const tally: Record<string, number> = {};
    const honest = async () => {
      const v = status(dataDir).highestVersionAccepted + 1;
      const pack = await craftPack({ signers: [A], version: v, manifest: (m) => ({ ...m, expires: new Date(Date.now() + 30 * 24 * HOUR).toISOString() }) });
      expect((await installPack(pack, dataDir)).status).toBe('installed');
    };
    for (let i = 0; i < LIMIT_CASES; i++) {
      const highest = status(dataDir).highestVersionAccepted;
      // Ahead by up to 36 hours, or by up to a century; versions a step of up to 2 million, or up to 2^53 − 1.
      const ahead = r() < 0.5 ? Math.floor(r() * 36 * HOUR) : Math.floor(r() * 100 * 8766 * HOUR);
      const version =
        r() < 0.5 ? highest + 1 + Math.floor(r() * 2_000_000) : Math.min(Number.MAX_SAFE_INTEGER, highest + 1 + Math.floor(r() * Number.MAX_SAFE_INTEGER));
      const created = new Date(Date.now() + ahead).toISOString();
      const pack = await craftPack({ signers: [A], version, manifest: (m) => ({ ...m, created }) });
      const expected = ahead > 24 * HOUR ? 'created-future' : version - highest > 1_000_000 ? 'version-jump' : 'installed';
      const outcome = await installPack(pack, dataDir).then(
        (x) => x.status,
        (e: unknown) => (e instanceof PackError ? e.check : String(e)),
      );
      expect(outcome, `ahead ${ahead} ms, version ${version} over ${highest}`).toBe(expected);
      tally[outcome] = (tally[outcome] ?? 0) + 1;
      // What state.json holds is never from beyond the tolerance, nor a jump past the step.
      const st = status(dataDir);
      expect(Date.parse(st.latestCreatedAccepted ?? '1970-01-01T00:00:00Z')).toBeLessThanOrEqual(Date.now() + 24 * HOUR);
      expect(st.highestVersionAccepted - highest).toBeLessThanOrEqual(1_000_000);
      await honest();
      // Now and then the record of an older kiosk that took such a pack: reset, then honest packs go in again.
      if (i % 4 === 3) {
        const state = JSON.parse(readFileSync(join(dataDir, 'state.json'), 'utf8')) as Record<string, unknown>;
        writeFileSync(
          join(dataDir, 'state.json'),
          JSON.stringify({ ...state, highestVersion: Number.MAX_SAFE_INTEGER, latestCreated: '2099-01-01T00:00:00.000Z' }),
        );
        const reset = await resetRollbackRecord(dataDir);
        expect(reset).toMatchObject({ changed: true, after: { highestVersion: status(dataDir).installed!.version } });
        await honest();
      }
    }
    console.log(
      `blocking packs (seed ${SEED}): ${Object.entries(tally)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}`,
    );
    expect(Object.keys(tally).sort()).toEqual(['created-future', 'installed', 'version-jump']);
  }, 600_000);
});

describe('content texts and lists of absurd length', () => {
  type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const noise = rng(SEED + 6);
  /** `n` characters starting with `c`, the rest drawn from a few letters: text that deflates as text does, not 1000:1. */
  const fill = (c: string, n: number) => {
    const alphabet = /[a-z]/i.test(c) ? 'etaoinshrdlu' : '血管超声科室医院检查治疗';
    let out = c;
    while (out.length < n) out += alphabet[Math.floor(noise() * alphabet.length)];
    return out.slice(0, n);
  };
  /** Fields of the built-in content, the cap each has, and how to set it to a text or list of a given size. */
  const FIELDS: { file: string; field: string; cap: number; set: (d: Doc, n: number) => void }[] = [
    { file: 'departments/vascular-surgery.json', field: 'summary.en', cap: MAX_TEXT_CHARS, set: (d, n) => void (d.summary.en = fill('a', n)) },
    { file: 'departments/vascular-surgery.json', field: 'summary.zh', cap: MAX_TEXT_CHARS, set: (d, n) => void (d.summary.zh = fill('血', n)) },
    { file: 'departments/vascular-surgery.json', field: 'name.en', cap: MAX_NAME_CHARS, set: (d, n) => void (d.name.en = fill('N', n)) },
    { file: 'departments/vascular-surgery.json', field: 'description[0].zh', cap: MAX_TEXT_CHARS, set: (d, n) => void (d.description[0].zh = fill('管', n)) },
    {
      file: 'departments/vascular-surgery.json',
      field: 'services[0].name.en',
      cap: MAX_NAME_CHARS,
      set: (d, n) => void (d.services[0].name.en = fill('s', n)),
    },
    { file: 'departments/vascular-surgery.json', field: 'keywords.zh[0]', cap: MAX_ITEM_CHARS, set: (d, n) => void (d.keywords.zh = [fill('腿', n)]) },
    {
      file: 'departments/vascular-surgery.json',
      field: 'services',
      cap: MAX_LIST_ENTRIES,
      set: (d, n) => void (d.services = Array.from({ length: n }, (_, i) => ({ name: { zh: `项${i}`, en: `Item ${i}` } }))),
    },
    {
      file: 'departments/vascular-surgery.json',
      field: 'keywords.en',
      cap: MAX_LIST_ENTRIES,
      set: (d, n) => void (d.keywords.en = Array.from({ length: n }, (_, i) => `word${i}`)),
    },
    {
      file: 'departments/general-ultrasound.json',
      field: 'description',
      cap: MAX_LIST_ENTRIES,
      set: (d, n) => void (d.description = Array.from({ length: n }, () => ({ zh: fill('段', 6), en: fill('P', 8) }))),
    },
    { file: 'hospital.json', field: 'emergency.zh', cap: MAX_TEXT_CHARS, set: (d, n) => void (d.emergency.zh = fill('急', n)) },
    { file: 'hospital.json', field: 'name.en', cap: MAX_NAME_CHARS, set: (d, n) => void (d.name.en = fill('H', n)) },
    { file: 'symptoms.json', field: 'intro.en', cap: MAX_TEXT_CHARS, set: (d, n) => void (d.intro.en = fill('i', n)) },
    {
      file: 'visitor-info.json',
      field: 'topics',
      cap: MAX_LIST_ENTRIES,
      set: (d, n) =>
        void (d.topics = Array.from({ length: n }, (_, i) => ({
          id: `t-${i}`,
          title: { zh: fill('题', 6), en: fill('T', 8) },
          body: [{ zh: fill('段', 12), en: fill('P', 16) }],
        }))),
    },
    { file: 'wayfinding.json', field: 'floors[0].name.en', cap: MAX_NAME_CHARS, set: (d, n) => void (d.floors[0].name.en = fill('F', n)) },
  ];

  it(`refuses every one of ${LIMIT_CASES} packs with a text or list over its cap, naming the file and field, and takes those within it`, async () => {
    const r = rng(SEED + 5);
    const dataDir = builtInDataDir();
    trustKeys(dataDir, [A]);
    const snap = snapshot(dataDir);
    const tally = { refused: 0, accepted: 0 };
    for (let i = 0; i < LIMIT_CASES; i++) {
      const f = FIELDS[Math.floor(r() * FIELDS.length)]!;
      // Over the cap by one, or by up to fifty times it; or anywhere up to the cap itself.
      const over = i % 3 !== 2;
      const size = over ? (r() < 0.3 ? f.cap + 1 : f.cap + 1 + Math.floor(r() * 49 * f.cap)) : 1 + Math.floor(r() * f.cap);
      const files: ZipInput[] = sourceFiles().map((x) => {
        if (x.name !== f.file) return x;
        const doc = JSON.parse((x.data as Buffer).toString('utf8')) as Doc;
        f.set(doc, size);
        return { ...x, data: Buffer.from(JSON.stringify(doc)) };
      });
      const pack = await craftPack({ signers: [A], version: i + 1, files });
      const out = await inspectPack(pack, dataDir);
      if (over) {
        expect(out, `${f.file} ${f.field} at ${size}`).toMatchObject({ ok: false, check: 'content' });
        if (!out.ok) {
          expect(out.reason).toMatch(
            new RegExp(
              `^The pack's content is not valid: ${f.file.replace('.', '\\.')}: ${f.field.replace(/[.[\]]/g, '\\$&')} must (be at most ${f.cap} characters|list at most ${f.cap} entries)`,
            ),
          );
        }
        tally.refused++;
        if (i % 8 === 0) {
          await expect(installPack(pack, dataDir)).rejects.toMatchObject({ check: 'content' });
          expect(snapshot(dataDir)).toEqual(snap);
        }
      } else {
        expect(out, `${f.file} ${f.field} at ${size}: ${out.ok ? '' : out.reason}`).toMatchObject({ ok: true });
        tally.accepted++;
      }
    }
    console.log(`long content (seed ${SEED}): ${tally.refused} refused, ${tally.accepted} accepted`);
    expect(tally.refused).toBeGreaterThan(0);
    expect(tally.accepted).toBeGreaterThan(0);
  }, 600_000);
});
