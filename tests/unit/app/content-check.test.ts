/**
 * The live content checked page by page in a worker thread while `kiosk serve` starts
 * (src/app/content-check.ts): a database that passed is opened without being read again, once
 * and only while unchanged; a damaged one is never taken as checked, and the kiosk opening it
 * falls back as it does for any damaged database.
 */
import { openSync, readFileSync, statSync, writeSync, closeSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildContentDatabase } from '../../../db/store.js';
import { loadContentSource } from '../../../src/core/content/source.js';
import { DataFolder } from '../../../src/core/datafolder.js';
import { Kiosk } from '../../../src/app/kiosk.js';
import { takeChecked } from '../../../src/app/checked-content.js';
import { CHECK_IN_WORKER_BYTES, checkLiveContent } from '../../../src/app/content-check.js';
import { tempDir } from '../helpers.js';

const content = loadContentSource('resources/content');
const meta = { version: 4, packId: 'test-pack', builtIn: false, createdAt: '2026-01-01T00:00:00.000Z', expires: null, signers: ['abc'] };

/** A data folder whose live content is version 4 over the built-in version 0. */
function folderWithPack(): { dir: string; file: string } {
  const dir = tempDir();
  new Kiosk({ dataDir: dir, warn: () => {} }).close();
  const folder = new DataFolder(dir);
  const rel = folder.newDatabaseName(4);
  buildContentDatabase(folder.path(rel), content, meta);
  folder.activate(rel);
  return { dir, file: folder.path(rel) };
}

describe('checking the live content in a worker thread', () => {
  it('takes a database that passed as checked, once, so the kiosk opens it without reading it again', async () => {
    const { dir, file } = folderWithPack();
    expect(await checkLiveContent(dir, 0)).toEqual({ checked: true });
    expect(takeChecked(file)).toBe(true);
    expect(takeChecked(file)).toBe(false); // once only: a later opening reads every page again

    expect(await checkLiveContent(dir, 0)).toEqual({ checked: true });
    const kiosk = new Kiosk({ dataDir: dir, warn: () => {} });
    expect(kiosk.content().status().version).toBe(4);
    expect(takeChecked(file)).toBe(false); // the kiosk took it
    kiosk.close();
  });

  it('never takes a damaged database as checked, and the kiosk falls back to the content before it', async () => {
    const { dir, file } = folderWithPack();
    // Overwrite pages in the middle of the file: it still opens, but its pages do not check.
    const size = statSync(file).size;
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(8192, 0xa5), 0, 8192, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);
    const r = await checkLiveContent(dir, 0);
    expect(r.checked).toBe(false);
    expect(r.problem).toMatch(/damaged|malformed|not a database/i);
    expect(takeChecked(file)).toBe(false);
    const warnings: string[] = [];
    const kiosk = new Kiosk({ dataDir: dir, warn: (s) => warnings.push(s) });
    expect(kiosk.content().status().version).toBe(0);
    expect(warnings.join(' ')).toMatch(/cannot be opened/);
    kiosk.close();
  });

  it('does not take a database changed after its check', async () => {
    const { dir, file } = folderWithPack();
    expect(await checkLiveContent(dir, 0)).toEqual({ checked: true });
    const bytes = readFileSync(file);
    const fd = openSync(file, 'r+');
    writeSync(fd, bytes, 0, 16, 0); // the same bytes written again: a new modification time
    closeSync(fd);
    expect(takeChecked(file)).toBe(false);
  });

  it('leaves a small database, or a folder with no content yet, to be checked on opening', async () => {
    const { dir, file } = folderWithPack();
    expect(statSync(file).size).toBeLessThan(CHECK_IN_WORKER_BYTES);
    expect(await checkLiveContent(dir)).toEqual({ checked: false });
    expect(takeChecked(file)).toBe(false);
    expect(await checkLiveContent(tempDir())).toEqual({ checked: false });
  });
});
