/**
 * The Chromium side of the benchmarks: start-up to first paint against a blank-page baseline,
 * and a long soak of scripted touches watching the JS heap and the DOM for growth.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/chromium.js';


export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Start a server process and resolve with its URL once it prints "serving at URL". */
function startServer(cmd: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, cmd, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const on = (b: Buffer) => {
      out += b.toString();
      const m = /serving at (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1]!, child });
    };
    child.stdout!.on('data', on);
    child.stderr!.on('data', on);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The kiosk's first screen, ready for a visitor: its start button is visible. */
async function kioskPainted(page: Page): Promise<void> {
  await page.getByRole('button', { name: /Touch to start|请触摸屏幕开始/ }).first().waitFor({ state: 'visible' });
}

/**
 * From starting the server process to the first screen painted in an already running Chromium,
 * for `kiosk serve` and for a blank page served the same way; medians of `runs` alternating runs.
 */
export async function measureFirstPaint(root: string, dataDir: string, runs: number, withBaseline = true): Promise<{ kioskMs: number; blankMs: number }> {
  const browser = await launchChromium();
  const kiosk: number[] = [];
  const blank: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      for (const which of withBaseline ? (['kiosk', 'blank'] as const) : (['kiosk'] as const)) {
        const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
        const t = performance.now();
        const cmd = which === 'kiosk' ? [join(root, 'bin', 'kiosk.js'), 'serve', '--port', '0', '--data-dir', dataDir] : [join(root, 'bench', 'blank-server.mjs')];
        const { url, child } = await startServer(cmd);
        await page.goto(url);
        if (which === 'kiosk') await kioskPainted(page);
        else await page.getByText('blank').waitFor({ state: 'visible' });
        // One more frame so the paint has happened, not only the layout.
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
        (which === 'kiosk' ? kiosk : blank).push(performance.now() - t);
        await page.close();
        await stop(child);
      }
    }
  } finally {
    await browser.close();
  }
  return { kioskMs: median(kiosk), blankMs: blank.length ? median(blank) : NaN };
}

export interface SoakResult {
  actions: number;
  /**
   * The growth of the JavaScript objects the page's own scripts hold, from heap snapshots at the
   * first and last sample: the JS heap less compiled code (V8 keeps optimising hot functions for a
   * long time) and the browser's native objects (among them DevTools' record of every response,
   * kept because the test driver listens to the network, and the performance timeline's entries;
   * DOM nodes are counted on their own).
   */
  jsObjectsGrowthPct: number;
  /** JS heap after GC (MB) and DOM nodes at each sample, for seeing a trend rather than two ends. */
  samples: { heapMb: number; nodes: number }[];
  heapGrowthPct: number;
  domGrowthPct: number;
}

/**
 * At least `actions` scripted touches, searches, page changes and idle resets, in whole cycles of
 * the script. The JS heap (after a forced GC) and the DOM node count are sampled every tenth of
 * the cycles; the last two samples are compared with the first two.
 */
export async function runSoak(root: string, dataDir: string, actions: number): Promise<SoakResult> {
  const { url, child } = await startServer([join(root, 'bin', 'kiosk.js'), 'serve', '--port', '0', '--data-dir', dataDir]);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true });
    const page = await context.newPage();
    await page.clock.install();
    await page.goto(url);
    const cdp = await context.newCDPSession(page);
    const sample = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
      const dom = (await cdp.send('Memory.getDOMCounters')) as { nodes: number };
      return { heap: heap.usedSize, nodes: dom.nodes };
    };
    // Samples are taken at the same point of the script every time (the end of a cycle, back on
    // the welcome screen after the idle reset), so they compare like with like, not a department
    // page with the welcome screen.
    const jsObjects = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const chunks: string[] = [];
      const onChunk = (e: { chunk: string }) => chunks.push(e.chunk);
      cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
      await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
      cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
      const snap = JSON.parse(chunks.join('')) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[] };
      const fields = snap.snapshot.meta.node_fields;
      const types = snap.snapshot.meta.node_types[0];
      const [width, type, size] = [fields.length, fields.indexOf('type'), fields.indexOf('self_size')];
      let bytes = 0;
      for (let i = 0; i < snap.nodes.length; i += width) {
        const t = types[snap.nodes[i + type]!];
        if (t !== 'code' && t !== 'native' && t !== 'synthetic') bytes += snap.nodes[i + size]!;
      }
      return bytes;
    };
    const script = soakScript(page);
    const cycles = Math.max(10, Math.ceil(actions / script.length));
    const tenth = Math.floor(cycles / 10);
    const samples: { heap: number; nodes: number }[] = [];
    let done = 0;
    let objectsFirst = 0;
    let objectsLast = 0;
    for (let cycle = 1; cycle <= cycles; cycle++) {
      for (const step of script) {
        await step();
        done++;
      }
      if (cycle % tenth === 0) {
        samples.push(await sample());
        if (samples.length === 1) objectsFirst = await jsObjects();
      }
    }
    objectsLast = await jsObjects();
    const first = samples.slice(0, 2);
    const last = samples.slice(-2);
    const avg = (xs: { heap: number; nodes: number }[], k: 'heap' | 'nodes') => xs.reduce((n, x) => n + x[k], 0) / xs.length;
    return {
      actions: done,
      samples: samples.map((x) => ({ heapMb: Number((x.heap / 1e6).toFixed(2)), nodes: x.nodes })),
      heapGrowthPct: ((avg(last, 'heap') - avg(first, 'heap')) / avg(first, 'heap')) * 100,
      jsObjectsGrowthPct: ((objectsLast - objectsFirst) / objectsFirst) * 100,
      domGrowthPct: ((avg(last, 'nodes') - avg(first, 'nodes')) / avg(first, 'nodes')) * 100,
    };
  } finally {
    await browser.close();
    await stop(child);
  }
}

/** The kiosk's default idle time (90 s) and the warning's countdown (30 s), and a little more. */
const IDLE_RESET_MS = (90 + 30 + 5) * 1000;

/** One cycle of what visitors do; each step is one action. */
function soakScript(page: Page): (() => Promise<unknown>)[] {
  const tap = (name: RegExp) => () => page.getByRole('button', { name }).first().tap();
  const searchBox = () => page.getByRole('searchbox').or(page.getByRole('textbox')).first();
  return [
    tap(/Touch to start|请触摸屏幕开始/),
    tap(/^English$/),
    tap(/^Vascular Surgery$/),
    tap(/^Home$/),
    tap(/^Search departments, examinations or symptoms$/),
    () => searchBox().fill('xgwk'),
    () => searchBox().fill('ultrasound'),
    tap(/^General Ultrasound/), // the department's hit: its name, then its Chinese name
    tap(/^中文$/),
    tap(/^首页$/),
    // Idle: the clock runs past the idle time and the countdown, back to the welcome screen.
    async () => {
      await page.clock.runFor(IDLE_RESET_MS);
      await page.getByRole('button', { name: /Touch to start|请触摸屏幕开始/ }).first().waitFor();
    },
  ];
}
