/**
 * Staff PINs (IT and volunteer), kept in the data folder's pins.json as slow salted hashes
 * (scrypt, N = 2^15, r = 8, p = 1), written atomically. Checking compares in constant time.
 * The PIN itself is never stored or logged. Sessions and lockout live in ./sessions.ts,
 * which checks PINs through pinCheck().
 *
 *   pins.json  { "it": { "algorithm": "scrypt", "N": 32768, "r": 8, "p": 1, "salt": "…", "hash": "…", "setAt": "…" }, … }
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ROLES, type PinCheck, type Role } from './sessions.js';
import { DataFolder, writeFileAtomic } from '../datafolder.js';
import { appendAudit } from '../audit/log.js';

export const PINS_FILE = 'pins.json';
export const PIN_PATTERN = /^[0-9]{4,12}$/;

const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
/** scrypt needs 128·N·r bytes; allow twice that. */
const MAXMEM = 256 * SCRYPT.N * SCRYPT.r;

const PinRecord = z.strictObject({
  algorithm: z.literal('scrypt'),
  N: z.number().int().min(2 ** 14).max(2 ** 20),
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

/** Set (or replace) a role's PIN: 4 to 12 digits. Logged, without the PIN. */
export function setPin(dataDir: string, role: Role, pin: string): void {
  if (!ROLES.includes(role)) throw new PinError(`"${String(role)}" is not a role; use it or volunteer.`);
  if (!PIN_PATTERN.test(pin)) {
    appendAudit(new DataFolder(dataDir).dir, { action: 'set-pin', result: 'refused', reason: `The new ${role} PIN was refused: a PIN is 4 to 12 digits.` });
    throw new PinError('A PIN is 4 to 12 digits (0-9), nothing else.');
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
    writeFileAtomic(join(folder.dir, PINS_FILE), `${JSON.stringify(pins, null, 2)}\n`);
  } catch (e) {
    appendAudit(folder.dir, { action: 'set-pin', result: 'failed', reason: `The ${role} PIN could not be saved: ${(e as Error).message}` });
    throw e;
  }
  appendAudit(folder.dir, { action: 'set-pin', result: 'accepted', reason: `The ${role} PIN was set.` });
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

/** The PinCheck the staff-screen sessions use. */
export function pinCheck(dataDir: string): PinCheck {
  return { has: (role) => hasPin(dataDir, role), verify: (role, pin) => verifyPin(dataDir, role, pin) };
}
