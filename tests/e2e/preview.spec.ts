/**
 * `kiosk preview SOURCE_DIR`: the visitor screens over a content folder being edited, marked
 * PREVIEW on every screen in both languages; a saved edit shows without a reload, a bad edit
 * keeps the last good content and the report one tap from the mark names the file; nothing of
 * it is ever installed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './fixtures.js';
import { start } from './ui-helpers.js';

let child: ChildProcess | undefined;
let root: string | undefined;
test.afterEach(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  child = undefined;
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

async function startPreview(dir: string, env: Record<string, string>): Promise<string> {
  child = spawn(process.execPath, ['bin/kiosk.js', 'preview', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let output = '';
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kiosk preview did not start:\n${output}`)), 20_000);
    const onData = (b: Buffer) => {
      output += b.toString();
      const m = /serving at (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child!.stdout!.on('data', onData);
    child!.stderr!.on('data', onData);
    child!.on('exit', (code) => reject(new Error(`kiosk preview exited with ${code}:\n${output}`)));
  });
}

const depFile = (dir: string) => join(dir, 'departments', 'vascular-surgery.json');
/** The editor saves the department file with a new English name (over whatever is there). */
function renameDepartment(dir: string, en: string): void {
  const d = JSON.parse(readFileSync(depFile('resources/content'), 'utf8')) as { name: { en: string } };
  d.name.en = en;
  writeFileSync(depFile(dir), JSON.stringify(d, null, 2));
}

test('a saved edit shows on the screen; a bad one keeps the last good content and the report names the file', async ({ page }, info) => {
  root = mkdtempSync(join(tmpdir(), 'kiosk-preview-e2e-'));
  const dir = join(root, 'content');
  cpSync('resources/content', dir, { recursive: true });
  const dataDir = join(root, 'data');
  const url = await startPreview(dir, { KIOSK_DATA_DIR: dataDir });
  await page.goto(url);

  const mark = page.getByRole('button', { name: /预览.*PREVIEW/ });
  await expect(mark).toBeVisible();
  await page.screenshot({ path: info.outputPath(`preview-welcome-${info.project.name}.png`) });
  await page.getByRole('button', { name: 'English' }).tap();
  await start(page);
  await expect(mark).toBeVisible(); // on every screen
  await page.getByRole('button', { name: /Department directory/ }).tap();
  const main = page.getByRole('main');
  await expect(main.getByRole('button', { name: 'Vascular Surgery', exact: true })).toBeVisible();

  const saved = Date.now();
  renameDepartment(dir, 'Vascular Surgery (edited)');
  await expect(main.getByRole('button', { name: 'Vascular Surgery (edited)', exact: true })).toBeVisible();
  console.info(`preview: the saved edit was on the screen ${Date.now() - saved} ms after it was written`); // measured, not asserted

  writeFileSync(depFile(dir), '{ "id": "vascular-surgery", ');
  await expect(mark).toContainText('1 problem');
  await expect(main.getByRole('button', { name: 'Vascular Surgery (edited)', exact: true })).toBeVisible(); // the last good content stays
  await mark.tap();
  const report = page.getByRole('dialog', { name: 'Validation report' });
  await expect(report).toContainText('departments/vascular-surgery.json: not valid JSON');
  await expect(report).toContainText('the preview still shows the valid content of');
  await page.screenshot({ path: info.outputPath(`preview-report-en-${info.project.name}.png`) });
  await page.getByRole('button', { name: 'Close' }).tap();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.getByRole('button', { name: '中文' }).tap();
  await mark.tap();
  await expect(page.getByRole('dialog', { name: '检查报告' })).toContainText('发现1个问题');
  // The report's own words are Chinese; each problem names its file, its sentence the validator's English.
  const problems = page.getByRole('dialog', { name: '检查报告' }).getByRole('list', { name: /各问题所在的文件及说明/ });
  await expect(problems.getByRole('listitem')).toHaveCount(1);
  await expect(problems.getByRole('listitem')).toContainText('departments/vascular-surgery.json: not valid JSON');
  await page.screenshot({ path: info.outputPath(`preview-report-zh-${info.project.name}.png`) });
  await page.getByRole('button', { name: '关闭' }).tap();
  await expect(page.getByRole('dialog')).toHaveCount(0);

  renameDepartment(dir, 'Vascular Surgery (fixed)');
  await expect(mark).not.toContainText(/problem|问题/);
  await page.getByRole('button', { name: 'English' }).tap();
  await expect(main.getByRole('button', { name: 'Vascular Surgery (fixed)', exact: true })).toBeVisible();
  expect(existsSync(dataDir)).toBe(false); // never installed anywhere
});
