/**
 * Power cuts during install: an install in a child process is killed with SIGKILL at a random
 * moment, again and again. After each, a restarted kiosk must find the old content or the new,
 * whole, passing PRAGMA integrity_check, and the next install must go through.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rng, writeSyntheticSource } from '../../bench/generate.js';
import { Kiosk } from '../../src/app/kiosk.js';
import { builtInDataDir, cleanTempDirs, copyDataDir, makeKey, makePack, tempDir, trustKeys } from '../fixtures/packs/helpers.js';
import { CRASH_CASES, SEED } from './scale.js';

const CHILD = 'tests/fixtures/packs/install-child.ts';
let template: string;
let pack: string;
let installMs: number;

function runInstall(dataDir: string, killAfterMs?: number): Promise<{ killed: boolean; ms: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, pack], { stdio: ['ignore', 'pipe', 'pipe'] });
    let started = 0;
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (b: Buffer) => {
      if (started || !/stage /.test(b.toString())) return;
      started = performance.now();
      if (killAfterMs !== undefined) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.stderr.on('data', () => {});
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL' && code !== 0) return reject(new Error(`install exited with ${code}`));
      resolve({ killed: signal === 'SIGKILL', ms: performance.now() - started });
    });
  });
}

function inspect(dataDir: string): { version: number; departments: number; integrity: string } {
  const kiosk = new Kiosk({ dataDir, warn: () => {} });
  try {
    const c = kiosk.content();
    return { version: c.status().version, departments: c.departmentCount(), integrity: c.integrityCheck() };
  } finally {
    kiosk.close();
  }
}

beforeAll(async () => {
  const key = makeKey('crash');
  template = builtInDataDir();
  trustKeys(template, [key]);
  const source = writeSyntheticSource(join(tempDir('kiosk-crash-src-'), 'src'), {
    seed: SEED,
    departments: 300,
    rowsPerDepartment: 20,
    photos: 30,
    photoBytes: 60_000,
  });
  pack = await makePack([key], 4, { source });
  const dry = copyDataDir(template);
  installMs = (await runInstall(dry)).ms;
  expect(inspect(dry)).toEqual({ version: 4, departments: 300, integrity: 'ok' });
}, 180_000);

afterAll(cleanTempDirs);

describe('installs killed at random moments', () => {
  it(`leaves the old content or the new, whole, in each of ${CRASH_CASES} kills`, async () => {
    const r = rng(SEED);
    const seen = { old: 0, new: 0 };
    for (let i = 0; i < CRASH_CASES; i++) {
      const dataDir = copyDataDir(template);
      await runInstall(dataDir, Math.floor(r() * installMs * 1.1));
      const after = inspect(dataDir);
      expect(after.integrity, `kill ${i}`).toBe('ok');
      if (after.version === 0) {
        expect(after.departments, `kill ${i}: old content`).toBe(2);
        seen.old++;
      } else {
        expect(after, `kill ${i}: new content`).toEqual({ version: 4, departments: 300, integrity: 'ok' });
        seen.new++;
      }
      if (i % 3 === 0) {
        // The next install finishes or discards what was interrupted, and goes through.
        await runInstall(dataDir);
        expect(inspect(dataDir).version).toBe(4);
      }
    }
    console.log(`crash (seed ${SEED}, install ~${Math.round(installMs)} ms): ${seen.old} left the old content, ${seen.new} the new`);
  }, 900_000);
});
