/**
 * A department page answers "where and when" first, as a visitor sees it on arrival in both
 * orientations: the location, the hours (or the one line that says they are not given yet) and
 * a large "Take me there" all on the first screen, inside the viewport and covered by nothing;
 * the floor agrees with the route; Take me there leads to the route. The route is step-free by
 * default (the lift, not the stairs), the stairs are the other choice, and the QR code and read
 * aloud follow the choice and say the plan is a sample.
 */
import type { Locator, Page, Response } from '@playwright/test';
import { settle } from './a11y-helpers.js';
import { expect, test } from './fixtures.js';
import { openDepartment, start } from './ui-helpers.js';

/** The element is wholly inside the viewport and nothing covers it (points all over it hit it). */
async function expectOnFirstScreen(page: Page, el: Locator, what: string): Promise<void> {
  await expect(el, what).toBeVisible();
  const vp = page.viewportSize()!;
  const box = (await el.boundingBox())!;
  expect(box.x, `${what}: left`).toBeGreaterThanOrEqual(0);
  expect(box.y, `${what}: top`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${what}: right`).toBeLessThanOrEqual(vp.width);
  expect(box.y + box.height, `${what}: bottom`).toBeLessThanOrEqual(vp.height);
  const covered = await el.evaluate((node) => {
    const r = node.getBoundingClientRect();
    // The middle, the middle of each edge just inside it, and points along the middle line as far
    // as a rounded end allows: a pill-shaped button's corners are not part of it.
    const inset = Math.min(4, r.width / 4, r.height / 4);
    const cx = r.left + r.width / 2;
    const cy = r.top + r.height / 2;
    const end = Math.min(r.height / 2, r.width / 2);
    const points: [number, number][] = [
      [cx, cy],
      [cx, r.top + inset],
      [cx, r.bottom - inset],
      [r.left + end, cy],
      [r.right - end, cy],
      [r.left + r.width / 4, cy],
      [r.right - r.width / 4, cy],
    ];
    return points
      .filter(([x, y]) => {
        const hit = document.elementFromPoint(x, y);
        return !hit || !(hit === node || node.contains(hit));
      })
      .map(([x, y]) => `${Math.round(x)},${Math.round(y)} is under ${document.elementFromPoint(x, y)?.outerHTML.slice(0, 80)}`);
  });
  expect(covered, `${what}: covered`).toEqual([]);
}

/** The location, the line that says when (or that it is not known yet) and Take me there. */
function firstScreen(page: Page, lang: 'zh' | 'en') {
  const where = page.getByRole('region', { name: lang === 'zh' ? '位置与时间' : 'Where and when' });
  return {
    where,
    location: where.getByRole('definition').filter({ hasText: lang === 'zh' ? /^\s*2楼/ : /^\s*Floor 2/ }),
    when: where.getByText(
      lang === 'zh' ? /(开放|工作)时间.*暂无信息，请到服务台咨询/ : /(opening|working) hours.*not available yet — please ask at the information desk/,
    ),
    go: page.getByRole('button', { name: lang === 'zh' ? '带我去' : 'Take me there' }),
  };
}

for (const lang of ['zh', 'en'] as const) {
  test(`where and when is on the first screen, and Take me there leads to the route (${lang})`, async ({ kioskPage: page }) => {
    if (lang === 'en') await page.getByRole('button', { name: 'English' }).tap();
    await start(page);
    await openDepartment(page, lang === 'zh' ? '血管外科' : 'Vascular Surgery');
    const first = firstScreen(page, lang);
    await expect(first.location).toContainText(lang === 'zh' ? '按示意图' : 'from the sample plan');
    await settle(page);
    await expectOnFirstScreen(page, first.location, 'location');
    await expectOnFirstScreen(page, first.when, 'hours line');
    await expectOnFirstScreen(page, first.go, 'Take me there');
    // One line for everything not given yet, and no "to be confirmed" anywhere on the page.
    await expect(first.where.getByText(lang === 'zh' ? /暂无信息/ : /not available yet/)).toHaveCount(1);
    await expect(page.getByText(lang === 'zh' ? '待确认' : 'To be confirmed')).toHaveCount(0);
    // The line says where the information desk is (a place in the content), with the way there.
    await expect(first.when).toContainText(lang === 'zh' ? '服务台在1楼，按示意图' : 'information desk (on Floor 1, from the sample plan)');
    // The page agrees with its route: the route's line says the same floor.
    await expect(first.where.getByRole('definition').filter({ hasText: lang === 'zh' ? '乘电梯到2楼' : 'Take the lift to Floor 2' })).toBeVisible();

    const directions = page.getByRole('heading', { level: 2, name: lang === 'zh' ? '怎么走' : 'How to get there' });
    // Take me there brings the route to the top of the screen, its heading focused.
    const main = page.getByRole('main');
    const mainTop = (await main.boundingBox())!.y;
    await first.go.tap();
    await expect(directions).toBeFocused();
    await expect.poll(async () => Math.abs((await directions.boundingBox())!.y - mainTop)).toBeLessThan(120);
    await expect(page.getByRole('img', { name: lang === 'zh' ? '1楼平面图，标有路线' : 'Plan of Floor 1 with the route marked' })).toBeInViewport({
      ratio: 0.6,
    });

    // Back up, the way to the information desk.
    await first.where.getByRole('button', { name: lang === 'zh' ? '去服务台' : 'To the information desk' }).tap();
    await expect(page.getByRole('heading', { level: 1, name: lang === 'zh' ? /服务台/ : /information desk/i })).toBeVisible();
  });
}

test('hours the content gives are on the first screen, and only the facts still missing share the one line', async ({ kioskPage: page }) => {
  await page.route('**/api/getDepartment', async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { ok: boolean; value: Record<string, unknown> };
    body.value.hours = [{ days: { zh: '周一至周五', en: 'Mon–Fri' }, time: '08:00–17:00' }];
    body.value.phone = '0431-8878 2222';
    await route.fulfill({ response, json: body });
  });
  await start(page);
  await openDepartment(page, '血管外科');
  const where = page.getByRole('region', { name: '位置与时间' });
  const hours = where.getByRole('definition').filter({ hasText: '08:00–17:00' });
  await settle(page);
  await expectOnFirstScreen(page, hours, 'hours');
  await expectOnFirstScreen(page, where.getByRole('definition').filter({ hasText: '0431-8878 2222' }), 'phone');
  await expect(where.getByText(/暂无信息/)).toHaveText(/^(楼宇|所在楼)、房间暂无信息，请到服务台咨询/);
});

test('the route takes the lift unless the stairs are chosen, and the QR code and read aloud follow the choice', async ({ page, kiosk }) => {
  await page.addInitScript(() => {
    const spoken: string[] = [];
    (window as unknown as { __spoken: string[] }).__spoken = spoken;
    class Utterance {
      lang = '';
      voice: unknown = null;
      rate = 1;
      onend: (() => void) | null = null;
      onerror: (() => void) | null = null;
      constructor(readonly text: string) {}
    }
    const synth = {
      getVoices: () => [{ lang: 'zh-CN', name: 'Test Chinese', localService: true, default: true, voiceURI: 'zh' }],
      speak: (u: Utterance) => spoken.push(u.text),
      cancel: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
    };
    Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
    Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true });
  });
  const answers: { stepFree: boolean; text: string; qrSvg: string }[] = [];
  page.on('response', async (r: Response) => {
    if (!r.url().endsWith('/api/getDirections') || !r.ok()) return;
    const asked = JSON.parse(r.request().postData() ?? '{}') as { stepFree?: boolean };
    const body = (await r.json()) as { value: { text: string; qrSvg: string } };
    answers.push({ stepFree: asked.stepFree ?? true, ...body.value });
  });
  await page.goto(kiosk.url);
  await start(page);
  await openDepartment(page, '血管外科');
  const section = page.getByRole('region', { name: '怎么走' });
  const steps = section.getByRole('list', { name: '路线步骤' }).getByRole('listitem');
  const qr = section.getByRole('img', { name: '路线二维码' });
  await expect(steps.filter({ hasText: '乘电梯到2楼' })).toHaveCount(1);
  await expect(steps.filter({ hasText: /楼梯/ })).toHaveCount(0);
  await expect(steps.first()).toContainText('示意图');

  // The QR code shown is the one of the step-free directions, and its text says so and says the plan is a sample.
  await expect.poll(() => answers.length).toBeGreaterThan(0);
  const lift = answers.at(-1)!;
  expect(lift.stepFree).toBe(true);
  expect(lift.text.split('\n')[0]).toBe('去血管外科的路线（无台阶）');
  expect(lift.text).toContain('乘电梯到2楼');
  expect(lift.text).toContain('这是示意图上的路线，并非医院实际布局');
  expect(lift.text).not.toContain('楼梯到');
  await expect(qr).toHaveAttribute('src', `data:image/svg+xml;charset=utf-8,${encodeURIComponent(lift.qrSvg)}`);

  // Read aloud: the page's summary and the steps both say it is the sample plan's route, by lift.
  await page.getByRole('button', { name: /^朗读: 血管外科/ }).tap();
  const summary = await page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken.at(-1)!);
  expect(summary).toContain('2楼（按示意图）');
  expect(summary).toContain('乘电梯到2楼');
  expect(summary).toMatch(/暂无信息，请到服务台咨询/);
  await page.getByRole('button', { name: /^朗读: 怎么走/ }).tap();
  const spokenSteps = await page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken.at(-1)!);
  expect(spokenSteps).toMatch(/^1\. 您在这里：大厅导诊机（1楼）。这是示意图上的路线/);
  expect(spokenSteps).toContain('乘电梯到2楼');

  // The stairs: the steps, the route's line at the top and the QR code all change with it.
  await section.getByRole('group', { name: '怎么上下楼' }).getByRole('button', { name: '走楼梯' }).tap();
  await expect(steps.filter({ hasText: '走楼梯到2楼' })).toHaveCount(1);
  await expect(page.getByRole('region', { name: '位置与时间' }).getByRole('definition').filter({ hasText: '走楼梯到2楼' })).toBeVisible();
  await expect.poll(() => answers.at(-1)!.stepFree).toBe(false);
  const stairs = answers.at(-1)!;
  expect(stairs.text.split('\n')[0]).toBe('去血管外科的路线（走楼梯）');
  expect(stairs.text).toContain('走楼梯到2楼');
  await expect(qr).toHaveAttribute('src', `data:image/svg+xml;charset=utf-8,${encodeURIComponent(stairs.qrSvg)}`);
  expect(stairs.qrSvg).not.toBe(lift.qrSvg);

  // The choice lasts for the visit.
  await page.getByRole('button', { name: '返回' }).tap();
  await openDepartment(page, '血管外科');
  await expect(page.getByRole('button', { name: '走楼梯' })).toHaveAttribute('aria-pressed', 'true');
});
