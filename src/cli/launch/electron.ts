/**
 * Finding Electron's binary for `npm start`. Electron downloads its binary on first launch; where
 * that cannot happen (offline, or a build machine with no route to the download host) this says
 * why in one sentence instead of failing with a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

export type ElectronLookup = { ok: true; binary: string } | { ok: false; reason: string };

export function findElectron(timeoutMs = 180_000): ElectronLookup {
  const require = createRequire(import.meta.url);
  let pkgDir: string;
  try {
    pkgDir = require.resolve('electron');
  } catch {
    return { ok: false, reason: 'the electron package is not installed' };
  }
  // Resolving the package triggers its lazy download; do it in a child so its noise and its
  // failure stay contained, and bound the time it may take.
  const r = spawnSync(process.execPath, ['-e', `process.stdout.write(require(${JSON.stringify(pkgDir)}))`], {
    encoding: 'utf8',
    timeout: timeoutMs,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status === 0 && r.stdout) return { ok: true, binary: r.stdout };
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return { ok: false, reason: 'downloading its binary took too long' };
  return { ok: false, reason: 'its binary is not installed and cannot be downloaded from here' };
}
