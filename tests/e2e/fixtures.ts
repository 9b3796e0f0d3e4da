/**
 * Playwright fixtures: a real `kiosk serve` on a throw-away data folder, one per worker, and a
 * `kiosk` page opened on it. Tests that need their own data folder or options call startKiosk.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningKiosk {
  url: string;
  dataDir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startKiosk(opts: { dataDir?: string; args?: string[]; env?: Record<string, string> } = {}): Promise<RunningKiosk> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'kiosk-e2e-'));
  const child = spawn(process.execPath, ['bin/kiosk.js', 'serve', '--port', '0', '--data-dir', dataDir, ...(opts.args ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...opts.env },
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kiosk serve did not start:\n${output}`)), 20_000);
    const onData = (b: Buffer) => {
      output += b.toString();
      const m = /serving at (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kiosk serve exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    dataDir,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }).then(() => {
        if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
      }),
  };
}

export const test = base.extend<{ kioskPage: Page }, { kiosk: RunningKiosk }>({
  kiosk: [
    async ({}, use) => {
      const k = await startKiosk();
      await use(k);
      await k.stop();
    },
    { scope: 'worker' },
  ],
  kioskPage: async ({ page, kiosk }, use) => {
    await page.goto(kiosk.url);
    await use(page);
  },
});

export { expect };
