/**
 * `kiosk content export` and `kiosk content import`: the spreadsheet round trip gives back the
 * source folder byte for byte (in the canonical JSON form), as a workbook and as CSV files, on the
 * built-in content and on 500 generated departments with 3,000 doctors; a workbook with one bad
 * cell in each sheet is refused naming every sheet, row and column, and nothing is written; the
 * target folder is never a link or someone else's folder; oversized input is refused in a sentence.
 */
import ExcelJS from 'exceljs';
import yazl from 'yazl';
import { createWriteStream, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../../src/cli/kiosk.js';
import { canonicalSource, formatJson, MAX_CELL_CHARS, MAX_SHEET_ROWS } from '../../../../src/core/content/sheets.js';
import { MARKER } from '../../../../src/core/content/source-folder.js';
import { writeSyntheticSource } from '../../../../bench/generate.js';
import { writeDoctors } from '../../../fixtures/doctors.js';
import { contentCopy, tempDir } from '../../helpers.js';

let out: string[];
let err: string[];
beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
});
afterEach(() => vi.restoreAllMocks());

/** Every file under `dir` by relative path (the folder's own marker left out), as bytes. */
function tree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name !== MARKER) files.set(relative(dir, full), readFileSync(full));
    }
  };
  walk(dir);
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Equal maps of files, naming the first file that differs. */
function expectSameFiles(actual: Map<string, Buffer>, expected: Map<string, Buffer>): void {
  expect([...actual.keys()]).toEqual([...expected.keys()]);
  for (const [rel, data] of expected) expect(actual.get(rel)!.equals(data), rel).toBe(true);
}

/** A copy of the built-in content with the test doctors, so every sheet has rows. */
function builtInWithDoctors(): string {
  const src = contentCopy();
  writeDoctors(src);
  return src;
}

describe('kiosk content export and import', () => {
  it('gives back the built-in content byte for byte through a workbook, and says what it wrote', async () => {
    const src = 'resources/content';
    const book = join(tempDir('kiosk-xlsx-'), 'content.xlsx');
    expect(await main(['content', 'export', src, '--out', book])).toBe(0);
    expect(out[0]).toMatch(/^Wrote .*content\.xlsx: 12 sheets, \d+ rows\.$/);
    const target = join(tempDir('kiosk-import-'), 'source');
    expect(await main(['content', 'import', book, '--out', target])).toBe(0);
    expect(out[1]).toMatch(/^Wrote the content source .*: 9 files, 2 departments\.$/);
    expectSameFiles(tree(target), canonicalSource(src));
    expect(existsSync(join(target, MARKER))).toBe(true);
    // The departments and the hospital are already canonical in the repository: byte for byte with no formatting at all.
    for (const f of ['hospital.json', 'departments/vascular-surgery.json', 'departments/general-ultrasound.json'])
      expect(readFileSync(join(target, f)).equals(readFileSync(join(src, f))), f).toBe(true);
  });

  it('keeps the placeholders as #TBC cells, not empty ones, and the doctors and sessions as rows', async () => {
    const book = join(tempDir('kiosk-xlsx-'), 'content.xlsx');
    expect(await main(['content', 'export', builtInWithDoctors(), '--out', book])).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(book);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'how to fill this in',
      'hospital',
      'departments',
      'services',
      'subspecialties',
      'equipment',
      'places',
      'emergency words',
      'doctors',
      'sessions',
      'visitor information',
      'files',
    ]);
    const deps = wb.getWorksheet('departments')!;
    const header = (deps.getRow(1).values as string[]).slice(1);
    const vascular = deps.getRow(3);
    expect(vascular.getCell(1).value).toBe('vascular-surgery');
    expect(vascular.getCell(header.indexOf('floor') + 1).value).toBe('#TBC');
    expect(vascular.getCell(header.indexOf('building (en)') + 1).value).toBe('#TBC');
    const sessions = wb.getWorksheet('sessions')!;
    expect((sessions.getRow(2).values as string[]).slice(1, 7)).toEqual(['wang-jianhua', '1', '', 'morning', '', 'expert']);
    expect((sessions.getRow(6).values as string[]).slice(1, 6)).toEqual(['li-xiuying', '', '2026-01-05', 'afternoon', 'cancelled']);
    const guide = wb.getWorksheet('how to fill this in')!;
    expect(String(guide.getRow(4).getCell(2).value)).toContain('#TBC');
    expect(String(guide.getRow(4).getCell(1).value)).toContain('#TBC');
  });

  it('gives back a content source with doctors through CSV files too, one per sheet', async () => {
    const src = builtInWithDoctors();
    const csv = join(tempDir('kiosk-csv-'), 'sheets');
    expect(await main(['content', 'export', src, '--csv', csv])).toBe(0);
    expect(readdirSync(csv).filter((f) => f.endsWith('.csv'))).toHaveLength(12);
    expect(readFileSync(join(csv, 'doctors.csv'), 'utf8').startsWith('\uFEFFid,department,name (zh)')).toBe(true);
    const target = join(tempDir('kiosk-import-'), 'source');
    expect(await main(['content', 'import', '--csv', csv, '--out', target])).toBe(0);
    expectSameFiles(tree(target), canonicalSource(src));
  });

  it('gives back 500 generated departments with 3,000 doctors, their sessions and two 3 MB photos', { timeout: 300_000 }, async () => {
    const src = writeSyntheticSource(join(tempDir('kiosk-gen-'), 'source'), {
      departments: 500,
      rowsPerDepartment: 10,
      doctors: 3000,
      photos: 2,
      photoBytes: 3_000_000,
    });
    const book = join(tempDir('kiosk-xlsx-'), 'content.xlsx');
    expect(await main(['content', 'export', src, '--out', book])).toBe(0);
    const target = join(tempDir('kiosk-import-'), 'source');
    expect(await main(['content', 'import', book, '--out', target])).toBe(0);
    const expected = canonicalSource(src);
    expect(JSON.parse(expected.get('doctors.json')!.toString()).doctors).toHaveLength(3000);
    expectSameFiles(tree(target), expected);
  });

  it('replaces a folder an earlier import wrote, whole', async () => {
    const book = join(tempDir('kiosk-xlsx-'), 'content.xlsx');
    expect(await main(['content', 'export', 'resources/content', '--out', book])).toBe(0);
    const target = join(tempDir('kiosk-import-'), 'source');
    expect(await main(['content', 'import', book, '--out', target])).toBe(0);
    writeFileSync(join(target, 'departments', 'stale.json'), '{}');
    expect(await main(['content', 'import', book, '--out', target])).toBe(0);
    expect(existsSync(join(target, 'departments', 'stale.json'))).toBe(false);
    expect(readdirSync(join(target, '..'))).toEqual(['source']); // nothing left beside it
  });
});

describe('a workbook with one bad cell in each sheet', () => {
  it('is refused naming every sheet, row and column and what is wrong, and nothing is written', async () => {
    const book = join(tempDir('kiosk-xlsx-'), 'content.xlsx');
    expect(await main(['content', 'export', builtInWithDoctors(), '--out', book])).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(book);
    const set = (sheet: string, row: number, col: string, value: string) => {
      wb.getWorksheet(sheet)!.getCell(`${col}${row}`).value = value;
    };
    set('hospital', 2, 'C', '');
    set('departments', 3, 'C', '   ');
    set('services', 2, 'F', 'many');
    set('subspecialties', 2, 'B', '');
    set('equipment', 3, 'F', '-2');
    set('places', 2, 'B', 'spaceport');
    set('emergency words', 2, 'A', 'x'.repeat(600));
    set('doctors', 2, 'C', '');
    set('sessions', 2, 'B', '8');
    set('visitor information', 2, 'C', '');
    const files = wb.getWorksheet('files')!;
    let wayfindingRow = 0;
    files.eachRow((row, n) => {
      if (row.getCell(1).value === 'wayfinding.json' && !wayfindingRow) wayfindingRow = n;
    });
    set('files', wayfindingRow, 'D', '{ not json');
    await wb.xlsx.writeFile(book);

    // The target holds an earlier import: it must come out of this unchanged.
    const target = join(tempDir('kiosk-import-'), 'source');
    const good = join(tempDir('kiosk-xlsx-'), 'good.xlsx');
    expect(await main(['content', 'export', 'resources/content', '--out', good])).toBe(0);
    expect(await main(['content', 'import', good, '--out', target])).toBe(0);
    const before = tree(target);

    expect(await main(['content', 'import', book, '--out', target])).toBe(1);
    const text = err.join('\n');
    expect(text).toMatch(/^kiosk content: The sheets are not valid content; nothing was written:/);
    for (const line of [
      'Sheet "hospital", row 2, column C (en): name.en must not be empty',
      'Sheet "departments", row 3, column C (name (en)): name.en must not be empty',
      'Sheet "services", row 2, column F (count): "many" is not a number.',
      'Sheet "subspecialties", row 2, column B (name (zh)): subspecialties[0].name.zh must not be empty',
      'Sheet "equipment", row 3, column F (count): equipment[1].count',
      'Sheet "places", row 2, column B (kind): places[0].kind',
      'Sheet "emergency words", row 2, column A (word): emergencyTerms[0] must be at most 500 characters',
      'Sheet "doctors", row 2, column C (name (zh)): doctors[0].name.zh must not be empty',
      'Sheet "sessions", row 2, column B (weekday): sessions[0].weekday must be a weekday from 1 (Monday) to 7 (Sunday)',
      'Sheet "visitor information", row 2, column C (title (en)): topics[0].title.en must not be empty',
      `Sheet "files", row ${wayfindingRow}, column D (data): wayfinding.json is not valid JSON`,
    ])
      expect(text).toContain(line);
    // In the workbook's order: sheet by sheet, row by row.
    expect(err[0]!.split('\n')[1]).toMatch(/^ {2}Sheet "hospital", row 2/);
    expectSameFiles(tree(target), before);
    expect(readdirSync(join(target, '..'))).toEqual(['source']);

    // A target that does not exist yet is not created either.
    const fresh = join(tempDir('kiosk-import-'), 'new-source');
    expect(await main(['content', 'import', book, '--out', fresh])).toBe(1);
    expect(existsSync(fresh)).toBe(false);
    expect(readdirSync(join(fresh, '..'))).toEqual([]);
  });

  it('says which reference is wrong, by cell: a session of a doctor not listed, a doctor of a department not listed', async () => {
    const csv = join(tempDir('kiosk-csv-'), 'sheets');
    expect(await main(['content', 'export', builtInWithDoctors(), '--csv', csv])).toBe(0);
    const sessionsCsv = join(csv, 'sessions.csv');
    const sessions = readFileSync(sessionsCsv, 'utf8');
    writeFileSync(sessionsCsv, sessions.replace('\r\nli-xiuying,2,', '\r\ndr-nobody,2,'));
    const target = join(tempDir('kiosk-import-'), 'source');
    expect(await main(['content', 'import', '--csv', csv, '--out', target])).toBe(1);
    expect(err.join('\n')).toContain('Sheet "sessions", row 4, column A (doctor): sessions[2].doctor names a doctor "dr-nobody" that doctors does not list');
    writeFileSync(sessionsCsv, sessions);
    const doctorsCsv = join(csv, 'doctors.csv');
    writeFileSync(doctorsCsv, readFileSync(doctorsCsv, 'utf8').replace('chen-xiaodong,general-ultrasound,', 'chen-xiaodong,cardiology,'));
    err = [];
    expect(await main(['content', 'import', '--csv', csv, '--out', target])).toBe(1);
    expect(err.join('\n')).toContain(
      'Sheet "doctors", row 4, column B (department): doctors[2].department names a department "cardiology" that is not in the content',
    );
    expect(existsSync(target)).toBe(false);
  });

  it('refuses a formula, a sheet it does not know and a missing column, each by name', async () => {
    const book = join(tempDir('kiosk-xlsx-'), 'content.xlsx');
    expect(await main(['content', 'export', 'resources/content', '--out', book])).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(book);
    wb.getWorksheet('services')!.getCell('F2').value = { formula: '1+1', result: 2 };
    await wb.xlsx.writeFile(book);
    expect(await main(['content', 'import', book, '--out', join(tempDir('kiosk-import-'), 's')])).toBe(1);
    expect(err.join('\n')).toContain('Sheet "services", row 2, column F (count): holds a formula; type the value itself (formulas are not read).');

    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.readFile(book);
    wb2.getWorksheet('services')!.getCell('F2').value = '2';
    wb2.addWorksheet('Doctors (old)').addRow(['id']);
    wb2.getWorksheet('places')!.spliceColumns(2, 1);
    await wb2.xlsx.writeFile(book);
    err = [];
    expect(await main(['content', 'import', book, '--out', join(tempDir('kiosk-import-'), 's')])).toBe(1);
    expect(err.join('\n')).toContain('Sheet "Doctors (old)": is not a sheet the content has');
    expect(err.join('\n')).toContain('Sheet "places", row 1: the column "kind" is missing.');
  });
});

describe('where import writes', () => {
  let book: string;
  beforeEach(async () => {
    book = join(tempDir('kiosk-xlsx-'), 'content.xlsx');
    expect(await main(['content', 'export', 'resources/content', '--out', book])).toBe(0);
    err = [];
  });

  it('refuses a target that is a symbolic link, even to an empty folder, and leaves both as they are', async () => {
    const base = tempDir('kiosk-link-');
    mkdirSync(join(base, 'real'));
    symlinkSync(join(base, 'real'), join(base, 'link'));
    expect(await main(['content', 'import', book, '--out', join(base, 'link')])).toBe(1);
    expect(err[0]).toMatch(/link was not written: it is a symbolic link; name the real folder\.$/);
    expect(lstatSync(join(base, 'link')).isSymbolicLink()).toBe(true);
    expect(readdirSync(join(base, 'real'))).toEqual([]);
    expect(readdirSync(base).sort()).toEqual(['link', 'real']);
  });

  it("refuses a folder with someone else's files in it, and touches none of them", async () => {
    const target = tempDir('kiosk-theirs-');
    writeFileSync(join(target, 'notes.txt'), 'mine');
    expect(await main(['content', 'import', book, '--out', target])).toBe(1);
    expect(err[0]).toMatch(/was not written: it is a folder with other files in it, not one this command made; name a new or empty folder\.$/);
    expect(readdirSync(target)).toEqual(['notes.txt']);
  });

  it('writes into an empty folder, and refuses a workbook out path that is a link', async () => {
    const target = tempDir('kiosk-empty-');
    expect(await main(['content', 'import', book, '--out', target])).toBe(0);
    expect(statSync(join(target, 'hospital.json')).isFile()).toBe(true);
    const base = tempDir('kiosk-outlink-');
    writeFileSync(join(base, 'victim.xlsx'), 'keep');
    symlinkSync(join(base, 'victim.xlsx'), join(base, 'out.xlsx'));
    expect(await main(['content', 'export', 'resources/content', '--out', join(base, 'out.xlsx')])).toBe(1);
    expect(err.at(-1)).toMatch(/out\.xlsx is already there as a symbolic link/);
    expect(readFileSync(join(base, 'victim.xlsx'), 'utf8')).toBe('keep');
  });
});

describe('oversized input', () => {
  it('refuses a CSV cell over the cell size and a sheet over the row cap, in a sentence', async () => {
    const csv = join(tempDir('kiosk-csv-'), 'sheets');
    expect(await main(['content', 'export', 'resources/content', '--csv', csv])).toBe(0);
    const file = join(csv, 'emergency-words.csv');
    writeFileSync(file, `word\r\n"${'急'.repeat(MAX_CELL_CHARS + 1)}"\r\n`);
    expect(await main(['content', 'import', '--csv', csv, '--out', join(tempDir('kiosk-import-'), 's')])).toBe(1);
    expect(err.join('\n')).toContain(
      `Sheet "emergency words" (emergency-words.csv), line 2: a field of ${MAX_CELL_CHARS + 1} characters is over the cap of ${MAX_CELL_CHARS}.`,
    );
    writeFileSync(file, `word\r\n${'a\r\n'.repeat(MAX_SHEET_ROWS + 1)}`);
    err = [];
    expect(await main(['content', 'import', '--csv', csv, '--out', join(tempDir('kiosk-import-'), 's')])).toBe(1);
    expect(err.join('\n')).toContain(`Sheet "emergency words" (emergency-words.csv): has more than ${MAX_SHEET_ROWS} rows, over the cap.`);
  });

  it('refuses a workbook whose parts inflate like a zip bomb before opening it', async () => {
    const book = join(tempDir('kiosk-bomb-'), 'bomb.xlsx');
    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.alloc(64 * 1024 * 1024), 'xl/worksheets/sheet1.xml');
    await new Promise<void>((resolve) => {
      zip.outputStream.pipe(createWriteStream(book)).on('close', () => resolve());
      zip.end();
    });
    expect(await main(['content', 'import', book, '--out', join(tempDir('kiosk-import-'), 's')])).toBe(1);
    expect(err.join('\n')).toMatch(/bomb\.xlsx: its part xl\/worksheets\/sheet1\.xml inflates \d+ times over, like a zip bomb; it is not read\./);
  });

  it('refuses a file that is not a workbook in a sentence', async () => {
    const book = join(tempDir('kiosk-notxlsx-'), 'content.xlsx');
    writeFileSync(book, formatJson({ not: 'a workbook' }));
    expect(await main(['content', 'import', book, '--out', join(tempDir('kiosk-import-'), 's')])).toBe(1);
    expect(err.join('\n')).toMatch(/content\.xlsx: is not an Excel workbook \(\.xlsx\)/);
  });
});
