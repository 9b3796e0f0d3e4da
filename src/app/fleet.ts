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
import { ActivityRecorder, healthFacts, metricsRegistry, readActivity, type HealthFacts } from '../core/fleet/metrics.js';
import { kioskIdFor } from '../core/fleet/state.js';
import { FleetUpdater, type FleetUpdaterOptions } from '../core/fleet/updater.js';
import { createExclusive } from '../core/fs-safe.js';
import type { Kiosk } from './kiosk.js';
import { status } from './packs.js';
import { installPackInWorker } from './pack-thread.js';
import { appVersion, resourcesDir } from '../core/paths.js';
import { loadSettings } from '../core/settings.js';

export const METRICS_TOKEN_FILE = 'metrics-token';

/** The root of the fleet repository that ships with the app, if the build put one there. */
export const shippedRootFile = (): string => join(resourcesDir(), 'fleet', 'root.json');

export interface FleetRuntime {
  activity: ActivityRecorder;
  updater: FleetUpdater | undefined;
  registry: Registry;
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
  let updater: FleetUpdater | undefined;
  if (settings.updateUrl) {
    updater = new FleetUpdater({
      dataDir,
      settings: { updateUrl: settings.updateUrl, updateEverySeconds: settings.updateEverySeconds, ring: settings.ring, site: settings.site },
      kioskId,
      isIdle: out.updater?.isIdle ?? (() => kiosk.isIdle()),
      installedVersion: () => kiosk.content().status().version,
      install: async (file) => {
        const r = await installPackInWorker(file, dataDir, () => {}, { initiator: 'fleet-update' });
        return { status: r.status, version: r.summary.version, packId: r.summary.packId };
      },
      shippedRoot: shippedRootFile(),
      log,
      ...(out.updater?.fetchLimits ? { fetchLimits: out.updater.fetchLimits } : {}),
      ...(out.updater?.idlePollMs ? { idlePollMs: out.updater.idlePollMs } : {}),
    });
    updater.start();
    log(
      `Checking ${settings.updateUrl} for content packs every ${settings.updateEverySeconds} s (kiosk ${kioskId}, site ${settings.site}, ring ${settings.ring}); newer packs are installed when the kiosk is idle.`,
    );
  }
  return {
    activity,
    updater,
    registry: metricsRegistry(health),
    health,
    async stop() {
      await updater?.stop();
      activity.stop();
    },
  };
}

/** The same facts as /metrics, for `kiosk status --json` in another process than the kiosk. */
export function healthOf(dataDir: string): HealthFacts {
  const { settings } = loadSettings(join(dataDir, 'kiosk.json'));
  const st = status(dataDir);
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
