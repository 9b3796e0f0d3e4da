/**
 * A running kiosk, as every entry point starts it (the Electron shell, `kiosk serve`, `kiosk
 * start`): the Kiosk over its data folder, its fleet side (health counts for /metrics, the fleet
 * updater when `updateUrl` is set), the background work (the pack watcher when `autoInstall` is
 * on), and one way to stop all of it. A stop that comes while the watcher is still starting stops
 * it as soon as it has started.
 */
import { startAutoInstall, type AutoInstallOutput } from './auto-install.js';
import { startFleet, type FleetRuntime } from './fleet.js';
import { Kiosk, type KioskOptions } from './kiosk.js';
import type { PackWatcher } from './packs.js';

export class RunningKiosk {
  readonly kiosk: Kiosk;
  private watcherNow: PackWatcher | undefined;
  private fleetNow: FleetRuntime | undefined;
  private stopped = false;

  /** Opens the kiosk (installing the built-in content on an empty data folder); throws a sentence when it cannot. */
  constructor(opts: KioskOptions) {
    this.kiosk = new Kiosk(opts);
  }

  /** The pack watcher, once started (undefined when autoInstall is off). */
  get watcher(): PackWatcher | undefined {
    return this.watcherNow;
  }

  /** The fleet side, once started. */
  get fleet(): FleetRuntime | undefined {
    return this.fleetNow;
  }

  /** Start the health counts and the fleet updater the settings ask for; throws when they cannot start. */
  startFleet(): FleetRuntime {
    this.fleetNow ??= startFleet(this.kiosk);
    return this.fleetNow;
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
   * discarded by the install journal) and the fleet side, then `beforeClose` (the listeners an
   * entry point started), then close the kiosk.
   */
  async stop(waitMs?: number, beforeClose?: () => Promise<void>): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.watcherNow?.stop(waitMs);
    await this.fleetNow?.stop();
    await beforeClose?.();
    this.kiosk.close();
  }

  /**
   * Stop at once, for a process that is exiting: the watcher and the fleet side are told to stop
   * without waiting and the kiosk is closed before this returns (an install cut short is
   * discarded by the journal).
   */
  stopNow(): void {
    if (this.stopped) return;
    this.stopped = true;
    void this.watcherNow?.stop(0);
    void this.fleetNow?.stop();
    this.kiosk.close();
  }
}
