/**
 * Names every JavaScript object inherits (constructor, toString, __proto__, hasOwnProperty …)
 * arriving from outside — as settings, command names, options, API methods and content ids —
 * are treated as the plain names they are: a sentence when unknown, the content when it is one.
 */
import { readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/kiosk.js';
import type { Directions } from '../../src/core/api/contract.js';
import { dispatch } from '../../src/core/api/handlers.js';
import { Kiosk } from '../../src/core/live.js';
import { installPack } from '../../src/core/packs/index.js';
import { builtInDataDir, cleanTempDirs, contentCopy, makeKey, makePack, trustKeys } from '../fixtures/packs/helpers.js';

const INHERITED = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__'];

afterAll(() => cleanTempDirs());

describe('the kiosk command', () => {
  let out: string[];
  let err: string[];
  beforeEach(() => {
    out = [];
    err = [];
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  });
  afterEach(() => vi.restoreAllMocks());

  for (const name of INHERITED) {
    it(`names "${name}" as no command, and refuses --${name} as no option`, async () => {
      expect(await main([name])).toBe(2);
      expect(err).toEqual([`kiosk: "${name}" is not a kiosk command. Run "kiosk help" to see them.`]);
      expect(await main(['status', `--${name}`])).toBe(2);
      expect(err[1]).toMatch(new RegExp(`^kiosk status: Unknown option '--${name}'`));
    });
  }

  it('runs commands with inherited names in kiosk.json, keeping the settings that are there', async () => {
    const dir = builtInDataDir();
    writeFileSync(join(dir, 'kiosk.json'), `{${INHERITED.map((k) => `"${k}": {}`).join(', ')}, "site": "east-wing"}`);
    expect(await main(['status', '--data-dir', dir, '--json'])).toBe(0);
    expect(err).toEqual([]);
    expect(JSON.parse(out.join('\n'))).toMatchObject({ site: 'east-wing', installed: { version: 0 } });
    const pack = await makePack([makeKey('cli')], 1);
    expect(await main(['verify', pack, '--data-dir', dir])).toBe(1);
    expect(err.join('\n')).not.toMatch(/safeParse|is not a function/);
  });
});

describe('content ids and API method names', () => {
  it('answers an API call named after an inherited name with a sentence', async () => {
    const kiosk = new Kiosk({ dataDir: builtInDataDir(), warn: () => {} });
    for (const m of INHERITED) {
      expect(await dispatch(kiosk, m, {})).toEqual({ ok: false, error: { code: 'unknown_method', message: `"${m}" is not a kiosk API method.` } });
    }
    const none = await dispatch(kiosk, 'getDepartment', { id: 'constructor' });
    expect(none).toEqual({ ok: false, error: { code: 'not_found', message: 'There is no department "constructor" in the current content.' } });
    kiosk.close();
  });

  it('installs and shows content whose department, point, floors and figure are named constructor, toString and valueOf', async () => {
    const src = contentCopy();
    const files = ['hospital.json', 'wayfinding.json', 'symptoms.json', ...readdirSync(join(src, 'departments')).map((f) => `departments/${f}`)];
    for (const rel of files) {
      const file = join(src, rel);
      let text = readFileSync(file, 'utf8').replaceAll('"vascular-surgery"', '"constructor"').replaceAll('"beds"', '"constructor"');
      if (rel === 'wayfinding.json') text = text.replaceAll('"1F"', '"toString"').replaceAll('"2F"', '"valueOf"');
      writeFileSync(file, text);
    }
    renameSync(join(src, 'departments', 'vascular-surgery.json'), join(src, 'departments', 'constructor.json'));
    const key = makeKey('names');
    const dataDir = builtInDataDir();
    trustKeys(dataDir, [key]);
    await installPack(await makePack([key], 2, { source: src }), dataDir);

    const kiosk = new Kiosk({ dataDir, warn: () => {} });
    const dep = await dispatch(kiosk, 'getDepartment', { id: 'constructor' });
    if (!dep.ok) throw new Error(dep.error.message);
    expect(dep.value).toMatchObject({ id: 'constructor', name: { en: 'Vascular Surgery' } });
    expect((dep.value as { figures: { key: string; value: number }[] }).figures.find((f) => f.key === 'constructor')?.value).toBe(50);
    const way = await dispatch(kiosk, 'getDirections', { id: 'constructor', lang: 'en' });
    if (!way.ok) throw new Error(way.error.message);
    expect((way.value as Directions).floors.map((f) => f.id)).toEqual(['toString', 'valueOf']);
    const found = await dispatch(kiosk, 'search', { q: 'vascular', lang: 'en' });
    expect(JSON.stringify(found)).toContain('"departmentId":"constructor"');
    const other = await dispatch(kiosk, 'getDepartment', { id: 'tostring' });
    expect(other).toMatchObject({ ok: false, error: { code: 'not_found' } });
    kiosk.close();
  }, 60_000);
});
