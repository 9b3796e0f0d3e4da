/**
 * A visitor types what they would say ("上厕所", "看报告", "get medicine"), and the content's word is
 * inside it. When neither the query nor a correction finds anything, its parts are searched,
 * longest first, and the screen says which part it shows; an exact hit is never replaced by a part.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentDb, buildContentDatabase } from '../../../../db/store.js';
import type { SearchResult } from '../../../../src/core/api/contract.js';
import { loadContentSource } from '../../../../src/core/content/source.js';
import { queryParts } from '../../../../src/core/search/engine.js';
import { planQuery } from '../../../../src/core/search/query.js';
import { cleanTempDirs } from '../../../fixtures/packs/helpers.js';
import { tempDir } from '../../helpers.js';

const META = { version: 0, packId: 'built-in', builtIn: true, createdAt: '2026-01-01T00:00:00.000Z', expires: null, signers: [] };
let db: ContentDb;

beforeAll(() => {
  const file = join(tempDir('kiosk-parts-'), 'content.sqlite');
  buildContentDatabase(file, loadContentSource('resources/content'), META);
  db = new ContentDb(file);
});

afterAll(() => {
  db.close();
  cleanTempDirs();
});

const search = (q: string, lang: 'zh' | 'en' = 'zh'): SearchResult => db.search(q, lang);

describe('the parts of a query that finds nothing', () => {
  it('are the words of several, and the shorter Chinese runs inside one, longest first', () => {
    expect(queryParts(planQuery('上厕所'))).toEqual(['上厕', '厕所']);
    expect(queryParts(planQuery('我要看报告'))).toEqual(['我要看报', '要看报告', '我要看', '要看报', '看报告', '我要', '要看', '看报', '报告']);
    expect(queryParts(planQuery('get medicine'))).toEqual(['medicine', 'get']);
    // One short word, or a sentence too long to guess at, has no parts.
    expect(queryParts(planQuery('厕所'))).toEqual([]);
    expect(queryParts(planQuery('ultrasound'))).toEqual([]);
    expect(queryParts(planQuery('请问一下这里的卫生间厕所在哪里'))).toEqual([]);
  });

  it.each([
    ['上厕所', 'zh', 'toilets', '厕所'],
    ['看报告', 'zh', 'report-printing', '报告'],
    ['get medicine', 'en', 'pharmacy', 'medicine'],
  ] as const)('find the place a visitor meant: %s', (q, lang, place, part) => {
    const r = search(q, lang);
    expect(r.places[0]?.placeId).toBe(place);
    expect(r.corrected).toBe(part);
  });

  it('find a department inside a name the visitor half remembers (血管科 → Vascular Surgery)', () => {
    const r = search('血管科');
    expect(r.groups.departments[0]?.departmentId).toBe('vascular-surgery');
    expect(r.groups.departments[0]?.match).toBe('fuzzy');
    expect(r.corrected).toBe('血管');
  });

  it('never stand in for a query that finds something itself', () => {
    for (const q of ['超声', '血管外科', '厕所', 'pharmacy']) {
      const r = search(q, /[a-z]/.test(q) ? 'en' : 'zh');
      expect(r.corrected, q).toBeNull();
    }
  });

  it('leave a query with no known part without results', () => {
    const r = search('飞机场');
    expect(r.corrected).toBeNull();
    expect([...r.places, ...r.groups.departments, ...r.groups.services, ...r.groups.equipment]).toEqual([]);
  });
});
