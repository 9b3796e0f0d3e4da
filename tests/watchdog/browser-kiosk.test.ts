/**
 * Browser-kiosk mode under its watchdog, for real: `kiosk start --browser-only` on a virtual
 * display (Xvfb) with the system's Chromium. A visitor leaves the welcome screen; then the
 * renderer is killed (SIGKILL), the browser is killed, the renderer is frozen (SIGSTOP), and the
 * renderer keeps dying until the crash-loop limit. Each time the kiosk must come back on its own
 * to the welcome screen within 15 s, the recovery counted in /metrics and the audit log; the
 * fifth failure shows the calm fallback page with the hospital's emergency sentence.
 *
 * The test looks at the screen through a DevTools port of its own (KIOSK_BROWSER_ARGS); the
 * watchdog drives the browser through its pipe. Needs `npm run build`; run by `npm run test:watchdog`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rendererPids } from '../../src/cli/launch/watchdog.js';
import { CHROMIUM_PATH } from '../chromium.js';

const ROOT = join(import.meta.dirname, '../..');
const START = /请触摸屏幕开始/;
/** The promise: each recovery within this long. */
const RECOVERED_WITHIN_MS = 15_000;

let xvfb: ChildProcess;
let kiosk: ChildProcess;
let dataDir: string;
let url: string;
let output = '';

function startXvfb(): Promise<{ proc: ChildProcess; display: string }> {
  return new Promise((resolve, reject) => {
    // -displayfd: Xvfb picks a free display and writes its number to fd 3.
    const proc = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1080x1920x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
    let text = '';
    proc.stdio[3]!.on('data', (b: Buffer) => {
      text += b.toString();
      if (text.includes('\n')) resolve({ proc, display: `:${text.trim()}` });
    });
    proc.once('exit', (c) => reject(new Error(`Xvfb exited (${c})`)));
  });
}

const profileDir = () => join(dataDir, 'browser-profile');

/** The kiosk's browser process: the one with our profile and no --type (helpers have one). */
function browserPid(): number | undefined {
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const cmd = readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0');
      if (cmd.includes(`--user-data-dir=${profileDir()}`) && !cmd.some((a) => a.startsWith('--type='))) {
        const state = readFileSync(`/proc/${e}/stat`, 'utf8').split(') ')[1]?.[0];
        if (state !== 'Z') return Number(e);
      }
    } catch {
      /* gone */
    }
  }
  return undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Wait for a condition, up to a deadline; the time it took. */
async function waitFor<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, deadlineMs: number): Promise<{ value: T; ms: number }> {
  const t0 = Date.now();
  for (;;) {
    let v: T | undefined;
    try {
      v = await fn();
    } catch {
      v = undefined;
    }
    if (v !== undefined && v !== null && (v as unknown) !== false) return { value: v, ms: Date.now() - t0 };
    if (Date.now() - t0 > deadlineMs) throw new Error(`${what}: not within ${deadlineMs} ms.\n${output.slice(-2000)}`);
    await sleep(250);
  }
}

let viewer: Browser | undefined;
/** A connection to the kiosk's current browser through the test's own DevTools port. */
async function screen(): Promise<Page> {
  await viewer?.close().catch(() => {});
  viewer = undefined;
  const port = readFileSync(join(profileDir(), 'DevToolsActivePort'), 'utf8').split('\n')[0];
  const b = await chromium.connectOverCDP(`http://127.0.0.1:${port}`, { timeout: 4000 });
  viewer = b;
  const page = b
    .contexts()[0]
    ?.pages()
    .find((p) => p.url().startsWith(url));
  if (!page) throw new Error('no kiosk page');
  return page;
}

async function onWelcome(): Promise<boolean | undefined> {
  const page = await screen();
  return (await page.getByRole('button', { name: START }).isVisible({ timeout: 1000 })) || undefined;
}

async function leaveWelcome(): Promise<void> {
  const page = await screen();
  await page.getByRole('button', { name: START }).click({ timeout: 5000 });
  await expect.poll(() => page.getByRole('button', { name: START }).count(), { timeout: 5000 }).toBe(0);
}

async function restarts(): Promise<number> {
  const text = await (await fetch(new URL('/metrics', url))).text();
  const m = /^kiosk_renderer_restarts_total (\d+)/m.exec(text);
  return Number(m?.[1] ?? NaN);
}

function recoveries(): { result: string; reason: string }[] {
  const file = join(dataDir, 'audit.log');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { action: string; result: string; reason: string })
    .filter((e) => e.action === 'recover');
}

function killRenderers(signal: NodeJS.Signals): number[] {
  const pid = browserPid();
  if (!pid) throw new Error('no browser running');
  const pids = rendererPids(pid);
  expect(pids.length).toBeGreaterThan(0);
  for (const p of pids) process.kill(p, signal);
  return pids;
}

const times: Record<string, number> = {};

describe.skipIf(!existsSync(CHROMIUM_PATH) || !existsSync(join(ROOT, 'dist/cli/kiosk.js')))('browser-kiosk mode heals itself', () => {
  beforeAll(async () => {
    const x = await startXvfb();
    xvfb = x.proc;
    dataDir = mkdtempSync(join(tmpdir(), 'kiosk-watchdog-'));
    kiosk = spawn(process.execPath, [join(ROOT, 'bin/kiosk.js'), 'start', '--browser-only', '--data-dir', dataDir, '--port', '0'], {
      env: {
        ...process.env,
        DISPLAY: x.display,
        WAYLAND_DISPLAY: '',
        KIOSK_BROWSER: CHROMIUM_PATH,
        KIOSK_BROWSER_ARGS: '--remote-debugging-port=0 --disable-gpu',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    kiosk.stdout!.on('data', (b: Buffer) => (output += b.toString()));
    kiosk.stderr!.on('data', (b: Buffer) => (output += b.toString()));
    url = (await waitFor('the kiosk starts', () => /browser-kiosk mode at (http:\S+?),/.exec(output)?.[1], 30_000)).value;
    await waitFor('the welcome screen', onWelcome, 30_000);
  }, 70_000);

  afterAll(async () => {
    await viewer?.close().catch(() => {});
    if (kiosk && kiosk.exitCode === null) {
      const gone = new Promise((r) => kiosk.once('exit', r));
      kiosk.kill('SIGTERM');
      await Promise.race([gone, sleep(10_000)]);
    }
    const left = browserPid();
    xvfb?.kill();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    console.log(`recovery times (ms): ${JSON.stringify(times)}`);
    expect(left, 'the browser is stopped with the kiosk').toBeUndefined();
  }, 20_000);

  it('a killed renderer: back on the welcome screen, counted', async () => {
    await leaveWelcome();
    const before = await restarts();
    killRenderers('SIGKILL');
    times.rendererKilled = (await waitFor('welcome screen after the renderer was killed', onWelcome, RECOVERED_WITHIN_MS)).ms;
    expect(await restarts()).toBe(before + 1);
    expect(recoveries().at(-1)).toMatchObject({ result: 'accepted', reason: expect.stringMatching(/renderer process ended.*reloaded the screen/) });
  }, 40_000);

  it('a killed browser: started again on the welcome screen, counted', async () => {
    await leaveWelcome();
    const before = await restarts();
    const old = browserPid()!;
    process.kill(old, 'SIGKILL');
    times.browserKilled = (
      await waitFor(
        'welcome screen after the browser was killed',
        async () => (browserPid() && browserPid() !== old ? onWelcome() : undefined),
        RECOVERED_WITHIN_MS,
      )
    ).ms;
    expect(await restarts()).toBe(before + 1);
    expect(recoveries().at(-1)?.reason).toMatch(/browser exited.*started the browser again/);
  }, 40_000);

  it('a frozen renderer (SIGSTOP): replaced, back on the welcome screen, counted, none left stopped', async () => {
    await leaveWelcome();
    const before = await restarts();
    await viewer?.close().catch(() => {});
    viewer = undefined;
    const frozen = killRenderers('SIGSTOP');
    times.rendererFrozen = (await waitFor('welcome screen after the renderer froze', onWelcome, RECOVERED_WITHIN_MS)).ms;
    expect(await restarts()).toBe(before + 1);
    expect(recoveries().at(-1)?.reason).toMatch(/stopped answering/);
    for (const pid of frozen)
      expect(existsSync(`/proc/${pid}`) && readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z', `frozen renderer ${pid} is gone`).toBe(false);
  }, 40_000);

  it('a crash loop: the fifth failure in ten minutes shows the calm fallback page with the emergency sentence', async () => {
    // Three failures so far; two more renderer deaths make five.
    killRenderers('SIGKILL');
    await waitFor('welcome screen after the fourth failure', onWelcome, RECOVERED_WITHIN_MS);
    expect(await restarts()).toBe(4);
    killRenderers('SIGKILL');
    const fallback = await waitFor(
      'the fallback page',
      async () => {
        const page = await screen().catch(async () => {
          // The fallback page is not the kiosk UI's address: find it by its own.
          const port = readFileSync(join(profileDir(), 'DevToolsActivePort'), 'utf8').split('\n')[0];
          viewer = await chromium.connectOverCDP(`http://127.0.0.1:${port}`, { timeout: 4000 });
          return viewer.contexts()[0]!.pages()[0]!;
        });
        return (await page.getByRole('heading', { name: 'This kiosk is resting' }).isVisible()) ? page : undefined;
      },
      RECOVERED_WITHIN_MS,
    );
    times.fallbackShown = fallback.ms;
    expect(await fallback.value.getByText(/In an emergency, go straight to the Emergency Department/).isVisible()).toBe(true);
    expect(await fallback.value.getByRole('heading', { name: '本机正在恢复' }).isVisible()).toBe(true);
    expect(await restarts()).toBe(5);
    expect(recoveries().at(-1)).toMatchObject({ result: 'failed', reason: expect.stringMatching(/5th failure in 10 minutes; showing the fallback page/) });
  }, 60_000);
});
