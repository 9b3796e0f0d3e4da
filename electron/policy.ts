/**
 * The Electron shell's security and lifecycle policy as pure functions: which URLs the kiosk may
 * show, which IPC senders are trusted, how app:// requests map to files, the window and web
 * preferences, which keys are blocked, and how crashes and hangs map onto the shared recovery policy. No
 * Electron runtime here (types only), so every rule is unit-tested outside Electron.
 */
import type { BrowserWindowConstructorOptions, RenderProcessGoneDetails, WebPreferences } from 'electron';
import { contentType, resolveUiPath, securityHeaders } from '../src/core/security/static-files.js';
import { fallbackPageHtml, type FallbackText, type RecoveryEvent } from '../src/core/recovery.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/`;
/** A page the shell serves itself when the UI keeps crashing; never a file in the UI folder. */
export const ERROR_PAGE_URL = `${APP_URL}__kiosk/error`;

function parse(url: string | undefined): URL | undefined {
  if (typeof url !== 'string' || url.length > 4096) return undefined;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** True for the app's own origin only: app://kiosk/... with no port and no credentials. */
export function isAllowedNavigation(url: string | undefined): boolean {
  const u = parse(url);
  return !!u && u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}

export function permissionDecision(_permission: string): false {
  return false;
}

export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' };
}

/** The origin the local host serves the preview of a pack on: http on loopback, with a port. */
const PREVIEW_ORIGIN = /^http:\/\/127\.0\.0\.1:[1-9][0-9]{0,4}$/;

/**
 * Whether a frame may navigate to `url`: the main frame only within the app's own origin
 * (isAllowedNavigation), a subframe (the IT screen's preview of a pack) only to the origin of the
 * preview being served now, none while none is.
 */
export function isAllowedFrameNavigation(url: string | undefined, isMainFrame: boolean, previewOrigin: string | undefined): boolean {
  if (isMainFrame) return isAllowedNavigation(url);
  if (typeof previewOrigin !== 'string' || !PREVIEW_ORIGIN.test(previewOrigin)) return false;
  const u = parse(url);
  return !!u && u.protocol === 'http:' && u.username === '' && u.password === '' && u.origin === previewOrigin;
}

/** IPC is answered only for the main frame of the app's own origin. */
export function isTrustedSender(frameUrl: string | undefined, isMainFrame = true): boolean {
  return isMainFrame && isAllowedNavigation(frameUrl);
}

/** Headers on every app:// response (the policy both transports share, src/core/security/static-files.ts). */
export const cspHeaders = securityHeaders;

export { contentType };

/**
 * The file inside uiDir that an app:// request names, or undefined when the request must be
 * refused: another scheme or host, a port or credentials, and whatever the shared static-file
 * policy refuses (traversal plain or encoded, backslashes, NUL or control characters).
 * Extension-less paths are the single-page UI: index.html.
 */
export function resolveAppFile(uiDir: string, requestUrl: string): string | undefined {
  const u = parse(requestUrl);
  if (!u || !isAllowedNavigation(requestUrl)) return undefined;
  return resolveUiPath(uiDir, u.pathname);
}

/**
 * What the environment may switch on in the shell: developer aids, for a run from the source tree
 * only (`npm start` runs Electron on the checkout). In a packaged app (app.isPackaged) anyone who
 * can set an environment variable for the kiosk's process is not thereby a developer: DevTools
 * would open the renderer, with the kiosk API and its staff sessions, to whoever has a keyboard;
 * KIOSK_SQLITE_BINDING would load any native addon into the main process. Both are then ignored
 * (and named in `ignored`, for one line on the console).
 */
export interface DevelopmentSwitches {
  devTools: boolean;
  /** The better-sqlite3 addon to load instead of the bundled one (db/sqlite-binding.ts). */
  sqliteBinding: string | undefined;
  /** The variables that were set and ignored because the app is packaged. */
  ignored: string[];
}

const DEVELOPMENT_VARIABLES = ['KIOSK_DEVTOOLS', 'KIOSK_SQLITE_BINDING'] as const;

export function developmentSwitches(env: NodeJS.ProcessEnv, isPackaged: boolean): DevelopmentSwitches {
  if (isPackaged) return { devTools: false, sqliteBinding: undefined, ignored: DEVELOPMENT_VARIABLES.filter((v) => !!env[v]) };
  return { devTools: env.KIOSK_DEVTOOLS === '1', sqliteBinding: env.KIOSK_SQLITE_BINDING || undefined, ignored: [] };
}

export function webPreferences(preloadPath: string, run: { isPackaged: boolean; env?: NodeJS.ProcessEnv }): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: developmentSwitches(run.env ?? process.env, run.isPackaged).devTools,
  };
}

/** The UI's --bg, so no white flash before the first paint. */
export const BACKGROUND_COLOR = '#f4f8f9';

/** The kiosk window, without webPreferences (see webPreferences). */
export function kioskWindowOptions(): BrowserWindowConstructorOptions {
  return {
    show: false,
    fullscreen: true,
    kiosk: true,
    frame: false,
    autoHideMenuBar: true,
    backgroundColor: BACKGROUND_COLOR,
    title: '医院导诊 · Hospital Guide',
    minimizable: false,
    maximizable: false,
    resizable: false,
    closable: true,
  };
}

export interface KeyInput {
  type: string;
  key: string;
  control: boolean;
  meta: boolean;
  shift: boolean;
  alt: boolean;
}

const ZOOM_KEYS = new Set(['+', '=', '-', '_', '0', 'Add', 'Subtract']);

/** Keys the kiosk swallows: zoom (Ctrl/Cmd +, -, 0), reload, print, save, devtools. */
export function isBlockedInput(input: KeyInput): boolean {
  if (input.type !== 'keyDown' && input.type !== 'rawKeyDown') return false;
  const key = input.key;
  if (key === 'F5' || key === 'F12' || key === 'BrowserBack' || key === 'BrowserForward') return true;
  if (input.alt && (key === 'ArrowLeft' || key === 'ArrowRight')) return true; // history navigation
  if (!input.control && !input.meta) return false;
  if (ZOOM_KEYS.has(key)) return true;
  const k = key.toLowerCase();
  if (['r', 'p', 's', 'o', 'n', 't', 'u'].includes(k)) return true;
  return input.shift && ['i', 'j', 'c'].includes(k);
}

/**
 * Crash and hang recovery: the one policy both shells follow (src/core/recovery.ts), with
 * Electron's events in its words. A relaunch is a new window (a new renderer process).
 */
export { decideRecovery, INITIAL_RECOVERY, RECOVERY_LIMITS, type RecoveryDecision, type RecoveryEvent, type RecoveryState } from '../src/core/recovery.js';

/** webContents' render-process-gone in the shared policy's words. */
export function goneEvent(details: Pick<RenderProcessGoneDetails, 'reason' | 'exitCode'>, at: number): RecoveryEvent {
  return { kind: 'renderer-gone', at, reason: `${details.reason}, exit code ${details.exitCode}` };
}

/** A main-frame load that failed (not one the kiosk itself cut short, -3) is a blank or error page. */
export function failedLoadEvent(errorCode: number, description: string, isMainFrame: boolean, at: number): RecoveryEvent | undefined {
  if (!isMainFrame || errorCode === -3) return undefined;
  return { kind: 'blank', at, detail: `${description} (${errorCode})` };
}

/** The static page shown when the UI keeps failing: the shared calm fallback page, with the hospital's emergency sentence. */
export function errorPageHtml(emergency?: FallbackText): string {
  return fallbackPageHtml(emergency, BACKGROUND_COLOR);
}
