/**
 * Writing content packs (what `kiosk pack` does): list a content source folder, validate it
 * exactly as a kiosk will, hash every file (streamed), write the manifest, sign its exact bytes
 * with each key, zip it all into one file under a temporary name, verify that file, then rename.
 */
import { createHash, createPublicKey } from 'node:crypto';
import { createReadStream, createWriteStream, lstatSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import yazl from 'yazl';
import { imageType, referencedAssets } from '../content/images.js';
import type { Content } from '../content/schema.js';
import { ContentError, contentFiles, loadContentSource } from '../content/source.js';
import { openExclusive, tempNameFor } from '../fs-safe.js';
import { appVersion } from '../paths.js';
import {
  DEFAULT_LIMITS,
  FORMAT_NAME,
  FORMAT_VERSION,
  MANIFEST_NAME,
  Manifest,
  SIGNATURES_NAME,
  checkContentPath,
  checkPath,
  isAssetPath,
  type KeyList,
  type ManifestFile,
  type Signatures,
} from './format.js';
import { keyListKeys, signBytes, type SigningKey, type TrustedKey } from './keys.js';
import { verifyPack } from './verify.js';

export interface SourceFile {
  /** Path inside the pack, e.g. departments/vascular-surgery.json. */
  path: string;
  /** Where it is on disk. */
  abs: string;
  /** Its size when it was listed. */
  size: number;
}

/** Files up to this size are read in one call rather than streamed: one syscall, not a thread-pool round trip per chunk. */
const READ_WHOLE_BYTES = 1024 * 1024;
/** Documents up to this size go into the zip from memory... */
const ZIP_FROM_MEMORY_BYTES = 64 * 1024;
/** ...up to this much in all; the rest (and every photo) is streamed from its file. */
const ZIP_MEMORY_BUDGET = 64 * 1024 * 1024;

/**
 * The files of a content source folder that go into a pack, as the content model lists them
 * (hospital.json, departments/*.json, the optional documents, maps/*.svg, images/*). Links and
 * other non-regular files are refused.
 */
export function listSourceFiles(dir: string): SourceFile[] {
  return contentFiles(dir).map((rel) => {
    const abs = join(dir, rel);
    let st;
    try {
      st = lstatSync(abs);
    } catch {
      throw new ContentError(`${rel}: the file is missing or cannot be read.`);
    }
    if (st.isSymbolicLink()) throw new ContentError(`${rel}: is a symbolic link; a content source may hold only regular files.`);
    if (!st.isFile()) throw new ContentError(`${rel}: is not a regular file.`);
    try {
      checkPath(rel);
      checkContentPath(rel);
    } catch (e) {
      throw new ContentError(`${rel}: ${(e as Error).message}`);
    }
    if (st.size > DEFAULT_LIMITS.maxFileBytes)
      throw new ContentError(`${rel}: ${st.size} bytes is over the ${DEFAULT_LIMITS.maxFileBytes}-byte cap for one file.`);
    return { path: rel, abs, size: st.size };
  });
}

/**
 * Size and SHA-256 of a file (read whole when small, else streamed), and the bytes themselves when
 * `keep` is true. Photos are also checked to be images.
 */
async function describeFile(f: SourceFile, keep: boolean): Promise<{ file: ManifestFile; data?: Buffer }> {
  if (f.size <= READ_WHOLE_BYTES) {
    const data = readFileSync(f.abs);
    if (isAssetPath(f.path) && !imageType(data)) throw new ContentError(`${f.path}: not a PNG, JPEG or WebP image.`);
    return { file: { path: f.path, size: data.length, sha256: sha256Hex(data) }, ...(keep ? { data } : {}) };
  }
  const hash = createHash('sha256');
  let size = 0;
  let head = Buffer.alloc(0);
  for await (const chunk of createReadStream(f.abs) as AsyncIterable<Buffer>) {
    if (head.length < 16) head = Buffer.concat([head, chunk.subarray(0, 16 - head.length)]);
    size += chunk.length;
    hash.update(chunk);
  }
  if (isAssetPath(f.path) && !imageType(head)) throw new ContentError(`${f.path}: not a PNG, JPEG or WebP image.`);
  return { file: { path: f.path, size, sha256: hash.digest('hex') } };
}

export function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The manifest's exact bytes: what gets signed and what goes into the pack. */
export function manifestBytes(manifest: Manifest): Buffer {
  return Buffer.from(`${JSON.stringify(Manifest.parse(manifest), null, 2)}\n`, 'utf8');
}

export function signManifest(bytes: Buffer, keys: SigningKey[]): Signatures {
  return { signatures: keys.map((k) => ({ keyId: k.keyId, signature: signBytes(bytes, k).toString('base64') })) };
}

export interface ZipInput {
  name: string;
  /** The bytes, or a file to read them from. */
  data: Buffer | { file: string };
  /** Unix mode, including the file type bits (default a regular file, 0o100644). */
  mode?: number;
  compress?: boolean;
  mtime?: Date;
}

function zipOf(entries: ZipInput[]): yazl.ZipFile {
  const zip = new yazl.ZipFile();
  for (const e of entries) {
    const options = { mode: e.mode ?? 0o100644, compress: e.compress ?? true, mtime: e.mtime ?? new Date('2020-01-01T00:00:00Z') };
    if (Buffer.isBuffer(e.data)) zip.addBuffer(e.data, e.name, options);
    else zip.addFile(e.data.file, e.name, options);
  }
  zip.end();
  return zip;
}

/** Zip entries, in order, to a Buffer (for tests and small packs). */
export function zipToBuffer(entries: ZipInput[]): Promise<Buffer> {
  const zip = zipOf(entries);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/** Zip entries, in order, to a new file (never one already there, nor through a link), streaming. */
export async function zipToFile(out: string, entries: ZipInput[]): Promise<void> {
  const zip = zipOf(entries);
  const fd = openExclusive(out, 0o644);
  await new Promise<void>((resolve, reject) => {
    const ws = createWriteStream('', { fd });
    const fail = (e: unknown) => {
      ws.destroy(); // closes the file, which the caller removes
      reject(e);
    };
    ws.on('error', reject);
    ws.on('close', () => resolve());
    zip.outputStream.on('error', fail);
    zip.on('error', fail);
    zip.outputStream.pipe(ws);
  });
}

export interface CreatePackOptions {
  sourceDir: string;
  keys: SigningKey[];
  version: number;
  out: string;
  packId?: string;
  site?: string;
  /** ISO time. */
  expires?: string;
  minAppVersion?: string;
  /** A new trusted key list for kiosks to adopt (key rotation). */
  newKeys?: KeyList;
  now?: Date;
}

export interface CreatedPack {
  file: string;
  manifest: Manifest;
  content: Content;
  signers: string[];
}

/**
 * Validate a content source folder and write a signed pack. The pack is written under a
 * temporary name and verified against the signing keys before it is renamed into place, so a
 * source file that changed while the pack was written is caught. Throws sentences (ContentError
 * naming file and field for content problems).
 */
export async function createPack(o: CreatePackOptions): Promise<CreatedPack> {
  if (o.keys.length === 0) throw new Error('A pack needs at least one signing key.');
  const ids = new Set(o.keys.map((k) => k.keyId));
  if (ids.size !== o.keys.length) throw new Error('The same signing key was given twice.');
  const files = listSourceFiles(o.sourceDir);
  const content = loadContentSource(o.sourceDir);
  if (o.newKeys) {
    let listed;
    try {
      listed = keyListKeys(o.newKeys, 'new key list');
    } catch (e) {
      throw new Error((e as Error).message);
    }
    const signing = [...ids].filter((id) => listed.has(id)).length;
    if (signing < o.newKeys.threshold) {
      throw new Error(
        `The new key list requires ${o.newKeys.threshold} of its own keys to sign the pack, but only ${signing} of the signing keys belong to it.`,
      );
    }
  }
  // Small documents are kept from hashing and handed to the zip writer as those same bytes (a
  // pack may hold ten thousand of them, and opening a read stream for each costs more than
  // reading it); photos and anything large are streamed from their files again, and a file that
  // changed in between is caught by the self-check.
  const described: ManifestFile[] = [];
  const sources: ZipInput['data'][] = [];
  let budget = ZIP_MEMORY_BUDGET;
  for (const f of files) {
    const keep = !isAssetPath(f.path) && f.size <= ZIP_FROM_MEMORY_BYTES && f.size <= budget;
    const d = await describeFile(f, keep);
    described.push(d.file);
    if (d.data) budget -= d.data.length;
    sources.push(d.data ?? { file: f.abs });
  }
  const missing = referencedAssets(content).find((p) => !described.some((d) => d.path === p));
  if (missing) throw new ContentError(`${missing}: the content refers to this image, but it is not in the content folder.`);

  const now = o.now ?? new Date();
  const manifest: Manifest = {
    format: FORMAT_NAME,
    formatVersion: FORMAT_VERSION,
    packId: o.packId ?? `${o.site ?? 'content'}-v${o.version}`,
    version: o.version,
    created: now.toISOString(),
    ...(o.expires ? { expires: o.expires } : {}),
    minAppVersion: o.minAppVersion ?? appVersion(),
    ...(o.site ? { site: o.site } : {}),
    files: described,
    ...(o.newKeys ? { keys: o.newKeys } : {}),
  };
  const mBytes = manifestBytes(manifest);
  if (mBytes.length > DEFAULT_LIMITS.maxManifestBytes)
    throw new Error(`The manifest would be ${mBytes.length} bytes, over the ${DEFAULT_LIMITS.maxManifestBytes}-byte cap; split the content.`);
  const sigs = signManifest(mBytes, o.keys);

  const tmp = tempNameFor(o.out);
  try {
    await zipToFile(tmp, [
      { name: MANIFEST_NAME, data: mBytes, mtime: now },
      { name: SIGNATURES_NAME, data: Buffer.from(`${JSON.stringify(sigs, null, 2)}\n`), mtime: now },
      // Photos are compressed already: stored as they are.
      ...files.map((f, i) => ({ name: f.path, data: sources[i]!, mtime: now, compress: !isAssetPath(f.path) })),
    ]);
    await selfCheck(tmp, manifest, o.keys);
    renameSync(tmp, o.out);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  return { file: o.out, manifest, content, signers: [...ids] };
}

/** Verify a freshly written pack as a kiosk that trusts exactly the signing keys would. */
async function selfCheck(file: string, manifest: Manifest, keys: SigningKey[]): Promise<void> {
  const trusted = new Map<string, TrustedKey>();
  for (const k of keys) trusted.set(k.keyId, { keyId: k.keyId, publicKey: createPublicKey(k.privateKey), source: 'signing key' });
  try {
    await verifyPack(file, {
      trust: { threshold: keys.length, keys: trusted },
      site: manifest.site ?? 'any',
      installedVersion: null,
      // As the next pack after its predecessor: a kiosk compares a version with the one it has.
      highestVersion: manifest.version - 1,
      latestCreated: null,
      appVersion: manifest.minAppVersion,
      now: new Date(manifest.created),
    });
  } catch (e) {
    throw new Error(
      `The pack just written does not verify (${(e as Error).message}); a source file may have changed while it was written. Run kiosk pack again.`,
    );
  }
}
