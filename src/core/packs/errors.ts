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
  'created-future',
  'version-older',
  'version-replayed',
  'version-jump',
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

/** Whether an error is the operating system's (an errno code such as EIO), not a sentence of ours. */
export function isSystemError(e: unknown): e is NodeJS.ErrnoException {
  const err = e as NodeJS.ErrnoException | null;
  return typeof err?.code === 'string' && /^E[A-Z0-9]+$/.test(err.code) && (typeof err.syscall === 'string' || typeof err.errno === 'number');
}

/**
 * What a failed read or write of a file means, in words for people (never the raw errno text,
 * such as "EBADF: bad file descriptor, read"): a phrase to put in a sentence.
 */
export function systemProblem(e: unknown): string {
  switch ((e as NodeJS.ErrnoException | null)?.code) {
    case 'ENOENT':
      return 'the file is no longer there';
    case 'EACCES':
    case 'EPERM':
      return 'this kiosk is not allowed to open it';
    case 'EIO':
      return 'the disk reported a read or write error';
    case 'ENXIO':
    case 'ENODEV':
    case 'ESTALE':
    case 'ENOTCONN':
    case 'EHOSTDOWN':
      return 'the disk or share it is on is no longer connected';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOTDIR':
      return 'a part of its path is not a folder';
    case 'ELOOP':
      return 'its path is a loop of links';
    case 'ENAMETOOLONG':
      return 'its name is too long';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'the disk is full';
    case 'EROFS':
      return 'the disk is read-only';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many files are open on this kiosk';
    case 'EBADF':
      return 'the file was closed while it was being read';
    default:
      return 'the operating system reported an error';
  }
}

/** An error's message for people: ours as it is, the operating system's as a phrase (systemProblem). */
export function reasonOf(e: unknown): string {
  if (isSystemError(e)) return systemProblem(e);
  return e instanceof Error ? e.message : String(e);
}

/** A name from an untrusted archive, quoted and cut short so it is safe to print and log. */
export function quote(name: string, max = 80): string {
  const cut = name.length > max ? `${name.slice(0, max)}…` : name;
  return JSON.stringify(cut);
}
