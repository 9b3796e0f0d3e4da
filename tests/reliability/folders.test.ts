/**
 * Bad settings and bad data folders: a corrupt kiosk.json, a damaged content database, a
 * read-only data folder and a full one. Each ends in a clear sentence, and the kiosk still shows
 * its last good content or the built-in one. The read-only and full folders are real mounts (a
 * read-only bind mount and a small tmpfs); where mounting is not allowed those cases say so and
 * are skipped.
 */
import { closeSync, mkdirSync, openSync, readdirSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticSource } from '../../bench/generate.js';
import { DataFolder } from '../../src/core/datafolder.js';
import { Kiosk } from '../../src/app/kiosk.js';
import { installPack } from '../../src/app/packs.js';
import { builtInDataDir, cleanTempDirs, copyDataDir, makeKey, makePack, tempDir, trustKeys } from '../fixtures/packs/helpers.js';
import { mounts } from '../fixtures/mounts.js';

const { canMount, mount, unmountAll } = mounts('folders', 'the read-only and full-folder cases are skipped');

function open(dataDir: string): { kiosk: Kiosk; warnings: string[] } {
  const warnings: string[] = [];
  return { kiosk: new Kiosk({ dataDir, warn: (w) => warnings.push(w) }), warnings };
}

let key: ReturnType<typeof makeKey>;
let pack: string;
let template: string;

beforeAll(async () => {
  key = makeKey('folders');
  template = builtInDataDir();
  trustKeys(template, [key]);
  const source = writeSyntheticSource(join(tempDir('kiosk-src-'), 'src'), { seed: 7, departments: 40, rowsPerDepartment: 10, photos: 40, photoBytes: 50_000 });
  pack = await makePack([key], 2, { source });
}, 120_000);

afterAll(() => {
  unmountAll();
  cleanTempDirs();
});

describe('bad settings', () => {
  it('starts on safe defaults, with a sentence, when kiosk.json is garbage', () => {
    const dir = copyDataDir(template);
    writeFileSync(join(dir, 'kiosk.json'), Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x22]));
    const { kiosk, warnings } = open(dir);
    expect(warnings).toEqual(['kiosk.json is not valid JSON; using the default settings. Fix the file and restart the kiosk.']);
    expect(kiosk.content().listDepartments()).toHaveLength(2);
    kiosk.close();
  });
});

describe('a damaged content database', () => {
  it('falls back to the content kept before it, and says so', async () => {
    const dir = copyDataDir(template);
    await installPack(pack, dir);
    const folder = new DataFolder(dir);
    const live = folder.path(folder.readPointer()!.active);
    const fd = openSync(live, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, Math.floor(statSync(live).size / 2));
    writeSync(fd, Buffer.from('garbage'), 0, 7, 0);
    closeSync(fd);
    const { kiosk, warnings } = open(dir);
    expect(kiosk.content().status().version).toBe(0);
    expect(kiosk.content().listDepartments()).toHaveLength(2);
    expect(warnings.join('\n')).toMatch(/cannot be opened/);
    kiosk.close();
  });
});

describe.skipIf(!canMount)('a read-only data folder', () => {
  it('still shows its content, and refuses a pack with a sentence', async () => {
    const dir = copyDataDir(template);
    await installPack(pack, dir);
    const ro = tempDir('kiosk-ro-');
    expect(mount(['--bind', '-o', 'ro', dir], ro)).toBe(true);
    const { kiosk, warnings } = open(ro);
    expect(kiosk.content().status().version).toBe(2);
    expect(kiosk.content().listDepartments()).toHaveLength(40);
    expect(warnings.join('\n')).toMatch(/read-only/);
    const err = await installPack(pack, ro).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(/\w.+[.)]$/);
    kiosk.close();
  });
});

describe.skipIf(!canMount)('a full data folder', () => {
  it('shows the built-in content from memory when nothing can be written, and says so', () => {
    const full = tempDir('kiosk-full-');
    expect(mount(['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs'], full)).toBe(true);
    const { kiosk, warnings } = open(full);
    expect(kiosk.content().status()).toMatchObject({ version: 0, builtIn: true });
    expect(kiosk.content().listDepartments()).toHaveLength(2);
    expect(warnings.join('\n')).toMatch(/cannot be written to the data folder .*full.*showing it from memory/);
    expect(readdirSync(join(full, 'content'))).toEqual([]); // nothing half-written left behind
    kiosk.close();
  });

  it('refuses a pack that does not fit, with a sentence, and keeps the content it had', async () => {
    const full = tempDir('kiosk-full-');
    // Room for the built-in content and a little more, not for the pack's 2 MB of photos.
    expect(mount(['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs'], full)).toBe(true);
    mkdirSync(join(full, 'data'));
    const dir = join(full, 'data');
    const { kiosk } = open(dir);
    trustKeys(dir, [key]);
    const before = JSON.stringify(new DataFolder(dir).readPointer());
    const err = await installPack(pack, dir).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err, 'the pack was installed on a full disk').toBeInstanceOf(Error);
    expect(err!.message).toMatch(/full|space/i);
    expect(JSON.stringify(new DataFolder(dir).readPointer())).toBe(before);
    expect(kiosk.content().status().version).toBe(0);
    expect(kiosk.content().listDepartments()).toHaveLength(2);
    kiosk.close();
  });
});
