/**
 * On demand only: PNGs of what visitors ask for (the home row of places, an emergency search,
 * facility results, a place with its route, the candidate bar, a red flag, visitor information),
 * in Chinese and English, into test-results/shots-places/ (or KIOSK_SHOTS_DIR). Run with:
 *
 *   npm run build:ui && KIOSK_SHOTS=1 npx playwright test places-screenshots
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { start } from './ui-helpers.js';
import { openSearch, typeOnScreen } from './visitor-helpers.js';

const DIR = process.env.KIOSK_SHOTS_DIR ?? 'test-results/shots-places';

test.skip(!process.env.KIOSK_SHOTS, 'screenshots are taken on demand: set KIOSK_SHOTS=1');

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(450);
  await page.screenshot({ path: join(DIR, `${test.info().project.name}-${name}.png`), animations: 'disabled' });
}

for (const lang of ['zh', 'en'] as const) {
  test(`places and emergencies (${lang})`, async ({ kioskPage: page }) => {
    test.setTimeout(120_000);
    mkdirSync(DIR, { recursive: true });
    const n = (s: string) => `${lang}-${s}`;
    const field = page.getByRole('searchbox', { name: /搜索内容|Search for/ });
    if (lang === 'en') await page.getByRole('button', { name: 'English' }).tap();
    await start(page);
    await expect(
      page
        .getByRole('region', { name: /常用地点|Places in the hospital/ })
        .getByRole('button')
        .first(),
    ).toBeVisible();
    await shot(page, n('home'));

    await openSearch(page);
    await field.fill(lang === 'zh' ? '胸痛' : 'chest pain');
    await expect(page.getByRole('list', { name: /去急诊科的路线|The way to the Emergency Department/ })).toBeVisible();
    await shot(page, n('search-emergency'));

    await field.fill('');
    await typeOnScreen(page, lang === 'zh' ? 'cesuo' : 'toilet');
    await expect(page.getByRole('region', { name: /^地点与设施|^Places and facilities/ })).toBeVisible();
    await shot(page, n('search-toilets'));
    await page
      .getByRole('region', { name: /^地点与设施|^Places and facilities/ })
      .getByRole('button')
      .first()
      .tap();
    await expect(page.getByRole('img', { name: /平面图|Plan of/ })).toBeVisible();
    await shot(page, n('place-toilets'));
    await page.getByRole('list', { name: /路线步骤|Step by step/ }).scrollIntoViewIfNeeded();
    await shot(page, n('place-toilets-steps'));
    await page.getByRole('button', { name: /^返回$|^Back$/ }).tap();

    await field.fill('');
    await typeOnScreen(page, 'xg');
    await expect(
      page
        .getByRole('group', { name: /候选汉字|Chinese words/ })
        .getByRole('button')
        .first(),
    ).toBeVisible();
    await shot(page, n('search-candidates'));

    await page.getByRole('button', { name: /^首页$|^Home$/ }).tap();
    await page.getByRole('button', { name: /^不知道去哪个科|^Not sure where to go/ }).tap();
    await page.getByRole('button', { name: /^腿和脚|^Legs and feet/ }).tap();
    await expect(page.getByRole('alert').first()).toBeVisible();
    await page.getByRole('alert').first().scrollIntoViewIfNeeded();
    await shot(page, n('symptoms-red-flags'));

    await page.getByRole('button', { name: /^首页$|^Home$/ }).tap();
    await page
      .getByRole('region', { name: /常用地点|Places in the hospital/ })
      .getByRole('button', { name: /就诊须知|Visitor information/ })
      .tap();
    await expect(page.getByRole('heading', { level: 1, name: /就诊须知|Visitor information/ })).toBeVisible();
    await shot(page, n('visitor-info'));
  });
}
