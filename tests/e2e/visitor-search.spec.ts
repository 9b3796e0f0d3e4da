/**
 * Search as a visitor uses it: Chinese typed on a physical keyboard or by an input method,
 * pinyin and English on the on-screen keyboard; results grouped with the matched part in bold;
 * a tap opens the department; nothing found ends in help, never a blank.
 */
import { expect, test } from './fixtures.js';
import { start } from './ui-helpers.js';
import { keyboard, openSearch, resultGroup, typeOnScreen } from './visitor-helpers.js';

const DEPARTMENTS = /^科室/;
const SERVICES = /^诊疗服务与检查/;

test('the home screen leads to search, and Chinese typed on a keyboard finds 超声 with it highlighted', async ({ kioskPage: page }) => {
  await start(page);
  await openSearch(page);
  await expect(keyboard(page)).toBeVisible();
  await page.getByRole('searchbox', { name: '搜索内容' }).fill('超声');
  const dept = resultGroup(page, DEPARTMENTS).getByRole('button', { name: /综合超声科/ });
  await expect(dept).toBeVisible();
  await expect(dept.locator('mark').first()).toHaveText('超声');
  await expect(
    resultGroup(page, SERVICES)
      .getByRole('button', { name: /超声造影/ })
      .locator('mark')
      .first(),
  ).toHaveText('超声');
  await expect(page.getByRole('status').filter({ hasText: /找到\d+条结果/ })).toBeVisible();

  // A two-character query that is only in the vascular department.
  await page.getByRole('searchbox', { name: '搜索内容' }).fill('血管');
  await expect(
    resultGroup(page, DEPARTMENTS)
      .getByRole('button', { name: /血管外科/ })
      .locator('mark')
      .first(),
  ).toHaveText('血管');
});

test('pinyin, initials and English typed on the on-screen keyboard find the right departments', async ({ kioskPage: page }) => {
  await start(page);
  await openSearch(page);
  const field = page.getByRole('searchbox', { name: /搜索内容|Search for/ });

  await typeOnScreen(page, 'chaosheng');
  await expect(field).toHaveValue('chaosheng');
  const ultrasound = resultGroup(page, DEPARTMENTS).getByRole('button', { name: /综合超声科/ });
  await expect(ultrasound.locator('mark').first()).toHaveText('超声');

  await page.getByRole('button', { name: '清除' }).tap();
  await expect(field).toHaveValue('');
  await typeOnScreen(page, 'xgwk');
  const vascular = resultGroup(page, DEPARTMENTS).getByRole('button', { name: /血管外科/ });
  await expect(vascular.locator('mark').first()).toHaveText('血管外科');
  await expect(resultGroup(page, DEPARTMENTS).getByRole('button')).toHaveCount(1);

  // Delete takes off one letter at a time.
  await keyboard(page).getByRole('button', { name: '删除' }).tap();
  await expect(field).toHaveValue('xgw');

  await page.getByRole('button', { name: '清除' }).tap();
  await typeOnScreen(page, 'dvt');
  await expect(
    resultGroup(page, DEPARTMENTS)
      .getByRole('button', { name: /血管外科/ })
      .locator('mark'),
  ).toHaveText(/^DVT$/i);

  await page.getByRole('button', { name: 'English' }).tap();
  await page.getByRole('button', { name: 'Clear' }).tap();
  await typeOnScreen(page, 'veins');
  await expect(resultGroup(page, /^Departments/).getByRole('button', { name: /Vascular Surgery/ })).toBeVisible();
  const varicose = resultGroup(page, /^Services and examinations/).getByRole('button', { name: /Varicose veins of the legs/ });
  await expect(varicose.locator('mark').first()).toHaveText('veins');

  await page.getByRole('button', { name: 'Clear' }).tap();
  await typeOnScreen(page, 'varicose veins');
  await expect(field).toHaveValue('varicose veins');
  await expect(varicose.locator('mark').first()).toHaveText('Varicose veins');
});

test('a hit opens its department, and Back returns to the search as it was', async ({ kioskPage: page }) => {
  await start(page);
  await openSearch(page);
  await typeOnScreen(page, 'xueguan');
  await resultGroup(page, DEPARTMENTS)
    .getByRole('button', { name: /血管外科/ })
    .tap();
  await expect(page.getByRole('heading', { level: 1, name: /血管外科/ })).toBeVisible();
  await page.getByRole('button', { name: '返回' }).tap();
  await expect(page.getByRole('searchbox', { name: '搜索内容' })).toHaveValue('xueguan');
  await expect(resultGroup(page, DEPARTMENTS).getByRole('button', { name: /血管外科/ })).toBeVisible();
});

test('a search that finds nothing offers searches that work, the directory and the symptom guide', async ({ kioskPage: page }) => {
  await start(page);
  await openSearch(page);
  await typeOnScreen(page, 'qqxz');
  await expect(page.getByRole('heading', { name: '没有找到“qqxz”' })).toBeVisible();

  // A suggested search finds something.
  await page.getByRole('list', { name: '试试这些' }).getByRole('button', { name: '血管外科' }).tap();
  await expect(page.getByRole('searchbox', { name: '搜索内容' })).toHaveValue('血管外科');
  await expect(resultGroup(page, DEPARTMENTS).getByRole('button', { name: /血管外科/ })).toBeVisible();

  await page.getByRole('button', { name: '清除' }).tap();
  await typeOnScreen(page, 'qqxz');
  await page.getByRole('button', { name: /^科室目录/ }).tap();
  await expect(page.getByRole('heading', { level: 1, name: '科室目录' })).toBeVisible();
  await page.getByRole('button', { name: '返回' }).tap();

  await expect(page.getByRole('heading', { name: '没有找到“qqxz”' })).toBeVisible();
  await page.getByRole('button', { name: /^不知道去哪个科/ }).tap();
  await expect(page.getByRole('heading', { level: 1, name: '不知道去哪个科？' })).toBeVisible();
});

test('the keyboard folds away and comes back; a physical keyboard types into the field', async ({ kioskPage: page }) => {
  await start(page);
  await openSearch(page);
  await page.getByRole('button', { name: '收起键盘' }).tap();
  await expect(keyboard(page)).toHaveCount(0);
  await page.keyboard.type('dvt');
  await expect(page.getByRole('searchbox', { name: '搜索内容' })).toHaveValue('dvt');
  await page.getByRole('button', { name: '显示键盘' }).tap();
  await expect(keyboard(page)).toBeVisible();
  const keys = await keyboard(page)
    .getByRole('button')
    .evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((b) => Math.min(b.width, b.height)));
  expect(Math.min(...keys)).toBeGreaterThanOrEqual(64);
});
