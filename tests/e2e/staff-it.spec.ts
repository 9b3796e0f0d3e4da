/**
 * The IT screen as IT staff use it: the hidden corner gesture and the IT PIN (wrong PIN, then the
 * lockout with its countdown); no gesture at all when no IT PIN is set; the current content, a
 * pack's verification report with its signer and what it changes, the install with progress,
 * the new version live for visitors, a refused pack, rollback, resetting an anti-rollback record
 * a bad pack left behind, and the audit log.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { startKiosk, test, expect, type RunningKiosk } from './fixtures.js';
import { enterPin, expectWelcome, freshDataDir, holdCorner, IT_PIN, kioskCli, staffWorld, VOLUNTEER_CODE } from './staff-helpers.js';

let kiosk: RunningKiosk | undefined;
test.afterEach(async () => {
  await kiosk?.stop();
  kiosk = undefined;
});

const pinHeading = /IT 维护：请输入 PIN|IT maintenance: enter the PIN/;

test('the corner gesture opens the IT PIN pad; wrong PINs say how many tries are left, then lock with a countdown', async ({ page }) => {
  kiosk = await startKiosk({ dataDir: freshDataDir(staffWorld().template) });
  await page.goto(kiosk.url);
  await expectWelcome(page);

  // A short touch in the corner is an ordinary touch: on the welcome screen it starts.
  await holdCorner(page, 600);
  await expect(page.getByRole('heading', { level: 1, name: /您好|Hello/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: pinHeading })).toHaveCount(0);

  await holdCorner(page);
  await expect(page.getByRole('heading', { level: 1, name: pinHeading })).toBeVisible();
  await page.getByRole('button', { name: 'English' }).tap();
  await expect(page.getByRole('heading', { level: 1, name: /IT maintenance: enter the PIN/ })).toBeVisible();

  await enterPin(page, '111111');
  await expect(page.getByRole('alert').filter({ hasText: 'That PIN is not right. 2 tries left' })).toBeVisible();
  await page.getByRole('button', { name: '中文' }).tap();
  await expect(page.getByRole('alert').filter({ hasText: 'PIN不正确。还可以再试2次' })).toBeVisible();
  await page.getByRole('button', { name: 'English' }).tap();
  await enterPin(page, '222222');
  await expect(page.getByRole('alert').filter({ hasText: '1 try left' })).toBeVisible();
  await enterPin(page, '333333');

  const lockout = page.getByRole('alert').filter({ hasText: /Too many wrong tries\. Try again in \d+ seconds\./ });
  await expect(lockout).toBeVisible();
  const first = Number(/in (\d+) seconds/.exec((await lockout.textContent()) ?? '')?.[1]);
  expect(first).toBeGreaterThan(25);
  await expect(page.getByRole('button', { name: '5', exact: true })).toBeDisabled();
  // The countdown is live.
  await expect.poll(async () => Number(/in (\d+) seconds/.exec((await lockout.textContent()) ?? '')?.[1]), { timeout: 4000 }).toBeLessThan(first);

  await page.getByRole('button', { name: 'Cancel' }).tap();
  await expect(page.getByRole('heading', { level: 1, name: 'Hello. Which department are you looking for?' })).toBeVisible();
});

test('with no IT PIN set the corner gesture does nothing at all', async ({ page }, info) => {
  test.skip(info.project.name !== 'portrait', 'does not depend on the screen');
  kiosk = await startKiosk({ dataDir: freshDataDir(staffWorld().noPins) });
  await page.goto(kiosk.url);
  await expectWelcome(page);
  await page.getByRole('button', { name: /触摸屏幕开始|Touch to start/ }).tap();
  await expect(page.getByRole('heading', { level: 1, name: /您好|Hello/ })).toBeVisible();
  await holdCorner(page);
  await expect(page.getByRole('heading', { level: 1, name: /您好|Hello/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: pinHeading })).toHaveCount(0);
  // And no volunteer button either, with no volunteer code set.
  await expect(page.getByRole('button', { name: /志愿者/ })).toHaveCount(0);
});

test('IT staff check a pack, install it with progress, see it live, refuse an untrusted one, roll back and read the log', async ({ page }) => {
  test.setTimeout(60_000);
  kiosk = await startKiosk({ dataDir: freshDataDir(staffWorld().template) });
  await page.goto(kiosk.url);
  await expectWelcome(page);
  await page.getByRole('button', { name: 'English' }).tap();
  await holdCorner(page);
  await enterPin(page, IT_PIN);

  const status = page.getByRole('region', { name: 'Current content' });
  await expect(status).toContainText('Built-in content');
  await expect(status.locator('.num')).toHaveText('0');
  await expect(status.getByRole('button', { name: 'Roll back' })).toBeDisabled();

  // The packs on the stick, then the report of the good one before anything is installed.
  const load = page.getByRole('region', { name: 'Load content pack' });
  const packs = load.getByRole('list', { name: 'Packs found' });
  await expect(packs.getByRole('listitem')).toHaveCount(3);
  await packs.getByRole('button', { name: /content-v2\.kpack/ }).tap();
  const report = load.getByRole('region', { name: 'Verification report' });
  await expect(report.getByText('Valid: signed by trusted keys')).toBeVisible();
  await expect(report).toContainText('hospital-it');
  await expect(report).toContainText('hospital-main');
  await expect(report.getByRole('list', { name: 'Departments changed' })).toContainText('Vascular Surgery');
  await expect(report.getByRole('list', { name: 'Departments changed' })).toContainText('General Ultrasound');
  await expect(report).toContainText('Replaces: the built-in content (version 0)');

  // Install, confirmed; the stages run and the outcome says what is live now.
  await load.getByRole('button', { name: 'Install' }).tap();
  const confirm = page.getByRole('dialog', { name: 'Install this content pack?' });
  await expect(confirm).toContainText('hospital-main version 2');
  await confirm.getByRole('button', { name: 'Install' }).tap();
  await expect(load.getByRole('progressbar')).toBeVisible();
  await expect(load.getByRole('list', { name: 'Installing' }).getByRole('listitem')).toHaveCount(7);
  await expect(load.getByRole('status').filter({ hasText: 'The kiosk now shows hospital-main version 2' })).toBeVisible({ timeout: 20_000 });
  await expect(load.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
  await expect(status.locator('.num')).toHaveText('2');
  await expect(status).toContainText('From a content pack');
  await expect(status).toContainText('hospital-it');
  await load.getByRole('button', { name: 'Done' }).tap();

  // A pack signed by a key the kiosk does not trust is refused in a sentence, with the check named.
  await packs.getByRole('button', { name: /unknown-signer\.kpack/ }).tap();
  const refusal = report.getByRole('alert');
  await expect(refusal).toContainText('This pack cannot be installed');
  await expect(refusal.locator('code')).not.toBeEmpty();
  await expect(load.getByRole('button', { name: 'Install' })).toHaveCount(0);
  await load.getByRole('button', { name: 'Choose another pack' }).first().tap();

  // Roll back, confirmed, to what was there before.
  await expect(status).toContainText('Goes back to: the built-in content (version 0)');
  await status.getByRole('button', { name: 'Roll back' }).tap();
  const rb = page.getByRole('dialog', { name: 'Roll back the kiosk content?' });
  await expect(rb).toContainText('Goes back to: the built-in content (version 0)');
  await rb.getByRole('button', { name: 'Roll back' }).tap();
  await expect(page.getByText('Rolled back. The kiosk now shows the built-in content (version 0)')).toBeVisible();
  await expect(status.locator('.num')).toHaveText('0');

  // The log, newest first: the rollback, the install, the unlock.
  const log = page.getByRole('region', { name: 'Audit log' }).getByRole('table');
  const rows = log.getByRole('row');
  await expect(rows.nth(1)).toContainText('Rollback');
  await expect(log).toContainText(/Install\s*Accepted\s*hospital-main v2/);
  await expect(log).toContainText('Unlock');

  // Exit locks and returns to the welcome screen.
  await page.getByRole('button', { name: /退出\s*Exit/ }).tap();
  await expectWelcome(page);
});

test('IT staff reset the anti-rollback record a bad pack left, after confirming, and the pack it blocked installs', async ({ page }, info) => {
  test.skip(info.project.name !== 'portrait', 'does not depend on the screen');
  test.setTimeout(60_000);
  // The record of a kiosk that accepted a pack from 2099 with version 2^53 − 1 before such packs were refused.
  const dataDir = freshDataDir(staffWorld().template);
  writeFileSync(join(dataDir, 'state.json'), JSON.stringify({ highestVersion: Number.MAX_SAFE_INTEGER, latestCreated: '2099-01-01T00:00:00.000Z' }));
  kiosk = await startKiosk({ dataDir });
  await page.goto(kiosk.url);
  await expectWelcome(page);
  await page.getByRole('button', { name: 'English' }).tap();
  await holdCorner(page);
  await enterPin(page, IT_PIN);

  const status = page.getByRole('region', { name: 'Current content' });
  await expect(status).toContainText('9007199254740991');
  const load = page.getByRole('region', { name: 'Load content pack' });
  await load.getByRole('button', { name: /content-v2\.kpack/ }).tap();
  await expect(load.getByRole('region', { name: 'Verification report' }).getByRole('alert')).toContainText('version-replayed');
  await load.getByRole('button', { name: 'Choose another pack' }).first().tap();

  // Asked first; cancelling changes nothing.
  await status.getByRole('button', { name: 'Reset the record' }).tap();
  const confirm = page.getByRole('dialog', { name: 'Reset the anti-rollback record?' });
  await expect(confirm).toContainText('The highest version accepted becomes 0, the version of the content now live.');
  await confirm.getByRole('button', { name: 'Cancel' }).tap();
  await expect(confirm).toBeHidden();
  await expect(status).toContainText('9007199254740991');

  await status.getByRole('button', { name: 'Reset the record' }).tap();
  await confirm.getByRole('button', { name: 'Reset the record' }).tap();
  await expect(page.getByRole('status').filter({ hasText: 'The anti-rollback record now matches the live content (version 0).' })).toBeVisible();
  await expect(status).not.toContainText('9007199254740991');
  await page.getByRole('button', { name: '中文' }).tap();
  await expect(page.getByRole('status').filter({ hasText: '防回滚记录已改为当前内容（版本 0）。' })).toBeVisible();
  await page.getByRole('button', { name: 'English' }).tap();
  await expect(page.getByRole('region', { name: 'Audit log' }).getByRole('table').getByRole('row').nth(1)).toContainText('Reset rollback record');

  // The pack the record blocked now installs.
  await load.getByRole('button', { name: /content-v2\.kpack/ }).tap();
  await expect(load.getByRole('region', { name: 'Verification report' }).getByText('Valid: signed by trusted keys')).toBeVisible();
  await load.getByRole('button', { name: 'Install' }).tap();
  await page.getByRole('dialog', { name: 'Install this content pack?' }).getByRole('button', { name: 'Install' }).tap();
  await expect(load.getByRole('status').filter({ hasText: 'The kiosk now shows hospital-main version 2' })).toBeVisible({ timeout: 20_000 });
});

test('after an install, leaving the IT screen shows visitors the new content', async ({ page }, info) => {
  test.skip(info.project.name !== 'portrait', 'does not depend on the screen');
  kiosk = await startKiosk({ dataDir: freshDataDir(staffWorld().template) });
  await page.goto(kiosk.url);
  // The welcome screen, once it knows which staff screens there are.
  await expectWelcome(page);
  await expect(page.getByRole('button', { name: /志愿者\s*Volunteer/ })).toBeVisible();
  await page.getByRole('button', { name: 'English' }).tap();
  await holdCorner(page);
  await enterPin(page, IT_PIN);
  const load = page.getByRole('region', { name: 'Load content pack' });
  await load.getByRole('button', { name: /content-v2\.kpack/ }).tap();
  await load.getByRole('button', { name: 'Install' }).tap();
  await page.getByRole('dialog').getByRole('button', { name: 'Install' }).tap();
  await expect(load.getByRole('status').filter({ hasText: 'version 2' })).toBeVisible({ timeout: 20_000 });
  await page.getByRole('button', { name: /退出\s*Exit/ }).tap();
  await page.getByRole('button', { name: /Touch to start|触摸屏幕开始/ }).tap();
  await page.getByRole('button', { name: 'English' }).tap();
  await page.getByRole('button', { name: /Department directory/ }).tap();
  await expect(page.getByRole('main')).toContainText('Outpatient Building');
});

test('a web page on another origin cannot press the PIN pads: the right PIN still opens both screens at once', async ({ page }, info) => {
  test.skip(info.project.name !== 'portrait', 'does not depend on the screen');
  kiosk = await startKiosk({ dataDir: freshDataDir(staffWorld().template) });
  const target = kiosk.url;
  // Another site on this machine (127.0.0.2): its page posts wrong PINs to the kiosk as plain
  // text with no-cors, which a browser sends to any site without asking.
  const attacker = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>loading</title><script>
      const send = (role) => fetch(${JSON.stringify(`${target}api/unlock`)}, { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ role, pin: '000000' }) });
      Promise.allSettled(Array.from({ length: 8 }, (_, i) => send(i % 2 ? 'it' : 'volunteer'))).then((r) => (document.title = 'sent ' + r.filter((x) => x.status === 'fulfilled').length));
    </script>`);
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.2', resolve));
  try {
    const sent: string[] = [];
    page.on('request', (r) => void (r.url().endsWith('/api/unlock') && sent.push(r.url())));
    await page.goto(`http://127.0.0.2:${(attacker.address() as AddressInfo).port}/`);
    await expect(page).toHaveTitle('sent 8');
    expect(sent).toHaveLength(8); // the browser did send them
  } finally {
    attacker.close();
  }

  await page.goto(target);
  await expectWelcome(page);
  await page.getByRole('button', { name: /志愿者\s*Volunteer/ }).tap();
  await enterPin(page, VOLUNTEER_CODE);
  await expect(page.getByRole('heading', { level: 1, name: '科室与服务' })).toBeVisible();
  await page.getByRole('button', { name: /退出\s*Exit/ }).tap();
  await expectWelcome(page);
  await holdCorner(page);
  await enterPin(page, IT_PIN);
  await expect(page.getByRole('region', { name: /当前内容|Current content/ })).toBeVisible();
  // Nothing was refused: the attempts never reached the pads.
  const log = JSON.parse(kioskCli(['log', '--json', '--data-dir', kiosk.dataDir])) as { action: string; result: string }[];
  expect(log.filter((e) => e.action === 'unlock').map((e) => e.result)).toEqual(['accepted', 'accepted']);
});

test('past the day’s limit of wrong PINs the pad stays locked until tomorrow, across a restart; a kiosk that cannot record wrong PINs says so', async ({
  page,
}, info) => {
  test.skip(info.project.name !== 'portrait', 'does not depend on the screen');
  test.setTimeout(90_000);
  /** The welcome screen, once it knows which staff screens there are (the gesture needs it). */
  const ready = async () => {
    await expectWelcome(page);
    await expect(page.getByRole('button', { name: /志愿者\s*Volunteer/ })).toBeVisible();
  };
  const d = new Date();
  const today = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  const dataDir = freshDataDir(staffWorld().template);
  // Nineteen wrong PINs earlier today, the last lockout over: the next wrong one is the day's last.
  writeFileSync(join(dataDir, 'lockout.json'), JSON.stringify({ it: { failures: 6, lockedUntil: 0, day: today, dayFailures: 19 } }));
  kiosk = await startKiosk({ dataDir });
  await page.goto(kiosk.url);
  await ready();
  await page.getByRole('button', { name: 'English' }).tap();
  await holdCorner(page);
  await enterPin(page, '111111');
  await expect(page.getByRole('alert')).toHaveText('Too many wrong tries today; the pad opens again tomorrow.');
  await expect(page.getByRole('button', { name: '5', exact: true })).toBeDisabled();
  await page.getByRole('button', { name: '中文' }).tap();
  await expect(page.getByRole('alert')).toHaveText('今天输入错误的次数过多，明天才能再试。');

  // A restart does not reopen it, not even for the right PIN.
  await kiosk.stop();
  kiosk = await startKiosk({ dataDir });
  await page.goto(kiosk.url);
  await ready();
  await holdCorner(page);
  await enterPin(page, IT_PIN);
  await expect(page.getByRole('alert')).toHaveText('今天输入错误的次数过多，明天才能再试。');
  await kiosk.stop();

  // Wrong PINs that cannot be written down (something in the way of lockout.json) close the pad after the free tries.
  const blocked = freshDataDir(staffWorld().template);
  mkdirSync(join(blocked, 'lockout.json'));
  kiosk = await startKiosk({ dataDir: blocked });
  await page.goto(kiosk.url);
  await ready();
  await page.getByRole('button', { name: 'English' }).tap();
  await holdCorner(page);
  for (const pin of ['111111', '222222', '333333']) await enterPin(page, pin);
  const closed =
    'This kiosk cannot record wrong tries (its data folder cannot be written), so the pad stays locked until the IT staff fix it and restart the kiosk.';
  await expect(page.getByRole('alert')).toHaveText(closed);
  await enterPin(page, IT_PIN);
  await expect(page.getByRole('alert')).toHaveText(closed);
  await page.getByRole('button', { name: '中文' }).tap();
  await expect(page.getByRole('alert')).toHaveText('这台导诊机无法记录输入错误（数据文件夹无法写入），所以暂停输入，请信息科修复后重启导诊机。');
  await expect(page.getByRole('heading', { level: 1, name: pinHeading })).toBeVisible();
});
