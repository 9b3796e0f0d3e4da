/**
 * The content pack format (see ./README.md): file names inside the archive, the caps that bound
 * what a pack may hold, the manifest and signature schemas, and the rules every path must follow.
 * Pure: no I/O.
 */
import * as z from 'zod';
import { ASSET_PATTERN } from '../content/source.js';
import { PackError, quote } from './errors.js';

export const PACK_EXTENSION = '.kpack';
export const MANIFEST_NAME = 'manifest.json';
export const SIGNATURES_NAME = 'signatures.json';
export const FORMAT_NAME = 'lobby-kiosk-content-pack';
export const FORMAT_VERSION = 1;

/** Caps on what a pack may hold; every one is checked on the declared sizes and again while reading. */
export interface PackLimits {
  /** The pack file on disk. */
  maxPackBytes: number;
  /** Entries in the archive, including the manifest and the signatures. */
  maxEntries: number;
  /** One file, uncompressed. */
  maxFileBytes: number;
  /** All files, uncompressed. */
  maxTotalBytes: number;
  /** Uncompressed over compressed size, per entry (entries below ratioExemptBytes are exempt). */
  maxRatio: number;
  ratioExemptBytes: number;
  maxManifestBytes: number;
  maxSignaturesBytes: number;
}

export const DEFAULT_LIMITS: Readonly<PackLimits> = Object.freeze({
  // A large hospital's pack: ten thousand department files and a thousand photos.
  maxPackBytes: 512 * 1024 * 1024,
  maxEntries: 20_000,
  maxFileBytes: 32 * 1024 * 1024,
  maxTotalBytes: 512 * 1024 * 1024,
  maxRatio: 100,
  ratioExemptBytes: 64 * 1024,
  maxManifestBytes: 4 * 1024 * 1024,
  maxSignaturesBytes: 64 * 1024,
});

/**
 * How far ahead of the kiosk's clock a pack's creation time may be: clocks of the publisher's
 * computer and of the kiosk differ by minutes, or by a time zone set wrong. A pack from further
 * ahead is refused, since its creation time would count as "now" for every later expiry check.
 */
export const CREATED_AHEAD_TOLERANCE_MS = 24 * 60 * 60 * 1000;
/**
 * How far above the highest version accepted a pack's version may be. Versions count installs:
 * a jump of a million is a mistake or an attack, and one to 2^53 − 1 would leave no version for
 * any later pack.
 */
export const MAX_VERSION_STEP = 1_000_000;

const MAX_PATH_BYTES = 200;
const MAX_DEPTH = 4;
/** Extensions allowed outside hospital.json and departments/ (future folders such as maps/). */
export const ALLOWED_EXTENSIONS = new Set(['json', 'svg', 'png', 'jpg', 'webp']);
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;

/**
 * Check one path from the archive or the manifest. Throws a PackError naming the rule it breaks;
 * the order matters only for which sentence a path breaking several rules gets.
 */
export function checkPath(path: string): void {
  const q = quote(path);
  if (path.includes('\\')) throw new PackError('path-backslash', `The pack entry ${q} contains a backslash; paths inside a pack use forward slashes only.`);
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path))
    throw new PackError('path-absolute', `The pack entry ${q} is an absolute path; every path inside a pack must be relative.`);
  const segments = path.split('/');
  if (segments.some((s) => s === '..')) throw new PackError('path-dotdot', `The pack entry ${q} contains "..", which could point outside the pack.`);
  const reserved = segments.find((s) => RESERVED.test(s.split('.')[0] ?? ''));
  if (reserved !== undefined) {
    throw new PackError('path-reserved', `The pack entry ${q} uses the Windows-reserved name ${quote(reserved)}.`);
  }
  if (Buffer.byteLength(path) > MAX_PATH_BYTES || segments.length > MAX_DEPTH || segments.some((s) => !SEGMENT.test(s) || s.endsWith('.'))) {
    throw new PackError(
      'path-invalid',
      `The pack entry ${q} is not an allowed path: use letters, digits, dots, dashes and underscores, at most ${MAX_DEPTH} levels deep.`,
    );
  }
}

/**
 * Which content files a pack may carry (`path` has passed checkPath): JSON documents at the top
 * (hospital.json, wayfinding.json, …), departments/*.json, photos under images/ named as the
 * content model wants, and files of an allowed type in other folders (maps/*.svg, and folders a
 * later version may add).
 */
export function checkContentPath(path: string): void {
  const segments = path.split('/');
  const ext = path.includes('.') ? path.slice(path.lastIndexOf('.') + 1).toLowerCase() : '';
  const ok =
    segments.length === 1
      ? ext === 'json'
      : segments[0] === 'departments'
        ? segments.length === 2 && ext === 'json'
        : segments[0] === 'images'
          ? ASSET_PATTERN.test(path)
          : ALLOWED_EXTENSIONS.has(ext);
  if (!ok) {
    throw new PackError(
      'path-not-allowed',
      `The pack file ${quote(path)} is not allowed: a pack holds JSON documents, departments/*.json, photos under images/ and files of type ${[...ALLOWED_EXTENSIONS].join(', ')} in other folders.`,
    );
  }
}

/** Photos (assets): stored as they are, never parsed. */
export function isAssetPath(path: string): boolean {
  return path.startsWith('images/');
}

/** Paths compared the way a case-insensitive file system would. */
export function foldPath(path: string): string {
  return path.normalize('NFC').toLowerCase();
}

const KeyId = z.string().regex(/^[0-9a-f]{16}$/, 'must be 16 lower-case hex digits');
const Base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64');
const IsoTime = z.iso.datetime({ offset: true });

export const PublicKeyEntry = z.strictObject({
  keyId: KeyId,
  name: z.string().max(100).optional(),
  /** The raw 32-byte Ed25519 public key, base64. */
  publicKey: Base64,
});
export type PublicKeyEntry = z.infer<typeof PublicKeyEntry>;

export const KeyList = z.strictObject({
  threshold: z.number().int().min(1).max(16),
  keys: z.array(PublicKeyEntry).min(1).max(32),
});
export type KeyList = z.infer<typeof KeyList>;

export const ManifestFile = z.strictObject({
  path: z.string().min(1).max(1024),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'),
});
export type ManifestFile = z.infer<typeof ManifestFile>;

const VERSION_RANGE = `must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER}`;

export const Manifest = z.strictObject({
  format: z.literal(FORMAT_NAME),
  formatVersion: z.number().int().min(1),
  packId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be a short name of letters, digits, dots, dashes or underscores'),
  version: z.number().int(VERSION_RANGE).min(1, VERSION_RANGE).max(Number.MAX_SAFE_INTEGER, VERSION_RANGE),
  created: IsoTime,
  expires: IsoTime.optional(),
  minAppVersion: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a version such as 1.2.0'),
  site: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/)
    .optional(),
  files: z.array(ManifestFile).min(1),
  keys: KeyList.optional(),
});
export type Manifest = z.infer<typeof Manifest>;

export const SignatureEntry = z.strictObject({
  keyId: KeyId,
  /** Ed25519 signature over the exact bytes of manifest.json, base64. */
  signature: Base64,
});
export const Signatures = z.strictObject({
  signatures: z.array(SignatureEntry).max(32),
});
export type Signatures = z.infer<typeof Signatures>;

/** Compare dotted versions numerically: negative, zero or positive. */
export function compareVersions(a: string, b: string): number {
  const pa = a
    .split(/[.+-]/)
    .slice(0, 3)
    .map((n) => Number.parseInt(n, 10) || 0);
  const pb = b
    .split(/[.+-]/)
    .slice(0, 3)
    .map((n) => Number.parseInt(n, 10) || 0);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}
