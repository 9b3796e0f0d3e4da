/**
 * Sheets as files: an Excel workbook (exceljs) or one CSV file per sheet (RFC 4180, UTF-8 with a
 * byte-order mark so spreadsheet programs read Chinese right). Writing sets every cell as text, so
 * a spreadsheet program does not turn 0431 into 431 or a date into a number; reading turns what a
 * program may have made of a cell back into text (numbers, dates as YYYY-MM-DD, rich text, links)
 * and refuses formulas.
 *
 * Bounded: a workbook is refused before it is opened when the file, its entries or what they
 * inflate to are over the caps (a zip bomb never reaches exceljs), and a sheet over MAX_SHEET_ROWS
 * rows or a cell over MAX_CELL_CHARS characters is refused with a sentence.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { MAX_CELL_CHARS, MAX_SHEET_ROWS, SHEETS, SheetError, columnLetter, type Table } from './sheets.js';

/** A workbook file, at most (a content set with its photos fits well inside). */
export const MAX_WORKBOOK_BYTES = 256 * 1024 * 1024;
/** What its entries may inflate to, in all, and how many there may be. */
const MAX_INFLATED_BYTES = 1024 * 1024 * 1024;
const MAX_ENTRIES = 1000;
/** How far an entry may inflate beyond its compressed size (sheets of text compress well; a bomb far better). */
const MAX_RATIO = 200;
/** Columns in a sheet, at most. */
const MAX_COLUMNS = 64;

const slug = (name: string) => name.replace(/ /g, '-');
/** The CSV file of each sheet, by sheet name. */
export const CSV_NAMES: Record<string, string> = Object.fromEntries(Object.values(SHEETS).map((n) => [n, `${slug(n)}.csv`]));

// ---------------------------------------------------------------------------------------------
// Workbooks

/** A workbook of the sheets, every cell text; the header row bold and frozen. */
export async function tablesToXlsx(tables: readonly Table[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'kiosk content export';
  for (const t of tables) {
    const ws = wb.addWorksheet(t.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = t.header.map((h) => ({ header: h, key: h, width: Math.min(60, Math.max(12, h.length + 4)), style: { numFmt: '@' } }));
    ws.getRow(1).font = { bold: true };
    for (const r of t.rows) ws.addRow(r);
  }
  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}

/** Check the zip container of a workbook before anything inflates it. */
async function checkContainer(file: string, size: number): Promise<void> {
  if (size > MAX_WORKBOOK_BYTES)
    throw new SheetError([
      `${file}: ${size} bytes is over the ${MAX_WORKBOOK_BYTES}-byte cap for a workbook; split the content or leave the photos in the folder.`,
    ]);
  await new Promise<void>((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: true }, (err, zip) => {
      if (err || !zip) return reject(new SheetError([`${file}: is not an Excel workbook (.xlsx) (${err?.message ?? 'unreadable'}).`]));
      let entries = 0;
      let inflated = 0;
      const fail = (why: string) => {
        zip.close();
        reject(new SheetError([`${file}: ${why}`]));
      };
      zip.on('entry', (e: yauzl.Entry) => {
        entries++;
        inflated += e.uncompressedSize;
        if (entries > MAX_ENTRIES) return fail(`holds more than ${MAX_ENTRIES} parts; it is not a workbook this command reads.`);
        if (inflated > MAX_INFLATED_BYTES) return fail(`would inflate to more than ${MAX_INFLATED_BYTES} bytes; split the content.`);
        if (e.compressedSize > 0 && e.uncompressedSize > 1024 * 1024 && e.uncompressedSize / e.compressedSize > MAX_RATIO)
          return fail(`its part ${e.fileName} inflates ${Math.round(e.uncompressedSize / e.compressedSize)} times over, like a zip bomb; it is not read.`);
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', (e: Error) => reject(new SheetError([`${file}: is not a readable workbook (${e.message}).`])));
      zip.readEntry();
    });
  });
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** What a spreadsheet program may have made of a cell, as text. */
function cellText(v: ExcelJS.CellValue, where: () => string): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (v instanceof Date) {
    // Spreadsheet dates carry no time zone: read as the calendar day typed.
    const d = `${pad(v.getUTCFullYear(), 4)}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
    const t = v.getUTCHours() * 60 + v.getUTCMinutes();
    return t === 0 ? d : `${d} ${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}`;
  }
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((p) => p.text).join('');
    if ('formula' in v || 'sharedFormula' in v) throw new SheetError([`${where()}: holds a formula; type the value itself (formulas are not read).`]);
    if ('text' in v && 'hyperlink' in v) return typeof v.text === 'string' ? v.text : cellText(v.text as ExcelJS.CellValue, where);
    if ('error' in v) throw new SheetError([`${where()}: holds the error ${String(v.error)}; type the value itself.`]);
  }
  throw new SheetError([`${where()}: holds something that is not text.`]);
}

/** The sheets of a workbook file, every cell as text. */
export async function readXlsx(file: string): Promise<Table[]> {
  const st = statSync(file);
  if (!st.isFile()) throw new SheetError([`${file}: is not a file.`]);
  await checkContainer(file, st.size);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
  } catch (e) {
    throw new SheetError([`${file}: is not a readable Excel workbook (${(e as Error).message}).`]);
  }
  const tables: Table[] = [];
  const problems: string[] = [];
  wb.eachSheet((ws) => {
    const name = ws.name.trim();
    if (ws.rowCount > MAX_SHEET_ROWS + 1) {
      problems.push(`Sheet "${name}": has ${ws.rowCount - 1} rows, over the cap of ${MAX_SHEET_ROWS}; split the content.`);
      return;
    }
    if (ws.columnCount > MAX_COLUMNS) {
      problems.push(`Sheet "${name}": has ${ws.columnCount} columns, over the cap of ${MAX_COLUMNS}.`);
      return;
    }
    const header: string[] = [];
    const rows: string[][] = [];
    const width = ws.columnCount;
    for (let r = 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const cells: string[] = [];
      for (let c = 1; c <= width; c++) {
        const where = () => `Sheet "${name}", row ${r}, column ${columnLetter(c - 1)}${header[c - 1] ? ` (${header[c - 1]})` : ''}`;
        let text: string;
        try {
          text = cellText(row.getCell(c).value, where);
        } catch (e) {
          if (!(e instanceof SheetError)) throw e;
          problems.push(...e.problems);
          text = '';
        }
        if (text.length > MAX_CELL_CHARS) {
          problems.push(`${where()}: holds ${text.length} characters, over the ${MAX_CELL_CHARS} a spreadsheet cell holds.`);
          text = '';
        }
        cells.push(text);
      }
      if (r === 1) header.push(...cells);
      else rows.push(cells);
    }
    while (header.length && header[header.length - 1] === '' && rows.every((row) => !row[header.length - 1])) {
      header.pop();
      for (const row of rows) row.pop();
    }
    tables.push({ name, header, rows });
  });
  if (problems.length) throw new SheetError(problems.slice(0, 50));
  return tables.filter((t) => t.name !== SHEETS.guide);
}

// ---------------------------------------------------------------------------------------------
// CSV

const BOM = '\uFEFF';

function csvField(v: string): string {
  return /[",\r\n]/.test(v) || v.startsWith(' ') || v.endsWith(' ') ? `"${v.replace(/"/g, '""')}"` : v;
}

/** One sheet as CSV text (with a byte-order mark, CRLF line ends). */
export function tableToCsv(t: Table): string {
  return BOM + [t.header, ...t.rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** One CSV text as a sheet named `name`. Quoted fields may span lines; a broken quote is named by its line. */
export function csvToTable(name: string, text: string): Table {
  const src = text.startsWith(BOM) ? text.slice(1) : text;
  const records: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  let i = 0;
  const endField = () => {
    if (field.length > MAX_CELL_CHARS)
      throw new SheetError([
        `Sheet "${name}" (${CSV_NAMES[name] ?? name}), line ${startLine}: a field of ${field.length} characters is over the cap of ${MAX_CELL_CHARS}.`,
      ]);
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    records.push(row);
    row = [];
    if (records.length > MAX_SHEET_ROWS + 1)
      throw new SheetError([`Sheet "${name}" (${CSV_NAMES[name] ?? name}): has more than ${MAX_SHEET_ROWS} rows, over the cap.`]);
  };
  while (i < src.length) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (ch === '\n') line++;
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      startLine = line;
      i++;
      continue;
    }
    if (ch === ',') {
      endField();
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRow();
      if (ch === '\r' && src[i + 1] === '\n') i++;
      i++;
      line++;
      startLine = line;
      continue;
    }
    if (ch === '"')
      throw new SheetError([
        `Sheet "${name}" (${CSV_NAMES[name] ?? name}), line ${line}: a quote inside a field that does not start with one; quote the whole field and double the quote.`,
      ]);
    field += ch;
    i++;
  }
  if (quoted) throw new SheetError([`Sheet "${name}" (${CSV_NAMES[name] ?? name}), line ${startLine}: a quoted field is never closed.`]);
  if (field !== '' || row.length) endRow();
  const [header = [], ...rows] = records;
  return { name, header, rows };
}

/** The sheets of a folder of CSV files (one per sheet, named as CSV_NAMES says); others are refused by name. */
export function readCsvFolder(dir: string): Table[] {
  const byFile = new Map(Object.entries(CSV_NAMES).map(([sheet, file]) => [file, sheet]));
  const tables: Table[] = [];
  const problems: string[] = [];
  for (const f of readdirSync(dir).sort()) {
    if (f.startsWith('.')) continue;
    const sheet = byFile.get(f);
    if (!sheet) {
      problems.push(`${f}: is not one of the sheets' CSV files (${[...byFile.keys()].join(', ')}); rename or remove it.`);
      continue;
    }
    if (sheet === SHEETS.guide) continue;
    const full = join(dir, f);
    const st = statSync(full);
    if (!st.isFile()) {
      problems.push(`${f}: is not a file.`);
      continue;
    }
    if (st.size > MAX_WORKBOOK_BYTES) {
      problems.push(`${f}: ${st.size} bytes is over the ${MAX_WORKBOOK_BYTES}-byte cap for one sheet.`);
      continue;
    }
    try {
      tables.push(csvToTable(sheet, readFileSync(full, 'utf8')));
    } catch (e) {
      if (!(e instanceof SheetError)) throw e;
      problems.push(...e.problems);
    }
  }
  if (problems.length) throw new SheetError(problems);
  return tables;
}
