/**
 * Auto-install for a running kiosk (`kiosk serve`, `kiosk start`, the Electron shell): when the
 * `autoInstall` setting is on, a PackWatcher over the kiosk's pack folders that works only while
 * the kiosk is idle (Kiosk.isIdle), and one line on the console saying so. The pack tools are
 * loaded only when the setting is on, so a kiosk without it starts as fast as before.
 */
import type { Kiosk } from './kiosk.js';
import type { PackWatcher } from './packs.js';

export interface AutoInstallOutput {
  /** The "Watching …" line and one line per attempt; default the console. */
  log?: (line: string) => void;
  /** A folder that cannot hold result files, once each; default the console. */
  warn?: (sentence: string) => void;
  /** Between checks (tests). */
  intervalMs?: number;
}

/** Start watching the pack folders when `autoInstall` is on; undefined when it is off. */
export async function startAutoInstall(kiosk: Kiosk, out: AutoInstallOutput = {}): Promise<PackWatcher | undefined> {
  const settings = kiosk.settingsAll;
  if (!settings.autoInstall) return undefined;
  const { PackWatcher } = await import('./packs.js');
  const log = out.log ?? ((line: string) => console.log(line));
  const watcher = new PackWatcher({
    folders: settings.packFolders,
    dataDir: kiosk.dataDir,
    isIdle: () => kiosk.isIdle(),
    log,
    warn: out.warn ?? ((s: string) => console.warn(`kiosk: ${s}`)),
    ...(out.intervalMs !== undefined ? { intervalMs: out.intervalMs } : {}),
  });
  watcher.start();
  log(`Watching ${settings.packFolders.join(', ') || '(no folders)'} for content packs; newer valid packs are installed when the kiosk is idle.`);
  return watcher;
}
