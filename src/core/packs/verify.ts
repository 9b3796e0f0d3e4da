/**
 * Verifying a content pack, in the order that keeps untrusted bytes from being interpreted:
 *
 *   1. the archive's directory, under caps (archive.ts): entry count, names, types, sizes, ratios
 *   2. signatures.json and manifest.json, read whole but bounded by their caps
 *   3. the Ed25519 signatures over the exact manifest bytes, against the trusted keys and threshold
 *   4. only then the manifest is parsed: format, site, app version, expiry, version (anti-rollback),
 *      a new key list (rotation)
 *   5. the file list against the archive, then every file streamed: size and SHA-256
 *   6. only then the content JSON is parsed and validated (ContentChecker); each department file
 *      is read and hashed again and only its outline is kept, so memory does not grow with the
 *      number of departments
 *
 * Read-only: never writes to the data folder. The first failed check throws a PackError.
 */
import { createHash } from 'node:crypto';
import type { InstallStage, Signer } from '../../shared/results.js';
import { imageType } from '../content/images.js';
import { ContentChecker, ContentError, isDepartmentFile, type ContentOutline } from '../content/source.js';
import { appVersion as packageVersion } from '../paths.js';
import { PackArchive } from './archive.js';
import { PackError, quote } from './errors.js';
import {
  CREATED_AHEAD_TOLERANCE_MS,
  DEFAULT_LIMITS,
  FORMAT_VERSION,
  MAX_VERSION_STEP,
  MANIFEST_NAME,
  Manifest,
  SIGNATURES_NAME,
  Signatures,
  checkContentPath,
  checkPath,
  compareVersions,
  foldPath,
  isAssetPath,
  type KeyList,
  type ManifestFile,
  type PackLimits,
} from './format.js';
import { keyListKeys, verifyBytes, type TrustStore } from './keys.js';
import { describeStrictJsonProblem, strictJsonProblem } from './strict-json.js';

export interface VerifyContext {
  trust: TrustStore;
  /** The kiosk's site; a pack naming another site is refused. */
  site: string;
  /** The installed content version, or null when nothing is installed. */
  installedVersion: number | null;
  /** The highest version ever accepted on this kiosk (state.json, or the installed one if higher). */
  highestVersion: number;
  /** The latest creation time ever accepted: the clock never counts as earlier than this. */
  latestCreated: string | null;
  /** The packs accepted before (state.json), by version and the SHA-256 of their signed manifest. */
  accepted?: readonly { version: number; manifestSha256: string }[];
  /** The SHA-256 of the live content's pack manifest, when it is recorded. */
  installedSha256?: string | null;
  /**
   * Staff asked for this pack (the IT screen, `kiosk install`): the very pack accepted before
   * may be installed again although its version is not above the highest accepted (roll
   * forward, or back, with no new signature). Never for installs on their own (the watcher,
   * the fleet updater), which would undo a rollback staff chose.
   */
  allowAccepted?: boolean;
  appVersion?: string;
  now?: Date;
  limits?: Partial<PackLimits>;
}

export type { Signer } from '../../shared/results.js';

export interface VerifiedPack {
  file: string;
  manifest: Manifest;
  manifestSha256: string;
  signers: Signer[];
  /** The validated content; its departments are outlines, read whole with readDepartment. */
  content: ContentOutline;
  fileCount: number;
  totalBytes: number;
  /** A new trusted key list, signed by a threshold of the current keys and of its own. */
  newKeys?: KeyList;
  /** The pack's version equals the installed one: installing it changes nothing. */
  alreadyInstalled: boolean;
  /** The very pack (same version, same signed manifest) this kiosk accepted before. */
  acceptedBefore: boolean;
  /** Accepted only as a pack accepted before: its version is not above the highest accepted. */
  rollForward: boolean;
  /** Photos (images/…), verified but not kept in memory: read them one at a time with readAsset. */
  assets: string[];
  /**
   * Read one photo again through the same open file, checking its size and hash again, and lend
   * its bytes to `use`: they are valid only while `use` runs (a buffer reused for every photo).
   */
  readAsset<T>(path: string, use: (data: Buffer) => T): Promise<T>;
  /** Read one department's file again (by its outline's file), its size and hash checked again; parse it with parseDepartmentFile. */
  readDepartment(file: string): Promise<Buffer>;
  close(): void;
}

/** What verifying alone gives: the pack is closed, so nothing can be read from it again. */
export type VerifiedSummary = Omit<VerifiedPack, 'readAsset' | 'readDepartment' | 'close'>;

export type ProgressFn = (stage: InstallStage, message: string) => void;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const NOT_JSON = 'it is not valid JSON';

/**
 * A signed JSON file's text, parsed: UTF-8 exactly, valid JSON, each key once per object and
 * nested no deeper than MAX_SIGNED_JSON_DEPTH (JSON.parse would silently keep the last of two
 * values). Throws a sentence (plain Error) naming what is wrong.
 */
function parseSignedJson(bytes: Buffer): unknown {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    throw new Error('it is not valid UTF-8 text');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(NOT_JSON);
  }
  const problem = strictJsonProblem(text);
  if (problem) throw new Error(describeStrictJsonProblem(problem));
  return raw;
}

/** Check the detached signatures; returns the trusted signers and the other signatures set aside. */
function checkSignatures(manifestBytes: Buffer, sigBytes: Buffer, trust: TrustStore): { signers: Signer[]; others: Map<string, Buffer> } {
  let raw: unknown;
  try {
    raw = parseSignedJson(sigBytes);
  } catch (e) {
    throw new PackError('signature-malformed', `The pack's ${SIGNATURES_NAME} is malformed: ${(e as Error).message}.`);
  }
  const r = Signatures.safeParse(raw);
  if (!r.success) throw new PackError('signature-malformed', `The pack's ${SIGNATURES_NAME} is malformed; it must list each signature with the id of its key.`);
  const parsed: Signatures = r.data;
  if (parsed.signatures.length === 0) throw new PackError('signature-missing', 'The pack carries no signature.');
  const signers = new Map<string, Signer>();
  const others = new Map<string, Buffer>();
  for (const s of parsed.signatures) {
    const sig = Buffer.from(s.signature, 'base64');
    if (sig.length !== 64) throw new PackError('signature-malformed', `The signature by key ${s.keyId} is malformed (an Ed25519 signature is 64 bytes).`);
    const key = trust.keys.get(s.keyId);
    if (!key) {
      others.set(s.keyId, sig);
      continue;
    }
    if (!verifyBytes(manifestBytes, sig, key.publicKey)) {
      throw new PackError(
        'signature-invalid',
        `The signature by trusted key ${s.keyId} does not match the manifest; the pack was altered after signing or the signature is damaged.`,
      );
    }
    signers.set(s.keyId, { keyId: key.keyId, ...(key.name ? { name: key.name } : {}), source: key.source });
  }
  if (trust.keys.size === 0) {
    throw new PackError(
      'no-trusted-keys',
      'This kiosk trusts no signing key yet, so it cannot accept any pack; add the publisher\'s public key with "kiosk trust".',
    );
  }
  if (signers.size === 0) {
    const ids = [...others.keys()].join(', ');
    throw new PackError(
      'unknown-key',
      `The pack is signed only by ${plural(others.size, 'key')} this kiosk does not trust (${ids}); add the public key with "kiosk trust" if it is genuine.`,
    );
  }
  if (trust.threshold > trust.keys.size) {
    throw new PackError(
      'threshold',
      `This kiosk requires ${trust.threshold} signatures but trusts only ${plural(trust.keys.size, 'key')}; no pack can meet the threshold.`,
      { have: signers.size, need: trust.threshold },
    );
  }
  if (signers.size < trust.threshold) {
    throw new PackError(
      'threshold',
      `The pack has ${plural(signers.size, 'valid signature')} from trusted keys; this kiosk requires ${trust.threshold} (of ${trust.keys.size} trusted keys).`,
      { have: signers.size, need: trust.threshold },
    );
  }
  return { signers: [...signers.values()], others };
}

function parseManifest(bytes: Buffer): Manifest {
  let raw: unknown;
  try {
    raw = parseSignedJson(bytes);
  } catch (e) {
    const why = (e as Error).message;
    if (why === NOT_JSON) throw new PackError('manifest-malformed', `The pack's ${MANIFEST_NAME} is not valid JSON.`);
    throw new PackError('manifest-malformed', `The pack's ${MANIFEST_NAME} is malformed: ${why}.`);
  }
  if (typeof raw === 'object' && raw !== null && typeof (raw as { formatVersion?: unknown }).formatVersion === 'number') {
    const v = (raw as { formatVersion: number }).formatVersion;
    if (v > FORMAT_VERSION) {
      throw new PackError('format-version', `The pack uses format version ${v}, newer than this kiosk reads (${FORMAT_VERSION}); update the kiosk software.`);
    }
  }
  const r = Manifest.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    const field = i?.path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '');
    throw new PackError(
      'manifest-malformed',
      `The pack's ${MANIFEST_NAME} is malformed: ${field ? `${field} ` : ''}${(i?.message ?? 'invalid').replace(/^Invalid input: /, '')}.`,
    );
  }
  if (r.data.expires !== undefined && Date.parse(r.data.expires) <= Date.parse(r.data.created)) {
    throw new PackError('manifest-malformed', `The pack's ${MANIFEST_NAME} is malformed: it expires before it was created.`);
  }
  return r.data;
}

function checkManifest(m: Manifest, ctx: VerifyContext, sha256: string): { equal: boolean; acceptedBefore: boolean; rollForward: boolean } {
  if (m.site !== undefined && m.site !== ctx.site) {
    throw new PackError('site', `The pack is for site ${quote(m.site)}, but this kiosk belongs to site ${quote(ctx.site)}.`, {
      site: m.site,
      kioskSite: ctx.site,
    });
  }
  const app = ctx.appVersion ?? packageVersion();
  if (compareVersions(m.minAppVersion, app) > 0) {
    throw new PackError(
      'app-too-old',
      `The pack needs kiosk software ${m.minAppVersion} or later, but this kiosk runs ${app}; update the kiosk software first.`,
      { needs: m.minAppVersion, runs: app },
    );
  }
  // A creation time ahead of the clock would become the floor of every later expiry check (and
  // of the record kept in state.json), so packs made honestly today would count as expired.
  const now = (ctx.now ?? new Date()).getTime();
  if (Date.parse(m.created) > now + CREATED_AHEAD_TOLERANCE_MS) {
    throw new PackError(
      'created-future',
      `The pack says it was created on ${m.created}, more than ${CREATED_AHEAD_TOLERANCE_MS / 3_600_000} hours after this kiosk's clock (${new Date(now).toISOString()}); check the clock of the kiosk and of the computer that made the pack.`,
      { created: m.created },
    );
  }
  if (m.expires !== undefined) {
    const floor = ctx.latestCreated ? Date.parse(ctx.latestCreated) : 0;
    if (Date.parse(m.expires) <= Math.max(now, floor)) {
      throw new PackError('expired', `The pack expired on ${m.expires}; ask its publisher for a current pack.`, { expires: m.expires });
    }
  }
  const installed = ctx.installedVersion;
  const sameVersion = (ctx.accepted ?? []).filter((a) => a.version === m.version);
  const acceptedBefore = sameVersion.some((a) => a.manifestSha256 === sha256) || (installed === m.version && ctx.installedSha256 === sha256);
  const installedOther = installed === m.version && ctx.installedSha256 && ctx.installedSha256 !== sha256;
  if (!acceptedBefore && (installedOther || sameVersion.length > 0)) {
    throw new PackError(
      'version-reused',
      `The pack holds version ${m.version}, which this kiosk has already accepted with different contents; a changed pack needs a new version number.`,
      { version: m.version },
    );
  }
  const again = acceptedBefore && ctx.allowAccepted === true;
  if (installed !== null && m.version < installed && !again) {
    throw new PackError(
      'version-older',
      `The pack holds version ${m.version}, older than the installed version ${installed}; installing it would roll the content back.`,
      { version: m.version, installed },
    );
  }
  const equal = installed !== null && m.version === installed;
  if (!equal && m.version <= ctx.highestVersion && !again) {
    throw new PackError(
      'version-replayed',
      `The pack holds version ${m.version}, but this kiosk has already accepted version ${ctx.highestVersion} (the content was rolled back since); only a pack with a version above ${ctx.highestVersion} can be installed.`,
      { version: m.version, highest: ctx.highestVersion },
    );
  }
  // Accepted, such a version would become the floor for every later pack.
  const base = Math.max(ctx.highestVersion, installed ?? 0);
  if (!equal && m.version - base > MAX_VERSION_STEP) {
    throw new PackError(
      'version-jump',
      `The pack holds version ${m.version}, more than ${MAX_VERSION_STEP} above the highest version this kiosk has accepted (${base}); no later pack could follow it, so it is refused: number packs one after another.`,
      { version: m.version },
    );
  }
  return { equal, acceptedBefore, rollForward: !equal && m.version <= ctx.highestVersion };
}

/** A new key list must be valid and signed by a threshold of its own keys (the current keys' threshold was checked already). */
function checkRotation(list: KeyList, manifestBytes: Buffer, signers: Signer[], others: Map<string, Buffer>): void {
  const keys = keyListKeys(list, 'pack');
  const signedBy = new Set<string>();
  for (const s of signers) if (keys.has(s.keyId)) signedBy.add(s.keyId);
  for (const [id, sig] of others) {
    const k = keys.get(id);
    if (!k) continue;
    if (!verifyBytes(manifestBytes, sig, k.publicKey)) {
      throw new PackError(
        'signature-invalid',
        `The signature by key ${id} of the pack's new key list does not match the manifest; the pack was altered after signing.`,
      );
    }
    signedBy.add(id);
  }
  if (signedBy.size < list.threshold) {
    throw new PackError(
      'key-rotation',
      `The pack carries a new key list that requires ${list.threshold} of its own keys to sign, but only ${signedBy.size} did; the key rotation is refused.`,
    );
  }
}

/** Verify a pack and close it: for checking only. */
export async function verifyPack(file: string, ctx: VerifyContext, progress: ProgressFn = () => {}): Promise<VerifiedSummary> {
  const v = await openPack(file, ctx, progress);
  v.close();
  return v;
}

/**
 * Verify a pack and keep it open, so that its photos can be read again, one at a time, while
 * the new content database is built. The caller must close() it.
 */
export async function openPack(file: string, ctx: VerifyContext, progress: ProgressFn = () => {}): Promise<VerifiedPack> {
  const limits: PackLimits = { ...DEFAULT_LIMITS, ...ctx.limits };
  progress('open', 'Reading the pack');
  const archive = await PackArchive.open(file, limits);
  try {
    if (!archive.entries.has(MANIFEST_NAME))
      throw new PackError('manifest-missing', `The pack has no ${MANIFEST_NAME}; it is not a content pack or it is damaged.`);
    if (!archive.entries.has(SIGNATURES_NAME)) throw new PackError('signature-missing', `The pack has no ${SIGNATURES_NAME}; it is not signed.`);

    progress('signature', 'Checking the signatures');
    const sigBytes = await archive.readAll(SIGNATURES_NAME);
    const manifestBytes = await archive.readAll(MANIFEST_NAME);
    const { signers, others } = checkSignatures(manifestBytes, sigBytes, ctx.trust);

    const manifest = parseManifest(manifestBytes);
    return await verifyManifested(archive, manifest, manifestBytes, signers, others, ctx, limits, file, progress).catch((e: unknown) => {
      if (e instanceof PackError)
        e.pack ??= {
          packId: manifest.packId,
          version: manifest.version,
          signers: signers.map((s) => s.keyId),
          created: manifest.created,
          expires: manifest.expires ?? null,
          site: manifest.site ?? null,
          minAppVersion: manifest.minAppVersion,
          trustedSigners: signers,
        };
      throw e;
    });
  } catch (e) {
    archive.close();
    throw e;
  }
}

/** Stream an entry through SHA-256 without keeping it: its first bytes (to tell a photo's type). */
async function hashEntry(archive: PackArchive, f: ManifestFile): Promise<Buffer> {
  const hash = createHash('sha256');
  let head = Buffer.alloc(0);
  await archive.read(
    f.path,
    (c) => {
      hash.update(c);
      if (head.length < 16) head = Buffer.concat([head, c.subarray(0, 16 - head.length)]);
    },
    true,
  );
  checkHash(f, hash.digest('hex'));
  return head;
}

function checkHash(f: ManifestFile, sha256: string): void {
  if (sha256 !== f.sha256) {
    throw new PackError('file-hash', `The file ${quote(f.path)} does not match its SHA-256 in the manifest; the pack was altered or damaged.`);
  }
}

/**
 * An entry's whole bytes, their size and SHA-256 checked against the manifest, lent to `use`
 * (`transient`: valid only while `use` runs, so reading many photos allocates nothing).
 */
function checkedEntry<T>(archive: PackArchive, f: ManifestFile, use: (data: Buffer) => T, transient = false): Promise<T> {
  return archive.readWhole(
    f.path,
    (data) => {
      checkHash(f, createHash('sha256').update(data).digest('hex'));
      return use(data);
    },
    transient,
  );
}

async function verifyManifested(
  archive: PackArchive,
  manifest: Manifest,
  manifestBytes: Buffer,
  signers: Signer[],
  others: Map<string, Buffer>,
  ctx: VerifyContext,
  limits: PackLimits,
  file: string,
  progress: ProgressFn,
): Promise<VerifiedPack> {
  const manifestSha256 = createHash('sha256').update(manifestBytes).digest('hex');
  const { equal: alreadyInstalled, acceptedBefore, rollForward } = checkManifest(manifest, ctx, manifestSha256);
  if (manifest.keys) checkRotation(manifest.keys, manifestBytes, signers, others);

  // The file list, against itself and against the archive.
  const listed = new Map<string, (typeof manifest.files)[number]>();
  const folded = new Set<string>();
  let total = 0;
  for (const f of manifest.files) {
    checkPath(f.path);
    if (f.path === MANIFEST_NAME || f.path === SIGNATURES_NAME) {
      throw new PackError('path-not-allowed', `The manifest lists ${quote(f.path)}, which is the pack's own metadata, as a content file.`);
    }
    checkContentPath(f.path);
    if (listed.has(f.path)) throw new PackError('file-duplicate', `The manifest lists ${quote(f.path)} twice.`);
    if (folded.has(foldPath(f.path)))
      throw new PackError('file-duplicate', `The manifest lists ${quote(f.path)} and another file whose names differ only in letter case.`);
    folded.add(foldPath(f.path));
    listed.set(f.path, f);
    if (f.size > limits.maxFileBytes)
      throw new PackError('zip-file-cap', `The manifest lists ${quote(f.path)} at ${f.size} bytes, over the ${limits.maxFileBytes}-byte cap for one file.`);
    total += f.size;
    if (total > limits.maxTotalBytes)
      throw new PackError('zip-total', `The manifest's files add up to more than ${limits.maxTotalBytes} bytes, over the cap for a whole pack.`);
  }
  for (const f of listed.values()) {
    if (!archive.entries.has(f.path)) throw new PackError('file-missing', `The file ${quote(f.path)} listed in the manifest is missing from the pack.`);
  }
  for (const name of archive.entries.keys()) {
    if (name !== MANIFEST_NAME && name !== SIGNATURES_NAME && !listed.has(name)) {
      throw new PackError('file-extra', `The pack holds ${quote(name)}, which the manifest does not list.`);
    }
  }
  for (const f of listed.values()) {
    const declared = archive.entries.get(f.path)!.uncompressedSize;
    if (declared < f.size)
      throw new PackError('file-truncated', `The file ${quote(f.path)} is truncated: the pack holds ${declared} bytes where the manifest lists ${f.size}.`);
    if (declared > f.size)
      throw new PackError('file-oversized', `The file ${quote(f.path)} is oversized: the pack holds ${declared} bytes where the manifest lists ${f.size}.`);
  }

  // Every file's bytes, streamed: size (enforced while inflating) and SHA-256. Documents and
  // drawings are kept for parsing; photos and department files are only hashed (and a photo's
  // first bytes looked at).
  progress('files', `Checking ${plural(listed.size, 'file')}`);
  const docs = new Map<string, Buffer>();
  const assets: string[] = [];
  const departmentFiles: string[] = [];
  for (const f of listed.values()) {
    const asset = isAssetPath(f.path);
    const department = isDepartmentFile(f.path);
    if (!asset && !department) {
      docs.set(f.path, await checkedEntry(archive, f, (data) => data));
      continue;
    }
    const head = await hashEntry(archive, f);
    if (department) departmentFiles.push(f.path);
    else {
      if (!imageType(head)) throw new PackError('content', `The pack's content is not valid: ${f.path}: not a PNG, JPEG or WebP image.`);
      assets.push(f.path);
    }
  }

  // Only now is any content interpreted. Departments are read again one at a time, and only
  // their outlines are kept.
  progress('content', 'Checking the content');
  const readDepartmentBytes = async (path: string): Promise<Buffer> => {
    const f = listed.get(path);
    if (!f || !isDepartmentFile(path)) throw new PackError('file-missing', `The pack has no department file ${quote(path)}.`);
    return checkedEntry(archive, f, (data) => data);
  };
  let content: ContentOutline;
  try {
    const checker = new ContentChecker();
    for (const [i, path] of departmentFiles.entries()) {
      if (i > 0 && i % 1000 === 0) progress('content', `Checking the departments (${i} of ${departmentFiles.length})`);
      checker.add(path, await readDepartmentBytes(path));
    }
    for (const [path, bytes] of docs) checker.add(path, bytes);
    content = checker.finish();
  } catch (e) {
    if (e instanceof ContentError) throw new PackError('content', `The pack's content is not valid: ${e.message}`, { detail: e.message });
    throw e;
  }
  const missing = content.departments.find((d) => d.photo !== undefined && !listed.has(d.photo));
  if (missing)
    throw new PackError('content', `The pack's content is not valid: ${missing.photo}: the content refers to this image, but it is not in the pack.`);
  const portrait = content.doctors?.doctors.find((d) => d.photo !== undefined && !listed.has(d.photo.path));
  if (portrait?.photo)
    throw new PackError('content', `The pack's content is not valid: ${portrait.photo.path}: doctors.json refers to this image, but it is not in the pack.`);
  return {
    file,
    manifest,
    manifestSha256,
    signers,
    content,
    fileCount: listed.size,
    totalBytes: total,
    ...(manifest.keys ? { newKeys: manifest.keys } : {}),
    alreadyInstalled,
    acceptedBefore,
    rollForward,
    assets,
    readAsset<T>(path: string, use: (data: Buffer) => T): Promise<T> {
      const f = listed.get(path);
      if (!f || !isAssetPath(path)) throw new PackError('file-missing', `The pack has no photo ${quote(path)}.`);
      return checkedEntry(archive, f, use, true);
    },
    readDepartment: readDepartmentBytes,
    close: () => archive.close(),
  };
}
