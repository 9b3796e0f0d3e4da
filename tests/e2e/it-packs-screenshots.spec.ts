/**
 * On demand only: PNGs of the IT screen's pack list, report with its diff, refusal, kept contents
 * with the roll-forward confirmation, health and the filtered, exported audit log, in Chinese and
 * English, portrait and landscape, into test-results/shots-it/ (or KIOSK_SHOTS_DIR). Run with:
 *
 *   npm run build:ui && KIOSK_SHOTS=1 npx playwright test it-packs-screenshots
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, type RunningKiosk } from './fixtures.js';
import { openIt, packRow } from './it-packs-helpers.js';

const DIR = process.env.KIOSK_SHOTS_DIR ?? 'test-results/shots-it';

test.skip(!process.env.KIOSK_SHOTS, 'screenshots are taken on demand: set KIOSK_SHOTS=1');

let kiosk: RunningKiosk | undefined;
test.afterEach(async () => {
  await kiosk?.stop();
  kiosk = undefined;
});

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(350);
  await page.screenshot({ path: join(DIR, `${test.info().project.name}-${name}.png`), animations: 'disabled' });
}

async function scrollTo(page: Page, selector: string): Promise<void> {
  await page
    .locator(selector)
    .first()
    .evaluate((el) => el.scrollIntoView({ block: 'start', behavior: 'instant' }));
}

for (const lang of ['zh', 'en'] as const) {
  test(`IT screen: packs, diff, history, health, log (${lang})`, async ({ page }) => {
    test.setTimeout(120_000);
    mkdirSync(DIR, { recursive: true });
    const name = (s: string) => `${lang}-it-${s}`;
    kiosk = await openIt(page);
    if (lang === 'en') await page.getByRole('button', { name: 'English' }).tap();
    await expect(packRow(page, 'e-damaged.kpack')).toContainText(/文件已损坏|Damaged/, { timeout: 30_000 });
    await scrollTo(page, '#it-load');
    await shot(page, name('pack-list'));
    await packRow(page, 'a-newer.kpack').getByRole('button').tap();
    await expect(page.getByRole('region', { name: /核验报告|Verification report/ })).toBeVisible();
    await scrollTo(page, '#it-load');
    await shot(page, name('diff'));
    await page
      .getByRole('button', { name: /选择其他内容包|Choose another pack/ })
      .first()
      .tap();
    await packRow(page, 'e-damaged.kpack').getByRole('button').tap();
    await expect(page.getByRole('region', { name: /核验报告|Verification report/ }).getByRole('alert')).toBeVisible();
    await scrollTo(page, '#it-load');
    await shot(page, name('damaged'));
    await page
      .getByRole('button', { name: /选择其他内容包|Choose another pack/ })
      .first()
      .tap();
    await scrollTo(page, '#it-history');
    await shot(page, name('history'));
    await page.getByRole('button', { name: /回退到版本0|Roll back to version 0/ }).tap();
    await shot(page, name('confirm-back'));
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /回退到版本0|Roll back to version 0/ })
      .tap();
    await page.getByRole('button', { name: /前进到版本3|Roll forward to version 3/ }).tap();
    await shot(page, name('confirm-forward'));
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /取消|Cancel/ })
      .tap();
    await scrollTo(page, '#it-health');
    await shot(page, name('health'));
    await page.getByRole('button', { name: /^(拒绝|Refused)$/ }).tap();
    await page.getByRole('button', { name: /导出到 U 盘|Export to the stick/ }).tap();
    await expect(page.getByRole('status').filter({ hasText: /kiosk-audit-/ })).toBeVisible();
    await scrollTo(page, '#it-log');
    await shot(page, name('log'));
  });
}
