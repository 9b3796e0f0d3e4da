/**
 * The IT screen as a tool, by touch in both languages, over a kiosk that has installed versions 2
 * and 3 (the built-in content kept too) and a USB stick with five packs: newer, older, another
 * site's, one signed by a key it does not trust, one damaged in copying. Every verdict shows before
 * any pack is opened; a pack's report names the fields that change; the damaged one is refused in
 * Chinese under 中文; the kiosk rolls back two levels and forward again; the audit log is filtered
 * and exported to the stick; the kiosk's health is shown.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, type RunningKiosk } from './fixtures.js';
import { itWorld, openIt, packRow } from './it-packs-helpers.js';

let kiosk: RunningKiosk | undefined;
test.afterEach(async () => {
  await kiosk?.stop();
  kiosk = undefined;
});

test('a stick with five packs shows five verdicts and their facts before any is opened, in both languages', async ({ page }) => {
  test.setTimeout(90_000);
  const opened: string[] = [];
  page.on('request', (r) => void (r.url().includes('/api/itInspectPack') && opened.push(r.url())));
  kiosk = await openIt(page);
  const list = page.getByRole('list', { name: '找到的内容包' });
  await expect(list.getByRole('listitem')).toHaveCount(5);
  const zh: [string, string][] = [
    ['a-newer.kpack', '可以安装'],
    ['b-older.kpack', '不比当前新'],
    ['c-other-site.kpack', '其他站点的'],
    ['d-untrusted.kpack', '签名不受信任'],
    ['e-damaged.kpack', '文件已损坏'],
  ];
  for (const [name, verdict] of zh) await expect(packRow(page, name)).toContainText(verdict, { timeout: 30_000 });
  await expect(list).not.toContainText('正在核验');
  // What each signed manifest says, signers by name.
  await expect(packRow(page, 'a-newer.kpack')).toContainText('hospital-main');
  await expect(packRow(page, 'a-newer.kpack')).toContainText('版本 4');
  await expect(packRow(page, 'a-newer.kpack')).toContainText('签名: hospital-it');
  await expect(packRow(page, 'a-newer.kpack')).toContainText('任意站点');
  await expect(packRow(page, 'c-other-site.kpack')).toContainText('east-wing');
  await expect(packRow(page, 'd-untrusted.kpack')).toContainText('签名未被接受');
  await expect(packRow(page, 'e-damaged.kpack')).toContainText('此文件已损坏：可能没有完整复制');

  await page.getByRole('button', { name: 'English' }).tap();
  const en: [string, string][] = [
    ['a-newer.kpack', 'Installable'],
    ['b-older.kpack', 'Older or equal'],
    ['c-other-site.kpack', 'For another site'],
    ['d-untrusted.kpack', 'Not signed by a trusted key'],
    ['e-damaged.kpack', 'Damaged'],
  ];
  for (const [name, verdict] of en) await expect(packRow(page, name)).toContainText(verdict);
  await expect(packRow(page, 'b-older.kpack')).toContainText('Version 1');
  await expect(packRow(page, 'e-damaged.kpack')).toContainText('This file is damaged: it may not have copied completely');
  expect(opened).toEqual([]);
});

test('a pack’s report names the fields that change; a damaged pack is refused in Chinese under 中文', async ({ page }) => {
  test.setTimeout(90_000);
  kiosk = await openIt(page);
  const load = page.getByRole('region', { name: /加载内容包|Load content pack/ });
  await expect(packRow(page, 'a-newer.kpack')).toContainText('可以安装', { timeout: 30_000 });
  await packRow(page, 'a-newer.kpack').getByRole('button').tap();
  const report = load.getByRole('region', { name: /核验报告|Verification report/ });
  const fields = report.getByRole('list', { name: '血管外科: 有改动的字段' });
  await expect(fields.getByRole('listitem').filter({ hasText: '电话' })).toContainText('未填写→021-6428 3312');
  await expect(fields.getByRole('listitem').filter({ hasText: '位置' })).toContainText('门诊楼');
  await expect(fields.getByRole('listitem').filter({ hasText: '服务' })).toContainText('+2 −1');
  await page.getByRole('button', { name: 'English' }).tap();
  const fieldsEn = report.getByRole('list', { name: 'Vascular Surgery: Fields that change' });
  await expect(fieldsEn.getByRole('listitem').filter({ hasText: 'Phone' })).toContainText('not given→021-6428 3312');
  await expect(fieldsEn.getByRole('listitem').filter({ hasText: 'Services' })).toContainText('+2 −1');
  await expect(report.getByRole('list', { name: 'Departments changed' })).not.toContainText('General Ultrasound');
  await page.getByRole('button', { name: '中文' }).tap();
  await load.getByRole('button', { name: '选择其他内容包' }).first().tap();

  await packRow(page, 'e-damaged.kpack').getByRole('button').tap();
  const refusal = report.getByRole('alert');
  await expect(refusal).toContainText('此内容包不能安装');
  await expect(refusal).toContainText('此文件已损坏：可能没有完整复制。请从原文件重新复制到U盘后再试。');
  await expect(refusal.locator('code')).toHaveText('zip-inflate');
  await expect(refusal).not.toContainText(/bomb|炸弹|damaged/);
  await expect(load.getByRole('button', { name: '安装' })).toHaveCount(0);
});

test('IT staff roll back two levels and forward again, each confirmed with what will be shown', async ({ page }) => {
  test.setTimeout(90_000);
  kiosk = await openIt(page);
  const status = page.getByRole('region', { name: /当前内容|Current content/ });
  const kept = page.getByRole('region', { name: /保留的内容|Kept contents/ });
  await expect(status.locator('.num')).toHaveText('3');
  await expect(kept.getByRole('list').getByRole('listitem')).toHaveCount(3);
  await expect(kept.getByRole('listitem').filter({ hasText: 'hospital-main 版本2' })).toContainText('签名: hospital-it'); // by name, not key id

  await kept.getByRole('button', { name: '回退到版本2' }).tap();
  const back = page.getByRole('dialog', { name: '回退到保留的内容？' });
  await expect(back).toContainText('之后导诊机将显示：hospital-main 版本2');
  await back.getByRole('button', { name: '回退到版本2' }).tap();
  await expect(page.getByRole('status').filter({ hasText: '已回滚。现在显示：hospital-main 版本2' })).toBeVisible();
  await expect(status.locator('.num')).toHaveText('2');

  await page.getByRole('button', { name: 'English' }).tap();
  await kept.getByRole('button', { name: 'Roll back to version 0' }).tap();
  const back2 = page.getByRole('dialog', { name: 'Roll back to the kept content?' });
  await expect(back2).toContainText('Afterwards the kiosk shows the built-in content (version 0)');
  await back2.getByRole('button', { name: 'Roll back to version 0' }).tap();
  await expect(page.getByRole('status').filter({ hasText: 'Rolled back. The kiosk now shows the built-in content (version 0)' })).toBeVisible();
  await expect(status.locator('.num')).toHaveText('0');

  // Forward to version 3 again: no new pack, no new signature.
  await kept.getByRole('button', { name: 'Roll forward to version 3' }).tap();
  const fwd = page.getByRole('dialog', { name: 'Roll forward to the kept content?' });
  await expect(fwd).toContainText('Afterwards the kiosk shows hospital-main version 3');
  await fwd.getByRole('button', { name: 'Cancel' }).tap();
  await expect(status.locator('.num')).toHaveText('0');
  await kept.getByRole('button', { name: 'Roll forward to version 3' }).tap();
  await fwd.getByRole('button', { name: 'Roll forward to version 3' }).tap();
  await expect(page.getByRole('status').filter({ hasText: 'Rolled forward. The kiosk now shows hospital-main version 3' })).toBeVisible();
  await expect(status.locator('.num')).toHaveText('3');
  await page.getByRole('button', { name: '中文' }).tap();
  await expect(page.getByRole('status').filter({ hasText: '已前进。现在显示：hospital-main 版本3' })).toBeVisible();
  await expect(kept.getByRole('button', { name: '回退到版本2' })).toBeVisible();
  await expect(kept.getByRole('button', { name: '回退到版本0' })).toBeVisible();
  // Each switch is in the log, in Chinese.
  const log = page.getByRole('region', { name: '操作记录' }).getByRole('table');
  await expect(log.getByRole('row').nth(1)).toContainText('已从版本 0 前进到保留的 hospital-main 版本 3。');
});

test('the audit log in the screen’s language, filtered by kind and result and exported to the stick; the kiosk’s health', async ({ page }) => {
  test.setTimeout(90_000);
  kiosk = await openIt(page);
  const region = page.getByRole('region', { name: '操作记录' });
  const rows = region.getByRole('table').getByRole('row');
  // Chinese sentences, never the English ones recorded, and "built-in" said in words.
  await expect(region).toContainText('已安装内容包 hospital-main 版本 3（替换版本 2）。');
  await expect(region).toContainText('IT 界面已解锁（在本机上）。');
  await expect(region).not.toContainText('The IT screen was unlocked');
  await expect(region).not.toContainText('The it PIN');

  await region.getByRole('group', { name: '按操作筛选' }).getByRole('button', { name: '安装' }).tap();
  await expect(region.getByRole('group', { name: '按操作筛选' }).getByRole('button', { name: '安装' })).toHaveAttribute('aria-pressed', 'true');
  await region.getByRole('group', { name: '按结果筛选' }).getByRole('button', { name: '拒绝' }).tap();
  await expect(rows).toHaveCount(2); // the heading and the one refusal
  await expect(rows.nth(1)).toContainText('d-untrusted.kpack 被拒绝：此内容包不是由本机信任的密钥签名的。');
  await expect(rows.nth(1)).not.toContainText(itWorld().usb); // the pack by its name, not where the stick is mounted
  await expect(rows.nth(1).locator('code').first()).toHaveText('install.refused');
  await expect(region.getByRole('status').filter({ hasText: '显示1/' })).toBeVisible();

  await region.getByRole('button', { name: '导出到 U 盘' }).tap();
  const done = region.getByRole('status').filter({ hasText: '已把1条记录导出到 U 盘：' });
  await expect(done).toBeVisible();
  const name = /kiosk-audit-[\d-]+\.txt/.exec((await done.textContent()) ?? '')?.[0];
  expect(name).toBeTruthy();
  const text = readFileSync(join(itWorld().usb, name!), 'utf8');
  expect(text).toContain('导诊机操作记录');
  expect(text).toContain('筛选: 安装 / 被拒绝');
  expect(text).toContain('共 1 条');
  expect(text).toContain('[install.refused]');
  expect(text).not.toContain('install.accepted');

  // In English, every kind again, exported as English.
  await page.getByRole('button', { name: 'English' }).tap();
  const en = page.getByRole('region', { name: 'Audit log' });
  await en.getByRole('group', { name: 'Filter by kind' }).getByRole('button', { name: 'All', exact: true }).tap();
  await en.getByRole('group', { name: 'Filter by result' }).getByRole('button', { name: 'Accepted', exact: true }).tap();
  await expect(en.getByRole('table')).toContainText('Installed pack hospital-main version 2 (over version 0).');
  await expect(en.getByRole('table')).not.toContainText('refused');
  await en.getByRole('button', { name: 'Export to the stick' }).tap();
  const doneEn = en.getByRole('status').filter({ hasText: /entries written to the stick as kiosk-audit-/ });
  await expect(doneEn).toBeVisible();
  const nameEn = /kiosk-audit-[\d-]+\.txt/.exec((await doneEn.textContent()) ?? '')?.[0];
  const textEn = readFileSync(join(itWorld().usb, nameEn!), 'utf8');
  expect(textEn).toContain('Kiosk audit log');
  expect(textEn).toContain('Filter: all / done');
  expect(textEn).toContain('Installed pack hospital-main version 3 (over version 2).');

  // The kiosk's health.
  const health = page.getByRole('region', { name: 'Kiosk health' });
  await expect(health).toContainText('Free space');
  await expect(health).toContainText(/\d+(\.\d)? (GB|MB)/);
  await expect(health).toContainText('Up for');
  await expect(health).toContainText('Content made');
  await expect(health).toContainText('hospital-main version 3');
  await expect(health).toContainText('Last automatic install or update');
  await expect(health).toContainText('None recorded');
  await expect(health).toContainText('Printer');
  await expect(health).toContainText(/since start/);
  await page.getByRole('button', { name: '中文' }).tap();
  await expect(page.getByRole('region', { name: '导诊机状态' })).toContainText('数据盘剩余空间');
  await expect(page.getByRole('region', { name: '导诊机状态' })).toContainText('没有记录');
});
