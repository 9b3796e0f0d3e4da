/**
 * `kiosk report`: what visitors looked for, from the data folder's aggregate counts (per day, no
 * person in them): searches that found nothing (each shown once searched 3 times), the
 * departments and places opened most, and the symptom guide's paths. A table, or CSV with a
 * header and one row per thing and day.
 */
import { visitorReport, type ReportRow, type VisitorReport } from '../../app/report.js';
import { localDay } from '../../core/visitors/recorder.js';
import type { VisitorCountKind } from '../../core/ports.js';
import { DATA_DIR_OPTION, UsageError, dataDirFrom, parse, type Command } from '../args.js';

const TITLES: Record<VisitorCountKind, string> = {
  'no-result': 'Searches that found nothing',
  department: 'Departments opened',
  place: 'Places opened',
  symptom: 'Symptom-guide paths',
};
const KEY_HEADS: Record<VisitorCountKind, string> = { 'no-result': 'search', department: 'department', place: 'place', symptom: 'path' };

/** The --since value, checked: a calendar date, not after today. */
export function sinceFrom(value: string | undefined, today: string): string | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const t = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!t || t.toISOString().slice(0, 10) !== value) throw new UsageError(`--since ${value} is not a date; give one such as 2026-09-01.`);
  if (value > today) throw new UsageError(`--since ${value} is after today (${today}); give a day up to today.`);
  return value;
}

/** Columns on a terminal: Chinese characters and other wide ones take two. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
  return w;
}
const padEnd = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));
const padStart = (s: string, n: number) => ' '.repeat(Math.max(0, n - width(s))) + s;

const label = (kind: VisitorCountKind, r: ReportRow) =>
  r.name ? `${r.name.zh} ${r.name.en} (${r.key})` : kind === 'department' || kind === 'place' ? `${r.key} (no longer in the content)` : r.key;

export function reportTable(report: VisitorReport): string {
  const out = [
    `What visitors looked for, ${report.since ? `from ${report.since}` : 'on every day kept'} (counted per day; a search that found nothing is shown once searched ${report.threshold} times).`,
  ];
  if (report.empty) return `${out[0]}\nNothing has been counted in this data folder yet.`;
  for (const { kind, rows } of report.sections) {
    out.push('', TITLES[kind]);
    if (!rows.length) {
      out.push('  none');
      continue;
    }
    const cells = rows.map((r) => [label(kind, r), String(r.total), String(r.days.length), r.days[r.days.length - 1]!.day]);
    const heads = [KEY_HEADS[kind], 'total', 'days', 'last day'];
    const w = heads.map((h, i) => Math.max(width(h), ...cells.map((c) => width(c[i]!))));
    const line = (c: string[]) => `  ${padEnd(c[0]!, w[0]!)}  ${padStart(c[1]!, w[1]!)}  ${padStart(c[2]!, w[2]!)}  ${c[3]!}`;
    out.push(line(heads), ...cells.map(line));
  }
  return out.join('\n');
}

/** A CSV field: quoted when needed, and never read as a formula by a spreadsheet (visitors typed the queries). */
function csvField(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function reportCsv(report: VisitorReport): string {
  const lines = ['kind,key,name_zh,name_en,day,count'];
  for (const { kind, rows } of report.sections) {
    for (const r of rows) for (const d of r.days) lines.push([kind, r.key, r.name?.zh ?? '', r.name?.en ?? '', d.day, String(d.n)].map(csvField).join(','));
  }
  return lines.join('\n');
}

export const reportCommand: Command = {
  summary: 'what visitors looked for: searches that found nothing, departments and places opened, symptom-guide paths (counts per day)',
  usage: 'kiosk report [--since YYYY-MM-DD] [--csv] [--data-dir DIR]',
  async run(argv) {
    const { values } = parse(argv, { ...DATA_DIR_OPTION, since: { type: 'string' }, csv: { type: 'boolean' } });
    const since = sinceFrom(values.since, localDay(Date.now()));
    const report = visitorReport(dataDirFrom(values['data-dir']), since);
    console.log(values.csv ? reportCsv(report) : reportTable(report));
    return 0;
  },
};
