/**
 * Changing the kiosk's trusted keys by hand (`kiosk trust`): add a public key to the data
 * folder's keys.json, or set the k-of-n threshold. Every change is logged. Key rotation through a
 * pack is in install.ts.
 */
import { DataFolder } from '../datafolder.js';
import { appendAudit } from '../audit/log.js';
import { PackOperationError } from './errors.js';
import { recover } from './journal.js';
import type { PublicKeyEntry } from './format.js';
import { loadTrust, readKeysFile, writeKeysFile } from './keys.js';
import { acquireLock } from './state.js';

export interface TrustResult {
  added: boolean;
  keyId: string;
  threshold: number;
  trusted: number;
}

function locked<T>(dataDir: string, fn: (folder: DataFolder) => T): T {
  const folder = new DataFolder(dataDir);
  folder.ensure();
  const release = acquireLock(folder.dir);
  try {
    // Finish an interrupted install first: it may be about to replace the key list.
    recover(folder);
    return fn(folder);
  } finally {
    release();
  }
}

/** Trust a public key (from readPublicKeyFile). Adding a key already trusted changes nothing. */
export function trustKey(dataDir: string, key: PublicKeyEntry, opts: { shippedKeysDir?: string } = {}): TrustResult {
  try {
    return locked(dataDir, (folder) => {
      const file = readKeysFile(folder.dir);
      const trust = loadTrust(folder.dir, opts.shippedKeysDir);
      if (trust.keys.has(key.keyId)) {
        appendAudit(folder.dir, {
          action: 'trust',
          result: 'no-change',
          params: { keyId: key.keyId },
          reason: `Key ${key.keyId}${key.name ? ` (${key.name})` : ''} is already trusted.`,
        });
        return { added: false, keyId: key.keyId, threshold: trust.threshold, trusted: trust.keys.size };
      }
      file.keys.push({ ...key, addedAt: new Date().toISOString(), source: 'kiosk trust' });
      writeKeysFile(folder.dir, file);
      appendAudit(folder.dir, {
        action: 'trust',
        result: 'accepted',
        code: 'trust.key-added',
        params: { keyId: key.keyId },
        reason: `Key ${key.keyId}${key.name ? ` (${key.name})` : ''} is now trusted.`,
      });
      return { added: true, keyId: key.keyId, threshold: file.threshold, trusted: trust.keys.size + 1 };
    });
  } catch (e) {
    appendAudit(new DataFolder(dataDir).dir, { action: 'trust', result: 'failed', reason: (e as Error).message });
    throw e;
  }
}

/** Require `threshold` distinct trusted signatures on every pack. */
export function setThreshold(dataDir: string, threshold: number, opts: { shippedKeysDir?: string } = {}): TrustResult {
  try {
    return locked(dataDir, (folder) => {
      if (!Number.isInteger(threshold) || threshold < 1 || threshold > 16) throw new PackOperationError('The threshold must be a whole number from 1 to 16.');
      const trust = loadTrust(folder.dir, opts.shippedKeysDir);
      if (threshold > trust.keys.size) {
        throw new PackOperationError(
          `A threshold of ${threshold} needs at least ${threshold} trusted keys, but this kiosk trusts ${trust.keys.size}; trust more keys first.`,
        );
      }
      const file = readKeysFile(folder.dir);
      writeKeysFile(folder.dir, { ...file, threshold });
      appendAudit(folder.dir, {
        action: 'trust',
        result: 'accepted',
        code: 'trust.threshold',
        params: { threshold, keys: trust.keys.size },
        reason: `Packs now need ${threshold} of ${trust.keys.size} trusted signatures.`,
      });
      return { added: false, keyId: '', threshold, trusted: trust.keys.size };
    });
  } catch (e) {
    appendAudit(new DataFolder(dataDir).dir, { action: 'trust', result: 'failed', reason: (e as Error).message });
    throw e;
  }
}
