/**
 * The visitor's way through the kiosk: welcome, home, a department and back, in Chinese by
 * default; the emergency sentence on every screen.
 */
import { expect, test } from './fixtures.js';
import { keyFigure, openDepartment, start, START } from './ui-helpers.js';

test('the welcome screen greets in both languages and says what to do in an emergency', async ({ kioskPage: page }) => {
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans');
  await expect(page.getByRole('heading', { level: 1, name: /吉林大学第一医院/ })).toBeVisible();
  await expect(page.getByText('欢迎来到吉林大学第一医院', { exact: false })).toBeVisible();
  await expect(page.getByText('Welcome to The First Hospital of Jilin University', { exact: false })).toBeVisible();
  await expect(page.getByRole('button', { name: START })).toBeVisible();
  await expect(page.getByRole('complementary', { name: '急诊提示' })).toContainText('120');
  // Language and text size are reachable here too.
  await expect(page.getByRole('button', { name: 'English' })).toBeVisible();
  await expect(page.getByRole('button', { name: '大字' })).toBeVisible();
});

test("the welcome screen is on the screen before the page's code has run, and the live one takes its place", async ({ page, kiosk }) => {
  // The kiosk host draws the welcome screen into the page (its first picture): on a slow kiosk
  // PC it shows as soon as the page and its stylesheet are read. Here the page's code is held back.
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  await page.route('**/assets/index-*.js', async (route) => {
    await released;
    await route.continue();
  });
  await page.goto(kiosk.url, { waitUntil: 'commit' });
  await expect(page.getByText('吉林大学第一医院', { exact: true })).toBeVisible();
  await expect(page.getByText('请触摸屏幕开始')).toBeVisible();
  await expect(page.getByText('如遇急症', { exact: false })).toBeVisible();
  // Only a picture: nothing in it can be touched, and a screen reader is not told of it.
  await expect(page.getByRole('button', { name: START })).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(0);

  release();
  await expect(page.getByRole('button', { name: START })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: /吉林大学第一医院/ })).toBeVisible();
  // One welcome screen, the live one: the picture has gone.
  await expect(page.getByText('请触摸屏幕开始')).toHaveCount(1);
  await start(page);
  await expect(page.getByRole('button', { name: '血管外科', exact: true })).toBeVisible();
});

test('touch to start opens the home screen with every department', async ({ kioskPage: page }) => {
  await start(page);
  await expect(page.getByRole('button', { name: '血管外科', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: '综合超声科', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: '科室目录' })).toBeVisible();
  await expect(page.getByRole('complementary', { name: '急诊提示' })).toBeVisible();
});

test('the welcome screen asks only for what it shows; the department list follows once it is drawn, ready for the visitor', async ({ page, kiosk }) => {
  // At 10,000 departments the list is 5 MB of JSON: asked for beside the hospital's information,
  // it was answered and parsed while the first screen was still being drawn.
  const asked: string[] = [];
  page.on('request', (r) => {
    const m = /\/api\/(\w+)$/.exec(new URL(r.url()).pathname);
    if (m) asked.push(`ask ${m[1]}`);
  });
  page.on('requestfinished', (r) => {
    const m = /\/api\/(\w+)$/.exec(new URL(r.url()).pathname);
    if (m) asked.push(`answered ${m[1]}`);
  });
  await page.goto(kiosk.url);
  await expect(page.getByRole('button', { name: START })).toBeVisible();
  await expect.poll(() => asked.includes('answered listDepartments')).toBe(true);
  expect(asked.indexOf('answered getInfo')).toBeGreaterThanOrEqual(0);
  expect(asked.indexOf('ask listDepartments')).toBeGreaterThan(asked.indexOf('answered getInfo'));
  await start(page);
  await expect(page.getByRole('button', { name: '血管外科', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: '综合超声科', exact: true })).toBeVisible();
});

test('with a thousand departments the home screen opens with the first in view and every one reachable by scrolling', async ({ page, kiosk }) => {
  // The kiosk's own list made 1,000 long (each a copy of a real department under a name of its
  // own): the home screen draws the first tiles with the screen and the rest while the visitor reads.
  const COUNT = 1000;
  await page.route('**/api/listDepartments', async (route) => {
    const answer = (await (await route.fetch()).json()) as { ok: true; value: { id: string; name: { zh: string; en: string } }[] };
    const [first] = answer.value;
    const value = Array.from({ length: COUNT }, (_, i) => ({
      ...first!,
      id: `many-${i + 1}`,
      name: { zh: `测试科室${i + 1}号`, en: `Test department ${i + 1}` },
    }));
    await route.fulfill({ json: { ok: true, value } });
  });
  await page.goto(kiosk.url);
  await start(page);
  await expect(page.getByText(`共${COUNT}个科室`)).toBeVisible();
  await expect(page.getByRole('button', { name: '测试科室1号', exact: true })).toBeInViewport();
  for (const n of [COUNT, COUNT / 2, 2]) {
    const tile = page.getByRole('button', { name: `测试科室${n}号`, exact: true });
    await tile.scrollIntoViewIfNeeded();
    await expect(tile).toBeInViewport();
  }
});

test('a touch anywhere on the welcome screen starts too', async ({ kioskPage: page }) => {
  await expect(page.getByRole('button', { name: START })).toBeVisible();
  const size = page.viewportSize()!;
  await page.touchscreen.tap(size.width / 2, 120);
  await expect(page.getByRole('heading', { level: 1, name: /您好/ })).toBeVisible();
});

test('vascular surgery shows its beds and intensive-care beds as key figures', async ({ kioskPage: page }) => {
  await start(page);
  await openDepartment(page, '血管外科');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Vascular Surgery');
  await expect(keyFigure(page, '主要数据', '重症监护床位')).toContainText('8张');
  await expect(keyFigure(page, '主要数据', '床位').first()).toContainText('50张');
  await expect(keyFigure(page, '主要数据', '年门诊量')).toContainText('1.8万余');
  await expect(keyFigure(page, '主要数据', '年手术量')).toContainText('1200余台');

  await page.getByRole('button', { name: 'English' }).tap();
  await expect(keyFigure(page, 'Key figures', 'Intensive-care beds')).toContainText('8');
  await expect(keyFigure(page, 'Key figures', 'Beds').first()).toContainText('50');
  await expect(keyFigure(page, 'Key figures', 'Outpatient visits a year')).toContainText('18,000+');
});

test('general ultrasound shows nearly 190,000 examinations a year', async ({ kioskPage: page }) => {
  await start(page);
  await openDepartment(page, '综合超声科');
  await expect(keyFigure(page, '主要数据', '年诊疗量')).toContainText('近19万人次');
  await expect(page.getByText('2013年成立')).toBeVisible();
  await page.getByRole('button', { name: 'English' }).tap();
  await expect(keyFigure(page, 'Key figures', 'Examinations and treatments a year')).toContainText('nearly 190,000');
  await expect(page.getByText('Established 2013')).toBeVisible();
});

test('a department page has its sections, with the lists behind it folded until the visitor opens them', async ({ kioskPage: page }) => {
  await start(page);
  await openDepartment(page, '综合超声科');
  for (const name of ['位置与时间', '怎么走', '主要数据', '科室介绍', '诊疗服务与检查']) {
    await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
  }
  // Subspecialties, equipment, honours, staff, research and teaching: behind one button, closed.
  const more = page.getByRole('button', { name: /更多科室信息/ });
  await expect(more).toHaveAttribute('aria-expanded', 'false');
  await expect(more).toContainText('人员构成');
  for (const name of ['亚专业', '主要设备', '荣誉与首创', '人员构成', '科研', '教学与培训']) {
    await expect(page.getByRole('heading', { level: 2, name })).toHaveCount(0);
  }
  await more.tap();
  await expect(more).toHaveAttribute('aria-expanded', 'true');
  for (const name of ['亚专业', '主要设备', '荣誉与首创', '人员构成', '科研', '教学与培训']) {
    await expect(page.getByRole('heading', { level: 2, name })).toBeAttached();
  }
  await page.getByRole('heading', { level: 2, name: '人员构成' }).scrollIntoViewIfNeeded();
  await expect(page.getByRole('heading', { level: 2, name: '人员构成' })).toBeInViewport();
  await expect(page.getByRole('heading', { level: 3, name: '按职称' })).toBeVisible();
  await expect(page.getByRole('region', { name: '主要设备' })).toContainText('彩色多普勒超声诊断仪');
  await expect(page.getByRole('region', { name: '主要设备' })).toContainText('20');
});

test('Back returns to the screen before and Home to the home screen', async ({ kioskPage: page }) => {
  await start(page);
  await expect(page.getByRole('button', { name: '返回' })).toHaveCount(0);
  await page.getByRole('button', { name: '科室目录' }).tap();
  await expect(page.getByRole('heading', { level: 1, name: '科室目录' })).toBeVisible();
  await page.getByRole('button', { name: '血管外科' }).tap();
  await expect(page.getByRole('heading', { level: 1, name: /血管外科/ })).toBeVisible();
  await page.getByRole('button', { name: '返回' }).tap();
  await expect(page.getByRole('heading', { level: 1, name: '科室目录' })).toBeVisible();
  await page.getByRole('button', { name: '血管外科' }).tap();
  await page.getByRole('button', { name: '首页' }).tap();
  await expect(page.getByRole('heading', { level: 1, name: /您好/ })).toBeVisible();
  await expect(page.getByRole('button', { name: '返回' })).toHaveCount(0);
});
