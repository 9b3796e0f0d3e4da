/**
 * The Chromium side of the benchmarks: start-up to first paint against a blank-page baseline,
 * and a long soak of scripted touches watching the JS heap and the DOM for growth.
 */
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/chromium.js';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Start a server process and resolve with its URL once it prints "serving at URL". */
export function startServer(cmd: string[]): Promise<{ url: string; child: ChildProcess }> {
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

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The kiosk's first screen, ready for a visitor: its start button is visible. */
async function kioskPainted(page: Page): Promise<void> {
  await page
    .getByRole('button', { name: /Touch to start|请触摸屏幕开始/ })
    .first()
    .waitFor({ state: 'visible' });
}

/**
 * Installed in every page before its own scripts: records when the browser first painted the
 * element marked `elementtiming` (the welcome screen's start button, the blank page's text), as
 * wall-clock milliseconds (the Element Timing API's render time on the page's time origin).
 */
const PAINT_OBSERVER = `new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (window.__firstPaint === undefined && e.renderTime) window.__firstPaint = performance.timeOrigin + e.renderTime;
}).observe({ type: 'element', buffered: true });`;

/** The wall-clock time the marked element was painted, once it has been (the observer above). */
async function paintedAt(page: Page): Promise<number> {
  const at = await page.waitForFunction(() => (window as { __firstPaint?: number }).__firstPaint);
  return (await at.jsonValue()) as number;
}

/**
 * From starting the server process to the first screen painted in an already running Chromium,
 * for `kiosk serve` and for a blank page served the same way; medians of `runs` alternating runs.
 * The end is the browser's own record of painting the start button (or the blank page's text),
 * so the figure does not include the test driver's polling for the button, which under a slowed
 * CPU took a few hundred milliseconds itself; the button must then also be found by its role.
 * With `cpuSlowdown`, Chromium runs each page's CPU that many times slower (as on a cheap PC).
 */
export async function measureFirstPaint(
  root: string,
  dataDir: string,
  runs: number,
  withBaseline = true,
  cpuSlowdown = 1,
): Promise<{ kioskMs: number; blankMs: number }> {
  const browser = await launchChromium();
  const kiosk: number[] = [];
  const blank: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      for (const which of withBaseline ? (['kiosk', 'blank'] as const) : (['kiosk'] as const)) {
        const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
        await page.addInitScript(PAINT_OBSERVER);
        if (cpuSlowdown > 1) {
          // A low-end kiosk PC: the page's CPU slowed down in Chromium itself, for both pages alike.
          const cdp = await page.context().newCDPSession(page);
          await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
        }
        const t = performance.timeOrigin + performance.now();
        const cmd =
          which === 'kiosk' ? [join(root, 'bin', 'kiosk.js'), 'serve', '--port', '0', '--data-dir', dataDir] : [join(root, 'bench', 'blank-server.mjs')];
        const { url, child } = await startServer(cmd);
        await page.goto(url);
        const painted = await paintedAt(page);
        if (which === 'kiosk') await kioskPainted(page);
        else await page.getByText('blank').waitFor({ state: 'visible' });
        (which === 'kiosk' ? kiosk : blank).push(painted - t);
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
  /** Actions done, the warm-up's included. */
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
 * the script, after a short warm-up (WARMUP_CYCLES). The JS heap (after a forced GC) and the DOM
 * node count are sampled every tenth of the measured cycles; the last two samples are compared
 * with the first two, so the figures stay the last tenth of the measured run against its first.
 *
 * Every touch is a real one: a touchstart and a touchend at the middle of the button, sent into
 * Chromium's input pipeline (Input.dispatchTouchEvent), which turns them into a tap and a click as
 * it would for a finger. The button is found in the page once per screen, in the same round trip
 * that checks that the step before landed, and it must be what a touch at that point hits. After
 * every step the screen it leads to must appear (its heading, the language, the search hit), so
 * a touch that missed fails the soak instead of passing unnoticed. (The test driver's own tap
 * took about 0.2 s a step, most of it waiting for the button to stop moving while it faded in.)
 */
export async function runSoak(root: string, dataDir: string, actions: number): Promise<SoakResult> {
  const { url, child } = await startServer([join(root, 'bin', 'kiosk.js'), 'serve', '--port', '0', '--data-dir', dataDir]);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({
      viewport: { width: 1080, height: 1920 },
      hasTouch: true,
      reducedMotion: SOAK_REDUCED_MOTION ? 'reduce' : 'no-preference',
    });
    const page = await context.newPage();
    await page.clock.install();
    await page.goto(url);
    const cdp = await context.newCDPSession(page);
    // Samples are taken at the same point of the script every time (the end of a cycle, back on
    // the welcome screen after the idle reset, left a moment to settle), so they compare like
    // with like, not a department page with the welcome screen.
    const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const sample = async () => {
      await settle();
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
      const dom = (await cdp.send('Memory.getDOMCounters')) as { nodes: number };
      return { heap: heap.usedSize, nodes: dom.nodes };
    };
    const jsObjects = async () => {
      await settle();
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
    const script = SOAK_SCRIPT;
    const cycles = Math.max(10, Math.ceil(actions / script.length));
    const tenth = Math.floor(cycles / 10);
    const samples: { heap: number; nodes: number }[] = [];
    let done = 0;
    let objectsFirst = 0;
    const soak = new SoakDriver(page, cdp);
    await soak.install();
    await soak.arrive('load the kiosk', WELCOME, script[0]!);
    for (let cycle = 1 - WARMUP_CYCLES; cycle <= cycles; cycle++) {
      for (let i = 0; i < script.length; i++) {
        await soak.step(script[i]!, script[(i + 1) % script.length]!);
        done++;
      }
      if (cycle > 0 && cycle % tenth === 0) {
        samples.push(await sample());
        if (samples.length === 1) objectsFirst = await jsObjects();
      }
    }
    const objectsLast = await jsObjects();
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

/**
 * The soak's browser asks for reduced motion, which the kiosk honours (src/ui: no fade-in of each
 * screen, near-instant transitions, a calmer welcome screen). Each step then draws one frame
 * rather than a dozen of the 0.22 s fade: in software rendering at 1080x1920 that is about a
 * fifth of the soak's time. The soak also passes without it: a tap during the fade is aimed at
 * the button as drawn at that moment, and the next screen must still appear.
 */
const SOAK_REDUCED_MOTION = true;
/**
 * Cycles done before the measured run, not sampled. In the first dozen or so cycles the JS heap
 * climbs by about a tenth while V8 compiles the kiosk's code on first use and then optimises
 * what runs often (the heap-snapshot measure of the page's own objects does not move); a first
 * sample taken then made that one-off compilation look like growth. V8 goes on optimising
 * functions that run only a few times a cycle for thousands of cycles, so the JS heap still
 * creeps up slowly after the warm-up; with V8's optimising compilers switched off it is flat.
 */
const WARMUP_CYCLES = 12;
/**
 * How long the page is left before a sample. Right after the idle reset the screen just left was
 * now and then still held (some 250 DOM nodes, gone a moment later), and a sample taken at once
 * counted it as growth.
 */
const SETTLE_MS = 200;

/** The kiosk's default idle time (90 s) and the warning's countdown (30 s), and a little more. */
const IDLE_RESET_MS = (90 + 30 + 5) * 1000;
/** The pause in typing after which the search screen sends the search (SEARCH_DEBOUNCE_MS). */
const SEARCH_PAUSE_MS = 120;
/** How long a step may take to land before the soak fails. */
const STEP_TIMEOUT_MS = 15_000;

/**
 * What the kiosk shows once a step has landed, all of it checked in the page: the main heading,
 * <html lang>, a button that must be there and hit by a touch at its middle (the start button,
 * a search hit), and the text in the search field. The idle warning must not be open.
 */
interface Screen {
  heading?: RegExp;
  lang: 'en' | 'zh-Hans';
  button?: RegExp;
  query?: string;
}

/** One action of the script and the screen it must lead to. */
type Step = { what: string; then: Screen } & ({ tap: RegExp } | { type: string } | { idle: true });

const HOME_ZH = /^您好，请问您要找哪个科室？$/;
const HOME_EN = /^Hello\. Which department are you looking for\?$/;
const START = /Touch to start|请触摸屏幕开始/;
/** The welcome screen, with every choice undone (the default language is Chinese). */
const WELCOME: Screen = { lang: 'zh-Hans', button: START };

/** One cycle of what visitors do; each step is one action. */
const SOAK_SCRIPT: Step[] = [
  { what: 'touch to start', tap: START, then: { heading: HOME_ZH, lang: 'zh-Hans' } },
  { what: 'choose English', tap: /^English$/, then: { heading: HOME_EN, lang: 'en' } },
  { what: 'open Vascular Surgery', tap: /^Vascular Surgery$/, then: { heading: /^Vascular Surgery\b/, lang: 'en' } },
  { what: 'go home', tap: /^Home$/, then: { heading: HOME_EN, lang: 'en' } },
  {
    what: 'open the search',
    tap: /^Search departments, examinations or symptoms\b/, // the entry is named by all its text, its hint included
    then: { heading: /^Search departments, examinations or symptoms$/, lang: 'en', query: '' },
  },
  // Pinyin initials, then a word: each search must come back with its department among the hits.
  { what: 'search for xgwk', type: 'xgwk', then: { heading: /^Search departments/, lang: 'en', query: 'xgwk', button: /^Vascular Surgery/ } },
  {
    what: 'search for ultrasound',
    type: 'ultrasound',
    then: { heading: /^Search departments/, lang: 'en', query: 'ultrasound', button: /^General Ultrasound/ },
  },
  { what: 'open the General Ultrasound hit', tap: /^General Ultrasound/, then: { heading: /^General Ultrasound\b/, lang: 'en' } },
  { what: 'switch to Chinese', tap: /^中文$/, then: { heading: /^综合超声科/, lang: 'zh-Hans' } },
  { what: 'go home (Chinese)', tap: /^首页$/, then: { heading: HOME_ZH, lang: 'zh-Hans' } },
  // Idle: the clock runs past the idle time and the countdown, back to the welcome screen.
  { what: 'idle reset', idle: true, then: WELCOME },
];

interface Point {
  x: number;
  y: number;
}

/**
 * Runs the steps, carrying the next tap's point from one step's check to the next step. It talks
 * to the page over the DevTools protocol directly (Runtime.evaluate into the page's own world,
 * Input.* for touches and typing): the test driver's evaluation and selector engines would
 * otherwise run, and be compiled and optimised, in the same JS heap that the soak measures.
 */
class SoakDriver {
  #at: Point | undefined;
  constructor(
    private readonly page: Page,
    private readonly cdp: CDPSession,
  ) {}

  async install(): Promise<void> {
    await this.#evaluate(PAGE_HELPER);
  }

  /** Does one step, then waits for its screen and finds the next step's button on it. */
  async step(step: Step, next: Step): Promise<void> {
    if ('tap' in step) {
      if (!this.#at) throw new Error(`soak: no point to tap for "${step.what}"`);
      await this.page.touchscreen.tap(this.#at.x, this.#at.y);
    } else if ('type' in step) {
      // Typed as a keyboard or an input method would: into the field, over what was there.
      await this.#evaluate('__kioskSoak.focusSearch()');
      await this.cdp.send('Input.insertText', { text: step.type });
      // The visitor stops typing: the search goes out after the pause, on the page's own clock.
      await this.page.clock.runFor(SEARCH_PAUSE_MS);
    } else {
      await this.page.clock.runFor(IDLE_RESET_MS);
    }
    await this.arrive(step.what, step.then, next);
  }

  /** Waits until `screen` shows, with the button `next` taps ready to be touched. */
  async arrive(what: string, screen: Screen, next: Step): Promise<void> {
    const spec = { ...pageSpec(screen), target: 'tap' in next ? regexSpec(next.tap) : undefined };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), STEP_TIMEOUT_MS)));
    try {
      const waiting = this.#evaluate(`__kioskSoak.wait(${JSON.stringify(spec)})`) as Promise<Point | null>;
      waiting.catch(() => {}); // after a timeout it fails when the browser closes; the timeout is the error
      const got = await Promise.race([waiting, timeout]);
      if (got === 'timeout') {
        const now = (await this.#evaluate('__kioskSoak.describe()')) as string;
        throw new Error(`soak: "${what}" did not land within ${STEP_TIMEOUT_MS / 1000} s (expected ${JSON.stringify(spec)}; the page shows ${now})`);
      }
      this.#at = got ?? undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  async #evaluate(expression: string): Promise<unknown> {
    const r = (await this.cdp.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })) as {
      result: { value?: unknown };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (r.exceptionDetails) throw new Error(`soak: the page threw: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value;
  }
}

const regexSpec = (r: RegExp) => ({ source: r.source, flags: r.flags });
const pageSpec = (s: Screen) => ({ heading: s.heading && regexSpec(s.heading), lang: s.lang, button: s.button && regexSpec(s.button), query: s.query });

/**
 * Installed in the page once: `wait(spec)` resolves when the screen matches (checked on every DOM
 * change and every 50 ms for changes of layout alone) with the middle of the target button, and
 * `describe()` says what the page shows, for a failed step. A button's name is what a screen
 * reader reads: its aria-labelledby or aria-label, else its text less what is aria-hidden. Plain
 * JavaScript in a string, as the page gets it (no helpers from the TypeScript compiler).
 */
const PAGE_HELPER = String.raw`(() => {
  const norm = (s) => s.replace(/\s+/g, ' ').trim();
  const textOf = (el) => {
    let out = '';
    for (const n of el.childNodes) {
      if (n.nodeType === Node.TEXT_NODE) out += n.data;
      else if (n.nodeType === Node.ELEMENT_NODE && n.getAttribute('aria-hidden') !== 'true') out += textOf(n);
    }
    return out;
  };
  const nameOf = (el) => {
    const ids = el.getAttribute('aria-labelledby');
    if (ids) return norm(ids.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' '));
    return norm(el.getAttribute('aria-label') ?? textOf(el));
  };
  const regex = (r) => new RegExp(r.source, r.flags);
  /** The middle of a button if a touch there would hit it, else null. */
  const middle = (el) => {
    const box = el.getBoundingClientRect();
    const x = box.left + box.width / 2;
    const y = box.top + box.height / 2;
    if (!box.width || !box.height || x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return null;
    const hit = document.elementFromPoint(x, y);
    return hit && el.contains(hit) ? { x, y } : null;
  };
  /**
   * The middle of the first button so named that a touch there would hit, or null. A button
   * below the fold (or under the control bar) is scrolled to the middle of the screen first, as
   * the test driver's own tap does.
   */
  const touchable = (r) => {
    const re = regex(r);
    for (const el of document.querySelectorAll('button')) {
      if (!re.test(nameOf(el))) continue;
      let at = middle(el);
      if (!at && el.getClientRects().length) {
        el.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' });
        at = middle(el);
      }
      if (at) return at;
    }
    return null;
  };
  const heading = () => norm(document.querySelector('main h1')?.textContent ?? '');
  const landed = (spec) => {
    if (document.documentElement.lang !== spec.lang) return false;
    if (document.querySelector('dialog[open]')) return false;
    if (spec.heading && !regex(spec.heading).test(heading())) return false;
    if (spec.query !== undefined && document.querySelector('#visitor-search')?.value !== spec.query) return false;
    return !spec.button || !!touchable(spec.button);
  };
  window.__kioskSoak = {
    wait: (spec) =>
      new Promise((resolve) => {
        let observer;
        let poll;
        const check = () => {
          if (!landed(spec)) return false;
          const at = spec.target ? touchable(spec.target) : null;
          if (spec.target && !at) return false;
          observer?.disconnect();
          clearTimeout(poll);
          resolve(at);
          return true;
        };
        if (check()) return;
        observer = new MutationObserver(check);
        observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
        const again = () => {
          if (!check()) poll = setTimeout(again, 50);
        };
        poll = setTimeout(again, 50);
      }),
    focusSearch: () => {
      const field = document.querySelector('#visitor-search');
      field.focus();
      field.select();
    },
    describe: () =>
      JSON.stringify({
        lang: document.documentElement.lang,
        heading: heading(),
        dialog: !!document.querySelector('dialog[open]'),
        query: document.querySelector('#visitor-search')?.value,
        buttons: [...document.querySelectorAll('button')].map(nameOf).slice(0, 40),
      }),
  };
})()`;
