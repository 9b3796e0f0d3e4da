/**
 * Language and text size: every visible string follows the language switch, placeholders read
 * "to be confirmed" in either language, large text is larger, and the kiosk's own default
 * language comes from its settings.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, startKiosk, test } from './fixtures.js';
import { fontSizeOf, openDepartment, start } from './ui-helpers.js';

test('the language switch changes the interface and the content, and back', async ({ kioskPage: page }) => {
  await start(page);
  const english = page.getByRole('button', { name: 'English' });
  const chinese = page.getByRole('button', { name: '中文' });
  await expect(chinese).toHaveAttribute('aria-pressed', 'true');
  await expect(english).toHaveAttribute('aria-pressed', 'false');

  await english.tap();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(english).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('heading', { level: 1, name: 'Hello. Which department are you looking for?' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Vascular Surgery', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'General Ultrasound', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Department directory' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Home' })).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'Emergency' })).toContainText('call 120');
  await expect(page.getByText('Vascular Surgery treats diseases of the arteries and veins', { exact: false })).toBeVisible();

  await chinese.tap();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans');
  await expect(page.getByRole('button', { name: '血管外科', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Vascular Surgery', exact: true })).toHaveCount(0);
});

test('facts not given yet are one sentence that sends the visitor to the information desk, in either language', async ({ kioskPage: page }) => {
  await start(page);
  await openDepartment(page, '血管外科');
  // One line for everything not given yet (no row of "to be confirmed" marks); the floor comes from
  // the map and says it is from the sample plan.
  const where = page.getByRole('region', { name: '位置与时间' });
  await expect(where.getByText('待确认')).toHaveCount(0);
  await expect(where.getByText(/暂无信息，请到服务台咨询/)).toHaveCount(1);
  await expect(where.getByText(/暂无信息/)).toHaveText(/^(楼宇|所在楼)、房间、(开放|工作)时间、电话暂无信息，请到服务台咨询/);
  await expect(where.getByRole('definition').filter({ hasText: /^\s*2楼/ })).toContainText('按示意图');
  await page.getByRole('button', { name: 'English' }).tap();
  const whereEn = page.getByRole('region', { name: 'Where and when' });
  await expect(whereEn.getByText('To be confirmed')).toHaveCount(0);
  await expect(whereEn.getByText(/not available yet/)).toHaveText(
    /^Building, room, (opening |working )?hours and phone: not available yet — please ask at the information desk/,
  );
  await expect(whereEn.getByRole('definition').filter({ hasText: /^\s*Floor 2/ })).toContainText('from the sample plan');
});

test('the directory lists every department with location, hours and phone', async ({ kioskPage: page }) => {
  await start(page);
  await page.getByRole('button', { name: '科室目录' }).tap();
  await expect(page.getByRole('heading', { level: 1, name: '科室目录' })).toBeVisible();
  const list = page.getByRole('main').getByRole('list');
  await expect(list.getByRole('button')).toHaveCount(2);
  await expect(list.getByText('待确认')).toHaveCount(6);
  await page.getByRole('button', { name: 'English' }).tap();
  const vascular = page.getByRole('button', { name: 'Vascular Surgery', exact: true });
  const ultrasound = page.getByRole('button', { name: 'General Ultrasound', exact: true });
  // Each row is touched as a whole; its button is the department's name, the rest describes it.
  const rowOf = (button: typeof vascular) => list.getByRole('listitem').filter({ has: button });
  await expect(rowOf(vascular)).toContainText('血管外科');
  await expect(rowOf(ultrasound)).toContainText('综合超声科');
  for (const row of [rowOf(vascular), rowOf(ultrasound)]) {
    await expect(row).toContainText('Location');
    await expect(row).toContainText('Opening hours');
    await expect(row).toContainText('Phone');
    await expect(row.getByText('To be confirmed')).toHaveCount(3);
  }
  await ultrasound.tap();
  await expect(page.getByRole('heading', { level: 1, name: /General Ultrasound/ })).toBeVisible();
});

test('large text makes the text measurably larger, and can be turned off', async ({ kioskPage: page }) => {
  await start(page);
  const heading = page.getByRole('heading', { level: 1 });
  const summary = page.getByText('血管外科诊治心脏和脑以外的动脉、静脉疾病', { exact: false });
  const before = { heading: await fontSizeOf(heading), summary: await fontSizeOf(summary), height: (await summary.boundingBox())!.height };
  expect(before.summary).toBeGreaterThanOrEqual(24);

  const toggle = page.getByRole('button', { name: '大字' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.tap();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => fontSizeOf(summary)).toBeGreaterThan(before.summary * 1.15);
  await expect.poll(() => fontSizeOf(heading)).toBeGreaterThan(before.heading * 1.15);
  expect((await summary.boundingBox())!.height).toBeGreaterThan(before.height);

  await toggle.tap();
  await expect.poll(() => fontSizeOf(summary)).toBe(before.summary);
});

test('the default language comes from the kiosk settings', async ({ page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-lang-'));
  writeFileSync(join(dataDir, 'kiosk.json'), JSON.stringify({ defaultLanguage: 'en' }));
  const kiosk = await startKiosk({ dataDir });
  try {
    await page.goto(kiosk.url);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('button', { name: 'English' })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('The First Hospital of Jilin University');
  } finally {
    await kiosk.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
