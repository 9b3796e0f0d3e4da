/**
 * A crash at any moment of an install leaves the old content or the new, whole, never a mix:
 * an install runs in a child process that SIGKILLs itself at a named stage
 * (KIOSK_TEST_CRASH_AT), then the data folder is opened as the kiosk opens it, and the next
 * install finishes or discards what was under way.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticSource } from '../../../../bench/generate.js';
import { Kiosk } from '../../../../src/app/kiosk.js';
import { INSTALL_CRASH_STAGES, type CrashStage } from '../../../../src/core/packs/journal.js';
import { installPack, readAuditLog, status } from '../../../../src/app/packs.js';
import { LOCK_FILE } from '../../../../src/core/packs/state.js';
import { builtInDataDir, cleanTempDirs, copyDataDir, makeKey, makePack, snapshot, tempDir, trustKeys } from '../../../fixtures/packs/helpers.js';

const CHILD = 'tests/fixtures/packs/install-child.ts';

function runChild(dataDir: string, pack: string, stage: CrashStage | undefined): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    if (stage) env.KIOSK_TEST_CRASH_AT = stage;
    else delete env.KIOSK_TEST_CRASH_AT;
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, pack], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, out }));
  });
}

let template: string;
let oldDepartments: string[];
let pack: string;

beforeAll(async () => {
  const A = makeKey('alice');
  template = builtInDataDir();
  trustKeys(template, [A]);
  await installPack(await makePack([A], 1), template);
  oldDepartments = snapshot(template).departments;
  const src = writeSyntheticSource(tempDir('kiosk-synth-'), { departments: 6, rowsPerDepartment: 4, photos: 3, photoBytes: 40_000 });
  pack = await makePack([A], 2, { source: src });
}, 30_000);
afterAll(cleanTempDirs);

function liveContent(dataDir: string): { version: number; departments: string[]; integrity: string } {
  const kiosk = new Kiosk({ dataDir, warn: () => {} });
  try {
    const db = kiosk.content();
    return { version: db.status().version, departments: db.listDepartments().map((d) => d.id), integrity: db.integrityCheck() };
  } finally {
    kiosk.close();
  }
}

describe('a crash during an install', () => {
  it('leaves the old content or the new, whole, at every stage; the next install recovers', async () => {
    const dirs = Object.fromEntries(INSTALL_CRASH_STAGES.map((s) => [s, copyDataDir(template)])) as Record<CrashStage, string>;
    const runs = await Promise.all(INSTALL_CRASH_STAGES.map((s) => runChild(dirs[s], pack, s)));

    for (const [i, stage] of INSTALL_CRASH_STAGES.entries()) {
      const switched = stage === 'after-switch' || stage === 'after-switch-before-prune';
      const dir = dirs[stage];
      const run = runs[i]!;
      expect(run.signal, `${stage}: ${run.out}`).toBe('SIGKILL');
      expect(existsSync(join(dir, LOCK_FILE))).toBe(true); // left behind by the dead process
      const files = readdirSync(join(dir, 'content'));
      if (stage === 'mid-build') expect(files.some((f) => f.endsWith('.building'))).toBe(true); // killed with a half-built database
      if (stage === 'after-build-before-switch') expect(files.filter((f) => /^v2-.*\.sqlite$/.test(f))).toHaveLength(1); // built, never switched to

      const live = liveContent(dir);
      expect(live.integrity).toBe('ok');
      if (switched) {
        expect(live.version).toBe(2);
        expect(live.departments).toHaveLength(6);
        expect(status(dir).interrupted).toMatchObject({ version: 2 });
        expect(status(dir).highestVersionAccepted).toBe(2); // the live version counts even before the record is completed
      } else {
        expect(live.version, stage).toBe(1);
        expect(live.departments).toEqual(oldDepartments);
      }

      // The next install takes over the dead process's lock and finishes or discards its work.
      const r = await installPack(pack, dir);
      expect(r.status).toBe(switched ? 'already-installed' : 'installed');
      const after = liveContent(dir);
      expect(after).toMatchObject({ version: 2, integrity: 'ok' });
      expect(after.departments).toHaveLength(6);
      expect(status(dir)).toMatchObject({ interrupted: null, highestVersionAccepted: 2 });
      expect(readdirSync(join(dir, 'content')).filter((f) => f.includes('.building') || f.endsWith('.tmp'))).toEqual([]);
      const log = readAuditLog(dir, 0).map((e) => `${e.result}:${e.version ?? ''}`);
      expect(log).toContain(switched ? 'accepted:2' : 'interrupted:2');
    }
  }, 60_000);

  it('installs normally in a child process when nothing crashes', async () => {
    const dir = copyDataDir(template);
    const run = await runChild(dir, pack, undefined);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain('result installed');
    expect(liveContent(dir)).toMatchObject({ version: 2, integrity: 'ok' });
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  }, 30_000);
});
