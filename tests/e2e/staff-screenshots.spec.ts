/**
 * On demand only: PNGs of every staff screen in Chinese and English, portrait and landscape,
 * into test-results/shots-staff/ (or KIOSK_SHOTS_DIR), for people to look at. Run with:
 *
 *   npm run build:ui && KIOSK_SHOTS=1 npx playwright test staff-screenshots
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { startKiosk, test, expect, type RunningKiosk } from './fixtures.js';
import { enterPin, freshDataDir, holdCorner, IT_PIN, kioskCli, staffWorld, VOLUNTEER_CODE } from './staff-helpers.js';

const DIR = process.env.KIOSK_SHOTS_DIR ?? 'test-results/shots-staff';

test.skip(!process.env.KIOSK_SHOTS, 'screenshots are taken on demand: set KIOSK_SHOTS=1');

let kiosk: RunningKiosk | undefined;
test.afterEach(async () => {
  await kiosk?.stop();
  kiosk = undefined;
});

async function shot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  await page.waitForTimeout(350);
  await page.screenshot({ path: join(DIR, `${test.info().project.name}-${name}.png`), animations: 'disabled', ...opts });
}

async function scrollTo(page: Page, selector: string): Promise<void> {
  await page
    .locator(selector)
    .first()
    .evaluate((el) => el.scrollIntoView({ block: 'start', behavior: 'instant' }));
}

for (const lang of ['zh', 'en'] as const) {
  test(`IT screens (${lang})`, async ({ page }) => {
    test.setTimeout(90_000);
    mkdirSync(DIR, { recursive: true });
    const name = (s: string) => `${lang}-it-${s}`;
    kiosk = await startKiosk({ dataDir: freshDataDir(staffWorld().template) });
    await page.goto(kiosk.url);
    if (lang === 'en') await page.getByRole('button', { name: 'English' }).tap();
    await holdCorner(page);
    await enterPin(page, '999999');
    await expect(page.getByRole('alert').filter({ hasText: /2/ })).toBeVisible();
    await shot(page, name('pin-wrong'));
    await enterPin(page, IT_PIN);
    await expect(page.getByRole('region', { name: /当前内容|Current content/ })).toBeVisible();
    await shot(page, name('status'));

    const load = page.getByRole('region', { name: /加载内容包|Load content pack/ });
    await load.getByRole('button', { name: /content-v2\.kpack/ }).tap();
    await expect(load.getByRole('region', { name: /核验报告|Verification report/ })).toBeVisible();
    await scrollTo(page, '#it-load');
    await shot(page, name('report'));

    // Hold the install's progress mid-way for a picture, then let it finish.
    await page.route('**/api/itInstallJob', async (route) => {
      const real = (await (await route.fetch()).json()) as { value: Record<string, unknown> };
      await route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({
          ok: true,
          value: {
            ...real.value,
            result: undefined,
            state: 'running',
            progress: [
              { stage: 'open', message: 'Reading the pack' },
              { stage: 'signature', message: 'Checking the signatures' },
              { stage: 'files', message: 'Checking 7 files' },
              { stage: 'content', message: 'Checking the content' },
              { stage: 'build', message: 'Building the new content database (hospital-main version 2)' },
            ],
          },
        }),
      });
    });
    await load.getByRole('button', { name: /^(安装|Install)$/ }).tap();
    await shot(page, name('confirm-install'));
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /^(安装|Install)$/ })
      .tap();
    await expect(load.getByRole('progressbar')).toBeVisible();
    await page.waitForTimeout(700);
    await scrollTo(page, '#it-load');
    await shot(page, name('progress'));
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await expect(load.getByRole('status').filter({ hasText: /hospital-main/ })).toBeVisible({ timeout: 20_000 });
    await scrollTo(page, '#it-load');
    await shot(page, name('result'));
    await load.getByRole('button', { name: /^(完成|Done)$/ }).tap();

    await load.getByRole('button', { name: /unknown-signer\.kpack/ }).tap();
    await expect(load.getByRole('region', { name: /核验报告|Verification report/ }).getByRole('alert')).toBeVisible();
    await scrollTo(page, '#it-load');
    await shot(page, name('refused'));
    await load
      .getByRole('button', { name: /选择其他内容包|Choose another pack/ })
      .first()
      .tap();

    await page
      .getByRole('button', { name: /^(回滚|Roll back)$/ })
      .first()
      .tap();
    await shot(page, name('confirm-rollback'));
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /^(回滚|Roll back)$/ })
      .tap();
    await expect(page.getByRole('status').filter({ hasText: /已回滚|Rolled back\./ })).toBeVisible();
    await page.getByRole('main').evaluate((el) => el.scrollTo({ top: 0, behavior: 'instant' }));
    await shot(page, name('rolled-back'));
    await scrollTo(page, '#it-log');
    await shot(page, name('log'));
  });

  test(`volunteer screens (${lang})`, async ({ page }) => {
    test.setTimeout(90_000);
    mkdirSync(DIR, { recursive: true });
    const name = (s: string) => `${lang}-vol-${s}`;
    const dir = freshDataDir(staffWorld().template);
    kioskCli(['install', staffWorld().packs.good, '--data-dir', dir]);
    kiosk = await startKiosk({ dataDir: dir });
    await page.goto(kiosk.url);
    if (lang === 'en') await page.getByRole('button', { name: 'English' }).tap();
    await shot(page, name('welcome-button'));
    await page.getByRole('button', { name: /志愿者\s*Volunteer/ }).tap();
    await shot(page, name('pin'));
    await enterPin(page, VOLUNTEER_CODE);
    const list = page.getByRole('list', { name: /科室与服务|Departments and services/ });
    await expect(list.getByRole('listitem').first()).toBeVisible();
    await shot(page, name('directory'));
    await page.getByRole('searchbox').tap();
    await page.getByRole('searchbox').fill(lang === 'zh' ? '超声' : 'vein');
    await expect(list).toHaveAttribute('aria-busy', 'false');
    await shot(page, name('filtered'));
    await page.getByRole('button', { name: /按位置|By location/ }).tap();
    await page.getByRole('searchbox').fill('');
    await page.getByRole('button', { name: /收起键盘|Hide keyboard/ }).tap();
    await expect(page.getByRole('region', { name: /^(门诊楼|Outpatient Building)$/ })).toBeVisible();
    await shot(page, name('by-location'));

    await page.getByRole('button', { name: /给患者看：血管外科|Show the patient: Vascular Surgery/ }).tap();
    await expect(page.getByRole('article').getByRole('img')).toBeVisible();
    await shot(page, name('card'));
    await page.getByRole('button', { name: /^(打印|Print)$/ }).tap();
    await shot(page, name('print-choose'));
    await page.getByRole('button', { name: /^(取消|Cancel)$/ }).tap();
    await page
      .getByRole('button', { name: /^(科室与服务|Departments and services)$/ })
      .first()
      .tap();
    await page.getByRole('button', { name: /就诊须知|Visitor info/ }).tap();
    await expect(page.getByRole('heading', { level: 1, name: /就诊须知|Visitor information/ })).toBeVisible();
    await shot(page, name('info'));
  });
}
