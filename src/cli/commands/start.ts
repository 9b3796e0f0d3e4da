/**
 * `kiosk start` (what `npm start` runs): the kiosk in Electron where its binary can be had;
 * otherwise, in one line, why not, and the same kiosk in browser-kiosk mode (the local host plus
 * the system's Chromium with --kiosk); and where there is no display or no browser, the host
 * alone with its URL printed. In browser-kiosk mode a watchdog (../launch/watchdog.ts) keeps the
 * browser showing the kiosk: crashes, hangs and a closed browser are recovered, and counted. Before Electron starts, better-sqlite3 is built for its ABI
 * (../launch/electron-native.ts); if that cannot be done, browser-kiosk mode it is.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { appRoot } from '../../core/paths.js';
import { DATA_DIR_OPTION, dataDirFrom, intOption, parse, type Command } from '../args.js';
import { IDLE_WARNING_SECONDS } from '../../shared/limits.js';
import { appendAudit } from '../../core/audit/log.js';
import { FALLBACK_PATH } from '../../host/server.js';
import { browserArgsFromEnv, findBrowser, hasDisplay } from '../launch/browser.js';
import { startDpmsSchedule } from '../launch/dpms.js';
import { BrowserWatchdog } from '../launch/watchdog.js';
import { findElectron } from '../launch/electron.js';
import { installedElectronVersion, prepareElectronNative } from '../launch/electron-native.js';
import { onShutdown, serve } from './serve.js';

export const startCommand: Command = {
  summary: 'start the kiosk: Electron if available, else browser-kiosk mode, else serve and print the URL',
  usage: 'kiosk start [--data-dir DIR] [--port N] [--browser-only]',
  async run(argv) {
    const { values } = parse(argv, { ...DATA_DIR_OPTION, port: { type: 'string' }, 'browser-only': { type: 'boolean' } });
    const dataDir = dataDirFrom(values['data-dir']);
    if (!values['browser-only'] && hasDisplay()) {
      const electron = findElectron();
      if (electron.ok) {
        // Electron's ABI differs from this Node's: give it a better-sqlite3 built for it.
        const native = await prepareElectronNative(appRoot(), installedElectronVersion() ?? '', { log: (s) => console.log(s) });
        if (native.ok) {
          const env = { ...process.env, KIOSK_DATA_DIR: dataDir, KIOSK_SQLITE_BINDING: native.binding };
          const child = spawn(electron.binary, [appRoot()], { stdio: 'inherit', env });
          return new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
        }
        console.log(`${native.reason} Starting in browser-kiosk mode instead.`);
      } else {
        console.log(`Electron is not available (${electron.reason}); starting in browser-kiosk mode instead.`);
      }
    }
    const serving = await serve({ dataDir, port: intOption('port', values.port, 0, 65535) ?? 8470 });
    const { kiosk, host } = serving;
    const browser = hasDisplay() ? findBrowser() : undefined;
    if (browser) {
      console.log(
        `Kiosk running in browser-kiosk mode at ${host.url}, watched: a browser that crashes, hangs or is closed is started again (stop the kiosk with Ctrl+C or "systemctl stop").`,
      );
      const watchdog = new BrowserWatchdog({
        binary: browser,
        appUrl: host.url,
        fallbackUrl: new URL(FALLBACK_PATH, host.url).href,
        profileDir: join(kiosk.folder.dir, 'browser-profile'),
        isIdle: () => kiosk.isIdle(),
        lastHeartbeat: () => serving.lastApiCall(),
        heartbeatTimeoutMs: Math.max(10 * 60_000, 3 * (kiosk.settingsAll.idleSeconds + IDLE_WARNING_SECONDS) * 1000),
        onRecovery: (d) => {
          serving.fleet.activity.rendererRestarted();
          appendAudit(kiosk.dataDir, { action: 'recover', result: d.action === 'fallback' ? 'failed' : 'accepted', reason: d.reason });
        },
        extraArgs: browserArgsFromEnv(),
      });
      const schedule = kiosk.settingsAll.displaySchedule;
      const stopDpms = schedule ? startDpmsSchedule({ schedule, isIdle: () => kiosk.isIdle() }) : () => {};
      onShutdown(async () => {
        stopDpms();
        await watchdog.stop();
        await serving.close();
      });
      await watchdog.start();
    } else {
      onShutdown(() => serving.close());
      const why = hasDisplay() ? 'no Chromium or Chrome was found' : 'there is no display';
      console.log(`Kiosk serving at ${host.url} (${why}; open this address in a browser).`);
    }
    return new Promise<number>(() => {});
  },
};
