/**
 * The pack list at a glance: a stick with five packs (newer, older, another site's, one signed by
 * a key this kiosk does not trust, one damaged in copying) gives five verdicts, answered at once
 * as "checking" and reached in the background one pack at a time; verdicts are kept until the
 * file or the kiosk's record changes; signers are named as the trust store names them.
 */
import { copyFileSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPacks, installPack, packCatalog, packOutcome } from '../../../../src/app/packs.js';
import { describeRefusal } from '../../../../src/shared/messages.js';
import { builtInDataDir, cleanTempDirs, copyDataDir, makeKey, makePack, tempDir, trustKeys, type TestKey } from '../../../fixtures/packs/helpers.js';

let A: TestKey;
let stranger: TestKey;
let template: string; // version 2 installed, alice trusted
let stick: string;

/** A copy of a pack with one byte of a department file's compressed data flipped, as a bad copy does. */
function flipped(pack: string, out: string): string {
  const bytes = readFileSync(pack);
  const name = Buffer.from('departments/vascular-surgery.json');
  const header = bytes.indexOf(name) - 30;
  const dataStart = header + 30 + bytes.readUInt16LE(header + 26) + bytes.readUInt16LE(header + 28);
  bytes[dataStart + 40] = bytes[dataStart + 40]! ^ 0x55;
  writeFileSync(out, bytes);
  return out;
}

beforeAll(async () => {
  A = makeKey('alice');
  stranger = makeKey('mallory');
  template = builtInDataDir();
  trustKeys(template, [A]);
  await installPack(await makePack([A], 2), template);
  stick = join(tempDir('kiosk-stick-'), 'USB');
  mkdirSync(stick, { recursive: true });
  copyFileSync(await makePack([A], 3), join(stick, 'a-newer.kpack'));
  copyFileSync(await makePack([A], 1), join(stick, 'b-older.kpack'));
  copyFileSync(await makePack([A], 4, { site: 'east-wing' }), join(stick, 'c-other-site.kpack'));
  copyFileSync(await makePack([stranger], 5), join(stick, 'd-untrusted.kpack'));
  flipped(await makePack([A], 6), join(stick, 'e-damaged.kpack'));
}, 60_000);
afterAll(cleanTempDirs);

describe('the pack list', () => {
  it('answers at once with "checking", then gives each of five packs its verdict and facts', async () => {
    const dir = copyDataDir(template);
    let checks = 0;
    const catalog = packCatalog(dir, (file) => {
      checks++;
      return packOutcome(file, dir);
    });
    const first = await catalog.list(findPacks([stick]));
    expect(first.packs.map((p) => p.verdict)).toEqual(['checking', 'checking', 'checking', 'checking', 'checking']);
    expect(first).toMatchObject({ checking: 5, installed: { version: 2, packId: 'content-v2' } });
    await catalog.idle();
    const { packs, checking } = await catalog.list(findPacks([stick]));
    expect(checking).toBe(0);
    expect(packs.map((p) => [p.name, p.verdict, p.version, p.check])).toEqual([
      ['a-newer.kpack', 'installable', 3, null],
      ['b-older.kpack', 'older-or-equal', 1, 'version-older'],
      ['c-other-site.kpack', 'wrong-site', 4, 'site'],
      ['d-untrusted.kpack', 'untrusted', null, 'unknown-key'],
      ['e-damaged.kpack', 'damaged', 6, expect.stringMatching(/^(zip-inflate|file-hash)$/)],
    ]);
    const newer = packs[0]!;
    expect(newer).toMatchObject({ packId: 'content-v3', site: null, expires: null, signers: [{ keyId: A.keyId, name: 'alice' }] });
    expect(newer.created).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(newer.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(packs[2]).toMatchObject({ site: 'east-wing', signers: [{ name: 'alice' }] });
    // An untrusted pack's claims are never read: no version, no pack id.
    expect(packs[3]).toMatchObject({ packId: null, signers: [] });
    expect(describeRefusal(packs[2]!.check!, packs[2]!.params, 'zh')).toBe('此内容包属于另一个院区（east-wing）；本机属于 default。（检查项：site）');
    expect(describeRefusal(packs[1]!.check!, packs[1]!.params, 'en')).toBe(
      'This pack (version 1) is older than the content shown now (version 2). (check: version-older)',
    );
    expect(checks).toBe(5);

    // Asked again: the verdicts answer at once, with no pack read again.
    await catalog.list(findPacks([stick]));
    await catalog.idle();
    expect(checks).toBe(5);
  }, 60_000);

  it('checks a pack again when its file changes, and every pack when the kiosk record changes', async () => {
    const dir = copyDataDir(template);
    const catalog = packCatalog(dir);
    await catalog.list(findPacks([stick]));
    await catalog.idle();
    const later = new Date(Date.now() + 60_000);
    const copy = join(tempDir('kiosk-stick2-'), 'x.kpack');
    copyFileSync(join(stick, 'a-newer.kpack'), copy);
    let r = await catalog.list(findPacks([stick, copy.replace(/\/x\.kpack$/, '')]));
    expect(r.packs.find((p) => p.file === copy)?.verdict).toBe('checking');
    await catalog.idle();
    r = await catalog.list(findPacks([stick, copy.replace(/\/x\.kpack$/, '')]));
    expect(r.packs.find((p) => p.file === copy)?.verdict).toBe('installable');
    utimesSync(copy, later, later);
    r = await catalog.list(findPacks([stick, copy.replace(/\/x\.kpack$/, '')]));
    expect(r.packs.find((p) => p.file === copy)?.verdict).toBe('checking');
    await catalog.idle();
    // Version 3 installed: the newer pack is now "older or equal", the kiosk's record having changed.
    await installPack(join(stick, 'a-newer.kpack'), dir);
    r = await catalog.list(findPacks([stick]));
    expect(r.checking).toBe(5);
    await catalog.idle();
    r = await catalog.list(findPacks([stick]));
    expect(r.packs[0]).toMatchObject({ verdict: 'older-or-equal', alreadyInstalled: true, version: 3 });
    expect(r.installed).toEqual({ version: 3, packId: 'content-v3' });
  }, 60_000);
});
