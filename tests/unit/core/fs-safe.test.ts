/**
 * How the kiosk writes files (src/core/fs-safe.ts): never through a link planted where a file or
 * its temporary file goes, never into a pipe, and a full disk leaves nothing half-written behind:
 * no temporary file, no empty lock that refuses the next install. What IT staff would notice: the
 * content stays live, files outside the data folder stay as they were, the next install works.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, linkSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataFolder } from '../../../src/core/datafolder.js';
import { UnsafeFileError, createExclusive, openAppend, openRegular, writeFileAtomic } from '../../../src/core/fs-safe.js';
import { Kiosk } from '../../../src/app/kiosk.js';
import { generateKeyFiles, installPack, readAuditLog, setPin, status } from '../../../src/app/packs.js';
import { builtInDataDir, cleanTempDirs, copyDataDir, makeKey, makePack, tempDir, trustKeys, type TestKey } from '../../fixtures/packs/helpers.js';
import { fillLeaving, mounts } from '../../fixtures/mounts.js';

let A: TestKey;
let base: string;
let v1: string;

const { canMount, mount, unmountAll } = mounts('safe-writes', 'the full-disk cases are skipped');
const canFifo = spawnSync('mkfifo', [join(tempDir('kiosk-fifo-'), 'probe')]).status === 0;

beforeAll(async () => {
  A = makeKey('it-office');
  base = builtInDataDir();
  trustKeys(base, [A]);
  v1 = await makePack([A], 1);
});

afterAll(() => {
  unmountAll();
  cleanTempDirs();
});

/** A file outside the data folder that a planted link points to; it must stay as it is. */
function outside(text = 'a file of the kiosk user, outside the data folder\n'): string {
  const file = join(tempDir('kiosk-outside-'), 'precious.txt');
  writeFileSync(file, text);
  return file;
}

/** The process ids a planted folder covers here: the low ones and every one near this process's. */
const pids = () => new Set([...Array.from({ length: 300 }, (_, i) => i + 1), ...Array.from({ length: 129 }, (_, i) => process.pid - 64 + i)]);

const leftovers = (dir: string) => readdirSync(dir).filter((n) => /\.tmp$|\.lock$|\.building/.test(n) && !lstatSync(join(dir, n)).isSymbolicLink());

describe('writing a file whole', () => {
  it('never writes through a link planted at any temporary name, and replaces a link at the name itself rather than following it', () => {
    const dir = tempDir('kiosk-w-');
    const file = join(dir, 'state.json');
    const target = outside();
    for (const pid of pids()) symlinkSync(target, `${file}.${pid}.tmp`);
    symlinkSync(target, file);

    writeFileAtomic(file, '{"ok":true}\n');

    expect(readFileSync(target, 'utf8')).toBe('a file of the kiosk user, outside the data folder\n');
    expect(lstatSync(file).isFile()).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('{"ok":true}\n');
    expect(readlinkSync(`${file}.${process.pid}.tmp`)).toBe(target);
    expect(leftovers(dir)).toEqual([]);
  });

  it('writes into a plain folder only, over a plain file of its own, and says why not otherwise', () => {
    const dir = tempDir('kiosk-w-');
    const real = join(dir, 'real');
    mkdirSync(real);
    symlinkSync(real, join(dir, 'linked'));
    const target = outside();
    symlinkSync(target, join(real, 'r.txt'));
    linkSync(target, join(real, 'hard.txt'));

    const refusal = (f: string) => {
      try {
        writeFileAtomic(f, 'result\n', { plain: true });
      } catch (e) {
        expect(e).toBeInstanceOf(UnsafeFileError);
        return (e as Error).message;
      }
      return 'written';
    };
    expect(refusal(join(dir, 'linked', 'x.txt'))).toBe(
      `${join(dir, 'linked', 'x.txt')} was not written: its folder ${join(dir, 'linked')} is a symbolic link, not a real folder.`,
    );
    expect(refusal(join(real, 'r.txt'))).toBe(`${join(real, 'r.txt')} was not written: r.txt is already there as a symbolic link.`);
    expect(refusal(join(real, 'new.txt'))).toBe('written');
    expect(refusal(join(real, 'new.txt'))).toBe('written'); // over its own file
    expect(refusal(join(real, 'hard.txt'))).toBe('written'); // the name is replaced; the file it shared is not written into
    expect(readFileSync(target, 'utf8')).toBe('a file of the kiosk user, outside the data folder\n');
    expect(readdirSync(join(dir, 'real')).sort()).toEqual(['hard.txt', 'new.txt', 'r.txt']);
  });

  it('creates a file exclusively: never over one that is there, not even a dangling link', () => {
    const dir = tempDir('kiosk-w-');
    symlinkSync(join(dir, 'nowhere'), join(dir, 'k.key'));
    expect(() => createExclusive(join(dir, 'k.key'), 'secret')).toThrow(/EEXIST/);
    expect(readdirSync(dir)).toEqual(['k.key']);
    const keys = tempDir('kiosk-keys-');
    symlinkSync(join(dir, 'nowhere'), join(keys, 'signing.key'));
    expect(() => generateKeyFiles(keys, 'signing')).toThrow(
      `${join(keys, 'signing.key')} already exists; choose another --name or folder (keys are never overwritten).`,
    );
  });
});

describe('appending to the audit log', () => {
  it('never appends through a link, nor into a file with other names, and the install still goes through', async () => {
    for (const plant of ['symlink', 'hardlink'] as const) {
      const dir = copyDataDir(base);
      const target = outside();
      rmSync(join(dir, 'audit.log'), { force: true });
      if (plant === 'symlink') symlinkSync(target, join(dir, 'audit.log'));
      else linkSync(target, join(dir, 'audit.log'));

      await installPack(v1, dir);

      expect(readFileSync(target, 'utf8'), plant).toBe('a file of the kiosk user, outside the data folder\n');
      expect(status(dir).installed?.version).toBe(1);
      expect(() => openAppend(join(dir, 'audit.log'))).toThrow(UnsafeFileError);
    }
  });

  it.skipIf(!canFifo)('refuses a named pipe at once instead of waiting for a reader, and reads it as an empty log', () => {
    const dir = copyDataDir(base);
    rmSync(join(dir, 'audit.log'), { force: true });
    expect(spawnSync('mkfifo', [join(dir, 'audit.log')]).status).toBe(0);
    expect(() => openAppend(join(dir, 'audit.log'))).toThrow(/audit\.log is a named pipe; it is not appended to\./);
    expect(readAuditLog(dir)).toEqual([]);
    expect(() => openRegular(join(dir, 'audit.log'))).toThrow(/audit\.log is a named pipe, not a regular file\./);
  });
});

describe('a data folder with planted links', () => {
  it('installs without writing through links at every temporary name and at the lock, and the content is live', async () => {
    const dir = copyDataDir(base);
    const target = outside();
    for (const name of ['state.json', 'current.json', 'keys.json', 'pins.json', 'kiosk.json']) {
      for (const pid of pids()) symlinkSync(target, join(dir, `${name}.${pid}.tmp`));
    }
    symlinkSync(target, join(dir, 'packs.lock'));

    const r = await installPack(v1, dir);
    setPin(dir, 'it', '246810');

    expect(r.status).toBe('installed');
    expect(readFileSync(target, 'utf8')).toBe('a file of the kiosk user, outside the data folder\n');
    const kiosk = new Kiosk({ dataDir: dir, warn: () => {} });
    expect(kiosk.content().status()).toMatchObject({ version: 1, builtIn: false });
    kiosk.close();
    expect(readlinkSync(join(dir, `state.json.${process.pid}.tmp`))).toBe(target);
    expect(leftovers(dir)).toEqual([]);
  });
});

describe('the pack lock', () => {
  it('does not let an empty or damaged lock, whose writer is gone, refuse an install', async () => {
    for (const text of ['', '{"pid":', 'garbage\u0000\u0000', JSON.stringify({ pid: 0 })]) {
      const dir = copyDataDir(base);
      writeFileSync(join(dir, 'packs.lock'), text); // just now: age is no excuse

      await expect(installPack(v1, dir), JSON.stringify(text)).resolves.toMatchObject({ status: 'installed' });
      expect(leftovers(dir)).toEqual([]);
    }
  });

  it('still refuses while another running process holds it, with a sentence', async () => {
    const dir = copyDataDir(base);
    writeFileSync(join(dir, 'packs.lock'), JSON.stringify({ pid: process.ppid, at: new Date().toISOString() }));
    await expect(installPack(v1, dir)).rejects.toThrow(
      `Another install or rollback is running (process ${process.ppid}); wait for it to finish and try again.`,
    );
    expect(status(dir).installed?.version).toBe(0);
  });
});

/**
 * A data folder on a small tmpfs, filled up but for `pages` pages of 4 KiB. Returns the data
 * folder and a function that frees the space again.
 */
function fullDataFolder(pages: number): { dir: string; free: () => void } {
  const root = tempDir('kiosk-full-');
  expect(mount(['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs'], root)).toBe(true);
  const dir = join(root, 'data');
  cpSync(base, dir, { recursive: true });
  const filler = fillLeaving(root, pages);
  return { dir, free: () => rmSync(filler) };
}

describe.skipIf(!canMount)('a full disk', () => {
  it('leaves no empty lock when the lock cannot be written, so the next install goes through at once', async () => {
    const { dir, free } = fullDataFolder(0);
    const before = readFileSync(new DataFolder(dir).pointerFile, 'utf8');

    await expect(installPack(v1, dir)).rejects.toThrow(`The data folder lock ${join(dir, 'packs.lock')} cannot be created (the disk is full).`);

    expect(leftovers(dir)).toEqual([]);
    expect(readFileSync(new DataFolder(dir).pointerFile, 'utf8')).toBe(before);
    free();
    await expect(installPack(v1, dir)).resolves.toMatchObject({ status: 'installed' });
  });

  it('leaves no temporary state file when the install record cannot be written, and the content stays', async () => {
    const { dir, free } = fullDataFolder(1); // room for the lock, none for state.json

    const err = await installPack(v1, dir).then(
      () => undefined,
      (e: unknown) => e as Error,
    );

    expect(err?.message).toMatch(/^The install failed and the earlier content stays live: .*(no space|full)/i);
    expect(leftovers(dir)).toEqual([]);
    expect(leftovers(join(dir, 'content'))).toEqual([]);
    free(); // SQLite cannot even open a database for reading on a disk this full
    expect(status(dir).installed).toMatchObject({ version: 0, builtIn: true });
    await expect(installPack(v1, dir)).resolves.toMatchObject({ status: 'installed' });
  });
});
