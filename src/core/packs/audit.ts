/**
 * The audit log: one JSON object per line in the data folder's audit.log, only ever appended to
 * (opened in append mode, never through a link or into anything but a regular file, each line
 * written whole and synced; a line a full disk cuts short is taken back). Every install attempt,
 * accepted or refused, every rollback, trust change and PIN change is recorded. Never holds a PIN.
 */
import { closeSync, fstatSync, fsyncSync, ftruncateSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { openAppend, openRegular } from '../fs-safe.js';

export const AUDIT_FILE = 'audit.log';

export type AuditAction = 'install' | 'rollback' | 'trust' | 'set-pin' | 'recover' | 'unlock' | 'lan' | 'result-file' | 'reset-rollback-record' | 'update';
export type AuditResult = 'accepted' | 'refused' | 'no-change' | 'failed' | 'interrupted';

export interface AuditEntry {
  time: string;
  action: AuditAction;
  result: AuditResult;
  packId?: string;
  version?: number;
  signers?: string[];
  /** The check that refused a pack, when one did. */
  check?: string;
  /** One sentence: why, or what was done. */
  reason?: string;
  file?: string;
}

const MAX_FIELD = 500;

function clip(s: string | undefined): string | undefined {
  return s === undefined ? undefined : s.length > MAX_FIELD ? `${s.slice(0, MAX_FIELD)}…` : s;
}

/** Append one entry. Returns false (never throws) when the log cannot be written. */
export function appendAudit(dataDir: string, entry: Omit<AuditEntry, 'time'> & { time?: string }): boolean {
  const line: AuditEntry = {
    time: entry.time ?? new Date().toISOString(),
    action: entry.action,
    result: entry.result,
    ...(entry.packId !== undefined ? { packId: clip(entry.packId) } : {}),
    ...(entry.version !== undefined ? { version: entry.version } : {}),
    ...(entry.signers !== undefined ? { signers: entry.signers.slice(0, 32) } : {}),
    ...(entry.check !== undefined ? { check: entry.check } : {}),
    ...(entry.reason !== undefined ? { reason: clip(entry.reason) } : {}),
    ...(entry.file !== undefined ? { file: clip(entry.file) } : {}),
  };
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

/** How much of the end of the log is read at most. */
const TAIL_BYTES = 4 * 1024 * 1024;

/**
 * The last `limit` entries, oldest first. Lines that are not entries (a line torn by a power
 * cut) are skipped.
 */
export function readAuditLog(dataDir: string, limit = 100): AuditEntry[] {
  let fd: number;
  try {
    fd = openRegular(join(dataDir, AUDIT_FILE), { follow: false });
  } catch {
    return [];
  }
  let text: string;
  try {
    const size = fstatSync(fd).size;
    const start = Math.max(0, size - TAIL_BYTES);
    const buf = Buffer.alloc(size - start);
    let off = 0;
    while (off < buf.length) {
      const n = readSync(fd, buf, off, buf.length - off, start + off);
      if (n === 0) break;
      off += n;
    }
    text = buf.subarray(0, off).toString('utf8');
    if (start > 0) text = text.slice(text.indexOf('\n') + 1);
  } finally {
    closeSync(fd);
  }
  const out: AuditEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const e = JSON.parse(line) as AuditEntry;
      if (typeof e === 'object' && e !== null && typeof e.time === 'string' && typeof e.action === 'string') out.push(e);
    } catch {
      /* a torn line */
    }
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
