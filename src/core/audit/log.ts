/**
 * The audit log: one JSON object per line in the data folder's audit.log, only ever appended to
 * (opened in append mode, never through a link or into anything but a regular file, each line
 * written whole and synced; a line a full disk cuts short is taken back). Every install attempt,
 * accepted or refused, every rollback, trust change, PIN change and screen recovery is recorded.
 * Never holds a PIN.
 *
 * Bounded: when audit.log reaches AUDIT_LIMITS.maxBytes it is renamed audit.log.1 (the older ones
 * moving up, audit.log.2 ... audit.log.<keep>, the oldest beyond that removed) and a new audit.log
 * begins. Every step is one rename, oldest first, so a kill at any moment leaves each entry in
 * exactly one file (a number may be missing, never overwritten); a writer holding the old file
 * open still writes into it under its new name. One rotation at a time across processes (the
 * running kiosk and the `kiosk` command): a lock file, taken over when its holder left it behind.
 * Reading goes across the rotated files, newest first.
 */
import {
  closeSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  lstatSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  statSync,
  writeSync,
  constants,
} from 'node:fs';
import { join } from 'node:path';
import type { AuditEntry } from '../../shared/results.js';
import { openAppend, openRegular, removeQuietly } from '../fs-safe.js';

export const AUDIT_FILE = 'audit.log';

export interface AuditLimits {
  /** Rotate audit.log once it is this big. */
  maxBytes: number;
  /** Rotated files kept (audit.log.1 ... audit.log.<keep>). */
  keep: number;
}

/** At most about 6 MB of log: 1 MB live and five rotated files (tens of thousands of entries). */
export const AUDIT_LIMITS: AuditLimits = { maxBytes: 1024 * 1024, keep: 5 };

const LOCK = `${AUDIT_FILE}.lock`;
/** A rotation lock older than this was left by a process that died mid-rotation. */
const STALE_LOCK_MS = 10_000;

const rotated = (dataDir: string, n: number) => join(dataDir, `${AUDIT_FILE}.${n}`);

/** The numbers of the rotated files present, lowest (newest) first. */
function rotatedNumbers(dataDir: string): number[] {
  let names: string[];
  try {
    names = readdirSync(dataDir);
  } catch {
    return [];
  }
  const prefix = `${AUDIT_FILE}.`;
  return names
    .filter((n) => n.startsWith(prefix) && /^[1-9][0-9]{0,3}$/.test(n.slice(prefix.length)))
    .map((n) => Number(n.slice(prefix.length)))
    .sort((a, b) => a - b);
}

function takeLock(dataDir: string): boolean {
  const file = join(dataDir, LOCK);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      closeSync(openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600));
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return false;
      const st = lstatSync(file, { throwIfNoEntry: false });
      if (st && Date.now() - st.mtimeMs > STALE_LOCK_MS) removeQuietly(file);
      else return false; // another process is rotating: this entry goes into the file as it is
    }
  }
  return false;
}

/**
 * audit.log becomes audit.log.1 when it has reached maxBytes. Oldest first: the one beyond `keep`
 * is removed, then each moves up by one, then the live file; a kill between steps loses nothing.
 */
function rotateIfDue(dataDir: string, limits: AuditLimits): void {
  const live = join(dataDir, AUDIT_FILE);
  const st = lstatSync(live, { throwIfNoEntry: false });
  if (!st || !st.isFile() || st.size < limits.maxBytes) return;
  if (!takeLock(dataDir)) return;
  try {
    const again = lstatSync(live, { throwIfNoEntry: false }); // another process may have just rotated it
    if (!again || !again.isFile() || again.size < limits.maxBytes) return;
    const present = rotatedNumbers(dataDir);
    for (const n of present.filter((n) => n >= limits.keep).reverse()) removeQuietly(rotated(dataDir, n));
    for (const n of present.filter((n) => n < limits.keep).reverse()) {
      const from = rotated(dataDir, n);
      if (lstatSync(from, { throwIfNoEntry: false })?.isFile()) renameSync(from, rotated(dataDir, n + 1));
    }
    renameSync(live, rotated(dataDir, 1));
  } catch {
    /* a rotation that cannot be done now is tried again by the next entry */
  } finally {
    removeQuietly(join(dataDir, LOCK));
  }
}

export type { AuditAction, AuditEntry, AuditResult } from '../../shared/results.js';

const MAX_FIELD = 500;

function clip(s: string | undefined): string | undefined {
  return s === undefined ? undefined : s.length > MAX_FIELD ? `${s.slice(0, MAX_FIELD)}…` : s;
}

function clipParams(p: Record<string, string | number>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(p).slice(0, 16)) out[k.slice(0, 40)] = typeof v === 'string' ? clip(v)! : v;
  return out;
}

/** Append one entry (rotating the log first when it is full). Returns false (never throws) when the log cannot be written. */
export function appendAudit(dataDir: string, entry: Omit<AuditEntry, 'time'> & { time?: string }, limits: AuditLimits = AUDIT_LIMITS): boolean {
  const line: AuditEntry = {
    time: entry.time ?? new Date().toISOString(),
    action: entry.action,
    result: entry.result,
    code: entry.code ?? `${entry.action}.${entry.result}`,
    ...(entry.params !== undefined ? { params: clipParams(entry.params) } : {}),
    ...(entry.packId !== undefined ? { packId: clip(entry.packId) } : {}),
    ...(entry.version !== undefined ? { version: entry.version } : {}),
    ...(entry.signers !== undefined ? { signers: entry.signers.slice(0, 32) } : {}),
    ...(entry.check !== undefined ? { check: entry.check } : {}),
    ...(entry.reason !== undefined ? { reason: clip(entry.reason) } : {}),
    ...(entry.file !== undefined ? { file: clip(entry.file) } : {}),
  };
  try {
    rotateIfDue(dataDir, limits);
  } catch {
    /* written to the file as it is */
  }
  try {
    const fd = openAppend(join(dataDir, AUDIT_FILE), 0o640); // never through a link, never into a pipe
    try {
      const bytes = Buffer.from(`${JSON.stringify(line)}\n`);
      const size = fstatSync(fd).size;
      let written = 0;
      try {
        written = writeSync(fd, bytes);
      } finally {
        if (written !== bytes.length) ftruncateSync(fd, size); // no torn line for the next entry to be glued to
      }
      if (written !== bytes.length) return false;
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return true;
  } catch {
    return false;
  }
}

/** How much of the end of each file is read at most, and of all files together. */
const TAIL_BYTES = 4 * 1024 * 1024;
const TOTAL_BYTES = 16 * 1024 * 1024;

/** The entries of one log file (its last TAIL_BYTES), oldest first; torn lines skipped. */
function readOne(file: string, budget: number): { entries: AuditEntry[]; bytes: number } {
  let fd: number;
  try {
    fd = openRegular(file, { follow: false });
  } catch {
    return { entries: [], bytes: 0 };
  }
  let text: string;
  let read = 0;
  try {
    const size = fstatSync(fd).size;
    const start = Math.max(0, size - Math.min(TAIL_BYTES, budget));
    const buf = Buffer.alloc(size - start);
    let off = 0;
    while (off < buf.length) {
      const n = readSync(fd, buf, off, buf.length - off, start + off);
      if (n === 0) break;
      off += n;
    }
    read = off;
    text = buf.subarray(0, off).toString('utf8');
    if (start > 0) text = text.slice(text.indexOf('\n') + 1);
  } finally {
    closeSync(fd);
  }
  const entries: AuditEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const e = JSON.parse(line) as AuditEntry;
      if (typeof e === 'object' && e !== null && typeof e.time === 'string' && typeof e.action === 'string') entries.push(e);
    } catch {
      /* a torn line */
    }
  }
  return { entries, bytes: read };
}

/** The log's files, newest first: audit.log, then audit.log.1, .2 ... (gaps allowed). */
export function auditFiles(dataDir: string): string[] {
  return [join(dataDir, AUDIT_FILE), ...rotatedNumbers(dataDir).map((n) => rotated(dataDir, n))];
}

/**
 * The last `limit` entries (0: all that are read), oldest first, across audit.log and its rotated
 * files. Lines that are not entries (a line torn by a power cut) are skipped.
 */
export function readAuditLog(dataDir: string, limit = 100): AuditEntry[] {
  let out: AuditEntry[] = [];
  let budget = TOTAL_BYTES;
  for (const file of auditFiles(dataDir)) {
    if (budget <= 0 || (limit > 0 && out.length >= limit)) break;
    if (!statSync(file, { throwIfNoEntry: false })) continue;
    const { entries, bytes } = readOne(file, budget);
    budget -= bytes;
    out = [...entries, ...out];
  }
  return limit > 0 ? out.slice(-limit) : out;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** One readable line for people: time, action, result, pack and version, signers, reason. */
export function formatAuditEntry(e: AuditEntry): string {
  const safe = (s: string) => s.replace(CONTROL, '?');
  const parts = [safe(e.time), safe(e.action).padEnd(8), safe(e.result).padEnd(11)];
  if (e.packId !== undefined || e.version !== undefined) parts.push(`${safe(e.packId ?? '?')} v${e.version ?? '?'}`);
  else if (e.file) parts.push(safe(e.file));
  if (e.signers?.length) parts.push(`signed by ${e.signers.map(safe).join(', ')}`);
  if (e.reason) parts.push(`— ${safe(e.reason)}`);
  return parts.join('  ');
}
