/**
 * The IT screen lists what visitors searched for and did not find (searched 3 times or more),
 * so editors can add synonyms; a search made fewer times, or a phone number, is not there.
 * The counts are made by the kiosk's own recorder with a clock of its own, as scripted visits.
 */
import { join } from 'node:path';
import { SqliteVisitorCounts, VISITORS_FILE } from '../../db/visitors.js';
import { SETTLE_MS, VisitorRecorder } from '../../src/core/visitors/recorder.js';
import { startKiosk, test, expect, type RunningKiosk } from './fixtures.js';
import { enterPin, expectWelcome, freshDataDir, holdCorner, IT_PIN, staffWorld } from './staff-helpers.js';

let kiosk: RunningKiosk | undefined;
test.afterEach(async () => {
  await kiosk?.stop();
  kiosk = undefined;
});

function scriptedVisits(dataDir: string): void {
  let clock = Date.now() - 2 * 86_400_000;
  const rec = new VisitorRecorder(new SqliteVisitorCounts(join(dataDir, VISITORS_FILE)), { now: () => clock });
  const visit = (q: string) => {
    rec.search(q, false);
    clock += SETTLE_MS + 500;
    rec.settle();
    clock += 3_600_000;
  };
  for (let i = 0; i < 4; i++) visit('podiatry');
  for (let i = 0; i < 3; i++) visit('足疗');
  for (let i = 0; i < 2; i++) visit('acupuncture');
  for (let i = 0; i < 5; i++) visit('13800138000');
  rec.close();
}

test('the IT screen shows the searches that found nothing most, in both languages', async ({ page }, info) => {
  const dataDir = freshDataDir(staffWorld().template);
  scriptedVisits(dataDir);
  kiosk = await startKiosk({ dataDir });
  await page.goto(kiosk.url);
  await expectWelcome(page);
  await holdCorner(page);
  await page.getByRole('button', { name: 'English' }).tap();
  await enterPin(page, IT_PIN);
  const panel = page.getByRole('region', { name: 'Searches that found nothing' });
  await expect(panel.getByRole('row')).toHaveCount(3); // the header, podiatry, 足疗
  await expect(panel.getByRole('row').nth(1)).toContainText(/podiatry\s*4/);
  await expect(panel.getByRole('row').nth(2)).toContainText(/足疗\s*3/);
  await expect(panel).not.toContainText('acupuncture');
  await expect(panel).not.toContainText('13800138000');
  await panel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: info.outputPath(`it-searches-en-${info.project.name}.png`) });
  await page.getByRole('button', { name: '中文' }).tap();
  await expect(page.getByRole('region', { name: '访客没有找到的搜索' })).toContainText('podiatry');
  await page.screenshot({ path: info.outputPath(`it-searches-zh-${info.project.name}.png`) });
});
