/**
 * The world of the IT screen's pack specs: a data folder template whose kiosk installed versions 2
 * and 3 of hospital-main (the built-in content kept as well) and refused one pack, and a USB stick
 * with five packs: newer (4), older (1), another site's (5), one signed by a stranger (6) and one
 * damaged in copying (7). Built once per run with the kiosk command, under the system temp folder.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { startKiosk, expect, type RunningKiosk } from './fixtures.js';
import { enterPin, expectWelcome, holdCorner, IT_PIN, kioskCli } from './staff-helpers.js';

export interface World {
  root: string;
  usb: string;
  template: string;
}
let world: World | undefined;

/** A copy of the built-in content with vascular surgery's phone and location given, two services added and one removed. */
function editedContent(root: string): string {
  const src = join(root, 'content-v4');
  cpSync('resources/content', src, { recursive: true });
  const file = join(src, 'departments', 'vascular-surgery.json');
  const d = JSON.parse(readFileSync(file, 'utf8')) as { services: unknown[]; phone: unknown; location: Record<string, unknown> };
  d.phone = '021-6428 3312';
  d.location = { building: { zh: '门诊楼', en: 'Outpatient Building' }, floor: '3', room: { zh: '312 诊室', en: 'Room 312' }, point: 'vascular-surgery' };
  d.services = [
    ...d.services.slice(1),
    { name: { zh: '下肢静脉曲张微创治疗', en: 'Minimally invasive treatment of varicose veins' }, keywords: ['静脉曲张', 'varicose veins'] },
    { name: { zh: '透析通路建立与维护', en: 'Dialysis access creation and care' }, keywords: ['透析通路', 'dialysis access'] },
  ];
  writeFileSync(file, JSON.stringify(d, null, 2));
  return src;
}

/** A copy of a pack with one byte of a department file's compressed data flipped, as a bad copy does. */
function damagedCopy(pack: string, out: string): void {
  const bytes = readFileSync(pack);
  const header = bytes.indexOf(Buffer.from('departments/vascular-surgery.json')) - 30;
  const dataStart = header + 30 + bytes.readUInt16LE(header + 26) + bytes.readUInt16LE(header + 28);
  bytes[dataStart + 40] = bytes[dataStart + 40]! ^ 0x55;
  writeFileSync(out, bytes);
}

export function itWorld(): World {
  if (world) return world;
  const root = mkdtempSync(join(tmpdir(), 'kiosk-it-packs-e2e-'));
  process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  const keys = join(root, 'keys');
  const usb = join(root, 'USB');
  const built = join(root, 'built');
  mkdirSync(usb);
  mkdirSync(built);
  kioskCli(['keygen', '--out', keys, '--name', 'hospital-it']);
  kioskCli(['keygen', '--out', join(root, 'stranger'), '--name', 'stranger']);
  const key = join(keys, 'hospital-it.key');
  const pack = (src: string, version: number, out: string, extra: string[] = [], k = key) =>
    kioskCli(['pack', src, '--key', k, '--version', String(version), '--out', out, '--id', 'hospital-main', ...extra]);
  const edited = editedContent(root);
  pack('resources/content', 2, join(built, 'v2.kpack'));
  pack('resources/content', 3, join(built, 'v3.kpack'));
  pack(edited, 4, join(usb, 'a-newer.kpack'));
  pack('resources/content', 1, join(usb, 'b-older.kpack'));
  pack(edited, 5, join(usb, 'c-other-site.kpack'), ['--site', 'east-wing']);
  pack(edited, 6, join(usb, 'd-untrusted.kpack'), [], join(root, 'stranger', 'stranger.key'));
  pack(edited, 7, join(built, 'v7.kpack'));
  damagedCopy(join(built, 'v7.kpack'), join(usb, 'e-damaged.kpack'));

  const template = join(root, 'template');
  mkdirSync(template);
  writeFileSync(join(template, 'kiosk.json'), JSON.stringify({ packFolders: [usb], site: 'main-lobby' }));
  kioskCli(['set-pin', '--role', 'it', '--data-dir', template], `${IT_PIN}\n`);
  kioskCli(['trust', join(keys, 'hospital-it.pub'), '--data-dir', template]);
  kioskCli(['install', join(built, 'v2.kpack'), '--data-dir', template]);
  kioskCli(['install', join(built, 'v3.kpack'), '--data-dir', template]);
  // One refused attempt in the log: the pack signed by a stranger.
  const refused = spawnSync(process.execPath, ['bin/kiosk.js', 'install', join(usb, 'd-untrusted.kpack'), '--data-dir', template], { encoding: 'utf8' });
  if (refused.status === 0) throw new Error('the untrusted pack was installed');
  world = { root, usb, template };
  return world;
}

export function freshDataDir(): string {
  const w = itWorld();
  const dir = mkdtempSync(join(w.root, 'data-'));
  cpSync(w.template, dir, { recursive: true });
  return dir;
}

/** Starts a kiosk on a fresh copy of the template and opens the IT screen (in Chinese, the kiosk's default language). */
export async function openIt(page: Page): Promise<RunningKiosk> {
  const kiosk = await startKiosk({ dataDir: freshDataDir() });
  await page.goto(kiosk.url);
  await expectWelcome(page);
  await holdCorner(page);
  await enterPin(page, IT_PIN);
  await expect(page.getByRole('region', { name: '当前内容' })).toBeVisible();
  return kiosk;
}

export const packRow = (page: Page, name: string) =>
  page
    .getByRole('region', { name: /加载内容包|Load content pack/ })
    .getByRole('list', { name: /找到的内容包|Packs found/ })
    .getByRole('listitem')
    .filter({ hasText: name });
