/**
 * Wiring a running kiosk to its fleet: the activity counts behind /metrics, the fleet updater
 * when `updateUrl` is set (installing through the one install path, at idle moments), and the
 * network /metrics listener when `metricsPort` is set. `kiosk serve`, `kiosk start` and the
 * Electron shell call startFleet; `kiosk status --json` calls healthOf.
 */
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Registry } from 'prom-client';
import { ActivityRecorder, healthFacts, readActivity, type HealthFacts } from '../core/fleet/metrics.js';
import { kioskIdFor } from '../core/fleet/state.js';
import type { FleetUpdater, FleetUpdaterOptions } from '../core/fleet/updater.js';
import { createExclusive } from '../core/fs-safe.js';
import type { Kiosk } from './kiosk.js';
import type { PackStatus } from './packs.js';
import { appVersion, resourcesDir } from '../core/paths.js';
import { loadSettings } from '../core/settings.js';

export const METRICS_TOKEN_FILE = 'metrics-token';

/** The root of the fleet repository that ships with the app, if the build put one there. */
export const shippedRootFile = (): string => join(resourcesDir(), 'fleet', 'root.json');

/**
 * A running kiosk's fleet side. Only the activity counts start with it: prom-client loads on the
 * first scrape of /metrics and the updater's code (tuf-js) when `updateUrl` is set, just after
 * the kiosk has started, so neither holds up its first answers.
 */
export interface FleetRuntime {
  activity: ActivityRecorder;
  /** The fleet updater once it has loaded and started; undefined without `updateUrl`. */
  updater(): Promise<FleetUpdater | undefined>;
  /** The /metrics registry, made on the first call. */
  registry(): Promise<Registry>;
  health(): HealthFacts;
  stop(): Promise<void>;
}

export interface FleetOutput {
  log?: (line: string) => void;
  /** Tests: limits and the idle poll. */
  updater?: Partial<Pick<FleetUpdaterOptions, 'fetchLimits' | 'idlePollMs' | 'isIdle'>>;
}

/** The bearer token for /metrics off loopback: DATA/metrics-token, made (mode 0600) when missing. */
export function metricsToken(dataDir: string): string {
  const file = join(dataDir, METRICS_TOKEN_FILE);
  if (existsSync(file)) {
    const t = readFileSync(file, 'utf8').trim();
    if (t.length >= 16) return t;
    throw new Error(`${file} holds a token shorter than 16 characters; put a longer one there (or delete it to have one made).`);
  }
  const t = randomBytes(24).toString('base64url');
  createExclusive(file, `${t}\n`, 0o600); // never through a link; a full disk leaves no short token
  chmodSync(file, 0o600);
  return t;
}

export function startFleet(kiosk: Kiosk, out: FleetOutput = {}): FleetRuntime {
  const settings = kiosk.settingsAll;
  const dataDir = kiosk.dataDir;
  const log = out.log ?? ((line: string) => console.log(line));
  const kioskId = kioskIdFor(dataDir, settings.kioskId);
  const activity = new ActivityRecorder(dataDir, () => kiosk.lastActivity);
  activity.start();
  const health = () => {
    const c = kiosk.content().status();
    return healthFacts({
      dataDir,
      kioskId,
      site: settings.site,
      ring: settings.ring,
      appVersion: kiosk.appVersion,
      updateUrl: settings.updateUrl,
      content: { packId: c.packId, version: c.version, createdAt: c.createdAt, builtIn: c.builtIn },
      activity: activity.snapshot(),
      live: true,
    });
  };
  let stopped = false;
  const updateUrl = settings.updateUrl;
  const updater: Promise<FleetUpdater | undefined> = !updateUrl
    ? Promise.resolve(undefined)
    : import('../core/fleet/updater.js')
        .then(({ FleetUpdater }) => {
          if (stopped) return undefined;
          const u = new FleetUpdater({
            dataDir,
            settings: { updateUrl, updateEverySeconds: settings.updateEverySeconds, ring: settings.ring, site: settings.site },
            kioskId,
            isIdle: out.updater?.isIdle ?? (() => kiosk.isIdle()),
            installedVersion: () => kiosk.content().status().version,
            install: async (file) => {
              const { installPackInWorker } = await import('./pack-thread.js');
              const r = await installPackInWorker(file, dataDir, () => {}, { initiator: 'fleet-update' });
              return { status: r.status, version: r.summary.version, packId: r.summary.packId };
            },
            shippedRoot: shippedRootFile(),
            log,
            ...(out.updater?.fetchLimits ? { fetchLimits: out.updater.fetchLimits } : {}),
            ...(out.updater?.idlePollMs ? { idlePollMs: out.updater.idlePollMs } : {}),
          });
          u.start();
          return u;
        })
        .catch((e: unknown) => {
          log(`Fleet updates cannot start: ${(e as Error).message}`);
          return undefined;
        });
  if (updateUrl) {
    // Said at once, as before: the updater's first check waits for its code either way.
    log(
      `Checking ${updateUrl} for content packs every ${settings.updateEverySeconds} s (kiosk ${kioskId}, site ${settings.site}, ring ${settings.ring}); newer packs are installed when the kiosk is idle.`,
    );
  }
  let registry: Promise<Registry> | undefined;
  return {
    activity,
    updater: () => updater,
    registry: () => (registry ??= import('../core/fleet/registry.js').then(({ metricsRegistry }) => metricsRegistry(health))),
    health,
    async stop() {
      stopped = true;
      await (await updater.catch(() => undefined))?.stop();
      activity.stop();
    },
  };
}

/** The same facts as /metrics, for `kiosk status --json` in another process than the kiosk, given its status. */
export function healthOf(dataDir: string, st: PackStatus): HealthFacts {
  const { settings } = loadSettings(join(dataDir, 'kiosk.json'));
  const c = st.installed;
  return healthFacts({
    dataDir,
    kioskId: kioskIdFor(dataDir, settings.kioskId),
    site: settings.site,
    ring: settings.ring,
    appVersion: appVersion(),
    updateUrl: settings.updateUrl,
    content: c ? { packId: c.packId, version: c.version, createdAt: c.createdAt, builtIn: c.builtIn } : null,
    activity: readActivity(dataDir),
    live: false,
  });
}
