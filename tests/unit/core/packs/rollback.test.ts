/**
 * Rollback without losing a version: the last keepContents installed contents are kept; staff
 * roll back to any of them and forward again with no new signature; the very pack accepted
 * before installs again when staff ask; any other pack of a version not above the highest
 * accepted is refused, and one reusing an accepted version with other contents always; disk use
 * stays bounded; a rollback killed at each of its steps leaves one whole content live.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kiosk } from '../../../../src/app/kiosk.js';
import { type PackError, history, installPack, readAuditLog, rollback, status } from '../../../../src/app/packs.js';
import type { CrashStage } from '../../../../src/core/packs/journal.js';
import { describeAudit } from '../../../../src/shared/messages.js';
import {
  builtInDataDir,
  cleanTempDirs,
  contentCopy,
  copyDataDir,
  makeKey,
  makePack,
  snapshot,
  trustKeys,
  type TestKey,
} from '../../../fixtures/packs/helpers.js';

let A: TestKey;
let base: string;
const packs: Record<number, string> = {};
let v3other: string; // version 3 again, other contents, properly signed
let v2other: string;

/** A content copy whose Vascular Surgery phone number says `n`, so each version differs. */
function sourceWithPhone(n: string): string {
  const src = contentCopy();
  const f = join(src, 'departments/vascular-surgery.json');
  const d = JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>;
  d.phone = n;
  writeFileSync(f, JSON.stringify(d, null, 2));
  return src;
}

beforeAll(async () => {
  A = makeKey('alice');
  base = builtInDataDir();
  trustKeys(base, [A]);
  for (const v of [1, 2, 3, 4, 5]) packs[v] = await makePack([A], v, { source: sourceWithPhone(`0431-8000000${v}`) });
  v3other = await makePack([A], 3, { source: sourceWithPhone('0431-99999999') });
  v2other = await makePack([A], 2, { source: sourceWithPhone('0431-77777777') });
}, 60_000);
afterAll(cleanTempDirs);

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e as PackError,
  );

const contentFiles = (dir: string) => readdirSync(join(dir, 'content')).filter((f) => f.endsWith('.sqlite'));

async function installed123(): Promise<string> {
  const dir = copyDataDir(base);
  for (const v of [1, 2, 3]) await installPack(packs[v]!, dir);
  return dir;
}

describe('rolling back and forward among the kept contents', () => {
  it('rolls back two levels and forward again, losing no version and needing no new signature', async () => {
    const dir = await installed123();
    expect(status(dir).kept.map((k) => k.status?.version)).toEqual([2, 1]); // keepContents 3: the built-in content fell off
    expect(contentFiles(dir)).toHaveLength(3);

    expect(await rollback(dir)).toMatchObject({ from: { version: 3 }, to: { version: 2 }, direction: 'back' });
    expect(await rollback(dir)).toMatchObject({ from: { version: 2 }, to: { version: 1 }, direction: 'back' });
    expect(snapshot(dir).version).toBe(1);
    const h = history(dir);
    expect(h.live?.status?.version).toBe(1);
    expect(h.kept.map((k) => [k.status?.version, k.direction])).toEqual([
      [2, 'forward'],
      [3, 'forward'],
    ]);
    expect(h.kept.every((k) => /^[0-9a-f]{64}$/.test(k.manifestSha256 ?? ''))).toBe(true);
    expect(h.highestVersionAccepted).toBe(3);

    expect(await rollback(dir, { to: 3 })).toMatchObject({ from: { version: 1 }, to: { version: 3 }, direction: 'forward' });
    const kiosk = new Kiosk({ dataDir: dir, warn: () => {} });
    try {
      expect(kiosk.content().status().version).toBe(3);
      expect(kiosk.content().getDepartment('vascular-surgery')?.phone).toBe('0431-80000003');
    } finally {
      kiosk.close();
    }
    expect(contentFiles(dir)).toHaveLength(3); // nothing was built or deleted
    expect(status(dir).highestVersionAccepted).toBe(3);
    await expect(rollback(dir, { to: 3 })).rejects.toThrow('Version 3 is live already; nothing was changed.');
    await expect(rollback(dir, { to: 7 })).rejects.toThrow('Version 7 is not kept on this kiosk (kept: 1, 2); nothing was changed.');

    const log = readAuditLog(dir, 0).filter((e) => e.action === 'rollback');
    expect(log.map((e) => `${e.code}:${e.params?.from}->${e.version}`)).toEqual([
      'rollback.accepted:3->2',
      'rollback.accepted:2->1',
      'rollback.forward:1->3',
      'rollback.failed:undefined->undefined',
      'rollback.failed:undefined->undefined',
    ]);
    expect(describeAudit(log[2]!, 'zh')).toBe('已从版本 1 前进到保留的 content-v3 版本 3。');
    expect(describeAudit(log[2]!, 'en')).toBe('Rolled forward from version 1 to the kept content-v3 version 3.');
  });

  it('keeps at most keepContents contents on disk, pruning the least recently live', async () => {
    const dir = copyDataDir(base);
    writeFileSync(join(dir, 'kiosk.json'), JSON.stringify({ keepContents: 2 }));
    for (const v of [1, 2, 3, 4, 5]) {
      await installPack(packs[v]!, dir);
      expect(contentFiles(dir).length).toBeLessThanOrEqual(2);
    }
    expect(history(dir)).toMatchObject({ keep: 2, live: { status: { version: 5 } }, kept: [{ status: { version: 4 } }] });
    await rollback(dir);
    expect(status(dir).installed?.version).toBe(4);
    expect(contentFiles(dir)).toHaveLength(2);
  });
});

describe('the anti-rollback rule with a history', () => {
  it('installs the very pack accepted before again when staff ask, and never on its own', async () => {
    const dir = await installed123();
    await rollback(dir, { to: 1 });
    // The watcher and the fleet updater do not pass allowAccepted: a rollback staff chose stays.
    const e = await refusal(installPack(packs[2]!, dir));
    expect(e.check).toBe('version-replayed');
    expect(e.params).toEqual({ version: 2, highest: 3 });
    // Staff at the IT screen or the command line: the same file installs again, with no new signature.
    const r = await installPack(packs[2]!, dir, () => {}, { allowAccepted: true });
    expect(r).toMatchObject({ status: 'installed', previous: { version: 1 } });
    expect(status(dir).installed?.version).toBe(2);
    expect(readAuditLog(dir, 1)[0]).toMatchObject({ action: 'install', result: 'accepted', code: 'install.roll-forward', version: 2 });
    expect(status(dir).highestVersionAccepted).toBe(3);
  });

  it('refuses a pack that reuses an accepted version with other contents, live or kept, however it is asked', async () => {
    const dir = await installed123();
    const before = snapshot(dir);
    const live = await refusal(installPack(v3other, dir, () => {}, { allowAccepted: true }));
    expect(live.check).toBe('version-reused');
    expect(live.params).toEqual({ version: 3 });
    expect(live.message).toBe(
      'The pack holds version 3, which this kiosk has already accepted with different contents; a changed pack needs a new version number.',
    );
    const kept = await refusal(installPack(v2other, dir, () => {}, { allowAccepted: true }));
    expect(kept.check).toBe('version-reused');
    expect(snapshot(dir)).toEqual(before);
    // The same pack as the live one is "already installed", as before.
    expect((await installPack(packs[3]!, dir)).status).toBe('already-installed');
    const entry = readAuditLog(dir, 2)[0]!;
    expect(entry).toMatchObject({ action: 'install', result: 'refused', check: 'version-reused', params: { version: 2 } });
    expect(describeAudit(entry, 'zh')).toBe(
      '内容包 content-v2 v2 被拒绝：此内容包使用了版本号 2，但本机已接受过内容不同的同一版本；改动过的内容包需要新的版本号。（检查项：version-reused）',
    );
  });
});

function runChild(script: string, args: string[], stage?: CrashStage): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    if (stage) env.KIOSK_TEST_CRASH_AT = stage;
    else delete env.KIOSK_TEST_CRASH_AT;
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, out }));
  });
}

function liveWhole(dir: string): { version: number; integrity: string } {
  const kiosk = new Kiosk({ dataDir: dir, warn: () => {} });
  try {
    return { version: kiosk.content().status().version, integrity: kiosk.content().integrityCheck() };
  } finally {
    kiosk.close();
  }
}

describe('a rollback killed at each of its steps', () => {
  it('leaves the content it was switching from or to, whole, and the next operation completes the record', async () => {
    const template = await installed123();
    const stages = ['rollback-after-journal', 'rollback-after-switch'] as const;
    const dirs = stages.map(() => copyDataDir(template));
    const runs = await Promise.all(stages.map((s, i) => runChild('tests/fixtures/packs/rollback-child.ts', [dirs[i]!, '1'], s)));
    for (const [i, stage] of stages.entries()) {
      const dir = dirs[i]!;
      expect(runs[i]!.signal, `${stage}: ${runs[i]!.out}`).toBe('SIGKILL');
      const switched = stage === 'rollback-after-switch';
      expect(liveWhole(dir)).toEqual({ version: switched ? 1 : 3, integrity: 'ok' });
      expect(contentFiles(dir)).toHaveLength(3); // a rollback deletes nothing
      // The next pack operation finishes the journal and says what happened.
      const r = await rollback(dir, { to: 2 });
      expect(r.to.version).toBe(2);
      const log = readAuditLog(dir, 2);
      expect(log[0]).toMatchObject({
        action: 'rollback',
        result: switched ? 'accepted' : 'interrupted',
        code: switched ? 'rollback.completed' : 'rollback.interrupted',
        version: 1,
        params: { from: 3 },
      });
      expect(log[1]).toMatchObject({ code: switched ? 'rollback.forward' : 'rollback.accepted', version: 2 });
      expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'))).not.toHaveProperty('rollingBack');
    }
  }, 60_000);

  it('prunes what an install killed between its switch and its clean-up left, on the next operation', async () => {
    const dir = copyDataDir(base);
    writeFileSync(join(dir, 'kiosk.json'), JSON.stringify({ keepContents: 2 }));
    await installPack(packs[1]!, dir);
    const run = await runChild('tests/fixtures/packs/install-child.ts', [dir, packs[2]!], 'after-switch-before-prune');
    expect(run.signal, run.out).toBe('SIGKILL');
    expect(liveWhole(dir)).toEqual({ version: 2, integrity: 'ok' });
    expect(contentFiles(dir)).toHaveLength(3); // the built-in content, not yet pruned
    await rollback(dir);
    expect(status(dir)).toMatchObject({ installed: { version: 1 }, interrupted: null, highestVersionAccepted: 2 });
    expect(contentFiles(dir)).toHaveLength(2);
  }, 60_000);
});
