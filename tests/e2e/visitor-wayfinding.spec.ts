/**
 * Finding the way: the symptom guide from a body area to a department, and a department's
 * directions: floor plans with the route, numbered steps, the step-free route, the QR code,
 * the sample-plan note and a calm sentence when there are no directions.
 */
import { expect, test } from './fixtures.js';
import { openDepartment, start } from './ui-helpers.js';

test('the symptom guide leads from legs to varicose veins to Vascular Surgery, and says where emergencies go', async ({ kioskPage: page }) => {
  await start(page);
  await page.getByRole('button', { name: /^不知道去哪个科/ }).tap();
  await expect(page.getByRole('heading', { level: 1, name: '不知道去哪个科？' })).toBeVisible();
  await expect(page.getByText('不能代替医生诊断')).toBeVisible();
  await expect(page.getByRole('complementary', { name: '急症请勿等待' })).toContainText('急诊科');
  await expect(page.getByText('请先在').first()).toBeAttached();

  await page.getByRole('button', { name: /腿和脚/ }).tap();
  await expect(page.getByRole('button', { name: /腿和脚/ })).toHaveAttribute('aria-pressed', 'true');
  const varicose = page.getByRole('listitem').filter({ hasText: '静脉曲张' });
  await expect(varicose).toBeVisible();
  await varicose.getByRole('button', { name: '血管外科' }).tap();
  await expect(page.getByRole('heading', { level: 1, name: /血管外科/ })).toBeVisible();

  // In English too, and the guide keeps the chosen area on the way back.
  await page.getByRole('button', { name: 'English' }).tap();
  await page.getByRole('button', { name: 'Back' }).tap();
  await expect(page.getByRole('heading', { level: 1, name: 'Not sure where to go?' })).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'In an emergency, do not wait' })).toContainText('Emergency Department');
  await expect(page.getByRole('listitem').filter({ hasText: 'varicose veins' }).getByRole('button', { name: 'Vascular Surgery' })).toBeVisible();
});

test('directions show the plans with the route, numbered steps, a QR code; the route takes the lift unless the stairs are chosen', async ({
  kioskPage: page,
}) => {
  await start(page);
  await openDepartment(page, '血管外科');
  const section = page.getByRole('region', { name: '怎么走' });
  await expect(section).toBeVisible();
  await expect(section.getByRole('note')).toContainText('示意图');

  const steps = section.getByRole('list', { name: '路线步骤' }).getByRole('listitem');
  await expect(steps.first()).toContainText('1');
  await expect(steps.first()).toContainText('您在这里');
  await expect(steps.last()).toContainText('到达血管外科');
  // Step-free by default: the lift, never the stairs.
  await expect(steps.filter({ hasText: '乘电梯到2楼' })).toHaveCount(1);
  await expect(steps.filter({ hasText: '楼梯' })).toHaveCount(0);

  // The plan is one image to assistive technology, drawn from an allow-list (nothing active in
  // it); the route is drawn over it; "you are here" marks the start.
  const plan = section.getByRole('img', { name: '1楼平面图，标有路线' });
  await expect(plan).toBeVisible();
  await expect(plan.locator('rect').first()).toBeAttached();
  await expect(plan.locator('script, foreignObject, image, a, iframe, style')).toHaveCount(0);
  await expect(section.locator('polyline')).toHaveCount(2);
  await expect(section.getByText('您在这里', { exact: true })).toBeVisible();
  await section.getByRole('tab', { name: /2楼/ }).tap();
  await expect(section.getByRole('tab', { name: /2楼/ })).toHaveAttribute('aria-selected', 'true');
  await expect(section.getByRole('img', { name: '2楼平面图，标有路线' })).toBeVisible();

  const qr = section.getByRole('img', { name: '路线二维码' });
  await expect(qr).toHaveAttribute('src', /^data:image\/svg\+xml/);
  await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await expect(section.getByText('手机扫码查看路线')).toBeVisible();

  const choice = section.getByRole('group', { name: '怎么上下楼' });
  const stepFree = choice.getByRole('button', { name: '无障碍路线' });
  const stairs = choice.getByRole('button', { name: '走楼梯' });
  await expect(stepFree).toHaveAttribute('aria-pressed', 'true');
  await expect(stairs).toHaveAttribute('aria-pressed', 'false');
  await stairs.tap();
  await expect(stairs).toHaveAttribute('aria-pressed', 'true');
  await expect(stepFree).toHaveAttribute('aria-pressed', 'false');
  await expect(steps.filter({ hasText: '走楼梯到2楼' })).toHaveCount(1);
  await expect(steps.filter({ hasText: '乘电梯' })).toHaveCount(0);
  await stepFree.tap();
  await expect(steps.filter({ hasText: '乘电梯到2楼' })).toHaveCount(1);

  // Steps follow the language.
  await page.getByRole('button', { name: 'English' }).tap();
  await expect(page.getByRole('region', { name: 'How to get there' }).getByRole('listitem').filter({ hasText: 'Take the lift to Floor 2' })).toHaveCount(1);
});

test('when there are no directions, the page says so calmly', async ({ kioskPage: page }) => {
  await page.route('**/api/getDirections', (route) =>
    route.fulfill({
      status: 404,
      contentType: 'application/json',
      body: JSON.stringify({ ok: false, error: { code: 'not_found', message: 'Vascular Surgery is not on the map yet; please ask at the information desk.' } }),
    }),
  );
  await start(page);
  await openDepartment(page, '血管外科');
  const section = page.getByRole('region', { name: '怎么走' });
  await expect(section.getByText('暂时无法显示路线')).toBeVisible();
  await expect(section.getByText('not on the map yet; please ask at the information desk')).toBeVisible();
  await expect(section.getByRole('button', { name: '重试' })).toBeVisible();
});
