/**
 * The live kiosk on a data folder (src/app/kiosk.ts): the built-in content first, the pointer
 * followed, damaged and unreadable content survived.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildContentDatabase } from '../../../db/store.js';
import { loadContentSource } from '../../../src/core/content/source.js';
import { setPin } from '../../../src/core/access/pins.js';
import { DataFolder } from '../../../src/core/datafolder.js';
import { FILE_RECHECK_MS } from '../../../src/core/file-stamp.js';
import { Kiosk } from '../../../src/app/kiosk.js';
import { tempDir } from '../helpers.js';

const content = loadContentSource('resources/content');
const meta = { version: 3, packId: 'test-pack', builtIn: false, createdAt: '2026-01-01T00:00:00.000Z', expires: null, signers: ['abc'] };

describe('the live kiosk on a data folder', () => {
  it('installs the built-in content on an empty data folder, as version 0', () => {
    const dir = tempDir();
    const kiosk = new Kiosk({ dataDir: dir, warn: () => {} });
    try {
      expect(kiosk.content().status()).toMatchObject({ version: 0, builtIn: true, packId: 'built-in' });
      expect(kiosk.content().listDepartments()).toHaveLength(2);
      expect(existsSync(join(dir, 'current.json'))).toBe(true);
    } finally {
      kiosk.close();
    }
  });

  it('keeps its content across restarts without reinstalling', () => {
    const dir = tempDir();
    const first = new Kiosk({ dataDir: dir, warn: () => {} });
    const generation = first.content().status().generation;
    first.close();
    const second = new Kiosk({ dataDir: dir, warn: () => {} });
    expect(second.content().status().generation).toBe(generation);
    second.close();
  });

  it('picks up content switched in by this process (an install, a rollback) at the next call', () => {
    const dir = tempDir();
    const kiosk = new Kiosk({ dataDir: dir, warn: () => {} });
    const folder = new DataFolder(dir);
    const rel = folder.newDatabaseName(7);
    buildContentDatabase(folder.path(rel), { ...content, departments: content.departments.slice(0, 1) }, { ...meta, version: 7 });
    folder.activate(rel);
    expect(kiosk.content().status().version).toBe(7);
    expect(kiosk.content().listDepartments()).toHaveLength(1);
    expect(folder.readPointer()?.previous).toHaveLength(1);
    kiosk.close();
  });

  describe("with the clock of performance.now in the test's hands", () => {
    beforeEach(() => vi.useFakeTimers({ toFake: ['performance'] }));
    afterEach(() => vi.useRealTimers());

    it('picks up content switched in by another process (the kiosk command) within a second, without looking at the pointer on every call', () => {
      const dir = tempDir();
      const kiosk = new Kiosk({ dataDir: dir, warn: () => {} });
      try {
        expect(kiosk.content().status().version).toBe(0);
        const folder = new DataFolder(dir);
        const rel = folder.newDatabaseName(8);
        buildContentDatabase(folder.path(rel), { ...content, departments: content.departments.slice(0, 1) }, { ...meta, version: 8 });
        // Written as another process writes it: replaced by a rename, and this process not told.
        writeFileSync(`${folder.pointerFile}.new`, JSON.stringify({ active: rel, previous: [folder.readPointer()!.active] }));
        renameSync(`${folder.pointerFile}.new`, folder.pointerFile);
        vi.advanceTimersByTime(FILE_RECHECK_MS - 10);
        expect(kiosk.content().status().version).toBe(0);
        vi.advanceTimersByTime(20);
        expect(kiosk.content().status().version).toBe(8);
        expect(kiosk.content().listDepartments()).toHaveLength(1);
      } finally {
        kiosk.close();
      }
    });

    it('sees a PIN set by this process at once and one set by another process within a second', () => {
      const dir = tempDir();
      const kiosk = new Kiosk({ dataDir: dir, warn: () => {} });
      try {
        expect(kiosk.sessions.available('it')).toBe(false);
        setPin(dir, 'it', '583920');
        expect(kiosk.sessions.available('it')).toBe(true);
        expect(kiosk.sessions.available('volunteer')).toBe(false);
        // The kiosk command in another process: the PIN file replaced, this process not told.
        const file = join(dir, 'pins.json');
        const pins = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
        writeFileSync(`${file}.new`, JSON.stringify({ ...pins, volunteer: pins.it }));
        renameSync(`${file}.new`, file);
        expect(kiosk.sessions.available('volunteer')).toBe(false);
        vi.advanceTimersByTime(FILE_RECHECK_MS + 1);
        expect(kiosk.sessions.available('volunteer')).toBe(true);
        // A damaged PIN file opens no pad (fail closed), once seen.
        writeFileSync(`${file}.new`, '{ not json');
        renameSync(`${file}.new`, file);
        vi.advanceTimersByTime(FILE_RECHECK_MS + 1);
        expect(kiosk.sessions.available('it')).toBe(false);
        expect(kiosk.sessions.available('volunteer')).toBe(false);
      } finally {
        kiosk.close();
      }
    });
  });

  it('falls back to the previous content when the live database is damaged, and says so', () => {
    const dir = tempDir();
    new Kiosk({ dataDir: dir, warn: () => {} }).close();
    const folder = new DataFolder(dir);
    const rel = folder.newDatabaseName(9);
    buildContentDatabase(folder.path(rel), content, { ...meta, version: 9 });
    folder.activate(rel);
    writeFileSync(folder.path(rel), 'this is not a database');
    const warnings: string[] = [];
    const kiosk = new Kiosk({ dataDir: dir, warn: (s) => warnings.push(s) });
    expect(kiosk.content().status().version).toBe(0);
    expect(kiosk.content().listDepartments()).toHaveLength(2);
    expect(warnings.join(' ')).toMatch(/cannot be opened/);
    kiosk.close();
  });

  it('reinstalls the built-in content when the pointer itself is corrupt', () => {
    const dir = tempDir();
    new Kiosk({ dataDir: dir, warn: () => {} }).close();
    writeFileSync(join(dir, 'current.json'), '{"active": 12}');
    const warnings: string[] = [];
    const kiosk = new Kiosk({ dataDir: dir, warn: (s) => warnings.push(s) });
    expect(kiosk.content().listDepartments()).toHaveLength(2);
    expect(warnings.join(' ')).toMatch(/not a valid content pointer/);
    kiosk.close();
  });

  it('explains a data folder that cannot be created', () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, '');
    expect(() => new Kiosk({ dataDir: join(file, 'sub'), warn: () => {} })).toThrow(/data folder .* cannot be created/);
  });
});
