/**
 * Unlocking the staff screens from the touchscreen: the IT screen and volunteer mode each need
 * their own PIN. A correct PIN gives a session token that ends after 5 minutes unused, and in any
 * case after its role's lifetime (IT 1 hour, volunteer 12 hours). Wrong PINs get a clear sentence
 * and a lockout that grows with each further failure, up to a daily limit (20 a day, then locked
 * until the next day); both survive a restart (they are kept in the data folder's lockout.json).
 * Wrong PINs are counted per source: the kiosk's own pad, and each device on the network by its
 * address, so a tablet that locks itself out does not lock the kiosk's pad; the devices on the
 * network also share one daily limit, so changing address does not buy more guesses.
 *
 * When wrong PINs cannot be recorded (a read-only or full data folder, where a restart would
 * forget them), the kiosk fails closed: after FREE_ATTEMPTS wrong PINs from a source that pad
 * refuses every PIN, saying so, until the kiosk is restarted with a writable data folder. With no
 * PIN set for a role, that role cannot be unlocked from the touchscreen.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import type { StaffRole } from '../../shared/api.js';
import { STAFF_SESSION_IDLE_SECONDS } from '../../shared/limits.js';
import type { UnlockResult } from '../../shared/results.js';
import { writeFileAtomic } from '../datafolder.js';

export type { UnlockRefusal, UnlockResult } from '../../shared/results.js';

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
/** Wrong PINs a day per role and source; past them that pad is locked until the next day (local time). */
export const DAILY_FAILURE_LIMIT = 20;
/** Wrong PINs a day per role from all devices on the network together. */
export const NETWORK_DAILY_FAILURE_LIMIT = 60;
/** A session ends after this long without use. */
export const SESSION_IDLE_MS = STAFF_SESSION_IDLE_SECONDS * 1000;
/** And after this long however much it is used: an IT session lasts at most an hour, a volunteer's a working day. */
export const IT_SESSION_MAX_MS = 60 * 60 * 1000;
export const VOLUNTEER_SESSION_MAX_MS = 12 * 60 * 60 * 1000;
export const SESSION_MAX_MS: Record<Role, number> = { it: IT_SESSION_MAX_MS, volunteer: VOLUNTEER_SESSION_MAX_MS };

const LockRecord = z.strictObject({
  failures: z.number().int().nonnegative(),
  lockedUntil: z.number(),
  /** The local day (YYYY-MM-DD) dayFailures counts; records written before the daily limit have neither. */
  day: z.string().max(10).optional(),
  dayFailures: z.number().int().nonnegative().optional(),
});
type LockRecord = z.infer<typeof LockRecord>;
const LockState = z.record(z.string(), LockRecord);
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
/** The record of all network devices together (its daily count only). */
const networkKey = (role: Role) => `${role}@*`;

/** The local calendar day of a time, as YYYY-MM-DD. */
function localDay(t: number): string {
  const d = new Date(t);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Seconds from a time to the next local midnight. */
function secondsToTomorrow(t: number): number {
  const d = new Date(t);
  return Math.max(1, Math.ceil((new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime() - t) / 1000));
}

const today = (rec: LockRecord | undefined, day: string) => (rec && rec.day === day ? (rec.dayFailures ?? 0) : 0);

/** Seconds locked after the n-th consecutive failure: none for the first few, then 30 s doubling to 15 min. */
export function lockoutSeconds(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_LOCK_S, FIRST_LOCK_S * 2 ** (failures - FREE_ATTEMPTS));
}

interface Session {
  role: Role;
  created: number;
  lastUsed: number;
  /** False for a session opened from a device on the network. */
  atKiosk: boolean;
}

export class Sessions {
  private readonly file: string;
  private readonly tokens = new Map<string, Session>();
  /** The lockout state: loaded once, kept in memory, saved on every change. */
  private readonly state: LockState;
  /** A save has failed: wrong PINs may be forgotten at a restart, so the pads fail closed (see the top). */
  private unrecorded = false;

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

  /**
   * Keeps the records of network devices bounded: those of earlier days that lock nothing go,
   * then, past the limit, the ones whose lockout ended longest ago. The devices' shared record stays.
   */
  private boundSources(now: number, day: string): void {
    const network = Object.entries(this.state).filter(([k]) => k.includes('@') && !k.endsWith('@*'));
    for (const [k, r] of network) if (r.day !== day && r.lockedUntil <= now) delete this.state[k];
    const left = network.filter(([k]) => this.state[k]);
    if (left.length <= MAX_NETWORK_SOURCES) return;
    left.sort((a, b) => a[1].lockedUntil - b[1].lockedUntil);
    for (const [k] of left.slice(0, left.length - MAX_NETWORK_SOURCES)) delete this.state[k];
  }

  /** Saves the lockout state; a failure (full or read-only disk) makes the pads fail closed. */
  private saveState(): void {
    try {
      writeFileAtomic(this.file, JSON.stringify(this.state));
    } catch {
      this.unrecorded = true;
    }
  }

  /** Is the role's PIN pad usable at all (a PIN is set)? */
  available(role: Role): boolean {
    return this.pins.has(role);
  }

  unlock(role: Role, pin: string, source: PinSource = AT_KIOSK): UnlockResult {
    const now = this.now();
    const day = localDay(now);
    const key = stateKey(role, source);
    const network = source !== AT_KIOSK;
    if (!this.pins.has(role)) {
      return {
        ok: false,
        reason: 'no-pin',
        retryInSeconds: 0,
        message: `No ${ROLE_NAME[role]} PIN has been set on this kiosk; IT staff set one with "kiosk set-pin --role ${role}".`,
      };
    }
    const state = this.state;
    const mine = state[key] ?? { failures: 0, lockedUntil: 0 };
    const overToday = () => today(state[key], day) >= DAILY_FAILURE_LIMIT || (network && today(state[networkKey(role)], day) >= NETWORK_DAILY_FAILURE_LIMIT);
    const unrecorded = (prefix: string): UnlockResult => ({
      ok: false,
      reason: 'unrecorded',
      retryInSeconds: 0,
      message: `${prefix}Wrong PINs cannot be recorded because the data folder cannot be written, so this PIN pad stays locked until IT staff fix the data folder and restart the kiosk.`,
    });
    const lockedToday = (prefix: string): UnlockResult => ({
      ok: false,
      reason: 'locked-today',
      retryInSeconds: secondsToTomorrow(now),
      message: `${prefix}Too many wrong PINs today: the PIN pad opens again tomorrow.`,
    });
    if (this.unrecorded && mine.failures >= FREE_ATTEMPTS) return unrecorded('');
    if (overToday()) return lockedToday('');
    if (mine.lockedUntil > now) {
      const s = Math.ceil((mine.lockedUntil - now) / 1000);
      return { ok: false, reason: 'locked', retryInSeconds: s, message: `Too many wrong PINs. Try again in ${s} seconds.` };
    }
    if (this.pins.verify(role, pin)) {
      if (mine.failures || mine.lockedUntil) {
        // The lockout ends; the day's count stays, so the daily limit still holds.
        if (today(mine, day)) state[key] = { failures: 0, lockedUntil: 0, day, dayFailures: today(mine, day) };
        else delete state[key];
        this.saveState();
      }
      const token = randomBytes(24).toString('base64url');
      this.tokens.set(token, { role, created: now, lastUsed: now, atKiosk: !network });
      return { ok: true, token, expiresAt: now + Math.min(SESSION_IDLE_MS, SESSION_MAX_MS[role]) };
    }
    const failures = mine.failures + 1;
    const lock = lockoutSeconds(failures);
    state[key] = { failures, lockedUntil: lock ? now + lock * 1000 : 0, day, dayFailures: today(mine, day) + 1 };
    if (network) state[networkKey(role)] = { failures: 0, lockedUntil: 0, day, dayFailures: today(state[networkKey(role)], day) + 1 };
    this.boundSources(now, day);
    this.saveState();
    if (this.unrecorded && failures >= FREE_ATTEMPTS) return unrecorded('Wrong PIN. ');
    if (overToday()) return lockedToday('Wrong PIN. ');
    if (lock) return { ok: false, reason: 'locked', retryInSeconds: lock, message: `Wrong PIN. Too many wrong PINs: try again in ${lock} seconds.` };
    const left = FREE_ATTEMPTS - failures;
    return {
      ok: false,
      reason: 'wrong-pin',
      retryInSeconds: 0,
      attemptsLeft: left,
      message: `Wrong PIN. ${left} ${left === 1 ? 'try' : 'tries'} left before the PIN pad locks.`,
    };
  }

  /** Has this session ended: unused for SESSION_IDLE_MS, or older than its role's lifetime? */
  private ended(s: Session, now: number): boolean {
    return now - s.lastUsed > SESSION_IDLE_MS || now - s.created > SESSION_MAX_MS[s.role];
  }

  /** Does the token grant the role? Renews its idle time; false when it is unknown or has ended. */
  check(token: string, role: Role): boolean {
    const s = this.tokens.get(token);
    const now = this.now();
    if (!s || s.role !== role) return false;
    if (this.ended(s, now)) {
      this.tokens.delete(token);
      return false;
    }
    s.lastUsed = now;
    return true;
  }

  /** Is the token's session of this role still open? Unlike check, it does not count as a use (nothing is renewed). */
  holds(token: string, role: Role): boolean {
    const s = this.tokens.get(token);
    return !!s && s.role === role && !this.ended(s, this.now());
  }

  end(token: string): void {
    this.tokens.delete(token);
  }

  /**
   * Is a staff session (IT or volunteer) still open on the kiosk's own screen? Sessions of
   * network devices do not count: a tablet is not someone at the kiosk. Ended ones are dropped on the way.
   */
  anyOpen(): boolean {
    const now = this.now();
    let open = false;
    for (const [token, s] of this.tokens) {
      if (this.ended(s, now)) this.tokens.delete(token);
      else if (s.atKiosk) open = true;
    }
    return open;
  }
}
