/**
 * A real web server (Debian's nginx) serving a repository made by the publishing code: three
 * kiosks on data folders of their own converge on a new pack, the canary ring first; a
 * percentage rollout takes the expected share of 20 kiosk ids; an unchanged repository costs
 * one "304 Not Modified". The whole set with real `kiosk serve` processes is tests/fleet/.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setRollout } from '../../../../src/core/fleet/publish.js';
import { rolloutBucket } from '../../../../src/core/fleet/rollout.js';
import { builtInDataDir, cleanTempDirs, copyDataDir } from '../../../fixtures/packs/helpers.js';
import { makeKiosk, makePublisher, publishPack, type Publisher } from '../../../fleet/helpers.js';
import { NGINX, startNginx, type Nginx } from '../../../fleet/nginx.js';

const why = NGINX ? '' : 'nginx is not installed (apt-get install nginx); skipping the tests against a real web server';
if (why) console.log(why);

describe.skipIf(!NGINX)('kiosks pulling from nginx', () => {
  let p: Publisher;
  let web: Nginx;
  let template: string;

  beforeAll(async () => {
    p = makePublisher();
    web = await startNginx(p.repo);
    template = builtInDataDir();
  });
  afterAll(async () => {
    await web?.stop();
    cleanTempDirs();
  });

  it('three kiosks converge on a new pack, the canary ring first', async () => {
    const kiosks = [
      makeKiosk(p, { updateUrl: web.url, ring: 'canary', kioskId: 'lobby-1', dataDir: copyDataDir(template) }),
      makeKiosk(p, { updateUrl: web.url, ring: 'stable', kioskId: 'lobby-2', dataDir: copyDataDir(template) }),
      makeKiosk(p, { updateUrl: web.url, ring: 'stable', kioskId: 'east-1', dataDir: copyDataDir(template) }),
    ];
    for (const k of kiosks) expect((await k.updater.check()).outcome).toBe('up-to-date');

    const t0 = Date.now();
    await publishPack(p, 2, { rollout: { canary: 100 } });
    const round1 = await Promise.all(kiosks.map((k) => k.updater.check()));
    const canaryMs = Date.now() - t0;
    expect(round1.map((r) => r.outcome)).toEqual(['installed', 'up-to-date', 'up-to-date']);
    expect(kiosks.map((k) => k.version())).toEqual([2, 0, 0]);

    const t1 = Date.now();
    setRollout({ dir: p.repo, packId: 'hospital', version: 2, ring: 'all', percent: 100, targetsKey: p.targets, onlineKey: p.online });
    await Promise.all(kiosks.map((k) => k.updater.check()));
    const allMs = Date.now() - t1;
    expect(kiosks.map((k) => k.version())).toEqual([2, 2, 2]);
    console.log(`nginx, in-process kiosks: canary took the pack ${canaryMs} ms after publishing; all three converged ${allMs} ms after the rollout widened.`);

    // Nothing changed: each kiosk asks for the next root (404) and the timestamp (304), nothing else.
    const before = web.accessLog().length;
    await Promise.all(kiosks.map((k) => k.updater.check()));
    const lines = web.accessLog().slice(before);
    expect(lines).toHaveLength(6);
    expect(lines.filter((l) => /GET \/metadata\/timestamp\.json HTTP\/1\.1" 304 /.test(l))).toHaveLength(3);
    expect(lines.filter((l) => /GET \/metadata\/\d+\.root\.json HTTP\/1\.1" 404 /.test(l))).toHaveLength(3);
  });

  it('a 30% rollout takes the share of 20 kiosk ids whose stable hash falls under 30', async () => {
    await publishPack(p, 3, { rollout: { '*': 30 } });
    const ids = Array.from({ length: 20 }, (_, i) => `ward-${String(i + 1).padStart(2, '0')}`);
    // The bucket, as the rollout rules define it: the first 32 bits of a SHA-256 of the id, scaled to 0–100.
    const expected = ids.filter((id) => (createHash('sha256').update(`lobby-kiosk rollout\n${id}`).digest().readUInt32BE(0) / 2 ** 32) * 100 < 30);
    expect(ids.filter((id) => rolloutBucket(id) < 30)).toEqual(expected);
    expect(expected.length).toBeGreaterThanOrEqual(2);
    expect(expected.length).toBeLessThanOrEqual(11);

    const took: string[] = [];
    for (const id of ids) {
      const k = makeKiosk(p, { updateUrl: web.url, kioskId: id, dataDir: copyDataDir(template) });
      expect(await k.updater.check()).toMatchObject({ outcome: 'installed' });
      // Version 3 where the rollout takes this kiosk, else version 2, which every ring has.
      if (k.version() === 3) took.push(id);
      else expect(k.version()).toBe(2);
    }
    expect(took).toEqual(expected);
    console.log(`30% rollout over 20 kiosk ids: ${took.length} took it (${took.join(', ')}).`);
  });
});
