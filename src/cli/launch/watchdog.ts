/**
 * Browser-kiosk mode's watchdog: starts the system's Chromium in --kiosk mode with a DevTools pipe
 * (./cdp-pipe.ts; no port), watches the page, and carries out the recovery policy of
 * src/core/recovery.ts, the same one the Electron shell follows.
 *
 * What it watches: the browser process (exit, crash); the page's renderer (Target.targetCrashed);
 * a probe every probeEveryMs that runs one expression in the page (no answer twice in a row: hung,
 * as a renderer stopped by SIGSTOP or stuck in a loop is); what the page shows (not the kiosk's
 * address, or no kiosk UI in a loaded document: blank or error page); the UI's own heartbeat (the
 * API calls it makes: the welcome screen asks every few seconds, and every screen returns there
 * after the idle time); and the renderer's resident memory (Linux /proc).
 *
 * What it does: reload (a navigation to the kiosk's address, which starts at the welcome screen),
 * kill a hung renderer first, relaunch the browser, or show the host's fallback page and retry.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import {
  decideRecovery,
  INITIAL_RECOVERY,
  RECOVERY_LIMITS,
  type RecoveryDecision,
  type RecoveryEvent,
  type RecoveryLimits,
  type RecoveryState,
} from '../../core/recovery.js';
import { browserKioskArgs } from './browser.js';
import { CdpPipe, CdpTimeout, type CdpMessage } from './cdp-pipe.js';

export interface WatchdogOptions {
  binary: string;
  /** The kiosk's address (the local host's root). */
  appUrl: string;
  /** The host's fallback page. */
  fallbackUrl: string;
  profileDir: string;
  /** Nobody is using the kiosk (memory reloads wait for this). */
  isIdle: () => boolean;
  /** When the page last called the kiosk's API (ms), if known. */
  lastHeartbeat?: () => number;
  /** No API call for this long while the UI is showing: the page is dead. */
  heartbeatTimeoutMs?: number;
  /** A recovery was made (counted in the metrics and the audit log by the caller). */
  onRecovery: (d: RecoveryDecision) => void;
  log?: (line: string) => void;
  probeEveryMs?: number;
  probeTimeoutMs?: number;
  /** Unanswered probes in a row before the page counts as hung. */
  missesForHang?: number;
  memoryEveryMs?: number;
  limits?: RecoveryLimits;
  /** Arguments added to the browser's (after the kiosk's own). */
  extraArgs?: string[];
  now?: () => number;
}

/** What the probe asks the page: where it is, whether the kiosk's UI is in it, whether it has loaded. */
const PROBE = `JSON.stringify({ href: location.href, app: !!document.querySelector('.shell'), ready: document.readyState })`;

/** A blank or error page is judged only this long after a load, so a page still starting is not one. */
const LOAD_GRACE_MS = 6000;

function children(): Map<number, number[]> {
  const kids = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return kids;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = kids.get(ppid) ?? [];
      list.push(Number(e));
      kids.set(ppid, list);
    } catch {
      /* gone */
    }
  }
  return kids;
}

/** Every process under a browser process (Linux; empty elsewhere). */
export function descendantPids(browserPid: number): number[] {
  const kids = children();
  const out: number[] = [];
  const walk = (pid: number, depth: number) => {
    if (depth > 6) return;
    for (const c of kids.get(pid) ?? []) {
      out.push(c);
      walk(c, depth + 1);
    }
  };
  walk(browserPid, 0);
  return out;
}

/** The renderer processes under a browser process (Linux; empty elsewhere). */
export function rendererPids(browserPid: number): number[] {
  return descendantPids(browserPid).filter((pid) => {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      return cmd.includes('--type=renderer') && !cmd.includes('--extension-process');
    } catch {
      return false;
    }
  });
}

function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone already */
    }
  }
}

function residentBytes(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export class BrowserWatchdog {
  private child: ChildProcess | undefined;
  private cdp: CdpPipe | undefined;
  private targetId: string | undefined;
  private sessionId: string | undefined;
  private state: RecoveryState = INITIAL_RECOVERY;
  private stopping = false;
  private busy = false;
  private pendingExit = false;
  private misses = 0;
  private blankSeen = 0;
  private loadedAt = 0;
  private lastMemoryAt = 0;
  private deferredLogged = false;
  private showing: 'app' | 'fallback' = 'app';
  private probeTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private readonly limits: RecoveryLimits;

  constructor(private readonly o: WatchdogOptions) {
    this.now = o.now ?? Date.now;
    this.log = o.log ?? ((s) => console.log(s));
    this.limits = o.limits ?? RECOVERY_LIMITS;
  }

  /** The browser's process id, while one runs. */
  get browserPid(): number | undefined {
    return this.child?.pid;
  }

  get fallbackShowing(): boolean {
    return this.showing === 'fallback';
  }

  async start(): Promise<void> {
    await this.launch(this.o.appUrl);
    this.probeTimer = setInterval(() => void this.probe(), this.o.probeEveryMs ?? 2000);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.probeTimer);
    clearTimeout(this.retryTimer);
    await this.killBrowser();
  }

  private async launch(url: string): Promise<void> {
    const sandbox = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
    const args = [...browserKioskArgs(url, this.o.profileDir), '--remote-debugging-pipe', ...sandbox, ...(this.o.extraArgs ?? [])];
    const child = spawn(this.o.binary, args, { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.targetId = undefined;
    this.sessionId = undefined;
    this.loadedAt = this.now();
    const cdp = new CdpPipe(child.stdio[3] as Writable, child.stdio[4] as Readable);
    this.cdp = cdp;
    child.once('error', (e) => this.log(`kiosk: the browser cannot start: ${e.message}`));
    child.once('exit', (code) => {
      cdp.close('the browser exited');
      if (this.child !== child) return; // one the watchdog itself ended
      this.child = undefined;
      this.cdp = undefined;
      if (this.stopping) return;
      if (this.busy) this.pendingExit = true;
      else void this.handle({ kind: 'browser-exited', at: this.now(), code });
    });
    cdp.onEvent((m) => this.onEvent(m));
    try {
      await cdp.send('Target.setDiscoverTargets', { discover: true });
      await this.attach();
    } catch {
      /* the probe attaches later, or the exit handler takes over */
    }
  }

  private async attach(): Promise<void> {
    const cdp = this.cdp;
    if (!cdp) return;
    const { targetInfos } = (await cdp.send('Target.getTargets', {}, { timeoutMs: 5000 })) as {
      targetInfos: { targetId: string; type: string; url: string }[];
    };
    const page = targetInfos.find((t) => t.type === 'page');
    if (!page) return;
    if (page.targetId === this.targetId && this.sessionId) return;
    const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: page.targetId, flatten: true }, { timeoutMs: 5000 })) as { sessionId: string };
    this.targetId = page.targetId;
    this.sessionId = sessionId;
  }

  private onEvent(m: CdpMessage): void {
    const p = (m.params ?? {}) as { targetId?: string; sessionId?: string; status?: string };
    if (m.method === 'Target.targetCrashed' && p.targetId === this.targetId) {
      void this.handle({ kind: 'renderer-gone', at: this.now(), ...(p.status ? { reason: p.status } : {}) });
    } else if (m.method === 'Target.detachedFromTarget' && p.sessionId === this.sessionId) {
      this.sessionId = undefined;
    } else if (m.method === 'Target.targetDestroyed' && p.targetId === this.targetId) {
      this.targetId = undefined;
      this.sessionId = undefined;
    }
  }

  private async probe(): Promise<void> {
    if (this.busy || this.stopping || !this.cdp) return;
    try {
      if (!this.sessionId) await this.attach();
    } catch {
      /* tried again next time */
    }
    if (this.busy || !this.cdp) return;
    if (!this.sessionId) {
      if (this.now() - this.loadedAt > LOAD_GRACE_MS * 2) return this.handle({ kind: 'blank', at: this.now(), detail: 'no window' });
      return;
    }
    const timeoutMs = this.o.probeTimeoutMs ?? 2000;
    let seen: { href: string; app: boolean; ready: string } | undefined;
    try {
      const r = (await this.cdp.send('Runtime.evaluate', { expression: PROBE, returnByValue: true }, { sessionId: this.sessionId, timeoutMs })) as {
        result?: { value?: string };
      };
      seen = JSON.parse(r.result?.value ?? 'null') as typeof seen;
      this.misses = 0;
    } catch (e) {
      if (this.busy) return;
      if (e instanceof CdpTimeout) {
        if (++this.misses >= (this.o.missesForHang ?? 2)) return this.handle({ kind: 'unresponsive', at: this.now() });
      }
      return;
    }
    if (this.busy || !seen) return;
    const settled = this.now() - this.loadedAt > LOAD_GRACE_MS;
    if (this.showing === 'app') {
      const wrong = !seen.href.startsWith(this.o.appUrl) || seen.href.startsWith(this.o.fallbackUrl);
      if (settled && (wrong || (!seen.app && seen.ready === 'complete'))) {
        if (++this.blankSeen >= 2) return this.handle({ kind: 'blank', at: this.now(), detail: wrong ? 'another address' : 'no kiosk screen' });
      } else this.blankSeen = 0;
      const beat = this.o.lastHeartbeat?.();
      const limit = this.o.heartbeatTimeoutMs;
      if (beat !== undefined && limit && this.now() - Math.max(beat, this.loadedAt) > limit) return this.handle({ kind: 'unresponsive', at: this.now() });
    }
    if (this.now() - this.lastMemoryAt >= (this.o.memoryEveryMs ?? 30_000) && this.child?.pid) {
      this.lastMemoryAt = this.now();
      const bytes = Math.max(0, ...rendererPids(this.child.pid).map(residentBytes));
      if (bytes > 0) await this.handle({ kind: 'memory', at: this.now(), bytes, idle: this.o.isIdle() });
    }
  }

  private async handle(event: RecoveryEvent): Promise<void> {
    if (this.stopping || this.busy) return;
    const d = decideRecovery(event, this.state, this.limits);
    this.state = d.state;
    if (d.action === 'ignore') return;
    if (d.action === 'defer') {
      if (!this.deferredLogged) this.log(`kiosk: ${d.reason}`);
      this.deferredLogged = true;
      return;
    }
    this.deferredLogged = false;
    this.log(`kiosk: ${d.reason}`);
    if (d.counted) this.o.onRecovery(d);
    this.busy = true;
    try {
      if (d.killFirst && this.child?.pid) {
        const pids = rendererPids(this.child.pid);
        killAll(pids);
        if (!pids.length) d.action = d.action === 'fallback' ? 'fallback' : 'relaunch'; // no renderer to kill here: a new browser instead
      }
      if (d.action === 'reload') {
        this.showing = 'app';
        if (!(await this.navigate(this.o.appUrl))) await this.relaunch(this.o.appUrl);
      } else if (d.action === 'relaunch') {
        this.showing = 'app';
        await this.relaunch(this.o.appUrl);
      } else {
        this.showing = 'fallback';
        if (d.startBrowser || !this.child) {
          await new Promise((r) => setTimeout(r, 2000)); // a browser that cannot stay up is not started in a tight loop
          await this.relaunch(this.o.fallbackUrl);
        } else if (!(await this.navigate(this.o.fallbackUrl))) await this.relaunch(this.o.fallbackUrl);
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => void this.handle({ kind: 'retry', at: this.now() }), d.retryAfterMs ?? this.limits.retryAfterMs);
        this.retryTimer.unref?.();
      }
    } catch (e) {
      this.log(`kiosk: recovery did not complete: ${(e as Error).message}`);
    } finally {
      this.busy = false;
      this.misses = 0;
      this.blankSeen = 0;
      this.loadedAt = this.now();
    }
    if (this.pendingExit && !this.child) {
      this.pendingExit = false;
      await this.handle({ kind: 'browser-exited', at: this.now() });
    }
    this.pendingExit = false;
  }

  /** A navigation in the current page (a new renderer if the old one is gone). False when there is no page to navigate. */
  private async navigate(url: string): Promise<boolean> {
    try {
      if (!this.sessionId) await this.attach();
      if (!this.cdp || !this.sessionId) return false;
      const r = (await this.cdp.send('Page.navigate', { url }, { sessionId: this.sessionId, timeoutMs: 8000 })) as { errorText?: string };
      return !r.errorText;
    } catch {
      return false;
    }
  }

  private async relaunch(url: string): Promise<void> {
    await this.killBrowser();
    if (!this.stopping) await this.launch(url);
  }

  private async killBrowser(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    this.cdp?.close('the browser is being restarted');
    this.cdp = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    // Its helpers too: a renderer stopped by SIGSTOP would not notice its browser go.
    const helpers = child.pid ? descendantPids(child.pid) : [];
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 5000);
      child.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      child.kill('SIGKILL');
    });
    killAll(helpers);
  }
}
