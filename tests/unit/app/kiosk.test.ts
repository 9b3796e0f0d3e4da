/**
 * The live kiosk on a data folder (src/app/kiosk.ts): the built-in content first, the pointer
 * followed, damaged and unreadable content survived.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildContentDatabase } from '../../../db/store.js';
import { loadContentSource } from '../../../src/core/content/source.js';
import { DataFolder } from '../../../src/core/datafolder.js';
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

  it('picks up content switched in by another process at the next call', () => {
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
