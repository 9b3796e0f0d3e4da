/**
 * Doctors on generated content, installed from a signed pack as IT staff would: the department
 * page's "Today's clinics" shows the doctors holding a clinic today (the kiosk's own date) and not
 * the one whose clinic is tomorrow, says a cancelled clinic is cancelled, and is absent for a
 * department without doctors; a doctor is found by name in pinyin initials and by English name,
 * with the department, and leads to that department's page.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDoctorsSource } from './doctors-helpers.js';
import { startKiosk, test, expect, type RunningKiosk } from './fixtures.js';
import { kioskCli } from './staff-helpers.js';
import { openDepartment, start } from './ui-helpers.js';
import { keyboard, openSearch, resultGroup, typeOnScreen } from './visitor-helpers.js';

let kiosk: RunningKiosk | undefined;
let root: string | undefined;
test.afterEach(async () => {
  await kiosk?.stop();
  kiosk = undefined;
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

/** The built-in content with 40 generated departments, 400 generated doctors and the three doctors of Vascular Surgery (./doctors-helpers.ts). */
function doctorsKiosk(): string {
  root = mkdtempSync(join(tmpdir(), 'kiosk-doctors-'));
  const source = writeDoctorsSource(join(root, 'content'), { departments: 40, rowsPerDepartment: 6, doctors: 400, seed: 5 });
  const data = join(root, 'data');
  kioskCli(['keygen', '--out', join(root, 'keys'), '--name', 'hospital-it']);
  kioskCli(['pack', source, '--key', join(root, 'keys', 'hospital-it.key'), '--version', '3', '--out', join(root, 'v3.kpack')]);
  kioskCli(['trust', join(root, 'keys', 'hospital-it.pub'), '--data-dir', data]);
  kioskCli(['install', join(root, 'v3.kpack'), '--data-dir', data]);
  return data;
}

test("a department page shows today's clinics, not tomorrow's, and a cancelled one as cancelled", async ({ page }, info) => {
  kiosk = await startKiosk({ dataDir: doctorsKiosk() });
  await page.goto(kiosk.url);
  await page.getByRole('button', { name: 'English' }).tap();
  await start(page);
  await openDepartment(page, 'Vascular Surgery');
  const clinics = page.getByRole('region', { name: "Today's clinics" });
  await expect(clinics).toBeVisible();
  const wang = clinics.getByRole('listitem').filter({ hasText: 'Wang Jianhua' });
  await expect(wang).toContainText('Chief Physician');
  await expect(wang).toContainText('Morning');
  await expect(wang).toContainText('Expert clinic');
  await expect(wang).toContainText('Outpatient Building, Room 305');
  await expect(clinics).not.toContainText('Zhou Haiyan');
  const sun = clinics.getByRole('listitem').filter({ hasText: 'Sun Zhiqiang' });
  await expect(sun).toContainText('Cancelled today');
  await expect(sun).toContainText('Away at a consultation');
  await expect(sun).not.toContainText('Room 307');
  await clinics.scrollIntoViewIfNeeded();
  await page.screenshot({ path: info.outputPath(`doctors-today-en-${info.project.name}.png`) });

  // In Chinese too.
  await page.getByRole('button', { name: '中文' }).tap();
  const zh = page.getByRole('region', { name: '今日出诊' });
  await expect(zh.getByRole('listitem').filter({ hasText: '王建华' })).toContainText('上午');
  await expect(zh.getByRole('listitem').filter({ hasText: '孙志强' })).toContainText('今日停诊');

  // A department without doctors has no such section.
  await page.getByRole('button', { name: 'English' }).tap();
  await page.getByRole('button', { name: /Home/ }).first().tap();
  await openDepartment(page, 'General Ultrasound');
  await expect(page.getByRole('heading', { level: 1, name: /General Ultrasound/ })).toBeVisible();
  await expect(page.getByRole('region', { name: "Today's clinics" })).toHaveCount(0);
});

test('a doctor is found by pinyin initials and by English name, with the department, and leads to its page', async ({ page }) => {
  kiosk = await startKiosk({ dataDir: doctorsKiosk() });
  await page.goto(kiosk.url);
  await page.getByRole('button', { name: 'English' }).tap();
  await start(page);
  await openSearch(page);
  await typeOnScreen(page, 'wjh');
  const doctors = resultGroup(page, /^Doctors/);
  // Generated doctors may share the name: the one of Vascular Surgery is the one meant.
  const hit = doctors.getByRole('button', { name: /Wang Jianhua/ }).filter({ hasText: 'Vascular Surgery' });
  await expect(hit).toBeVisible();

  // The English name, typed on the keys after deleting the initials.
  for (let i = 0; i < 3; i++) await keyboard(page).getByRole('button', { name: 'Delete', exact: true }).tap();
  await typeOnScreen(page, 'wang jianhua');
  await expect(
    resultGroup(page, /^Doctors/)
      .getByRole('button', { name: /Wang Jianhua/ })
      .filter({ hasText: 'Vascular Surgery' }),
  ).toBeVisible();
  await hit.tap();
  await expect(page.getByRole('heading', { level: 1, name: /Vascular Surgery/ })).toBeVisible();
  await expect(page.getByRole('region', { name: "Today's clinics" })).toBeVisible();
});
