/**
 * Data folders for the staff specs, made with the `kiosk` command as IT staff would: PINs set
 * with `kiosk set-pin` (PIN on stdin), a signing key made with `kiosk keygen` and trusted with
 * `kiosk trust`, packs built with `kiosk pack` onto a "USB stick" folder named in kiosk.json.
 * The packs are built once per run; each test copies a fresh data folder from a template.
 */
import { expect, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const IT_PIN = '482916';
export const VOLUNTEER_CODE = '7315';

export function kioskCli(args: string[], input?: string): string {
  const r = spawnSync(process.execPath, ['bin/kiosk.js', ...args], { input, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`kiosk ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

export interface StaffWorld {
  root: string;
  /** A data folder template with both PINs, the test key trusted and the USB folder configured. */
  template: string;
  /** A template with no PINs at all. */
  noPins: string;
  usb: string;
  packs: { good: string; older: string; untrusted: string };
}

let world: StaffWorld | undefined;

/** The content in resources/content with real locations, hours and phones filled in. */
function editedContent(root: string): string {
  const src = join(root, 'content');
  cpSync('resources/content', src, { recursive: true });
  const edit = (id: string, f: (d: Record<string, unknown>) => void) => {
    const file = join(src, 'departments', `${id}.json`);
    const d = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    f(d);
    writeFileSync(file, JSON.stringify(d, null, 2));
  };
  edit('vascular-surgery', (d) => {
    d.location = { building: { zh: '门诊楼', en: 'Outpatient Building' }, floor: '3', room: { zh: '312 诊室', en: 'Room 312' }, point: 'vascular-surgery' };
    d.hours = [
      { days: { zh: '周一至周五', en: 'Mon–Fri' }, time: '08:00–17:00' },
      { days: { zh: '周六', en: 'Sat' }, time: '08:00–12:00' },
    ];
    d.phone = '021-6428 3312';
  });
  edit('general-ultrasound', (d) => {
    d.location = {
      building: { zh: '医技楼', en: 'Diagnostics Building' },
      floor: '2',
      room: { zh: '超声中心 B 区', en: 'Ultrasound Centre, Zone B' },
      point: 'general-ultrasound',
    };
    d.hours = [{ days: { zh: '每天', en: 'Every day' }, time: '07:30–17:30' }];
    d.phone = '021-6428 2205';
  });
  return src;
}

/** Builds the packs and templates once per test run (kept for the run under the system temp folder). */
export function staffWorld(): StaffWorld {
  if (world) return world;
  const root = mkdtempSync(join(tmpdir(), 'kiosk-staff-e2e-'));
  process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  const keys = join(root, 'keys');
  const usb = join(root, 'USB');
  mkdirSync(usb);
  const content = editedContent(root);
  kioskCli(['keygen', '--out', keys, '--name', 'hospital-it']);
  kioskCli(['keygen', '--out', join(root, 'stranger'), '--name', 'stranger']);
  const packs = {
    good: join(usb, 'content-v2.kpack'),
    older: join(usb, 'content-v1.kpack'),
    untrusted: join(usb, 'unknown-signer.kpack'),
  };
  kioskCli(['pack', content, '--key', join(keys, 'hospital-it.key'), '--version', '2', '--out', packs.good, '--id', 'hospital-main']);
  kioskCli(['pack', 'resources/content', '--key', join(keys, 'hospital-it.key'), '--version', '1', '--out', packs.older, '--id', 'hospital-main']);
  kioskCli(['pack', content, '--key', join(root, 'stranger', 'stranger.key'), '--version', '5', '--out', packs.untrusted, '--id', 'hospital-main']);

  const template = join(root, 'template');
  mkdirSync(template);
  writeFileSync(join(template, 'kiosk.json'), JSON.stringify({ packFolders: [usb] }));
  kioskCli(['set-pin', '--role', 'it', '--data-dir', template], `${IT_PIN}\n`);
  kioskCli(['set-pin', '--role', 'volunteer', '--data-dir', template], `${VOLUNTEER_CODE}\n`);
  kioskCli(['trust', join(keys, 'hospital-it.pub'), '--data-dir', template]);

  const noPins = join(root, 'no-pins');
  mkdirSync(noPins);
  writeFileSync(join(noPins, 'kiosk.json'), JSON.stringify({ packFolders: [usb] }));

  world = { root, template, noPins, usb, packs };
  return world;
}

/** A fresh data folder copied from a template. */
export function freshDataDir(template: string): string {
  const dir = mkdtempSync(join(staffWorld().root, 'data-'));
  cpSync(template, dir, { recursive: true });
  if (!existsSync(join(dir, 'kiosk.json'))) throw new Error('template without kiosk.json');
  return dir;
}

/** Press and hold the top-left corner (the hidden gesture) for the given time. */
export async function holdCorner(page: Page, ms = 3300): Promise<void> {
  await page.mouse.move(40, 40);
  await page.mouse.down();
  await page.waitForTimeout(ms);
  await page.mouse.up();
}

/** Types a PIN on the pad's keys and unlocks. */
export async function enterPin(page: Page, pin: string): Promise<void> {
  for (const d of pin) await page.getByRole('button', { name: d, exact: true }).tap();
  await page.getByRole('button', { name: /^(确认|Unlock)$/ }).tap();
}

export async function expectWelcome(page: Page): Promise<void> {
  await expect(page.getByRole('button', { name: /触摸屏幕开始|Touch to start/ })).toBeVisible();
}
