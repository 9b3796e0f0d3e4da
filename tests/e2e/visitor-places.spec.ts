/**
 * What visitors actually ask, by touch: emergency words in both languages (characters, pinyin,
 * English) answer first with the way to the Emergency Department; facilities found by their
 * synonyms and routed from the kiosk; typos and lay words still find their department; the
 * candidate bar turns typed pinyin into the content's Chinese words; symptom red flags are
 * alerts; the home screen's row of places and visitor information.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { test } from './fixtures.js';
import { start } from './ui-helpers.js';
import { keyboard, openSearch, resultGroup, typeOnScreen } from './visitor-helpers.js';

const FIELD = /搜索内容|Search for/;
const EMERGENCY_CARD = /^急诊科|^Emergency Department/;
const PLACES = /^地点与设施|^Places and facilities/;

function field(page: Page): Locator {
  return page.getByRole('searchbox', { name: FIELD });
}

/**
 * A query as a visitor enters it: letters on the on-screen keys, Chinese by an input method (fill).
 * `keys: false` fills letters too, where what is asked is what the words find (the keys themselves
 * are tested with the emergency words here and in visitor-search.spec.ts).
 */
async function enter(page: Page, q: string, keys = true): Promise<void> {
  await field(page).fill('');
  if (keys && /^[a-z ]+$/.test(q)) await typeOnScreen(page, q);
  else await field(page).fill(q);
  await expect(field(page)).toHaveValue(q);
}

/** The emergency answer is on screen, above every other result, with the steps from this kiosk. */
async function expectEmergencyFirst(page: Page, q: string): Promise<void> {
  const card = page.getByRole('region', { name: EMERGENCY_CARD });
  await expect(card, q).toBeVisible();
  await expect(card.getByRole('alert'), q).toContainText(/急诊科|Emergency Department/);
  await expect(
    card
      .getByRole('list', { name: /去急诊科的路线|The way to the Emergency Department/ })
      .getByRole('listitem')
      .last(),
    q,
  ).toContainText(/步行约\d+米到急诊科|Walk about \d+ m to Emergency Department/);
  await expect(card, q).toContainText('120');
  // Read the card and every result group at once: results re-render as the query changes, and a
  // group read one by one can vanish between the list and its box.
  const groups = page.getByRole('region', {
    name: /^(科室|诊疗服务与检查|主要设备|地点与设施|Departments|Services and examinations|Equipment|Places and facilities)/,
  });
  await expect
    .poll(
      async () => {
        const top = await card.evaluate((e) => e.getBoundingClientRect().top);
        const tops = await groups.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
        return tops.filter((t) => t <= top).length;
      },
      { message: `${q}: a result group above the emergency answer` },
    )
    .toBe(0);
}

test('every emergency word, in Chinese and pinyin, shows the way to the Emergency Department first', async ({ kioskPage: page }) => {
  test.setTimeout(180_000);
  await start(page);
  await openSearch(page);
  for (const q of ['急诊', '急救', '胸痛', '胸闷', '呼吸困难', '中风', '口角歪斜', '大出血', '昏迷', 'jizhen', 'xiongtong']) {
    await enter(page, q);
    await expectEmergencyFirst(page, q);
  }
  // A service that also matches stays below the emergency answer.
  await enter(page, '急救');
  await expect(resultGroup(page, /^诊疗服务与检查/).getByRole('button', { name: /腹主动脉瘤破裂急救/ })).toBeVisible();
});

test('every emergency word in English shows the way to the Emergency Department first, and the card leads to its page', async ({ kioskPage: page }) => {
  test.setTimeout(180_000);
  await start(page);
  await openSearch(page);
  await page.getByRole('button', { name: 'English' }).tap();
  for (const q of ['chest pain', "can't breathe", 'stroke', 'bleeding', 'unconscious', 'emergency', 'trauma']) {
    await enter(page, q);
    await expectEmergencyFirst(page, q);
  }

  // The card leads to the place's page with the plan; a search that is no emergency has no card.
  await page.getByRole('button', { name: 'See the way on the plan' }).tap();
  await expect(page.getByRole('heading', { level: 1, name: /Emergency Department/ })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Step by step' }).getByRole('listitem').last()).toContainText('arrived at Emergency Department');
  await page.getByRole('button', { name: 'Back' }).tap();
  await enter(page, 'ultrasound');
  await expect(resultGroup(page, /^Departments/).getByRole('button', { name: /General Ultrasound/ })).toBeVisible();
  await expect(page.getByRole('region', { name: EMERGENCY_CARD })).toHaveCount(0);
});

const FACILITIES: { name: RegExp; zh: string[]; en: string[]; pinyin: string }[] = [
  { name: /^卫生间/, zh: ['厕所', '卫生间', '洗手间'], en: ['WC', 'toilet', 'restroom'], pinyin: 'cesuo' },
  { name: /^挂号收费处/, zh: ['挂号', '缴费'], en: ['registration', 'payment'], pinyin: 'guahao' },
  { name: /^药房/, zh: ['药房', '取药'], en: ['pharmacy'], pinyin: 'yaofang' },
  { name: /^电梯/, zh: ['电梯'], en: ['lift', 'elevator'], pinyin: 'dianti' },
  { name: /^正门/, zh: ['入口', '出口'], en: ['entrance', 'exit'], pinyin: 'rukou' },
  { name: /^服务台/, zh: ['咨询台', '服务台'], en: ['information', 'help desk'], pinyin: 'fuwutai' },
  { name: /^自助报告打印/, zh: ['打印报告', '化验单'], en: ['test results'], pinyin: 'baogao' },
  { name: /^餐厅/, zh: ['食堂', '餐厅'], en: ['canteen', 'cafeteria'], pinyin: 'shitang' },
  { name: /^停车场/, zh: ['停车'], en: ['parking', 'car park'], pinyin: 'tingche' },
  { name: /^自助取款机/, zh: ['取款机'], en: ['ATM', 'cash machine'], pinyin: 'qukuanji' },
];

test('each facility is found by its synonyms in both languages and in pinyin, and routed from the kiosk', async ({ kioskPage: page }) => {
  test.setTimeout(240_000);
  await start(page);
  await openSearch(page);
  for (const f of FACILITIES) {
    for (const q of [...f.zh, ...f.en, f.pinyin]) {
      await enter(page, /^[A-Z]/.test(q) ? q.toLowerCase() : q, false);
      await expect(resultGroup(page, PLACES).getByRole('button', { name: f.name }).first(), q).toBeVisible();
    }
    // The place's page: where it is and the way from this kiosk, step by step.
    await resultGroup(page, PLACES).getByRole('button', { name: f.name }).first().tap();
    await expect(page.getByRole('heading', { level: 1, name: f.name })).toBeVisible();
    const steps = page.getByRole('list', { name: '路线步骤' }).getByRole('listitem');
    await expect(steps.first()).toContainText('您在这里：大厅导诊机');
    await expect(steps.last()).toContainText('到达');
    await expect(page.getByRole('img', { name: /平面图，标有路线/ })).toBeVisible();
    await page.getByRole('button', { name: '返回' }).tap();
    await expect(page.getByRole('heading', { level: 1, name: /搜索科室、检查或症状/ })).toBeVisible();
  }
});

test('the toilets route leads to the nearest of the three, on the kiosk floor, by no lift or stairs', async ({ kioskPage: page }) => {
  await start(page);
  await page.getByRole('region', { name: '常用地点' }).getByRole('button', { name: '卫生间' }).tap();
  await expect(page.getByRole('heading', { level: 1, name: /卫生间/ })).toBeVisible();
  await expect(page.getByText('共3处，路线通往最近的一处')).toBeVisible();
  const steps = page.getByRole('list', { name: '路线步骤' }).getByRole('listitem');
  await expect(steps.last()).toContainText('到达卫生间（1楼）');
  await expect(steps.filter({ hasText: /电梯|楼梯/ })).toHaveCount(0);
});

test('typos and lay words find their department: ultrasund, ultrasoud, tuizhong, 腿肿', async ({ kioskPage: page }) => {
  await start(page);
  await openSearch(page);
  for (const q of ['ultrasund', 'ultrasoud']) {
    await enter(page, q);
    await expect(resultGroup(page, /^科室/).getByRole('button', { name: /综合超声科/ }), q).toBeVisible();
    await expect(page.getByText('没有完全相同的结果，以下是“ultrasound”的结果')).toBeVisible();
  }
  for (const q of ['tuizhong', '腿肿']) {
    await enter(page, q);
    await expect(resultGroup(page, /^科室/).getByRole('button', { name: /血管外科/ }), q).toBeVisible();
    await expect(resultGroup(page, /^诊疗服务与检查/).getByRole('button', { name: /下肢静脉血栓后遗症/ }), q).toBeVisible();
  }
  // Four letters get no allowance: scna is not scan.
  await enter(page, 'scna');
  await expect(page.getByRole('heading', { name: '没有找到“scna”' })).toBeVisible();
});

test('the candidate bar offers the content’s Chinese words for typed pinyin, and a touch puts one in the field', async ({ kioskPage: page }) => {
  await start(page);
  await openSearch(page);
  const bar = keyboard(page).getByRole('group', { name: '候选汉字' });
  await expect(bar).toContainText('输入拼音');
  await typeOnScreen(page, 'xg');
  await expect(bar.getByRole('button').first()).toHaveText('血管');
  await expect(bar.getByRole('button', { name: '血管外科', exact: true })).toBeVisible();
  await bar.getByRole('button', { name: '血管', exact: true }).tap();
  await expect(field(page)).toHaveValue('血管');
  await expect(
    resultGroup(page, /^科室/)
      .getByRole('button', { name: /血管外科/ })
      .locator('mark')
      .first(),
  ).toHaveText('血管');
  await expect(bar.getByRole('button')).toHaveCount(0);

  // Pinyin after Chinese: only the pinyin is replaced.
  await typeOnScreen(page, 'chaosheng');
  await bar.getByRole('button', { name: '超声', exact: true }).tap();
  await expect(field(page)).toHaveValue('血管超声');
  await expect(resultGroup(page, /^诊疗服务与检查/).getByRole('button', { name: /^血管超声/ })).toBeVisible();
});

test('symptom red flags are alerts with the way to the Emergency Department', async ({ kioskPage: page }) => {
  await start(page);
  await page.getByRole('button', { name: /^不知道去哪个科/ }).tap();
  await expect(page.getByRole('heading', { level: 1, name: '不知道去哪个科？' })).toBeVisible();

  await page.getByRole('button', { name: /^心脏和肺/ }).tap();
  const chest = page.getByRole('listitem').filter({ hasText: '胸痛、胸闷或呼吸困难' });
  await expect(chest.getByRole('alert')).toContainText('立即去急诊科');
  await expect(chest.getByRole('button', { name: /^急诊科/ }).first()).toBeVisible();

  await page.getByRole('button', { name: /^颈部和手臂/ }).tap();
  const arm = page.getByRole('listitem').filter({ hasText: '手臂无力、发凉' });
  await expect(arm.getByRole('alert').first()).toContainText('中风');
  await page.getByRole('button', { name: /^腿和脚/ }).tap();
  const leg = page.getByRole('listitem').filter({ hasText: '一侧小腿或大腿肿胀' });
  await expect(leg.getByRole('alert')).toContainText('肺栓塞');
  const cold = page.getByRole('listitem').filter({ hasText: '走路时腿痛' });
  await expect(cold.getByRole('alert')).toContainText('突然变凉');
  // The alert is red, not the yellow of a note.
  const colour = await leg.getByRole('alert').evaluate((el) => getComputedStyle(el).borderLeftColor);
  expect(colour).toBe('rgb(155, 28, 31)');

  await leg.getByRole('button', { name: '急诊科怎么走' }).tap();
  await expect(page.getByRole('heading', { level: 1, name: /急诊科/ })).toBeVisible();
  await expect(page.getByRole('list', { name: '路线步骤' }).getByRole('listitem').last()).toContainText('到达急诊科');
});

test('the home screen offers the common places and visitor information, open to every visitor', async ({ kioskPage: page }) => {
  await start(page);
  const row = page.getByRole('region', { name: '常用地点' });
  for (const name of ['急诊科', '卫生间', '挂号收费处', '药房', '服务台', '自助报告打印', '就诊须知'])
    await expect(row.getByRole('button', { name, exact: true })).toBeVisible();
  // In view as the home screen opens, in either orientation: no scrolling to find the toilets.
  await expect(row.getByRole('button', { name: '卫生间' })).toBeInViewport();
  await row.getByRole('button', { name: '就诊须知' }).tap();
  await expect(page.getByRole('heading', { level: 1, name: '就诊须知' })).toBeVisible();
  const registration = page.getByRole('region', { name: /^挂号与缴费/ });
  await expect(registration).toContainText('暂无信息，请到服务台咨询');
  await registration.getByRole('button', { name: '挂号收费处怎么走' }).tap();
  await expect(page.getByRole('heading', { level: 1, name: /挂号收费处/ })).toBeVisible();
  await expect(page.getByRole('list', { name: '路线步骤' }).getByRole('listitem').last()).toContainText('到达挂号收费处');
});
