/**
 * Idle and privacy: after the kiosk's idle time without a touch, a warning counts down from at
 * least 20 seconds; Continue keeps everything; no touch resets the kiosk to the welcome screen
 * with every choice undone. Time is run forward with Playwright's clock.
 */
import { expect, startKiosk, test } from './fixtures.js';
import { START, start } from './ui-helpers.js';
import { openSearch, typeOnScreen } from './visitor-helpers.js';

test('the idle warning counts down, Continue keeps the visit, and no touch starts again in Chinese', async ({ page }) => {
  const kiosk = await startKiosk({ args: ['--idle-seconds', '5'] });
  try {
    await page.clock.install();
    await page.goto(kiosk.url);

    // Not on the welcome screen.
    await expect(page.getByRole('button', { name: START })).toBeVisible();
    await page.clock.runFor(20_000);
    await expect(page.getByRole('dialog')).toHaveCount(0);

    await page.getByRole('button', { name: 'English' }).tap();
    await start(page);
    await page.getByRole('button', { name: 'Large text' }).tap();
    await page.getByRole('button', { name: 'High contrast' }).tap();
    await page.getByRole('button', { name: 'Low reach' }).tap();
    await openSearch(page);
    await typeOnScreen(page, 'veins');
    await page.clock.runFor(200);
    await expect(page.locator('mark').first()).toBeVisible();
    await page.getByRole('button', { name: 'Hide keyboard' }).tap();

    await page.clock.runFor(6_000);
    const dialog = page.getByRole('dialog', { name: 'Are you still there?' });
    await expect(dialog).toBeVisible();
    const seconds = async () => Number((await dialog.getByText(/In \d+ seconds/).textContent())!.match(/\d+/)![0]);
    const first = await seconds();
    expect(first).toBeGreaterThanOrEqual(20);
    await page.clock.runFor(3_000);
    await expect.poll(seconds).toBeLessThan(first);

    await dialog.getByRole('button', { name: 'Continue' }).tap();
    await expect(dialog).toBeHidden();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.locator('html')).toHaveAttribute('data-text', 'large');
    await expect(page.getByRole('searchbox', { name: 'Search for' })).toHaveValue('veins');

    // A touch restarts the wait: the warning comes only after a full idle time.
    await page.clock.runFor(3_000);
    await page.getByRole('heading', { level: 1 }).tap();
    await page.clock.runFor(3_000);
    await expect(dialog).toBeHidden();

    // No touch at all: warning, countdown, then the welcome screen with every choice undone.
    await page.clock.runFor(6_000);
    await expect(dialog).toBeVisible();
    await page.clock.runFor(31_000);
    await expect(page.getByRole('button', { name: START })).toBeVisible();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    const html = page.locator('html');
    await expect(html).toHaveAttribute('lang', 'zh-Hans');
    await expect(html).toHaveAttribute('data-text', 'normal');
    await expect(html).toHaveAttribute('data-contrast', 'normal');
    await expect(html).toHaveAttribute('data-reach', 'normal');
    await expect(page.getByRole('button', { name: '大字' })).toHaveAttribute('aria-pressed', 'false');

    await start(page);
    await openSearch(page);
    await expect(page.getByRole('searchbox', { name: '搜索内容' })).toHaveValue('');
    await expect(page.getByRole('group', { name: '屏幕键盘' })).toBeVisible();
  } finally {
    await kiosk.stop();
  }
});

test('Finish now ends the visit at once', async ({ page, kiosk }) => {
  await page.clock.install();
  await page.goto(kiosk.url);
  await start(page);
  await page.getByRole('button', { name: /^不知道去哪个科/ }).tap();
  await page.getByRole('button', { name: /腿和脚/ }).tap();
  await page.clock.runFor(91_000);
  await page.getByRole('dialog').getByRole('button', { name: '结束使用' }).tap();
  await expect(page.getByRole('button', { name: START })).toBeVisible();
  await start(page);
  await page.getByRole('button', { name: /^不知道去哪个科/ }).tap();
  await expect(page.getByRole('button', { name: /腿和脚/ })).toHaveAttribute('aria-pressed', 'false');
});
