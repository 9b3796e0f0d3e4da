/**
 * TUF keys from the kiosk's own Ed25519 key files (`kiosk keygen`): the same NAME.key / NAME.pub
 * sign packs and sign a fleet repository's roles. A TUF key is { keytype: ed25519, scheme:
 * ed25519, keyval: { public: hex } }, and its id is the SHA-256 of its canonical JSON, as the
 * TUF specification has it.
 */
import { createPublicKey, sign } from 'node:crypto';
import { createHash } from 'node:crypto';
import { canonicalize } from '@tufjs/canonical-json';
import { Key, Signature } from '@tufjs/models';
import { loadPrivateKey, rawPublicKey, type SigningKey } from '../packs/keys.js';

export interface RoleKey {
  /** The TUF key id (64 hex digits). */
  keyId: string;
  key: Key;
  /** The pack key id of the same key (16 hex digits), as `kiosk keygen` prints it. */
  packKeyId: string;
  file: string;
  sign: (data: Buffer) => Signature;
}

export function tufKeyFromRaw(raw: Buffer): { keyId: string; key: Key } {
  const fields = { keytype: 'ed25519', scheme: 'ed25519', keyval: { public: raw.toString('hex') } };
  const keyId = createHash('sha256').update(canonicalize(fields)).digest('hex');
  return { keyId, key: new Key({ keyID: keyId, keyType: 'ed25519', scheme: 'ed25519', keyVal: { public: raw.toString('hex') } }) };
}

export function roleKeyFrom(signing: SigningKey, file: string): RoleKey {
  const raw = rawPublicKey(createPublicKey(signing.privateKey));
  const { keyId, key } = tufKeyFromRaw(raw);
  return {
    keyId,
    key,
    packKeyId: signing.keyId,
    file,
    sign: (data: Buffer) => new Signature({ keyID: keyId, sig: sign(null, data, signing.privateKey).toString('hex') }),
  };
}

/** A private key file (from `kiosk keygen`) as a key for signing a repository's roles. */
export function loadRoleKey(file: string): RoleKey {
  return roleKeyFrom(loadPrivateKey(file), file);
}
