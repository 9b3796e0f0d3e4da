/**
 * The text rules behind search, one by one: normalisation (full-width, case, accents),
 * plurals, Han segments, pinyin, query planning (nothing typed becomes FTS5 syntax) and
 * highlights that point into the text as displayed.
 */
import { describe, expect, it } from 'vitest';
import type { TextRange } from '../../../../src/core/api/contract.js';
import { highlight, snippet } from '../../../../src/core/search/highlight.js';
import { hanGrams, normalize, normalizeWithMap, segments, stem } from '../../../../src/core/search/normalize.js';
import { syllables } from '../../../../src/core/search/pinyin.js';
import { ftsExpression, planQuery } from '../../../../src/core/search/query.js';
import { docTerms } from '../../../../src/core/search/terms.js';

const marked = (text: string, ranges: readonly TextRange[]) => ranges.map((r) => text.slice(r.start, r.end));

describe('normalisation', () => {
  it('folds case, full-width forms, accents and punctuation', () => {
    expect(normalize('  ＤＶＴ（深静脉血栓） ')).toBe('dvt 深静脉血栓');
    expect(normalize('Colour-Doppler  Ultrasound!')).toBe('colour doppler ultrasound');
    expect(normalize('Café Naïve')).toBe('cafe naive');
    expect(normalize('"; DROP TABLE x; --')).toBe('drop table x');
    expect(normalize('*()^:"')).toBe('');
  });

  it('maps every normalised character back to the displayed text', () => {
    for (const text of ['  ＤＶＴ（深静脉血栓） ', 'Colour-Doppler  Ultrasound!', '静脉血栓栓塞症（VTE）筛查', 'Café 𠀀血管', '532nm绿激光']) {
      const m = normalizeWithMap(text);
      expect(m.text).toBe(normalize(text));
      expect(m.map).toHaveLength(m.text.length + 1);
      for (let i = 1; i < m.map.length; i++) expect(m.map[i]!).toBeGreaterThanOrEqual(m.map[i - 1]!);
    }
  });

  it('stems plurals the same way for content and queries', () => {
    expect(['veins', 'arteries', 'examinations', 'processes', 'boxes', 'diseases', 'stents'].map(stem)).toEqual([
      'vein',
      'artery',
      'examination',
      'process',
      'box',
      'disease',
      'stent',
    ]);
    expect(['vein', 'artery', 'status', 'analysis', 'gas', 'ultrasound'].map(stem)).toEqual(['vein', 'artery', 'status', 'analysis', 'gas', 'ultrasound']);
  });

  it('splits Han runs from words and makes overlapping bigrams', () => {
    expect(segments('b超 vte筛查')).toEqual([
      { kind: 'word', text: 'b' },
      { kind: 'han', text: '超' },
      { kind: 'word', text: 'vte' },
      { kind: 'han', text: '筛查' },
    ]);
    expect(hanGrams('血管外科')).toEqual(['血管', '管外', '外科', '科']);
    expect(hanGrams('肺')).toEqual(['肺']);
  });
});

describe('pinyin at install time', () => {
  it('gives one toneless syllable per character, reading polyphones in context', () => {
    expect(syllables('血管外科')).toEqual(['xue', 'guan', 'wai', 'ke']);
    expect(syllables('重症')).toEqual(['zhong', 'zheng']);
    expect(syllables('绿激光')).toEqual(['lv', 'ji', 'guang']);
    expect(syllables('b超 检查')).toEqual(['b', 'chao', '', 'jian', 'cha']);
  });

  it('indexes full pinyin and initials from every character of a name', () => {
    const t = docTerms({ group: 0, name: { zh: '血管外科', en: 'Vascular Surgery' }, keywords: ['静脉曲张', 'DVT'], body: [] });
    expect(t.terms).toEqual(
      expect.arrayContaining(['0pxueguanwaike', '0pguanwaike', '0pwaike', '0ixgwk', '0igwk', '0n血管', '0n科', '0qjingmaiquzhang', '0jjmqz', '0kdvt']),
    );
    expect(t.terms).toEqual(expect.arrayContaining(['0nvascular', '0sascular', '0sscular', '0nsurgery', '0sgery']));
    expect(t.keys).toEqual(expect.arrayContaining(['血管外科', 'vascular surgery', 'xueguanwaike', 'xgwk']));
  });
});

describe('query planning', () => {
  const expand = () => null;

  it('never lets typed syntax through: every term is quoted letters and digits', () => {
    for (const q of ['"', 'AND', 'a*', 'NEAR(', "'; DROP TABLE", '(a OR b) NOT c', 'x:y', '^血管', '{a} - b', 'a"b']) {
      const plan = planQuery(q);
      for (const g of [0, 1, 2] as const) {
        for (const tier of ['name', 'keyword', 'detail'] as const) {
          const expr = ftsExpression(plan, g, tier, expand);
          if (expr === null) continue;
          const withoutTerms = expr.replace(/"[\p{L}\p{N}]+"\*?/gu, 'T');
          expect(withoutTerms, `${q} → ${expr}`).toMatch(/^[T() ]*(?:(?:AND|OR) [T() ]*)*$/);
        }
      }
    }
    expect(planQuery('"').normalized).toBe('');
  });

  it('matches two-character Chinese as one bigram term and longer runs by all their bigrams', () => {
    expect(ftsExpression(planQuery('血管'), 1, 'name', expand)).toBe('"1n血管"');
    expect(ftsExpression(planQuery('血管外科'), 0, 'name', expand)).toBe('"0n血管" AND "0n管外" AND "0n外科"');
    expect(planQuery('血管外科').verify).toEqual(['血管外科']);
    expect(ftsExpression(planQuery('血'), 2, 'keyword', expand)).toBe('"2k血"*');
  });

  it('also looks a Latin query up as pinyin, with spaces removed', () => {
    const plan = planQuery('Xue Guan');
    expect(plan.pinyin).toBe('xueguan');
    expect(ftsExpression(plan, 0, 'name', expand)).toContain('"0pxueguan"*');
    expect(ftsExpression(plan, 0, 'name', expand)).toContain('"0ixueguan"*');
    expect(planQuery('dvt 2').pinyin).toBe('');
  });

  it('expands longer prefixes to the terms the index has', () => {
    const expr = ftsExpression(planQuery('ultra'), 1, 'name', (p) => (p === '1nultra' ? ['1nultrasound'] : []));
    expect(expr).toBe('"1nultrasound"');
    expect(ftsExpression(planQuery('qwerty'), 1, 'name', () => [])).toBeNull();
  });
});

describe('highlights', () => {
  it('mark the displayed text, whatever its width or case', () => {
    expect(marked('ＤＶＴ screening', highlight('ＤＶＴ screening', planQuery('dvt')))).toEqual(['ＤＶＴ']);
    expect(marked('Colour Doppler Ultrasound', highlight('Colour Doppler Ultrasound', planQuery('ULTRA')))).toEqual(['Ultra']);
    expect(marked('静脉血栓栓塞症（VTE）筛查', highlight('静脉血栓栓塞症（VTE）筛查', planQuery('vte 筛查')))).toEqual(['VTE）筛查']);
    expect(marked('静脉血栓栓塞症（VTE）筛查', highlight('静脉血栓栓塞症（VTE）筛查', planQuery('筛查 vte')))).toEqual(['VTE', '筛查']);
    expect(marked('Carotid artery disease', highlight('Carotid artery disease', planQuery('arteries')))).toEqual(['artery']);
    expect(marked('Blocked leg arteries', highlight('Blocked leg arteries', planQuery('artery')))).toEqual(['arteries']);
  });

  it('mark Chinese characters found by pinyin, initials or a partly typed syllable', () => {
    const syl = syllables('综合超声科');
    expect(marked('综合超声科', highlight('综合超声科', planQuery('chaosheng'), syl))).toEqual(['超声']);
    expect(marked('综合超声科', highlight('综合超声科', planQuery('chaosh'), syl))).toEqual(['超声']);
    expect(marked('综合超声科', highlight('综合超声科', planQuery('csk'), syl))).toEqual(['超声科']);
    expect(highlight('综合超声科', planQuery('qwerty'), syl)).toEqual([]);
  });

  it('cut a short excerpt around the first match of a long text', () => {
    const text = 'Complex lesions are treated with peripheral stents, atherectomy systems, thrombectomy systems, drug-coated balloons and cutting balloons.';
    const s = snippet(text, planQuery('balloons'))!;
    expect(s.text.startsWith('…')).toBe(true);
    expect(s.text.length).toBeLessThan(text.length);
    expect(marked(s.text, s.highlight)[0]).toBe('balloons');
    expect(snippet(text, planQuery('zebra'))).toBeUndefined();
  });
});
