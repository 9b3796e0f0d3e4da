/**
 * What the idle welcome screen costs: the CPU time of all of Chromium's processes (browser, GPU
 * or software compositor, renderer) over a quiet stretch, read from /proc, as a share of one core,
 * for the kiosk's welcome screen and for a blank page served the same way. Linux only (/proc).
 * Run alone: `npx tsx bench/idle.ts [--seconds=20]`, or as the bench's `idle` section.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { descendantPids } from '../src/cli/launch/watchdog.js';
import { launchChromium } from './browser.js';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ: 100 on Linux). */
const TICKS = 100;

function cpuTicks(pids: number[]): number {
  let sum = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      sum += Number(f[11]) + Number(f[12]); // utime, stime
    } catch {
      /* gone */
    }
  }
  return sum;
}

function isChromium(pid: number): boolean {
  try {
    return /chrom/i.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '');
  } catch {
    return false;
  }
}

function startServer(cmd: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, cmd, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((res, rej) => {
    let out = '';
    const on = (b: Buffer) => {
      out += b.toString();
      const m = /serving at (http:\/\/\S+)/.exec(out);
      if (m) res({ url: m[1]!, child });
    };
    child.stdout!.on('data', on);
    child.stderr!.on('data', on);
    child.on('exit', (code) => rej(new Error(`server exited with ${code}: ${out}`)));
  });
}

/** Percent of one core Chromium spends showing each page for `seconds`, after it has settled. */
export async function measureIdleCost(root: string, dataDir: string, seconds: number): Promise<{ welcomePct: number; blankPct: number }> {
  const out: Record<'welcome' | 'blank', number> = { welcome: NaN, blank: NaN };
  for (const which of ['welcome', 'blank'] as const) {
    const cmd =
      which === 'welcome' ? [join(root, 'bin', 'kiosk.js'), 'serve', '--port', '0', '--data-dir', dataDir] : [join(root, 'bench', 'blank-server.mjs')];
    const { url, child } = await startServer(cmd);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
      await page.goto(url);
      if (which === 'welcome')
        await page
          .getByRole('button', { name: /Touch to start|请触摸屏幕开始/ })
          .first()
          .waitFor({ state: 'visible' });
      else await page.getByText('blank').waitFor({ state: 'visible' });
      await new Promise((r) => setTimeout(r, 12_000)); // start-up work done, and the halo's few pulses over
      // Chromium's processes: those under this one that are not the server.
      const pids = () => descendantPids(process.pid).filter((p) => p !== child.pid && isChromium(p));
      if (!pids().length) throw new Error('no Chromium process to measure');
      const t0 = performance.now();
      const before = cpuTicks(pids());
      await new Promise((r) => setTimeout(r, seconds * 1000));
      const after = cpuTicks(pids());
      out[which] = ((after - before) / TICKS / ((performance.now() - t0) / 1000)) * 100;
    } finally {
      await browser.close();
      child.kill('SIGTERM');
    }
  }
  return { welcomePct: out.welcome, blankPct: out.blank };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const seconds = Number(process.argv.find((a) => a.startsWith('--seconds='))?.slice(10) ?? 20);
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-idle-'));
  const r = await measureIdleCost(resolve(import.meta.dirname, '..'), dir, seconds);
  console.log(`  idle_welcome_cpu_pct = ${r.welcomePct.toFixed(1)}   (target <= 3)\n  idle_blank_cpu_pct = ${r.blankPct.toFixed(1)}`);
  rmSync(dir, { recursive: true, force: true });
}
