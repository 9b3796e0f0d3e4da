/**
 * A fleet repository on disk: The Update Framework's metadata as static files, which any web
 * server, CDN, object store or USB stick can carry as they are.
 *
 *   REPO/metadata/1.root.json, 2.root.json …   every root version (kiosks walk the chain)
 *   REPO/metadata/root.json                    a copy of the newest root
 *   REPO/metadata/N.targets.json               the signed list of packs (consistent snapshots)
 *   REPO/metadata/N.snapshot.json              the versions of every targets file
 *   REPO/metadata/timestamp.json               the newest snapshot; re-signed often, short expiry
 *   REPO/targets/SITE/SHA256.PACKID-vN.kpack   the packs themselves, named by their hash
 *
 * Reading follows the chain a kiosk follows: the highest N.root.json, then timestamp.json, the
 * snapshot it names, the targets file the snapshot names. Files are written whole (temporary
 * file, then rename), and timestamp.json last, so a web server never serves a timestamp that
 * names files not there yet.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { Metadata, MetadataKind, MetaFile, type Root, type Snapshot, type Targets, type Timestamp } from '@tufjs/models';
import { writeFileAtomic } from '../datafolder.js';

export const SPEC_VERSION = '1.0.31';

/** A refusal by a publishing command: one sentence. */
export class PublishError extends Error {
  override name = 'PublishError';
}

export interface RepoFiles {
  dir: string;
  metadata: string;
  targets: string;
}

export function repoFiles(dir: string): RepoFiles {
  return { dir, metadata: join(dir, 'metadata'), targets: join(dir, 'targets') };
}

export function metadataBytes(md: Metadata<Root | Targets | Snapshot | Timestamp>): Buffer {
  return Buffer.from(`${JSON.stringify(md.toJSON(), null, 1)}\n`);
}

export function metaFileFor(bytes: Buffer, version: number): MetaFile {
  return new MetaFile({ version, length: bytes.length, hashes: { sha256: createHash('sha256').update(bytes).digest('hex') } });
}

function readJson(file: string, what: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new PublishError(
      code === 'ENOENT'
        ? `${file} is missing; the repository is incomplete (was it made with "kiosk publish init"?).`
        : `${file} cannot be read (${code ?? 'error'}).`,
    );
  }
  try {
    const v = JSON.parse(text) as unknown;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
    return v as Record<string, unknown>;
  } catch {
    throw new PublishError(`${file} is not valid ${what} metadata.`);
  }
}

function parse(kind: MetadataKind, file: string): unknown {
  try {
    return (Metadata.fromJSON as (k: MetadataKind, d: Record<string, unknown>) => unknown)(kind, readJson(file, kind));
  } catch (e) {
    if (e instanceof PublishError) throw e;
    throw new PublishError(`${file} is not valid ${kind} metadata (${(e as Error).message}).`);
  }
}

/** The highest N of the N.root.json files in a metadata folder, or 0. */
export function highestRootVersion(metadataDir: string): number {
  let names: string[] = [];
  try {
    names = readdirSync(metadataDir);
  } catch {
    return 0;
  }
  let max = 0;
  for (const n of names) {
    const m = /^(\d+)\.root\.json$/.exec(n);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max;
}

export interface LoadedRepository {
  files: RepoFiles;
  root: Metadata<Root>;
  timestamp: Metadata<Timestamp>;
  snapshot: Metadata<Snapshot>;
  targets: Metadata<Targets>;
}

export function loadRepository(dir: string): LoadedRepository {
  const files = repoFiles(dir);
  if (!existsSync(files.metadata)) throw new PublishError(`${dir} is not a fleet repository (it has no metadata folder); make one with "kiosk publish init".`);
  const rootVersion = highestRootVersion(files.metadata);
  if (rootVersion === 0) throw new PublishError(`${files.metadata} holds no root metadata; make the repository with "kiosk publish init".`);
  const root = parse(MetadataKind.Root, join(files.metadata, `${rootVersion}.root.json`)) as Metadata<Root>;
  const timestamp = parse(MetadataKind.Timestamp, join(files.metadata, 'timestamp.json')) as Metadata<Timestamp>;
  const snapshot = parse(MetadataKind.Snapshot, join(files.metadata, `${timestamp.signed.snapshotMeta.version}.snapshot.json`)) as Metadata<Snapshot>;
  const targetsMeta = snapshot.signed.meta['targets.json'];
  if (!targetsMeta) throw new PublishError(`The snapshot of ${dir} names no targets file; the repository is damaged.`);
  const targets = parse(MetadataKind.Targets, join(files.metadata, `${targetsMeta.version}.targets.json`)) as Metadata<Targets>;
  return { files, root, timestamp, snapshot, targets };
}

/**
 * Write one metadata file whole; returns its bytes. A file written again (timestamp.json) gets a
 * modification time at least a second past the one it replaces: web servers derive ETag and
 * Last-Modified from whole seconds and the size, so two versions of the same size written within
 * one second would otherwise look unchanged to a kiosk's conditional request.
 */
export function writeMetadata(files: RepoFiles, name: string, md: Metadata<Root | Targets | Snapshot | Timestamp>): Buffer {
  mkdirSync(files.metadata, { recursive: true });
  const bytes = metadataBytes(md);
  const file = join(files.metadata, name);
  let before: number | undefined;
  try {
    before = Math.floor(statSync(file).mtimeMs / 1000);
  } catch {
    before = undefined;
  }
  writeFileAtomic(file, bytes);
  if (before !== undefined && Math.floor(statSync(file).mtimeMs / 1000) <= before) utimesSync(file, new Date(), new Date((before + 1) * 1000));
  return bytes;
}
