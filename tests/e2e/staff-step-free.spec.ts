/**
 * The "show the patient" card and its printed slip are step-free unless the volunteer chooses the
 * stairs: the card's steps, its QR code and the slip all follow the choice and say which it is;
 * a floor the content does not give is the route's, as on the visitor's page.
 */
import type { Response } from '@playwright/test';
import { startKiosk, test, expect, type RunningKiosk } from './fixtures.js';
import { enterPin, expectWelcome, freshDataDir, staffWorld, VOLUNTEER_CODE } from './staff-helpers.js';

let kiosk: RunningKiosk | undefined;
test.afterEach(async () => {
  await kiosk?.stop();
  kiosk = undefined;
});

test('the patient card, its QR code and the printed slip are step-free unless the stairs are chosen', async ({ page }) => {
  await page.addInitScript(() => {
    window.print = () => {};
  });
  const answers: { stepFree: boolean; text: string; qrSvg: string }[] = [];
  page.on('response', async (r: Response) => {
    if (!r.url().endsWith('/api/getDirections') || !r.ok()) return;
    const asked = JSON.parse(r.request().postData() ?? '{}') as { stepFree?: boolean };
    const body = (await r.json()) as { value: { text: string; qrSvg: string } };
    answers.push({ stepFree: asked.stepFree ?? true, ...body.value });
  });
  // The built-in content: no floor given, so the card takes it from the (sample) map.
  kiosk = await startKiosk({ dataDir: freshDataDir(staffWorld().template) });
  await page.goto(kiosk.url);
  await expectWelcome(page);
  await page.getByRole('button', { name: /志愿者\s*Volunteer/ }).tap();
  await enterPin(page, VOLUNTEER_CODE);
  await expect(page.getByRole('heading', { level: 1, name: '科室与服务' })).toBeVisible();
  await page.getByRole('button', { name: '给患者看：血管外科' }).tap();

  const card = page.getByRole('article', { name: /血管外科\s*Vascular Surgery/ });
  const route = card.getByRole('region', { name: /怎么走/ });
  const steps = route.getByRole('listitem');
  const qr = card.getByRole('img', { name: /路线二维码/ });
  const slip = page.locator('.print-slip');
  await expect(steps.filter({ hasText: '乘电梯到2楼' })).toHaveCount(1);
  await expect(steps.filter({ hasText: 'Take the lift to Floor 2' })).toHaveCount(1);
  await expect(steps.filter({ hasText: /楼梯|stairs/ })).toHaveCount(0);
  await expect(route.getByRole('heading')).toContainText('无台阶');
  // Where it is agrees with the route, and says the floor comes from the sample plan.
  await expect(card.getByRole('region', { name: /位置/ })).toContainText('2楼');
  await expect(card.getByRole('region', { name: /位置/ })).toContainText('Floor 2');
  await expect(card.getByRole('region', { name: /位置/ })).toContainText('按示意图');

  const choice = card.getByRole('group', { name: '怎么上下楼' });
  await expect(choice.getByRole('button', { name: '无障碍路线' })).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => answers.length).toBeGreaterThan(0);
  const lift = answers.at(-1)!;
  expect(lift.stepFree).toBe(true);
  expect(lift.text.split('\n')[0]).toBe('去血管外科的路线（无台阶）');
  await expect(qr).toHaveAttribute('src', `data:image/svg+xml;charset=utf-8,${encodeURIComponent(lift.qrSvg)}`);
  await expect(slip).toContainText('怎么走（无台阶，示意路线）');
  await expect(slip).toContainText('How to get there (step-free, Sample route)');
  await expect(slip).toContainText('乘电梯到2楼');
  await expect(slip).toContainText('2楼（按示意图）');

  // The stairs for a patient who would rather walk: the card, the QR code and the slip follow.
  await choice.getByRole('button', { name: '走楼梯' }).tap();
  await expect(choice.getByRole('button', { name: '走楼梯' })).toHaveAttribute('aria-pressed', 'true');
  await expect(steps.filter({ hasText: '走楼梯到2楼' })).toHaveCount(1);
  await expect(steps.filter({ hasText: '乘电梯' })).toHaveCount(0);
  await expect(route.getByRole('heading')).toContainText('走楼梯');
  await expect.poll(() => answers.at(-1)!.stepFree).toBe(false);
  const stairs = answers.at(-1)!;
  expect(stairs.text.split('\n')[0]).toBe('去血管外科的路线（走楼梯）');
  await expect(qr).toHaveAttribute('src', `data:image/svg+xml;charset=utf-8,${encodeURIComponent(stairs.qrSvg)}`);
  await expect(slip).toContainText('怎么走（走楼梯，示意路线）');
  await expect(slip).toContainText('Take the stairs to Floor 2');
  await expect(slip).not.toContainText('乘电梯');

  // Printing prints that slip.
  await page.getByRole('button', { name: '打印', exact: true }).tap();
  const dialog = page.getByRole('dialog', { name: '选择纸张' });
  await dialog.getByRole('button', { name: '打印', exact: true }).tap();
  await page.emulateMedia({ media: 'print' });
  await expect(slip).toBeVisible();
  await expect(slip).toContainText('走楼梯到2楼');
  await page.emulateMedia({ media: 'screen' });

  // A route on one floor has no choice to make; the next patient's card starts step-free again.
  await page.getByRole('button', { name: '科室与服务', exact: true }).first().tap();
  await page.getByRole('button', { name: '给患者看：综合超声科' }).tap();
  await expect(
    page
      .getByRole('article', { name: /综合超声科/ })
      .getByRole('listitem')
      .filter({ hasText: '到达综合超声科' }),
  ).toBeVisible();
  await expect(page.getByRole('group', { name: '怎么上下楼' })).toHaveCount(0);
  await page.getByRole('button', { name: '科室与服务', exact: true }).first().tap();
  await page.getByRole('button', { name: '给患者看：血管外科' }).tap();
  await expect(page.getByRole('group', { name: '怎么上下楼' }).getByRole('button', { name: '无障碍路线' })).toHaveAttribute('aria-pressed', 'true');
  await expect(
    page
      .getByRole('article', { name: /血管外科/ })
      .getByRole('listitem')
      .filter({ hasText: '乘电梯到2楼' }),
  ).toHaveCount(1);
});
