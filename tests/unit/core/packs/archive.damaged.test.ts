/**
 * A pack damaged in copying: one flipped byte in the compressed data of a real, signed pack.
 * Whatever it does to inflating (zlib refuses the data, or it inflates past the declared size,
 * or to other bytes of the right size), the refusal says in plain words, in Chinese and English,
 * that the file is damaged and may not have copied completely, names the check second, and never
 * calls it a zip bomb: only the compression-ratio check says that.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectPack, installPack, readAuditLog, status } from '../../../../src/app/packs.js';
import { describeAudit, describeRefusal } from '../../../../src/shared/messages.js';
import { builtInDataDir, cleanTempDirs, copyDataDir, makeKey, makePack, snapshot, tempDir, trustKeys } from '../../../fixtures/packs/helpers.js';

let base: string;
let pack: Buffer;
let dataStart: number;
let compressed: number;

beforeAll(async () => {
  const A = makeKey('alice');
  base = builtInDataDir();
  trustKeys(base, [A]);
  pack = readFileSync(await makePack([A], 1));
  const name = Buffer.from('departments/vascular-surgery.json');
  const header = pack.indexOf(name) - 30;
  expect(pack.readUInt32LE(header)).toBe(0x04034b50);
  expect(pack.readUInt16LE(header + 8)).toBe(8); // deflated
  compressed = pack.readUInt32LE(header + 18);
  dataStart = header + 30 + pack.readUInt16LE(header + 26) + pack.readUInt16LE(header + 28);
}, 30_000);
afterAll(cleanTempDirs);

function withFlip(at: number): string {
  const copy = Buffer.from(pack);
  copy[at] = copy[at]! ^ 0x5a;
  const file = join(tempDir('kiosk-damaged-'), 'lobby.kpack');
  writeFileSync(file, copy);
  return file;
}

describe('one flipped byte in a real pack', () => {
  it('is "damaged: it may not have copied completely" in both languages, never a zip bomb, wherever it lands', async () => {
    const dir = copyDataDir(base);
    const checks = new Set<string>();
    for (let i = 0; i < 24; i++) {
      const at = dataStart + Math.floor((i * (compressed - 1)) / 23);
      const r = await inspectPack(withFlip(at), dir);
      expect(r.ok, `byte ${at - dataStart} of ${compressed}`).toBe(false);
      if (r.ok) continue;
      checks.add(r.check);
      expect(['zip-inflate', 'file-hash', 'file-truncated']).toContain(r.check);
      expect(r.reason).not.toMatch(/bomb/i);
      const zh = describeRefusal(r.check, r.params, 'zh');
      const en = describeRefusal(r.check, r.params, 'en');
      expect(zh).toMatch(/^此文件已损坏/);
      expect(en).toMatch(/^This file is damaged/);
      expect(zh).not.toMatch(/炸弹/);
      expect(en).not.toMatch(/bomb/i);
      expect(zh).toMatch(new RegExp(`（检查项：${r.check}）$`));
      expect(en).toMatch(new RegExp(` \\(check: ${r.check}\\)$`));
    }
    // zlib refuses at least one of them outright: that is an inflate error, said as damage.
    expect(checks.has('zip-inflate')).toBe(true);
  }, 60_000);

  it('refuses the install, changes nothing, and logs a code the IT screen says in Chinese', async () => {
    const dir = copyDataDir(base);
    let file = '';
    for (let i = 0; i < compressed && !file; i++) {
      const f = withFlip(dataStart + i);
      const r = await inspectPack(f, dir);
      if (!r.ok && r.check === 'zip-inflate') file = f;
    }
    expect(file).not.toBe('');
    const before = snapshot(dir);
    await expect(installPack(file, dir)).rejects.toMatchObject({ check: 'zip-inflate', params: { file: '"departments/vascular-surgery.json"' } });
    expect(snapshot(dir)).toEqual(before);
    expect(status(dir).installed).toMatchObject({ version: 0, builtIn: true });
    const entry = readAuditLog(dir, 1)[0]!;
    expect(entry).toMatchObject({ action: 'install', result: 'refused', code: 'install.refused', check: 'zip-inflate' });
    expect(describeAudit(entry, 'zh')).toBe(
      '内容包 content-v1 v1 被拒绝：此文件已损坏：可能没有完整复制。请从原文件重新复制到U盘后再试。（检查项：zip-inflate）',
    );
    expect(describeAudit(entry, 'en')).toBe(
      'Pack content-v1 v1 was refused: This file is damaged: it may not have copied completely. Copy it onto the stick again from the original. (check: zip-inflate)',
    );
  }, 60_000);
});
