/**
 * The Electron main process, wiring only: single-instance lock, the app:// protocol serving the
 * built UI with CSP, the kiosk window, every policy from ./policy.ts applied to every
 * webContents, one ipcMain.handle per API method (sender checked, then the shared handler
 * table), crash / hang recovery, the pack watcher when the autoInstall setting is on, and the
 * local HTTP host serving the IT screen's preview of a pack on a loopback port (its frame the one
 * subframe the window may navigate). Every
 * decision lives in ./policy.ts or src/core, where it is tested.
 */
import { app, BrowserWindow, ipcMain, Menu, protocol, session, type WebContents } from 'electron';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_METHODS, CONTENT_PREFIX, ipcChannel, type ApiResponse } from '../src/shared/api.js';
import { dispatch } from '../src/core/api/handlers.js';
import type { Kiosk } from '../src/app/kiosk.js';
import { RunningKiosk } from '../src/app/run.js';
import { PackPreviews } from '../src/app/pack-preview.js';
import { startHost } from '../src/host/server.js';
import { appendAudit } from '../src/core/audit/log.js';
import { defaultDataDir } from '../src/core/datafolder.js';
import { uiDir } from '../src/core/paths.js';
import { cacheControl, contentAssetHeaders, contentAssetPath, isUiEntry } from '../src/core/security/static-files.js';
import { findZinnia, zinniaFromEnvironment } from '../src/app/zinnia.js';
import * as policy from './policy.js';

const preloadPath = join(dirname(fileURLToPath(import.meta.url)), 'preload.cjs');

let win: BrowserWindow | undefined;
let kiosk: Kiosk | undefined;
let running: RunningKiosk | undefined;
let kioskProblem = 'The kiosk is still starting; please try again in a moment.';
let quitting = false;
let recovery = policy.INITIAL_RECOVERY;
let retryTimer: NodeJS.Timeout | undefined;
let memoryDeferred = false;

const text = (status: number, body: string): Response =>
  new Response(body, { status, headers: { ...policy.cspHeaders(), 'Content-Type': 'text/plain; charset=utf-8' } });

async function serveApp(request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'Method not allowed');
  const headers = policy.cspHeaders();
  if (request.url.split(/[?#]/)[0] === policy.ERROR_PAGE_URL) {
    let emergency: { zh: string; en: string } | undefined;
    try {
      emergency = kiosk?.content().hospital().emergency;
    } catch {
      emergency = undefined;
    }
    return new Response(policy.errorPageHtml(emergency), { headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' } });
  }
  const path = new URL(request.url).pathname;
  if (path.startsWith(CONTENT_PREFIX)) {
    const rel = contentAssetPath(path, CONTENT_PREFIX);
    const asset = rel === undefined ? undefined : kiosk?.content().asset(rel);
    if (!asset) return text(404, 'Not found');
    return new Response(new Uint8Array(asset.data), { headers: { ...headers, ...contentAssetHeaders(asset.mime) } });
  }
  const file = policy.resolveAppFile(uiDir(), request.url);
  if (!file) return text(404, 'Not found');
  try {
    const body = await readFile(file);
    return new Response(new Uint8Array(body), {
      headers: { ...policy.cspHeaders(file), 'Content-Type': policy.contentType(file), 'Cache-Control': cacheControl(path) },
    });
  } catch {
    return isUiEntry(uiDir(), file) ? text(503, 'The kiosk UI has not been built yet: run "npm run build".') : text(404, 'Not found');
  }
}

function harden(wc: WebContents): void {
  wc.setWindowOpenHandler(() => policy.windowOpenDecision());
  const guard = (e: { preventDefault(): void }, url: string) => {
    if (!policy.isAllowedNavigation(url)) e.preventDefault();
  };
  wc.on('will-navigate', (e) => guard(e, e.url));
  // A subframe only to the preview of a pack being served (the IT screen's frame), the main frame as above.
  wc.on('will-frame-navigate', (e) => {
    if (!policy.isAllowedFrameNavigation(e.url, e.isMainFrame, kiosk?.packPreviews?.origin)) e.preventDefault();
  });
  wc.on('will-redirect', (e) => guard(e, e.url));
  wc.on('will-attach-webview', (e) => e.preventDefault());
  wc.on('context-menu', (e) => e.preventDefault());
  wc.on('before-input-event', (e, input) => {
    if (policy.isBlockedInput(input)) e.preventDefault();
  });
  wc.on('zoom-changed', () => wc.setZoomLevel(0)); // Ctrl + wheel
  wc.on('did-finish-load', () => {
    wc.setZoomLevel(0);
    wc.setVisualZoomLevelLimits(1, 1).catch(() => {});
  });
}

function load(url: string): void {
  win?.loadURL(url).catch((e: unknown) => console.warn(`kiosk: loading ${url} failed: ${(e as Error).message}`));
}

/** Carries out the shared recovery policy (src/core/recovery.ts); every recovery counted in /metrics and the audit log. */
function recover(event: policy.RecoveryEvent): void {
  if (quitting || !win || win.isDestroyed()) return;
  const d = policy.decideRecovery(event, recovery);
  recovery = d.state;
  if (d.action === 'ignore') return;
  if (d.action === 'defer') {
    if (!memoryDeferred) console.warn(`kiosk: ${d.reason}`);
    memoryDeferred = true;
    return;
  }
  memoryDeferred = false;
  console.error(`kiosk: ${d.reason}`);
  if (d.counted) {
    running?.fleet?.activity.rendererRestarted();
    if (kiosk) appendAudit(kiosk.dataDir, { action: 'recover', result: d.action === 'fallback' ? 'failed' : 'accepted', reason: d.reason });
  }
  if (d.killFirst) win.webContents.forcefullyCrashRenderer();
  if (d.action === 'reload') load(policy.APP_URL);
  if (d.action === 'relaunch') {
    // A new window (a new renderer process) before the old one goes, so the app never has none.
    const old = win;
    win = createWindow();
    old.destroy();
  }
  if (d.action === 'fallback') {
    load(policy.ERROR_PAGE_URL);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => recover({ kind: 'retry', at: Date.now() }), d.retryAfterMs ?? policy.RECOVERY_LIMITS.retryAfterMs);
  }
}

/** The renderer's memory, every 30 s: over the limit, a reload once nobody is using the kiosk. */
function watchMemory(): void {
  setInterval(() => {
    if (!win || win.isDestroyed()) return;
    const pid = win.webContents.getOSProcessId();
    const m = app.getAppMetrics().find((p) => p.pid === pid);
    if (m) recover({ kind: 'memory', at: Date.now(), bytes: m.memory.workingSetSize * 1024, idle: kiosk?.isIdle() ?? true });
  }, 30_000).unref();
}

function createWindow(): BrowserWindow {
  const w = new BrowserWindow({ ...policy.kioskWindowOptions(), webPreferences: policy.webPreferences(preloadPath, { isPackaged: app.isPackaged }) });
  w.once('ready-to-show', () => w.show());
  setTimeout(() => !w.isDestroyed() && !w.isVisible() && w.show(), 10_000).unref();
  w.webContents.on('render-process-gone', (_e, details) => {
    if (w === win) recover(policy.goneEvent(details, Date.now()));
  });
  w.webContents.on('did-fail-load', (_e, code, description, _url, isMainFrame) => {
    const event = policy.failedLoadEvent(code, description, isMainFrame, Date.now());
    if (event && w === win) recover(event);
  });
  w.on('unresponsive', () => w === win && recover({ kind: 'unresponsive', at: Date.now() }));
  load(policy.APP_URL);
  return w;
}

function registerIpc(): void {
  const forbidden: ApiResponse = { ok: false, error: { code: 'forbidden', message: 'This page may not use the kiosk API.' } };
  for (const m of API_METHODS) {
    ipcMain.handle(ipcChannel(m), async (event, args: unknown): Promise<ApiResponse> => {
      const frame = event.senderFrame;
      if (!frame || event.sender !== win?.webContents || !policy.isTrustedSender(frame.url, frame.parent === null)) return forbidden;
      if (!kiosk) return { ok: false, error: { code: 'unavailable', message: kioskProblem } };
      const out = await dispatch(kiosk, m, args);
      running?.fleet?.activity.observeApi(m, args, out);
      return out;
    });
  }
}

function openKiosk(): void {
  // The same folder as the `kiosk` CLI uses (KIOSK_DATA_DIR, else the platform data folder), so
  // packs installed from the command line are what the shell shows.
  // Handwriting needs Zinnia (the .deb depends on it; elsewhere the keyboard has no pad). A
  // packaged app looks for it only on PATH, never where an environment variable says.
  const handwriting = app.isPackaged ? findZinnia() : zinniaFromEnvironment();
  if (handwriting.problem) console.warn(`kiosk: ${handwriting.problem}`);
  try {
    running = new RunningKiosk({ dataDir: defaultDataDir(), recognizer: handwriting.recognizer });
    kiosk = running.kiosk;
    // The IT screen's preview of a pack, served read-only on another loopback port as `kiosk serve` does.
    kiosk.packPreviews = new PackPreviews(kiosk.dataDir, async (api) => {
      const h = await startHost({ api, uiDir: uiDir(), port: 0, host: '127.0.0.1', framing: 'kiosk' });
      return { url: h.url, close: () => h.close() };
    });
  } catch (e) {
    kioskProblem = `The kiosk cannot open its content: ${(e as Error).message}`;
    console.error(`kiosk: ${kioskProblem}`);
    return;
  }
  try {
    running.startFleet();
  } catch (e) {
    console.error(`kiosk: fleet updates and health cannot start: ${(e as Error).message}`);
  }
  running.startBackground().catch((e: unknown) => console.error(`kiosk: the pack watcher cannot start: ${(e as Error).message}`));
}

function main(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  // Developer switches are for a run from the source tree; a packaged app drops them before the
  // content store (better-sqlite3) is first opened.
  const switches = policy.developmentSwitches(process.env, app.isPackaged);
  if (!switches.sqliteBinding) delete process.env.KIOSK_SQLITE_BINDING;
  if (switches.ignored.length) console.warn(`kiosk: ${switches.ignored.join(' and ')} ignored: they apply only when the kiosk runs from its source tree.`);
  app.enableSandbox();
  app.commandLine.appendSwitch('disable-pinch');
  app.commandLine.appendSwitch('disable-features', 'OverscrollHistoryNavigation');
  protocol.registerSchemesAsPrivileged([{ scheme: policy.APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
  app.on('second-instance', () => {
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  app.on('web-contents-created', (_e, wc) => harden(wc));
  app.on('before-quit', () => (quitting = true));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    // An install under way when the app quits is discarded by the next pack operation (install journal).
    running?.stopNow();
  });

  void app.whenReady().then(() => {
    Menu.setApplicationMenu(null);
    const ses = session.defaultSession;
    ses.setPermissionRequestHandler((_wc, permission, callback) => callback(policy.permissionDecision(permission)));
    ses.setPermissionCheckHandler((_wc, permission) => policy.permissionDecision(permission));
    ses.setDevicePermissionHandler(() => false);
    ses.on('will-download', (e) => e.preventDefault());
    protocol.handle(policy.APP_SCHEME, serveApp);
    openKiosk();
    registerIpc();
    win = createWindow();
    watchMemory();
  });
}

main();
