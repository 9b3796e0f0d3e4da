/**
 * The step before any test runs (scripts/system-packages.mjs): with what the tests need missing and
 * no way to install it, it stops in one sentence naming exactly what to install.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const script = join(import.meta.dirname, '../../../scripts/system-packages.mjs');

describe('the system-package step before the tests', () => {
  it('refuses a KIOSK_TEST_CHROMIUM that is not a program, naming it', () => {
    const r = spawnSync(process.execPath, [script], { encoding: 'utf8', env: { ...process.env, KIOSK_TEST_CHROMIUM: '/nonexistent/chromium' } });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(
      'KIOSK_TEST_CHROMIUM names /nonexistent/chromium, which is not an executable file: point it at a Chromium binary or unset it.',
    );
  });

  it.skipIf(process.getuid?.() !== 0 || !process.env.PATH)('names the packages to install when nothing is there and it cannot install', () => {
    // A dpkg that knows no package, run as a user who can neither install nor sudo.
    const bin = mkdtempSync(join(tmpdir(), 'kiosk-fake-dpkg-'));
    writeFileSync(join(bin, 'dpkg-query'), '#!/bin/sh\nexit 1\n');
    chmodSync(bin, 0o755);
    chmodSync(join(bin, 'dpkg-query'), 0o755);
    const env = { PATH: `${bin}:/usr/bin:/bin`, HOME: '/nonexistent' };
    const r = spawnSync('su', ['nobody', '-s', '/bin/sh', '-c', `"${process.execPath}" "${script}"`], { encoding: 'utf8', env });
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines.at(-1)).toBe(
      `The tests need Debian's chromium fonts-noto-cjk (the end-to-end tests drive it; Chinese text on screen and in screenshots needs it): run "sudo apt-get install -y chromium fonts-noto-cjk" and try again.`,
    );
  });

  it('passes on this machine, where the tests run', () => {
    const r = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    expect(r.status).toBe(0);
  });
});
