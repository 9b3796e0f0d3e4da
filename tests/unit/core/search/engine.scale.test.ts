/**
 * Search over a synthetic hospital of 2,000 departments (about 30,000 searchable things): the
 * results must stay exactly what a plain scan of every name, keyword and summary would rank,
 * including things listed last, and an index missing from an older database is rebuilt.
 * No timing here: speed is measured by the benchmarks, not asserted by tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentDb, buildContentDatabase } from '../../../../db/store.js';
import type { SearchHit } from '../../../../src/core/api/contract.js';
import { Content, type DepartmentInput } from '../../../../src/core/content/schema.js';

const AREAS = [
  '心脏',
  '神经',
  '消化',
  '呼吸',
  '肾脏',
  '内分泌',
  '血液',
  '骨科',
  '眼科',
  '口腔',
  '皮肤',
  '乳腺',
  '血管',
  '超声',
  '影像',
  '肝胆',
  '泌尿',
  '儿童',
  '肿瘤',
  '康复',
];
const AREAS_EN = [
  'Cardiac',
  'Neuro',
  'Digestive',
  'Respiratory',
  'Renal',
  'Endocrine',
  'Blood',
  'Bone',
  'Eye',
  'Dental',
  'Skin',
  'Breast',
  'Vascular',
  'Ultrasound',
  'Imaging',
  'Liver',
  'Urology',
  "Children's",
  'Oncology',
  'Rehabilitation',
];
const KINDS = ['内科', '外科', '门诊', '中心', '病区'];
const KINDS_EN = ['Medicine', 'Surgery', 'Clinic', 'Centre', 'Ward'];
const SERVICES = [
  '超声检查',
  '血管造影',
  '介入治疗',
  '微创手术',
  '激光治疗',
  '内镜检查',
  '康复训练',
  '健康体检',
  '静脉曲张治疗',
  '血栓筛查',
  '心电图',
  '骨密度测定',
];
const SERVICES_EN = [
  'ultrasound scan',
  'angiography',
  'interventional treatment',
  'keyhole surgery',
  'laser treatment',
  'endoscopy',
  'rehabilitation',
  'health check',
  'varicose vein treatment',
  'clot screening',
  'ECG',
  'bone density scan',
];
const KEYWORDS = ['腿肿', '胸闷', '头晕', '咳嗽', '腹痛', '血管彩超'];
const N = 2000;

function department(i: number): DepartmentInput {
  const a = (i * 7) % AREAS.length;
  const k = (i * 3) % KINDS.length;
  const lt = (zh: string, en: string) => ({ zh, en });
  const special = i === N - 1;
  return {
    id: `dept-${String(i).padStart(4, '0')}`,
    // One department, listed last, is named exactly 血管 and carries unique words.
    name: special ? lt('血管', 'Vessels') : lt(`${AREAS[a]}${KINDS[k]}${i}`, `${AREAS_EN[a]} ${KINDS_EN[k]} ${i}`),
    category: lt(KINDS[k]!, KINDS_EN[k]!),
    summary: lt(`${AREAS[a]}${KINDS[k]}提供诊疗服务，编号${i}。`, `${AREAS_EN[a]} ${KINDS_EN[k]} number ${i} offers care.`),
    description: [lt('合成科室。', 'A synthetic department.')],
    services: Array.from({ length: 12 }, (_, j) => {
      const s = (i + j * 5) % SERVICES.length;
      return {
        name: lt(`${SERVICES[s]}${j + 1}`, `${SERVICES_EN[s]} ${j + 1}`),
        keywords: special && j === 11 ? ['zebrafish', '斑马鱼'] : [KEYWORDS[(i + j) % KEYWORDS.length]!],
      };
    }),
    equipment: Array.from({ length: 3 }, (_, j) => ({ name: lt(`彩色多普勒超声仪${j + 1}`, `colour Doppler ultrasound unit ${j + 1}`) })),
    location: { building: { placeholder: true }, floor: { placeholder: true }, room: { placeholder: true } },
    hours: { placeholder: true },
    phone: { placeholder: true },
    keywords: { zh: [KEYWORDS[i % KEYWORDS.length]!], en: [] },
  };
}

const content = Content.parse({
  hospital: {
    name: { zh: '合成医院', en: 'Synthetic Hospital' },
    city: { zh: '长春', en: 'Changchun' },
    address: { placeholder: true },
    phone: { placeholder: true },
    emergency: { zh: '急诊', en: 'Emergency' },
    welcome: { zh: '欢迎', en: 'Welcome' },
  },
  departments: Array.from({ length: N }, (_, i) => department(i)),
});

let dir: string;
let file: string;
let db: ContentDb;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-search-scale-'));
  file = join(dir, 'content.sqlite');
  buildContentDatabase(file, content, { version: 1, packId: 'synthetic', builtIn: false, createdAt: '2026-01-01T00:00:00.000Z', expires: null, signers: [] });
  db = new ContentDb(file);
}, 120_000);

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Scanned {
  id: string;
  name: string;
  keywords: string[];
  detail: string;
}

/**
 * The ranking a plain scan gives for a Chinese query: exact name, then names starting with it
 * (by name, then content order), then names containing it, then keywords, then the detail or
 * summary; content order within each.
 */
function scan(things: readonly Scanned[], q: string, limit: number): string[] {
  const exact = things.filter((t) => t.name === q);
  const prefix = things.filter((t) => t.name !== q && t.name.startsWith(q)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const used = new Set([...exact, ...prefix]);
  const rest = (f: (t: Scanned) => boolean) => {
    const out = things.filter((t) => !used.has(t) && f(t));
    out.forEach((t) => used.add(t));
    return out;
  };
  const name = rest((t) => t.name.includes(q));
  const keyword = rest((t) => t.keywords.some((k) => k.includes(q)));
  const detail = rest((t) => t.detail.includes(q));
  return [...exact, ...prefix, ...name, ...keyword, ...detail].slice(0, limit).map((t) => t.id);
}

const departments: Scanned[] = content.departments.map((d) => ({
  id: d.id,
  name: d.name.zh,
  keywords: [...d.keywords.zh, ...d.keywords.en, d.category.zh, d.category.en],
  detail: d.summary.zh,
}));
const services: Scanned[] = content.departments.flatMap((d) =>
  d.services.map((s, j) => ({ id: `${d.id}/${j}`, name: s.name.zh, keywords: s.keywords, detail: '' })),
);

const ids = (hits: readonly SearchHit[]) => hits.map((h) => h.departmentId);

describe('search over 2,000 departments', () => {
  it('ranks departments exactly as a full scan would, for short and long Chinese queries', () => {
    for (const q of ['血管', '超声', '血', '科', '心脏内科', '外科1', '腿肿', '服务', '编号1999', '眼科门诊', '肿瘤中心19']) {
      const r = db.search(q, 'zh', 50);
      const exact = r.groups.departments.filter((h) => h.match !== 'fuzzy');
      expect(ids(exact), q).toEqual(scan(departments, q, 50));
      // Where nothing matches, the hits are the query's parts (肿瘤中心19 → 肿瘤中心): every one a guess, and said to be.
      if (!exact.length && r.groups.departments.length) {
        expect(
          r.groups.departments.every((h) => h.match === 'fuzzy'),
          q,
        ).toBe(true);
        expect(r.corrected, q).not.toBeNull();
      }
    }
  });

  it('puts the one department named exactly 血管 first, although it is listed last', () => {
    const first = db.search('血管', 'zh', 20).groups.departments[0]!;
    expect(first).toMatchObject({ departmentId: `dept-${N - 1}`, match: 'exact' });
    expect(db.search('vessels', 'en').groups.departments[0]).toMatchObject({ departmentId: `dept-${N - 1}`, match: 'exact' });
    expect(db.search('xueguan').groups.departments[0]).toMatchObject({ departmentId: `dept-${N - 1}`, match: 'exact' });
  });

  it('ranks services exactly as a full scan would', () => {
    for (const q of ['静脉曲张', '心电图', '胸闷', '骨密度', '治疗', '检查1', '血', '斑马']) {
      const got = db.search(q, 'zh', 50).groups.services.map((h) => `${h.departmentId}/${h.index}`);
      expect(got, q).toEqual(scan(services, q, 50));
    }
  });

  it('finds a keyword that only the last department has, in both scripts', () => {
    for (const q of ['zebrafish', 'zebra', '斑马鱼', 'banmayu', 'bmy']) {
      const hits = db.search(q, 'en').groups.services;
      expect(
        hits.map((h) => `${h.departmentId}/${h.index}`),
        q,
      ).toEqual([`dept-${N - 1}/11`]);
      expect(hits[0]!.match, q).toBe('keyword');
    }
  });

  it('finds a department by a number in its name, by pinyin and by English words', () => {
    const name = content.departments[1234]!.name;
    expect(db.search(name.zh).groups.departments[0]).toMatchObject({ departmentId: 'dept-1234', match: 'exact' });
    expect(db.search(name.en.toUpperCase(), 'en').groups.departments[0]).toMatchObject({ departmentId: 'dept-1234', match: 'exact' });
    const words = name.en.split(' ');
    expect(ids(db.search(`${words[0]} 1234`, 'en').groups.departments)).toEqual(['dept-1234']);
  });

  it('keeps every group full and within its limit for common queries', () => {
    for (const q of ['超声', 'ultrasound', 'chaosheng', 'cs', '1', 'c']) {
      const r = db.search(q, 'zh', 20);
      for (const g of [r.groups.departments, r.groups.services, r.groups.equipment]) expect(g.length, q).toBe(20);
    }
  });
});
