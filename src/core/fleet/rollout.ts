/**
 * Which pack of a fleet repository a kiosk takes: the custom fields the publisher signs into each
 * TUF target, and the rules a kiosk applies to them.
 *
 *   targets.json  "main-lobby/hospital-v7.kpack": { length, hashes, custom: { kiosk: {
 *                   packId, version, site, rollout: { "canary": 100, "*": 25 } } } }
 *
 * A target is for this kiosk when its site is this kiosk's site (or null: every site), and the
 * rollout gives this kiosk's ring (or "*", every other ring) a percentage that this kiosk's
 * bucket falls under. The bucket is a stable hash of the kiosk's id: a number from 0 to 100
 * (exclusive) that never changes, so raising a percentage only ever adds kiosks. The newest
 * version among the targets for this kiosk that is newer than its content is the one taken.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';

export const ALL_RINGS = '*';
export const DEFAULT_RING = 'stable';
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const RING_PATTERN = NAME;

export const TargetCustom = z.strictObject({
  packId: z.string().regex(NAME),
  version: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  site: z.string().regex(NAME).nullable(),
  /** Ring name (or "*") → percentage of that ring's kiosks offered the pack, 0 to 100. */
  rollout: z.record(z.string().regex(/^(\*|[A-Za-z0-9][A-Za-z0-9._-]{0,63})$/), z.number().min(0).max(100)),
});
export type TargetCustom = z.infer<typeof TargetCustom>;

/** The kiosk fields of a target's `custom`, or undefined when they are missing or malformed. */
export function targetCustom(custom: Record<string, unknown> | undefined): TargetCustom | undefined {
  const r = TargetCustom.safeParse(custom?.kiosk);
  return r.success ? r.data : undefined;
}

/** The kiosk's place in every percentage rollout, 0 ≤ bucket < 100, from its id alone. */
export function rolloutBucket(kioskId: string): number {
  const h = createHash('sha256').update(`lobby-kiosk rollout\n${kioskId}`).digest();
  return (h.readUInt32BE(0) / 2 ** 32) * 100;
}

/** The percentage of this ring's kiosks a target is offered to. */
export function percentFor(custom: TargetCustom, ring: string): number {
  return custom.rollout[ring] ?? custom.rollout[ALL_RINGS] ?? 0;
}

export interface KioskIdentity {
  kioskId: string;
  site: string;
  ring: string;
}

export function isForKiosk(custom: TargetCustom, who: KioskIdentity): boolean {
  if (custom.site !== null && custom.site !== who.site) return false;
  return rolloutBucket(who.kioskId) < percentFor(custom, who.ring);
}

export interface Candidate {
  /** The TUF target path. */
  path: string;
  custom: TargetCustom;
}

/** The newest target for this kiosk newer than `installedVersion`, or undefined. */
export function chooseTarget(
  targets: Candidate[],
  who: KioskIdentity,
  installedVersion: number,
  skip: (c: Candidate) => boolean = () => false,
): Candidate | undefined {
  let best: Candidate | undefined;
  for (const t of targets) {
    if (t.custom.version <= installedVersion || !isForKiosk(t.custom, who) || skip(t)) continue;
    if (!best || t.custom.version > best.custom.version) best = t;
  }
  return best;
}
