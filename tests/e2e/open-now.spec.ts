/**
 * "Open now / closed now" on a department page of a kiosk whose content gives structured hours
 * (installed from a signed pack as IT staff would), by the kiosk's clock (Playwright's here):
 * open, closing soon, closed until tomorrow, in both languages; the built-in content says nothing.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKiosk, test, expect, type RunningKiosk } from './fixtures.js';
import { kioskCli } from './staff-helpers.js';
import { openDepartment, start } from './ui-helpers.js';

let kiosk: RunningKiosk | undefined;
let root: string | undefined;
test.afterEach(async () => {
  await kiosk?.stop();
  kiosk = undefined;
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

/** A data folder whose content gives Vascular Surgery its weekday hours as periods. */
function structuredHoursKiosk(): string {
  root = mkdtempSync(join(tmpdir(), 'kiosk-open-now-'));
  const source = join(root, 'content');
  cpSync('resources/content', source, { recursive: true });
  const file = join(source, 'departments', 'vascular-surgery.json');
  const d = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  d.hours = [
    {
      days: { zh: '周一至周五', en: 'Mon–Fri' },
      time: '08:00–12:00, 13:30–17:00',
      weekly: [
        { weekdays: [1, 2, 3, 4, 5], from: '08:00', to: '12:00' },
        { weekdays: [1, 2, 3, 4, 5], from: '13:30', to: '17:00' },
      ],
    },
  ];
  writeFileSync(file, JSON.stringify(d, null, 2));
  const data = join(root, 'data');
  kioskCli(['keygen', '--out', join(root, 'keys'), '--name', 'hospital-it']);
  kioskCli(['pack', source, '--key', join(root, 'keys', 'hospital-it.key'), '--version', '3', '--out', join(root, 'v3.kpack')]);
  kioskCli(['trust', join(root, 'keys', 'hospital-it.pub'), '--data-dir', data]);
  kioskCli(['install', join(root, 'v3.kpack'), '--data-dir', data]);
  return data;
}

test('a department with structured hours says whether it is open now, as the clock moves', async ({ page }, info) => {
  kiosk = await startKiosk({ dataDir: structuredHoursKiosk() });
  await page.clock.install({ time: new Date('2026-09-28T11:29:20') }); // a Monday morning
  await page.goto(kiosk.url);
  await page.getByRole('button', { name: 'English' }).tap();
  await start(page);
  await openDepartment(page, 'Vascular Surgery');
  const where = page.getByRole('region', { name: 'Where and when' });
  await expect(where.getByRole('status')).toHaveText('Open now · closes at 12:00');
  await page.screenshot({ path: info.outputPath(`open-now-en-${info.project.name}.png`) });

  // Still on the page as 11:30 passes: it says so without a touch.
  await page.clock.runFor(50_000);
  await expect(where.getByRole('status')).toHaveText('Closing soon · closes at 12:00');
  await page.getByRole('button', { name: '中文' }).tap();
  await expect(page.getByRole('region', { name: '位置与时间' }).getByRole('status')).toHaveText('即将结束 · 12:00结束');
  await page.screenshot({ path: info.outputPath(`open-now-zh-${info.project.name}.png`) });

  // The next visitor, over lunch.
  await page.clock.runFor(45 * 60_000); // 12:16; the kiosk has long gone back to its welcome screen
  await page.getByRole('button', { name: 'English' }).tap();
  await start(page);
  await openDepartment(page, 'Vascular Surgery');
  await expect(page.getByRole('region', { name: 'Where and when' }).getByRole('status')).toHaveText('Closed now · opens at 13:30');
});

test('after closing on a Friday it names Monday; the built-in content says nothing of the kind', async ({ page }, info) => {
  test.skip(info.project.name !== 'portrait', 'does not depend on the screen');
  kiosk = await startKiosk({ dataDir: structuredHoursKiosk() });
  await page.clock.install({ time: new Date('2026-10-02T17:30:00') }); // a Friday evening
  await page.goto(kiosk.url);
  await page.getByRole('button', { name: 'English' }).tap();
  await start(page);
  await openDepartment(page, 'Vascular Surgery');
  await expect(page.getByRole('region', { name: 'Where and when' }).getByRole('status').filter({ hasText: 'Closed' })).toHaveText(
    'Closed now · opens Monday at 08:00',
  );
  await page
    .getByRole('button', { name: /Back|返回/ })
    .first()
    .tap();
  await openDepartment(page, 'General Ultrasound');
  await expect(page.getByRole('region', { name: 'Where and when' })).not.toContainText(/Open now|Closed now|Closing soon/);
});
