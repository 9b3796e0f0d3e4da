/**
 * The whole fleet as an IT person runs it: `kiosk publish` (the built command) makes a
 * repository that nginx serves; three `kiosk serve` processes on data folders of their own pull
 * from it, the canary first, and are watched through their own /metrics until each shows the
 * new content. The times it took are printed. Needs `npm run build`, nginx; run by
 * `npm run test:fleet`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtInDataDir, cleanTempDirs, makePack, tempDir } from '../fixtures/packs/helpers.js';
import { run } from './helpers.js';
import { NGINX, startNginx, type Nginx } from './nginx.js';
import { makeKey } from '../fixtures/packs/helpers.js';

const KIOSK = join(process.cwd(), 'bin', 'kiosk.js');
const built = existsSync(join(process.cwd(), 'dist', 'cli', 'kiosk.js'));
const why = !NGINX ? 'nginx is not installed (apt-get install nginx)' : !built ? 'the kiosk is not built (npm run build)' : '';
if (why) console.log(`${why}; skipping the fleet convergence test`);

const kiosk = (...args: string[]) => run(process.execPath, [KIOSK, ...args]);

interface Running {
  child: ChildProcess;
  url: string;
}

function startKiosk(dataDir: string): Promise<Running> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KIOSK, 'serve', '--port', '0', '--idle-seconds', '1', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /Kiosk serving at (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => reject(new Error(`kiosk serve exited (${code}): ${out}`)));
  });
}

async function contentVersion(url: string): Promise<number> {
  const text = await (await fetch(`${url}metrics`)).text();
  return Number(/^kiosk_content_version (\d+)$/m.exec(text)?.[1] ?? -1);
}

async function until(what: string, ok: () => Promise<boolean>, ms: number): Promise<number> {
  const t0 = Date.now();
  while (!(await ok())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return Date.now() - t0;
}

describe.skipIf(!!why)('a fleet: one publisher, nginx, three kiosks', () => {
  const running: Running[] = [];
  let web: Nginx | undefined;
  afterAll(async () => {
    for (const r of running) r.child.kill('SIGTERM');
    await web?.stop();
    cleanTempDirs();
  });

  it('converges on a new pack, the canary first, each watched through its /metrics', { timeout: 240_000 }, async () => {
    const keys = tempDir('kiosk-fleet-keys-');
    for (const n of ['root-1', 'root-2', 'root-3', 'targets', 'online']) kiosk('keygen', '--out', keys, '--name', n);
    const repo = join(tempDir('kiosk-fleet-www-'), 'kiosk-repo');
    const k = (n: string) => join(keys, `${n}.key`);
    kiosk(
      'publish',
      'init',
      '--repo',
      repo,
      '--root-key',
      k('root-1'),
      '--root-key',
      k('root-2'),
      '--root-key',
      k('root-3'),
      '--root-threshold',
      '2',
      '--targets-key',
      k('targets'),
      '--online-key',
      k('online'),
    );
    web = await startNginx(repo);

    const packKey = makeKey('hospital-it');
    const pub = join(keys, 'hospital-it.pub');
    writeFileSync(pub, JSON.stringify({ type: 'lobby-kiosk-ed25519-public-key', ...packKey.entry }));
    const rings = ['canary', 'stable', 'stable'];
    const dirs = rings.map((ring, i) => {
      const d = builtInDataDir();
      writeFileSync(
        join(d, 'kiosk.json'),
        JSON.stringify({ site: 'main-lobby', ring, kioskId: `kiosk-${i + 1}`, updateUrl: web!.url, updateEverySeconds: 10 }),
      );
      kiosk('trust', pub, '--data-dir', d);
      kiosk('trust-repo', join(repo, 'metadata', '1.root.json'), '--data-dir', d);
      return d;
    });
    for (const d of dirs) running.push(await startKiosk(d));
    for (const r of running) expect(await contentVersion(r.url)).toBe(0);

    const pack = await makePack([packKey], 2, { site: 'main-lobby', packId: 'jilin-first' });
    const t0 = Date.now();
    kiosk('publish', 'add', '--repo', repo, pack, '--ring', 'canary', '--targets-key', k('targets'), '--online-key', k('online'));
    const canaryMs = await until('the canary kiosk', async () => (await contentVersion(running[0]!.url)) === 2, 120_000);
    expect(await contentVersion(running[1]!.url)).toBe(0);
    expect(await contentVersion(running[2]!.url)).toBe(0);

    const t1 = Date.now();
    kiosk(
      'publish',
      'rollout',
      '--repo',
      repo,
      '--pack',
      'jilin-first',
      '--version',
      '2',
      '--ring',
      'all',
      '--percent',
      '100',
      '--targets-key',
      k('targets'),
      '--online-key',
      k('online'),
    );
    const each = await Promise.all(running.slice(1).map((r) => until('a stable kiosk', async () => (await contentVersion(r.url)) === 2, 120_000)));
    const allMs = Date.now() - t1;
    const status = JSON.parse(kiosk('status', '--json', '--data-dir', dirs[1]!));
    expect(status.health.updates).toMatchObject({ lastInstalled: { packId: 'jilin-first', version: 2 }, consecutiveFailures: 0 });
    console.log(
      `Convergence through nginx (updateEverySeconds 10; installs wait for idleness, here 1 s + the 30 s idle warning after start):` +
        ` canary ${(canaryMs / 1000).toFixed(1)} s after "kiosk publish add";` +
        ` stable kiosks ${each.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(' and ')} after "kiosk publish rollout" (all three by ${(allMs / 1000).toFixed(1)} s);` +
        ` ${((Date.now() - t0) / 1000).toFixed(1)} s from first publish to a converged fleet.`,
    );
  });
});
