/**
 * Every way a content pack can be refused, each with its own name. A refusal is a PackError: the
 * check that failed (stable, for scripts, tests and the audit log), its parameters, and one
 * detailed English sentence; the plain sentence in each language is describeRefusal's.
 */

import type { MessageParams, PackCheck } from '../../shared/messages.js';
import type { Signer } from '../../shared/results.js';

/** The list of checks and their sentences in both languages are in src/shared/messages.ts. */
export { PACK_CHECKS, type PackCheck } from '../../shared/messages.js';

export class PackError extends Error {
  override name = 'PackError';
  /** Which pack was refused, once its signed manifest has been read (and what else it says: the pack list shows it). */
  pack?: {
    packId: string;
    version: number;
    signers: string[];
    created?: string;
    expires?: string | null;
    site?: string | null;
    minAppVersion?: string;
    trustedSigners?: Signer[];
  };
  constructor(
    readonly check: PackCheck,
    message: string,
    /** What the check's sentence in src/shared/messages.ts needs (versions, sites, dates). */
    readonly params: MessageParams = {},
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
