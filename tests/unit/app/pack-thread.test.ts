/**
 * Installs and inspections in a worker thread (src/app/pack-thread.ts), as the running kiosk's IT
 * screen and fleet updater run them: the same results, progress, refusals and audit entries as
 * an install in the calling thread, and a worker that dies half-way leaves the earlier content
 * live, nothing half-built behind and the next install free to run.
 */
import { spawn } from 'node:child_process';
import { openSync, readdirSync, statSync, writeSync, closeSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticSource } from '../../../bench/generate.js';
import { INSTALL_STEPS } from '../../../src/shared/results.js';
import { Kiosk } from '../../../src/app/kiosk.js';
import { inspectPackInWorker, installPackInWorker } from '../../../src/app/pack-thread.js';
import { WORKER_EXIT_ENV } from '../../../src/app/pack-worker.js';
import { PackError, PackOperationError, inspectPack, readAuditLog } from '../../../src/app/packs.js';
import { readState } from '../../../src/core/packs/state.js';
import { DataFolder } from '../../../src/core/datafolder.js';
import { builtInDataDir, cleanTempDirs, copyDataDir, makeKey, makePack, tempDir, trustKeys, type TestKey } from '../../fixtures/packs/helpers.js';

let key: TestKey;
let template: string;
let pack: string;

beforeAll(async () => {
  key = makeKey('worker');
  template = builtInDataDir();
  trustKeys(template, [key]);
  // Real-sized photos (2 MB each) and enough departments that the build takes a while.
  const source = writeSyntheticSource(join(tempDir('kiosk-worker-src-'), 'src'), {
    seed: 5,
    departments: 120,
    rowsPerDepartment: 20,
    photos: 4,
    photoBytes: 2_000_000,
  });
  pack = await makePack([key], 3, { source });
}, 60_000);

afterEach(() => {
  delete process.env[WORKER_EXIT_ENV];
});
afterAll(cleanTempDirs);

function liveVersion(dataDir: string): { version: number; departments: number } {
  const kiosk = new Kiosk({ dataDir, warn: () => {} });
  try {
    return { version: kiosk.content().status().version, departments: kiosk.content().departmentCount() };
  } finally {
    kiosk.close();
  }
}

/** What an interrupted install could leave in the content folder: half-built databases. */
const building = (dataDir: string) => readdirSync(join(dataDir, 'content')).filter((f) => f.includes('.building'));

describe('installing in a worker thread', () => {
  it('installs the pack with every progress stage in order, and the kiosk shows it', async () => {
    const dataDir = copyDataDir(template);
    const stages: string[] = [];
    const r = await installPackInWorker(pack, dataDir, (stage) => stages.push(stage));
    expect(r).toMatchObject({ status: 'installed', previous: { version: 0 }, summary: { version: 3, packId: 'content-v3' } });
    expect([...new Set(stages)]).toEqual([...INSTALL_STEPS]);
    expect(liveVersion(dataDir)).toEqual({ version: 3, departments: 120 });
    expect(readAuditLog(dataDir).at(-1)).toMatchObject({ action: 'install', result: 'accepted', version: 3 });
    expect(readState(dataDir)).toMatchObject({ highestVersion: 3 });
    expect(readState(dataDir).pending).toBeUndefined();
  });

  it('refuses a pack signed by an unknown key as a PackError naming the check, and changes nothing', async () => {
    const dataDir = copyDataDir(template);
    const other = await makePack([makeKey('stranger')], 4);
    const refusal = await installPackInWorker(other, dataDir).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(PackError);
    expect((refusal as PackError).check).toBe('unknown-key');
    expect((refusal as PackError).message).toMatch(/[.]$/);
    expect(liveVersion(dataDir).version).toBe(0);
    expect(readAuditLog(dataDir).at(-1)).toMatchObject({ action: 'install', result: 'refused', check: 'unknown-key' });
  });

  it('reports the pack already installed as such', async () => {
    const dataDir = copyDataDir(template);
    await installPackInWorker(pack, dataDir);
    expect(await installPackInWorker(pack, dataDir)).toMatchObject({ status: 'already-installed' });
  });

  for (const stage of ['content', 'build'] as const) {
    it(`keeps the earlier content when the worker dies at the ${stage} stage, says so in a sentence, and lets the next install run`, async () => {
      const dataDir = copyDataDir(template);
      process.env[WORKER_EXIT_ENV] = stage;
      const failure = await installPackInWorker(pack, dataDir).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(PackOperationError);
      expect((failure as Error).message).toMatch(/^The install stopped unexpectedly and the earlier content stays live: .+\.$/);
      expect(liveVersion(dataDir)).toEqual({ version: 0, departments: 2 });
      expect(readState(dataDir).pending).toBeUndefined();
      expect(building(dataDir)).toEqual([]);
      expect(readAuditLog(dataDir).at(-1)).toMatchObject({ action: 'install', result: 'failed' });

      delete process.env[WORKER_EXIT_ENV];
      expect(await installPackInWorker(pack, dataDir)).toMatchObject({ status: 'installed' });
      expect(liveVersion(dataDir).version).toBe(3);
    });
  }
});

/** An install in a worker thread of a child process, SIGKILLed at a crash point or on reaching a stage; whether it was killed. */
function killedInstall(dataDir: string, how: { crashAt: string } | { killOn: string }): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ...('crashAt' in how ? { KIOSK_TEST_CRASH_AT: how.crashAt } : {}) };
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/fixtures/packs/install-worker-child.ts', dataDir, pack], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (b: Buffer) => {
      if ('killOn' in how && b.toString().includes(`stage ${how.killOn}`)) child.kill('SIGKILL');
    });
    child.stderr.on('data', () => {});
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve(signal === 'SIGKILL'));
  });
}

describe('a power cut during an install in a worker thread', () => {
  const cases = [
    { how: { crashAt: 'mid-build' }, live: 0 },
    { how: { crashAt: 'after-build-before-switch' }, live: 0 },
    { how: { crashAt: 'after-switch' }, live: 3 },
    { how: { killOn: 'build' }, live: 0 },
  ] as const;
  for (const c of cases) {
    it(`leaves the ${c.live ? 'new' : 'old'} content whole when the process dies (${JSON.stringify(c.how)}), and the next install completes it`, async () => {
      const dataDir = copyDataDir(template);
      expect(await killedInstall(dataDir, c.how)).toBe(true);
      const kiosk = new Kiosk({ dataDir, warn: () => {} });
      try {
        expect(kiosk.content().status().version).toBe(c.live);
        expect(kiosk.content().integrityCheck()).toBe('ok');
      } finally {
        kiosk.close();
      }
      const next = await installPackInWorker(pack, dataDir);
      expect(next.status).toBe(c.live ? 'already-installed' : 'installed');
      expect(liveVersion(dataDir)).toEqual({ version: 3, departments: 120 });
      expect(readState(dataDir).pending).toBeUndefined();
      expect(building(dataDir)).toEqual([]);
    }, 60_000);
  }
});

describe('the running kiosk after an install in its worker', () => {
  it('shows the new content at its next call', async () => {
    const dataDir = copyDataDir(template);
    const kiosk = new Kiosk({ dataDir, warn: () => {} });
    try {
      expect(kiosk.content().status().version).toBe(0);
      await installPackInWorker(pack, dataDir);
      expect(kiosk.content().status().version).toBe(3);
      expect(kiosk.content().departmentCount()).toBe(120);
    } finally {
      kiosk.close();
    }
  });

  it('still finds the new database damaged when it was changed after the install checked it, and keeps showing the earlier content', async () => {
    const dataDir = copyDataDir(template);
    const warnings: string[] = [];
    const kiosk = new Kiosk({ dataDir, warn: (s) => warnings.push(s) });
    try {
      await installPackInWorker(pack, dataDir);
      const folder = new DataFolder(dataDir);
      const file = folder.path(folder.readPointer()!.active);
      // Garbage over the pages in the middle of the file, its times kept as they were.
      const before = statSync(file);
      const fd = openSync(file, 'r+');
      writeSync(fd, Buffer.alloc(64 * 1024, 0xa5), 0, 64 * 1024, Math.floor(before.size / 2 / 4096) * 4096);
      closeSync(fd);
      utimesSync(file, before.atime, before.mtime);
      expect(kiosk.content().status().version).toBe(0);
      expect(warnings.join(' ')).toMatch(/damaged|malformed|cannot be opened/);
    } finally {
      kiosk.close();
    }
  });
});

describe('inspecting in a worker thread', () => {
  it('answers as an inspection in the calling thread does, changing nothing', async () => {
    const dataDir = copyDataDir(template);
    const here = await inspectPack(pack, dataDir);
    const there = await inspectPackInWorker(pack, dataDir);
    expect(there).toEqual(here);
    expect(there).toMatchObject({ ok: true, alreadyInstalled: false, installed: { version: 0 } });
    expect(liveVersion(dataDir).version).toBe(0);
  });

  it('ends with one sentence and changes nothing when its worker dies', async () => {
    const dataDir = copyDataDir(template);
    process.env[WORKER_EXIT_ENV] = 'files';
    const failure = await inspectPackInWorker(pack, dataDir).catch((e: unknown) => e);
    expect((failure as Error).message).toMatch(/^Checking the pack stopped unexpectedly: .+ Nothing was changed\.$/);
    expect(liveVersion(dataDir).version).toBe(0);
  });
});
