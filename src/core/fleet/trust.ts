/**
 * `kiosk trust-repo`: pin a fleet repository's root on this kiosk. The root names the keys of
 * every role; from it on, the kiosk accepts only what those keys sign, and follows the root's
 * own chain of rotations (N+1.root.json signed by the keys of N). What was cached from another
 * root is forgotten. The change is in the audit log.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Metadata, MetadataKind, type Root } from '@tufjs/models';
import { writeFileAtomic } from '../datafolder.js';
import { appendAudit } from '../audit/log.js';
import { fleetPaths } from './state.js';

export class TrustRepoError extends Error {
  override name = 'TrustRepoError';
}

export interface TrustedRepo {
  version: number;
  expires: string;
  rootKeys: number;
  rootThreshold: number;
  /** The root had already expired: the kiosk needs a newer one from the repository. */
  expired: boolean;
  replaced: { version: number } | null;
}

export function readRoot(bytes: Buffer, label: string): Metadata<Root> {
  let md: Metadata<Root>;
  try {
    md = Metadata.fromJSON(MetadataKind.Root, JSON.parse(bytes.toString('utf8'))) as Metadata<Root>;
  } catch (e) {
    throw new TrustRepoError(`${label} is not a fleet repository root (root.json from "kiosk publish init"): ${(e as Error).message}.`);
  }
  try {
    md.signed.roles.root; // eslint-disable-line @typescript-eslint/no-unused-expressions
    md.verifyDelegate(MetadataKind.Root, md);
  } catch (e) {
    throw new TrustRepoError(`${label} is not signed by enough of its own root keys (${(e as Error).message}); it was not trusted.`);
  }
  for (const role of ['targets', 'snapshot', 'timestamp']) {
    if (!md.signed.roles[role]) throw new TrustRepoError(`${label} names no ${role} role; it was not trusted.`);
  }
  return md;
}

export function trustRepository(dataDir: string, file: string, now = new Date()): TrustedRepo {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new TrustRepoError(`${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  if (bytes.length > 512 * 1024) throw new TrustRepoError(`${file} is too large to be a repository root.`);
  const md = readRoot(bytes, file);
  const p = fleetPaths(dataDir);
  let replaced: TrustedRepo['replaced'] = null;
  try {
    replaced = { version: readRoot(readFileSync(join(p.tuf, 'root.json')), 'the pinned root').signed.version };
  } catch {
    replaced = null;
  }
  mkdirSync(p.tuf, { recursive: true });
  for (const f of ['timestamp.json', 'snapshot.json', 'targets.json']) rmSync(join(p.tuf, f), { force: true });
  rmSync(p.http, { recursive: true, force: true });
  writeFileAtomic(join(p.tuf, 'root.json'), bytes);
  const r = md.signed.roles.root!;
  const result: TrustedRepo = {
    version: md.signed.version,
    expires: md.signed.expires,
    rootKeys: r.keyIDs.length,
    rootThreshold: r.threshold,
    expired: md.signed.isExpired(now),
    replaced,
  };
  appendAudit(dataDir, {
    action: 'trust',
    result: 'accepted',
    code: 'trust.fleet-root',
    params: { rootVersion: result.version },
    reason: `Pinned the fleet repository root version ${result.version} (${result.rootThreshold} of ${result.rootKeys} root keys)${replaced ? `, replacing root version ${replaced.version}` : ''}; packs from the repository are taken only as its keys sign them.`,
    file,
  });
  return result;
}
