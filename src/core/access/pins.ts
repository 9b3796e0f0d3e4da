/**
 * Staff PINs (IT and volunteer), kept in the data folder's pins.json as slow salted hashes
 * (scrypt, N = 2^15, r = 8, p = 1), written atomically. Checking compares in constant time.
 * The PIN itself is never stored or logged. Sessions and lockout live in ./sessions.ts,
 * which checks PINs through pinCheck().
 *
 * What a PIN may be (pinProblem): the IT PIN is 6 to 12 digits, the volunteer code 4 to 12 (it is
 * typed many times a day, and only ever opens the read-only directory; 4 was already its minimum).
 * Neither may be trivial: one digit repeated (111111), a run up or down (123456, 654321, 7890),
 * a short group repeated (121212, 123123) or one of a few very common PINs; and the IT PIN and
 * the volunteer code must differ, so knowing the code never opens the IT screen.
 *
 *   pins.json  { "it": { "algorithm": "scrypt", "N": 32768, "r": 8, "p": 1, "salt": "…", "hash": "…", "setAt": "…" }, … }
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { ROLES, type PinCheck, type Role } from './sessions.js';
import { DataFolder, writeFileAtomic } from '../datafolder.js';
import { appendAudit } from '../audit/log.js';
import { FileChanges, fileWritten } from '../file-stamp.js';

export const PINS_FILE = 'pins.json';
/** The digits any PIN is made of (each role has its own minimum length: PIN_MIN_LENGTH). */
export const PIN_PATTERN = /^[0-9]{4,12}$/;
export const PIN_MIN_LENGTH: Record<Role, number> = { it: 6, volunteer: 4 };
export const PIN_MAX_LENGTH = 12;

const PIN_NAME: Record<Role, string> = { it: 'IT PIN', volunteer: 'volunteer code' };

/** Very common PINs that no rule below catches (keypad columns and diagonals, well-known years and words). */
const COMMON_PINS = new Set([
  '1004',
  '2000',
  '2001',
  '1998',
  '1999',
  '2580',
  '0852',
  '6969',
  '1122',
  '1221',
  '112233',
  '123321',
  '147258',
  '258369',
  '369258',
  '147852',
  '159753',
  '753951',
  '789456',
  '456789123',
  '5201314',
]);

/** Why a PIN is too easy to guess, as the words in brackets of the refusal; undefined when it is not. */
function trivial(pin: string): string | undefined {
  const d = [...pin].map(Number);
  if (d.every((x) => x === d[0])) return 'one digit repeated';
  const steps = d.slice(1).map((x, i) => (x - d[i]! + 10) % 10);
  if (steps.every((s) => s === 1) || steps.every((s) => s === 9)) return 'digits in a row, such as 123456 or 654321';
  for (let n = 2; n <= pin.length / 2; n++) {
    if (pin.length % n === 0 && pin === pin.slice(0, n).repeat(pin.length / n)) return 'a short group of digits repeated, such as 121212';
  }
  if (COMMON_PINS.has(pin)) return 'one of the most common PINs';
  return undefined;
}

/** The sentence refusing a new PIN for this role, or undefined when it may be set (the other role's PIN is checked by setPin). */
export function pinProblem(role: Role, pin: string): string | undefined {
  const min = PIN_MIN_LENGTH[role];
  if (typeof pin !== 'string' || !/^[0-9]+$/.test(pin) || pin.length < min || pin.length > PIN_MAX_LENGTH) {
    return `${role === 'it' ? 'An' : 'A'} ${PIN_NAME[role]} is ${min} to ${PIN_MAX_LENGTH} digits (0-9), nothing else.`;
  }
  const why = trivial(pin);
  if (why) return `That ${PIN_NAME[role]} is too easy to guess (${why}); choose another.`;
  return undefined;
}

const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
/** scrypt needs 128·N·r bytes; allow twice that. */
const MAXMEM = 256 * SCRYPT.N * SCRYPT.r;

const PinRecord = z.strictObject({
  algorithm: z.literal('scrypt'),
  N: z
    .number()
    .int()
    .min(2 ** 14)
    .max(2 ** 20),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  salt: z.string().min(16),
  hash: z.string().min(16),
  setAt: z.string(),
});
type PinRecord = z.infer<typeof PinRecord>;
const PinsFile = z.partialRecord(z.enum(ROLES), PinRecord);
type PinsFile = z.infer<typeof PinsFile>;

export class PinError extends Error {
  override name = 'PinError';
}

function readPins(dataDir: string): PinsFile {
  let text: string;
  try {
    text = readFileSync(join(dataDir, PINS_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new PinError(`${join(dataDir, PINS_FILE)} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  try {
    return PinsFile.parse(JSON.parse(text));
  } catch {
    // Damaged: no PIN is accepted until one is set again (fail closed).
    return {};
  }
}

function derive(pin: string, salt: Buffer, rec: { N: number; r: number; p: number }): Buffer {
  return scryptSync(pin.normalize('NFKC'), salt, KEY_LENGTH, { N: rec.N, r: rec.r, p: rec.p, maxmem: Math.max(MAXMEM, 256 * rec.N * rec.r) });
}

/** Set (or replace) a role's PIN, when pinProblem allows it and it differs from the other role's. Logged, without the PIN. */
export function setPin(dataDir: string, role: Role, pin: string): void {
  if (!ROLES.includes(role)) throw new PinError(`"${String(role)}" is not a role; use it or volunteer.`);
  const other: Role = role === 'it' ? 'volunteer' : 'it';
  const problem =
    pinProblem(role, pin) ?? (verifyPin(dataDir, other, pin) ? `The ${PIN_NAME[role]} must differ from the ${PIN_NAME[other]}; choose another.` : undefined);
  if (problem) {
    const why = `${problem[0]!.toLowerCase()}${problem.slice(1)}`;
    appendAudit(new DataFolder(dataDir).dir, {
      action: 'set-pin',
      result: 'refused',
      params: { role },
      reason: `The new ${PIN_NAME[role]} was refused: ${why}`,
    });
    throw new PinError(problem);
  }
  const folder = new DataFolder(dataDir);
  folder.ensure();
  try {
    let pins: PinsFile;
    try {
      pins = readPins(folder.dir);
    } catch {
      pins = {};
    }
    const salt = randomBytes(16);
    pins[role] = {
      algorithm: 'scrypt',
      ...SCRYPT,
      salt: salt.toString('base64'),
      hash: derive(pin, salt, SCRYPT).toString('base64'),
      setAt: new Date().toISOString(),
    };
    try {
      writeFileAtomic(join(folder.dir, PINS_FILE), `${JSON.stringify(pins, null, 2)}\n`);
    } finally {
      fileWritten(join(folder.dir, PINS_FILE)); // a running kiosk's pads see the new PIN on their next call
    }
  } catch (e) {
    appendAudit(folder.dir, { action: 'set-pin', result: 'failed', params: { role }, reason: `The ${role} PIN could not be saved: ${(e as Error).message}` });
    throw e;
  }
  appendAudit(folder.dir, { action: 'set-pin', result: 'accepted', params: { role }, reason: `The ${role} PIN was set.` });
}

/** Does this role have a PIN? */
export function hasPin(dataDir: string, role: Role): boolean {
  try {
    return readPins(dataDir)[role] !== undefined;
  } catch {
    return false;
  }
}

/** Check a PIN against the stored hash, in constant time. False when no PIN is set. */
export function verifyPin(dataDir: string, role: Role, pin: string): boolean {
  let rec: PinRecord | undefined;
  try {
    rec = readPins(dataDir)[role];
  } catch {
    rec = undefined;
  }
  if (!rec || typeof pin !== 'string' || pin.length > 64) return false;
  const expected = Buffer.from(rec.hash, 'base64');
  const actual = derive(pin, Buffer.from(rec.salt, 'base64'), rec);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * The PinCheck the staff-screen sessions use. Whether a role has a PIN is asked on every call
 * (each tablet's getInfo), so pins.json is read again only when it has changed (file-stamp.ts: a
 * PIN set by this process at once, by the kiosk command within a second); a PIN is always checked
 * against the file as it is.
 */
export function pinCheck(dataDir: string): PinCheck {
  const file = new FileChanges(join(dataDir, PINS_FILE));
  let roles: ReadonlySet<Role> = new Set();
  return {
    has: (role) => {
      if (file.changed()) {
        try {
          const pins = readPins(dataDir);
          roles = new Set(ROLES.filter((r) => pins[r] !== undefined));
        } catch {
          roles = new Set(); // unreadable: no PIN pad opens (fail closed), as hasPin
        }
      }
      return roles.has(role);
    },
    verify: (role, pin) => verifyPin(dataDir, role, pin),
  };
}
