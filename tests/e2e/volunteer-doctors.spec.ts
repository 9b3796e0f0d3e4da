/**
 * Doctors in the volunteer directory, over generated content with 200 doctors (all of it drawn, under the screen's row cap) installed from a
 * signed pack as IT staff would: each department lists its doctors under it with both names, the
 * title and today's clinics (by the kiosk's own date); a volunteer types a doctor's name in pinyin
 * on the on-screen keys and finds the doctor under their department, in Chinese and in English;
 * and over the built-in content, which names no doctors, the directory lists none.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { clinicRoom, writeDoctorsSource } from './doctors-helpers.js';
import { startKiosk, test, expect, type RunningKiosk } from './fixtures.js';
import { enterPin, expectWelcome, freshDataDir, kioskCli, staffWorld, VOLUNTEER_CODE } from './staff-helpers.js';
import { typeOnScreen } from './visitor-helpers.js';

const SHOTS = process.env.KIOSK_SHOTS_DIR ?? 'test-results/shots-staff';

let kiosk: RunningKiosk | undefined;
let root: string | undefined;
test.afterEach(async () => {
  await kiosk?.stop();
  kiosk = undefined;
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

/**
 * A data folder with the volunteer code set, 20 generated departments and 200 generated doctors,
 * and the three doctors of Vascular Surgery (./doctors-helpers.ts: Wang Jianhua this morning, Zhou
 * Haiyan only tomorrow, Sun Zhiqiang's clinic today cancelled), installed from a signed pack.
 */
function doctorsDataDir(): string {
  const world = staffWorld();
  root = mkdtempSync(join(tmpdir(), 'kiosk-vol-doctors-'));
  const source = writeDoctorsSource(join(root, 'content'), { departments: 20, rowsPerDepartment: 4, doctors: 200, seed: 7 });
  const pack = join(root, 'doctors.kpack');
  kioskCli(['pack', source, '--key', join(world.root, 'keys', 'hospital-it.key'), '--version', '3', '--out', pack, '--id', 'hospital-main']);
  const data = freshDataDir(world.template);
  kioskCli(['install', pack, '--data-dir', data]);
  return data;
}

async function openDirectory(page: Page, dataDir: string, lang: 'zh' | 'en'): Promise<void> {
  kiosk = await startKiosk({ dataDir });
  await page.goto(kiosk.url);
  await expectWelcome(page);
  if (lang === 'en') await page.getByRole('button', { name: 'English' }).tap();
  await page.getByRole('button', { name: /志愿者\s*Volunteer/ }).tap();
  await enterPin(page, VOLUNTEER_CODE);
  await expect(page.getByRole('heading', { level: 1, name: lang === 'zh' ? '科室与服务' : 'Departments and services' })).toBeVisible();
}

const words = {
  zh: {
    list: '科室与服务',
    filter: '筛选',
    vascular: '血管外科',
    doctorsOfVascular: '血管外科的医生',
    wang: '王建华',
    wangOther: 'Wang Jianhua',
    title: '主任医师',
    morning: '上午',
    zhou: '周海燕',
    noClinic: '今日无出诊',
    show: '给患者看：',
  },
  en: {
    list: 'Departments and services',
    filter: 'Filter',
    vascular: 'Vascular Surgery',
    doctorsOfVascular: 'Doctors of Vascular Surgery',
    wang: 'Wang Jianhua',
    wangOther: '王建华',
    title: 'Chief Physician',
    morning: 'Morning',
    zhou: 'Zhou Haiyan',
    noClinic: 'No clinic today',
    show: 'Show the patient: ',
  },
} as const;

for (const lang of ['zh', 'en'] as const) {
  const w = words[lang];

  test(`a volunteer types a doctor's name in pinyin and finds them under their department, with today's clinic (${lang})`, async ({ page }, info) => {
    await openDirectory(page, doctorsDataDir(), lang);
    const list = page.getByRole('list', { name: w.list, exact: true });
    await expect(list).toHaveAttribute('aria-busy', 'false');
    const vascular = list.locator(':scope > li').filter({ has: page.getByRole('heading', { level: 2, name: w.vascular, exact: true }) });
    // Unfiltered, the department lists its three doctors: today's clinic for one, none today for another.
    const doctors = vascular.getByRole('list', { name: w.doctorsOfVascular });
    await expect(doctors.getByRole('listitem')).toHaveCount(3);
    const wang = doctors.getByRole('listitem').filter({ hasText: w.wang });
    await expect(wang).toContainText(w.wangOther);
    await expect(wang).toContainText(w.title);
    await expect(wang).toContainText(w.morning);
    await expect(wang).toContainText(clinicRoom(305)[lang]);
    await expect(doctors.getByRole('listitem').filter({ hasText: w.zhou })).toContainText(w.noClinic);
    await vascular.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, `${info.project.name}-${lang}-doctors-listed.png`), animations: 'disabled' });

    // The name in pinyin, typed on the on-screen keys.
    await page.getByRole('searchbox', { name: w.filter }).tap();
    await typeOnScreen(page, 'wangjianhua');
    await expect(page.getByRole('searchbox', { name: w.filter })).toHaveValue('wangjianhua');
    await expect(list).toHaveAttribute('aria-busy', 'false');
    // Generated doctors may share the name; the one of Vascular Surgery is under Vascular Surgery, and only Wang Jianhua is there.
    await expect(vascular).toHaveCount(1);
    await expect(doctors.getByRole('listitem')).toHaveCount(1);
    await expect(doctors.getByRole('button', { name: `${w.show}${w.wang}` })).toBeVisible();
    await expect(doctors.getByRole('listitem')).toContainText(w.morning);
    await expect(list.getByText(w.zhou)).toHaveCount(0);
    // Every doctor the filter shows, under whichever department, is a Wang Jianhua.
    const shown = list.getByRole('list', { name: lang === 'zh' ? /的医生$/ : /^Doctors of / }).getByRole('button');
    await expect(shown.first()).toBeVisible();
    await expect(shown.filter({ hasNotText: w.wang })).toHaveCount(0);
    await page.screenshot({ path: join(SHOTS, `${info.project.name}-${lang}-doctor-found.png`), animations: 'disabled' });

    // The doctor opens the card of their department.
    await doctors.getByRole('button', { name: `${w.show}${w.wang}` }).tap();
    await expect(page.getByRole('heading', { name: new RegExp(w.vascular) }).first()).toBeVisible();
  });
}

test('over the built-in content, which names no doctors, the directory lists none', async ({ page }) => {
  await openDirectory(page, freshDataDir(staffWorld().template), 'en');
  const list = page.getByRole('list', { name: words.en.list, exact: true });
  await expect(list).toHaveAttribute('aria-busy', 'false');
  await expect(list.getByRole('heading', { level: 2, name: 'Vascular Surgery', exact: true })).toBeVisible();
  await expect(list.getByRole('list', { name: /^Doctors of / })).toHaveCount(0);
  await page.getByRole('searchbox', { name: 'Filter' }).fill('wangjianhua');
  await expect(page.getByText('No department, service or doctor matches.')).toBeVisible();
});
