/**
 * On demand only: PNGs of a department page (its first screen, then its route on each floor), in
 * Chinese and English, in the normal modes and with large text, high contrast and low reach all
 * together, into test-results/shots-department/ (or KIOSK_SHOTS_DIR). Run with:
 *
 *   npm run build:ui && KIOSK_SHOTS=1 npx playwright test department-screenshots
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { start } from './ui-helpers.js';

const DIR = process.env.KIOSK_SHOTS_DIR ?? 'test-results/shots-department';

test.skip(!process.env.KIOSK_SHOTS, 'screenshots are taken on demand: set KIOSK_SHOTS=1');

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(450);
  await page.screenshot({ path: join(DIR, `${test.info().project.name}-${name}.png`), animations: 'disabled' });
}

for (const lang of ['zh', 'en'] as const) {
  for (const modes of ['normal', 'all'] as const) {
    test(`department page and its route (${lang}, ${modes})`, async ({ kioskPage: page }) => {
      mkdirSync(DIR, { recursive: true });
      const n = (s: string) => `${lang}-${modes}-${s}`;
      if (lang === 'en') await page.getByRole('button', { name: 'English' }).tap();
      await start(page);
      if (modes === 'all') {
        for (const mode of [/大字|Large text/, /高对比度|High contrast/, /低位操作|Low reach/]) await page.getByRole('button', { name: mode }).tap();
      }
      const name = lang === 'zh' ? '血管外科' : 'Vascular Surgery';
      await page.getByRole('button', { name, exact: true }).tap();
      await expect(page.getByRole('heading', { level: 1, name: new RegExp(name) })).toBeVisible();
      await shot(page, n('department'));
      await page.getByRole('button', { name: /带我去|Take me there/ }).tap();
      await shot(page, n('route-floor-1'));
      await page.getByRole('tab', { name: /2楼|Floor 2/ }).tap();
      await shot(page, n('route-floor-2'));
    });
  }
}
