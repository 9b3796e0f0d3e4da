/**
 * The welcome screen keeps the panel from burning in by moving a few pixels every few minutes,
 * and draws nothing in between: no animation runs endlessly (each one would keep Chromium
 * painting all night). A fake clock stands in for the minutes.
 */
import { expect, test } from './fixtures.js';

const START = /请触摸屏幕开始/;

test('the welcome screen moves by a few pixels every few minutes, with no endless animation', async ({ page, kiosk }) => {
  await page.clock.install();
  await page.goto(kiosk.url);
  const heading = page.getByRole('heading', { level: 1, name: /吉林大学第一医院/ });
  const button = page.getByRole('button', { name: START });
  await expect(button).toBeVisible();
  const endless = await page.evaluate(() => document.getAnimations().filter((a) => a.effect?.getComputedTiming().iterations === Infinity).length);
  expect(endless, 'animations still running on the idle welcome screen').toBe(0);
  const moved = (a: { x: number; y: number } | null, b: { x: number; y: number } | null) => Math.hypot(b!.x - a!.x, b!.y - a!.y);
  // The first picture settles before anything is measured: the CJK fonts arrive after the first
  // paint on a busy machine and move the centred text by a few pixels (a CI run measured that).
  await page.evaluate(() => document.fonts.ready);
  // Settled means the same box twice in a row, a quarter of a second apart (real time: the fake
  // clock holds only the page's timers).
  let [last, still] = [await heading.boundingBox(), 0];
  for (let i = 0; i < 40 && still < 2; i++) {
    await new Promise((r) => setTimeout(r, 250));
    const now = await heading.boundingBox();
    still = moved(last, now) === 0 ? still + 1 : 0;
    last = now;
  }
  expect(still, 'the welcome screen never settled').toBe(2);
  // The burn-in offset of the box that carries an element: the translate of its nearest moved ancestor.
  const offset = (el: Element) => {
    for (let e: Element | null = el; e; e = e.parentElement) {
      const t = getComputedStyle(e).transform;
      if (t && t !== 'none') {
        const m = new DOMMatrix(t);
        return [m.m41, m.m42];
      }
    }
    return [0, 0];
  };
  const offsets = async () => [await heading.evaluate(offset), await button.evaluate(offset)];
  const [h0, b0, o0] = [await heading.boundingBox(), await button.boundingBox(), await offsets()];
  // Within a minute nothing moves: still, so easy to read and touch. (Read as the offsets the
  // screen gives them, so a late font on a busy machine does not count as a move.)
  await page.clock.runFor(30_000);
  expect(await offsets()).toEqual(o0);
  // A few minutes on, the greeting and the button are elsewhere, by a little.
  await page.clock.runFor(3 * 60_000);
  const [h1, b1] = [await heading.boundingBox(), await button.boundingBox()];
  expect(moved(h0, h1)).toBeGreaterThan(4);
  expect(moved(h0, h1)).toBeLessThan(30);
  expect(moved(b0, b1)).toBeGreaterThan(2);
  expect(moved(b0, b1)).toBeLessThan(20);
});
