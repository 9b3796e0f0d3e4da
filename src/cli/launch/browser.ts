/**
 * Browser-kiosk mode: the system's Chromium (or Chrome, or Edge) in --kiosk mode pointed at the
 * local host, with a profile of its own in the data folder and nothing that phones home.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const CANDIDATES: Record<string, string[]> = {
  linux: ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'microsoft-edge'],
  darwin: ['/Applications/Chromium.app/Contents/MacOS/Chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'],
  win32: [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
    'C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe',
  ],
};

export function findBrowser(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  if (env.KIOSK_BROWSER) return env.KIOSK_BROWSER;
  for (const c of CANDIDATES[platform] ?? []) {
    if (c.includes('/') || c.includes('\\')) {
      if (existsSync(c)) return c;
      continue;
    }
    for (const dir of (env.PATH ?? '').split(delimiter)) {
      if (dir && existsSync(join(dir, c))) return join(dir, c);
    }
  }
  return undefined;
}

/** True where a window can be shown: always on Windows and macOS, with DISPLAY or WAYLAND_DISPLAY on Linux. */
export function hasDisplay(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): boolean {
  if (platform !== 'linux') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

export function browserKioskArgs(url: string, profileDir: string): string[] {
  return [
    '--kiosk',
    `--app=${url}`,
    `--user-data-dir=${profileDir}`,
    '--no-first-run',
    '--noerrdialogs',
    '--disable-infobars',
    '--disable-translate',
    '--disable-pinch',
    '--overscroll-history-navigation=0',
    '--disable-features=TranslateUI,Translate',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--password-store=basic',
    '--autoplay-policy=no-user-gesture-required',
    // After the watchdog restarts a killed browser, no "restore pages?" bubble over the kiosk.
    '--hide-crash-restore-bubble',
    '--disable-session-crashed-bubble',
  ];
}

/** Extra browser arguments from KIOSK_BROWSER_ARGS (space-separated), e.g. --force-device-scale-factor=1.5. */
export function browserArgsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.KIOSK_BROWSER_ARGS ?? '').split(/\s+/).filter((a) => a.startsWith('--'));
}

export function launchBrowser(binary: string, url: string, profileDir: string): ChildProcess {
  const extra = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  return spawn(binary, [...browserKioskArgs(url, profileDir), ...extra], { stdio: 'ignore' });
}
