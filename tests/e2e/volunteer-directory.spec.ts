/**
 * The volunteer directory for guiding, by touch in both languages, over content with departments
 * in two buildings on several floors (one with no floor given, one with no building either),
 * installed from a signed pack as IT staff would: departments first, each with its services under
 * it, and a service found by name shown under its department; by location under headings of
 * building and floor, a floor not given under "floor not confirmed" and never guessed; the patient
 * card and its printed slip made in the other language; the slip printed to PDF with a map of the
 * route (rendered to PNG to be looked at); and the staff screens without the visitor's controls.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { startKiosk, test, expect, type RunningKiosk } from './fixtures.js';
import { enterPin, expectWelcome, freshDataDir, kioskCli, staffWorld, VOLUNTEER_CODE } from './staff-helpers.js';

const SHOTS = process.env.KIOSK_SHOTS_DIR ?? 'test-results/shots-staff';

let kiosk: RunningKiosk | undefined;
test.afterEach(async () => {
  await kiosk?.stop();
  kiosk = undefined;
});

type LT = { zh: string; en: string };
const TBC = { placeholder: true };
const outpatient = { zh: '门诊楼', en: 'Outpatient Building' };
const diagnostics = { zh: '医技楼', en: 'Diagnostics Building' };

/** Departments added to the built-in two, as copies of Vascular Surgery with their own names, services and places. */
const EXTRA: { id: string; name: LT; building: LT | typeof TBC; floor: string | typeof TBC; room: LT | typeof TBC; services: LT[] }[] = [
  {
    id: 'cardiology',
    name: { zh: '心内科', en: 'Cardiology' },
    building: outpatient,
    floor: '3',
    room: { zh: '301 诊室', en: 'Room 301' },
    services: [
      { zh: '心电图', en: 'ECG' },
      { zh: '动态血压监测', en: 'Ambulatory blood pressure monitoring' },
    ],
  },
  { id: 'dermatology', name: { zh: '皮肤科', en: 'Dermatology' }, building: outpatient, floor: TBC, room: TBC, services: [{ zh: '湿疹', en: 'Eczema' }] },
  {
    id: 'orthopaedics',
    name: { zh: '骨科', en: 'Orthopaedics' },
    building: outpatient,
    floor: 'B1',
    room: { zh: 'B105', en: 'Room B105' },
    services: [{ zh: '骨折复位', en: 'Setting fractures' }],
  },
  {
    id: 'rehabilitation',
    name: { zh: '康复科', en: 'Rehabilitation' },
    building: TBC,
    floor: TBC,
    room: TBC,
    services: [{ zh: '物理治疗', en: 'Physiotherapy' }],
  },
];

let dataTemplate: string | undefined;

/** A data folder with the content above installed from a pack signed by the kiosk's trusted key. */
function guidingDataDir(): string {
  if (!dataTemplate) {
    const world = staffWorld();
    const src = join(world.root, 'guiding-content');
    if (!existsSync(src)) {
      cpSync('resources/content', src, { recursive: true });
      const file = (id: string) => join(src, 'departments', `${id}.json`);
      const edit = (id: string, f: (d: Record<string, unknown>) => void) => {
        const d = JSON.parse(readFileSync(file(id), 'utf8')) as Record<string, unknown>;
        f(d);
        writeFileSync(file(id), JSON.stringify(d, null, 2));
      };
      edit('vascular-surgery', (d) => {
        d.location = { building: outpatient, floor: '3', room: { zh: '312 诊室', en: 'Room 312' }, point: 'vascular-surgery' };
        d.phone = '021-6428 3312';
      });
      edit('general-ultrasound', (d) => {
        d.location = { building: diagnostics, floor: '2', room: { zh: '超声中心 B 区', en: 'Ultrasound Centre, Zone B' }, point: 'general-ultrasound' };
      });
      const base = JSON.parse(readFileSync(file('vascular-surgery'), 'utf8')) as Record<string, unknown>;
      for (const x of EXTRA) {
        const d = {
          ...base,
          id: x.id,
          name: x.name,
          summary: { zh: `${x.name.zh}门诊。`, en: `The ${x.name.en} clinic.` },
          description: [{ zh: `${x.name.zh}门诊。`, en: `The ${x.name.en} clinic.` }],
          services: x.services.map((name) => ({ name })),
          subspecialties: [],
          equipment: [],
          honours: [],
          partners: [],
          teaching: [],
          keywords: { zh: [], en: [] },
          location: { building: x.building, floor: x.floor, room: x.room },
        };
        writeFileSync(file(x.id), JSON.stringify(d, null, 2));
      }
      kioskCli([
        'pack',
        src,
        '--key',
        join(world.root, 'keys', 'hospital-it.key'),
        '--version',
        '3',
        '--out',
        join(world.root, 'guiding.kpack'),
        '--id',
        'hospital-main',
      ]);
    }
    dataTemplate = freshDataDir(world.template);
    kioskCli(['install', join(world.root, 'guiding.kpack'), '--data-dir', dataTemplate]);
  }
  return freshDataDir(dataTemplate);
}

/** Headings whose text starts with these (the other language follows, for the eye only). */
const starting = (texts: readonly string[]) => texts.map((t) => new RegExp(`^${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

async function volunteerDirectory(page: Page, lang: 'zh' | 'en'): Promise<void> {
  kiosk = await startKiosk({ dataDir: guidingDataDir() });
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
    byName: '按名称',
    byLocation: '按位置',
    departments: ['骨科', '康复科', '皮肤科', '心内科', '血管外科', '综合超声科'],
    vascular: '血管外科',
    servicesOfVascular: '血管外科的服务',
    vein: '下肢静脉曲张',
    veinQuery: '静脉曲张',
    buildings: ['门诊楼', '医技楼', '所在楼待确认'],
    outpatientFloors: ['B1楼', '3楼', '楼层待确认'],
    floorTbc: '楼层待确认',
    third: '3楼',
  },
  en: {
    list: 'Departments and services',
    filter: 'Filter',
    byName: 'By name',
    byLocation: 'By location',
    departments: ['Cardiology', 'Dermatology', 'General Ultrasound', 'Orthopaedics', 'Rehabilitation', 'Vascular Surgery'],
    vascular: 'Vascular Surgery',
    servicesOfVascular: 'Services of Vascular Surgery',
    vein: 'Varicose veins of the legs',
    veinQuery: 'varicose',
    buildings: ['Diagnostics Building', 'Outpatient Building', 'Building not confirmed'],
    outpatientFloors: ['Floor B1', 'Floor 3', 'Floor not confirmed'],
    floorTbc: 'Floor not confirmed',
    third: 'Floor 3',
  },
} as const;

for (const lang of ['zh', 'en'] as const) {
  const w = words[lang];

  test(`the directory lists departments first, each with its services under it, and by location under building and floor headings (${lang})`, async ({
    page,
  }) => {
    await volunteerDirectory(page, lang);
    const list = page.getByRole('list', { name: w.list, exact: true });
    await expect(list).toHaveAttribute('aria-busy', 'false');
    // The first rows are departments: the list's own items are the departments, by name.
    const groups = list.locator(':scope > li');
    await expect(groups).toHaveCount(w.departments.length);
    await expect(list.getByRole('heading', { level: 2 })).toHaveText([...w.departments]);
    await expect(groups.first().getByRole('heading', { level: 2 })).toHaveText(w.departments[0]);
    await expect(
      groups.first().getByRole('button', { name: new RegExp(`^${lang === 'zh' ? '给患者看：' : 'Show the patient: '}${w.departments[0]}$`) }),
    ).toBeVisible();
    // Each department's services are under it, and only there.
    const vascular = groups.filter({ has: page.getByRole('heading', { level: 2, name: w.vascular, exact: true }) });
    const services = vascular.getByRole('list', { name: w.servicesOfVascular });
    await expect(services.getByRole('listitem')).toHaveCount(17);
    await expect(services.getByRole('button', { name: new RegExp(w.vein) })).toBeVisible();
    await expect(list.getByRole('button', { name: new RegExp(w.vein) })).toHaveCount(1);

    // A service searched for by its own name shows under its department.
    await page.getByRole('searchbox', { name: w.filter }).fill(w.veinQuery);
    await expect(list).toHaveAttribute('aria-busy', 'false');
    await expect(groups).toHaveCount(1);
    await expect(groups.getByRole('heading', { level: 2 })).toHaveText(w.vascular);
    await expect(services.getByRole('listitem')).toHaveCount(1);
    await expect(services.getByRole('button', { name: new RegExp(w.vein) })).toBeVisible();
    await page.getByRole('button', { name: lang === 'zh' ? '清除筛选' : 'Clear the filter' }).tap();

    // By location: buildings, then their floors from the basement up; what the content does not give last, under its own heading.
    await page.getByRole('button', { name: w.byLocation }).tap();
    await expect(page.getByRole('button', { name: w.byLocation })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByRole('heading', { level: 2 })).toHaveText(starting(w.buildings));
    const outpatientRegion = page.getByRole('region', { name: lang === 'zh' ? '门诊楼' : 'Outpatient Building', exact: true });
    await expect(outpatientRegion.getByRole('heading', { level: 3 })).toHaveText(starting(w.outpatientFloors));
    const third = outpatientRegion.getByRole('region', { name: w.third, exact: true });
    await expect(third.getByRole('heading', { level: 4 })).toHaveText(lang === 'zh' ? ['心内科', '血管外科'] : ['Cardiology', 'Vascular Surgery']);
    const notGiven = outpatientRegion.getByRole('region', { name: w.floorTbc, exact: true });
    await expect(notGiven.getByRole('heading', { level: 4 })).toHaveText(lang === 'zh' ? ['皮肤科'] : ['Dermatology']);
    const noBuilding = page.getByRole('region', { name: lang === 'zh' ? '所在楼待确认' : 'Building not confirmed', exact: true });
    await expect(noBuilding.getByRole('heading', { level: 3 })).toHaveText(starting([w.floorTbc]));
    await expect(noBuilding.getByRole('heading', { level: 4 })).toHaveText(lang === 'zh' ? ['康复科'] : ['Rehabilitation']);
    // Services stay under their department here too.
    await expect(third.getByRole('list', { name: w.servicesOfVascular }).getByRole('listitem')).toHaveCount(17);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, `${test.info().project.name}-${lang}-guiding-by-location.png`), animations: 'disabled' });
    await page.getByRole('button', { name: w.byName }).tap();
    await page.screenshot({ path: join(SHOTS, `${test.info().project.name}-${lang}-guiding-by-name.png`), animations: 'disabled' });
  });
}

test('staff screens leave out the visitor controls; a visitor’s large text and low reach come back after', async ({ page }) => {
  for (const lang of ['zh', 'en'] as const) {
    kiosk = await startKiosk({ dataDir: guidingDataDir() });
    await page.goto(kiosk.url);
    await expectWelcome(page);
    if (lang === 'en') await page.getByRole('button', { name: 'English' }).tap();
    await page.getByRole('button', { name: /触摸屏幕开始|Touch to start/ }).tap();
    const bar = page.getByRole('contentinfo');
    const large = bar.getByRole('button', { name: lang === 'zh' ? '大字' : 'Large text' });
    const reach = bar.getByRole('button', { name: lang === 'zh' ? '低位操作' : 'Low reach' });
    const home = bar.getByRole('button', { name: lang === 'zh' ? '首页' : 'Home', exact: true });
    await expect(home).toBeVisible();
    await large.tap();
    await reach.tap();
    await expect(page.locator('html')).toHaveAttribute('data-text', 'large');
    await expect(page.locator('html')).toHaveAttribute('data-reach', 'low');

    // The code pad, the directory and the patient card: no Home, large text or low reach, drawn at normal size.
    await bar.getByRole('button', { name: /志愿者\s*Volunteer/ }).tap();
    const staffScreen = async () => {
      await expect(large).toHaveCount(0);
      await expect(reach).toHaveCount(0);
      await expect(home).toHaveCount(0);
      await expect(page.locator('html')).toHaveAttribute('data-text', 'normal');
      await expect(page.locator('html')).toHaveAttribute('data-reach', 'normal');
      // The language stays, and so does the emergency sentence's way out.
      await expect(bar.getByRole('group', { name: lang === 'zh' ? '语言' : 'Language' })).toBeVisible();
    };
    await expect(page.getByRole('heading', { level: 1, name: /志愿者码|volunteer code/ })).toBeVisible();
    await staffScreen();
    // Cancel on the pad: the visitor's screen, with the visitor's choices as they were.
    await page.getByRole('button', { name: lang === 'zh' ? '取消' : 'Cancel' }).tap();
    await expect(large).toHaveAttribute('aria-pressed', 'true');
    await expect(page.locator('html')).toHaveAttribute('data-text', 'large');
    await bar.getByRole('button', { name: /志愿者\s*Volunteer/ }).tap();
    await enterPin(page, VOLUNTEER_CODE);
    await expect(page.getByRole('heading', { level: 1, name: lang === 'zh' ? '科室与服务' : 'Departments and services' })).toBeVisible();
    await staffScreen();
    await page.getByRole('button', { name: lang === 'zh' ? '给患者看：血管外科' : 'Show the patient: Vascular Surgery' }).tap();
    await expect(page.getByRole('article')).toBeVisible();
    await staffScreen();
    // Exit resets the kiosk for the next visitor.
    await page.getByRole('button', { name: /退出\s*Exit/ }).tap();
    await expectWelcome(page);
    await expect(page.locator('html')).toHaveAttribute('data-text', 'normal');
    await kiosk.stop();
    kiosk = undefined;
  }
});

/** Renders the PDF's first page to PNG (poppler's pdftoppm) for people to look at; the path, or undefined without poppler. */
function pdfToPng(pdf: string): string | undefined {
  try {
    execFileSync('pdftoppm', ['-png', '-r', '200', '-singlefile', pdf, pdf.replace(/\.pdf$/, '')]);
    return pdf.replace(/\.pdf$/, '.png');
  } catch {
    return undefined;
  }
}

/** The PDF's text in the order it is drawn, spaces left out and lower case (poppler's pdftotext), or undefined without poppler. */
function pdfText(pdf: string): string | undefined {
  try {
    return execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '').toLowerCase();
  } catch {
    return undefined;
  }
}

for (const lang of ['zh', 'en'] as const) {
  const other = lang === 'zh' ? 'en' : 'zh';
  test(`the patient card and its slip are made in the other language, and the slip prints with a map of the route (${lang} screen)`, async ({ page }, info) => {
    test.skip(info.project.name !== 'portrait' && lang === 'en', 'the slip is paper; one screen shape in English is enough');
    await page.addInitScript(() => {
      window.print = () => {};
    });
    await volunteerDirectory(page, lang);
    await page.getByRole('button', { name: lang === 'zh' ? '给患者看：血管外科' : 'Show the patient: Vascular Surgery' }).tap();
    const card = page.getByRole('article');
    const choice = card.getByRole('group', { name: lang === 'zh' ? '给患者的语言' : "The patient's language" });
    // The screen's language first, until the volunteer chooses the patient's.
    await expect(choice.getByRole('button', { name: lang === 'zh' ? '中文' : 'English' })).toHaveAttribute('aria-pressed', 'true');
    await expect(card).toHaveAttribute('lang', lang === 'zh' ? 'zh-Hans' : 'en');
    await expect(card.getByRole('heading', { level: 1 })).toHaveText(lang === 'zh' ? /^血管外科\s*Vascular Surgery$/ : /^Vascular Surgery\s*血管外科$/);

    const answers: { lang: string; text: string }[] = [];
    page.on('response', async (r) => {
      if (!r.url().endsWith('/api/getDirections') || !r.ok()) return;
      const asked = JSON.parse(r.request().postData() ?? '{}') as { lang: string };
      answers.push({ lang: asked.lang, text: ((await r.json()) as { value: { text: string } }).value.text });
    });
    await choice.getByRole('button', { name: other === 'zh' ? '中文' : 'English' }).tap();
    await expect(choice.getByRole('button', { name: other === 'zh' ? '中文' : 'English' })).toHaveAttribute('aria-pressed', 'true');
    await expect(card).toHaveAttribute('lang', other === 'zh' ? 'zh-Hans' : 'en');
    await expect(card.getByRole('heading', { level: 1 })).toHaveText(other === 'zh' ? /^血管外科\s*Vascular Surgery$/ : /^Vascular Surgery\s*血管外科$/);
    // The QR code carries the directions in the patient's language.
    await expect.poll(() => answers.at(-1)?.lang).toBe(other);
    expect(answers.at(-1)!.text.split('\n')[0]).toBe(other === 'zh' ? '去血管外科的路线（无台阶）' : 'Directions to Vascular Surgery (step-free)');
    await expect(card.getByRole('img', { name: other === 'zh' ? /^路线二维码/ : /^QR code with the directions/ })).toBeVisible();
    // The volunteer's own controls stay in the screen's language.
    await expect(card.getByRole('button', { name: lang === 'zh' ? '打印' : 'Print', exact: true })).toBeVisible();
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, `${info.project.name}-${lang}-card-in-${other}.png`), animations: 'disabled' });

    // The slip: in the patient's language first, with a map of each floor the route crosses.
    const slip = page.locator('.print-slip');
    await expect(slip.locator('h1 > span').first()).toHaveText(other === 'zh' ? '血管外科' : 'Vascular Surgery');
    const maps = slip.locator('figure[role="img"]');
    await expect(maps).toHaveCount(2);
    await expect(maps.first()).toHaveAttribute('aria-label', other === 'zh' ? '1楼平面图，标有路线' : 'Plan of Floor 1 with the route marked');
    await expect(maps.last().locator('[data-label="goal"]')).toHaveText(other === 'zh' ? '血管外科' : 'Vascular Surgery');
    await expect(maps.first().locator('[data-label="here"]')).toHaveText(other === 'zh' ? '您在这里' : 'You are here');
    // The labels have their places before anything prints (a label not yet placed is hidden).
    for (const label of ['here', 'goal']) await expect(slip.locator(`[data-label="${label}"]`).first()).toHaveAttribute('style', /left:\s*[\d.]+px/);

    for (const paper of ['a5', 'receipt'] as const) {
      await page.getByRole('button', { name: lang === 'zh' ? '打印' : 'Print', exact: true }).tap();
      const dialog = page.getByRole('dialog', { name: lang === 'zh' ? '选择纸张' : 'Choose the paper' });
      await dialog.getByRole('button', { name: paper === 'a5' ? (lang === 'zh' ? /A5纸/ : /A5 sheet/) : lang === 'zh' ? /80毫米小票/ : /80 mm receipt/ }).tap();
      await dialog.getByRole('button', { name: lang === 'zh' ? '打印' : 'Print', exact: true }).tap();
      await expect(dialog).toBeHidden();
      const pdf = join(SHOTS, `${info.project.name}-${lang}-slip-in-${other}-${paper}.pdf`);
      await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
      // One page: an A5 sheet, or a receipt as long as the slip.
      try {
        expect(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]).toBe('1');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
      const png = pdfToPng(pdf);
      if (png) expect(existsSync(png)).toBe(true);
      const text = pdfText(pdf);
      if (text !== undefined) {
        // The patient's language comes first on paper, the map's labels in it, and the other language after.
        const first = other === 'zh' ? '血管外科' : 'vascularsurgery';
        const second = other === 'zh' ? 'vascularsurgery' : '血管外科';
        expect(text).toContain(first);
        expect(text.indexOf(first)).toBeLessThan(text.indexOf(second));
        expect(text).toContain(other === 'zh' ? '您在这里' : 'youarehere');
        expect(text).toContain(other === 'zh' ? '路线图' : 'routemap');
      }
    }
  });
}
