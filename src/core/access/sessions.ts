/**
 * Unlocking the staff screens from the touchscreen: the IT screen and volunteer mode each need
 * their own PIN. A correct PIN gives a short-lived session token; wrong PINs get a clear sentence
 * and a lockout that grows with each further failure and survives a restart (it is kept in the
 * data folder). Wrong PINs are counted per source: the kiosk's own pad, and each device on the
 * network by its address, so a tablet that locks itself out does not lock the kiosk's pad. With no
 * PIN set for a role, that role cannot be unlocked from the touchscreen.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../datafolder.js';

import type { StaffRole } from '../../shared/api.js';
import type { UnlockResult } from '../../shared/results.js';

export type { UnlockResult } from '../../shared/results.js';

export const ROLES = ['it', 'volunteer'] as const satisfies readonly StaffRole[];
export type Role = StaffRole;

/** How PINs are checked; implemented over the data folder's pins.json (slow salted hashes). */
export interface PinCheck {
  has(role: Role): boolean;
  verify(role: Role, pin: string): boolean;
}

/** Wrong PINs allowed before the first lockout. */
export const FREE_ATTEMPTS = 3;
const FIRST_LOCK_S = 30;
const MAX_LOCK_S = 15 * 60;
/** A session ends after this long without use. */
export const SESSION_IDLE_MS = 5 * 60 * 1000;

const LockState = z.record(z.string(), z.strictObject({ failures: z.number().int().nonnegative(), lockedUntil: z.number() }));
type LockState = z.infer<typeof LockState>;

const ROLE_NAME: Record<Role, string> = { it: 'IT', volunteer: 'volunteer' };

/** Where a PIN is entered: the kiosk's own pad (its screen, Electron or the browser on loopback), or a network address. */
export type PinSource = string;
export const AT_KIOSK: PinSource = 'kiosk';
/** Network devices whose wrong PINs are remembered at most; past that, the oldest records go. */
const MAX_NETWORK_SOURCES = 256;

/** The lockout record's key: the role alone at the kiosk (as before sources were counted apart), role@address for a network device. */
function stateKey(role: Role, source: PinSource): string {
  return source === AT_KIOSK ? role : `${role}@${source}`;
}

/** Seconds locked after the n-th consecutive failure: none for the first few, then 30 s doubling to 15 min. */
export function lockoutSeconds(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_LOCK_S, FIRST_LOCK_S * 2 ** (failures - FREE_ATTEMPTS));
}

export class Sessions {
  private readonly file: string;
  /** Open sessions; `atKiosk` is false for a session opened from a device on the network. */
  private readonly tokens = new Map<string, { role: Role; lastUsed: number; atKiosk: boolean }>();
  /** The lockout state: loaded once, kept in memory, saved on every change (best effort). */
  private readonly state: LockState;

  constructor(
    dataDir: string,
    private readonly pins: PinCheck,
    private readonly now: () => number = Date.now,
  ) {
    this.file = join(dataDir, 'lockout.json');
    this.state = this.readState();
  }

  private readState(): LockState {
    try {
      const r = LockState.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      return r.success ? r.data : {};
    } catch {
      return {};
    }
  }

  /** Keeps the records of network devices bounded, dropping the ones whose lockout ended longest ago. */
  private boundSources(): void {
    const network = Object.entries(this.state).filter(([k]) => k.includes('@'));
    if (network.length <= MAX_NETWORK_SOURCES) return;
    network.sort((a, b) => a[1].lockedUntil - b[1].lockedUntil);
    for (const [k] of network.slice(0, network.length - MAX_NETWORK_SOURCES)) delete this.state[k];
  }

  private saveState(): void {
    try {
      writeFileAtomic(this.file, JSON.stringify(this.state));
    } catch {
      // A full or read-only disk must not let wrong PINs through: the in-memory state still applies.
    }
  }

  /** Is the role's PIN pad usable at all (a PIN is set)? */
  available(role: Role): boolean {
    return this.pins.has(role);
  }

  unlock(role: Role, pin: string, source: PinSource = AT_KIOSK): UnlockResult {
    const now = this.now();
    const key = stateKey(role, source);
    if (!this.pins.has(role)) {
      return { ok: false, reason: 'no-pin', retryInSeconds: 0, message: `No ${ROLE_NAME[role]} PIN has been set on this kiosk; IT staff set one with "kiosk set-pin --role ${role}".` };
    }
    const state = this.state;
    const mine = state[key] ?? { failures: 0, lockedUntil: 0 };
    if (mine.lockedUntil > now) {
      const s = Math.ceil((mine.lockedUntil - now) / 1000);
      return { ok: false, reason: 'locked', retryInSeconds: s, message: `Too many wrong PINs. Try again in ${s} seconds.` };
    }
    if (this.pins.verify(role, pin)) {
      if (mine.failures) {
        delete state[key];
        this.saveState();
      }
      const token = randomBytes(24).toString('base64url');
      this.tokens.set(token, { role, lastUsed: now, atKiosk: source === AT_KIOSK });
      return { ok: true, token, expiresAt: now + SESSION_IDLE_MS };
    }
    const failures = mine.failures + 1;
    const lock = lockoutSeconds(failures);
    state[key] = { failures, lockedUntil: lock ? now + lock * 1000 : 0 };
    this.boundSources();
    this.saveState();
    if (lock) return { ok: false, reason: 'locked', retryInSeconds: lock, message: `Wrong PIN. Too many wrong PINs: try again in ${lock} seconds.` };
    const left = FREE_ATTEMPTS - failures;
    return { ok: false, reason: 'wrong-pin', retryInSeconds: 0, attemptsLeft: left, message: `Wrong PIN. ${left} ${left === 1 ? 'try' : 'tries'} left before the PIN pad locks.` };
  }

  /** The role a token grants, renewing it; undefined when the token is unknown or has expired. */
  check(token: string, role: Role): boolean {
    const s = this.tokens.get(token);
    const now = this.now();
    if (!s || s.role !== role) return false;
    if (now - s.lastUsed > SESSION_IDLE_MS) {
      this.tokens.delete(token);
      return false;
    }
    s.lastUsed = now;
    return true;
  }

  end(token: string): void {
    this.tokens.delete(token);
  }

  /**
   * Is a staff session (IT or volunteer) still open on the kiosk's own screen? Sessions of
   * network devices do not count: a tablet is not someone at the kiosk. Expired ones are dropped on the way.
   */
  anyOpen(): boolean {
    const now = this.now();
    let open = false;
    for (const [token, s] of this.tokens) {
      if (now - s.lastUsed > SESSION_IDLE_MS) this.tokens.delete(token);
      else if (s.atKiosk) open = true;
    }
    return open;
  }
}
