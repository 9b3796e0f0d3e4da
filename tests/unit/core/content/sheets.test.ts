/**
 * The cells of the content sheets: what the plain form cannot hold goes as JSON and comes back the
 * same; a text that would read as "#TBC" is refused at export rather than turned into a placeholder;
 * a placeholder with a note keeps its note; an editor's blank lines and Windows line ends are read.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SheetError, canonicalSource, sourceToTables, tablesToFiles, type Table } from '../../../../src/core/content/sheets.js';
import { contentCopy } from '../../helpers.js';

const edit = (dir: string, rel: string, change: (doc: Record<string, unknown>) => void) => {
  const file = join(dir, rel);
  const doc = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  change(doc);
  writeFileSync(file, JSON.stringify(doc));
};
const sheet = (tables: Table[], name: string) => tables.find((t) => t.name === name)!;
const cell = (t: Table, row: number, column: string) => t.rows[row]![t.header.indexOf(column)]!;
const roundTrip = (dir: string) => {
  const back = tablesToFiles(sourceToTables(dir).filter((t) => t.name !== 'how to fill this in'));
  const expected = canonicalSource(dir);
  expect([...back.keys()]).toEqual([...expected.keys()]);
  for (const [rel, data] of expected) expect(back.get(rel)!.toString(), rel).toBe(data.toString());
};

describe('content sheets', () => {
  it('carries a keyword of two lines, a paragraph with an empty line and hours with periods as JSON, and reads them back the same', () => {
    const dir = contentCopy();
    edit(dir, 'departments/vascular-surgery.json', (d) => {
      d.keywords = { zh: ['静脉\n曲张', '[括号]'], en: ['DVT'] };
      (d.description as { zh: string; en: string }[])[0]!.zh = '第一段。\n\n仍是第一段。';
      d.hours = [{ days: { zh: '周一至周五', en: 'Mon–Fri' }, time: '08:00–17:00', weekly: [{ weekdays: [1, 2, 3, 4, 5], from: '08:00', to: '17:00' }] }];
      d.phone = { placeholder: true, note: { zh: '电话待公布', en: 'Number to follow' } };
    });
    const deps = sheet(sourceToTables(dir), 'departments');
    const row = deps.rows.findIndex((r) => r[0] === 'vascular-surgery');
    expect(cell(deps, row, 'keywords (zh)')).toBe('["静脉\\n曲张","[括号]"]');
    expect(cell(deps, row, 'keywords (en)')).toBe('DVT');
    expect(cell(deps, row, 'description (zh)').startsWith('[{')).toBe(true);
    expect(cell(deps, row, 'description (en)')).toBe('');
    expect(cell(deps, row, 'hours').startsWith('[{')).toBe(true);
    expect(cell(deps, row, 'phone')).toBe('#TBC: 电话待公布 | Number to follow');
    roundTrip(dir);
  });

  it('writes plain cells where it can: one keyword per line, paragraphs apart by an empty line, hours as days | days | time', () => {
    const dir = contentCopy();
    edit(dir, 'departments/vascular-surgery.json', (d) => {
      d.hours = [
        { days: { zh: '周一至周五', en: 'Mon–Fri' }, time: '08:00–17:00' },
        { days: { zh: '周六', en: 'Sat' }, time: '08:00–12:00' },
      ];
    });
    const deps = sheet(sourceToTables(dir), 'departments');
    const row = deps.rows.findIndex((r) => r[0] === 'vascular-surgery');
    expect(cell(deps, row, 'hours')).toBe('周一至周五 | Mon–Fri | 08:00–17:00\n周六 | Sat | 08:00–12:00');
    expect(cell(deps, row, 'keywords (zh)').split('\n').length).toBeGreaterThan(1);
    expect(cell(deps, row, 'description (zh)')).toContain('\n\n');
    roundTrip(dir);
  });

  it('refuses at export a real text that starts with #TBC, rather than let it come back as "not known yet"', () => {
    const dir = contentCopy();
    edit(dir, 'departments/vascular-surgery.json', (d) => {
      (d.location as Record<string, unknown>).room = { zh: '#TBC室', en: 'Room #TBC' };
    });
    expect(() => sourceToTables(dir)).toThrow(SheetError);
    expect(() => sourceToTables(dir)).toThrow(/department vascular-surgery: the text "#TBC室" starts with #TBC/);
  });

  it("reads an editor's blank rows, blank lines in a list and Windows line ends, and a placeholder in one language only is a problem", () => {
    const tables = sourceToTables('resources/content').filter((t) => t.name !== 'how to fill this in');
    const deps = sheet(tables, 'departments');
    const k = deps.header.indexOf('keywords (zh)');
    deps.rows[0]![k] = deps.rows[0]![k]!.split('\n').join('\r\n\r\n');
    deps.rows.splice(
      1,
      0,
      deps.header.map(() => ''),
    );
    const files = tablesToFiles(tables);
    expect(files.get('departments/general-ultrasound.json')!.equals(canonicalSource('resources/content').get('departments/general-ultrasound.json')!)).toBe(
      true,
    );

    const f = deps.header.indexOf('building (en)');
    deps.rows[0]![f] = 'Outpatient Building';
    expect(() => tablesToFiles(tables)).toThrow(
      'Sheet "departments", row 2, column K (building (en)): must also be #TBC when the other language is (a fact not known yet is not known in either language).',
    );
  });
});
