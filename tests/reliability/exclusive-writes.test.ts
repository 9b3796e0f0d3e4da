/**
 * The kiosk's writes under attack and under a full disk (src/core/fs-safe.ts).
 *
 * Hostile sticks: random USB sticks holding junk, damaged, unknown-key, older and newer packs under
 * hostile file names (shell text, quotes, control characters, Chinese), with links planted where
 * result files and their temporary files go (at every process id near the kiosk's), pointing into
 * the data folder and at the kiosk user's files, and folders in their way. After each check: not
 * one byte outside the stick changed but by an install, every planted link still points where it
 * did, the content live is the newest valid pack's and whole, the audit log only grew, every result
 * file written is a plain file whose pack name shows no shell or control character.
 *
 * A full disk: installs into a small tmpfs filled up but for a few pages or a random number of
 * them, so space runs out at the lock, at the install record or anywhere in the database build,
 * or not at all. Each ends installed or in one sentence, leaves no temporary file, no lock and no
 * half-built database, the content is the old or the new and whole, and once there is room the
 * next install goes through at once. Needs mounting (root); otherwise it says so and is
 * skipped. Tens of cases in `npm test`, hundreds with KIOSK_RELIABILITY=full.
 */
import {
  copyFileSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statfsSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rng, writeSyntheticSource } from '../../bench/generate.js';
import { DataFolder } from '../../src/core/datafolder.js';
import { Kiosk } from '../../src/app/kiosk.js';
import { PackWatcher, installPack, readAuditLog, status } from '../../src/app/packs.js';
import { shownName } from '../../src/core/packs/watch.js';
import { builtInDataDir, cleanTempDirs, copyDataDir, makeKey, makePack, tempDir, trustKeys, type TestKey } from '../fixtures/packs/helpers.js';
import { fillLeaving, mounts } from '../fixtures/mounts.js';
import { FULL, SEED } from './scale.js';

const STICK_CASES = FULL ? 240 : 16;
const DISK_CASES = FULL ? 80 : 8;

const { canMount, mount, unmountAll } = mounts('exclusive-writes', 'the full-disk cases are skipped');

let key: TestKey;
let template: string;
let installedV1: string;
const packs: Record<string, string> = {};

beforeAll(async () => {
  key = makeKey('it-office');
  template = builtInDataDir();
  trustKeys(template, [key]);
  packs.v1 = await makePack([key], 1);
  packs.v2 = await makePack([key], 2);
  packs.stranger = await makePack([makeKey('stranger')], 3);
  const damaged = readFileSync(packs.v2);
  packs.damaged = join(tempDir('kiosk-packs-'), 'damaged.kpack');
  writeFileSync(packs.damaged, damaged.subarray(0, Math.floor(damaged.length * 0.7)));
  packs.junk = join(tempDir('kiosk-packs-'), 'junk.kpack');
  writeFileSync(packs.junk, 'not a content pack, and signed by nobody\n');
  installedV1 = copyDataDir(template);
  await installPack(packs.v1, installedV1);
}, 120_000);

afterAll(() => {
  unmountAll();
  cleanTempDirs();
});

/** The version each kind of pack would install (null: refused whatever is installed). */
const VERSION: Record<string, number | null> = { v1: 1, v2: 2, stranger: null, damaged: null, junk: null };

const HOSTILE = ['$(', ')', '`', ';', '|', '&', '\n', '\r', "'", '"', '<', '>', '\\', '\u001b[2J', '*', '?', '~', '#', '!', '{', '}', '%s', '\u202e', ' '];
const PLAIN = ['lobby', 'v', '2', '中文', '内容包', '-', '_', '.', 'USB', 'é'];

function hostileName(r: () => number, taken: Set<string>): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  for (;;) {
    const parts = Array.from({ length: 1 + Math.floor(r() * 8) }, () => (r() < 0.5 ? pick(HOSTILE) : pick(PLAIN)));
    const name = `${parts.join('')}${r() < 0.2 ? '.KPACK' : '.kpack'}`;
    if (!name.startsWith('.') && Buffer.byteLength(name) < 200 && !taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

interface Planted {
  path: string;
  kind: 'link' | 'folder';
  target?: string;
}

/** Bytes of every file a planted link may point to, outside the stick. */
function bytesOf(files: string[]): Map<string, Buffer | null> {
  return new Map(files.map((f) => [f, existsSync(f) && lstatSync(f).isFile() ? readFileSync(f) : null]));
}

describe('hostile USB sticks', () => {
  it(`write nothing outside the stick but what installs write, in each of ${STICK_CASES} sticks`, async () => {
    const r = rng(SEED ^ 0x5afe);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
    const seen = { installed: 0, refused: 0, resultRefused: 0, written: 0 };
    for (let i = 0; i < STICK_CASES; i++) {
      const what = `stick ${i}`;
      const start = r() < 0.5 ? installedV1 : template;
      const dir = copyDataDir(start);
      const home = tempDir('kiosk-home-');
      const profile = join(home, '.profile');
      writeFileSync(profile, '# ~/.profile of the kiosk user\n');
      const homeFolder = join(home, 'Documents');
      mkdirSync(homeFolder);
      const dataFiles = ['current.json', 'state.json', 'keys.json', 'audit.log', 'kiosk.json', 'pins.json'].map((n) => join(dir, n));
      const targets = [...dataFiles, profile, homeFolder, join(home, 'absent.txt'), join(dir, 'content')];

      const stick = tempDir('kiosk-stick-');
      const taken = new Set<string>();
      const kinds = Array.from({ length: 1 + Math.floor(r() * 4) }, () => pick(Object.keys(packs)));
      const planted: Planted[] = [];
      const names: string[] = [];
      const blocked = new Set<string>(); // packs whose result file is planted over
      for (const kind of kinds) {
        const name = hostileName(r, taken);
        names.push(name);
        copyFileSync(packs[kind]!, join(stick, name));
        const result = join(stick, `${name}.result.txt`);
        const how = r();
        if (how < 0.35) planted.push({ path: result, kind: 'link', target: pick(targets) });
        else if (how < 0.45) planted.push({ path: result, kind: 'folder' });
        else if (how < 0.55) writeFileSync(result, 'an old result file\r\n'); // older than nothing: the pack is new
        if (how < 0.45) blocked.add(name);
        if (r() < 0.8) {
          const target = pick(targets);
          for (let pid = process.pid - 8; pid <= process.pid + 8; pid++) planted.push({ path: `${result}.${pid}.tmp`, kind: 'link', target });
        }
      }
      for (const p of planted) {
        if (p.kind === 'link') symlinkSync(p.target!, p.path);
        else mkdirSync(p.path);
      }
      // An old result file is older than a pack copied onto the stick after it.
      const later = new Date(Date.now() + 60_000);
      for (const name of names) utimesSync(join(stick, name), later, later);
      const outside = [profile, join(home, 'absent.txt')];
      const before = {
        outside: bytesOf(outside),
        audit: existsSync(join(dir, 'audit.log')) ? readFileSync(join(dir, 'audit.log')) : Buffer.alloc(0),
        version: status(dir).installed!.version,
      };
      const newest = Math.max(before.version, ...kinds.map((k) => VERSION[k] ?? -1));
      const warnings: string[] = [];
      const w = new PackWatcher({ folders: [stick], dataDir: dir, isIdle: () => true, warn: (s) => warnings.push(s) });

      const attempts = await w.tick();

      expect(attempts.map((a) => a.file).sort(), what).toEqual(names.map((n) => join(stick, n)).sort());
      // Nothing outside the stick changed but the data folder's own files, by installs.
      expect(bytesOf(outside), what).toEqual(before.outside);
      expect(lstatSync(homeFolder).isDirectory() && readdirSync(homeFolder), what).toEqual([]);
      for (const p of planted) {
        if (p.kind === 'link') expect(readlinkSync(p.path), `${what}: ${p.path}`).toBe(p.target);
        else expect(lstatSync(p.path).isDirectory(), `${what}: ${p.path}`).toBe(true);
      }
      const audit = readFileSync(join(dir, 'audit.log'));
      expect(audit.subarray(0, before.audit.length).equals(before.audit), `${what}: the audit log only grows`).toBe(true);
      for (const line of audit.toString('utf8').split('\n').filter(Boolean)) expect(() => JSON.parse(line), what).not.toThrow();
      expect(new DataFolder(dir).readPointer(), what).toBeDefined();
      const kiosk = new Kiosk({ dataDir: dir, warn: () => {} });
      try {
        expect(kiosk.content().status().version, what).toBe(newest);
        expect(kiosk.content().integrityCheck(), what).toBe('ok');
      } finally {
        kiosk.close();
      }
      // Result files: plain files beside the packs, or refused and recorded.
      const refusals = readAuditLog(dir, 0).filter((e) => e.action === 'result-file');
      for (const a of attempts) {
        const name = a.file.slice(stick.length + 1);
        if (a.outcome === 'installed') seen.installed++;
        else seen.refused++;
        if (blocked.has(name)) {
          expect(a.resultFile, `${what}: ${JSON.stringify(name)}`).toBeNull();
          expect(
            refusals.some((e) => e.file === `${a.file}.result.txt` && e.result === 'refused'),
            what,
          ).toBe(true);
          seen.resultRefused++;
          continue;
        }
        expect(a.resultFile, `${what}: ${JSON.stringify(name)}`).toBe(`${a.file}.result.txt`);
        expect(lstatSync(a.resultFile!).isFile(), what).toBe(true);
        const text = readFileSync(a.resultFile!, 'utf8');
        expect(text, what).toContain(`\r\nPack file:    ${shownName(name)} (`);
        if (shownName(name) !== name) expect(text.includes(name), `${what}: the raw name ${JSON.stringify(name)}`).toBe(false);
        expect(text, what).not.toMatch(/\$\(|`|\u001b|[\u0000-\u0009\u000b\u000c\u000e-\u001f]/);
        expect(text.replace(/\r\n/g, ''), what).not.toMatch(/[\r\n]/);
        seen.written++;
      }
      expect(
        warnings.filter((s) => s.startsWith('The result file ')),
        what,
      ).toHaveLength(blocked.size);
      // No temporary file of the kiosk's own left on the stick or in the data folder.
      for (const folder of [stick, dir, join(dir, 'content')]) {
        const left = readdirSync(folder).filter(
          (n) => /\.tmp$|\.building|\.lock$/.test(n) && !lstatSync(join(folder, n)).isSymbolicLink() && !lstatSync(join(folder, n)).isDirectory(),
        );
        expect(left, `${what}: ${folder}`).toEqual([]);
      }
      rmSync(stick, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    }
    console.log(
      `exclusive-writes (seed ${SEED}): ${STICK_CASES} sticks, ${seen.installed} installs, ${seen.refused} refusals, ${seen.written} result files written, ${seen.resultRefused} refused`,
    );
    expect(seen.resultRefused).toBeGreaterThan(0);
    expect(seen.written).toBeGreaterThan(0);
  }, 900_000);
});

describe.skipIf(!canMount)('a full disk at every stage of an install', () => {
  it(`ends installed or in one sentence, leaves nothing behind, and the next install goes through, in each of ${DISK_CASES + 4} cases`, async () => {
    const source = writeSyntheticSource(join(tempDir('kiosk-src-'), 'src'), {
      seed: SEED,
      departments: 40,
      rowsPerDepartment: 10,
      photos: 12,
      photoBytes: 30_000,
    });
    const big = await makePack([key], 1, { source });
    const root = tempDir('kiosk-full-');
    expect(mount(['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs'], root)).toBe(true);
    const r = rng(SEED ^ 0xd15c);
    const freePages = () => {
      const s = statfsSync(root);
      return Math.floor((s.bavail * s.bsize) / 4096);
    };
    const fresh = () => {
      for (const n of readdirSync(root)) rmSync(join(root, n), { recursive: true, force: true });
      cpSync(template, join(root, 'data'), { recursive: true });
      return join(root, 'data');
    };
    // What the install takes for good; at its peak (the build's temporary files) somewhat more.
    const first = fresh();
    const empty = freePages();
    await installPack(big, first);
    const need = empty - freePages();
    // A few pages: the lock, then the install record; then anywhere up to room enough for all.
    const cases = [0, 1, 2, 3, ...Array.from({ length: DISK_CASES }, (_, i) => Math.floor(((i + r()) / DISK_CASES) * need * 1.5))];
    const seen = { installed: 0, refused: 0, messages: new Set<string>() };
    for (const [i, pages] of cases.entries()) {
      const dir = fresh();
      const filler = fillLeaving(root, pages);
      const what = `case ${i} (${pages} pages free)`;

      const outcome = await installPack(big, dir).then(
        (res) => res.status,
        (e: unknown) => e as Error,
      );

      if (outcome instanceof Error) {
        seen.refused++;
        seen.messages.add(outcome.message.replace(/\/\S+/g, 'PATH'));
        expect(outcome.message, what).toMatch(/^[A-Z][^\n]*[.)]$/);
      } else {
        seen.installed++;
        expect(outcome, what).toBe('installed');
      }
      for (const folder of [dir, join(dir, 'content')]) {
        expect(
          readdirSync(folder).filter((n) => /\.tmp$|\.building|\.lock$/.test(n)),
          `${what}: ${folder}`,
        ).toEqual([]);
      }
      rmSync(filler);
      const kiosk = new Kiosk({ dataDir: dir, warn: () => {} });
      try {
        const version = kiosk.content().status().version;
        expect([0, 1], what).toContain(version);
        if (!(outcome instanceof Error)) expect(version, what).toBe(1);
        expect(kiosk.content().departmentCount(), what).toBe(version === 1 ? 40 : 2);
        expect(kiosk.content().integrityCheck(), what).toBe('ok');
      } finally {
        kiosk.close();
      }
      await expect(
        installPack(big, dir).then((res) => res.status),
        `${what}: the next install`,
      ).resolves.toMatch(/^(installed|already-installed)$/);
      expect(status(dir).installed?.version, what).toBe(1);
    }
    console.log(
      `exclusive-writes (seed ${SEED}): ${cases.length} full disks (the install takes ${need} pages), ${seen.installed} installed, ${seen.refused} refused:\n  ${[...seen.messages].join('\n  ')}`,
    );
  }, 900_000);
});
