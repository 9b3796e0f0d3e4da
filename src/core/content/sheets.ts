/**
 * A content source as sheets, and back: what `kiosk content export` writes into a workbook (or one
 * CSV file per sheet) and `kiosk content import` reads. One sheet per kind (departments, services,
 * subspecialties, equipment, places, emergency words, doctors, sessions, visitor information, the
 * hospital), both languages as column pairs, and a "files" sheet carrying what a spreadsheet cannot
 * edit (the walking graph, the symptom guide, floor plans, photos) unchanged. The first sheet says
 * how to fill the others in.
 *
 * The way back is checked exactly as a pack is (the content schema and the checks across files), and
 * every problem is named by sheet, row, column and what is wrong; nothing is returned when anything
 * is. Export then import gives back the canonical source (canonicalSource): each JSON document as the
 * schema reads it, written by formatJson.
 *
 * Cells: a fact not known yet is the marker #TBC (with "#TBC: note" for a note), never an empty
 * cell; a list has one entry per line; paragraphs are separated by an empty line. A value the plain
 * form cannot hold (an entry of several lines) is written as JSON, which is read back as JSON.
 *
 * Pure apart from canonicalSource, which reads a source folder.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { ASSET_PATTERN, contentFiles, parseContentFiles, ContentError } from './source.js';
import { imageType } from './images.js';
import { checkSvg } from './svg.js';
import {
  CLINIC_KINDS,
  CLINIC_PERIODS,
  Department,
  Doctors,
  Hospital,
  Places,
  SymptomGuide,
  VisitorInfo,
  Wayfinding,
  contentReferenceIssues,
  isPlaceholder,
  type Content,
  type LText,
  type Placeholder,
} from './schema.js';
import type { OpeningHours } from '../../shared/content.js';

/** One sheet: its name, its header row and its rows of cells (text), without the header. */
export interface Table {
  name: string;
  header: string[];
  rows: string[][];
}

/** The marker of a fact not known yet (a Placeholder). */
export const TBC = '#TBC';
/** The most characters a spreadsheet cell holds (Excel's own limit). */
export const MAX_CELL_CHARS = 32_767;
/** Rows in one sheet, at most: room for 20,000 departments or doctors, 200,000 sessions. */
export const MAX_SHEET_ROWS = 200_000;
/** Problems listed, at most (the rest are counted). */
const MAX_PROBLEMS = 50;
/** Characters of a carried file per cell of the files sheet. */
const FILE_CHUNK = 30_000;

/** The sheets, in workbook order; their names are what import looks for. */
export const SHEETS = {
  guide: 'how to fill this in',
  hospital: 'hospital',
  departments: 'departments',
  services: 'services',
  subspecialties: 'subspecialties',
  equipment: 'equipment',
  places: 'places',
  emergency: 'emergency words',
  doctors: 'doctors',
  sessions: 'sessions',
  visitorInfo: 'visitor information',
  files: 'files',
} as const;

const H = {
  hospital: ['field', 'zh', 'en'],
  departments: [
    'id',
    'name (zh)',
    'name (en)',
    'category (zh)',
    'category (en)',
    'summary (zh)',
    'summary (en)',
    'description (zh)',
    'description (en)',
    'building (zh)',
    'building (en)',
    'floor',
    'room (zh)',
    'room (en)',
    'map point',
    'hours',
    'phone',
    'website',
    'photo',
    'photo text (zh)',
    'photo text (en)',
    'keywords (zh)',
    'keywords (en)',
    'more (JSON)',
  ],
  items: ['department', 'name (zh)', 'name (en)', 'detail (zh)', 'detail (en)', 'count', 'keywords'],
  places: ['id', 'kind', 'name (zh)', 'name (en)', 'other names', 'map points', 'hours', 'note (zh)', 'note (en)', 'home row'],
  emergency: ['word'],
  doctors: [
    'id',
    'department',
    'name (zh)',
    'name (en)',
    'title (zh)',
    'title (en)',
    'specialties (zh)',
    'specialties (en)',
    'photo',
    'photo text (zh)',
    'photo text (en)',
    'keywords',
  ],
  sessions: ['doctor', 'weekday', 'date', 'period', 'change', 'kind', 'room (zh)', 'room (en)', 'note (zh)', 'note (en)'],
  visitorInfo: ['id', 'title (zh)', 'title (en)', 'body (zh)', 'body (en)', 'place'],
  files: ['path', 'part', 'encoding', 'data'],
} as const;

const GUIDE: [string, string][] = [
  [
    '每张表对应一类内容：科室、服务、亚专业、设备、地点、急诊词、医生、出诊、来访须知和医院信息。',
    'Each sheet holds one kind of content: departments, services, subspecialties, equipment, places, emergency words, doctors, sessions, visitor information and the hospital.',
  ],
  [
    '第一行是列名，请勿修改；每行一条记录。中文和英文各占一列（列名中的 zh / en）。',
    'The first row names the columns: keep it as it is. One row per entry. Chinese and English each have their own column (zh / en in the column name).',
  ],
  [
    `尚不知道的信息请填写 ${TBC}（中英文两列都填），不要留空；可写成 "${TBC}: 说明"。`,
    `A fact not known yet is written ${TBC} (in both language columns), never left empty; "${TBC}: note" adds a note.`,
  ],
  [
    '列表（关键词、别名、地图点）每行一项；段落之间空一行，中英文段落数须相同。',
    'Lists (keywords, other names, map points) take one entry per line; paragraphs are separated by an empty line, as many in Chinese as in English.',
  ],
  [
    '服务、亚专业、设备按“department”列归入科室（填科室的 id）；医生按“department”列归入科室。',
    'Services, subspecialties and equipment belong to the department whose id is in their "department" column; so do doctors.',
  ],
  [
    '出诊：每周固定的出诊填“weekday”（1 = 周一 … 7 = 周日），不填“date”；某天停诊或加诊填“date”（如 2026-10-01）和“change”（cancelled 停诊 / extra 加诊）。',
    'Sessions: a weekly session has a weekday (1 = Monday … 7 = Sunday) and no date; a change on one day has a date (such as 2026-10-01) and a change (cancelled or extra).',
  ],
  [
    `时段（period）：morning 上午、afternoon 下午、evening 晚上；门诊类型（kind）：${CLINIC_KINDS.join('、')}。`,
    `Periods: morning, afternoon, evening. Kinds of clinic: ${CLINIC_KINDS.join(', ')}.`,
  ],
  [
    '开放时间每行一段：“周一至周五 | Monday to Friday | 08:00-17:00”。',
    'Opening hours take one line per group of days: "周一至周五 | Monday to Friday | 08:00-17:00".',
  ],
  [
    '“more (JSON)”列和“files”表中的内容原样保留；请在内容文件夹中修改它们。',
    'The "more (JSON)" column and the "files" sheet are carried as they are: edit them in the content folder.',
  ],
  [
    '导入时会完整检查；有任何错误都不会写入任何文件，错误会指出表、行、列和原因。',
    'Import checks everything; when anything is wrong nothing is written, and each problem names the sheet, the row, the column and what is wrong.',
  ],
];

/** A problem in the sheets, by sheet, row (as the spreadsheet numbers it, the header is row 1) and column. */
export class SheetError extends Error {
  override name = 'SheetError';
  constructor(readonly problems: string[]) {
    super(problems[0] ?? 'The sheets are not valid.');
  }
}

/** The project's canonical JSON: two-space indentation and a final newline. */
export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Column letters as a spreadsheet shows them: 0 → A, 26 → AA. */
export function columnLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

// ---------------------------------------------------------------------------------------------
// The canonical source

/**
 * The files of a content source as export reads them and import writes them: every JSON document
 * as the schema reads it (defaults filled in, fields in the schema's order), in formatJson; drawings
 * and photos as they are. Throws ContentError when the source is not valid.
 */
export function canonicalSource(dir: string): Map<string, Buffer> {
  const raw = new Map<string, Buffer>();
  for (const rel of contentFiles(dir)) raw.set(rel, readFileSync(join(dir, rel)));
  return canonicalFiles(raw);
}

function canonicalFiles(raw: ReadonlyMap<string, Buffer>): Map<string, Buffer> {
  const content = parseContentFiles(new Map([...raw].filter(([rel]) => !rel.startsWith('images/'))));
  const out = new Map<string, Buffer>();
  const put = (rel: string, v: unknown) => out.set(rel, Buffer.from(formatJson(v)));
  put('hospital.json', content.hospital);
  for (const d of content.departments) put(`departments/${d.id}.json`, d);
  if (content.wayfinding) put('wayfinding.json', content.wayfinding);
  if (content.symptoms) put('symptoms.json', content.symptoms);
  if (content.visitorInfo) put('visitor-info.json', content.visitorInfo);
  if (content.places) put('places.json', content.places);
  if (content.doctors) put('doctors.json', content.doctors);
  for (const [rel, svg] of Object.entries(content.maps)) out.set(rel, Buffer.from(svg));
  for (const [rel, data] of raw) if (rel.startsWith('images/')) out.set(rel, data);
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

// ---------------------------------------------------------------------------------------------
// Cells: writing

class ExportError extends Error {}

function plain(v: string, where: string): string {
  if (v.startsWith(TBC))
    throw new ExportError(`${where}: the text "${v.slice(0, 40)}" starts with ${TBC}, which a sheet reads as "not known yet"; change it first.`);
  return v;
}

const lines = (items: readonly string[]): string =>
  items.some((i) => i.includes('\n')) || items[0]?.startsWith('[') ? JSON.stringify(items) : items.join('\n');

const PARAGRAPH_BREAK = /\n[ \t]*\n/;

/** Paragraphs as a pair of cells; as JSON in the first when any paragraph would not survive the plain form. */
function paragraphs(list: readonly LText[]): [string, string] {
  const awkward = list.some(
    (p) => PARAGRAPH_BREAK.test(p.zh) || PARAGRAPH_BREAK.test(p.en) || p.zh.startsWith('[') || p.zh.startsWith(TBC) || p.en.startsWith(TBC),
  );
  if (awkward) return [JSON.stringify(list), ''];
  return [list.map((p) => p.zh).join('\n\n'), list.map((p) => p.en).join('\n\n')];
}

function tbcPair(p: Placeholder): [string, string] {
  return p.note ? [`${TBC}: ${p.note.zh}`, `${TBC}: ${p.note.en}`] : [TBC, TBC];
}

function pairOrTbc(v: Placeholder | LText, where: string): [string, string] {
  return isPlaceholder(v) ? tbcPair(v) : [plain(v.zh, where), plain(v.en, where)];
}

function singleTbc(p: Placeholder, where: string): string {
  if (!p.note) return TBC;
  if (p.note.zh.includes('|') || p.note.en.includes('|')) throw new ExportError(`${where}: a note of a fact not known yet may not hold "|" in a sheet.`);
  return `${TBC}: ${p.note.zh} | ${p.note.en}`;
}

function stringOrTbc(v: Placeholder | string, where: string): string {
  return isPlaceholder(v) ? singleTbc(v, where) : plain(v, where);
}

function hoursCell(h: Placeholder | OpeningHours | undefined, where: string): string {
  if (h === undefined) return '';
  if (isPlaceholder(h)) return singleTbc(h, where);
  const simple =
    h.length > 0 &&
    h.every((l) => l.weekly === undefined && l.closedOn === undefined && ![l.days.zh, l.days.en, l.time].some((t) => t.includes('|') || t.includes('\n')));
  if (!simple || h[0]!.days.zh.startsWith('[') || h[0]!.days.zh.startsWith(TBC)) return JSON.stringify(h);
  return h.map((l) => `${l.days.zh} | ${l.days.en} | ${l.time}`).join('\n');
}

const opt = (v: string | number | undefined): string => (v === undefined ? '' : String(v));

// ---------------------------------------------------------------------------------------------
// Export

/** The sheets of a content source folder (read as canonicalSource reads it). Throws ContentError or SheetError. */
export function sourceToTables(dir: string): Table[] {
  return filesToTables(canonicalSource(dir));
}

/** The sheets of canonical source files. */
export function filesToTables(files: ReadonlyMap<string, Buffer>): Table[] {
  try {
    return buildTables(files);
  } catch (e) {
    if (e instanceof ExportError) throw new SheetError([e.message]);
    throw e;
  }
}

function buildTables(files: ReadonlyMap<string, Buffer>): Table[] {
  const json = <T>(rel: string): T | undefined => {
    const b = files.get(rel);
    return b ? (JSON.parse(b.toString('utf8')) as T) : undefined;
  };
  const hospital = json<Content['hospital']>('hospital.json')!;
  const departments = [...files.keys()].filter((r) => /^departments\/[^/]+\.json$/.test(r)).map((r) => json<Department>(r)!);
  const places = json<Places>('places.json');
  const visitor = json<VisitorInfo>('visitor-info.json');
  const doctors = json<Doctors>('doctors.json');

  const hrow = (field: string, v: LText | undefined): string[] => [field, v?.zh ?? '', v?.en ?? ''];
  const hosp: Table = {
    name: SHEETS.hospital,
    header: [...H.hospital],
    rows: [
      hrow('name', hospital.name),
      hrow('short name', hospital.shortName),
      hrow('city', hospital.city),
      ['address', ...pairOrTbc(hospital.address, 'hospital address')],
      ['phone', stringOrTbc(hospital.phone, 'hospital phone'), ''],
      ['website', opt(hospital.website), ''],
      hrow('emergency', hospital.emergency),
      hrow('welcome', hospital.welcome),
    ],
  };

  const deps: Table = { name: SHEETS.departments, header: [...H.departments], rows: [] };
  const items = { services: [] as string[][], subspecialties: [] as string[][], equipment: [] as string[][] };
  for (const d of departments) {
    const where = `department ${d.id}`;
    const [dzh, den] = paragraphs(d.description);
    const more: Record<string, unknown> = {};
    if (d.established) more.established = d.established;
    if (d.figures.length) more.figures = d.figures;
    if (d.staff) more.staff = d.staff;
    if (d.honours.length) more.honours = d.honours;
    if (d.research) more.research = d.research;
    if (d.partners.length) more.partners = d.partners;
    if (d.teaching.length) more.teaching = d.teaching;
    deps.rows.push([
      d.id,
      plain(d.name.zh, where),
      plain(d.name.en, where),
      plain(d.category.zh, where),
      plain(d.category.en, where),
      plain(d.summary.zh, where),
      plain(d.summary.en, where),
      dzh,
      den,
      ...pairOrTbc(d.location.building, where),
      stringOrTbc(d.location.floor, where),
      ...pairOrTbc(d.location.room, where),
      opt(d.location.point),
      hoursCell(d.hours, where),
      stringOrTbc(d.phone, where),
      opt(d.website),
      d.photo?.path ?? '',
      d.photo?.alt.zh ?? '',
      d.photo?.alt.en ?? '',
      lines(d.keywords.zh),
      lines(d.keywords.en),
      Object.keys(more).length ? JSON.stringify(more) : '',
    ]);
    for (const kind of ['services', 'subspecialties', 'equipment'] as const) {
      for (const it of d[kind]) {
        items[kind].push([
          d.id,
          plain(it.name.zh, where),
          plain(it.name.en, where),
          it.detail?.zh ?? '',
          it.detail?.en ?? '',
          opt(it.count),
          lines(it.keywords),
        ]);
      }
    }
  }

  const placeRows = (places?.places ?? []).map((p) => {
    const where = `place ${p.id}`;
    return [
      p.id,
      p.kind,
      plain(p.name.zh, where),
      plain(p.name.en, where),
      lines(p.synonyms),
      lines(p.points),
      hoursCell(p.hours, where),
      p.note?.zh ?? '',
      p.note?.en ?? '',
      p.home ? 'yes' : 'no',
    ];
  });

  const doctorRows = (doctors?.doctors ?? []).map((d) => {
    const where = `doctor ${d.id}`;
    const specialtiesAwkward = d.specialties.some((s) => s.zh.includes('\n') || s.en.includes('\n')) || d.specialties[0]?.zh.startsWith('[');
    return [
      d.id,
      d.department,
      plain(d.name.zh, where),
      plain(d.name.en, where),
      ...pairOrTbc(d.title, where),
      specialtiesAwkward ? JSON.stringify(d.specialties) : d.specialties.map((s) => s.zh).join('\n'),
      specialtiesAwkward ? '' : d.specialties.map((s) => s.en).join('\n'),
      d.photo?.path ?? '',
      d.photo?.alt.zh ?? '',
      d.photo?.alt.en ?? '',
      lines(d.keywords),
    ];
  });
  const sessionRows = [
    ...(doctors?.sessions ?? []).map((s) => [s.doctor, String(s.weekday), '', s.period, '', s.kind, ...pairOrTbc(s.room, `session of ${s.doctor}`), '', '']),
    ...(doctors?.exceptions ?? []).map((x) => [
      x.doctor,
      '',
      x.date,
      x.period ?? '',
      x.change,
      x.kind ?? '',
      ...(x.room ? pairOrTbc(x.room, `change for ${x.doctor}`) : ['', '']),
      x.note?.zh ?? '',
      x.note?.en ?? '',
    ]),
  ];

  const topicRows = (visitor?.topics ?? []).map((t) => {
    const where = `visitor topic ${t.id}`;
    const body = isPlaceholder(t.body) ? tbcPair(t.body) : paragraphs(t.body);
    return [t.id, plain(t.title.zh, where), plain(t.title.en, where), ...body, opt(t.place)];
  });

  const fileRows: string[][] = [];
  for (const [rel, data] of files) {
    const carried = rel === 'wayfinding.json' || rel === 'symptoms.json' || rel.startsWith('maps/') || rel.startsWith('images/');
    if (!carried) continue;
    const image = rel.startsWith('images/');
    const text = image ? data.toString('base64') : data.toString('utf8');
    const parts = Math.max(1, Math.ceil(text.length / FILE_CHUNK));
    for (let i = 0; i < parts; i++) fileRows.push([rel, String(i + 1), image ? 'base64' : 'text', text.slice(i * FILE_CHUNK, (i + 1) * FILE_CHUNK)]);
  }

  return [
    { name: SHEETS.guide, header: ['中文', 'English'], rows: GUIDE.map(([zh, en]) => [zh, en]) },
    hosp,
    deps,
    { name: SHEETS.services, header: [...H.items], rows: items.services },
    { name: SHEETS.subspecialties, header: [...H.items], rows: items.subspecialties },
    { name: SHEETS.equipment, header: [...H.items], rows: items.equipment },
    { name: SHEETS.places, header: [...H.places], rows: placeRows },
    { name: SHEETS.emergency, header: [...H.emergency], rows: (places?.emergencyTerms ?? []).map((w) => [w]) },
    { name: SHEETS.doctors, header: [...H.doctors], rows: doctorRows },
    { name: SHEETS.sessions, header: [...H.sessions], rows: sessionRows },
    { name: SHEETS.visitorInfo, header: [...H.visitorInfo], rows: topicRows },
    { name: SHEETS.files, header: [...H.files], rows: fileRows },
  ];
}

// ---------------------------------------------------------------------------------------------
// Import

type Path = (string | number)[];

/** Where a value came from: sheet, row (spreadsheet numbering) and column header. */
interface Origin {
  sheet: string;
  row: number;
  column: string;
  header: readonly string[];
}

/** Origins by document and path inside it, to name the cell a schema problem comes from. */
class Origins {
  private readonly byDoc = new Map<string, { path: Path; origin: Origin }[]>();
  add(doc: string, path: Path, origin: Origin): void {
    let list = this.byDoc.get(doc);
    if (!list) this.byDoc.set(doc, (list = []));
    list.push({ path, origin });
  }
  /** The origin registered at the longest prefix of `path`. */
  find(doc: string, path: Path): Origin | undefined {
    let best: { path: Path; origin: Origin } | undefined;
    for (const e of this.byDoc.get(doc) ?? []) {
      if (e.path.length > path.length || (best && e.path.length <= best.path.length)) continue;
      if (e.path.every((p, i) => p === path[i])) best = e;
    }
    return best?.origin;
  }
}

const describeCell = (o: Origin): string => {
  const i = o.header.indexOf(o.column);
  return `Sheet "${o.sheet}", row ${o.row}, column ${i >= 0 ? `${columnLetter(i)} (${o.column})` : `"${o.column}"`}`;
};

const cellKey = (o: Origin): string => `${o.sheet}\u0000${o.row}\u0000${o.column}`;

const fieldPath = (path: Path): string => {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
};

/** Reads one sheet's rows by column name and collects what is wrong with its cells. */
class SheetReader {
  private readonly col = new Map<string, number>();
  constructor(
    readonly table: Table,
    private readonly problems: string[],
    /** Cells already found wrong: a schema problem that follows from the same cell is not said twice. */
    private readonly failed: Set<string>,
  ) {
    table.header.forEach((h, i) => this.col.set(h.trim(), i));
  }

  origin(row: number, column: string): Origin {
    return { sheet: this.table.name, row: row + 2, column, header: this.table.header.map((h) => h.trim()) };
  }

  fail(row: number, column: string, message: string): void {
    const o = this.origin(row, column);
    this.failed.add(cellKey(o));
    this.problems.push(`${describeCell(o)}: ${message}`);
  }

  cell(row: number, column: string): string {
    const i = this.col.get(column);
    return i === undefined ? '' : (this.table.rows[row]![i] ?? '');
  }

  /** Rows that hold anything (a row left empty in the middle of a sheet is skipped). */
  *rows(): Generator<number> {
    for (let r = 0; r < this.table.rows.length; r++) if (this.table.rows[r]!.some((c) => c.trim() !== '')) yield r;
  }

  text(r: number, c: string): string {
    return this.cell(r, c).replace(/\r\n?/g, '\n');
  }

  optional(r: number, c: string): string | undefined {
    const v = this.text(r, c);
    return v.trim() === '' ? undefined : v;
  }

  pair(r: number, zh: string, en: string): LText {
    return { zh: this.text(r, zh), en: this.text(r, en) };
  }

  optionalPair(r: number, zh: string, en: string): LText | undefined {
    const v = this.pair(r, zh, en);
    return v.zh.trim() === '' && v.en.trim() === '' ? undefined : v;
  }

  list(r: number, c: string): string[] {
    const v = this.text(r, c);
    if (v.trim() === '') return [];
    if (v.trimStart().startsWith('[')) {
      try {
        const parsed = JSON.parse(v) as unknown;
        if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) return parsed as string[];
      } catch {
        /* said below */
      }
      this.fail(r, c, 'starts with "[" but is not a JSON list of texts; write one entry per line instead.');
      return [];
    }
    return v
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean);
  }

  number(r: number, c: string): number | undefined {
    const v = this.text(r, c).trim();
    if (v === '') return undefined;
    const n = Number(v);
    if (!Number.isFinite(n)) {
      this.fail(r, c, `"${v.slice(0, 40)}" is not a number.`);
      return undefined;
    }
    return n;
  }

  /** A bilingual fact that may be not known yet (#TBC in both columns). */
  pairOrTbc(r: number, zh: string, en: string): Placeholder | LText {
    const a = this.text(r, zh);
    const b = this.text(r, en);
    const ta = a.trim().startsWith(TBC);
    const tb = b.trim().startsWith(TBC);
    if (!ta && !tb) return { zh: a, en: b };
    if (ta !== tb) {
      this.fail(r, ta ? en : zh, `must also be ${TBC} when the other language is (a fact not known yet is not known in either language).`);
      return { placeholder: true };
    }
    const na = a.trim().slice(TBC.length).replace(/^:\s*/, '').trim();
    const nb = b.trim().slice(TBC.length).replace(/^:\s*/, '').trim();
    if (!na && !nb) return { placeholder: true };
    if (!na || !nb) this.fail(r, na ? en : zh, `gives its note in one language only; write "${TBC}: note" in both or "${TBC}" in both.`);
    return { placeholder: true, note: { zh: na, en: nb } };
  }

  /** A one-cell fact that may be not known yet: "#TBC" or "#TBC: 说明 | note". */
  stringOrTbc(r: number, c: string): Placeholder | string {
    const v = this.text(r, c);
    if (!v.trim().startsWith(TBC)) return v;
    const note = v.trim().slice(TBC.length).replace(/^:\s*/, '').trim();
    if (!note) return { placeholder: true };
    const parts = note.split('|').map((s) => s.trim());
    if (parts.length !== 2 || !parts[0] || !parts[1]) {
      this.fail(r, c, `a note here is written "${TBC}: 中文 | English".`);
      return { placeholder: true };
    }
    return { placeholder: true, note: { zh: parts[0], en: parts[1] } };
  }

  paragraphs(r: number, zh: string, en: string): LText[] {
    const a = this.text(r, zh);
    const b = this.text(r, en);
    if (a.trimStart().startsWith('[') && b.trim() === '') {
      try {
        const parsed = JSON.parse(a) as unknown;
        if (Array.isArray(parsed)) return parsed as LText[];
      } catch {
        /* said below */
      }
      this.fail(r, zh, 'starts with "[" but is not a JSON list of paragraphs; write the paragraphs separated by an empty line.');
      return [];
    }
    const split = (s: string) =>
      s
        .split(PARAGRAPH_BREAK)
        .map((p) => p.trim())
        .filter(Boolean);
    const pa = split(a);
    const pb = split(b);
    if (pa.length !== pb.length) {
      this.fail(
        r,
        en,
        `has ${pb.length} paragraph${pb.length === 1 ? '' : 's'} where the Chinese column has ${pa.length}; give each paragraph in both languages.`,
      );
      return [];
    }
    return pa.map((p, i) => ({ zh: p, en: pb[i]! }));
  }

  hours(r: number, c: string): Placeholder | OpeningHours | undefined {
    const v = this.text(r, c);
    if (v.trim() === '') return undefined;
    if (v.trim().startsWith(TBC)) return this.stringOrTbc(r, c) as Placeholder;
    if (v.trimStart().startsWith('[')) {
      try {
        return JSON.parse(v) as OpeningHours;
      } catch {
        this.fail(r, c, 'starts with "[" but is not JSON opening hours; write one line per group of days: 周一至周五 | Monday to Friday | 08:00-17:00.');
        return undefined;
      }
    }
    const out: OpeningHours = [];
    for (const line of v.split('\n').filter((l) => l.trim())) {
      const parts = line.split('|').map((s) => s.trim());
      if (parts.length !== 3) {
        this.fail(r, c, `"${line.slice(0, 60)}" must be three parts: 周一至周五 | Monday to Friday | 08:00-17:00.`);
        return undefined;
      }
      out.push({ days: { zh: parts[0]!, en: parts[1]! }, time: parts[2]! });
    }
    return out;
  }

  json(r: number, c: string): Record<string, unknown> {
    const v = this.text(r, c);
    if (v.trim() === '') return {};
    try {
      const parsed = JSON.parse(v) as unknown;
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      /* said below */
    }
    this.fail(r, c, 'is not a JSON object; copy it back from an export, or empty it.');
    return {};
  }

  choice<T extends string>(r: number, c: string, options: readonly T[], required: boolean): T | undefined {
    const v = this.text(r, c).trim();
    if (v === '') {
      if (required) this.fail(r, c, `must be one of ${options.join(', ')}.`);
      return undefined;
    }
    if (!(options as readonly string[]).includes(v)) {
      this.fail(r, c, `"${v.slice(0, 40)}" must be one of ${options.join(', ')}.`);
      return undefined;
    }
    return v as T;
  }
}

/** The fields of a department carried in its "more (JSON)" cell. */
const MORE_KEYS = new Set(['established', 'figures', 'staff', 'honours', 'research', 'partners', 'teaching']);

/**
 * Read sheets back into the files of a content source, checked as a pack is. Throws SheetError
 * naming each problem's sheet, row and column (at most 50 listed, the rest counted).
 */
export function tablesToFiles(tables: readonly Table[]): Map<string, Buffer> {
  const problems: string[] = [];
  const origins = new Origins();
  const byName = new Map<string, Table>();
  const known = new Set<string>(Object.values(SHEETS));
  for (const t of tables) {
    if (!known.has(t.name))
      problems.push(`Sheet "${t.name}": is not a sheet the content has (${[...known].map((k) => `"${k}"`).join(', ')}); rename or remove it.`);
    else if (byName.has(t.name)) problems.push(`Sheet "${t.name}": is there twice; keep one.`);
    else byName.set(t.name, t);
    if (t.rows.length > MAX_SHEET_ROWS) problems.push(`Sheet "${t.name}": has ${t.rows.length} rows, over the cap of ${MAX_SHEET_ROWS}.`);
  }
  const expect: [keyof typeof H, string][] = [
    ['hospital', SHEETS.hospital],
    ['departments', SHEETS.departments],
    ['items', SHEETS.services],
    ['items', SHEETS.subspecialties],
    ['items', SHEETS.equipment],
    ['places', SHEETS.places],
    ['emergency', SHEETS.emergency],
    ['doctors', SHEETS.doctors],
    ['sessions', SHEETS.sessions],
    ['visitorInfo', SHEETS.visitorInfo],
    ['files', SHEETS.files],
  ];
  for (const [key, name] of expect) {
    const t = byName.get(name);
    if (!t) {
      if (name === SHEETS.hospital || name === SHEETS.departments) problems.push(`Sheet "${name}": is missing; every content has one.`);
      continue;
    }
    const want: readonly string[] = H[key];
    const have = t.header.map((h) => h.trim());
    const missing = want.filter((h) => !have.includes(h));
    if (missing.length)
      problems.push(
        `Sheet "${name}", row 1: the column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing.`,
      );
    have.forEach((h, i) => {
      if (h !== '' && !want.includes(h)) problems.push(`Sheet "${name}", row 1, column ${columnLetter(i)}: "${h.slice(0, 40)}" is not a column of this sheet.`);
      else if (have.indexOf(h) !== i && h !== '') problems.push(`Sheet "${name}", row 1, column ${columnLetter(i)}: "${h}" is there twice.`);
    });
  }
  if (problems.length) throw new SheetError(capped(problems));
  const failed = new Set<string>();
  const reader = (name: string) => new SheetReader(byName.get(name) ?? { name, header: [], rows: [] }, problems, failed);

  // The hospital: one row per field.
  const hs = reader(SHEETS.hospital);
  const hospital: Record<string, unknown> = {};
  const hospitalField = new Map<string, number>();
  for (const r of hs.rows()) {
    const field = hs.text(r, 'field').trim();
    if (hospitalField.has(field)) hs.fail(r, 'field', `"${field}" is given twice.`);
    hospitalField.set(field, r);
    const at = (key: string, column = 'zh') => {
      origins.add('hospital', [key], hs.origin(r, column));
      if (column === 'zh') origins.add('hospital', [key, 'en'], hs.origin(r, 'en'));
    };
    switch (field) {
      case 'name':
      case 'city':
      case 'emergency':
      case 'welcome':
        hospital[field] = hs.pair(r, 'zh', 'en');
        at(field);
        break;
      case 'short name': {
        const v = hs.optionalPair(r, 'zh', 'en');
        if (v) hospital.shortName = v;
        at('shortName');
        break;
      }
      case 'address':
        hospital.address = hs.pairOrTbc(r, 'zh', 'en');
        at('address');
        break;
      case 'phone':
        hospital.phone = hs.stringOrTbc(r, 'zh');
        at('phone');
        break;
      case 'website': {
        const v = hs.optional(r, 'zh');
        if (v !== undefined) hospital.website = v.trim();
        at('website');
        break;
      }
      default:
        hs.fail(r, 'field', `"${field.slice(0, 40)}" is not a field of the hospital (name, short name, city, address, phone, website, emergency, welcome).`);
    }
  }
  origins.add('hospital', [], hs.origin(0, 'field'));

  // Departments, then their items by the department column.
  const ds = reader(SHEETS.departments);
  const departments: Record<string, unknown>[] = [];
  const depIndex = new Map<string, number>();
  for (const r of ds.rows()) {
    const i = departments.length;
    const doc = `dept#${i}`;
    const at = (path: Path, column: string) => origins.add(doc, path, ds.origin(r, column));
    const id = ds.text(r, 'id').trim();
    if (depIndex.has(id)) ds.fail(r, 'id', `duplicates the department "${id}" of an earlier row.`);
    else depIndex.set(id, i);
    const more = ds.json(r, 'more (JSON)');
    for (const k of Object.keys(more)) if (!MORE_KEYS.has(k)) ds.fail(r, 'more (JSON)', `"${k}" is not one of ${[...MORE_KEYS].join(', ')}.`);
    const photoPath = ds.optional(r, 'photo');
    const d: Record<string, unknown> = {
      id,
      name: ds.pair(r, 'name (zh)', 'name (en)'),
      category: ds.pair(r, 'category (zh)', 'category (en)'),
      ...(more.established !== undefined ? { established: more.established } : {}),
      summary: ds.pair(r, 'summary (zh)', 'summary (en)'),
      description: ds.paragraphs(r, 'description (zh)', 'description (en)'),
      ...Object.fromEntries(Object.entries(more).filter(([k]) => k !== 'established')),
      services: [],
      subspecialties: [],
      equipment: [],
      location: {
        building: ds.pairOrTbc(r, 'building (zh)', 'building (en)'),
        floor: ds.stringOrTbc(r, 'floor'),
        room: ds.pairOrTbc(r, 'room (zh)', 'room (en)'),
        ...(ds.optional(r, 'map point') !== undefined ? { point: ds.text(r, 'map point').trim() } : {}),
      },
      hours: ds.hours(r, 'hours') ?? [],
      phone: ds.stringOrTbc(r, 'phone'),
      ...(ds.optional(r, 'website') !== undefined ? { website: ds.text(r, 'website').trim() } : {}),
      ...(photoPath !== undefined ? { photo: { path: photoPath.trim(), alt: ds.pair(r, 'photo text (zh)', 'photo text (en)') } } : {}),
      keywords: { zh: ds.list(r, 'keywords (zh)'), en: ds.list(r, 'keywords (en)') },
    };
    if (ds.optional(r, 'hours') === undefined) ds.fail(r, 'hours', `must not be empty; write ${TBC} when the hours are not known yet.`);
    at([], 'id');
    at(['id'], 'id');
    for (const [key, zh] of [
      ['name', 'name (zh)'],
      ['category', 'category (zh)'],
      ['summary', 'summary (zh)'],
      ['description', 'description (zh)'],
    ] as const) {
      at([key], zh);
      at([key, 'en'], zh.replace('(zh)', '(en)'));
    }
    for (const k of MORE_KEYS) at([k], 'more (JSON)');
    at(['location'], 'building (zh)');
    at(['location', 'building'], 'building (zh)');
    at(['location', 'building', 'en'], 'building (en)');
    at(['location', 'floor'], 'floor');
    at(['location', 'room'], 'room (zh)');
    at(['location', 'room', 'en'], 'room (en)');
    at(['location', 'point'], 'map point');
    at(['hours'], 'hours');
    at(['phone'], 'phone');
    at(['website'], 'website');
    at(['photo'], 'photo');
    at(['photo', 'alt'], 'photo text (zh)');
    at(['photo', 'alt', 'en'], 'photo text (en)');
    at(['keywords', 'zh'], 'keywords (zh)');
    at(['keywords', 'en'], 'keywords (en)');
    departments.push(d);
  }
  for (const kind of ['services', 'subspecialties', 'equipment'] as const) {
    const s = reader(SHEETS[kind]);
    for (const r of s.rows()) {
      const dep = s.text(r, 'department').trim();
      const i = depIndex.get(dep);
      if (i === undefined) {
        s.fail(r, 'department', `names a department "${dep.slice(0, 64)}" that the departments sheet does not list.`);
        continue;
      }
      const list = departments[i]![kind] as unknown[];
      const detail = s.optionalPair(r, 'detail (zh)', 'detail (en)');
      const count = s.number(r, 'count');
      list.push({
        name: s.pair(r, 'name (zh)', 'name (en)'),
        ...(detail ? { detail } : {}),
        ...(count !== undefined ? { count } : {}),
        keywords: s.list(r, 'keywords'),
      });
      const at = (path: Path, column: string) => origins.add(`dept#${i}`, [kind, list.length - 1, ...path], s.origin(r, column));
      at([], 'name (zh)');
      at(['name', 'en'], 'name (en)');
      at(['detail'], 'detail (zh)');
      at(['detail', 'en'], 'detail (en)');
      at(['count'], 'count');
      at(['keywords'], 'keywords');
    }
  }

  // Places and the emergency words.
  const ps = reader(SHEETS.places);
  const placeList: Record<string, unknown>[] = [];
  for (const r of ps.rows()) {
    const note = ps.optionalPair(r, 'note (zh)', 'note (en)');
    const hours = ps.hours(r, 'hours');
    const home = ps.choice(r, 'home row', ['yes', 'no'], false);
    placeList.push({
      id: ps.text(r, 'id').trim(),
      kind: ps.text(r, 'kind').trim(),
      name: ps.pair(r, 'name (zh)', 'name (en)'),
      synonyms: ps.list(r, 'other names'),
      points: ps.list(r, 'map points'),
      ...(hours !== undefined ? { hours } : {}),
      ...(note ? { note } : {}),
      home: home === 'yes',
    });
    const at = (path: Path, column: string) => origins.add('places', ['places', placeList.length - 1, ...path], ps.origin(r, column));
    at([], 'id');
    at(['kind'], 'kind');
    at(['name', 'en'], 'name (en)');
    at(['name'], 'name (zh)');
    at(['synonyms'], 'other names');
    at(['points'], 'map points');
    at(['hours'], 'hours');
    at(['note'], 'note (zh)');
    at(['note', 'en'], 'note (en)');
  }
  origins.add('places', ['places'], ps.origin(0, 'id'));
  const es = reader(SHEETS.emergency);
  const words: string[] = [];
  for (const r of es.rows()) {
    words.push(es.text(r, 'word').trim());
    origins.add('places', ['emergencyTerms', words.length - 1], es.origin(r, 'word'));
  }
  origins.add('places', ['emergencyTerms'], es.origin(0, 'word'));

  // Doctors and sessions.
  const dr = reader(SHEETS.doctors);
  const doctorList: Record<string, unknown>[] = [];
  for (const r of dr.rows()) {
    const i = doctorList.length;
    const photoPath = dr.optional(r, 'photo');
    let specialties: LText[] = [];
    const sz = dr.text(r, 'specialties (zh)');
    if (sz.trimStart().startsWith('[') && dr.text(r, 'specialties (en)').trim() === '') {
      try {
        specialties = JSON.parse(sz) as LText[];
      } catch {
        dr.fail(r, 'specialties (zh)', 'starts with "[" but is not a JSON list; write one specialty per line.');
      }
    } else {
      const a = dr.list(r, 'specialties (zh)');
      const b = dr.list(r, 'specialties (en)');
      if (a.length !== b.length)
        dr.fail(r, 'specialties (en)', `lists ${b.length} specialties where the Chinese column lists ${a.length}; give each in both languages, one per line.`);
      else specialties = a.map((zh, k) => ({ zh, en: b[k]! }));
    }
    doctorList.push({
      id: dr.text(r, 'id').trim(),
      department: dr.text(r, 'department').trim(),
      name: dr.pair(r, 'name (zh)', 'name (en)'),
      title: dr.pairOrTbc(r, 'title (zh)', 'title (en)'),
      specialties,
      ...(photoPath !== undefined ? { photo: { path: photoPath.trim(), alt: dr.pair(r, 'photo text (zh)', 'photo text (en)') } } : {}),
      keywords: dr.list(r, 'keywords'),
    });
    const at = (path: Path, column: string) => origins.add('doctors', ['doctors', i, ...path], dr.origin(r, column));
    at([], 'id');
    at(['department'], 'department');
    at(['name'], 'name (zh)');
    at(['name', 'en'], 'name (en)');
    at(['title'], 'title (zh)');
    at(['title', 'en'], 'title (en)');
    at(['specialties'], 'specialties (zh)');
    at(['photo'], 'photo');
    at(['photo', 'alt'], 'photo text (zh)');
    at(['photo', 'alt', 'en'], 'photo text (en)');
    at(['keywords'], 'keywords');
  }
  const ss = reader(SHEETS.sessions);
  const sessions: Record<string, unknown>[] = [];
  const exceptions: Record<string, unknown>[] = [];
  for (const r of ss.rows()) {
    const weekday = ss.number(r, 'weekday');
    const date = ss.optional(r, 'date')?.trim();
    const period = ss.choice(r, 'period', CLINIC_PERIODS, date === undefined);
    const kind = ss.choice(r, 'kind', CLINIC_KINDS, false);
    const note = ss.optionalPair(r, 'note (zh)', 'note (en)');
    const roomGiven = ss.optionalPair(r, 'room (zh)', 'room (en)') !== undefined;
    if (date === undefined) {
      if (weekday === undefined) {
        ss.fail(r, 'weekday', 'must be a weekday from 1 (Monday) to 7 (Sunday) for a weekly session, or give a date for a change on one day.');
        continue;
      }
      if (ss.optional(r, 'change') !== undefined) ss.fail(r, 'change', 'is for a change on one date; give the date too, or empty it for a weekly session.');
      if (note) ss.fail(r, 'note (zh)', 'is for a change on one date; a weekly session has none.');
      sessions.push({ doctor: ss.text(r, 'doctor').trim(), weekday, period, kind: kind ?? 'general', room: ss.pairOrTbc(r, 'room (zh)', 'room (en)') });
      const at = (path: Path, column: string) => origins.add('doctors', ['sessions', sessions.length - 1, ...path], ss.origin(r, column));
      at([], 'doctor');
      at(['weekday'], 'weekday');
      at(['period'], 'period');
      at(['kind'], 'kind');
      at(['room'], 'room (zh)');
      at(['room', 'en'], 'room (en)');
    } else {
      if (weekday !== undefined) ss.fail(r, 'weekday', 'must be empty for a change on one date (the date says the day).');
      const change = ss.choice(r, 'change', ['cancelled', 'extra'], true);
      exceptions.push({
        doctor: ss.text(r, 'doctor').trim(),
        date,
        ...(period ? { period } : {}),
        change,
        ...(kind ? { kind } : {}),
        ...(roomGiven ? { room: ss.pairOrTbc(r, 'room (zh)', 'room (en)') } : {}),
        ...(note ? { note } : {}),
      });
      const at = (path: Path, column: string) => origins.add('doctors', ['exceptions', exceptions.length - 1, ...path], ss.origin(r, column));
      at([], 'doctor');
      at(['date'], 'date');
      at(['period'], 'period');
      at(['change'], 'change');
      at(['kind'], 'kind');
      at(['room'], 'room (zh)');
      at(['room', 'en'], 'room (en)');
      at(['note'], 'note (zh)');
      at(['note', 'en'], 'note (en)');
    }
  }

  // Visitor information.
  const vs = reader(SHEETS.visitorInfo);
  const topics: Record<string, unknown>[] = [];
  for (const r of vs.rows()) {
    const tbc = vs.text(r, 'body (zh)').trim().startsWith(TBC) || vs.text(r, 'body (en)').trim().startsWith(TBC);
    const place = vs.optional(r, 'place');
    topics.push({
      id: vs.text(r, 'id').trim(),
      title: vs.pair(r, 'title (zh)', 'title (en)'),
      body: tbc ? vs.pairOrTbc(r, 'body (zh)', 'body (en)') : vs.paragraphs(r, 'body (zh)', 'body (en)'),
      ...(place !== undefined ? { place: place.trim() } : {}),
    });
    const at = (path: Path, column: string) => origins.add('visitorInfo', ['topics', topics.length - 1, ...path], vs.origin(r, column));
    at([], 'id');
    at(['title'], 'title (zh)');
    at(['title', 'en'], 'title (en)');
    at(['body'], 'body (zh)');
    at(['place'], 'place');
  }
  origins.add('visitorInfo', ['topics'], vs.origin(0, 'id'));

  // Files carried as they are.
  const fs = reader(SHEETS.files);
  const carried = new Map<string, { parts: string[]; encoding: string; row: number }>();
  for (const r of fs.rows()) {
    const path = fs.text(r, 'path').trim();
    const part = fs.number(r, 'part');
    const encoding = fs.choice(r, 'encoding', ['text', 'base64'], true);
    const ok = path === 'wayfinding.json' || path === 'symptoms.json' || /^maps\/[a-z0-9-]+\.svg$/.test(path) || ASSET_PATTERN.test(path);
    if (!ok) {
      fs.fail(
        r,
        'path',
        `"${path.slice(0, 80)}" is not a file this sheet carries (wayfinding.json, symptoms.json, maps/<name>.svg, images/<name>.png|jpg|webp).`,
      );
      continue;
    }
    let f = carried.get(path);
    if (!f) carried.set(path, (f = { parts: [], encoding: encoding ?? 'text', row: r }));
    if (part !== f.parts.length + 1) fs.fail(r, 'part', `must be ${f.parts.length + 1}: the parts of ${path} follow one another from 1.`);
    if (encoding && encoding !== f.encoding) fs.fail(r, 'encoding', `must be ${f.encoding}, as in the first part of ${path}.`);
    f.parts.push(fs.cell(r, 'data'));
  }

  // Every document through its schema, each problem traced back to its cell.
  const schemaProblem = (doc: string, fallback: Origin, error: z.ZodError) => {
    for (const issue of error.issues) {
      const path = issue.path as Path;
      const o = origins.find(doc, path) ?? fallback;
      if (failed.has(cellKey(o))) continue;
      problems.push(`${describeCell(o)}: ${fieldPath(path) ? `${fieldPath(path)} ` : ''}${issue.message.replace(/^Invalid input: /, '')}`);
    }
  };
  const files = new Map<string, Buffer>();
  const put = (rel: string, v: unknown) => files.set(rel, Buffer.from(formatJson(v)));

  const h = Hospital.safeParse(hospital);
  if (!h.success) schemaProblem('hospital', hs.origin(0, 'field'), h.error);
  else put('hospital.json', h.data);
  const parsedDeps: Department[] = [];
  departments.forEach((d, i) => {
    const p = Department.safeParse(d);
    if (!p.success) schemaProblem(`dept#${i}`, ds.origin(0, 'id'), p.error);
    else parsedDeps.push(p.data);
  });
  let places: Places | undefined;
  if (placeList.length || words.length) {
    const p = Places.safeParse({ emergencyTerms: words, places: placeList });
    if (!p.success) schemaProblem('places', ps.origin(0, 'id'), p.error);
    else places = p.data;
  }
  let doctors: Doctors | undefined;
  if (doctorList.length || sessions.length || exceptions.length) {
    const p = Doctors.safeParse({ doctors: doctorList, sessions, exceptions });
    if (!p.success) schemaProblem('doctors', dr.origin(0, 'id'), p.error);
    else doctors = p.data;
  }
  let visitorInfo: VisitorInfo | undefined;
  if (topics.length) {
    const p = VisitorInfo.safeParse({ topics });
    if (!p.success) schemaProblem('visitorInfo', vs.origin(0, 'id'), p.error);
    else visitorInfo = p.data;
  }
  const docs: { wayfinding?: Wayfinding; symptoms?: SymptomGuide } = {};
  const maps: Record<string, string> = {};
  for (const [path, f] of carried) {
    const o = fs.origin(f.row, 'data');
    const joined = f.parts.join('');
    if (f.encoding === 'base64') {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(joined)) {
        problems.push(`${describeCell(o)}: ${path} is not base64 data.`);
        continue;
      }
      const data = Buffer.from(joined, 'base64');
      if (!path.startsWith('images/') || !imageType(data)) problems.push(`${describeCell(o)}: ${path} is not a PNG, JPEG or WebP image.`);
      else files.set(path, data);
      continue;
    }
    if (path.startsWith('maps/')) {
      const bad = checkSvg(path, joined);
      if (bad) problems.push(`${describeCell(o)}: ${bad}`);
      else maps[path] = joined;
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(joined);
    } catch (e) {
      problems.push(`${describeCell(o)}: ${path} is not valid JSON (${(e as Error).message}).`);
      continue;
    }
    const schema = path === 'wayfinding.json' ? Wayfinding : SymptomGuide;
    const p = schema.safeParse(value);
    if (!p.success) for (const i of p.error.issues) problems.push(`${describeCell(o)}: ${path}: ${fieldPath(i.path as Path)} ${i.message}`);
    else (docs as Record<string, unknown>)[path === 'wayfinding.json' ? 'wayfinding' : 'symptoms'] = p.data;
  }
  if (problems.length) throw new SheetError(capped(problems));

  // The checks across documents.
  const content = { departments: parsedDeps, ...docs, places, doctors, visitorInfo, maps };
  for (const issue of contentReferenceIssues(content)) {
    const [head, ...rest] = issue.path;
    let o: Origin;
    if (head === 'departments') o = origins.find(`dept#${rest[0] as number}`, rest.slice(1)) ?? ds.origin(0, 'id');
    else if (head === 'places' || head === 'doctors' || head === 'visitorInfo') o = origins.find(head, rest) ?? ps.origin(0, 'id');
    else {
      const file = head === 'wayfinding' ? 'wayfinding.json' : 'symptoms.json';
      o = fs.origin(carried.get(file)?.row ?? 0, 'data');
    }
    const where = head === 'wayfinding' || head === 'symptoms' ? `${head}.json: ` : '';
    problems.push(`${describeCell(o)}: ${where}${fieldPath(head === 'departments' ? rest.slice(1) : rest)} ${issue.message}`);
  }
  if (problems.length) throw new SheetError(capped(problems));

  for (const d of parsedDeps) put(`departments/${d.id}.json`, d);
  if (docs.wayfinding) put('wayfinding.json', docs.wayfinding);
  if (docs.symptoms) put('symptoms.json', docs.symptoms);
  if (visitorInfo) put('visitor-info.json', visitorInfo);
  if (places) put('places.json', places);
  if (doctors) put('doctors.json', doctors);
  for (const [rel, svg] of Object.entries(maps)) files.set(rel, Buffer.from(svg));
  const photos = [...parsedDeps.map((d) => d.photo?.path), ...(doctors?.doctors ?? []).map((d) => d.photo?.path)].filter((p): p is string => !!p);
  for (const p of photos) {
    if (!files.has(p))
      problems.push(
        `Sheet "${SHEETS.files}": ${p} is named as a photo but the sheet does not carry it; add its rows (an export of the source folder has them).`,
      );
  }
  if (problems.length) throw new SheetError(capped(problems));
  // The last word is the same check a pack gets.
  try {
    parseContentFiles(new Map([...files].filter(([rel]) => !rel.startsWith('images/'))));
  } catch (e) {
    if (e instanceof ContentError) throw new SheetError(capped(e.problems));
    throw e;
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const SHEET_ORDER: readonly string[] = Object.values(SHEETS);

/** Problems in workbook order (sheet, then row, then column), the first MAX_PROBLEMS of them. */
function capped(problems: string[]): string[] {
  const key = (p: string): [number, number, string] => {
    const m = /^Sheet "([^"]*)"(?:, row (\d+))?(?:, column ([A-Z]+))?/.exec(p);
    if (!m) return [SHEET_ORDER.length, 0, ''];
    const col = m[3] ?? '';
    return [SHEET_ORDER.indexOf(m[1]!) < 0 ? SHEET_ORDER.length : SHEET_ORDER.indexOf(m[1]!), Number(m[2] ?? 0), col.padStart(3, ' ')];
  };
  problems = problems
    .map((p, i) => ({ p, i, k: key(p) }))
    .sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1] || (a.k[2] < b.k[2] ? -1 : a.k[2] > b.k[2] ? 1 : 0) || a.i - b.i)
    .map((x) => x.p);
  if (problems.length <= MAX_PROBLEMS) return problems;
  return [...problems.slice(0, MAX_PROBLEMS), `… and ${problems.length - MAX_PROBLEMS} more problems.`];
}
