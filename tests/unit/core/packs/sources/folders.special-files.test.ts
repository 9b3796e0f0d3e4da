/**
 * A pack path that is not a regular file: a named pipe, a folder, a device, a socket. Opening a
 * pipe for reading waits for a writer forever, so `kiosk verify` on one used to hang; each is now
 * refused at once, in one sentence that says what the path is, and the USB pack finder skips them.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPacks, inspectPack, installPack, readAuditLog } from '../../../../../src/app/packs.js';
import { builtInDataDir, cleanTempDirs, copyDataDir, makeKey, makePack, tempDir } from '../../../../fixtures/packs/helpers.js';

const canFifo = spawnSync('mkfifo', [join(tempDir('kiosk-fifo-'), 'probe')]).status === 0;
let base: string;
let pack: string;
let server: Server | undefined;

beforeAll(async () => {
  base = builtInDataDir();
  pack = await makePack([makeKey('it-office')], 1);
});

afterAll(() => {
  server?.close();
  cleanTempDirs();
});

function fifo(dir: string, name: string): string {
  const file = join(dir, name);
  expect(spawnSync('mkfifo', [file]).status).toBe(0);
  return file;
}

/**
 * The kiosk command in a process of its own, since a read that blocks would stop this one too.
 * It is stopped if it is still running after 30 s, which fails the test (no exit code).
 */
function kiosk(...argv: string[]): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/fixtures/packs/kiosk-cli.ts', ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.resume();
    const stop = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(stop);
      resolve({ code, err: err.trim() });
    });
  });
}

describe('a pack path that is not a regular file', () => {
  it.skipIf(!canFifo)(
    'kiosk verify and kiosk install refuse a named pipe at once, in one sentence',
    async () => {
      const data = copyDataDir(base);
      const pipe = fifo(tempDir('kiosk-stick-'), 'lobby.kpack');

      const verify = await kiosk('verify', pipe, '--data-dir', data);
      const install = await kiosk('install', pipe, '--data-dir', data);

      const plain = 'This file cannot be read: check that the USB stick or disk is still connected, and try again. (check: pack-unreadable)';
      expect(verify).toEqual({ code: 1, err: `kiosk verify: not valid: ${plain} The pack file ${pipe} is a named pipe, not a regular file.` });
      expect(install).toEqual({
        code: 1,
        err: `kiosk install: refused, nothing was changed: ${plain} The pack file ${pipe} is a named pipe, not a regular file.`,
      });
      expect(readAuditLog(data).at(-1)).toMatchObject({ action: 'install', result: 'refused', check: 'pack-unreadable', file: pipe });
    },
    120_000,
  );

  it('names a folder, a device, a socket and a link to a pipe for what they are', async () => {
    const dir = tempDir('kiosk-stick-');
    const folder = join(dir, 'folder.kpack');
    mkdirSync(folder);
    const socket = join(dir, 'socket.kpack');
    server = createServer();
    await new Promise<void>((resolve) => server!.listen(socket, resolve));
    const cases: [string, string][] = [
      [folder, 'a folder'],
      ['/dev/null', 'a device'],
      [socket, 'a socket'],
    ];
    if (canFifo) {
      const linked = join(dir, 'linked.kpack');
      symlinkSync(fifo(dir, 'pipe'), linked);
      cases.push([linked, 'a named pipe']);
    }
    const data = copyDataDir(base);
    for (const [file, kind] of cases) {
      const r = await inspectPack(file, data);
      expect(r, file).toEqual({ ok: false, check: 'pack-unreadable', reason: `The pack file ${file} is ${kind}, not a regular file.`, params: {} });
      await expect(installPack(file, data), file).rejects.toThrow(`The pack file ${file} is ${kind}, not a regular file.`);
    }
  });

  it('is skipped by the USB pack finder, which still finds the packs beside it', () => {
    const stick = tempDir('kiosk-stick-');
    copyFileSync(pack, join(stick, 'lobby.kpack'));
    mkdirSync(join(stick, 'folder.kpack'));
    if (canFifo) {
      fifo(stick, 'pipe.kpack');
      symlinkSync(fifo(tempDir('kiosk-elsewhere-'), 'p'), join(stick, 'linked-pipe.kpack'));
    }
    symlinkSync(pack, join(stick, 'linked.kpack'));

    expect(findPacks([stick]).map((p) => p.name)).toEqual(['lobby.kpack']);
  });
});
