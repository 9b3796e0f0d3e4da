/**
 * Every way a content pack is refused: each crafted pack must be refused by its own check, with
 * a sentence naming it, and leave the kiosk's content exactly as it was (pointer, departments,
 * state, keys, database files), with the refusal in the audit log.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, writeFileSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, PackError, installPack, inspectPack, readAuditLog } from '../../../../src/app/packs.js';
import { PACK_CHECKS, type PackCheck } from '../../../../src/core/packs/errors.js';
import { sha256Hex } from '../../../../src/core/packs/create.js';
import {
  builtInDataDir,
  cleanTempDirs,
  copyDataDir,
  craftPack,
  makeKey,
  makePack,
  renameEntry,
  setDeclaredSize,
  setMethod,
  snapshot,
  sourceFiles,
  tempDir,
  trustKeys,
  type TestKey,
} from '../../../fixtures/packs/helpers.js';

let A: TestKey; // trusted
let B: TestKey; // not trusted
let template: string; // built-in, then version 5 signed by A installed

beforeAll(async () => {
  A = makeKey('alice');
  B = makeKey('bob');
  template = builtInDataDir();
  trustKeys(template, [A]);
  const r = await installPack(await makePack([A], 5), template);
  expect(r.status).toBe('installed');
});
afterAll(cleanTempDirs);

const svg = (s = '') => Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">${s}</svg>`);
const withFile = (path: string, data: Buffer) => [...sourceFiles(), { name: path, data }];
const manifestEntry = (path: string, data: Buffer) => ({ path, size: data.length, sha256: sha256Hex(data) });

type Case = [name: string, check: PackCheck, sentence: RegExp, build: () => Promise<string>];

const cases: Case[] = [
  // --- the file and the archive
  ['a file that does not exist', 'pack-unreadable', /does not exist/, async () => join(tempDir(), 'nothing.kpack')],
  [
    'a file that is not a zip archive',
    'not-a-pack',
    /is not a content pack: it is not a readable zip archive/,
    async () => {
      const f = join(tempDir(), 'text.kpack');
      writeFileSync(f, 'this is a text file, not a pack\n'.repeat(20));
      return f;
    },
  ],
  [
    'a zip archive cut short (a truncated download)',
    'not-a-pack',
    /not a readable zip archive/,
    async () => {
      const f = await craftPack({ signers: [A] });
      const fd = openSync(f, 'r+');
      ftruncateSync(fd, 2000);
      closeSync(fd);
      return f;
    },
  ],
  [
    'a pack file over the size cap',
    'pack-too-large',
    new RegExp(`over the ${DEFAULT_LIMITS.maxPackBytes}-byte cap`),
    async () => {
      const f = join(tempDir(), 'huge.kpack');
      const fd = openSync(f, 'w');
      ftruncateSync(fd, DEFAULT_LIMITS.maxPackBytes + 1024 * 1024); // sparse: costs nothing
      closeSync(fd);
      return f;
    },
  ],
  [
    'more entries than the cap',
    'zip-entries',
    new RegExp(`${DEFAULT_LIMITS.maxEntries + 2} entries, over the cap of ${DEFAULT_LIMITS.maxEntries}`),
    async () =>
      craftPack({
        signers: [A],
        entries: (e) => [
          ...e,
          ...Array.from({ length: DEFAULT_LIMITS.maxEntries + 2 - e.length }, (_, i) => ({ name: `maps/x${i}.svg`, data: svg(), compress: false })),
        ],
      }),
  ],
  [
    'an entry declaring a size over the per-file cap',
    'zip-file-cap',
    /over the 33554432-byte cap for one file/,
    async () => craftPack({ signers: [A], zip: (z) => setDeclaredSize(z, 'hospital.json', 40 * 1024 * 1024) }),
  ],
  [
    'entries declaring a total over the cap',
    'zip-total',
    new RegExp(`add up to more than ${DEFAULT_LIMITS.maxTotalBytes} bytes`),
    async () => {
      // Incompressible 300 KB entries, each claiming 30 MB: under the per-file cap and the
      // ratio cap, over the total.
      const big = Array.from({ length: Math.ceil(DEFAULT_LIMITS.maxTotalBytes / 30_000_000) + 1 }, (_, i) => ({
        name: `maps/big${i}.png`,
        data: randomBytes(300_000),
        compress: false,
      }));
      return craftPack({
        signers: [A],
        entries: (e) => [...e, ...big],
        zip: (z) => big.reduce((acc, b) => setDeclaredSize(acc, b.name, 30_000_000), z),
      });
    },
  ],
  [
    'an entry over the compression-ratio cap (a zip bomb)',
    'zip-ratio',
    /over the 100:1 compression-ratio cap/,
    async () => {
      const zeros = Buffer.alloc(4 * 1024 * 1024);
      return craftPack({ signers: [A], files: withFile('maps/zeros.svg', zeros) });
    },
  ],
  [
    'an entry that inflates past the size its header declares',
    'zip-inflate',
    /inflates to more than the 1000 bytes its header declares/,
    async () => {
      // 60 KB of zeros that claims (in the central directory and the signed manifest) to be 1000 bytes.
      const zeros = Buffer.alloc(60_000);
      return craftPack({
        signers: [A],
        files: withFile('maps/liar.svg', zeros),
        manifest: (m) => ({ ...m, files: m.files.map((f) => (f.path === 'maps/liar.svg' ? { ...f, size: 1000 } : f)) }),
        zip: (z) => setDeclaredSize(z, 'maps/liar.svg', 1000),
      });
    },
  ],
  [
    'a local header naming a different file than the directory',
    'zip-malformed',
    /local header naming a different file/,
    async () => craftPack({ signers: [A], zip: (z) => renameEntry(z, 'hospital.json', 'hospital.jsom', 'local') }),
  ],
  [
    'an unsupported compression method',
    'zip-malformed',
    /compression method 12/,
    async () => craftPack({ signers: [A], zip: (z) => setMethod(z, 'hospital.json', 12) }),
  ],
  // --- names and types
  [
    'a symbolic link',
    'entry-symlink',
    /"maps\/link.svg" is a symbolic link/,
    async () => craftPack({ signers: [A], entries: (e) => [...e, { name: 'maps/link.svg', data: Buffer.from('/etc/passwd'), mode: 0o120777 }] }),
  ],
  [
    'a device entry',
    'entry-not-regular',
    /is a character device/,
    async () => craftPack({ signers: [A], entries: (e) => [...e, { name: 'maps/tty.svg', data: Buffer.alloc(0), mode: 0o020644 }] }),
  ],
  [
    'a named pipe',
    'entry-not-regular',
    /is a named pipe/,
    async () => craftPack({ signers: [A], entries: (e) => [...e, { name: 'maps/fifo.svg', data: Buffer.alloc(0), mode: 0o010644 }] }),
  ],
  [
    'a folder entry',
    'entry-not-regular',
    /"maps\/" is a folder/,
    async () =>
      craftPack({
        signers: [A],
        entries: (e) => [...e, { name: 'mapsX', data: Buffer.alloc(0), mode: 0o040755 }],
        zip: (z) => renameEntry(z, 'mapsX', 'maps/'),
      }),
  ],
  [
    'an entry whose mode says folder',
    'entry-not-regular',
    /"maps\/sub" is a folder/,
    async () => craftPack({ signers: [A], entries: (e) => [...e, { name: 'maps/sub', data: Buffer.alloc(0), mode: 0o040755 }] }),
  ],
  [
    'an absolute path',
    'path-absolute',
    /"\/etc\/evil.svg" is an absolute path/,
    async () =>
      craftPack({ signers: [A], entries: (e) => [...e, { name: 'xetc/evil.svg', data: svg() }], zip: (z) => renameEntry(z, 'xetc/evil.svg', '/etc/evil.svg') }),
  ],
  [
    'a Windows drive path',
    'path-absolute',
    /"C:\/evil.svg" is an absolute path/,
    async () =>
      craftPack({ signers: [A], entries: (e) => [...e, { name: 'CC/evil.svg', data: svg() }], zip: (z) => renameEntry(z, 'CC/evil.svg', 'C:/evil.svg') }),
  ],
  [
    'a path with ..',
    'path-dotdot',
    /"maps\/..\/..\/evil.svg" contains ".."/,
    async () =>
      craftPack({
        signers: [A],
        entries: (e) => [...e, { name: 'maps/xx/xx/evil.svg', data: svg() }],
        zip: (z) => renameEntry(z, 'maps/xx/xx/evil.svg', 'maps/../../evil.svg'),
      }),
  ],
  [
    'a path with a backslash',
    'path-backslash',
    /contains a backslash/,
    async () =>
      craftPack({
        signers: [A],
        entries: (e) => [...e, { name: 'maps/a/evil.svg', data: svg() }],
        zip: (z) => renameEntry(z, 'maps/a/evil.svg', 'maps\\a\\evil.svg'),
      }),
  ],
  [
    'a Windows-reserved name (CON)',
    'path-reserved',
    /Windows-reserved name "CON.svg"/,
    async () => craftPack({ signers: [A], files: withFile('maps/CON.svg', svg()) }),
  ],
  [
    'a Windows-reserved name in lower case without extension (aux)',
    'path-reserved',
    /Windows-reserved name "aux"/,
    async () => craftPack({ signers: [A], files: withFile('aux/floor.svg', svg()) }),
  ],
  [
    'a Windows-reserved name with a number (Lpt9)',
    'path-reserved',
    /Windows-reserved name "Lpt9.tar.svg"/,
    async () => craftPack({ signers: [A], files: withFile('maps/Lpt9.tar.svg', svg()) }),
  ],
  [
    'a name with characters outside the allowed set',
    'path-invalid',
    /is not an allowed path/,
    async () => craftPack({ signers: [A], files: withFile('maps/floor 3.svg', svg()) }),
  ],
  [
    'a file of a type a pack may not carry',
    'path-not-allowed',
    /"run.sh" is not allowed/,
    async () => craftPack({ signers: [A], files: withFile('run.sh', Buffer.from('#!/bin/sh\n')) }),
  ],
  [
    'the same entry twice',
    'file-duplicate',
    /holds the entry "hospital.json" twice/,
    async () => craftPack({ signers: [A], entries: (e) => [...e, e.find((x) => x.name === 'hospital.json')!] }),
  ],
  [
    'two entries differing only in letter case',
    'file-duplicate',
    /differ only in letter case/,
    async () => craftPack({ signers: [A], files: [...withFile('maps/Floor-9.svg', svg()), { name: 'maps/floor-9.svg', data: svg() }] }),
  ],
  // --- signatures and keys
  [
    'no manifest',
    'manifest-missing',
    /has no manifest.json/,
    async () => craftPack({ signers: [A], entries: (e) => e.filter((x) => x.name !== 'manifest.json') }),
  ],
  [
    'a manifest over the byte cap',
    'manifest-too-large',
    new RegExp(`manifest is \\d+ bytes, over the ${DEFAULT_LIMITS.maxManifestBytes}-byte cap`),
    async () => craftPack({ signers: [A], manifestBytes: Buffer.from(`{${' '.repeat(DEFAULT_LIMITS.maxManifestBytes + 1000)}}`) }),
  ],
  ['no signatures file', 'signature-missing', /has no signatures.json/, async () => craftPack({ signers: [A], signatures: () => undefined })],
  ['an empty signature list', 'signature-missing', /carries no signature/, async () => craftPack({ signers: [A], signatures: () => ({ signatures: [] }) })],
  [
    'a signatures file that is not JSON',
    'signature-malformed',
    /signatures.json is malformed/,
    async () => craftPack({ signers: [A], signatures: () => Buffer.from('sig!') }),
  ],
  [
    'a signature of the wrong length',
    'signature-malformed',
    /is malformed \(an Ed25519 signature is 64 bytes\)/,
    async () =>
      craftPack({ signers: [A], signatures: (s) => ({ signatures: s.signatures.map((x) => ({ ...x, signature: Buffer.alloc(32).toString('base64') })) }) }),
  ],
  [
    'a manifest changed after signing',
    'signature-invalid',
    /does not match the manifest; the pack was altered after signing/,
    async () => craftPack({ signers: [A], tamper: (b) => Buffer.from(b.toString().replace('"version": 6', '"version": 7')) }),
  ],
  [
    'a signature by a key the kiosk does not trust',
    'unknown-key',
    new RegExp('signed only by 1 key this kiosk does not trust'),
    async () => craftPack({ signers: [B] }),
  ],
  [
    'a signature claiming a trusted key id it was not made with',
    'signature-invalid',
    /does not match the manifest/,
    async () => craftPack({ signers: [B], signatures: (s) => ({ signatures: s.signatures.map((x) => ({ ...x, keyId: A.keyId })) }) }),
  ],
  // --- the manifest
  [
    'a manifest that is not JSON',
    'manifest-malformed',
    /manifest.json is not valid JSON/,
    async () => craftPack({ signers: [A], manifestBytes: Buffer.from('{"version": 6,') }),
  ],
  [
    'a manifest missing a field',
    'manifest-malformed',
    /malformed: packId/,
    async () => craftPack({ signers: [A], manifest: (m) => ({ ...m, packId: undefined }) }),
  ],
  [
    'a newer pack format',
    'format-version',
    /format version 2, newer than this kiosk reads/,
    async () => craftPack({ signers: [A], manifest: (m) => ({ ...m, formatVersion: 2 }) }),
  ],
  [
    'a pack for another site',
    'site',
    /is for site "north-campus", but this kiosk belongs to site "default"/,
    async () => craftPack({ signers: [A], manifest: (m) => ({ ...m, site: 'north-campus' }) }),
  ],
  [
    'a pack needing a newer app',
    'app-too-old',
    /needs kiosk software 99.0.0 or later, but this kiosk runs 0.1.0/,
    async () => craftPack({ signers: [A], manifest: (m) => ({ ...m, minAppVersion: '99.0.0' }) }),
  ],
  [
    'an expired pack',
    'expired',
    /expired on 2020-02-01T00:00:00.000Z/,
    async () => craftPack({ signers: [A], manifest: (m) => ({ ...m, created: '2020-01-01T00:00:00.000Z', expires: '2020-02-01T00:00:00.000Z' }) }),
  ],
  [
    'an older version than the installed one',
    'version-older',
    /holds version 4, older than the installed version 5/,
    async () => craftPack({ signers: [A], version: 4 }),
  ],
  [
    'a pack created years after the kiosk clock',
    'created-future',
    /says it was created on 2099-01-01T00:00:00.000Z, more than 24 hours after this kiosk's clock/,
    async () => craftPack({ signers: [A], manifest: (m) => ({ ...m, created: '2099-01-01T00:00:00.000Z' }) }),
  ],
  [
    'a version that would leave no room for later packs',
    'version-jump',
    /holds version 9007199254740991, more than 1000000 above the highest version this kiosk has accepted \(5\)/,
    async () => craftPack({ signers: [A], version: Number.MAX_SAFE_INTEGER }),
  ],
  // --- the files
  [
    'a listed file missing from the pack',
    'file-missing',
    /"departments\/vascular-surgery.json" listed in the manifest is missing/,
    async () => craftPack({ signers: [A], entries: (e) => e.filter((x) => x.name !== 'departments/vascular-surgery.json') }),
  ],
  [
    'a file the manifest does not list',
    'file-extra',
    /holds "maps\/extra.svg", which the manifest does not list/,
    async () => craftPack({ signers: [A], entries: (e) => [...e, { name: 'maps/extra.svg', data: svg() }] }),
  ],
  [
    'a file listed twice in the manifest',
    'file-duplicate',
    /lists "hospital.json" twice/,
    async () => craftPack({ signers: [A], manifest: (m) => ({ ...m, files: [...m.files, m.files.find((f) => f.path === 'hospital.json')!] }) }),
  ],
  [
    'a manifest listing two names differing only in case',
    'file-duplicate',
    /differ only in letter case/,
    async () => {
      const extra = svg();
      return craftPack({
        signers: [A],
        files: withFile('maps/a.svg', extra),
        manifest: (m) => ({ ...m, files: [...m.files, manifestEntry('maps/A.svg', extra)] }),
      });
    },
  ],
  [
    'a file shorter than the manifest says (truncated)',
    'file-truncated',
    /"hospital.json" is truncated: the pack holds \d+ bytes where the manifest lists \d+/,
    async () =>
      craftPack({ signers: [A], manifest: (m) => ({ ...m, files: m.files.map((f) => (f.path === 'hospital.json' ? { ...f, size: f.size + 10 } : f)) }) }),
  ],
  [
    'an entry whose data ends before its declared size',
    'file-truncated',
    /"maps\/short.svg" is truncated: it holds 200 bytes where its header declares 300/,
    async () => {
      const data = Buffer.alloc(200, 0x20);
      return craftPack({
        signers: [A],
        files: withFile('maps/short.svg', data),
        manifest: (m) => ({ ...m, files: m.files.map((f) => (f.path === 'maps/short.svg' ? { ...f, size: 300 } : f)) }),
        entries: (e) => e.map((x) => (x.name === 'maps/short.svg' ? { ...x, compress: false } : x)),
        zip: (z) => setDeclaredSize(z, 'maps/short.svg', 300),
      });
    },
  ],
  [
    'a file longer than the manifest says (oversized)',
    'file-oversized',
    /"hospital.json" is oversized/,
    async () =>
      craftPack({ signers: [A], manifest: (m) => ({ ...m, files: m.files.map((f) => (f.path === 'hospital.json' ? { ...f, size: f.size - 1 } : f)) }) }),
  ],
  [
    'a file listed over the per-file cap',
    'zip-file-cap',
    /lists "hospital.json" at 40000000 bytes/,
    async () =>
      craftPack({ signers: [A], manifest: (m) => ({ ...m, files: m.files.map((f) => (f.path === 'hospital.json' ? { ...f, size: 40_000_000 } : f)) }) }),
  ],
  [
    'a file whose bytes do not match its hash',
    'file-hash',
    /"departments\/general-ultrasound.json" does not match its SHA-256/,
    async () => {
      const files = sourceFiles();
      const manifestFiles = files.map((f) => manifestEntry(f.name, f.data as Buffer));
      const swapped = files.map((f) =>
        f.name === 'departments/general-ultrasound.json' ? { ...f, data: Buffer.from((f.data as Buffer).toString().replace('综合超声科', '综合超声部')) } : f,
      );
      return craftPack({ signers: [A], files: swapped, manifest: (m) => ({ ...m, files: manifestFiles }) });
    },
  ],
  // --- the content, parsed only after everything above passed
  [
    'content that breaks the content model',
    'content',
    /content is not valid: departments\/vascular-surgery.json: name.en/,
    async () =>
      craftPack({
        signers: [A],
        files: sourceFiles().map((f) =>
          f.name === 'departments/vascular-surgery.json'
            ? { ...f, data: Buffer.from(JSON.stringify({ ...JSON.parse((f.data as Buffer).toString()), name: { zh: '血管外科', en: '' } })) }
            : f,
        ),
      }),
  ],
  [
    'a photo that is not an image',
    'content',
    /images\/entrance.png: not a PNG, JPEG or WebP image/,
    async () => craftPack({ signers: [A], files: withFile('images/entrance.png', Buffer.from('<script>alert(1)</script>')) }),
  ],
];

describe('a pack is refused, with its own sentence, and nothing changes', () => {
  it.each(cases)('%s', async (_name, check, sentence, build) => {
    const dataDir = copyDataDir(template);
    const before = snapshot(dataDir);
    const file = await build();
    const error = await installPack(file, dataDir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PackError);
    expect((error as PackError).check).toBe(check);
    expect((error as PackError).message).toMatch(sentence);
    expect(snapshot(dataDir)).toEqual(before);
    const last = readAuditLog(dataDir, 1)[0]!;
    expect(last).toMatchObject({ action: 'install', result: 'refused', check });
    // verify says the same, without writing anything
    const inspected = await inspectPack(file, dataDir);
    expect(inspected).toMatchObject({ ok: false, check });
  });

  it('covers every check a pack itself can fail', () => {
    const covered = new Set(cases.map((c) => c[1]));
    // Checks exercised by the other pack test files: no trusted keys, threshold, replayed and
    // reused versions and key rotation (install.test.ts, rollback.test.ts), damaged trust files (below).
    for (const c of ['no-trusted-keys', 'threshold', 'version-replayed', 'version-reused', 'key-rotation', 'trust-config'] as const) covered.add(c);
    expect(PACK_CHECKS.filter((c) => !covered.has(c))).toEqual([]);
  });

  it('refuses everything while keys.json is damaged (fails closed)', async () => {
    const dataDir = copyDataDir(template);
    writeFileSync(join(dataDir, 'keys.json'), '{"threshold": "one"');
    const before = snapshot(dataDir);
    await expect(installPack(await makePack([A], 6), dataDir)).rejects.toMatchObject({
      check: 'trust-config',
      message: expect.stringMatching(/keys.json is damaged/),
    });
    expect(snapshot(dataDir)).toEqual(before);
  });

  it('refuses everything while state.json is damaged (anti-rollback cannot be enforced)', async () => {
    const dataDir = copyDataDir(template);
    writeFileSync(join(dataDir, 'state.json'), 'garbage');
    const before = snapshot(dataDir);
    await expect(installPack(await makePack([A], 6), dataDir)).rejects.toMatchObject({
      check: 'trust-config',
      message: expect.stringMatching(/state.json is damaged/),
    });
    expect(snapshot(dataDir)).toEqual(before);
  });

  it('reads nothing but the manifest and signatures before the signature is checked', async () => {
    // An unsigned pack whose content would also fail: the signature check names the problem.
    const dataDir = copyDataDir(template);
    const file = await craftPack({ signers: [B], files: withFile('maps/zeros.svg', Buffer.alloc(1000)) });
    await expect(installPack(file, dataDir)).rejects.toMatchObject({ check: 'unknown-key' });
  });
});
