/** The Electron shell's policy functions (electron/policy.ts), including hostile URLs. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_URL,
  ERROR_PAGE_URL,
  INITIAL_RECOVERY,
  decideRecovery,
  failedLoadEvent,
  goneEvent,
  contentType,
  cspHeaders,
  developmentSwitches,
  errorPageHtml,
  isAllowedFrameNavigation,
  isAllowedNavigation,
  isBlockedInput,
  isTrustedSender,
  kioskWindowOptions,
  permissionDecision,
  resolveAppFile,
  webPreferences,
  windowOpenDecision,
  type KeyInput,
} from '../../../electron/policy.js';
import { CONTENT_SECURITY_POLICY } from '../../../src/core/security/csp.js';

const HOSTILE = [
  'https://kiosk/',
  'http://127.0.0.1:8470/',
  'http://localhost/',
  'file:///etc/passwd',
  'file:///opt/lobby-kiosk/dist/ui/index.html',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'blob:app://kiosk/1234',
  'about:blank',
  'chrome://settings',
  'devtools://devtools/bundled/inspector.html',
  'app://evil/',
  'app://kiosk.evil/',
  'app://evil.kiosk/',
  'app://kiosk:8080/',
  'app://user:pw@kiosk/',
  'app://user@kiosk/',
  'app:///kiosk/',
  'app:kiosk/',
  'APP://evil/',
  'app://KIOSK/',
  'app://kios%6b/',
  '',
  'not a url',
  `app://kiosk/${'a'.repeat(5000)}`,
];

describe('isAllowedNavigation', () => {
  it('allows the app origin', () => {
    for (const u of [APP_URL, 'app://kiosk', 'app://kiosk/index.html', 'app://kiosk/departments/cardiology?x=1#top', ERROR_PAGE_URL]) {
      expect(isAllowedNavigation(u), u).toBe(true);
    }
  });
  it('refuses every other scheme, host, port and credential', () => {
    for (const u of HOSTILE) expect(isAllowedNavigation(u), u).toBe(false);
    expect(isAllowedNavigation(undefined)).toBe(false);
  });
});

describe('isAllowedFrameNavigation', () => {
  const preview = 'http://127.0.0.1:41873';
  it('keeps the main frame to the app origin, preview or not', () => {
    for (const u of [APP_URL, 'app://kiosk/index.html', ERROR_PAGE_URL]) {
      expect(isAllowedFrameNavigation(u, true, undefined), u).toBe(true);
      expect(isAllowedFrameNavigation(u, true, preview), u).toBe(true);
    }
    for (const u of [...HOSTILE, `${preview}/`]) expect(isAllowedFrameNavigation(u, true, preview), u).toBe(false);
  });

  it('lets a subframe go to the preview being served, on its own origin only', () => {
    for (const u of [`${preview}/`, preview, `${preview}/departments/vascular-surgery?x=1#top`, `${preview}/assets/index.js`]) {
      expect(isAllowedFrameNavigation(u, false, preview), u).toBe(true);
    }
    for (const u of [
      'http://127.0.0.1:41874/',
      'http://127.0.0.1/',
      'https://127.0.0.1:41873/',
      'http://localhost:41873/',
      'http://[::1]:41873/',
      'http://127.0.0.2:41873/',
      'http://user:pw@127.0.0.1:41873/',
      'http://user@127.0.0.1:41873/',
      'http://127.0.0.1:41873@evil.example/',
      'http://evil.example/#http://127.0.0.1:41873/',
      'ws://127.0.0.1:41873/',
      ...HOSTILE,
    ]) {
      expect(isAllowedFrameNavigation(u, false, preview), u).toBe(false);
    }
    // The app itself in a frame is not the preview either.
    expect(isAllowedFrameNavigation(APP_URL, false, preview)).toBe(false);
  });

  it('lets no subframe navigate while no preview is served, or when the origin it is given is not a loopback one', () => {
    expect(isAllowedFrameNavigation(`${preview}/`, false, undefined)).toBe(false);
    for (const origin of ['', 'http://127.0.0.1', 'http://127.0.0.1:0', 'http://evil.example:80', 'https://127.0.0.1:41873', 'app://kiosk', 'null']) {
      expect(isAllowedFrameNavigation(`${origin}/`, false, origin), origin).toBe(false);
    }
  });
});

describe('isTrustedSender', () => {
  it('trusts only the main frame of the app origin', () => {
    expect(isTrustedSender('app://kiosk/')).toBe(true);
    expect(isTrustedSender('app://kiosk/', true)).toBe(true);
    expect(isTrustedSender('app://kiosk/', false)).toBe(false);
    // The preview of a pack in its frame never reaches the kiosk API.
    expect(isTrustedSender('http://127.0.0.1:41873/', false)).toBe(false);
    expect(isTrustedSender('http://127.0.0.1:41873/', true)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
    for (const u of HOSTILE) expect(isTrustedSender(u), u).toBe(false);
  });
});

describe('permissions and windows', () => {
  it('denies every permission', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'fullscreen', 'clipboard-read', 'openExternal', 'unknown', '']) {
      expect(permissionDecision(p)).toBe(false);
    }
  });
  it('denies window.open', () => {
    expect(windowOpenDecision()).toEqual({ action: 'deny' });
  });
});

describe('cspHeaders', () => {
  it('carries the shared policy and hardening headers', () => {
    const h = cspHeaders();
    expect(h['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(h['X-Content-Type-Options']).toBe('nosniff');
    expect(h['Referrer-Policy']).toBe('no-referrer');
  });
  it('gives module scripts a JavaScript type', () => {
    expect(contentType('/x/assets/index-abc.js')).toMatch(/^text\/javascript/);
    expect(contentType('/x/index.html')).toMatch(/^text\/html/);
    expect(contentType('/x/a.WOFF2')).toBe('font/woff2');
    expect(contentType('/x/a.exe')).toBe('application/octet-stream');
  });
});

describe('resolveAppFile', () => {
  const ui = mkdtempSync(join(tmpdir(), 'kiosk-ui-'));
  mkdirSync(join(ui, 'assets'));
  writeFileSync(join(ui, 'index.html'), '<!doctype html>');
  writeFileSync(join(ui, 'assets', 'app.js'), '');
  const root = resolve(ui);

  it('maps app paths to files inside the UI folder', () => {
    expect(resolveAppFile(ui, 'app://kiosk/assets/app.js')).toBe(join(root, 'assets', 'app.js'));
    expect(resolveAppFile(ui, 'app://kiosk/assets/app.js?v=2#x')).toBe(join(root, 'assets', 'app.js'));
    expect(resolveAppFile(ui, 'app://kiosk/assets/my%20font.woff2')).toBe(join(root, 'assets', 'my font.woff2'));
  });
  it('serves index.html for the root and extension-less paths', () => {
    for (const u of ['app://kiosk/', 'app://kiosk', 'app://kiosk/departments', 'app://kiosk/departments/cardiology']) {
      expect(resolveAppFile(ui, u), u).toBe(join(root, 'index.html'));
    }
  });
  it('keeps dot segments the URL parser resolves inside the folder', () => {
    expect(resolveAppFile(ui, 'app://kiosk/a/../assets/app.js')).toBe(join(root, 'assets', 'app.js'));
    expect(resolveAppFile(ui, 'app://kiosk/../../../etc/passwd.txt')).toBe(join(root, 'etc', 'passwd.txt'));
    expect(resolveAppFile(ui, 'app://kiosk/.%2e/%2e%2e/x.js')).toBe(join(root, 'x.js'));
  });
  it('refuses traversal, encoded traversal, backslashes, NUL and other hosts', () => {
    const refused = [
      'app://kiosk/..%2f..%2fetc%2fpasswd',
      'app://kiosk/assets/..%2F..%2F..%2Fetc%2Fpasswd',
      'app://kiosk/%2e%2e%2f%2e%2e%2fetc/passwd.txt',
      'app://kiosk/%252e%252e/x.js',
      'app://kiosk/assets%2f..%2f..%2fsecret.js',
      'app://kiosk/..%5c..%5cwindows%5cwin.ini',
      'app://kiosk/assets\\..\\..\\secret.js',
      'app://kiosk/%5c%5cserver%5cshare.js',
      'app://kiosk/index.html%00.js',
      'app://kiosk/%00',
      'app://kiosk/a%0a.js',
      'app://kiosk//etc/passwd.txt',
      'app://kiosk/%2fetc/passwd.txt',
      'app://kiosk/%E0%A4%A.js',
      ...HOSTILE,
    ];
    for (const u of refused) {
      const got = resolveAppFile(ui, u);
      // %252e decodes once to "%2e", a harmless literal name; everything else is refused.
      if (u.includes('%252e')) expect(got?.startsWith(root), u).toBe(true);
      else expect(got, u).toBeUndefined();
    }
  });
});

describe('webPreferences', () => {
  it('isolates and sandboxes the renderer', () => {
    const w = webPreferences('/app/dist/electron/preload.cjs', { isPackaged: true, env: {} });
    expect(w).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: false,
    });
  });
  it('enables devtools only with KIOSK_DEVTOOLS=1, and only when run from the source tree', () => {
    expect(webPreferences('p', { isPackaged: false, env: { KIOSK_DEVTOOLS: '1' } }).devTools).toBe(true);
    expect(webPreferences('p', { isPackaged: false, env: { KIOSK_DEVTOOLS: 'true' } }).devTools).toBe(false);
    expect(webPreferences('p', { isPackaged: false, env: { KIOSK_DEVTOOLS: '0' } }).devTools).toBe(false);
    expect(webPreferences('p', { isPackaged: true, env: { KIOSK_DEVTOOLS: '1' } }).devTools).toBe(false);
  });
});

describe('developmentSwitches', () => {
  const env = { KIOSK_DEVTOOLS: '1', KIOSK_SQLITE_BINDING: '/tmp/evil/better_sqlite3.node' };

  it('ignores KIOSK_DEVTOOLS and KIOSK_SQLITE_BINDING in a packaged app', () => {
    expect(developmentSwitches(env, true)).toEqual({ devTools: false, sqliteBinding: undefined, ignored: ['KIOSK_DEVTOOLS', 'KIOSK_SQLITE_BINDING'] });
  });

  it('honours them when Electron runs the source tree (npm start)', () => {
    expect(developmentSwitches(env, false)).toEqual({ devTools: true, sqliteBinding: '/tmp/evil/better_sqlite3.node', ignored: [] });
  });

  it('is off when they are unset, empty or not exactly 1', () => {
    for (const isPackaged of [true, false]) expect(developmentSwitches({}, isPackaged)).toEqual({ devTools: false, sqliteBinding: undefined, ignored: [] });
    expect(developmentSwitches({ KIOSK_DEVTOOLS: 'yes', KIOSK_SQLITE_BINDING: '' }, false)).toEqual({ devTools: false, sqliteBinding: undefined, ignored: [] });
  });
});

describe('kioskWindowOptions', () => {
  it('is a frameless fullscreen kiosk window without webPreferences of its own', () => {
    const o = kioskWindowOptions();
    expect(o).toMatchObject({ fullscreen: true, kiosk: true, frame: false, autoHideMenuBar: true, show: false });
    expect(o.backgroundColor).toMatch(/^#[0-9a-f]{6}$/i);
    expect(o.webPreferences).toBeUndefined();
  });
});

describe('isBlockedInput', () => {
  const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({
    type: 'keyDown',
    key: k,
    control: false,
    meta: false,
    shift: false,
    alt: false,
    ...mods,
  });
  it('blocks zoom keys with Ctrl or Cmd', () => {
    for (const k of ['+', '=', '-', '_', '0']) {
      expect(isBlockedInput(key(k, { control: true })), k).toBe(true);
      expect(isBlockedInput(key(k, { meta: true })), k).toBe(true);
    }
  });
  it('blocks reload, devtools, print and history keys', () => {
    expect(isBlockedInput(key('F5'))).toBe(true);
    expect(isBlockedInput(key('F12'))).toBe(true);
    expect(isBlockedInput(key('r', { control: true }))).toBe(true);
    expect(isBlockedInput(key('I', { control: true, shift: true }))).toBe(true);
    expect(isBlockedInput(key('p', { control: true }))).toBe(true);
    expect(isBlockedInput(key('ArrowLeft', { alt: true }))).toBe(true);
  });
  it('lets ordinary typing through', () => {
    for (const k of ['a', '0', '-', '+', 'Enter', 'Backspace', 'ArrowLeft', '超']) expect(isBlockedInput(key(k)), k).toBe(false);
    expect(isBlockedInput(key('a', { shift: true }))).toBe(false);
    expect(isBlockedInput({ ...key('+', { control: true }), type: 'keyUp' })).toBe(false);
  });
});

describe('Electron events in the shared recovery policy', () => {
  it('a gone renderer is reloaded, a second failure within a minute opens a new window', () => {
    const first = decideRecovery(goneEvent({ reason: 'crashed', exitCode: 139 }, 1000), INITIAL_RECOVERY);
    expect(first).toMatchObject({ action: 'reload', counted: true });
    expect(first.reason).toContain('crashed, exit code 139');
    expect(decideRecovery(goneEvent({ reason: 'oom', exitCode: 0 }, 20_000), first.state).action).toBe('relaunch');
  });
  it('a failed main-frame load is a blank page; a sub-frame or an aborted load is not', () => {
    expect(failedLoadEvent(-105, 'ERR_NAME_NOT_RESOLVED', true, 5)).toEqual({ kind: 'blank', at: 5, detail: 'ERR_NAME_NOT_RESOLVED (-105)' });
    expect(failedLoadEvent(-105, 'ERR_NAME_NOT_RESOLVED', false, 5)).toBeUndefined();
    expect(failedLoadEvent(-3, 'ERR_ABORTED', true, 5)).toBeUndefined();
  });
});

describe('errorPageHtml', () => {
  it('is bilingual, scriptless and escapes its detail', () => {
    const html = errorPageHtml({ zh: '<img src=x onerror=alert(1)>', en: 'In an emergency, call 120.' });
    expect(html).toContain('information desk');
    expect(html).toContain('服务台');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('<img');
    expect(html).toContain('In an emergency, call 120.');
  });
});
