/**
 * The handwriting pad, by touch: the keyboard's 手写 key opens it; a character written with a
 * finger along its real strokes (hanzi-writer-data's stroke medians, in writing order, scaled to
 * the pad) is offered in the candidate row, and touching it puts it in the search field, which
 * finds its department; a scribble offers nothing of the kind, undo takes the last stroke away,
 * and a kiosk without a recogniser shows no pad at all.
 *
 * Screenshots on demand: KIOSK_SHOTS=1 (into test-results/shots-handwriting/, or KIOSK_SHOTS_DIR).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Locator, Page } from '@playwright/test';
import { ZINNIA_MODEL } from '../../src/app/zinnia.js';
import { scribbleStrokes, writtenStrokes } from '../fixtures/handwriting.js';
import { expect, startKiosk, test } from './fixtures.js';
import { expectLargeTargets, expectNoSeriousViolations } from './a11y-helpers.js';
import { start } from './ui-helpers.js';
import { keyboard, openSearch, resultGroup } from './visitor-helpers.js';

const HAVE_ZINNIA = existsSync('/usr/bin/zinnia') && existsSync(ZINNIA_MODEL);
const SKIP_REASON = 'Zinnia is not installed (Debian packages zinnia-utils and tegaki-zinnia-simplified-chinese), so the kiosk offers no handwriting pad';
const SHOTS = process.env.KIOSK_SHOTS ? (process.env.KIOSK_SHOTS_DIR ?? 'test-results/shots-handwriting') : undefined;

const pad = (page: Page) => page.getByRole('group', { name: /^(手写板|Handwriting pad)$/ });
const writingArea = (page: Page) => page.getByRole('application', { name: /书写区|Writing area/ });
const candidateRow = (page: Page) => page.getByRole('group', { name: /^(认出的字|Recognised characters)$/ });
const field = (page: Page) => page.getByRole('searchbox', { name: /搜索内容|Search for/ });

/** Strokes drawn with one finger: a touch down, moves along the path, a touch up, per stroke. */
async function drawByTouch(page: Page, cdp: CDPSession, strokes: [number, number][][]): Promise<void> {
  for (const stroke of strokes) {
    const point = ([x, y]: [number, number]) => ({ x, y, id: 1, radiusX: 6, radiusY: 6, force: 0.6 });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point(stroke[0]!)] });
    for (const p of stroke.slice(1)) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [point(p)] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  }
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
}

/** Writes a character (or a scribble) filling most of the writing area, as a finger would. */
async function write(page: Page, cdp: CDPSession, what: string | 'scribble', extra: [number, number][][] = []): Promise<void> {
  const area = writingArea(page);
  await area.scrollIntoViewIfNeeded();
  const box = (await area.boundingBox())!;
  const size = Math.min(box.width, box.height) * 0.85;
  const left = box.x + (box.width - size) / 2;
  const top = box.y + (box.height - size) / 2;
  const strokes = what === 'scribble' ? scribbleStrokes(size, left, top) : writtenStrokes(what, size, left, top);
  await drawByTouch(page, cdp, [...strokes, ...extra.map((s) => s.map(([x, y]) => [left + x * size, top + y * size] as [number, number]))]);
}

/** The candidate row once the kiosk has answered for all the ink written (it is busy until then): its characters. */
async function offered(row: Locator): Promise<string[]> {
  await expect(row).toHaveAttribute('aria-busy', 'false');
  return row.getByRole('button').allTextContents();
}

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SHOTS, `${test.info().project.name}-${name}.png`), animations: 'disabled' });
}

test.describe('with Zinnia', () => {
  test.skip(!HAVE_ZINNIA, SKIP_REASON);

  test('血 written by touch finds Vascular Surgery; a scribble does not; undo and clear take ink away', async ({ kioskPage: page }) => {
    const cdp = await page.context().newCDPSession(page);
    await start(page);
    await openSearch(page);
    await keyboard(page).getByRole('button', { name: '手写' }).tap();
    await expect(pad(page)).toBeVisible();
    await expect(keyboard(page)).toHaveCount(0);
    await expect(candidateRow(page).getByRole('status')).toHaveText('在下面的方框里写一个字，再点选认出的字');

    // A scribble is no character of a department.
    await write(page, cdp, 'scribble');
    expect(await offered(candidateRow(page))).not.toContain('血');
    await pad(page).getByRole('button', { name: '清除笔迹' }).tap();
    await expect(candidateRow(page).getByRole('button')).toHaveCount(0);

    // 血 with a stray stroke at the end, which undo takes away: what is offered changes to 血's own.
    await write(page, cdp, '血', [
      [
        [0.05, 0.05],
        [0.95, 0.6],
        [0.1, 0.95],
      ],
    ]);
    const withStray = await offered(candidateRow(page));
    await pad(page).getByRole('button', { name: '撤销一笔' }).tap();
    const without = await offered(candidateRow(page));
    expect(without).not.toEqual(withStray);
    expect(without[0]).toBe('血');
    const first = candidateRow(page).getByRole('button').first();
    await shot(page, 'zh-pad-written');
    await expectNoSeriousViolations(page, 'search with the handwriting pad');
    await expectLargeTargets(page, 'search with the handwriting pad');
    await first.tap();

    await expect(field(page)).toHaveValue('血');
    await expect(resultGroup(page, /^科室/).getByRole('button', { name: /血管外科/ })).toBeVisible();
    await expect(candidateRow(page).getByRole('button')).toHaveCount(0); // the square is clear for the next character

    // A second character goes after the first; delete takes it off again.
    await write(page, cdp, '管');
    expect((await offered(candidateRow(page)))[0]).toBe('管');
    await candidateRow(page).getByRole('button').first().tap();
    await expect(field(page)).toHaveValue('血管');
    await pad(page).getByRole('button', { name: '删除' }).tap();
    await expect(field(page)).toHaveValue('血');

    // Back to the keys, and the pad again.
    await pad(page).getByRole('button', { name: '用键盘' }).tap();
    await expect(keyboard(page)).toBeVisible();
    await expect(pad(page)).toHaveCount(0);
  });

  test('in English, 超 written small in a corner finds General Ultrasound; with large text, high contrast and low reach too', async ({ kioskPage: page }) => {
    const cdp = await page.context().newCDPSession(page);
    await page.getByRole('button', { name: 'English' }).tap();
    await start(page);
    await openSearch(page);
    await keyboard(page).getByRole('button', { name: 'Handwriting' }).tap();
    await expect(pad(page)).toBeVisible();
    await expect(candidateRow(page).getByRole('status')).toHaveText('Write one character in the box below, then touch it here');

    // Small, in the top left quarter of the square.
    const box = (await writingArea(page).boundingBox())!;
    await drawByTouch(page, cdp, writtenStrokes('超', box.width * 0.4, box.x + box.width * 0.08, box.y + box.height * 0.06));
    expect(await offered(candidateRow(page))).toContain('超');
    await shot(page, 'en-pad-written');
    await candidateRow(page).getByRole('button', { name: '超', exact: true }).tap();
    await expect(field(page)).toHaveValue('超');
    await expect(resultGroup(page, /^Departments/).getByRole('button', { name: /General Ultrasound/ })).toBeVisible();

    // Every mode at once: the pad and its controls stay on the screen and still work.
    await page.getByRole('button', { name: /^Large text$/ }).tap();
    await page.getByRole('button', { name: /^High contrast$/ }).tap();
    await page.getByRole('button', { name: /^Low reach$/ }).tap();
    await page.getByRole('button', { name: /^Clear$/ }).tap();
    await expect(field(page)).toHaveValue('');
    await write(page, cdp, '血');
    expect((await offered(candidateRow(page)))[0]).toBe('血');
    const viewport = page.viewportSize()!;
    for (const control of [writingArea(page), ...(await pad(page).getByRole('button').all())]) {
      const b = (await control.boundingBox())!;
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.y).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width).toBeLessThanOrEqual(viewport.width + 0.5);
      expect(b.y + b.height).toBeLessThanOrEqual(viewport.height + 0.5);
      expect(Math.min(b.width, b.height)).toBeGreaterThanOrEqual(48);
    }
    await shot(page, 'en-pad-all-modes');
    await candidateRow(page).getByRole('button').first().tap();
    await expect(resultGroup(page, /^Departments/).getByRole('button', { name: /Vascular Surgery/ })).toBeVisible();
  });
});

test('without a recogniser the keyboard offers no handwriting pad', async ({ page }) => {
  const kiosk = await startKiosk({ env: { KIOSK_ZINNIA_MODEL: '/nonexistent/handwriting.model' } });
  try {
    await page.goto(kiosk.url);
    await start(page);
    await openSearch(page);
    await expect(keyboard(page).getByRole('button', { name: 'Q', exact: true })).toBeVisible();
    await expect(keyboard(page).getByRole('button', { name: '手写' })).toHaveCount(0);
    await expect(pad(page)).toHaveCount(0);
  } finally {
    await kiosk.stop();
  }
});
