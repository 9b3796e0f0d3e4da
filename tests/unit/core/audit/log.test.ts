/** The audit log's rotation (src/core/audit/log.ts): bounded files, oldest dropped, read across files, hostile names left alone. */
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendAudit, auditFiles, readAuditLog } from '../../../../src/core/audit/log.js';

const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), 'kiosk-audit-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const limits = { maxBytes: 1000, keep: 3 };
const write = (dir: string, n: number) => appendAudit(dir, { action: 'install', result: 'accepted', packId: 'p', version: n, reason: 'x'.repeat(150) }, limits);

describe('audit log rotation', () => {
  it('keeps audit.log plus `keep` rotated files, each about maxBytes, and drops only the oldest', () => {
    const dir = fresh();
    for (let n = 1; n <= 200; n++) expect(write(dir, n)).toBe(true);
    const names = readdirSync(dir)
      .filter((n) => n.startsWith('audit.log'))
      .sort();
    expect(names).toEqual(['audit.log', 'audit.log.1', 'audit.log.2', 'audit.log.3']);
    for (const n of names) expect(statSync(join(dir, n)).size).toBeLessThan(limits.maxBytes + 300);
    const all = readAuditLog(dir, 0).map((e) => e.version);
    // The newest entries, whole and in order, up to the last one written.
    expect(all.at(-1)).toBe(200);
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => 200 - all.length + 1 + i));
    expect(all.length).toBeGreaterThan(15);
  });

  it('kiosk log reads across the rotated files: the last N entries, oldest first', () => {
    const dir = fresh();
    for (let n = 1; n <= 20; n++) write(dir, n);
    expect(existsSync(join(dir, 'audit.log.1'))).toBe(true);
    expect(readAuditLog(dir, 12).map((e) => e.version)).toEqual(Array.from({ length: 12 }, (_, i) => 9 + i));
  });

  it('a gap left by a kill mid-rotation is read past and never overwritten', () => {
    const dir = fresh();
    const roomy = { maxBytes: 1000, keep: 10 };
    for (let n = 1; n <= 12; n++) appendAudit(dir, { action: 'install', result: 'accepted', packId: 'p', version: n, reason: 'x'.repeat(150) }, roomy);
    expect(existsSync(join(dir, 'audit.log.2'))).toBe(true);
    // As after a kill between two renames: audit.log.2 moved to .3, .1 not yet moved to .2.
    renameSync(join(dir, 'audit.log.2'), join(dir, 'audit.log.3'));
    expect(readAuditLog(dir, 0).map((e) => e.version)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    for (let n = 13; n <= 30; n++) appendAudit(dir, { action: 'install', result: 'accepted', packId: 'p', version: n, reason: 'x'.repeat(150) }, roomy);
    expect(readAuditLog(dir, 0).map((e) => e.version)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it('a lock left by a killed rotation is taken over once stale; a fresh one only delays rotation', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'audit.log.lock'), '');
    for (let n = 1; n <= 12; n++) expect(write(dir, n)).toBe(true);
    expect(existsSync(join(dir, 'audit.log.1')), 'a fresh lock: not rotated yet').toBe(false);
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(dir, 'audit.log.lock'), old, old);
    write(dir, 13);
    expect(existsSync(join(dir, 'audit.log.1'))).toBe(true);
    expect(existsSync(join(dir, 'audit.log.lock'))).toBe(false);
    expect(readAuditLog(dir, 0).map((e) => e.version)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
  });

  it('links and odd names among the rotated files are never read or followed', () => {
    const dir = fresh();
    const secret = join(fresh(), 'secret');
    writeFileSync(secret, `${JSON.stringify({ time: 't', action: 'install', result: 'accepted', packId: 'planted' })}\n`);
    symlinkSync(secret, join(dir, 'audit.log.1'));
    writeFileSync(join(dir, 'audit.log.01'), `${JSON.stringify({ time: 't', action: 'install', result: 'accepted', packId: 'odd' })}\n`);
    write(dir, 1);
    expect(readAuditLog(dir, 0).map((e) => e.packId)).toEqual(['p']);
    expect(auditFiles(dir).map((f) => f.slice(dir.length + 1))).toEqual(['audit.log', 'audit.log.1']);
  });
});
