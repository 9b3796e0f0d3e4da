/**
 * What a kiosk remembers about its fleet updates, in the data folder:
 *
 *   fleet/tuf/              tuf-js's trusted metadata (root.json pinned by `kiosk trust-repo`
 *                           or shipped in resources/fleet/root.json, then what it verified)
 *   fleet/http/             the conditional-request copy of timestamp.json
 *   fleet/downloads/        packs downloaded and checked against the signed targets, waiting
 *                           for an idle moment to be installed
 *   fleet/state.json        the last check, the last success, failures by reason, the warning
 *                           shown while metadata is expired, packs refused (not tried again)
 *   fleet/activity.json     the running kiosk's counters (visitors, API errors, restarts),
 *                           written every minute, for `kiosk status --json`
 *   fleet/kiosk-id          this kiosk's id for percentage rollouts, made once
 *
 * state.json is written whole (temporary file, then rename); a damaged one starts afresh,
 * since it only records history and never decides what is trusted.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { writeFileAtomic } from '../datafolder.js';

export const FLEET_DIR = 'fleet';

export function fleetPaths(dataDir: string) {
  const dir = join(dataDir, FLEET_DIR);
  return {
    dir,
    tuf: join(dir, 'tuf'),
    http: join(dir, 'http'),
    downloads: join(dir, 'downloads'),
    state: join(dir, 'state.json'),
    activity: join(dir, 'activity.json'),
    kioskId: join(dir, 'kiosk-id'),
  };
}

export const FAILURE_REASONS = [
  'no-root',
  'offline',
  'http',
  'timeout',
  'too-large',
  'not-tuf',
  'expired',
  'signature',
  'rollback',
  'mismatch',
  'pack-refused',
  'install-failed',
  'error',
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

const Iso = z.string().nullable().default(null);

export const FleetState = z.object({
  lastCheck: Iso,
  /** The last check that reached the repository and verified it, current or not. */
  lastSuccess: Iso,
  /** The last pack installed from the repository. */
  lastInstall: Iso,
  lastInstalled: z.object({ packId: z.string(), version: z.number() }).nullable().default(null),
  failures: z.record(z.string(), z.number().int().nonnegative()).default({}),
  consecutiveFailures: z.number().int().nonnegative().default(0),
  lastError: z.object({ reason: z.string(), sentence: z.string(), at: z.string() }).nullable().default(null),
  /** Shown on the IT screen and in /metrics while it lasts: expired metadata, a clock far off. */
  warning: z.string().nullable().default(null),
  /** Targets refused once (by hash), not downloaded again. */
  refused: z
    .array(z.object({ target: z.string(), sha256: z.string(), sentence: z.string() }))
    .max(64)
    .default([]),
  /** The newest pack the repository offers this kiosk, and what became of it. */
  offered: z.object({ target: z.string(), packId: z.string(), version: z.number() }).nullable().default(null),
});
export type FleetState = z.infer<typeof FleetState>;

export function readFleetState(dataDir: string): FleetState {
  try {
    return FleetState.parse(JSON.parse(readFileSync(fleetPaths(dataDir).state, 'utf8')));
  } catch {
    return FleetState.parse({});
  }
}

export function writeFleetState(dataDir: string, s: FleetState): void {
  const p = fleetPaths(dataDir);
  mkdirSync(p.dir, { recursive: true });
  writeFileAtomic(p.state, `${JSON.stringify(s, null, 2)}\n`);
}

/** This kiosk's id: the kioskId setting, else one made once and kept in the data folder. */
export function kioskIdFor(dataDir: string, setting: string | null): string {
  if (setting) return setting;
  const p = fleetPaths(dataDir);
  try {
    const id = readFileSync(p.kioskId, 'utf8').trim();
    if (/^[A-Za-z0-9._-]{1,64}$/.test(id)) return id;
  } catch {
    /* made below */
  }
  const id = `kiosk-${randomUUID()}`;
  try {
    mkdirSync(p.dir, { recursive: true });
    writeFileAtomic(p.kioskId, `${id}\n`);
  } catch {
    /* a read-only data folder: the id lasts while the kiosk runs */
  }
  return id;
}
