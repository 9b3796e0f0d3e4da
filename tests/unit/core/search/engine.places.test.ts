/**
 * What visitors ask that is not a department name, over the real built-in content: emergency
 * words answer first with the Emergency Department; places and facilities by their synonyms,
 * in both languages and pinyin, and the way to the nearest one; typos corrected only after every
 * exact tier, within the edit limits; the candidate bar's Chinese words for typed pinyin; and the
 * content checks and databases around places.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentDb, buildContentDatabase } from '../../../../db/store.js';
import type { Directions, PlaceSummary, SearchMatch, SearchResult } from '../../../../src/core/api/contract.js';
import { dispatch } from '../../../../src/core/api/handlers.js';
import { ContentError, loadContentSource } from '../../../../src/core/content/source.js';
import { Kiosk } from '../../../../src/app/kiosk.js';
import { touchedEmergency, emergencyForms } from '../../../../src/core/search/emergency.js';
import { editDistance, maxEdits } from '../../../../src/core/search/fuzzy.js';
import { nearestPoint } from '../../../../src/core/wayfinding/places.js';
import { DataFolder } from '../../../../src/core/datafolder.js';
import { installPack, inspectPack } from '../../../../src/app/packs.js';
import { builtInDataDir, cleanTempDirs, craftPack, makeKey, sourceFiles, trustKeys } from '../../../fixtures/packs/helpers.js';
import { contentCopy, tempDir } from '../../helpers.js';

const META = { version: 0, packId: 'built-in', builtIn: true, createdAt: '2026-01-01T00:00:00.000Z', expires: null, signers: [] };
const content = loadContentSource('resources/content');
let db: ContentDb;
let kiosk: Kiosk;

beforeAll(() => {
  const file = join(tempDir('kiosk-places-'), 'content.sqlite');
  buildContentDatabase(file, content, META);
  db = new ContentDb(file);
  kiosk = new Kiosk({ dataDir: tempDir('kiosk-places-data-'), warn: () => {} });
});

afterAll(() => {
  db.close();
  kiosk.close();
  cleanTempDirs();
});

const search = (q: string, lang: 'zh' | 'en' = 'zh'): SearchResult => db.search(q, lang);
const TIER: SearchMatch[] = ['exact', 'prefix', 'name', 'keyword', 'detail', 'fuzzy'];
const allHits = (r: SearchResult) => [...r.places, ...r.groups.departments, ...r.groups.services, ...r.groups.equipment];

const EMERGENCY_WORDS = [
  '急诊',
  '急救',
  '胸痛',
  '胸闷',
  '呼吸困难',
  '中风',
  '口角歪斜',
  '大出血',
  '昏迷',
  '心梗',
  '心脏骤停',
  '抽搐',
  '窒息',
  '烧伤',
  '中毒',
  '突发胸痛',
  '急诊科在哪',
  'jizhen',
  'xiongtong',
  'huxikunnan',
  'zhongfeng',
  'ji zhen',
  'jizhenke',
  'chest pain',
  "can't breathe",
  'cant breathe',
  'stroke',
  'bleeding',
  'unconscious',
  'heart attack',
  'CHEST PAIN',
  'severe chest pain',
  'emergency',
  'trauma',
  'Emergency Department',
  'ER',
];

describe('emergency words', () => {
  it('answer first with the Emergency Department, its floor and whether the kiosk can show the way', async () => {
    for (const q of EMERGENCY_WORDS) {
      const out = await dispatch(kiosk, 'search', { q, lang: /[a-z]/i.test(q) ? 'en' : 'zh' });
      if (!out.ok) throw new Error(out.error.message);
      const r = out.value as SearchResult;
      expect(r.emergency, q).not.toBeNull();
      expect(r.emergency!.place, q).toMatchObject({ id: 'emergency', kind: 'emergency', routable: true, sample: true, floors: [{ id: '1F' }] });
      // The Emergency Department is the answer, never one hit among others.
      expect(
        r.places.map((p) => p.placeKind),
        q,
      ).not.toContain('emergency');
    }
  });

  it('forgive a misspelt English word, but never turn a neighbouring pinyin into an emergency', () => {
    for (const q of ['strok', 'chest pian', 'unconcious', 'bleding', 'emergancy']) expect(search(q, 'en').emergency, q).not.toBeNull();
    // 痛风 (gout) is one edit from 中风 in pinyin, 肿瘤 two from 中毒: outpatient words, no emergency.
    for (const q of [
      'tongfeng',
      '痛风',
      'zhongliu',
      '肿瘤',
      '超声',
      '血管',
      'xueguan',
      'ultrasound',
      'veins',
      'chest x-ray',
      'bleed',
      'zhixing',
      'stent',
      'scan',
    ]) {
      expect(search(q, 'en').emergency, q).toBeNull();
    }
  });

  it('come from the content: forms prepared at install time, a query compared with them', () => {
    const forms = ['胸痛', 'chest pain', '中风'].flatMap(emergencyForms);
    expect(forms.map((f) => f.form)).toEqual(['h:胸痛', 'p:xiongtong', 'w:chest pain', 'h:中风', 'p:zhongfeng']);
    expect(touchedEmergency('他胸痛', forms)).toBe('胸痛');
    expect(touchedEmergency('xiongtong', forms)).toBe('胸痛');
    expect(touchedEmergency('chestpain', forms)).toBe('chest pain');
    expect(touchedEmergency('chest', forms)).toBeUndefined();
    expect(touchedEmergency('zhongfen', forms)).toBeUndefined();
    expect(touchedEmergency('', forms)).toBeUndefined();
  });

  it('are none when the content lists none: no places.json, no emergency answer', () => {
    const { places: _none, ...rest } = content;
    const file = join(tempDir('kiosk-noplaces-'), 'content.sqlite');
    const symptoms = { ...rest.symptoms!, areas: rest.symptoms!.areas.map((a) => ({ ...a, complaints: a.complaints.filter((c) => c.departments.length) })) };
    const visitorInfo = { topics: rest.visitorInfo!.topics.map(({ place: _p, ...t }) => t) };
    buildContentDatabase(file, { ...rest, symptoms, visitorInfo }, META);
    const bare = new ContentDb(file);
    expect(bare.search('胸痛').emergency).toBeNull();
    expect(bare.search('厕所').places).toEqual([]);
    expect(bare.search('超声').groups.departments[0]!.departmentId).toBe('general-ultrasound');
    bare.close();
  });
});

const FACILITIES: [string, string[]][] = [
  ['toilets', ['厕所', '卫生间', '洗手间', 'WC', 'toilet', 'toilets', 'restroom', 'cesuo', 'weishengjian', 'xishoujian', 'wsj']],
  ['registration', ['挂号', '缴费', '挂号收费处', 'registration', 'payment', 'guahao', 'jiaofei']],
  ['pharmacy', ['药房', '取药', 'pharmacy', 'medicine', 'yaofang', 'quyao']],
  ['lifts', ['电梯', 'lift', 'lifts', 'elevator', 'dianti']],
  ['main-entrance', ['正门', '出口', 'exit', 'entrance', 'zhengmen']],
  ['information-desk', ['服务台', '咨询台', 'information', 'help desk', 'fuwutai']],
  ['report-printing', ['报告', '打印报告', 'test results', 'baogao']],
  ['cafeteria', ['餐厅', '食堂', 'canteen', 'cafeteria', 'shitang']],
  ['car-park', ['停车场', '停车', 'parking', 'car park', 'tingche']],
  ['cash-machines', ['取款机', 'ATM', 'cash machine', 'qukuanji']],
];

describe('places and facilities', () => {
  it('are found by their names and synonyms in both languages, by pinyin and initials', () => {
    for (const [id, queries] of FACILITIES) {
      for (const q of queries)
        expect(
          search(q, /[a-z]/i.test(q) ? 'en' : 'zh').places.map((p) => p.placeId),
          `${id}: ${q}`,
        ).toContain(id);
    }
  });

  it('rank like every hit and mark the synonym that matched', () => {
    const r = search('厕所');
    expect(r.places[0]).toMatchObject({ placeId: 'toilets', placeKind: 'toilet', match: 'keyword', snippet: { text: '厕所' } });
    expect(search('卫生间').places[0]).toMatchObject({ placeId: 'toilets', match: 'exact' });
    expect(search('药房').places[0]!.highlight.zh).toEqual([{ start: 0, end: 2 }]);
  });

  it('are listed with their floors, the number of points and whether they are on the (sample) map', async () => {
    const out = await dispatch(kiosk, 'listPlaces', {});
    if (!out.ok) throw new Error(out.error.message);
    const list = out.value as PlaceSummary[];
    expect(list.map((p) => p.id)).toEqual(content.places!.places.map((p) => p.id));
    const toilets = list.find((p) => p.id === 'toilets')!;
    expect(toilets).toMatchObject({ points: 3, routable: true, sample: true, floors: [{ id: '1F' }, { id: '2F' }] });
    expect(list.filter((p) => p.home).map((p) => p.id)).toEqual(['emergency', 'toilets', 'registration', 'pharmacy', 'information-desk', 'report-printing']);
    // Facts the content does not give stay placeholders.
    expect(list.find((p) => p.id === 'emergency')!.hours).toEqual({ placeholder: true });
    expect(await dispatch(kiosk, 'getPlace', { id: 'nowhere' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'There is no place "nowhere" in the current content.' },
    });
    expect(await dispatch(kiosk, 'getPlace', { id: '../x' })).toMatchObject({ ok: false, error: { code: 'bad_args' } });
  });

  it('lead to the nearest of their points by walking effort, step-free by default', async () => {
    const to = async (id: string, args: object = {}) => {
      const out = await dispatch(kiosk, 'getPlaceDirections', { id, ...args });
      if (!out.ok) throw new Error(out.error.message);
      return out.value as Directions;
    };
    const toilets = await to('toilets');
    expect(toilets.route.stepFree).toBe(true);
    expect(toilets.route.to).toBe('toilets-1f-east');
    expect(toilets.route.steps.at(-1)!.text.en).toMatch(/^You have arrived at Toilets \(Floor 1\)/);
    expect((await to('emergency', { lang: 'en' })).text.split('\n')[0]).toBe('Directions to Emergency Department (step-free)');
    const w = content.wayfinding!;
    const all = ['toilets-1f-east', 'toilets-1f-west', 'toilets-2f'];
    // From elsewhere, another is nearest: the west end, or the floor the visitor is on.
    expect(nearestPoint(w, 'emergency-entrance', all, true)).toBe('toilets-1f-west');
    expect(nearestPoint(w, 'vascular-surgery', all, true)).toBe('toilets-2f');
    expect(nearestPoint(w, 'toilets-2f', all, false)).toBe('toilets-2f');
    expect(nearestPoint({ ...w, edges: [] }, 'lobby-kiosk', all, true)).toBeUndefined();
    const lifts = await to('lifts');
    expect(lifts.route.to).toBe('lift-1f');
  });
});

describe('typos', () => {
  it('find their department only when nothing matches exactly, marked fuzzy and with the corrected query', () => {
    for (const q of ['ultrasund', 'ultrasoud', 'ULTRASUND', 'ultrasnd']) {
      const r = search(q, 'en');
      expect(r.corrected, q).toBe('ultrasound');
      expect(r.groups.departments[0], q).toMatchObject({ departmentId: 'general-ultrasound', match: 'fuzzy' });
      expect(r.groups.departments[0]!.highlight.en, q).toEqual([{ start: 8, end: 18 }]);
    }
    expect(search('tuizhonh').groups.departments[0]).toMatchObject({ departmentId: 'vascular-surgery', match: 'fuzzy' });
    expect(search('varicose veinz', 'en').groups.services.map((h) => h.name.en)).toContain('Varicose veins of the legs');
    expect(search('pharmcy', 'en').places[0]).toMatchObject({ placeId: 'pharmacy', match: 'fuzzy' });
  });

  it('never stand above an exact hit: a query with exact hits gets no fuzzy ones, and tiers only go down', () => {
    // lesion and stents are found exactly through their stems, though the word lists hold lesions and stent.
    for (const q of [
      'ultrasound',
      'veins',
      'scan',
      '超声',
      '血管',
      'xueguan',
      'xgwk',
      'tuizhong',
      '腿肿',
      'vein',
      'ultra',
      'laser',
      'doppler',
      'toilet',
      'lesion',
      'stents',
      'aneurysms',
    ]) {
      const r = search(q, 'en');
      expect(r.corrected, q).toBeNull();
      for (const group of [r.places, r.groups.departments, r.groups.services, r.groups.equipment]) {
        const tiers = group.map((h) => TIER.indexOf(h.match));
        expect(tiers, q).toEqual([...tiers].sort((a, b) => a - b));
        expect(
          group.every((h) => h.match !== 'fuzzy'),
          q,
        ).toBe(true);
      }
    }
    // 腿肿 and its pinyin are the content's own lay words: exact, not corrected.
    expect(search('tuizhong').groups.departments[0]).toMatchObject({ departmentId: 'vascular-surgery', match: 'keyword' });
    expect(search('腿肿').groups.departments[0]).toMatchObject({ departmentId: 'vascular-surgery', match: 'keyword' });
  });

  it('keep to the limits: no edit under five letters, one from five, two from eight', () => {
    expect([3, 4, 5, 7, 8, 12].map(maxEdits)).toEqual([0, 0, 1, 1, 2, 2]);
    expect(editDistance('ultrasund', 'ultrasound', 2)).toBe(1);
    expect(editDistance('utlrasound', 'ultrasound', 2)).toBe(1); // two letters swapped are one edit
    expect(editDistance('ultrsnd', 'ultrasound', 2)).toBe(3); // more than the limit: limit + 1
    expect(editDistance('abc', 'abcdefgh', 1)).toBe(2);
    for (const q of ['scna', 'vien', 'lsaer'.slice(0, 4)]) expect(allHits(search(q, 'en')), q).toEqual([]); // four letters: typed right or nothing
    expect(search('veinz', 'en').groups.departments.map((h) => h.departmentId)).toContain('vascular-surgery'); // five letters, one edit
    expect(allHits(search('ultrsnd', 'en'))).toEqual([]); // seven letters, three edits
    expect(search('ultrasnd', 'en').corrected).toBe('ultrasound'); // eight letters, two edits
    expect(allHits(search('qwertyzzz', 'en'))).toEqual([]);
  });
});

describe('the candidate bar', () => {
  it("offers the content's own Chinese words for the pinyin at the end of what was typed", async () => {
    const out = await dispatch(kiosk, 'searchCandidates', { q: 'xg' });
    expect(out).toMatchObject({ ok: true, value: { pinyin: 'xg' } });
    const words = (out as { ok: true; value: { words: string[] } }).value.words;
    expect(words[0]).toBe('血管');
    expect(words).toContain('血管外科');
    expect(db.candidates('xueguan').words[0]).toBe('血管');
    expect(db.candidates('xueg').words.slice(0, 2)).toEqual(['血管', '血管外科']);
    expect(db.candidates('超声 cs').words).toEqual(expect.arrayContaining(['超声', '厕所']));
    expect(db.candidates('cesuo').words).toEqual(['厕所']);
    expect(db.candidates('超声').pinyin).toBe('');
    expect(db.candidates('qqqq').words).toEqual([]);
    expect(db.candidates('x', 3).words).toHaveLength(3);
    expect(await dispatch(kiosk, 'searchCandidates', { q: 'x'.repeat(65) })).toMatchObject({ ok: false, error: { code: 'bad_args' } });
  });
});

describe('places.json as content', () => {
  it('refuses a place on a point the map lacks, a duplicate place, and references to places that are not there', () => {
    const dir = contentCopy();
    const file = join(dir, 'places.json');
    const places = JSON.parse(readFileSync(file, 'utf8')) as { places: { id: string; points: string[] }[] };
    places.places[1]!.points.push('roof');
    places.places.push({ ...places.places[2]!, points: [] });
    writeFileSync(file, JSON.stringify(places));
    const guide = JSON.parse(readFileSync(join(dir, 'symptoms.json'), 'utf8')) as { areas: { complaints: { places?: string[]; departments: string[] }[] }[] };
    guide.areas[0]!.complaints[0]!.places = ['nowhere'];
    guide.areas[0]!.complaints[1]!.departments = [];
    writeFileSync(join(dir, 'symptoms.json'), JSON.stringify(guide));
    let problems: string[] = [];
    try {
      loadContentSource(dir);
    } catch (e) {
      problems = (e as ContentError).problems;
    }
    expect(problems).toEqual(
      expect.arrayContaining([
        'places.json: places[12].id duplicates the place "registration"',
        'symptoms.json: areas[0].complaints[1].departments must name at least one department or place',
      ]),
    );
    places.places.pop();
    writeFileSync(file, JSON.stringify(places));
    guide.areas[0]!.complaints[1]!.departments = ['vascular-surgery'];
    writeFileSync(join(dir, 'symptoms.json'), JSON.stringify(guide));
    expect(() => loadContentSource(dir)).toThrow(ContentError);
    try {
      loadContentSource(dir);
    } catch (e) {
      expect((e as ContentError).problems).toEqual([
        'symptoms.json: areas[0].complaints[0].places[0] names a place "nowhere" that places.json does not list',
        'places.json: places[1].points[3] names a map point "roof" that wayfinding.json does not list',
      ]);
    }
  });

  it('is read from an older database too: one built before places still opens and searches', () => {
    const file = join(tempDir('kiosk-oldschema-'), 'content.sqlite');
    buildContentDatabase(file, content, META);
    // Undo migrations 5 and 4 by hand: the tables as version 3 had them.
    const raw = new Database(file);
    raw.exec(`DROP TABLE session_exceptions; DROP TABLE clinic_sessions; DROP TABLE doctors; ALTER TABLE search_docs DROP COLUMN doctor_id;
      DROP TABLE emergency_terms; DROP TABLE search_words; DROP TABLE search_cands;
      DELETE FROM documents WHERE name = 'places'; DELETE FROM search_docs WHERE grp = 3;
      CREATE TABLE d3 (name TEXT PRIMARY KEY CHECK (name IN ('wayfinding', 'symptoms', 'visitorInfo')), doc TEXT NOT NULL CHECK (json_valid(doc))) STRICT;
      INSERT INTO d3 SELECT name, doc FROM documents; DROP TABLE documents; ALTER TABLE d3 RENAME TO documents;
      ALTER TABLE search_docs DROP COLUMN place_kind;
      PRAGMA user_version = 3;`);
    raw.close();
    const old = new ContentDb(file);
    expect(old.connection.pragma('user_version', { simple: true })).toBe(5);
    const r = old.search('超声');
    expect(r.groups.departments[0]!.departmentId).toBe('general-ultrasound');
    expect(r.emergency).toBeNull();
    expect(old.search('胸痛').emergency).toBeNull();
    expect(old.candidates('xg').words).toEqual([]);
    old.close();
  });
});

describe('places.json in a content pack', () => {
  it('installs with the pack (places searchable, emergency words live) and a bad one is refused naming places.json', async () => {
    const A = makeKey('alice');
    const dataDir = builtInDataDir();
    trustKeys(dataDir, [A]);
    const withPlaces = (change: (doc: { emergencyTerms: string[]; places: { id: string; synonyms: string[]; points: string[] }[] }) => void) =>
      sourceFiles().map((f) => {
        if (f.name !== 'places.json') return f;
        const doc = JSON.parse((f.data as Buffer).toString('utf8')) as Parameters<typeof change>[0];
        change(doc);
        return { ...f, data: Buffer.from(JSON.stringify(doc)) };
      });
    expect(sourceFiles().map((f) => f.name)).toContain('places.json');

    const bad = await inspectPack(await craftPack({ signers: [A], version: 5, files: withPlaces((d) => void (d.places[0]!.points = ['the-moon'])) }), dataDir);
    expect(bad).toMatchObject({ ok: false, check: 'content' });
    if (!bad.ok) expect(bad.reason).toContain('places.json: places[0].points[0] names a map point "the-moon" that wayfinding.json does not list');

    const pack = await craftPack({
      signers: [A],
      version: 6,
      files: withPlaces((d) => {
        d.emergencyTerms.push('心绞痛');
        d.places.find((p) => p.id === 'toilets')!.synonyms.push('茅房');
      }),
    });
    await installPack(pack, dataDir);
    const folder = new DataFolder(dataDir);
    const live = new ContentDb(folder.path(folder.readPointer()!.active));
    try {
      expect(live.search('茅房').places[0]!.placeId).toBe('toilets');
      expect(live.search('心绞痛').emergency).toMatchObject({ term: '心绞痛' });
      expect(live.search('xinjiaotong').emergency).toMatchObject({ term: '心绞痛' });
    } finally {
      live.close();
    }
  });
});
