import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Kiosk } from '../../../src/app/kiosk.js';
import { DEFAULT_SETTINGS, loadSettings, parseSettings } from '../../../src/core/settings.js';
import { tempDir } from '../helpers.js';

describe('kiosk.json settings', () => {
  it('uses the defaults when there is no kiosk.json', () => {
    const r = loadSettings(join(tempDir(), 'kiosk.json'));
    expect(r).toEqual({ settings: DEFAULT_SETTINGS, warnings: [] });
  });

  it('accepts good settings', () => {
    const good = {
      site: 'east-wing',
      defaultLanguage: 'en',
      idleSeconds: 120,
      packFolders: ['/srv/packs'],
      kioskPoint: 'east-lobby',
      autoInstall: true,
      updateUrl: 'https://updates.hospital.example/kiosk-repo/',
      updateEverySeconds: 600,
      ring: 'canary',
      kioskId: 'east-1',
      metricsPort: 9470,
      displaySchedule: { days: { mon: [['07:30', '17:30']], sat: [['08:00', '12:00']] }, holidays: { '2026-10-01': [] } },
      keepContents: 5,
    };
    const r = parseSettings(good);
    expect(r.warnings).toEqual([]);
    expect(r.settings).toEqual(good);
  });

  it('names each bad fleet setting and falls back to no updates, the stable ring, loopback metrics', () => {
    const r = parseSettings({ updateUrl: 'updates.example/repo', updateEverySeconds: 1, ring: 'canary ring', kioskId: '../x', metricsPort: 80 });
    expect(r.settings).toMatchObject({ updateUrl: null, updateEverySeconds: 300, ring: 'stable', kioskId: null, metricsPort: null });
    expect(r.warnings).toEqual([
      'kiosk.json: "updateUrl" must be an http or https address, or the full path of a folder; using the default (null).',
      'kiosk.json: "updateEverySeconds" must be at least 10 seconds; using the default (300).',
      'kiosk.json: "ring" must be a short name such as "canary" or "stable"; using the default ("stable").',
      'kiosk.json: "kioskId" must be a short name of letters, digits, dots, dashes or underscores; using the default (null).',
      'kiosk.json: "metricsPort" must be a port from 1024 to 65535; using the default (null).',
    ]);
    expect(parseSettings({ updateUrl: '/media/usb/kiosk-repo' }).settings.updateUrl).toBe('/media/usb/kiosk-repo');
  });

  it('keeps 2 to 10 installed contents, 3 unless told otherwise, and names a bad count', () => {
    expect(parseSettings({}).settings.keepContents).toBe(3);
    expect(parseSettings({ keepContents: 10 }).settings.keepContents).toBe(10);
    for (const [value, why] of [
      [1, 'must be at least 2 (the live content and one to roll back to)'],
      [11, 'must be at most 10 (each is a whole content database on disk)'],
      [2.5, 'must be a whole number of contents'],
      ['3', 'must be a number of contents'],
    ] as const) {
      const r = parseSettings({ keepContents: value });
      expect(r.settings.keepContents).toBe(3);
      expect(r.warnings).toEqual([`kiosk.json: "keepContents" ${why}; using the default (3).`]);
    }
  });

  it('names each bad setting and keeps the rest', () => {
    const r = parseSettings({ site: 'east-wing', defaultLanguage: 'fr', idleSeconds: 5, colour: 'red' });
    expect(r.settings.site).toBe('east-wing');
    expect(r.settings.defaultLanguage).toBe('zh');
    expect(r.settings.idleSeconds).toBe(90);
    expect(r.warnings).toEqual([
      'kiosk.json: "defaultLanguage" must be "zh" or "en"; using the default ("zh").',
      'kiosk.json: "idleSeconds" must be at least 30 seconds; using the default (90).',
      'kiosk.json: "colour" is not a kiosk setting and was ignored.',
    ]);
  });

  // Names an object inherits in JavaScript: looked up as settings they once made every command fail.
  const INHERITED = [
    'constructor',
    'toString',
    '__proto__',
    'hasOwnProperty',
    'valueOf',
    'isPrototypeOf',
    'propertyIsEnumerable',
    'toLocaleString',
    '__defineGetter__',
    '__lookupSetter__',
  ];

  for (const key of INHERITED) {
    it(`warns about "${key}" as an unknown setting and keeps the others`, () => {
      const r = parseSettings(JSON.parse(`{"${key}": {"safeParse": 1}, "site": "east-wing", "idleSeconds": 45}`));
      expect(r.warnings).toEqual([`kiosk.json: "${key}" is not a kiosk setting and was ignored.`]);
      expect(r.settings).toEqual({ ...DEFAULT_SETTINGS, site: 'east-wing', idleSeconds: 45 });
      expect(Object.getPrototypeOf(r.settings)).toBe(Object.prototype);
    });
  }

  it('starts the kiosk with every inherited name in kiosk.json, one warning each', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'kiosk.json'), `{${INHERITED.map((k) => `"${k}": 1`).join(', ')}, "defaultLanguage": "en"}`);
    const warnings: string[] = [];
    const kiosk = new Kiosk({ dataDir: dir, warn: (w) => warnings.push(w) });
    expect(warnings).toEqual(INHERITED.map((k) => `kiosk.json: "${k}" is not a kiosk setting and was ignored.`));
    expect(kiosk.settings()).toMatchObject({ defaultLanguage: 'en', idleSeconds: 90 });
    expect(kiosk.content().listDepartments()).toHaveLength(2);
    kiosk.close();
  });

  it('starts on safe defaults when kiosk.json is not JSON', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'kiosk.json'), '{ site: ');
    const warnings: string[] = [];
    const kiosk = new Kiosk({ dataDir: dir, warn: (w) => warnings.push(w) });
    expect(warnings).toEqual(['kiosk.json is not valid JSON; using the default settings. Fix the file and restart the kiosk.']);
    expect(kiosk.settings()).toEqual({ site: 'default', defaultLanguage: 'zh', idleSeconds: 90, kioskPoint: null, displaySchedule: null });
    expect(kiosk.content().listDepartments()).toHaveLength(2);
    kiosk.close();
  });

  it('passes the default language to the UI', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'kiosk.json'), JSON.stringify({ defaultLanguage: 'en', idleSeconds: 45 }));
    const kiosk = new Kiosk({ dataDir: dir, warn: () => {} });
    expect(kiosk.settings()).toMatchObject({ defaultLanguage: 'en', idleSeconds: 45 });
    kiosk.close();
  });
});
