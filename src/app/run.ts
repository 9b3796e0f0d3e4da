/**
 * A running kiosk, as every entry point starts it (the Electron shell, `kiosk serve`, `kiosk
 * start`): the Kiosk over its data folder, then the background work (the pack watcher when the
 * `autoInstall` setting is on), and one way to stop both. A stop that comes while the watcher is
 * still starting stops it as soon as it has started.
 */
import { startAutoInstall, type AutoInstallOutput } from './auto-install.js';
import { Kiosk, type KioskOptions } from './kiosk.js';
import type { PackWatcher } from './packs.js';

export class RunningKiosk {
  readonly kiosk: Kiosk;
  private watcherNow: PackWatcher | undefined;
  private stopped = false;

  /** Opens the kiosk (installing the built-in content on an empty data folder); throws a sentence when it cannot. */
  constructor(opts: KioskOptions) {
    this.kiosk = new Kiosk(opts);
  }

  /** The pack watcher, once started (undefined when autoInstall is off). */
  get watcher(): PackWatcher | undefined {
    return this.watcherNow;
  }

  /** Start the background work the settings ask for. */
  async startBackground(out: AutoInstallOutput = {}): Promise<PackWatcher | undefined> {
    const w = await startAutoInstall(this.kiosk, out);
    if (this.stopped) {
      await w?.stop(0);
      return undefined;
    }
    this.watcherNow = w;
    return w;
  }

  /**
   * Stop the background work (an install under way gets `waitMs` to finish; one cut short is
   * discarded by the install journal) and close the kiosk.
   */
  async stop(waitMs?: number): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.watcherNow?.stop(waitMs);
    this.kiosk.close();
  }

  /**
   * Stop at once, for a process that is exiting: the watcher is told to stop without waiting and
   * the kiosk is closed before this returns (an install cut short is discarded by the journal).
   */
  stopNow(): void {
    if (this.stopped) return;
    this.stopped = true;
    void this.watcherNow?.stop(0);
    this.kiosk.close();
  }
}
