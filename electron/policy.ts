/**
 * The Electron shell's security and lifecycle policy as pure functions: which URLs the kiosk may
 * show, which IPC senders are trusted, how app:// requests map to files, the window and web
 * preferences, which keys are blocked, and when a crashed or hung renderer is reloaded. No
 * Electron runtime here (types only), so every rule is unit-tested outside Electron.
 */
import type { BrowserWindowConstructorOptions, RenderProcessGoneDetails, WebPreferences } from 'electron';
import { extname, join, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY, SVG_CONTENT_SECURITY_POLICY } from '../src/core/security/csp.js';

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

/** IPC is answered only for the main frame of the app's own origin. */
export function isTrustedSender(frameUrl: string | undefined, isMainFrame = true): boolean {
  return isMainFrame && isAllowedNavigation(frameUrl);
}

/**
 * Headers on every app:// response; `file` is the file served, if any. An SVG file gets a policy
 * under which, opened as a document, it can run and load nothing.
 */
export function cspHeaders(file?: string): Record<string, string> {
  const svg = file !== undefined && extname(file).toLowerCase() === '.svg';
  return {
    'Content-Security-Policy': svg ? SVG_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.ico': 'image/x-icon',
};

export const contentType = (file: string): string => TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';

/**
 * The file inside uiDir that an app:// request names, or undefined when the request must be
 * refused (another scheme or host, a port, traversal plain or encoded, backslashes, NUL or
 * control characters). Extension-less paths are the single-page UI: index.html.
 */
export function resolveAppFile(uiDir: string, requestUrl: string): string | undefined {
  const u = parse(requestUrl);
  if (!u || !isAllowedNavigation(requestUrl)) return undefined;
  if (u.pathname.includes('\\')) return undefined;
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return undefined;
  }
  if (/[\u0000-\u001f\u007f\\]/.test(rel) || rel.includes('//')) return undefined;
  if (rel.split('/').some((s) => s === '..' || s === '.')) return undefined;
  if (rel === '/' || rel === '' || !extname(rel)) rel = '/index.html';
  const root = resolve(uiDir);
  const file = resolve(join(root, rel));
  return file.startsWith(root + sep) ? file : undefined;
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
  /** The better-sqlite3 addon to load instead of the bundled one (src/core/sqlite-binding.ts). */
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

/** Crash-loop guard: at most `max` reloads in `windowMs`, then the error page, retried later. */
export const RELOAD_LIMITS = { max: 3, windowMs: 60_000, retryAfterMs: 5 * 60_000 };

export type RecoveryEvent =
  | { kind: 'gone'; reason: RenderProcessGoneDetails['reason']; at: number; quitting: boolean }
  | { kind: 'unresponsive'; at: number; quitting: boolean };

export interface RecoveryState {
  /** When the recent reloads happened (ms). */
  reloads: readonly number[];
  /** The renderer was killed for hanging; its render-process-gone is expected and ignored. */
  killedForHang: boolean;
}

export interface RecoveryDecision {
  action: 'reload' | 'error-page' | 'ignore';
  /** Kill the (hung) renderer first, so the load happens in a new process. */
  killFirst: boolean;
  state: RecoveryState;
}

export const INITIAL_RECOVERY: RecoveryState = { reloads: [], killedForHang: false };

export function shouldReload(event: RecoveryEvent, state: RecoveryState, limits = RELOAD_LIMITS): RecoveryDecision {
  if (event.quitting) return { action: 'ignore', killFirst: false, state };
  if (event.kind === 'gone' && state.killedForHang) {
    return { action: 'ignore', killFirst: false, state: { ...state, killedForHang: false } };
  }
  const killFirst = event.kind === 'unresponsive';
  const recent = state.reloads.filter((t) => event.at - t < limits.windowMs && t <= event.at);
  if (recent.length >= limits.max) {
    return { action: 'error-page', killFirst, state: { reloads: recent, killedForHang: killFirst } };
  }
  return { action: 'reload', killFirst, state: { reloads: [...recent, event.at], killedForHang: killFirst } };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The static page shown when the UI keeps failing: bilingual, no script, for people. */
export function errorPageHtml(detail?: string): string {
  const extra = detail ? `<p class="d">${escapeHtml(detail)}</p>` : '';
  return `<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>暂停服务 · Out of service</title>
<style>body{margin:0;height:100vh;display:flex;flex-direction:column;align-items:center;justify-content:center;
font-family:system-ui,sans-serif;background:${BACKGROUND_COLOR};color:#1a1a1a;text-align:center;user-select:none}
h1{font-size:56px;margin:0 0 24px}p{font-size:32px;margin:8px 48px}.d{font-size:20px;color:#555}</style></head>
<body><h1>本机暂时无法使用</h1><p>请到服务台咨询，工作人员会为您指引。</p>
<h1 lang="en">This kiosk is resting</h1><p lang="en">Please ask at the information desk; staff will guide you.</p>${extra}</body></html>`;
}
