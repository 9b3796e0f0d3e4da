/**
 * Volunteer mode as volunteers use it: the discreet Volunteer button and the volunteer code
 * (a wrong code, then the right one), the dense directory narrowed by the kiosk's own search
 * (characters, pinyin, English), the "show the patient" card in both languages with its QR
 * code, the visitor information, the printed slip for an 80 mm roll and for A5, Exit back to the
 * welcome screen; and a LAN device, which opens straight on the volunteer code pad and sends its
 * session with every call.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { startKiosk, test, expect, type RunningKiosk } from './fixtures.js';
import { enterPin, expectWelcome, freshDataDir, staffWorld, VOLUNTEER_CODE } from './staff-helpers.js';

const SHOTS = process.env.KIOSK_SHOTS_DIR ?? 'test-results/shots-staff';

let kiosk: RunningKiosk | undefined;
test.afterEach(async () => {
  await kiosk?.stop();
  kiosk = undefined;
});

async function volunteerMode(page: Page): Promise<void> {
  kiosk = await startKiosk({ dataDir: freshDataDir(staffWorld().template) });
  await page.goto(kiosk.url);
  await expectWelcome(page);
  await page.getByRole('button', { name: /志愿者\s*Volunteer/ }).tap();
  await expect(page.getByRole('heading', { level: 1, name: /请输入志愿者码|enter the volunteer code/ })).toBeVisible();
  await enterPin(page, VOLUNTEER_CODE);
  await expect(page.getByRole('heading', { level: 1, name: /科室与服务|Departments and services/ })).toBeVisible();
}

test('volunteers enter with the code, filter the directory by characters, pinyin and English, and show a patient the way', async ({ page }) => {
  kiosk = await startKiosk({ dataDir: freshDataDir(staffWorld().template) });
  await page.goto(kiosk.url);
  await expectWelcome(page);
  await page.getByRole('button', { name: /志愿者\s*Volunteer/ }).tap();
  await expect(page.getByRole('heading', { level: 1, name: /志愿者模式：请输入志愿者码/ })).toBeVisible();
  await enterPin(page, '0000');
  await expect(page.getByRole('alert').filter({ hasText: '志愿者码不正确。还可以再试2次' })).toBeVisible();
  await enterPin(page, VOLUNTEER_CODE);

  const list = page.getByRole('list', { name: '科室与服务' });
  const rows = list.getByRole('listitem');
  /** The rows on screen answer the query in the field (no search on its way). */
  const settled = () => expect(list).toHaveAttribute('aria-busy', 'false');
  await expect(page.getByRole('heading', { level: 1, name: '科室与服务' })).toBeVisible();
  // The heading comes before the directory has loaded; its count says when it has.
  const count = page.getByRole('status').filter({ hasText: /显示\d+\/\d+项/ });
  await expect(count).toBeVisible();
  const all = Number((await count.textContent())?.match(/\/(\d+)项/)?.[1]);
  expect(all).toBeGreaterThan(20);
  await expect(rows).toHaveCount(all);
  // Every fact the content does not give yet reads "to be confirmed".
  await expect(rows.first()).toContainText('待确认');

  const filter = page.getByRole('searchbox', { name: '筛选' });
  await filter.fill('超声');
  await settled();
  await expect(count).not.toContainText(`显示${all}/`);
  const byChars = await rows.count();
  expect(byChars).toBeLessThan(all);
  await expect(rows.filter({ hasText: '综合超声科' }).first()).toBeVisible();
  await expect(rows.filter({ hasText: '下肢静脉曲张' })).toHaveCount(0);

  await filter.fill('chaosheng');
  await settled();
  await expect(count).toContainText(`显示${byChars}/`);
  await expect(rows.filter({ hasText: '综合超声科' }).first()).toBeVisible();

  // English, typed on the on-screen keyboard that opens with the field.
  await filter.fill('');
  await expect(count).toContainText(`显示${all}/`);
  await filter.tap();
  const keyboard = page.getByRole('group', { name: /屏幕键盘|On-screen keyboard/ });
  for (const k of 'VEIN') await keyboard.getByRole('button', { name: k, exact: true }).tap();
  await expect(filter).toHaveValue('vein');
  await settled();
  // The service found, under its department.
  await expect(list.getByRole('button', { name: /下肢静脉曲张/ })).toHaveCount(1);
  await expect(list.getByRole('list', { name: '血管外科的服务' }).getByRole('button', { name: /下肢静脉曲张/ })).toBeVisible();
  expect(await rows.count()).toBeLessThan(all);
  await expect(rows.filter({ hasText: '心脏超声' })).toHaveCount(0);

  // Sort by location keeps the same rows.
  await page.getByRole('button', { name: '按位置' }).tap();
  await expect(page.getByRole('button', { name: '按位置' })).toHaveAttribute('aria-pressed', 'true');

  // Show the patient: both languages side by side, the QR code as an image.
  await page.getByRole('button', { name: '给患者看：下肢静脉曲张' }).tap();
  const card = page.getByRole('article', { name: /血管外科\s*Vascular Surgery/ });
  await expect(card).toBeVisible();
  await expect(card.getByRole('heading', { level: 1 })).toContainText('血管外科');
  await expect(card.getByRole('heading', { level: 1 })).toContainText('Vascular Surgery');
  await expect(card).toContainText('到达血管外科');
  await expect(card).toContainText('You have arrived at Vascular Surgery');
  const qr = card.getByRole('img', { name: /路线二维码/ });
  await expect(qr).toBeVisible();
  expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
  await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

  // Back to the directory, then the visitor information with its placeholders marked.
  await page.getByRole('button', { name: '科室与服务', exact: true }).first().tap();
  await page.getByRole('navigation', { name: '志愿者模式' }).getByRole('button', { name: '就诊须知' }).tap();
  await expect(page.getByRole('heading', { level: 1, name: '就诊须知' })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: '停车' })).toContainText('待确认');
  await expect(page.getByRole('listitem').filter({ hasText: '急诊' }).first()).toContainText('120');

  // Exit locks and returns to the welcome screen; the directory is gone with the session.
  await page.getByRole('button', { name: /退出\s*Exit/ }).tap();
  await expectWelcome(page);
  await expect(page.getByRole('heading', { name: '科室与服务' })).toHaveCount(0);
});

test('the idle reset ends volunteer mode', async ({ page }, info) => {
  test.skip(info.project.name !== 'portrait', 'the reset does not depend on the screen');
  kiosk = await startKiosk({ dataDir: freshDataDir(staffWorld().template), args: ['--idle-seconds', '2'] });
  const locks: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/lock')) locks.push(r.postData() ?? '');
  });
  await page.clock.install();
  await page.goto(kiosk.url);
  await page.getByRole('button', { name: /志愿者\s*Volunteer/ }).tap();
  await enterPin(page, VOLUNTEER_CODE);
  await expect(page.getByRole('heading', { level: 1, name: '科室与服务' })).toBeVisible();
  // The idle warning counts down, then the kiosk resets to the welcome screen.
  await page.clock.runFor(5_000);
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.clock.runFor(40_000);
  await expectWelcome(page);
  // The session was locked on the service, not only forgotten here.
  await expect.poll(() => locks.length).toBe(1);
  expect(JSON.parse(locks[0]!)).toHaveProperty('token');
  await expect(page.getByRole('heading', { name: '科室与服务' })).toHaveCount(0);
});

test('a printed slip fits an 80 mm receipt roll and an A5 sheet', async ({ page }, info) => {
  test.skip(info.project.name !== 'portrait', 'print output does not depend on the screen');
  await page.addInitScript(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => {
      (window as unknown as { printed: number }).printed++;
    };
  });
  await volunteerMode(page);
  await page.getByRole('button', { name: '给患者看：综合超声科' }).tap();
  await expect(page.getByRole('article').getByRole('img', { name: /路线二维码/ })).toBeVisible();
  mkdirSync(SHOTS, { recursive: true });

  for (const paper of ['receipt', 'a5'] as const) {
    await page.getByRole('button', { name: '打印', exact: true }).tap();
    const dialog = page.getByRole('dialog', { name: '选择纸张' });
    await dialog.getByRole('button', { name: paper === 'receipt' ? /80毫米小票/ : /A5纸/ }).tap();
    await dialog.getByRole('button', { name: '打印', exact: true }).tap();
    await expect(dialog).toBeHidden();
    await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(paper === 'receipt' ? 1 : 2);

    await page.emulateMedia({ media: 'print' });
    const slip = page.locator('.print-slip');
    await expect(slip).toBeVisible();
    await expect(slip).toContainText('综合超声科');
    await expect(slip).toContainText('General Ultrasound');
    await expect(page.getByRole('main')).toBeHidden();
    const pdf = join(SHOTS, `slip-${paper}.pdf`);
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });

    const pages = pdfPages(pdf);
    expect(pages.count).toBe(1);
    // 80 mm = 226.8 pt wide; A5 = 419.5 × 595.3 pt.
    if (paper === 'receipt') expect(Math.round(pages.width)).toBe(227);
    else expect([Math.round(pages.width), Math.round(pages.height)]).toEqual([420, 595]);
  }
});

/** Page count and first page size in pt, from pdfinfo when it is installed, else from the PDF's MediaBox. */
function pdfPages(file: string): { count: number; width: number; height: number } {
  try {
    const out = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    const size = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(out)!;
    return { count: Number(/Pages:\s+(\d+)/.exec(out)![1]), width: Number(size[1]), height: Number(size[2]) };
  } catch {
    const text = execFileSync('cat', [file]).toString('latin1');
    const box = /MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(text)!;
    return { count: (text.match(/\/Type\s*\/Page[^s]/g) ?? []).length, width: Number(box[1]), height: Number(box[2]) };
  }
}

test('a LAN device opens on the volunteer code pad and sends its session with every call', async ({ page }, info) => {
  test.skip(info.project.name !== 'portrait', 'does not depend on the screen');
  // Tests talk to loopback only: the kiosk's answer is marked as seen from a LAN device. The host's
  // own LAN rules (volunteer session required, IT refused) are tested in tests/unit/host/server.lan.test.ts.
  kiosk = await startKiosk({ dataDir: freshDataDir(staffWorld().template) });
  const url = kiosk.url;
  await page.route('**/api/getInfo', async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { ok: boolean; value?: { viewer: string } };
    if (body.value) body.value.viewer = 'lan-device';
    await route.fulfill({ response, json: body });
  });
  const sent: { method: string; session: string | undefined }[] = [];
  page.on('request', (r) => {
    const m = /\/api\/(\w+)$/.exec(r.url());
    if (m) sent.push({ method: m[1]!, session: r.headers()['x-kiosk-session'] });
  });
  await page.goto(url);

  // No welcome screen, no visitor screens: the code pad, with no Cancel.
  await expect(page.getByRole('heading', { level: 1, name: /请输入志愿者码/ })).toBeVisible();
  await expect(page.getByText(/这台设备通过医院网络连接导诊机/)).toBeVisible();
  await expect(page.getByRole('button', { name: /触摸屏幕开始|Touch to start/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '取消' })).toHaveCount(0);

  await enterPin(page, VOLUNTEER_CODE);
  const rows = page.getByRole('list', { name: '科室与服务' }).getByRole('listitem');
  await expect(rows.first()).toBeVisible();
  await page.getByRole('button', { name: '给患者看：血管外科' }).tap();
  await expect(page.getByRole('article', { name: /血管外科/ }).getByRole('img', { name: /路线二维码/ })).toBeVisible();

  const after = sent.slice(sent.findIndex((s) => s.method === 'unlock') + 1).filter((s) => s.method !== 'lock');
  expect(after.map((s) => s.method)).toEqual(expect.arrayContaining(['getDirectory', 'getDepartment', 'getDirections']));
  expect(after.every((s) => s.session && s.session.length >= 16)).toBe(true);

  // Exit on a LAN device goes back to the code pad, and the session is no longer sent.
  await page.getByRole('button', { name: /退出\s*Exit/ }).tap();
  await expect(page.getByRole('heading', { level: 1, name: /请输入志愿者码/ })).toBeVisible();
});
