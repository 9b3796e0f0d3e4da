/**
 * Publishing a fleet repository and a kiosk reading it from a folder (a USB stick holding a
 * copy of the repository): make, add, roll out, rotate, refresh, each refusal one sentence,
 * and kiosks taking exactly what the signed targets offer them.
 */
import { cpSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addPack, initRepository, listRepository, PublishError, refreshRepository, rotateKeys, setRollout } from '../../../../src/core/fleet/publish.js';
import { readAuditLog } from '../../../../src/core/audit/log.js';
import { cleanTempDirs, makePack, tempDir } from '../../../fixtures/packs/helpers.js';
import { makeKiosk, makePublisher, newKey, publishPack } from '../../../fleet/helpers.js';

afterEach(cleanTempDirs);

describe('kiosk publish', () => {
  it('makes a repository of static files whose root needs 2 of 3 root keys', () => {
    const p = makePublisher();
    const names = readdirSync(join(p.repo, 'metadata')).sort();
    expect(names).toEqual(['1.root.json', '1.snapshot.json', '1.targets.json', 'root.json', 'timestamp.json']);
    const root = JSON.parse(readFileSync(join(p.repo, 'metadata', '1.root.json'), 'utf8'));
    expect(root.signed.roles.root).toEqual({ keyids: p.root.map((k) => k.keyId), threshold: 2 });
    expect(root.signatures.map((s: { keyid: string }) => s.keyid).sort()).toEqual(p.root.map((k) => k.keyId).sort());
    expect(root.signed.roles.timestamp.keyids).toEqual([p.online.keyId]);
    expect(root.signed.consistent_snapshot).toBe(true);
  });

  it('refuses, in one sentence each, what would leave a broken or weaker repository', async () => {
    const p = makePublisher();
    const again = () => initRepository({ dir: p.repo, rootKeys: p.root, rootThreshold: 2, targetsKey: p.targets, onlineKey: p.online });
    expect(again).toThrow(/already holds a fleet repository/);
    const dir = join(tempDir(), 'r');
    expect(() => initRepository({ dir, rootKeys: p.root, rootThreshold: 4, targetsKey: p.targets, onlineKey: p.online })).toThrow(
      /--root-threshold must be from 1 to the number of root keys \(3\)/,
    );
    expect(() => initRepository({ dir, rootKeys: p.root, rootThreshold: 1, targetsKey: p.online, onlineKey: p.online })).toThrow(/must be different keys/);

    const pack = await makePack([p.packKey], 3);
    await expect(addPack({ dir: p.repo, pack, targetsKey: p.online, onlineKey: p.online, rollout: { '*': 100 } })).rejects.toThrow(
      /is not the repository's targets key/,
    );
    await expect(addPack({ dir: p.repo, pack, targetsKey: p.targets, onlineKey: p.targets, rollout: { '*': 100 } })).rejects.toThrow(
      /is not the repository's online/,
    );
    const notPack = join(tempDir(), 'x.kpack');
    cpSync('package.json', notPack);
    await expect(addPack({ dir: p.repo, pack: notPack, targetsKey: p.targets, onlineKey: p.online, rollout: { '*': 100 } })).rejects.toThrow(PublishError);

    await addPack({ dir: p.repo, pack, targetsKey: p.targets, onlineKey: p.online, rollout: { '*': 100 } });
    const older = await makePack([p.packKey], 2);
    await expect(addPack({ dir: p.repo, pack: older, targetsKey: p.targets, onlineKey: p.online, rollout: { '*': 100 } })).rejects.toThrow(
      /Version 2 is not newer than version 3/,
    );
    expect(() => setRollout({ dir: p.repo, packId: 'nope', version: 9, ring: 'all', percent: 5, targetsKey: p.targets, onlineKey: p.online })).toThrow(
      /has no pack nope version 9/,
    );
    expect(() => rotateKeys({ dir: p.repo, role: 'targets', rootKeys: [p.root[0]!], newKeys: [newKey(p.keyDir, 't2')], onlineKey: p.online })).toThrow(
      /needs 2 root keys of the 3; 1 was given/,
    );
    expect(() => refreshRepository({ dir: p.repo, onlineKey: p.targets })).toThrow(/is not the repository's online/);
    expect(() => listRepository(tempDir())).toThrow(/is not a fleet repository/);
  });

  it('lists what is published with its rollout, and refresh re-signs only the short-lived files', async () => {
    const p = makePublisher();
    await publishPack(p, 4, { site: 'main-lobby', rollout: { canary: 100 } });
    setRollout({ dir: p.repo, packId: 'hospital', version: 4, ring: 'all', percent: 25, targetsKey: p.targets, onlineKey: p.online });
    const l = listRepository(p.repo);
    expect(l.packs).toEqual([
      {
        target: 'main-lobby/hospital-v4.kpack',
        length: expect.any(Number),
        custom: { packId: 'hospital', version: 4, site: 'main-lobby', rollout: { canary: 100, '*': 25 } },
      },
    ]);
    const before = listRepository(p.repo);
    const r = refreshRepository({ dir: p.repo, onlineKey: p.online });
    const after = listRepository(p.repo);
    expect(after.timestamp.version).toBe(before.timestamp.version + 1);
    expect(r.snapshotResigned).toBe(false); // a fresh snapshot is kept
    expect(after.targets.version).toBe(before.targets.version);
    const hashed = readdirSync(join(p.repo, 'targets', 'main-lobby'));
    expect(hashed).toHaveLength(1);
    expect(hashed[0]).toMatch(/^[0-9a-f]{64}\.hospital-v4\.kpack$/);
  });

  it('a timestamp re-signed within the same second still looks changed to a web server (its ETag and Last-Modified)', () => {
    const p = makePublisher();
    const file = join(p.repo, 'metadata', 'timestamp.json');
    const seconds = () => Math.floor(statSync(file).mtimeMs / 1000);
    const stamps = [seconds()];
    for (let i = 0; i < 3; i++) {
      refreshRepository({ dir: p.repo, onlineKey: p.online });
      stamps.push(seconds());
    }
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]).toBeGreaterThan(stamps[i - 1]!);
  });
});

describe('a kiosk reading the repository from a folder (a USB stick)', () => {
  it('takes the newest pack for its site, checked by TUF and then as every pack, and says so in the audit log', async () => {
    const p = makePublisher();
    await publishPack(p, 2, { site: 'main-lobby' });
    await publishPack(p, 3, { site: 'east-wing', packId: 'east' });
    const stick = join(tempDir('kiosk-usb-'), 'kiosk-repo');
    cpSync(p.repo, stick, { recursive: true });
    const k = makeKiosk(p, { updateUrl: stick });
    const r = await k.updater.check();
    expect(r).toMatchObject({ outcome: 'installed', version: 2 });
    expect(k.version()).toBe(2);
    const again = await k.updater.check();
    expect(again.outcome).toBe('up-to-date');
    const log = readAuditLog(k.dataDir);
    expect(log.at(-1)).toMatchObject({ action: 'install', result: 'accepted', version: 2 });
    expect(log.some((e) => e.action === 'trust' && /Pinned the fleet repository root version 1/.test(e.reason ?? ''))).toBe(true);
  });

  it('follows a root rotation: new targets key, then the packs it signs', async () => {
    const p = makePublisher();
    await publishPack(p, 2);
    const k = makeKiosk(p);
    expect((await k.updater.check()).outcome).toBe('installed');
    const newTargets = newKey(p.keyDir, 'targets-2');
    rotateKeys({ dir: p.repo, role: 'targets', rootKeys: [p.root[0]!, p.root[2]!], newKeys: [newTargets], onlineKey: p.online });
    const pack = await makePack([p.packKey], 5, { packId: 'after-rotation' });
    await expect(addPack({ dir: p.repo, pack, targetsKey: p.targets, onlineKey: p.online, rollout: { '*': 100 } })).rejects.toThrow(
      /is not the repository's targets key/,
    );
    await addPack({ dir: p.repo, pack, targetsKey: newTargets, onlineKey: p.online, rollout: { '*': 100 } });
    expect(await k.updater.check()).toMatchObject({ outcome: 'installed', version: 5 });
    expect(readdirSync(join(p.repo, 'metadata'))).toContain('2.root.json');
  });

  it('a pack rolled out to the canary ring reaches only canary kiosks until the rollout widens', async () => {
    const p = makePublisher();
    await publishPack(p, 2, { rollout: { canary: 100 } });
    const canary = makeKiosk(p, { ring: 'canary' });
    const stable = makeKiosk(p, { ring: 'stable' });
    expect((await canary.updater.check()).outcome).toBe('installed');
    expect((await stable.updater.check()).outcome).toBe('up-to-date');
    expect([canary.version(), stable.version()]).toEqual([2, 0]);
    setRollout({ dir: p.repo, packId: 'hospital', version: 2, ring: 'all', percent: 100, targetsKey: p.targets, onlineKey: p.online });
    expect((await stable.updater.check()).outcome).toBe('installed');
    expect(stable.version()).toBe(2);
  });
});
