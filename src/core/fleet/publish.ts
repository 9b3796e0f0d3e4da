/**
 * Publishing to a fleet repository (`kiosk publish`): make the repository, add a pack, set a
 * pack's rollout, rotate a role's keys, and refresh the short-lived metadata.
 *
 * Roles and their keys (all Ed25519 key files from `kiosk keygen`):
 *   root       k of n keys kept offline; signs which keys hold every role (root.json)
 *   targets    signs the list of packs and their rollout (targets.json)
 *   online     signs snapshot.json and timestamp.json; kept where a timer can use it, and
 *              short-lived metadata limits what a stolen copy can do (it can never add a pack)
 *
 * The packs keep their own signatures: a kiosk checks the repository's metadata first, then
 * the pack as it checks every pack. Every refusal is a PublishError with one sentence; nothing
 * is written before every check has passed.
 */
import { createHash } from 'node:crypto';
import { constants, copyFileSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Metadata, Root, Snapshot, TargetFile, Targets, Timestamp, type Key } from '@tufjs/models';
import { tempNameFor } from '../fs-safe.js';
import { PackError } from '../packs/errors.js';
import { readPackClaims } from './pack-manifest.js';
import {
  PublishError,
  SPEC_VERSION,
  highestRootVersion,
  loadRepository,
  metaFileFor,
  repoFiles,
  writeMetadata,
  type LoadedRepository,
  type RepoFiles,
} from './repository.js';

export { PublishError };
import { ALL_RINGS, RING_PATTERN, targetCustom, type TargetCustom } from './rollout.js';
import type { RoleKey } from './tuf-keys.js';

const DAY = 86_400_000;

type Role = Root['roles'][string];
interface RoleSpec {
  keyIDs: string[];
  threshold: number;
}

/** A root from its keys and roles (built through its JSON form, which the models library parses). */
function makeRoot(version: number, expires: string, keys: Record<string, Key>, roles: Record<string, RoleSpec>): Root {
  return Root.fromJSON({
    _type: 'root',
    spec_version: SPEC_VERSION,
    version,
    expires,
    consistent_snapshot: true,
    keys: Object.fromEntries(Object.entries(keys).map(([id, k]) => [id, k.toJSON()])),
    roles: Object.fromEntries(Object.entries(roles).map(([n, r]) => [n, { keyids: r.keyIDs, threshold: r.threshold }])),
  });
}

/** How long each role's metadata stays valid, in milliseconds. */
export interface Lifetimes {
  root: number;
  targets: number;
  snapshot: number;
  timestamp: number;
}

export const DEFAULT_LIFETIMES: Lifetimes = { root: 365 * DAY, targets: 90 * DAY, snapshot: 7 * DAY, timestamp: 1 * DAY };

/** "12h", "1d", "90d", "30m" → milliseconds; undefined when not such a duration. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d{1,5})([mhd])$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  if (n <= 0) return undefined;
  return n * { m: 60_000, h: 3_600_000, d: DAY }[m[2] as 'm' | 'h' | 'd'];
}

function expiry(now: Date, ms: number): string {
  return new Date(Math.floor((now.getTime() + ms) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

// ---------------------------------------------------------------------------------------------
// Keys: which of the given keys may sign for a role

function roleOf(root: Root, role: string): Role {
  const r = root.roles[role];
  if (!r) throw new PublishError(`The repository's root names no ${role} role; it is damaged.`);
  return r;
}

function requireRoleKey(root: Root, role: 'targets' | 'snapshot' | 'timestamp', key: RoleKey | undefined, flag: string): RoleKey {
  const label = role === 'targets' ? 'targets' : 'online (snapshot and timestamp)';
  if (!key) throw new PublishError(`${flag} KEYFILE is required: the repository's ${label} key.`);
  if (!roleOf(root, role).keyIDs.includes(key.keyId)) {
    throw new PublishError(`${key.file} is not the repository's ${label} key; it would be refused by every kiosk.`);
  }
  return key;
}

/** The given root keys that the current root trusts, refusing when fewer than its threshold. */
function requireRootKeys(root: Root, keys: RoleKey[]): RoleKey[] {
  const role = roleOf(root, 'root');
  const ok = keys.filter((k, i) => role.keyIDs.includes(k.keyId) && keys.findIndex((o) => o.keyId === k.keyId) === i);
  const stranger = keys.find((k) => !role.keyIDs.includes(k.keyId));
  if (stranger) throw new PublishError(`${stranger.file} is not one of the repository's root keys.`);
  if (ok.length < role.threshold) {
    throw new PublishError(
      `Changing the root needs ${plural(role.threshold, 'root key')} of the ${role.keyIDs.length}; ${ok.length} ${ok.length === 1 ? 'was' : 'were'} given (--root-key).`,
    );
  }
  return ok;
}

// ---------------------------------------------------------------------------------------------
// Writing the chain: targets → snapshot → timestamp

interface Chain {
  repo: LoadedRepository;
  now: Date;
  lifetimes: Lifetimes;
  onlineKey: RoleKey;
}

function writeSnapshotAndTimestamp(c: Chain, targetsBytes: Buffer | undefined, newSnapshot: boolean): void {
  const { repo, now, lifetimes, onlineKey } = c;
  const files = repo.files;
  let snapshot = repo.snapshot;
  if (newSnapshot || targetsBytes) {
    const meta = { ...snapshot.signed.meta };
    if (targetsBytes) meta['targets.json'] = metaFileFor(targetsBytes, repo.targets.signed.version);
    snapshot = new Metadata(new Snapshot({ version: snapshot.signed.version + 1, specVersion: SPEC_VERSION, expires: expiry(now, lifetimes.snapshot), meta }));
    snapshot.sign(onlineKey.sign, false);
  }
  const snapshotBytes =
    newSnapshot || targetsBytes
      ? writeMetadata(files, `${snapshot.signed.version}.snapshot.json`, snapshot)
      : readFileSync(join(files.metadata, `${snapshot.signed.version}.snapshot.json`));
  const timestamp = new Metadata(
    new Timestamp({
      version: repo.timestamp.signed.version + 1,
      specVersion: SPEC_VERSION,
      expires: expiry(now, lifetimes.timestamp),
      snapshotMeta: metaFileFor(snapshotBytes, snapshot.signed.version),
    }),
  );
  timestamp.sign(onlineKey.sign, false);
  writeMetadata(files, 'timestamp.json', timestamp);
  repo.snapshot = snapshot;
  repo.timestamp = timestamp;
}

function writeTargets(c: Chain, targetsKey: RoleKey, targets: Record<string, TargetFile>): void {
  const md = new Metadata(
    new Targets({ version: c.repo.targets.signed.version + 1, specVersion: SPEC_VERSION, expires: expiry(c.now, c.lifetimes.targets), targets }),
  );
  md.sign(targetsKey.sign, false);
  const bytes = writeMetadata(c.repo.files, `${md.signed.version}.targets.json`, md);
  c.repo.targets = md;
  writeSnapshotAndTimestamp(c, bytes, true);
}

function writeRoot(files: RepoFiles, root: Metadata<Root>): void {
  writeMetadata(files, `${root.signed.version}.root.json`, root);
  writeMetadata(files, 'root.json', root);
}

// ---------------------------------------------------------------------------------------------
// init

export interface InitOptions {
  dir: string;
  rootKeys: RoleKey[];
  rootThreshold: number;
  targetsKey: RoleKey;
  onlineKey: RoleKey;
  lifetimes?: Partial<Lifetimes>;
  now?: Date;
}

export interface InitResult {
  rootFile: string;
  rootKeyIds: string[];
  rootThreshold: number;
}

export function initRepository(o: InitOptions): InitResult {
  const files = repoFiles(o.dir);
  if (highestRootVersion(files.metadata) > 0) throw new PublishError(`${o.dir} already holds a fleet repository; it was left as it is.`);
  const unique = [...new Map(o.rootKeys.map((k) => [k.keyId, k])).values()];
  if (unique.length === 0) throw new PublishError('At least one --root-key is needed.');
  if (unique.length !== o.rootKeys.length) throw new PublishError('The same root key was given twice; each --root-key must be a different key.');
  if (!Number.isInteger(o.rootThreshold) || o.rootThreshold < 1 || o.rootThreshold > unique.length) {
    throw new PublishError(`--root-threshold must be from 1 to the number of root keys (${unique.length}).`);
  }
  const roleKeys = new Set([o.targetsKey.keyId, o.onlineKey.keyId]);
  if (unique.some((k) => roleKeys.has(k.keyId)) || o.targetsKey.keyId === o.onlineKey.keyId) {
    throw new PublishError('The root, targets and online keys must be different keys, so that losing one does not give away another.');
  }
  const now = o.now ?? new Date();
  const lifetimes = { ...DEFAULT_LIFETIMES, ...o.lifetimes };
  const keys: Record<string, Key> = {};
  for (const k of [...unique, o.targetsKey, o.onlineKey]) keys[k.keyId] = k.key;
  const roles = {
    root: { keyIDs: unique.map((k) => k.keyId), threshold: o.rootThreshold },
    targets: { keyIDs: [o.targetsKey.keyId], threshold: 1 },
    snapshot: { keyIDs: [o.onlineKey.keyId], threshold: 1 },
    timestamp: { keyIDs: [o.onlineKey.keyId], threshold: 1 },
  };
  const root = new Metadata(makeRoot(1, expiry(now, lifetimes.root), keys, roles));
  for (const k of unique) root.sign(k.sign);
  mkdirSync(files.targets, { recursive: true });
  writeRoot(files, root);
  const targets = new Metadata(new Targets({ version: 1, specVersion: SPEC_VERSION, expires: expiry(now, lifetimes.targets), targets: {} }));
  targets.sign(o.targetsKey.sign, false);
  const targetsBytes = writeMetadata(files, '1.targets.json', targets);
  const snapshot = new Metadata(
    new Snapshot({ version: 1, specVersion: SPEC_VERSION, expires: expiry(now, lifetimes.snapshot), meta: { 'targets.json': metaFileFor(targetsBytes, 1) } }),
  );
  snapshot.sign(o.onlineKey.sign, false);
  const snapshotBytes = writeMetadata(files, '1.snapshot.json', snapshot);
  const timestamp = new Metadata(
    new Timestamp({ version: 1, specVersion: SPEC_VERSION, expires: expiry(now, lifetimes.timestamp), snapshotMeta: metaFileFor(snapshotBytes, 1) }),
  );
  timestamp.sign(o.onlineKey.sign, false);
  writeMetadata(files, 'timestamp.json', timestamp);
  return { rootFile: join(files.metadata, '1.root.json'), rootKeyIds: unique.map((k) => k.keyId), rootThreshold: o.rootThreshold };
}

// ---------------------------------------------------------------------------------------------
// add and rollout

export type Rollout = Record<string, number>;

/** "--ring canary --percent 100" → { canary: 100 }; "all" means every ring ("*"). */
export function rolloutEntry(ring: string, percent: number): [string, number] {
  const name = ring === 'all' ? ALL_RINGS : ring;
  if (name !== ALL_RINGS && !RING_PATTERN.test(name))
    throw new PublishError(`--ring ${JSON.stringify(ring)} is not a ring name (letters, digits, dots, dashes, underscores; or "all").`);
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) throw new PublishError('--percent must be a number from 0 to 100.');
  return [name, percent];
}

export function targetPathFor(site: string | null, packId: string, version: number): string {
  return `${site ?? 'all-sites'}/${packId}-v${version}.kpack`;
}

export interface AddOptions {
  dir: string;
  pack: string;
  targetsKey: RoleKey;
  onlineKey: RoleKey;
  rollout: Rollout;
  lifetimes?: Partial<Lifetimes>;
  now?: Date;
}

export interface AddResult {
  target: string;
  custom: TargetCustom;
  targetsVersion: number;
}

function customs(targets: Targets): { path: string; custom: TargetCustom | undefined; file: TargetFile }[] {
  return Object.entries(targets.targets).map(([path, file]) => ({ path, custom: targetCustom(file.custom), file }));
}

export async function addPack(o: AddOptions): Promise<AddResult> {
  const repo = loadRepository(o.dir);
  const targetsKey = requireRoleKey(repo.root.signed, 'targets', o.targetsKey, '--targets-key');
  const onlineKey = requireRoleKey(repo.root.signed, 'snapshot', o.onlineKey, '--online-key');
  let claims;
  try {
    claims = await readPackClaims(o.pack);
  } catch (e) {
    if (e instanceof PackError) throw new PublishError(e.message);
    throw e;
  }
  const existing = customs(repo.targets.signed);
  for (const t of existing) {
    if (!t.custom || t.custom.site !== claims.site) continue;
    if (t.custom.version >= claims.version) {
      throw new PublishError(
        `Version ${claims.version} is not newer than version ${t.custom.version} (${t.custom.packId}) already published for ${claims.site ? `site ${claims.site}` : 'every site'}; kiosks never go back to an older version, so publish a pack with a higher version.`,
      );
    }
  }
  const bytes = readFileSync(o.pack);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const target = targetPathFor(claims.site, claims.packId, claims.version);
  const custom: TargetCustom = { packId: claims.packId, version: claims.version, site: claims.site, rollout: o.rollout };
  const folder = join(repo.files.targets, claims.site ?? 'all-sites');
  mkdirSync(folder, { recursive: true });
  const dest = join(folder, `${sha256}.${basename(target)}`);
  const tmp = tempNameFor(dest);
  try {
    copyFileSync(o.pack, tmp, constants.COPYFILE_EXCL); // a new file, never through a link
    renameSync(tmp, dest);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  const entries: Record<string, TargetFile> = { ...repo.targets.signed.targets };
  entries[target] = new TargetFile({ path: target, length: bytes.length, hashes: { sha256 }, unrecognizedFields: { custom: { kiosk: custom } } });
  const chain: Chain = { repo, now: o.now ?? new Date(), lifetimes: { ...DEFAULT_LIFETIMES, ...o.lifetimes }, onlineKey };
  writeTargets(chain, targetsKey, entries);
  return { target, custom, targetsVersion: repo.targets.signed.version };
}

export interface ReplaceTargetsOptions {
  dir: string;
  targetsKey: RoleKey;
  onlineKey: RoleKey;
  /** The new list of targets from the current one. */
  edit: (targets: Record<string, TargetFile>) => Record<string, TargetFile>;
  lifetimes?: Partial<Lifetimes>;
  now?: Date;
}

/** Sign a new targets list (and snapshot and timestamp over it): what add and rollout do, for any change. */
export function replaceTargets(o: ReplaceTargetsOptions): number {
  const repo = loadRepository(o.dir);
  const targetsKey = requireRoleKey(repo.root.signed, 'targets', o.targetsKey, '--targets-key');
  const onlineKey = requireRoleKey(repo.root.signed, 'snapshot', o.onlineKey, '--online-key');
  writeTargets(
    { repo, now: o.now ?? new Date(), lifetimes: { ...DEFAULT_LIFETIMES, ...o.lifetimes }, onlineKey },
    targetsKey,
    o.edit({ ...repo.targets.signed.targets }),
  );
  return repo.targets.signed.version;
}

export interface RolloutOptions {
  dir: string;
  /** The pack's id and version (a target of the repository). */
  packId: string;
  version: number;
  site?: string | null;
  ring: string;
  percent: number;
  targetsKey: RoleKey;
  onlineKey: RoleKey;
  lifetimes?: Partial<Lifetimes>;
  now?: Date;
}

export function setRollout(o: RolloutOptions): AddResult {
  const repo = loadRepository(o.dir);
  const targetsKey = requireRoleKey(repo.root.signed, 'targets', o.targetsKey, '--targets-key');
  const onlineKey = requireRoleKey(repo.root.signed, 'snapshot', o.onlineKey, '--online-key');
  const [ring, percent] = rolloutEntry(o.ring, o.percent);
  const matches = customs(repo.targets.signed).filter(
    (t) => t.custom?.packId === o.packId && t.custom.version === o.version && (o.site === undefined || t.custom.site === o.site),
  );
  if (matches.length === 0) throw new PublishError(`The repository has no pack ${o.packId} version ${o.version}; add it first with "kiosk publish add".`);
  if (matches.length > 1) throw new PublishError(`Pack ${o.packId} version ${o.version} is published for more than one site; name the site with --site.`);
  const t = matches[0]!;
  const custom: TargetCustom = { ...t.custom!, rollout: { ...t.custom!.rollout, [ring]: percent } };
  const entries: Record<string, TargetFile> = { ...repo.targets.signed.targets };
  entries[t.path] = new TargetFile({ path: t.path, length: t.file.length, hashes: t.file.hashes, unrecognizedFields: { custom: { kiosk: custom } } });
  writeTargets({ repo, now: o.now ?? new Date(), lifetimes: { ...DEFAULT_LIFETIMES, ...o.lifetimes }, onlineKey }, targetsKey, entries);
  return { target: t.path, custom, targetsVersion: repo.targets.signed.version };
}

// ---------------------------------------------------------------------------------------------
// refresh

export interface RefreshOptions {
  dir: string;
  onlineKey: RoleKey;
  /** Also re-sign targets.json (its expiry is longer; the targets key is needed). */
  targetsKey?: RoleKey;
  lifetimes?: Partial<Lifetimes>;
  now?: Date;
}

export interface RefreshResult {
  timestampVersion: number;
  timestampExpires: string;
  snapshotVersion: number;
  snapshotResigned: boolean;
  targetsResigned: boolean;
}

/**
 * Re-sign timestamp.json (always) and snapshot.json (when half its lifetime has passed), with
 * a fresh expiry each; with the targets key, targets.json too.
 */
export function refreshRepository(o: RefreshOptions): RefreshResult {
  const repo = loadRepository(o.dir);
  const onlineKey = requireRoleKey(repo.root.signed, 'timestamp', o.onlineKey, '--online-key');
  requireRoleKey(repo.root.signed, 'snapshot', o.onlineKey, '--online-key');
  const now = o.now ?? new Date();
  const lifetimes = { ...DEFAULT_LIFETIMES, ...o.lifetimes };
  const chain: Chain = { repo, now, lifetimes, onlineKey };
  if (o.targetsKey) {
    const targetsKey = requireRoleKey(repo.root.signed, 'targets', o.targetsKey, '--targets-key');
    writeTargets(chain, targetsKey, { ...repo.targets.signed.targets });
    return {
      timestampVersion: repo.timestamp.signed.version,
      timestampExpires: repo.timestamp.signed.expires,
      snapshotVersion: repo.snapshot.signed.version,
      snapshotResigned: true,
      targetsResigned: true,
    };
  }
  const left = Date.parse(repo.snapshot.signed.expires) - now.getTime();
  const resign = left < lifetimes.snapshot / 2;
  writeSnapshotAndTimestamp(chain, undefined, resign);
  return {
    timestampVersion: repo.timestamp.signed.version,
    timestampExpires: repo.timestamp.signed.expires,
    snapshotVersion: repo.snapshot.signed.version,
    snapshotResigned: resign,
    targetsResigned: false,
  };
}

// ---------------------------------------------------------------------------------------------
// rotate

export type RotatedRole = 'root' | 'targets' | 'online';

export interface RotateOptions {
  dir: string;
  role: RotatedRole;
  /** Current root keys, at least the current root threshold of them. */
  rootKeys: RoleKey[];
  /** The role's new keys (private key files: they sign at once). */
  newKeys: RoleKey[];
  /** The new threshold for the role (root only; targets and online keep 1). */
  threshold?: number;
  /** Needed to re-sign snapshot and timestamp after a root or targets rotation. */
  onlineKey?: RoleKey;
  lifetimes?: Partial<Lifetimes>;
  now?: Date;
}

export interface RotateResult {
  rootVersion: number;
  role: RotatedRole;
  keyIds: string[];
  threshold: number;
}

export function rotateKeys(o: RotateOptions): RotateResult {
  const repo = loadRepository(o.dir);
  const current = repo.root.signed;
  const signers = requireRootKeys(current, o.rootKeys);
  const fresh = [...new Map(o.newKeys.map((k) => [k.keyId, k])).values()];
  if (fresh.length === 0) throw new PublishError('--new-key KEYFILE is required: the key (or keys, for root) that take over the role.');
  const threshold = o.role === 'root' ? (o.threshold ?? Math.min(roleOf(current, 'root').threshold, fresh.length)) : 1;
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > fresh.length)
    throw new PublishError(`--threshold must be from 1 to the number of new keys (${fresh.length}).`);
  if (o.role !== 'root' && fresh.length !== 1) throw new PublishError(`The ${o.role} role has one key; give one --new-key.`);
  const now = o.now ?? new Date();
  const lifetimes = { ...DEFAULT_LIFETIMES, ...o.lifetimes };

  const roles: Record<string, RoleSpec> = { ...current.roles };
  const names = o.role === 'online' ? ['snapshot', 'timestamp'] : [o.role];
  for (const n of names) roles[n] = { keyIDs: fresh.map((k) => k.keyId), threshold };
  const keys: Record<string, Key> = {};
  const used = new Set(Object.values(roles).flatMap((r) => r.keyIDs));
  for (const [id, k] of Object.entries(current.keys)) if (used.has(id)) keys[id] = k;
  for (const k of fresh) keys[k.keyId] = k.key;
  const others = Object.entries(roles)
    .filter(([n]) => !names.includes(n))
    .flatMap(([, r]) => r.keyIDs);
  if (fresh.some((k) => others.includes(k.keyId))) throw new PublishError('A new key must not already hold another role; make a new key with "kiosk keygen".');

  // The online key that signs after the change: the new one when it is the online role that rotates.
  const online = o.role === 'online' ? fresh[0]! : o.onlineKey;
  if (!online) throw new PublishError('--online-key KEYFILE is required to re-sign snapshot and timestamp after the change.');
  if (o.role !== 'online') requireRoleKey(current, 'snapshot', online, '--online-key');

  const root = new Metadata(makeRoot(current.version + 1, expiry(now, lifetimes.root), keys, roles));
  // Signed by a threshold of the old root keys and, for a root rotation, of the new ones too.
  for (const k of signers) root.sign(k.sign);
  if (o.role === 'root') for (const k of fresh) root.sign(k.sign);
  writeRoot(repo.files, root);
  repo.root = root;

  const chain: Chain = { repo, now, lifetimes, onlineKey: online };
  if (o.role === 'targets') writeTargets(chain, fresh[0]!, { ...repo.targets.signed.targets });
  else writeSnapshotAndTimestamp(chain, undefined, true);
  return { rootVersion: root.signed.version, role: o.role, keyIds: fresh.map((k) => k.keyId), threshold };
}

// ---------------------------------------------------------------------------------------------
// list

export interface RepositoryListing {
  dir: string;
  root: { version: number; expires: string; threshold: number; keys: number };
  targets: { version: number; expires: string };
  snapshot: { version: number; expires: string };
  timestamp: { version: number; expires: string };
  packs: { target: string; length: number; custom: TargetCustom | null }[];
}

export function listRepository(dir: string): RepositoryListing {
  const repo = loadRepository(dir);
  const r = roleOf(repo.root.signed, 'root');
  return {
    dir,
    root: { version: repo.root.signed.version, expires: repo.root.signed.expires, threshold: r.threshold, keys: r.keyIDs.length },
    targets: { version: repo.targets.signed.version, expires: repo.targets.signed.expires },
    snapshot: { version: repo.snapshot.signed.version, expires: repo.snapshot.signed.expires },
    timestamp: { version: repo.timestamp.signed.version, expires: repo.timestamp.signed.expires },
    packs: customs(repo.targets.signed)
      .map((t) => ({ target: t.path, length: t.file.length, custom: t.custom ?? null }))
      .sort((a, b) => (a.custom?.version ?? 0) - (b.custom?.version ?? 0)),
  };
}
