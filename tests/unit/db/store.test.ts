import Database from 'better-sqlite3';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentDb, buildContentDatabase, migrate } from '../../../db/store.js';
import { SCHEMA_VERSION } from '../../../db/migrations/index.js';
import { loadContentSource } from '../../../src/core/content/source.js';
import { tempDir } from '../helpers.js';

const content = loadContentSource('resources/content');
const meta = { version: 3, packId: 'test-pack', builtIn: false, createdAt: '2026-01-01T00:00:00.000Z', expires: null, signers: ['abc'] };

describe('content database', () => {
  it('is built whole, in WAL mode, at the schema version, and reads back every department', () => {
    const file = join(tempDir(), 'c.sqlite');
    const status = buildContentDatabase(file, content, meta);
    expect(status.version).toBe(3);
    expect(readdirSync(join(file, '..'))).toEqual(['c.sqlite']); // no temporary files left behind
    const db = new ContentDb(file);
    try {
      expect(db.connection.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.connection.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(db.integrityCheck()).toBe('ok');
      expect(db.status()).toMatchObject({ version: 3, packId: 'test-pack', builtIn: false, signers: ['abc'] });
      expect(db.listDepartments().map((d) => d.id)).toEqual(content.departments.map((d) => d.id));
      expect(db.getDepartment('vascular-surgery')).toEqual(content.departments.find((d) => d.id === 'vascular-surgery'));
      expect(db.getDepartment('nope')).toBeUndefined();
      const services = db.connection.prepare("SELECT count(*) AS n FROM items WHERE kind = 'service'").get() as { n: number };
      expect(services.n).toBe(content.departments.reduce((n, d) => n + d.services.length, 0));
    } finally {
      db.close();
    }
  });

  it('refuses a database from a newer kiosk with a sentence', () => {
    const file = join(tempDir(), 'new.sqlite');
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    expect(() => migrate(db)).toThrow(/newer than this kiosk understands/);
    db.close();
  });
});

describe('photos shipped with the content', () => {
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
  const withPhoto = {
    ...content,
    departments: content.departments.map((d, i) =>
      i === 0 ? { ...d, photo: { path: 'images/front.png', alt: { zh: '科室入口', en: 'Department entrance' } } } : d,
    ),
  };

  it('are stored with their type and read back by path', () => {
    const file = join(tempDir(), 'p.sqlite');
    buildContentDatabase(file, withPhoto, meta, [['images/front.png', png]]);
    const db = new ContentDb(file);
    expect(db.asset('images/front.png')).toEqual({ mime: 'image/png', data: png });
    expect(db.asset('images/other.png')).toBeUndefined();
    db.close();
  });

  it('refuses a file that is not an image, and leaves nothing behind', () => {
    const dir = tempDir();
    expect(() => buildContentDatabase(join(dir, 'p.sqlite'), withPhoto, meta, [['images/front.png', Buffer.from('<script>')]])).toThrow(
      'images/front.png: not a PNG, JPEG or WebP image.',
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses content whose photo is missing', () => {
    const dir = tempDir();
    expect(() => buildContentDatabase(join(dir, 'p.sqlite'), withPhoto, meta)).toThrow(/images\/front\.png: the content refers to this image/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
