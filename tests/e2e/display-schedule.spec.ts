/**
 * Night and quiet hours: with a displaySchedule in kiosk.json, outside opening hours and once
 * nobody has touched the kiosk for the idle time, the screen goes black; a touch wakes it (and
 * presses nothing beneath), and it goes black again after the idle time. A fake clock stands in
 * for the evening.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startKiosk, type RunningKiosk } from './fixtures.js';

const START = /请触摸屏幕开始/;
const WAKE = /Touch to wake the screen/;
const IDLE_SECONDS = 30;
const hours = [['08:00', '17:30']];

let kiosk: RunningKiosk;
let dataDir: string;

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-night-'));
  writeFileSync(
    join(dataDir, 'kiosk.json'),
    JSON.stringify({
      idleSeconds: IDLE_SECONDS,
      displaySchedule: { days: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours }, holidays: { '2026-10-01': [] } },
    }),
  );
  kiosk = await startKiosk({ dataDir });
});
test.afterAll(async () => {
  await kiosk.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('outside opening hours the idle screen goes black, and a touch wakes it', async ({ page }) => {
  await page.clock.install({ time: new Date('2026-09-28T18:00:00') }); // a Monday evening
  await page.goto(kiosk.url);
  await expect(page.getByRole('button', { name: START })).toBeVisible();
  await expect(page.getByRole('button', { name: WAKE })).toHaveCount(0); // not under a visitor's nose at once
  await page.clock.runFor((IDLE_SECONDS + 20) * 1000);
  const night = page.getByRole('button', { name: WAKE });
  await expect(night).toBeVisible();
  expect(await night.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(0, 0, 0)');
  const size = page.viewportSize()!;
  await page.touchscreen.tap(size.width / 2, size.height / 2); // anywhere on the black

  await expect(night).toHaveCount(0);
  // The waking touch started nothing: the welcome screen is still there.
  await expect(page.getByRole('button', { name: START })).toBeVisible();
  await page.clock.runFor((IDLE_SECONDS + 20) * 1000);
  await expect(page.getByRole('button', { name: WAKE })).toBeVisible();
});

test('inside opening hours the screen stays lit; a holiday with no hours is dark', async ({ page }) => {
  await page.clock.install({ time: new Date('2026-09-29T10:00:00') }); // a Tuesday morning
  await page.goto(kiosk.url);
  await page.clock.runFor((IDLE_SECONDS + 60) * 1000);
  await expect(page.getByRole('button', { name: START })).toBeVisible();
  await expect(page.getByRole('button', { name: WAKE })).toHaveCount(0);
  await page.clock.setSystemTime(new Date('2026-10-01T10:00:00')); // a Thursday, the holiday
  await page.clock.runFor(20_000);
  await expect(page.getByRole('button', { name: WAKE })).toBeVisible();
});
