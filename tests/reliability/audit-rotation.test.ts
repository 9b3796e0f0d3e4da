/**
 * The audit log rotates by size and keeps a set number of files, and never loses an entry to a
 * rotation: two writers (the kiosk and the `kiosk` command, say) append at once and are killed
 * with SIGKILL at random moments, mid-rotation included, round after round. Every entry a writer
 * was told was written must then be in the log, once, in order, and `kiosk log`'s reader must see
 * them across the rotated files.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditFiles, readAuditLog } from '../../src/core/audit/log.js';
import { FULL } from './scale.js';

const CHILD = 'tests/fixtures/audit/writer-child.ts';
const ROUNDS = FULL ? 40 : 5;
const MAX_BYTES = 2048;
/** Enough files that nothing is dropped by design in this test: every entry must stay. */
const KEEP = 400;
const dirs: string[] = [];

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

let seed = 13;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

/** A writer killed after `ms`; the last entry number it was told was written. */
function writer(dataDir: string, id: string, ms: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, id, String(MAX_BYTES), String(KEEP)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let acked = 0;
    let buf = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (b: Buffer) => {
      buf += b.toString();
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const l of lines) {
        const m = /^ok (\d+)$/.exec(l);
        if (m) acked = Number(m[1]);
      }
      if (!timer) timer = setTimeout(() => child.kill('SIGKILL'), ms); // counted from its first entry
    });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(acked) : reject(new Error(`writer ${id} stopped on its own: ${err}`))));
  });
}

describe('audit log rotation under kill -9', () => {
  it(`loses no entry over ${ROUNDS} rounds of two writers killed at random moments`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-audit-rot-'));
    dirs.push(dir);
    const acked = new Map<string, number>();
    for (let r = 0; r < ROUNDS; r++) {
      const ids = [`r${r}a`, `r${r}b`];
      const got = await Promise.all(ids.map((id) => writer(dir, id, 100 + Math.floor(random() * 600))));
      ids.forEach((id, i) => acked.set(id, got[i]!));
    }
    const files = auditFiles(dir).filter((f) => statSync(f, { throwIfNoEntry: false }));
    expect(files.length, 'the log was rotated many times').toBeGreaterThan(ROUNDS);
    const seen = new Map<string, number[]>();
    for (const f of [...files].reverse()) {
      for (const line of readFileSync(f, 'utf8').split('\n').filter(Boolean)) {
        const e = JSON.parse(line) as { packId: string; version: number };
        seen.set(e.packId, [...(seen.get(e.packId) ?? []), e.version]);
      }
    }
    for (const [id, last] of acked) {
      expect(last, `writer ${id} wrote something`).toBeGreaterThan(0);
      const versions = (seen.get(id) ?? []).sort((a, b) => a - b);
      // Every acknowledged entry once; at most the one in flight at the kill beyond them.
      expect(versions.slice(0, last), id).toEqual(Array.from({ length: last }, (_, i) => i + 1));
      expect(versions.length - last, id).toBeLessThanOrEqual(1);
    }
    const all = readAuditLog(dir, 0);
    expect(all.length).toBe([...seen.values()].reduce((n, v) => n + v.length, 0));
    // Across files, each writer's entries come in the order written.
    for (const id of acked.keys()) {
      const v = all.filter((e) => e.packId === id).map((e) => e.version!);
      expect(v, id).toEqual([...v].sort((a, b) => a - b));
    }
    expect(readAuditLog(dir, 10).map((e) => e.version)).toEqual(all.slice(-10).map((e) => e.version));
  }, 240_000);
});
