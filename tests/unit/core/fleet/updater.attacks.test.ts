/**
 * The attacks The Update Framework names, and a hostile network, against a kiosk pulling from
 * a mirror that lies: each is refused, the content on screen stays as it was, and the audit
 * log says what happened in a sentence. The table of what each attack met is printed at the end.
 */
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Metadata, Snapshot, TargetFile, Targets, Timestamp } from '@tufjs/models';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refreshRepository, replaceTargets, rotateKeys } from '../../../../src/core/fleet/publish.js';
import { SPEC_VERSION, loadRepository, metaFileFor, writeMetadata, repoFiles } from '../../../../src/core/fleet/repository.js';
import { readFleetState } from '../../../../src/core/fleet/state.js';
import type { CheckResult } from '../../../../src/core/fleet/updater.js';
import { readAuditLog } from '../../../../src/core/audit/log.js';
import { cleanTempDirs, makePack, snapshot, tempDir } from '../../../fixtures/packs/helpers.js';
import { makeKiosk, makePublisher, newKey, publishPack, type Publisher, type TestKiosk } from '../../../fleet/helpers.js';
import { startMirror, type Mirror } from '../../../fleet/mirror.js';

const DAY = 86_400_000;
const LIMITS = { connectMs: 1500, stallMs: 700, baseMs: 1500, minBytesPerSecond: 10 * 1024 * 1024 };
const table: { attack: string; outcome: string; sentence: string }[] = [];

let mirror: Mirror | undefined;
afterEach(async () => {
  await mirror?.close();
  mirror = undefined;
  cleanTempDirs();
});
afterAll(() => {
  const rows = table.map((r) => `| ${r.attack} | ${r.outcome} | ${r.sentence.replace(/\|/g, '/')} |`);
  console.log(['', '| attack | refused as | the audit log says |', '| --- | --- | --- |', ...rows].join('\n'));
});

interface Scene {
  p: Publisher;
  k: TestKiosk;
  m: Mirror;
  before: ReturnType<typeof snapshot>;
}

/** A publisher, a mirror of its repository, and a kiosk that has installed version 2 through it. */
async function scene(opts: { beforeInstall?: (p: Publisher) => void } = {}): Promise<Scene> {
  const p = makePublisher();
  opts.beforeInstall?.(p);
  await publishPack(p, 2);
  const m = (mirror = await startMirror(p.repo));
  const k = makeKiosk(p, { updateUrl: m.url, updater: { fetchLimits: LIMITS } });
  expect(await k.updater.check()).toMatchObject({ outcome: 'installed', version: 2 });
  return { p, k, m, before: snapshot(k.dataDir) };
}

/** The attack was refused as `reason`: content unchanged, a sentence in the audit log, counted. */
function refused(s: Scene, attack: string, r: CheckResult, reason: string): void {
  expect(r.outcome).toBe('failed');
  expect(r).toMatchObject({ reason });
  expect(snapshot(s.k.dataDir)).toEqual(s.before);
  expect(s.k.version()).toBe(2);
  const entry = readAuditLog(s.k.dataDir).at(-1)!;
  expect(entry).toMatchObject({ action: 'update', check: reason });
  expect(entry.reason).toMatch(/The content on screen was not changed\.$/);
  expect(readFleetState(s.k.dataDir).failures[reason]).toBeGreaterThanOrEqual(1);
  table.push({ attack, outcome: reason, sentence: entry.reason! });
}

function packUrlPath(p: Publisher, version: number): string {
  const dir = join(p.repo, 'targets', 'all-sites');
  const name = readdirSync(dir).find((n) => n.endsWith(`.hospital-v${version}.kpack`))!;
  return `targets/all-sites/${name}`;
}

/** Metadata an attacker writes into a copy of the repository, signed with whatever keys it has. */
function forge(dir: string, o: { targets?: Metadata<Targets>; sign: (md: Metadata<Snapshot> | Metadata<Timestamp>) => void; versionJump?: number }): void {
  const repo = loadRepository(dir);
  const files = repoFiles(dir);
  const jump = o.versionJump ?? 1;
  let meta = { ...repo.snapshot.signed.meta };
  if (o.targets) meta = { 'targets.json': metaFileFor(writeMetadata(files, `${o.targets.signed.version}.targets.json`, o.targets), o.targets.signed.version) };
  const snap = new Metadata(
    new Snapshot({
      version: repo.snapshot.signed.version + jump,
      specVersion: SPEC_VERSION,
      expires: new Date(Date.now() + 7 * DAY).toISOString().replace(/\.\d+Z$/, 'Z'),
      meta,
    }),
  );
  o.sign(snap);
  const snapBytes = writeMetadata(files, `${snap.signed.version}.snapshot.json`, snap);
  const ts = new Metadata(
    new Timestamp({
      version: repo.timestamp.signed.version + jump,
      specVersion: SPEC_VERSION,
      expires: new Date(Date.now() + DAY).toISOString().replace(/\.\d+Z$/, 'Z'),
      snapshotMeta: metaFileFor(snapBytes, snap.signed.version),
    }),
  );
  o.sign(ts);
  writeMetadata(files, 'timestamp.json', ts);
}

describe('TUF attacks against a kiosk, through a lying mirror', () => {
  beforeEach(() => {
    mirror = undefined;
  });

  it('arbitrary package: a pack swapped on the mirror does not match its signed hash', async () => {
    const s = await scene();
    await publishPack(s.p, 3);
    const path = packUrlPath(s.p, 3);
    const genuine = readFileSync(join(s.p.repo, path));
    const evil = Buffer.from(genuine);
    const at = Math.floor(evil.length / 2);
    evil[at] = evil[at]! ^ 0xff;
    s.m.tricks.set(path, { kind: 'bytes', data: evil });
    refused(s, 'arbitrary package', await s.k.updater.check(), 'mismatch');
  });

  it('rollback: an older, validly signed timestamp is refused', async () => {
    let old: Buffer | undefined;
    const s = await scene({ beforeInstall: (p) => (old = readFileSync(join(p.repo, 'metadata', 'timestamp.json'))) });
    s.m.tricks.set('metadata/timestamp.json', { kind: 'bytes', data: old! });
    refused(s, 'rollback', await s.k.updater.check(), 'rollback');
  });

  it('indefinite freeze: expired metadata is a visible warning, never a blank screen', async () => {
    const s = await scene();
    await publishPack(s.p, 3);
    refreshRepository({ dir: s.p.repo, onlineKey: s.p.online, now: new Date(Date.now() - 3 * DAY) });
    refused(s, 'indefinite freeze', await s.k.updater.check(), 'expired');
    expect(readFleetState(s.k.dataDir).warning).toMatch(/expired .*The kiosk keeps showing its content/);
  });

  it('fast-forward: a timestamp jumping ahead, signed by a key the root does not name, is refused', async () => {
    const s = await scene();
    const copy = join(tempDir(), 'evil');
    cpSync(s.p.repo, copy, { recursive: true });
    const attacker = newKey(s.p.keyDir, 'attacker');
    forge(copy, { sign: (md) => md.sign(attacker.sign, false), versionJump: 1000 });
    s.m.root = copy;
    refused(s, 'fast-forward', await s.k.updater.check(), 'signature');
  });

  it('fast-forward with a stolen online key: no pack comes of it, and rotating the online key frees the kiosk', async () => {
    const s = await scene();
    const copy = join(tempDir(), 'evil');
    cpSync(s.p.repo, copy, { recursive: true });
    forge(copy, { sign: (md) => md.sign(s.p.online.sign, false), versionJump: 1000 });
    s.m.root = copy;
    expect((await s.k.updater.check()).outcome).toBe('up-to-date'); // validly signed; nothing new offered
    expect(snapshot(s.k.dataDir)).toEqual(s.before);
    s.m.root = s.p.repo;
    await publishPack(s.p, 3);
    const stuck = await s.k.updater.check();
    refused(s, 'fast-forward (stolen online key)', stuck, 'rollback');
    const online2 = newKey(s.p.keyDir, 'online-2');
    rotateKeys({ dir: s.p.repo, role: 'online', rootKeys: [s.p.root[1]!, s.p.root[2]!], newKeys: [online2] });
    expect(await s.k.updater.check()).toMatchObject({ outcome: 'installed', version: 3 });
  });

  it("mix-and-match: a targets file of another version under this version's name is refused", async () => {
    const s = await scene();
    await publishPack(s.p, 3);
    const v = loadRepository(s.p.repo).targets.signed.version;
    s.m.tricks.set(`metadata/${v}.targets.json`, { kind: 'bytes', data: readFileSync(join(s.p.repo, 'metadata', `${v - 1}.targets.json`)) });
    refused(s, 'mix-and-match', await s.k.updater.check(), 'mismatch');
  });

  it('endless data: a timestamp that never ends is cut off at its cap', async () => {
    const s = await scene();
    s.m.tricks.set('metadata/timestamp.json', { kind: 'endless' });
    refused(s, 'endless data (metadata)', await s.k.updater.check(), 'too-large');
  });

  it('endless data: a pack that never ends is cut off at its signed length', async () => {
    const s = await scene();
    await publishPack(s.p, 3);
    s.m.tricks.set(packUrlPath(s.p, 3), { kind: 'endless' });
    refused(s, 'endless data (pack)', await s.k.updater.check(), 'too-large');
  });

  it('slow retrieval: a file dribbled a byte at a time is given up at its deadline', async () => {
    const s = await scene();
    s.m.tricks.set('metadata/timestamp.json', { kind: 'dribble', everyMs: 40 });
    refused(s, 'slow retrieval', await s.k.updater.check(), 'timeout');
  });

  it('slow retrieval: a response that stops in the middle is given up after the stall limit', async () => {
    const s = await scene();
    s.m.tricks.set('metadata/timestamp.json', { kind: 'stuck' });
    refused(s, 'slow retrieval (stalled)', await s.k.updater.check(), 'timeout');
  });

  it('malicious mirror: a whole repository signed by its own keys is refused', async () => {
    const s = await scene();
    const evil = makePublisher();
    await publishPack(evil, 9);
    s.m.root = evil.repo;
    refused(s, 'malicious mirror', await s.k.updater.check(), 'signature');
  });

  it('compromised online key: a targets list it signed cannot introduce a pack', async () => {
    const s = await scene();
    const copy = join(tempDir(), 'evil');
    cpSync(s.p.repo, copy, { recursive: true });
    const pack = await makePack([s.p.packKey], 7, { packId: 'evil' });
    const bytes = readFileSync(pack);
    const sha256 = (await import('node:crypto')).createHash('sha256').update(bytes).digest('hex');
    writeFileSync(join(copy, 'targets', 'all-sites', `${sha256}.evil-v7.kpack`), bytes);
    const repo = loadRepository(copy);
    const t = new Metadata(
      new Targets({
        version: repo.targets.signed.version + 1,
        specVersion: SPEC_VERSION,
        expires: repo.targets.signed.expires,
        targets: {
          ...repo.targets.signed.targets,
          'all-sites/evil-v7.kpack': new TargetFile({
            path: 'all-sites/evil-v7.kpack',
            length: bytes.length,
            hashes: { sha256 },
            unrecognizedFields: { custom: { kiosk: { packId: 'evil', version: 7, site: null, rollout: { '*': 100 } } } },
          }),
        },
      }),
    );
    t.sign(s.p.online.sign, false);
    forge(copy, { targets: t, sign: (md) => md.sign(s.p.online.sign, false) });
    s.m.root = copy;
    refused(s, 'compromised online key', await s.k.updater.check(), 'signature');
  });

  it('wrong site: a pack for another site, listed for this one, is refused before it is installed', async () => {
    const s = await scene();
    const pack = await makePack([s.p.packKey], 5, { site: 'east-wing', packId: 'east' });
    const bytes = readFileSync(pack);
    const sha256 = (await import('node:crypto')).createHash('sha256').update(bytes).digest('hex');
    writeFileSync(join(s.p.repo, 'targets', 'all-sites', `${sha256}.east-v5.kpack`), bytes);
    replaceTargets({
      dir: s.p.repo,
      targetsKey: s.p.targets,
      onlineKey: s.p.online,
      edit: (t) => ({
        ...t,
        'all-sites/east-v5.kpack': new TargetFile({
          path: 'all-sites/east-v5.kpack',
          length: bytes.length,
          hashes: { sha256 },
          unrecognizedFields: { custom: { kiosk: { packId: 'east', version: 5, site: 'main-lobby', rollout: { '*': 100 } } } },
        }),
      }),
    });
    const r = await s.k.updater.check();
    refused(s, 'wrong site', r, 'mismatch');
    expect(r).toMatchObject({ sentence: expect.stringMatching(/for site main-lobby, but the pack itself is east version 5 for site east-wing/) });
    expect((await s.k.updater.check()).outcome).toBe('up-to-date'); // refused once, not fetched again
  });
});

describe('a hostile network: the kiosk keeps its content and says what happened', () => {
  it('a captive portal answering a web page', async () => {
    const s = await scene();
    s.m.tricks.set('*', { kind: 'html' });
    const r = await s.k.updater.check();
    refused(s, 'captive portal', r, 'not-tuf');
    expect(r).toMatchObject({ sentence: expect.stringMatching(/captive portal/) });
  });

  it('the server down', async () => {
    const s = await scene();
    await s.m.close();
    refused(s, 'server down', await s.k.updater.check(), 'offline');
    mirror = undefined;
  });

  it('a server error, counted once in the audit log however often it repeats, and recovery said once', async () => {
    const s = await scene();
    s.m.tricks.set('metadata/timestamp.json', { kind: 'status', status: 503 });
    refused(s, 'server error (HTTP 503)', await s.k.updater.check(), 'http');
    const entries = readAuditLog(s.k.dataDir).length;
    await s.k.updater.check();
    expect(readAuditLog(s.k.dataDir).length).toBe(entries);
    expect(readFleetState(s.k.dataDir)).toMatchObject({ consecutiveFailures: 2, failures: { http: 2 } });
    expect(s.k.updater.nextDelayMs()).toBeGreaterThanOrEqual(4 * 60_000 * 0.9);
    s.m.tricks.clear();
    expect((await s.k.updater.check()).outcome).toBe('up-to-date');
    expect(readAuditLog(s.k.dataDir).at(-1)).toMatchObject({ action: 'update', result: 'accepted', reason: expect.stringMatching(/work again/) });
  });

  it('a clock off by days: the expiry is explained by the clock', async () => {
    const s = await scene();
    refreshRepository({ dir: s.p.repo, onlineKey: s.p.online, now: new Date(Date.now() - 3 * DAY) });
    s.m.dateOffsetMs = -3 * DAY;
    const r = await s.k.updater.check();
    refused(s, 'clock 3 days ahead', r, 'expired');
    expect(r).toMatchObject({ sentence: expect.stringMatching(/This kiosk's clock is 3 days ahead of the update server's/) });
  });

  it('an unchanged repository costs two small requests: the next root (absent) and the timestamp', async () => {
    const s = await scene();
    s.m.requests.length = 0;
    await s.k.updater.check();
    expect(s.m.requests).toEqual(['metadata/2.root.json', 'metadata/timestamp.json']);
  });
});
