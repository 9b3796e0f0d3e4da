/**
 * Ed25519 keys for content packs, with Node's own crypto: key ids, key files, signing and
 * checking, and the kiosk's trusted key set (keys shipped in resources/keys plus the data
 * folder's keys.json, with its k-of-n threshold).
 *
 *   NAME.key   the private key, PKCS#8 PEM, file mode 0600
 *   NAME.pub   the public key, JSON: { type, keyId, name, publicKey (raw 32 bytes, base64) }
 *   keys.json  in the data folder: { threshold, keys: [{ keyId, name, publicKey, addedAt, source }] }
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { writeFileAtomic } from '../datafolder.js';
import { createExclusive } from '../fs-safe.js';
import { resourcesDir } from '../paths.js';
import { PackError } from './errors.js';
import { PublicKeyEntry, type KeyList } from './format.js';

export const PUBLIC_KEY_TYPE = 'lobby-kiosk-ed25519-public-key';
export const KEYS_FILE = 'keys.json';

/** First 16 hex digits of the SHA-256 of the raw 32-byte public key. */
export function keyIdOf(rawPublicKey: Buffer): string {
  return createHash('sha256').update(rawPublicKey).digest('hex').slice(0, 16);
}

export function rawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error('not an Ed25519 key');
  return Buffer.from(jwk.x, 'base64url');
}

export function publicKeyFromRaw(raw: Buffer): KeyObject {
  if (raw.length !== 32) throw new Error('an Ed25519 public key is 32 bytes');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
}

export interface TrustedKey {
  keyId: string;
  name?: string;
  publicKey: KeyObject;
  /** Where the kiosk got it: "resources/keys/x.pub", "kiosk trust", "pack P v3". */
  source: string;
}

/** A public key entry whose id is recomputed from the key itself; undefined when the two disagree. */
export function entryToKey(e: PublicKeyEntry, source: string): TrustedKey | undefined {
  let raw: Buffer;
  try {
    raw = Buffer.from(e.publicKey, 'base64');
    if (raw.length !== 32 || keyIdOf(raw) !== e.keyId) return undefined;
    return { keyId: e.keyId, name: e.name, publicKey: publicKeyFromRaw(raw), source };
  } catch {
    return undefined;
  }
}

export function keyToEntry(k: TrustedKey): PublicKeyEntry {
  return { keyId: k.keyId, ...(k.name ? { name: k.name } : {}), publicKey: rawPublicKey(k.publicKey).toString('base64') };
}

// ---------------------------------------------------------------------------------------------
// Key files

export interface GeneratedKey {
  keyId: string;
  privateKeyFile: string;
  publicKeyFile: string;
}

/** Make a new key pair in `dir`: NAME.key (mode 0600) and NAME.pub. Never overwrites. */
export function generateKeyFiles(dir: string, name: string): GeneratedKey {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) {
    throw new Error(`The key name ${JSON.stringify(name)} is not allowed; use letters, digits, dots, dashes and underscores.`);
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const privateKeyFile = join(dir, `${name}.key`);
  const publicKeyFile = join(dir, `${name}.pub`);
  for (const f of [privateKeyFile, publicKeyFile]) {
    if (lstatSync(f, { throwIfNoEntry: false })) throw new Error(`${f} already exists; choose another --name or folder (keys are never overwritten).`);
  }
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = rawPublicKey(publicKey);
  const keyId = keyIdOf(raw);
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
  // Created exclusively: never over a file or through a link already there; a failed write
  // (a full disk) leaves neither file, so the same command can simply be run again.
  createExclusive(privateKeyFile, pem, 0o600);
  try {
    chmodSync(privateKeyFile, 0o600);
    const pub = { type: PUBLIC_KEY_TYPE, keyId, name, publicKey: raw.toString('base64'), created: new Date().toISOString() };
    createExclusive(publicKeyFile, `${JSON.stringify(pub, null, 2)}\n`, 0o644);
  } catch (e) {
    rmSync(privateKeyFile, { force: true });
    throw e;
  }
  return { keyId, privateKeyFile, publicKeyFile };
}

export interface SigningKey {
  keyId: string;
  privateKey: KeyObject;
}

export function loadPrivateKey(file: string): SigningKey {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`The private key ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(text);
  } catch {
    throw new Error(`${file} is not a private key file (expected the PEM file written by "kiosk keygen").`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${file} is not an Ed25519 private key.`);
  return { keyId: keyIdOf(rawPublicKey(createPublicKey(privateKey))), privateKey };
}

const PublicKeyFile = z.object({
  type: z.literal(PUBLIC_KEY_TYPE).optional(),
  keyId: z.string().optional(),
  name: z.string().max(100).optional(),
  publicKey: z.string(),
});

/** Read a public key: the JSON written by keygen, or a PEM public key. */
export function parsePublicKey(text: string, label: string, defaultName?: string): PublicKeyEntry {
  const trimmed = text.trim();
  let raw: Buffer;
  let name = defaultName;
  try {
    if (trimmed.startsWith('-----BEGIN')) {
      const key = createPublicKey(trimmed);
      if (key.asymmetricKeyType !== 'ed25519') throw new Error('not ed25519');
      raw = rawPublicKey(key);
    } else {
      const parsed = PublicKeyFile.parse(JSON.parse(trimmed));
      raw = Buffer.from(parsed.publicKey, 'base64');
      if (raw.length !== 32) throw new Error('wrong length');
      publicKeyFromRaw(raw);
      if (parsed.keyId !== undefined && parsed.keyId !== keyIdOf(raw)) {
        throw new Error(`${label}: its keyId ${parsed.keyId} does not match the key (${keyIdOf(raw)}).`);
      }
      name = parsed.name ?? name;
    }
  } catch (e) {
    const msg = (e as Error).message;
    throw new Error(msg.startsWith(label) ? msg : `${label} is not an Ed25519 public key file (expected the .pub file written by "kiosk keygen").`);
  }
  return { keyId: keyIdOf(raw), ...(name ? { name } : {}), publicKey: raw.toString('base64') };
}

export function readPublicKeyFile(file: string): PublicKeyEntry {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`The public key ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  if (text.length > 16 * 1024) throw new Error(`${file} is too large to be a public key file.`);
  return parsePublicKey(text, file);
}

/** Ed25519 signature over the exact bytes given. */
export function signBytes(bytes: Buffer, key: SigningKey): Buffer {
  return sign(null, bytes, key.privateKey);
}

export function verifyBytes(bytes: Buffer, signature: Buffer, key: KeyObject): boolean {
  if (signature.length !== 64) return false;
  try {
    return verify(null, bytes, key, signature);
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// The trusted key set

const StoredKey = PublicKeyEntry.extend({
  addedAt: z.string().optional(),
  source: z.string().max(200).optional(),
});
export const KeysFile = z.strictObject({
  threshold: z.number().int().min(1).max(16).default(1),
  keys: z.array(StoredKey).max(64).default([]),
  /** Set when a pack's key list replaced this list. */
  rotatedBy: z.strictObject({ packId: z.string(), version: z.number().int(), at: z.string() }).optional(),
});
export type KeysFile = z.infer<typeof KeysFile>;

export interface TrustStore {
  threshold: number;
  keys: Map<string, TrustedKey>;
}

export function shippedKeysDir(): string {
  return join(resourcesDir(), 'keys');
}

/** Keys that ship with the app: every *.pub in resources/keys (the README there is ignored). */
export function loadShippedKeys(dir = shippedKeysDir()): TrustedKey[] {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.pub'))
      .sort();
  } catch {
    return [];
  }
  return names.map((n) => {
    const file = join(dir, n);
    let entry: PublicKeyEntry;
    try {
      entry = readPublicKeyFile(file);
    } catch (e) {
      throw new PackError('trust-config', `The shipped key ${file} cannot be used: ${(e as Error).message}`);
    }
    const key = entryToKey(entry, `resources/keys/${n}`);
    if (!key) throw new PackError('trust-config', `The shipped key ${file} cannot be used.`);
    return key;
  });
}

/** The data folder's keys.json, or the empty default when there is none. Damaged → refuse (fail closed). */
export function readKeysFile(dataDir: string): KeysFile {
  const file = join(dataDir, KEYS_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { threshold: 1, keys: [] };
    throw new PackError('trust-config', `${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}); no pack can be trusted until it is fixed.`);
  }
  let parsed;
  try {
    parsed = KeysFile.safeParse(JSON.parse(text));
  } catch {
    parsed = undefined;
  }
  if (!parsed?.success)
    throw new PackError('trust-config', `${file} is damaged; no pack can be trusted until it is fixed or removed and the keys trusted again.`);
  for (const k of parsed.data.keys) {
    if (!entryToKey(k, KEYS_FILE))
      throw new PackError('trust-config', `${file} lists key ${k.keyId}, whose id does not match its public key; fix or remove the entry.`);
  }
  return parsed.data;
}

export function writeKeysFile(dataDir: string, keys: KeysFile): void {
  writeFileAtomic(join(dataDir, KEYS_FILE), `${JSON.stringify(KeysFile.parse(keys), null, 2)}\n`);
}

/** Shipped keys plus the data folder's keys; the threshold from keys.json. */
export function loadTrust(dataDir: string | undefined, shippedDir?: string): TrustStore {
  const keys = new Map<string, TrustedKey>();
  for (const k of loadShippedKeys(shippedDir)) keys.set(k.keyId, k);
  let threshold = 1;
  if (dataDir !== undefined) {
    const file = readKeysFile(dataDir);
    threshold = file.threshold;
    for (const e of file.keys) {
      const k = entryToKey(e, e.source ?? KEYS_FILE);
      if (k && !keys.has(k.keyId)) keys.set(k.keyId, k);
    }
  }
  return { threshold, keys };
}

/** A pack's new key list, checked; the keys keyed by id. */
export function keyListKeys(list: KeyList, source: string): Map<string, TrustedKey> {
  const out = new Map<string, TrustedKey>();
  for (const e of list.keys) {
    const k = entryToKey(e, source);
    if (!k) throw new PackError('key-rotation', `The pack's new key list names key ${e.keyId}, whose id does not match its public key.`);
    if (out.has(k.keyId)) throw new PackError('key-rotation', `The pack's new key list names key ${e.keyId} twice.`);
    out.set(k.keyId, k);
  }
  if (list.threshold > out.size) {
    throw new PackError('key-rotation', `The pack's new key list requires ${list.threshold} signatures but holds only ${out.size} keys.`);
  }
  return out;
}
