/**
 * When the kiosk's screen goes wrong, what to do: the one recovery policy of both shells (the
 * Electron main process and browser-kiosk mode's watchdog), as a pure function of what happened
 * and what was done before. No timers, no processes here; the shells carry the decisions out.
 *
 * - A crashed, hung, blank or error page is reloaded; a second failure soon after a reload, or a
 *   browser that exited, relaunches the browser (a new window in Electron).
 * - A crash loop (RECOVERY_LIMITS.loopMax failures within loopWindowMs) shows the calm fallback
 *   page instead, which is retried every retryAfterMs.
 * - A renderer over its memory limit is reloaded only while nobody is using the kiosk; otherwise
 *   the reload waits.
 * - A renderer killed for hanging reports its own death; that report is expected, not a new failure.
 */

export const RECOVERY_LIMITS = {
  /** This many failures within loopWindowMs is a crash loop: the fallback page. */
  loopMax: 5,
  loopWindowMs: 10 * 60_000,
  /** A failure this soon after a reload means the reload did not help: relaunch instead. */
  escalateWithinMs: 60_000,
  /** How long the fallback page stays before the kiosk tries its UI again. */
  retryAfterMs: 5 * 60_000,
  /** A renderer using more than this (resident bytes) is reloaded at the next idle moment. */
  memoryLimitBytes: 1024 * 1024 * 1024,
};
export type RecoveryLimits = typeof RECOVERY_LIMITS;

export type RecoveryEvent =
  /** The page's renderer process died (crash, OOM, killed). */
  | { kind: 'renderer-gone'; at: number; reason?: string }
  /** The page stopped answering: no heartbeat, or the shell saw it hang. */
  | { kind: 'unresponsive'; at: number }
  /** The page shows nothing of the kiosk: blank, an error page, another address. */
  | { kind: 'blank'; at: number; detail?: string }
  /** The renderer's memory, and whether anyone is using the kiosk. */
  | { kind: 'memory'; at: number; bytes: number; idle: boolean }
  /** The browser itself exited or crashed (browser-kiosk mode). */
  | { kind: 'browser-exited'; at: number; code?: number | null }
  /** The fallback page's time is up: try the kiosk's UI again. */
  | { kind: 'retry'; at: number };

export interface RecoveryState {
  /** When the failures of the current window happened (ms). */
  failures: readonly number[];
  /** When the last reload or relaunch was done (ms), if one was. */
  lastRecoveryAt: number | null;
  /** The renderer was killed for hanging; its death report is expected and ignored once. */
  killedForHang: boolean;
  /** The fallback page is showing. */
  fallback: boolean;
}

export const INITIAL_RECOVERY: RecoveryState = { failures: [], lastRecoveryAt: null, killedForHang: false, fallback: false };

export type RecoveryAction = 'ignore' | 'defer' | 'reload' | 'relaunch' | 'fallback';

export interface RecoveryDecision {
  action: RecoveryAction;
  /** Kill the (hung) renderer first, so the next load happens in a new process. */
  killFirst: boolean;
  /** The fallback page needs a browser started for it (the browser is gone). */
  startBrowser: boolean;
  /** A recovery was made: count it (metrics, audit log). */
  counted: boolean;
  /** For the fallback page: try the UI again after this long. */
  retryAfterMs?: number;
  /** One sentence for the audit log and the console. */
  reason: string;
  state: RecoveryState;
}

const WHAT: Record<RecoveryEvent['kind'], string> = {
  'renderer-gone': 'the screen’s renderer process ended',
  unresponsive: 'the screen stopped answering',
  blank: 'the screen showed a blank or error page',
  memory: 'the screen’s renderer used more memory than its limit',
  'browser-exited': 'the browser exited',
  retry: 'the fallback page’s wait was over',
};

function describe(e: RecoveryEvent): string {
  const base = WHAT[e.kind];
  if (e.kind === 'renderer-gone' && e.reason) return `${base} (${e.reason})`;
  if (e.kind === 'blank' && e.detail) return `${base} (${e.detail.slice(0, 200)})`;
  if (e.kind === 'memory') return `${base} (${Math.round(e.bytes / 1048576)} MB)`;
  if (e.kind === 'browser-exited' && e.code !== undefined && e.code !== null) return `${base} (exit code ${e.code})`;
  return base;
}

export function decideRecovery(event: RecoveryEvent, state: RecoveryState, limits: RecoveryLimits = RECOVERY_LIMITS): RecoveryDecision {
  const none = (action: 'ignore' | 'defer', reason: string, next = state): RecoveryDecision => ({
    action,
    killFirst: false,
    startBrowser: false,
    counted: false,
    reason,
    state: next,
  });
  const what = describe(event);

  if (event.kind === 'renderer-gone' && state.killedForHang)
    return none('ignore', `${what}, as expected after it was stopped for hanging.`, { ...state, killedForHang: false });
  if (event.kind === 'memory') {
    if (!(event.bytes > limits.memoryLimitBytes)) return none('ignore', 'The screen’s memory is within its limit.');
    if (!event.idle) return none('defer', `${what}; it will be reloaded when nobody is using the kiosk.`);
  }
  if (event.kind === 'retry') {
    if (!state.fallback) return none('ignore', 'The fallback page is not showing.');
    return {
      action: 'reload',
      killFirst: false,
      startBrowser: false,
      counted: false,
      reason: 'Trying the kiosk’s screen again after the fallback page.',
      state: { ...state, fallback: false, lastRecoveryAt: event.at },
    };
  }
  if (state.fallback && event.kind !== 'browser-exited') {
    // A failing fallback page (it is static, so this is rare): show it again, in a new renderer if it hung.
    return {
      action: 'fallback',
      killFirst: event.kind === 'unresponsive',
      startBrowser: false,
      counted: false,
      reason: `${what} while the fallback page was showing; showing it again.`,
      retryAfterMs: limits.retryAfterMs,
      state: { ...state, killedForHang: event.kind === 'unresponsive' },
    };
  }

  const killFirst = event.kind === 'unresponsive';
  const failures = [...state.failures.filter((t) => t <= event.at && event.at - t < limits.loopWindowMs), event.at];
  if (failures.length >= limits.loopMax) {
    const minutes = Math.round(limits.loopWindowMs / 60_000);
    const retry = Math.round(limits.retryAfterMs / 60_000);
    return {
      action: 'fallback',
      killFirst,
      startBrowser: event.kind === 'browser-exited',
      counted: true,
      retryAfterMs: limits.retryAfterMs,
      reason: `${what}, the ${failures.length}th failure in ${minutes} minutes; showing the fallback page and trying again every ${retry} minutes.`,
      state: { failures, lastRecoveryAt: event.at, killedForHang: killFirst, fallback: true },
    };
  }
  const soon = state.lastRecoveryAt !== null && event.at - state.lastRecoveryAt < limits.escalateWithinMs;
  const action = event.kind === 'browser-exited' || soon ? 'relaunch' : 'reload';
  const how =
    action === 'reload'
      ? 'reloaded the screen'
      : event.kind === 'browser-exited'
        ? 'started the browser again'
        : 'the last reload did not hold, so restarted the browser';
  return {
    action,
    killFirst: killFirst && action === 'reload',
    startBrowser: false,
    counted: true,
    reason: `${what}; ${how}.`,
    state: { failures, lastRecoveryAt: event.at, killedForHang: killFirst && action === 'reload', fallback: false },
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface FallbackText {
  zh: string;
  en: string;
}

/** The calm page shown during a crash loop: bilingual, no script, the hospital's emergency sentence kept on screen. */
export function fallbackPageHtml(emergency: FallbackText | undefined, background = '#f4f8f9'): string {
  const em = emergency ? `<div class="e"><p lang="zh-Hans">${escapeHtml(emergency.zh)}</p><p lang="en">${escapeHtml(emergency.en)}</p></div>` : '';
  return `<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>暂停服务 · Out of service</title>
<style>html,body{margin:0;height:100%}body{display:flex;flex-direction:column;align-items:center;justify-content:center;gap:24px;
font-family:system-ui,sans-serif;background:${background};color:#1a1a1a;text-align:center;user-select:none;cursor:default}
h1{font-size:52px;margin:0}p{font-size:30px;margin:6px 48px;line-height:1.4}
.e{margin-top:32px;padding:24px 32px;border:4px solid #a4262c;border-radius:16px;background:#fff;max-width:80%}.e p{font-size:32px;color:#7a1a1f;font-weight:600}</style></head>
<body><main><h1>本机正在恢复</h1><p>请稍候，或到服务台咨询，工作人员会为您指引。</p>
<h1 lang="en">This kiosk is resting</h1><p lang="en">Please ask at the information desk; staff will guide you.</p>${em}</main></body></html>`;
}
