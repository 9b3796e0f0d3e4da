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
  const [h0, b0] = [await heading.boundingBox(), await button.boundingBox()];
  // Within a minute nothing moves: still, so easy to read and touch.
  await page.clock.runFor(30_000);
  expect(moved(h0, await heading.boundingBox())).toBe(0);
  // A few minutes on, the greeting and the button are elsewhere, by a little.
  await page.clock.runFor(3 * 60_000);
  const [h1, b1] = [await heading.boundingBox(), await button.boundingBox()];
  expect(moved(h0, h1)).toBeGreaterThan(4);
  expect(moved(h0, h1)).toBeLessThan(30);
  expect(moved(b0, b1)).toBeGreaterThan(2);
  expect(moved(b0, b1)).toBeLessThan(20);
});
