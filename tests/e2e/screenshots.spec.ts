/**
 * On demand only: saves a PNG of every screen, in Chinese and English, large text, and the
 * department pages scrolled screen by screen, into test-results/shots/ (or KIOSK_SHOTS_DIR), for people
 * to look at. Run with:
 *
 *   npm run build:ui && KIOSK_SHOTS=1 npx playwright test screenshots
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

const DIR = process.env.KIOSK_SHOTS_DIR ?? 'test-results/shots';

test.skip(!process.env.KIOSK_SHOTS, 'screenshots are taken on demand: set KIOSK_SHOTS=1');

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(400); // let the screen's entrance settle
  await page.screenshot({ path: join(DIR, `${test.info().project.name}-${name}.png`), animations: 'disabled' });
}

/** Screens through a long page by scrolling the main area one viewport at a time. */
async function shotScrolled(page: Page, name: string, max = 8): Promise<void> {
  const main = page.getByRole('main');
  for (let i = 1; i <= max; i++) {
    await shot(page, `${name}-${i}`);
    const atEnd = await main.evaluate((el) => {
      const before = el.scrollTop;
      el.scrollBy({ top: el.clientHeight * 0.85, behavior: 'instant' });
      return el.scrollTop === before;
    });
    if (atEnd) break;
  }
  await main.evaluate((el) => el.scrollTo({ top: 0, behavior: 'instant' }));
}

for (const lang of ['zh', 'en'] as const) {
  test(`screenshots of every screen (${lang})`, async ({ kioskPage: page }) => {
    test.setTimeout(120_000);
    mkdirSync(DIR, { recursive: true });
    const name = (s: string) => `${lang}-${s}`;
    if (lang === 'en') await page.getByRole('button', { name: 'English' }).tap();
    await expect(page.getByRole('button', { name: /触摸屏幕开始|Touch to start/ })).toBeVisible();
    await shot(page, name('welcome'));

    await page.getByRole('button', { name: /触摸屏幕开始|Touch to start/ }).tap();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await shot(page, name('home'));

    await page.getByRole('button', { name: /科室目录|Department directory/ }).tap();
    await expect(page.getByRole('heading', { level: 1, name: /科室目录|Department directory/ })).toBeVisible();
    await shot(page, name('directory'));

    for (const id of ['vascular-surgery', 'general-ultrasound']) {
      const label = id === 'vascular-surgery' ? /血管外科|Vascular Surgery/ : /综合超声科|General Ultrasound/;
      await page.getByRole('button', { name: label }).first().tap();
      await expect(page.getByRole('heading', { level: 1, name: label })).toBeVisible();
      await shotScrolled(page, name(id));
      await page.getByRole('button', { name: /返回|Back/ }).tap();
    }

    await page.getByRole('button', { name: /大字|Large text/ }).tap();
    await shot(page, name('directory-large'));
    await page
      .getByRole('button', { name: /血管外科|Vascular Surgery/ })
      .first()
      .tap();
    await shotScrolled(page, name('vascular-surgery-large'), 3);
    await page.getByRole('button', { name: /首页|Home/ }).tap();
    await shot(page, name('home-large'));
  });
}

test('screenshot of an error', async ({ kioskPage: page }) => {
  mkdirSync(DIR, { recursive: true });
  await page.route('**/api/getDepartment', (route) =>
    route.fulfill({
      status: 503,
      contentType: 'application/json',
      body: JSON.stringify({ ok: false, error: { code: 'unavailable', message: 'The content store is being updated; try again in a moment.' } }),
    }),
  );
  await page.getByRole('button', { name: /触摸屏幕开始|Touch to start/ }).tap();
  await page.getByRole('button', { name: '血管外科' }).tap();
  await expect(page.getByRole('button', { name: /重试|Try again/ })).toBeVisible();
  await shot(page, 'zh-error');
});
