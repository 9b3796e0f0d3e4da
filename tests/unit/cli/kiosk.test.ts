import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/kiosk.js';
import { browserKioskArgs, findBrowser, hasDisplay } from '../../../src/cli/launch/browser.js';
import { defaultDataDir } from '../../../src/core/datafolder.js';

let out: string[];
let err: string[];

beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
});
afterEach(() => vi.restoreAllMocks());

describe('the kiosk command', () => {
  it('lists its commands', async () => {
    expect(await main(['help'])).toBe(0);
    expect(out.join('\n')).toMatch(/kiosk serve \[--port N\]/);
  });

  it('names an unknown command in one sentence', async () => {
    expect(await main(['frobnicate'])).toBe(2);
    expect(err).toEqual(['kiosk: "frobnicate" is not a kiosk command. Run "kiosk help" to see them.']);
  });

  it('refuses to serve beyond loopback', async () => {
    expect(await main(['serve', '--host', '0.0.0.0', '--data-dir', '/nonexistent'])).toBe(2);
    expect(err[0]).toBe('kiosk serve: --host 0.0.0.0 is not a loopback address; the kiosk serves only on this machine (127.0.0.1 or ::1).');
  });

  it('explains a bad port and an unknown option with the usage', async () => {
    expect(await main(['serve', '--port', 'eighty'])).toBe(2);
    expect(err[0]).toMatch(/^kiosk serve: --port must be a whole number from 0 to 65535\./);
    expect(await main(['serve', '--colour', 'red'])).toBe(2);
    expect(err[1]).toMatch(/Unknown option '--colour'/);
  });
});

describe('where things are', () => {
  it('puts the data folder in the platform application-data folder unless told otherwise', () => {
    expect(defaultDataDir({ KIOSK_DATA_DIR: '/srv/kiosk' }, 'linux')).toBe('/srv/kiosk');
    expect(defaultDataDir({ XDG_DATA_HOME: '/home/k/.data' }, 'linux')).toBe('/home/k/.data/lobby-kiosk');
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\k\\AppData\\Roaming' }, 'win32')).toMatch(/Roaming.lobby-kiosk$/);
  });

  it('runs the browser in kiosk mode with its own profile and nothing that phones home', () => {
    const args = browserKioskArgs('http://127.0.0.1:8470/', '/data/browser-profile');
    expect(args).toEqual(
      expect.arrayContaining(['--kiosk', '--app=http://127.0.0.1:8470/', '--user-data-dir=/data/browser-profile', '--disable-background-networking']),
    );
  });

  it('finds no display on a headless Linux box, and honours KIOSK_BROWSER', () => {
    expect(hasDisplay({}, 'linux')).toBe(false);
    expect(hasDisplay({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBe(true);
    expect(findBrowser({ KIOSK_BROWSER: '/opt/chrome', PATH: '' }, 'linux')).toBe('/opt/chrome');
    expect(findBrowser({ PATH: '' }, 'linux')).toBeUndefined();
  });
});
