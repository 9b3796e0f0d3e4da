/**
 * Every way a content pack can be refused, each with its own name. A refusal is a PackError: the
 * check that failed (stable, for scripts, tests and the audit log) and one sentence for people.
 */

export const PACK_CHECKS = [
  // the file and the archive
  'pack-unreadable',
  'pack-too-large',
  'not-a-pack',
  'zip-malformed',
  'zip-entries',
  'zip-file-cap',
  'zip-total',
  'zip-ratio',
  'zip-inflate',
  // entry names and types
  'path-backslash',
  'path-absolute',
  'path-dotdot',
  'path-reserved',
  'path-invalid',
  'path-not-allowed',
  'entry-symlink',
  'entry-not-regular',
  // signatures and keys
  'manifest-missing',
  'manifest-too-large',
  'signature-missing',
  'signature-malformed',
  'signature-invalid',
  'no-trusted-keys',
  'unknown-key',
  'threshold',
  'trust-config',
  // the manifest
  'manifest-malformed',
  'format-version',
  'site',
  'app-too-old',
  'expired',
  'version-older',
  'version-replayed',
  'key-rotation',
  // the files
  'file-missing',
  'file-extra',
  'file-duplicate',
  'file-truncated',
  'file-oversized',
  'file-hash',
  // the content
  'content',
] as const;
export type PackCheck = (typeof PACK_CHECKS)[number];

export class PackError extends Error {
  override name = 'PackError';
  /** Which pack was refused, once its signed manifest has been read. */
  pack?: { packId: string; version: number; signers: string[] };
  constructor(
    readonly check: PackCheck,
    message: string,
  ) {
    super(message);
  }
}

/** A failure of the operation itself (lock held, disk error, nothing to roll back to). */
export class PackOperationError extends Error {
  override name = 'PackOperationError';
}

/** A name from an untrusted archive, quoted and cut short so it is safe to print and log. */
export function quote(name: string, max = 80): string {
  const cut = name.length > max ? `${name.slice(0, max)}…` : name;
  return JSON.stringify(cut);
}
