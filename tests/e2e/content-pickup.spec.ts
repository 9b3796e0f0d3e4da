/**
 * A running kiosk takes up content installed behind its back (from the command line, the IT
 * screen or the pack watcher) without a restart, at a safe moment: on the welcome screen, never
 * while a visitor is reading. Time runs on Playwright's clock.
 */
import { startKiosk, test, expect, type RunningKiosk } from './fixtures.js';
import { expectWelcome, freshDataDir, kioskCli, staffWorld } from './staff-helpers.js';
import { start } from './ui-helpers.js';

/**
 * The kiosk looks at its content pointer at most once a second when another process changed it
 * (src/core/file-stamp.ts). The page's clock is Playwright's and runs ahead at will; the kiosk's is
 * real, so a second of real time passes before the page's clock is moved on.
 */
const pickupWindow = () => new Promise((r) => setTimeout(r, 1_100));

let kiosk: RunningKiosk | undefined;
test.afterEach(async () => {
  await kiosk?.stop();
  kiosk = undefined;
});

test('content installed from the command line reaches visitors after the visit, and a rollback does too', async ({ page }, info) => {
  test.skip(info.project.name !== 'portrait', 'does not depend on the screen');
  kiosk = await startKiosk({ dataDir: freshDataDir(staffWorld().template), args: ['--idle-seconds', '5'] });
  await page.clock.install();
  await page.goto(kiosk.url);
  await page.getByRole('button', { name: 'English' }).tap();
  await start(page);
  await page.getByRole('button', { name: /Department directory/ }).tap();
  const main = page.getByRole('main');
  await expect(main).toContainText('To be confirmed');

  // Installed while a visitor reads the directory: what they read stays as it is.
  kioskCli(['install', staffWorld().packs.good, '--data-dir', kiosk.dataDir]);
  await pickupWindow();
  await page.clock.runFor(4_000);
  await expect(main).toContainText('To be confirmed');
  await expect(main).not.toContainText('Outpatient Building');

  // The visit ends (idle warning, then the reset); the welcome screen takes up the new content.
  await page.clock.runFor(40_000);
  await expectWelcome(page);
  await page.clock.runFor(1_000);
  await page.getByRole('button', { name: 'English' }).tap(); // the reset went back to Chinese
  await start(page);
  await page.getByRole('button', { name: /Department directory/ }).tap();
  await expect(main).toContainText('Outpatient Building');
  await expect(main).not.toContainText('To be confirmed');

  // Rolled back while the welcome screen waits: the next visitor sees the earlier content.
  await page.clock.runFor(40_000);
  await expectWelcome(page);
  kioskCli(['rollback', '--data-dir', kiosk.dataDir]);
  await pickupWindow();
  await page.clock.runFor(4_000);
  await page.getByRole('button', { name: 'English' }).tap();
  await start(page);
  await page.getByRole('button', { name: /Department directory/ }).tap();
  await expect(main).toContainText('To be confirmed');
  await expect(main).not.toContainText('Outpatient Building');
});
