/**
 * The display modes as a matrix: every visitor screen (welcome, home, search with the keyboard
 * open and results, an emergency search, no results, the handwriting pad, a department, a place,
 * the symptom guide and one of its areas, directions, visitor information, the directory) under
 * each set of modes (none, large text, high contrast, low reach, all three), in Chinese, and none
 * and all three in English; the two projects give both orientations. On each screen, measured in
 * the page:
 *
 * - every visible control (button, link, field) is at least 48 CSS px each way;
 * - a control that does not scroll (the control bar, the masthead, a sticky keyboard) lies wholly
 *   inside the viewport and inside every box that clips it, and nothing covers its centre;
 * - a control in scrolling content is not cut off sideways, lies inside what its scroll box can
 *   scroll to, fits between the sticky parts that cover that box (so scrolling can bring it
 *   wholly into view), and nothing but those sticky parts covers it where it is now;
 * - no two controls of the same layer overlap;
 * - the start button, the search field and the first result (its heading and first control) are
 *   in view and uncovered as the screen stands, without the visitor scrolling;
 * - axe finds nothing serious or critical: for no modes in Chinese and all three in English in
 *   portrait; with KIOSK_E2E_FULL=1 (npm run test:e2e:full) for no modes and all three in both
 *   languages and both orientations.
 *
 * Landscape takes no modes and all three by default, and one mode at a time too in the full set.
 *
 * KIOSK_SHOTS=1 also saves each screen with all three modes into test-results/shots-matrix/ (or
 * KIOSK_SHOTS_DIR).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expectNoSeriousViolations, settle } from './a11y-helpers.js';
import { expect, test } from './fixtures.js';
import { START, openDepartment, start } from './ui-helpers.js';
import { keyboard, openSearch } from './visitor-helpers.js';

type Mode = 'large' | 'contrast' | 'reach';
const TOGGLE: Record<Mode, RegExp> = {
  large: /^(大字|Large text)$/,
  contrast: /^(高对比度|High contrast)$/,
  reach: /^(低位操作|Low reach)$/,
};
const FULL = !!process.env.KIOSK_E2E_FULL;
/** The sets axe runs on by default (the full set: every set marked axe); axe's findings do not change with the screen's shape. */
const AXE_BY_DEFAULT = new Set(['none-zh', 'all-en']);
const SETS: { name: string; modes: Mode[]; langs: ('zh' | 'en')[]; axe: boolean }[] = [
  { name: 'none', modes: [], langs: ['zh', 'en'], axe: true },
  { name: 'large', modes: ['large'], langs: ['zh'], axe: false },
  { name: 'contrast', modes: ['contrast'], langs: ['zh'], axe: false },
  { name: 'reach', modes: ['reach'], langs: ['zh'], axe: false },
  { name: 'all', modes: ['large', 'contrast', 'reach'], langs: ['zh', 'en'], axe: true },
];

const SHOTS = process.env.KIOSK_SHOTS ? (process.env.KIOSK_SHOTS_DIR ?? 'test-results/shots-matrix') : undefined;

/** What is wrong with the layout of the screen as it stands, one line per fault. */
async function layoutFaults(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const E = 0.5; // sub-pixel rounding
    const faults: string[] = [];
    const CONTROL = 'button, a[href], input:not([type="hidden"]), select, textarea, [role="button"], [role="tab"], [role="link"]';
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? (el as HTMLInputElement).placeholder ?? '').replace(/\s+/g, ' ').trim().slice(0, 40)}"`;
    const scrolls = (cs: CSSStyleDeclaration, axis: 'x' | 'y') => /auto|scroll/.test(axis === 'x' ? cs.overflowX : cs.overflowY);
    const clips = (cs: CSSStyleDeclaration, axis: 'x' | 'y') => (axis === 'x' ? cs.overflowX : cs.overflowY) !== 'visible';

    interface Item {
      el: HTMLElement;
      r: DOMRect;
      /** The nearest box it scrolls in, unless a sticky or fixed box holds it in place first. */
      scroller: HTMLElement | null;
      layer: Element | null;
    }
    const items: Item[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(CONTROL)) {
      const r = el.getBoundingClientRect();
      if (r.width < 2 || r.height < 2) continue; // not rendered, or visually hidden for screen readers
      if (el.closest('[aria-hidden="true"], [inert]')) continue;
      const cs = getComputedStyle(el);
      if (cs.visibility === 'hidden' || cs.pointerEvents === 'none') continue;
      let scroller: HTMLElement | null = null;
      let pinned: Element | null = null;
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const acs = getComputedStyle(a);
        if (!pinned && (acs.position === 'sticky' || acs.position === 'fixed')) pinned = a;
        if (scrolls(acs, 'y') && a.scrollHeight > a.clientHeight + 1) {
          scroller = a;
          break;
        }
      }
      if (cs.position === 'sticky' || cs.position === 'fixed') pinned = el;
      items.push({ el, r, scroller: pinned ? null : scroller, layer: pinned ? null : scroller });
    }

    /** Sticky boxes inside a scroll box, where they stand once stuck. */
    const stuck = new Map<HTMLElement, { top: number; bottom: number; left: number; right: number; edge: 'top' | 'bottom' }[]>();
    const stickyIn = (scroller: HTMLElement) => {
      let list = stuck.get(scroller);
      if (list) return list;
      list = [];
      const box = scroller.getBoundingClientRect();
      for (const s of scroller.querySelectorAll<HTMLElement>('*')) {
        const cs = getComputedStyle(s);
        if (cs.position !== 'sticky') continue;
        const r = s.getBoundingClientRect();
        if (r.height < 1) continue;
        if (cs.bottom !== 'auto')
          list.push({ top: box.bottom - parseFloat(cs.bottom) - r.height, bottom: box.bottom, left: r.left, right: r.right, edge: 'bottom' });
        else if (cs.top !== 'auto') list.push({ top: box.top, bottom: box.top + parseFloat(cs.top) + r.height, left: r.left, right: r.right, edge: 'top' });
      }
      stuck.set(scroller, list);
      return list;
    };

    const hitIsSelf = (el: HTMLElement, x: number, y: number) => {
      const hit = document.elementFromPoint(x, y);
      return { ok: !!hit && (hit === el || el.contains(hit) || (el instanceof HTMLInputElement && hit === el.labels?.[0])), hit };
    };

    for (const { el, r, scroller } of items) {
      const name = describe(el);
      const isTarget = el.matches('button, a[href], input, [role="button"], [role="tab"]');
      if (isTarget && (r.width < 48 - E || r.height < 48 - E)) faults.push(`${name} is ${Math.round(r.width)}x${Math.round(r.height)} px, under 48`);
      const cx = r.left + r.width / 2;
      const cy = r.top + r.height / 2;
      if (!scroller) {
        // Held in place: wholly in the viewport and in every box that clips it, and uncovered.
        if (r.left < -E || r.top < -E || r.right > vw + E || r.bottom > vh + E) {
          faults.push(`${name} (fixed) is outside the viewport: ${Math.round(r.left)},${Math.round(r.top)} to ${Math.round(r.right)},${Math.round(r.bottom)}`);
          continue;
        }
        let clipped = false;
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
          const acs = getComputedStyle(a);
          const b = a.getBoundingClientRect();
          if ((clips(acs, 'x') && (r.left < b.left - E || r.right > b.right + E)) || (clips(acs, 'y') && (r.top < b.top - E || r.bottom > b.bottom + E))) {
            faults.push(`${name} (fixed) is clipped by ${a.tagName.toLowerCase()}.${a.className.toString().split(' ')[0]}`);
            clipped = true;
            break;
          }
        }
        if (clipped) continue;
        const { ok, hit } = hitIsSelf(el, cx, cy);
        if (!ok) faults.push(`${name} (fixed) is covered by ${hit ? describe(hit) + '.' + hit.className.toString().split(' ')[0] : 'nothing (off screen)'}`);
        continue;
      }
      // In scrolling content: never cut off sideways, inside what its box scrolls to.
      if (r.left < -E || r.right > vw + E) faults.push(`${name} runs off the side of the screen`);
      let outside = false;
      for (let a = el.parentElement; a && a !== scroller; a = a.parentElement) {
        const acs = getComputedStyle(a);
        const b = a.getBoundingClientRect();
        const xScroll = scrolls(acs, 'x') && a.scrollWidth > a.clientWidth + 1;
        if (clips(acs, 'x') && !xScroll && (r.left < b.left - E || r.right > b.right + E)) {
          faults.push(`${name} is cut off sideways by ${a.tagName.toLowerCase()}.${a.className.toString().split(' ')[0]}`);
          outside = true;
          break;
        }
        if (clips(acs, 'y') && !scrolls(acs, 'y') && (r.top < b.top - E || r.bottom > b.bottom + E)) {
          faults.push(`${name} is cut off by ${a.tagName.toLowerCase()}.${a.className.toString().split(' ')[0]}`);
          outside = true;
          break;
        }
      }
      if (outside) continue;
      const box = scroller.getBoundingClientRect();
      const contentTop = box.top - scroller.scrollTop;
      if (r.top < contentTop - E || r.bottom > contentTop + scroller.scrollHeight + E) faults.push(`${name} lies outside what its scroll box can reach`);
      if (r.left < box.left - E || r.right > box.right + E) faults.push(`${name} is cut off sideways by its scroll box`);
      // The band the sticky parts leave free in this column must hold the control.
      const cover = stickyIn(scroller).filter((s) => s.right > r.left + E && s.left < r.right - E);
      const top = Math.max(box.top, Math.max(0, ...cover.filter((s) => s.edge === 'top').map((s) => s.bottom)));
      const bottom = Math.min(box.bottom, vh, ...cover.filter((s) => s.edge === 'bottom').map((s) => s.top));
      if (r.height > bottom - top + E)
        faults.push(
          `${name} (${Math.round(r.height)} px) cannot be scrolled wholly into view: ${Math.round(Math.max(0, bottom - top))} px are left between the sticky parts`,
        );
      // Where it is now, only a sticky part may lie over it.
      if (cy > box.top + 2 && cy < box.bottom - 2 && cy > 2 && cy < vh - 2) {
        const { ok, hit } = hitIsSelf(el, cx, cy);
        if (!ok && hit) {
          let h: Element | null = hit;
          let pinned = false;
          for (; h && h !== scroller; h = h.parentElement) {
            const p = getComputedStyle(h).position;
            if (p === 'sticky' || p === 'fixed') pinned = true;
          }
          if (!pinned || !scroller.contains(hit)) faults.push(`${name} is covered by ${describe(hit)}.${hit.className.toString().split(' ')[0]}`);
        }
      }
    }

    // No two controls of one layer overlap (one inside the other is one control).
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length; j++) {
        const a = items[i]!;
        const b = items[j]!;
        if (a.layer !== b.layer || a.el.contains(b.el) || b.el.contains(a.el)) continue;
        const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
        const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
        if (w > 1 && h > 1) faults.push(`${describe(a.el)} and ${describe(b.el)} overlap by ${Math.round(w)}x${Math.round(h)} px`);
      }
    }
    return faults;
  });
}

/** In view as the screen stands: wholly inside the viewport and its scroll box, with nothing over its centre. */
async function expectInView(locator: Locator, what: string): Promise<void> {
  await expect.soft(locator, what).toBeVisible();
  const fault = await locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    if (r.top < -0.5 || r.left < -0.5 || r.bottom > window.innerHeight + 0.5 || r.right > window.innerWidth + 0.5)
      return `outside the viewport (${Math.round(r.top)} to ${Math.round(r.bottom)})`;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const cs = getComputedStyle(a);
      const b = a.getBoundingClientRect();
      if (cs.overflowY !== 'visible' && (r.top < b.top - 0.5 || r.bottom > b.bottom + 0.5))
        return `scrolled out of its box (${Math.round(r.top)} to ${Math.round(r.bottom)}, box ${Math.round(b.top)} to ${Math.round(b.bottom)})`;
    }
    // Its top, middle and bottom are each itself, not something lying over it.
    for (const y of [r.top + 4, r.top + r.height / 2, r.bottom - 4]) {
      const hit = document.elementFromPoint(r.left + Math.min(r.width / 2, 40), y);
      if (!hit || !(hit === el || el.contains(hit) || hit.contains(el)))
        return `covered by ${hit?.tagName.toLowerCase()}.${hit?.className.toString().split(' ')[0]} "${hit?.textContent?.trim().slice(0, 30)}"`;
    }
    return '';
  });
  expect.soft(fault, what).toBe('');
}

async function checkScreen(page: Page, screen: string, axe: boolean): Promise<void> {
  await settle(page);
  await page.evaluate(() => document.fonts.ready);
  const faults = await layoutFaults(page);
  // Soft: one run reports every screen of the matrix, not only the first that fails.
  expect.soft(faults, `layout of ${screen}`).toEqual([]);
  if (SHOTS && screen.includes('[all')) {
    mkdirSync(SHOTS, { recursive: true });
    const file = screen.replace(/[^\w-]+/g, '-').replace(/-+$/, '');
    await page.screenshot({ path: join(SHOTS, `${test.info().project.name}-${file}.png`), animations: 'disabled' });
  }
  if (axe) await expectNoSeriousViolations(page, screen).catch((e: Error) => expect.soft(e.message, `axe on ${screen}`).toBe(''));
}

const home = (page: Page) => page.getByRole('button', { name: /^(首页|Home)$/ }).tap();
const homeHeading = (page: Page) => expect(page.getByRole('heading', { level: 1, name: /您好|Hello/ })).toBeVisible();

for (const set of SETS) {
  for (const lang of set.langs) {
    test(`every visitor screen holds together with modes: ${set.name} (${lang})`, async ({ kioskPage: page }) => {
      test.setTimeout(120_000);
      const tag = `[${set.name}, ${lang}, ${test.info().project.name}]`;
      const portrait = test.info().project.name === 'portrait';
      test.skip(!FULL && !portrait && set.modes.length === 1, 'one mode at a time is laid out in portrait by default; landscape takes it in the full set');
      const axe = set.axe && (FULL || (portrait && AXE_BY_DEFAULT.has(`${set.name}-${lang}`)));
      const check = (screen: string) => checkScreen(page, `${screen} ${tag}`, axe);
      if (lang === 'en') await page.getByRole('button', { name: 'English', exact: true }).tap();
      for (const m of set.modes) {
        const toggle = page.getByRole('button', { name: TOGGLE[m] });
        await toggle.tap();
        await expect(toggle).toHaveAttribute('aria-pressed', 'true');
      }

      // Welcome: the start button in view and uncovered.
      await expectInView(page.getByRole('button', { name: START }), `the start button ${tag}`);
      await check('welcome');

      await start(page);
      await check('home');

      // Search with the keyboard open: the field and the first result stay in view.
      await openSearch(page);
      const field = page.getByRole('searchbox', { name: /搜索内容|Search for/ });
      await expect(keyboard(page)).toBeVisible();
      const firstResult = page.getByRole('main').getByRole('region').first();
      for (const [query, what] of [
        [lang === 'zh' ? '超声' : 'ultrasound', 'search'],
        [lang === 'zh' ? '胸痛' : 'chest pain', 'emergency search'],
      ] as const) {
        await field.fill(query);
        await expect(firstResult.getByRole('heading').first()).toBeVisible();
        if (what === 'emergency search') await expect(firstResult.getByRole('heading').first()).toContainText(/急诊|Emergency/);
        await settle(page);
        await expectInView(field, `the search field ${what} ${tag}`);
        await expectInView(firstResult.getByRole('heading').first(), `the first result's heading ${what} ${tag}`);
        await expectInView(firstResult.getByRole('button').first(), `the first result's first control ${what} ${tag}`);
        await expectInView(keyboard(page).getByRole('button', { name: /^(收起键盘|Hide keyboard)$/ }), `Hide keyboard ${what} ${tag}`);
        await check(what);
      }
      // Nothing found: the answer offers searches that work.
      await field.fill('qqxz');
      await expect(page.getByRole('heading', { name: /没有找到|Nothing found/ })).toBeVisible();
      await check('no results');

      await keyboard(page)
        .getByRole('button', { name: /^(手写|Handwriting)$/ })
        .tap();
      const pad = page.getByRole('group', { name: /^(手写板|Handwriting pad)$/ });
      await expect(pad).toBeVisible();
      await expectInView(page.getByRole('application', { name: /书写区|Writing area/ }), `the writing area ${tag}`);
      await expectInView(field, `the search field with the pad ${tag}`);
      await check('handwriting pad');
      await home(page);
      await homeHeading(page);

      await openDepartment(page, lang === 'zh' ? '血管外科' : 'Vascular Surgery');
      await check('department');
      await home(page);

      const places = page.getByRole('region', { name: /常用地点|Places in the hospital/ });
      await places.getByRole('button', { name: /^(卫生间|Toilets)$/ }).tap();
      await expect(page.getByRole('heading', { level: 1, name: /卫生间|Toilets/ })).toBeVisible();
      await check('place');
      await home(page);

      await page
        .getByRole('button', { name: /不知道去哪个科|Not sure where to go/ })
        .first()
        .tap();
      await expect(page.getByRole('heading', { level: 1, name: /不知道去哪个科|Not sure where to go/ })).toBeVisible();
      await check('symptom guide');
      await page.getByRole('button', { name: /腿和脚|Legs and feet/ }).tap();
      const veins = page.getByRole('listitem').filter({ hasText: /静脉曲张|varicose veins/ });
      await expect(veins).toBeVisible();
      await check('symptom guide with an area open');
      await veins.getByRole('button').tap();
      await expect(page.getByRole('listitem').filter({ hasText: /您在这里|You are here/ })).toBeVisible();
      await check('directions');
      await home(page);

      await places.getByRole('button', { name: /^(就诊须知|Visitor information)$/ }).tap();
      await expect(page.getByRole('heading', { level: 1, name: /就诊须知|Visitor information/ })).toBeVisible();
      await check('visitor information');
      await home(page);

      await page
        .getByRole('button', { name: /科室目录|Department directory/ })
        .first()
        .tap();
      await expect(page.getByRole('heading', { level: 1, name: /科室目录|Department directory/ })).toBeVisible();
      await check('directory');
    });
  }
}
