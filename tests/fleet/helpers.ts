/**
 * Helpers for the fleet tests: a publisher's keys and repository made by the real publishing
 * code, kiosks on data folders of their own (built-in content, the pack key trusted, the
 * repository's root pinned), each with the real updater installing through the real install.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyFiles, installPack, readPublicKeyFile, trustKey } from '../../src/app/packs.js';
import { status } from '../../src/app/packs.js';
import { addPack, initRepository, type Rollout } from '../../src/core/fleet/publish.js';
import { loadRoleKey, type RoleKey } from '../../src/core/fleet/tuf-keys.js';
import { trustRepository } from '../../src/core/fleet/trust.js';
import { FleetUpdater, type FleetUpdaterOptions } from '../../src/core/fleet/updater.js';
import { builtInDataDir, makeKey, makePack, tempDir, type TestKey } from '../fixtures/packs/helpers.js';

export interface Publisher {
  keyDir: string;
  repo: string;
  root: RoleKey[];
  targets: RoleKey;
  online: RoleKey;
  /** The pack signing key the kiosks trust. */
  packKey: TestKey;
  packKeyPub: string;
  keyFile(name: string): string;
}

export function newKey(dir: string, name: string): RoleKey {
  const k = generateKeyFiles(dir, name);
  return loadRoleKey(k.privateKeyFile);
}

/** Keys (3 root, 2 needed; targets; online), a pack key, and an empty repository. */
export function makePublisher(opts: { now?: Date; lifetimes?: Parameters<typeof initRepository>[0]['lifetimes'] } = {}): Publisher {
  const keyDir = tempDir('kiosk-fleet-keys-');
  const repo = join(tempDir('kiosk-fleet-repo-'), 'repo');
  const root = [newKey(keyDir, 'root-1'), newKey(keyDir, 'root-2'), newKey(keyDir, 'root-3')];
  const targets = newKey(keyDir, 'targets');
  const online = newKey(keyDir, 'online');
  initRepository({
    dir: repo,
    rootKeys: root,
    rootThreshold: 2,
    targetsKey: targets,
    onlineKey: online,
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.lifetimes ? { lifetimes: opts.lifetimes } : {}),
  });
  const packKey = makeKey('publisher');
  const packKeyPub = join(keyDir, 'pack.pub');
  writeFileSync(packKeyPub, JSON.stringify({ type: 'lobby-kiosk-ed25519-public-key', ...packKey.entry }));
  return { keyDir, repo, root, targets, online, packKey, packKeyPub, keyFile: (n) => join(keyDir, `${n}.key`) };
}

export async function publishPack(p: Publisher, version: number, opts: { site?: string; rollout?: Rollout; packId?: string } = {}): Promise<string> {
  const pack = await makePack([p.packKey], version, { ...(opts.site ? { site: opts.site } : {}), packId: opts.packId ?? 'hospital' });
  await addPack({ dir: p.repo, pack, targetsKey: p.targets, onlineKey: p.online, rollout: opts.rollout ?? { '*': 100 } });
  return pack;
}

export interface TestKiosk {
  dataDir: string;
  updater: FleetUpdater;
  version(): number;
  kioskId: string;
}

export function makeKiosk(
  p: Publisher,
  opts: {
    updateUrl?: string;
    kioskId?: string;
    site?: string;
    ring?: string;
    idle?: () => boolean;
    dataDir?: string;
    updater?: Partial<FleetUpdaterOptions>;
  } = {},
): TestKiosk {
  const dataDir = opts.dataDir ?? builtInDataDir();
  const site = opts.site ?? 'main-lobby';
  writeFileSync(join(dataDir, 'kiosk.json'), JSON.stringify({ site }));
  trustKey(dataDir, readPublicKeyFile(p.packKeyPub));
  trustRepository(dataDir, join(p.repo, 'metadata', '1.root.json'));
  const kioskId = opts.kioskId ?? `kiosk-${Math.random().toString(36).slice(2, 8)}`;
  const version = () => status(dataDir).installed?.version ?? 0;
  const updater = new FleetUpdater({
    dataDir,
    settings: { updateUrl: opts.updateUrl ?? p.repo, updateEverySeconds: 60, ring: opts.ring ?? 'stable', site },
    kioskId,
    isIdle: opts.idle ?? (() => true),
    installedVersion: version,
    install: async (file) => {
      const r = await installPack(file, dataDir);
      return { status: r.status, version: r.summary.version, packId: r.summary.packId };
    },
    ...opts.updater,
  });
  return { dataDir, updater, version, kioskId };
}

/** A program on this machine, or undefined (the tests that need it say so and skip). */
export function which(name: string, fallback?: string): string | undefined {
  if (fallback && existsSync(fallback)) return fallback;
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : undefined;
}

export function run(cmd: string, args: string[], input?: string): string {
  return execFileSync(cmd, args, { encoding: 'utf8', ...(input !== undefined ? { input } : {}) });
}
