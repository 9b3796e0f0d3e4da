/**
 * Search over the real built-in content, as a visitor at the kiosk would use it: Chinese by
 * characters (two-character words included), pinyin full and initials, English substrings,
 * plurals and lay terms, grouped and ranked results with highlights, and no query that can
 * break it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentDb, buildContentDatabase } from '../../../../db/store.js';
import type { Lang, SearchHit, SearchResult, TextRange } from '../../../../src/core/api/contract.js';
import { Sessions } from '../../../../src/core/access/sessions.js';
import { dispatch, type ApiContext } from '../../../../src/core/api/handlers.js';
import { loadContentSource } from '../../../../src/core/content/source.js';

let db: ContentDb;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-search-'));
  const file = join(dir, 'content.sqlite');
  buildContentDatabase(file, loadContentSource('resources/content'), {
    version: 0,
    packId: 'built-in',
    builtIn: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    expires: null,
    signers: [],
  });
  db = new ContentDb(file);
});

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const search = (q: string, lang: Lang = 'zh', limit?: number): SearchResult => db.search(q, lang, limit);
const all = (r: SearchResult): SearchHit[] => [...r.groups.departments, ...r.groups.services, ...r.groups.equipment];
const marked = (text: string, ranges: readonly TextRange[]): string[] => ranges.map((r) => text.slice(r.start, r.end));
const namesEn = (hits: readonly SearchHit[]): string[] => hits.map((h) => h.name.en);
const isEmpty = (r: SearchResult): boolean => all(r).length === 0;

describe('Chinese by characters', () => {
  it('finds General Ultrasound for the two-character word 超声, marking 超声', () => {
    const r = search('超声');
    const first = r.groups.departments[0]!;
    expect(first.departmentId).toBe('general-ultrasound');
    expect(first.kind).toBe('department');
    expect(first.departmentName).toEqual({ zh: '综合超声科', en: 'General Ultrasound' });
    expect(marked(first.name.zh, first.highlight.zh)).toEqual(['超声']);
    expect(r.groups.services.length).toBeGreaterThan(5);
    for (const h of r.groups.services) expect(h.highlight.zh.length, h.name.zh).toBeGreaterThan(0);
    expect(namesEn(r.groups.equipment)).toContain('Colour Doppler ultrasound diagnostic machine');
  });

  it('puts Vascular Surgery first for 血管, with the vascular ultrasound services too', () => {
    const r = search('血管');
    expect(r.groups.departments[0]!.departmentId).toBe('vascular-surgery');
    expect(r.groups.departments[0]!.match).toBe('prefix');
    const services = r.groups.services.map((h) => `${h.departmentId}:${h.name.zh}`);
    expect(services).toContain('general-ultrasound:血管超声');
    expect(services).toContain('vascular-surgery:血管介入治疗');
    // Names that start with 血管 come before names that merely contain it.
    const firstContaining = r.groups.services.findIndex((h) => !h.name.zh.startsWith('血管'));
    expect(r.groups.services.slice(firstContaining).every((h) => !h.name.zh.startsWith('血管'))).toBe(true);
    expect(namesEn(r.groups.equipment)).toContain('Vascular DSA hybrid operating room');
  });

  it('finds 血管外科 as an exact name and marks all of it', () => {
    const r = search('血管外科');
    const first = r.groups.departments[0]!;
    expect(first).toMatchObject({ departmentId: 'vascular-surgery', match: 'exact' });
    expect(first.highlight.zh).toEqual([{ start: 0, end: 4 }]);
  });

  it('finds single characters (肺) and longer runs inside names (静脉曲张)', () => {
    expect(search('肺').groups.services.map((h) => h.name.zh)).toEqual(expect.arrayContaining(['肺部超声', '肺栓塞']));
    const r = search('静脉曲张');
    expect(r.groups.services.map((h) => h.name.zh)).toContain('下肢静脉曲张');
    expect(r.groups.equipment.map((h) => h.name.zh)).toContain('激光静脉曲张治疗仪');
    expect(r.groups.departments[0]!.departmentId).toBe('vascular-surgery');
  });

  it('shows a service that is also a subspecialty once', () => {
    const lung = search('肺部超声').groups.services.filter((h) => h.name.zh === '肺部超声');
    expect(lung).toHaveLength(1);
  });
});

describe('pinyin', () => {
  it('finds 超声 by chaosheng and marks the characters', () => {
    const r = search('chaosheng');
    const gu = r.groups.departments.find((h) => h.departmentId === 'general-ultrasound')!;
    expect(gu).toBeDefined();
    expect(marked(gu.name.zh, gu.highlight.zh)).toEqual(['超声']);
    expect(r.groups.services.length).toBeGreaterThan(5);
  });

  it('finds Vascular Surgery by full pinyin with or without spaces, and by initials', () => {
    for (const q of ['xueguan waike', 'xueguanwaike', 'XueGuan WaiKe', 'xgwk']) {
      const first = search(q).groups.departments[0]!;
      expect(first, q).toMatchObject({ departmentId: 'vascular-surgery', match: 'exact' });
      expect(marked(first.name.zh, first.highlight.zh), q).toEqual(['血管外科']);
    }
  });

  it('matches as the visitor types: xuegu and "xue guan" already find 血管', () => {
    for (const q of ['xuegu', 'xue guan']) {
      const r = search(q);
      const first = r.groups.departments[0]!;
      expect(first, q).toMatchObject({ departmentId: 'vascular-surgery', match: 'prefix' });
      expect(marked(first.name.zh, first.highlight.zh), q).toEqual(['血管']);
      expect(
        r.groups.services.map((h) => h.name.zh),
        q,
      ).toContain('血管超声');
    }
  });

  it('finds pinyin initials and keywords in pinyin', () => {
    expect(search('cs').groups.departments.map((h) => h.departmentId)).toContain('general-ultrasound');
    const r = search('jingmaiquzhang');
    expect(r.groups.services.map((h) => h.name.zh)).toContain('下肢静脉曲张');
  });
});

describe('English', () => {
  it('finds ultrasound, and parts of it (ultra, sound)', () => {
    for (const [q, mark] of [
      ['ultrasound', 'Ultrasound'],
      ['ultra', 'Ultra'],
      ['sound', 'sound'],
    ] as const) {
      const r = search(q, 'en');
      const first = r.groups.departments[0]!;
      expect(first.departmentId, q).toBe('general-ultrasound');
      expect(marked(first.name.en, first.highlight.en), q).toEqual([mark]);
      expect(namesEn(r.groups.services), q).toContain('Abdominal ultrasound');
      expect(namesEn(r.groups.equipment), q).toContain('Portable ultrasound diagnostic machine');
    }
  });

  it('treats plurals alike: veins and vein, arteries and artery', () => {
    for (const q of ['veins', 'vein']) {
      const r = search(q, 'en');
      expect(r.groups.departments[0]!.departmentId, q).toBe('vascular-surgery');
      expect(namesEn(r.groups.services), q).toContain('Varicose veins of the legs');
      expect(namesEn(r.groups.equipment), q).toContain('532 nm green-laser vein treatment device');
    }
    for (const q of ['arteries', 'artery']) {
      const r = search(q, 'en');
      expect(r.groups.departments[0]!.departmentId, q).toBe('vascular-surgery');
      const carotid = r.groups.services.find((h) => h.name.en === 'Carotid artery disease')!;
      expect(carotid, q).toBeDefined();
      expect(marked(carotid.name.en, carotid.highlight.en), q).toEqual(['artery']);
    }
    expect(namesEn(search('examinations', 'en').groups.equipment)).toContain('Multi-function vascular examination workstation');
  });

  it('finds lay terms and abbreviations from the content keywords: DVT, varicose veins, leg swelling', () => {
    const dvt = search('DVT', 'en');
    expect(dvt.groups.departments[0]).toMatchObject({ departmentId: 'vascular-surgery', match: 'keyword', snippet: { text: 'DVT' } });
    expect(dvt.groups.services.map((h) => `${h.departmentId}:${h.name.en}`)).toEqual(
      expect.arrayContaining(['general-ultrasound:Vascular ultrasound', 'vascular-surgery:After-effects of lower-limb venous thrombosis']),
    );

    const varicose = search('varicose veins', 'en');
    expect(varicose.groups.services[0]).toMatchObject({ name: { en: 'Varicose veins of the legs' }, match: 'prefix' });
    expect(marked(varicose.groups.services[0]!.name.en, varicose.groups.services[0]!.highlight.en)).toEqual(['Varicose veins']);
    expect(varicose.groups.departments[0]!.departmentId).toBe('vascular-surgery');

    const swelling = search('leg swelling', 'en');
    expect(swelling.groups.departments[0]).toMatchObject({ departmentId: 'vascular-surgery', snippet: { text: 'leg swelling' } });
    const snip = swelling.groups.departments[0]!.snippet!;
    expect(marked(snip.text, snip.highlight)).toEqual(['leg swelling']);
    expect(namesEn(swelling.groups.services)).toContain('After-effects of lower-limb venous thrombosis');
  });

  it('ignores case and full-width letters', () => {
    const ids = (r: SearchResult) => all(r).map((h) => `${h.kind}:${h.departmentId}:${h.name.en}`);
    const base = ids(search('ultrasound', 'en'));
    for (const q of ['ULTRASOUND', 'UltraSound', 'ｕｌｔｒａｓｏｕｎｄ']) expect(ids(search(q, 'en')), q).toEqual(base);
    expect(ids(search('dvt', 'en'))).toEqual(ids(search('DVT', 'en')));
    const fw = search('ＤＶＴ', 'en').groups.departments[0]!;
    expect(fw.snippet?.text).toBe('DVT');
  });

  it('shows an excerpt of the detail or summary when only that matched', () => {
    const r = search('multi-centre', 'en');
    const hit = r.groups.services.find((h) => h.match === 'detail')!;
    expect(hit).toBeDefined();
    expect(hit.snippet!.text).toContain('multi-centre');
    expect(marked(hit.snippet!.text, hit.snippet!.highlight).join(' ').toLowerCase()).toContain('multi');
  });
});

describe('ranking and shape', () => {
  it('ranks exact name > prefix > substring > keyword > detail within each group', () => {
    const order = ['exact', 'prefix', 'name', 'keyword', 'detail'];
    for (const q of ['血管', '超声', 'vascular', 'ultrasound', 'scan', '血栓', 'xuegu']) {
      const r = search(q, 'en', 50);
      for (const g of [r.groups.departments, r.groups.services, r.groups.equipment]) {
        const tiers = g.map((h) => order.indexOf(h.match));
        expect(tiers, q).toEqual([...tiers].sort((a, b) => a - b));
      }
    }
  });

  it('keeps the content order for equal matches, and gives the same answer every time', () => {
    const r = search('超声', 'zh', 50);
    const gu = loadContentSource('resources/content').departments.find((d) => d.id === 'general-ultrasound')!;
    const names = r.groups.services.filter((h) => h.match === 'name' && h.departmentId === 'general-ultrasound').map((h) => h.index!);
    expect(names).toEqual([...names].sort((a, b) => a - b));
    expect(gu.services[names[0]!]!.name.zh).toContain('超声');
    expect(search('超声', 'zh', 50)).toEqual(r);
  });

  it('gives each hit its kind, department, name and position in the department', () => {
    const h = search('血管超声').groups.services.find((x) => x.departmentId === 'general-ultrasound')!;
    expect(h).toMatchObject({
      kind: 'service',
      departmentId: 'general-ultrasound',
      departmentName: { zh: '综合超声科', en: 'General Ultrasound' },
      name: { zh: '血管超声', en: 'Vascular ultrasound' },
      match: 'exact',
    });
    const gu = loadContentSource('resources/content').departments.find((d) => d.id === 'general-ultrasound')!;
    expect(gu.services[h.index!]!.name.zh).toBe('血管超声');
    const eq = search('便携式超声诊断仪').groups.equipment[0]!;
    expect(eq).toMatchObject({ kind: 'equipment', departmentId: 'general-ultrasound' });
    expect(gu.equipment[eq.index!]!.name.zh).toBe('便携式超声诊断仪');
  });

  it('respects the limit per group', () => {
    const r = search('超声', 'zh', 2);
    expect(r.groups.services).toHaveLength(2);
    expect(r.groups.equipment.length).toBeLessThanOrEqual(2);
  });

  it('marks exactly the matched text in every hit of a name match', () => {
    for (const [q, lang, want] of [
      ['超声', 'zh', '超声'],
      ['血管', 'zh', '血管'],
      ['ultra', 'en', 'ultra'],
      ['doppler', 'en', 'doppler'],
    ] as const) {
      for (const h of all(search(q, lang, 50)).filter((x) => x.match !== 'keyword' && x.match !== 'detail')) {
        const text = h.name[lang];
        const parts = marked(text, h.highlight[lang]).map((s) => s.toLowerCase());
        expect(parts.length, `${q} ${text}`).toBeGreaterThan(0);
        for (const p of parts) expect(p, `${q} ${text}`).toBe(want);
      }
    }
  });
});

describe('queries that find nothing or could break things', () => {
  it('returns empty groups for nonsense, an empty query and spaces', () => {
    for (const q of ['qwertyzzz', '龘龘', 'zzzzzzzz', '', '   ', '\t\n', '!!!', '？？']) {
      const r = search(q);
      expect(isEmpty(r), JSON.stringify(q)).toBe(true);
      expect(r.query).toBe(q);
    }
  });

  it('never fails on FTS or SQL syntax typed as a query', () => {
    const hostile = [
      '"',
      "'",
      'AND',
      'OR',
      'NOT',
      'a*',
      '*',
      'NEAR(',
      'NEAR(a b)',
      '(',
      ')',
      '-',
      '- vein',
      '^',
      ':',
      'terms:x',
      '{a b}',
      "'; DROP TABLE departments; --",
      '"unterminated',
      'a AND OR b',
      '\u0000',
      'x'.repeat(64),
      '超"声',
      '血管*',
      '0n血管',
      '1n超声',
    ];
    for (const q of hostile) {
      for (const lang of ['zh', 'en'] as const) expect(() => search(q, lang), q).not.toThrow();
    }
    expect(db.departmentCount()).toBe(2);
    // Syntax characters are plain separators: "超"声" searches like 超 声.
    expect(search('超"声').groups.departments.map((h) => h.departmentId)).toContain('general-ultrasound');
  });
});

describe('the search API method', () => {
  const ctx = (): ApiContext => ({
    appVersion: 'test',
    settings: () => ({ site: 'test', defaultLanguage: 'zh', idleSeconds: 90, kioskPoint: null }),
    content: () => db,
    sessions: new Sessions(tmpdir(), { has: () => false, verify: () => false }),
    dataDir: tmpdir(),
    packFolders: () => [],
  });

  it('answers with grouped results and defaults to Chinese', async () => {
    const out = await dispatch(ctx(), 'search', { q: '血管' });
    expect(out.ok).toBe(true);
    const value = (out as { ok: true; value: SearchResult }).value;
    expect(value.query).toBe('血管');
    expect(Object.keys(value.groups)).toEqual(['departments', 'services', 'equipment']);
    expect(value.groups.departments[0]!.departmentId).toBe('vascular-surgery');
    const en = await dispatch(ctx(), 'search', { q: 'scan', lang: 'en', limit: 1 });
    expect((en as { ok: true; value: SearchResult }).value.groups.services.length).toBeLessThanOrEqual(1);
  });

  it('refuses a query over 64 characters with a sentence', async () => {
    const out = await dispatch(ctx(), 'search', { q: '血'.repeat(65) });
    expect(out).toEqual({
      ok: false,
      error: { code: 'bad_args', message: 'Bad arguments for search: q must be at most 64 characters; try a shorter search.' },
    });
    expect((await dispatch(ctx(), 'search', { q: 'x'.repeat(64) })).ok).toBe(true);
    expect(await dispatch(ctx(), 'search', { q: 'x', limit: 0 })).toMatchObject({ ok: false, error: { code: 'bad_args' } });
    expect(await dispatch(ctx(), 'search', { q: 'x', lang: 'fr' })).toMatchObject({ ok: false, error: { code: 'bad_args' } });
    expect(await dispatch(ctx(), 'search', {})).toMatchObject({ ok: false, error: { code: 'bad_args' } });
  });
});
