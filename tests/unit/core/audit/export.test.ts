/** The audit log exported to the USB stick (src/core/audit/export.ts): the screen's language, the filter, never through a link or over a file. */
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportAuditLog, exportFolders } from '../../../../src/core/audit/export.js';
import { appendAudit } from '../../../../src/core/audit/log.js';

const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), 'kiosk-audit-export-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function logged(): string {
  const data = fresh();
  appendAudit(data, { action: 'unlock', result: 'accepted', params: { screen: 'it', where: 'kiosk' }, reason: 'The IT screen was unlocked at the kiosk.' });
  appendAudit(data, { action: 'install', result: 'accepted', packId: 'hospital-main', version: 2 });
  appendAudit(data, {
    action: 'install',
    result: 'refused',
    file: '/media/USB/broken.kpack',
    check: 'zip-inflate',
    reason: 'Pack broken.kpack cannot be decompressed.',
  });
  appendAudit(data, { action: 'set-pin', result: 'accepted', params: { role: 'it' }, reason: 'The it PIN was set.' });
  return data;
}

const now = new Date(2026, 11, 2, 1, 30, 5);

describe('exportAuditLog', () => {
  it('writes every entry in Chinese, newest first, with Windows line ends, and says the file name', () => {
    const data = logged();
    const stick = fresh();
    const r = exportAuditLog(data, [stick], { lang: 'zh', filter: {}, site: 'main-lobby', now });
    expect(r.name).toBe('kiosk-audit-20261202-013005.txt');
    expect(r.folder).toBe(stick);
    expect(r.entries).toBe(4);
    const text = readFileSync(join(stick, r.name), 'utf8');
    expect(text).toContain('导诊机操作记录');
    expect(text).toContain('共 4 条');
    expect(text).toContain('已设置IT 密码。');
    expect(text).toContain('已安装内容包 hospital-main 版本 2。');
    expect(text).toContain('此文件已损坏：可能没有完整复制。');
    expect(text).not.toContain('The it PIN was set');
    expect(
      text
        .split('\r\n')
        .filter((l) => l.includes('['))
        .map((l) => /\[(.+)\]$/.exec(l)?.[1]),
    ).toEqual(['set-pin.accepted', 'install.refused', 'install.accepted', 'unlock.accepted']);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('keeps only the kind and result asked for, in English', () => {
    const data = logged();
    const stick = fresh();
    const r = exportAuditLog(data, [stick], { lang: 'en', filter: { action: 'install', result: 'refused' }, site: 'main-lobby', now });
    expect(r.entries).toBe(1);
    const text = readFileSync(r.file, 'utf8');
    expect(text).toContain('Filter: Install / refused');
    expect(text).toContain('This file is damaged: it may not have copied completely.');
    expect(text).not.toContain('hospital-main');
  });

  it('never writes over a file already there, nor through a link put in its place', () => {
    const data = logged();
    const stick = fresh();
    const elsewhere = fresh();
    writeFileSync(join(stick, 'kiosk-audit-20261202-013005.txt'), 'mine');
    symlinkSync(join(elsewhere, 'target.txt'), join(stick, 'kiosk-audit-20261202-013005-2.txt'));
    const r = exportAuditLog(data, [stick], { lang: 'en', filter: {}, site: 's', now });
    expect(r.name).toBe('kiosk-audit-20261202-013005-3.txt');
    expect(readFileSync(join(stick, 'kiosk-audit-20261202-013005.txt'), 'utf8')).toBe('mine');
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(lstatSync(join(stick, 'kiosk-audit-20261202-013005-2.txt')).isSymbolicLink()).toBe(true);
  });

  it('refuses in one sentence with no stick, and when the stick is a link or cannot be written; nothing is left behind', () => {
    const data = logged();
    expect(() => exportAuditLog(data, [join(fresh(), 'absent')], { lang: 'en', filter: {}, site: 's', now })).toThrow(/No USB stick or pack folder was found/);
    const real = fresh();
    const link = join(fresh(), 'stick');
    symlinkSync(real, link);
    expect(() => exportAuditLog(data, [link], { lang: 'en', filter: {}, site: 's', now })).toThrow(/No USB stick/);
    expect(readdirSync(real)).toEqual([]);
    if (process.getuid?.() !== 0) {
      const locked = fresh();
      chmodSync(locked, 0o500);
      expect(() => exportAuditLog(data, [locked], { lang: 'en', filter: {}, site: 's', now })).toThrow(
        /could not be written to the USB stick.*write-protected/,
      );
      chmodSync(locked, 0o700);
      expect(readdirSync(locked)).toEqual([]);
    }
  });

  it('goes to the folder holding the packs first, then the configured folders', () => {
    const media = fresh();
    const usb = join(media, 'USB');
    mkdirSync(usb);
    expect(exportFolders([media], [{ file: join(usb, 'a.kpack'), name: 'a.kpack', size: 1, modified: '' }])).toEqual([usb, media]);
    expect(exportFolders([media], [])).toEqual([media]);
  });
});
