/**
 * On demand only: PNGs of the visitor wayfinding screens (search with results and keyboard, no
 * results, symptom guide, directions normal and step-free, high contrast, low reach, the idle
 * warning), in Chinese and English, into test-results/shots-visitor/ (or KIOSK_SHOTS_DIR). Run with:
 *
 *   npm run build:ui && KIOSK_SHOTS=1 npx playwright test visitor-screenshots
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { start } from './ui-helpers.js';
import { openSearch, typeOnScreen } from './visitor-helpers.js';

const DIR = process.env.KIOSK_SHOTS_DIR ?? 'test-results/shots-visitor';

test.skip(!process.env.KIOSK_SHOTS, 'screenshots are taken on demand: set KIOSK_SHOTS=1');

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(450);
  await page.screenshot({ path: join(DIR, `${test.info().project.name}-${name}.png`), animations: 'disabled' });
}

for (const lang of ['zh', 'en'] as const) {
  test(`visitor screens (${lang})`, async ({ kioskPage: page }) => {
    test.setTimeout(120_000);
    mkdirSync(DIR, { recursive: true });
    const n = (s: string) => `${lang}-${s}`;
    if (lang === 'en') await page.getByRole('button', { name: 'English' }).tap();
    await start(page);
    await shot(page, n('home'));

    await openSearch(page);
    await shot(page, n('search-empty'));
    await typeOnScreen(page, lang === 'zh' ? 'chaosheng' : 'veins');
    await expect(page.locator('mark').first()).toBeVisible();
    await shot(page, n('search-results'));
    await page.getByRole('button', { name: /收起键盘|Hide keyboard/ }).tap();
    await shot(page, n('search-results-nokeys'));
    await page.getByRole('button', { name: /显示键盘|Show keyboard/ }).tap();
    await page.getByRole('button', { name: /清除|Clear/ }).tap();
    await typeOnScreen(page, 'qqxz');
    await expect(page.getByRole('heading', { name: /没有找到|Nothing found/ })).toBeVisible();
    await shot(page, n('no-results'));

    await page
      .getByRole('button', { name: /不知道去哪个科|Not sure where to go/ })
      .first()
      .tap();
    await expect(page.getByRole('heading', { level: 1, name: /不知道去哪个科|Not sure where to go/ })).toBeVisible();
    await shot(page, n('symptoms'));
    await page.getByRole('button', { name: /腿和脚|Legs and feet/ }).tap();
    await shot(page, n('symptoms-legs'));

    await page
      .getByRole('button', { name: /血管外科|Vascular Surgery/ })
      .first()
      .tap();
    await expect(page.getByRole('heading', { level: 1, name: /血管外科|Vascular Surgery/ })).toBeVisible();
    await shot(page, n('department'));
    await page.getByRole('heading', { name: /怎么走|How to get there/ }).scrollIntoViewIfNeeded();
    await page.getByRole('heading', { name: /怎么走|How to get there/ }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot(page, n('directions'));
    await page.getByRole('button', { name: /无障碍路线|Step-free route/ }).tap();
    await expect(page.getByText(/乘电梯|Take the lift/).first()).toBeVisible();
    await shot(page, n('directions-step-free'));
    await page.getByRole('tab', { name: /2楼|Floor 2/ }).tap();
    await shot(page, n('directions-floor-2'));

    await page.getByRole('button', { name: /高对比度|High contrast/ }).tap();
    await shot(page, n('directions-contrast'));
    await page.getByRole('button', { name: /首页|Home/ }).tap();
    await shot(page, n('home-contrast'));
    await openSearch(page);
    await typeOnScreen(page, 'xgwk');
    await expect(page.locator('mark').first()).toBeVisible();
    await shot(page, n('search-contrast'));
    await page.getByRole('button', { name: /高对比度|High contrast/ }).tap();

    await page.getByRole('button', { name: /低位操作|Low reach/ }).tap();
    await shot(page, n('search-low-reach'));
    await page.getByRole('button', { name: /首页|Home/ }).tap();
    await shot(page, n('home-low-reach'));
    await page.getByRole('button', { name: /低位操作|Low reach/ }).tap();

    await page.getByRole('button', { name: /大字|Large text/ }).tap();
    await openSearch(page);
    await typeOnScreen(page, lang === 'zh' ? 'xueguan' : 'ultrasound');
    await expect(page.locator('mark').first()).toBeVisible();
    await shot(page, n('search-large'));
    await page
      .getByRole('region', { name: /科室|Departments/ })
      .getByRole('button')
      .first()
      .tap();
    await page.getByRole('heading', { name: /怎么走|How to get there/ }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot(page, n('directions-large'));
  });
}

test('visitor idle warning', async ({ page, kiosk }) => {
  mkdirSync(DIR, { recursive: true });
  await page.clock.install();
  await page.goto(kiosk.url);
  await start(page);
  await page.clock.runFor(91_000);
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.clock.runFor(4_000);
  await shot(page, 'zh-idle-warning');
});
