/**
 * The audit log written to the USB stick as text, for IT staff to read on a laptop: the entries
 * the IT screen shows (filtered by kind and result), each said in the screen's language
 * (src/shared/messages.ts), newest first, UTF-8 with Windows line ends. Written through the
 * safe-write helpers into the folder of the stick: never through a link, never over a file that is
 * there already (a new name each time), never half-written (written beside and renamed).
 */
import { lstatSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Lang } from '../../shared/content.js';
import { auditCode, describeAudit, describeAuditAction, describeAuditKind, describeAuditResult } from '../../shared/messages.js';
import type { AuditAction, AuditEntry, AuditExport, AuditResult, FoundPack } from '../../shared/results.js';
import { unsafeTarget, writeFileAtomic } from '../fs-safe.js';
import { readAuditLog } from './log.js';

/** Entries written at most (the log holds about 6 MB across its rotated files). */
export const AUDIT_EXPORT_MAX = 20_000;

export interface AuditFilter {
  action?: AuditAction | undefined;
  result?: AuditResult | undefined;
}

export class AuditExportError extends Error {
  override name = 'AuditExportError';
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const clean = (s: string) => s.replace(CONTROL, ' ');

const WORDS = {
  zh: {
    title: '导诊机操作记录',
    exported: '导出时间',
    site: '站点',
    filter: '筛选',
    all: '全部',
    count: (n: number) => `共 ${n} 条，最新的在最前面。`,
    check: '检查项',
  },
  en: {
    title: 'Kiosk audit log',
    exported: 'Exported',
    site: 'Site',
    filter: 'Filter',
    all: 'all',
    count: (n: number) => `${n} ${n === 1 ? 'entry' : 'entries'}, newest first.`,
    check: 'check',
  },
} as const;

const pad = (n: number) => String(n).padStart(2, '0');
const localStamp = (d: Date) =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;

export function matchesFilter(e: AuditEntry, f: AuditFilter): boolean {
  return (f.action === undefined || e.action === f.action) && (f.result === undefined || e.result === f.result);
}

/** The text of the export: a heading, then one line per entry: local time, kind, sentence, code. */
export function auditText(entries: readonly AuditEntry[], lang: Lang, f: AuditFilter, meta: { site: string; now: Date }): string {
  const w = WORDS[lang];
  const kind = `${f.action ? describeAuditAction(f.action, lang) : w.all} / ${f.result ? describeAuditResult(f.result, lang) : w.all}`;
  const lines = [w.title, `${w.exported}: ${localStamp(meta.now)}`, `${w.site}: ${clean(meta.site)}`, `${w.filter}: ${kind}`, w.count(entries.length), ''];
  for (const e of [...entries].reverse()) {
    const t = new Date(e.time);
    const when = Number.isNaN(t.getTime()) ? clean(e.time) : localStamp(t);
    lines.push(clean(`${when}  ${describeAuditKind(e, lang)}  ${describeAudit(e, lang)}  [${auditCode(e)}]`));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * The folders an export may go to, best first: the folders holding the packs found on the sticks
 * (where IT staff look), then the configured pack folders themselves.
 */
export function exportFolders(packFolders: readonly string[], found: readonly FoundPack[]): string[] {
  const out: string[] = [];
  for (const p of found) if (!out.includes(dirname(p.file))) out.push(dirname(p.file));
  for (const f of packFolders) if (!out.includes(f)) out.push(f);
  return out;
}

/** A name not taken in the folder: kiosk-audit-20261202-013000.txt, then -2, -3 … */
function freeName(folder: string, now: Date): string {
  const base = `kiosk-audit-${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  for (let i = 1; i < 100; i++) {
    const name = `${base}${i === 1 ? '' : `-${i}`}.txt`;
    if (!lstatSync(join(folder, name), { throwIfNoEntry: false })) return name;
  }
  throw new AuditExportError(`There are too many audit exports in ${folder} for this second; try again.`);
}

const isFolder = (dir: string) => lstatSync(dir, { throwIfNoEntry: false })?.isDirectory() === true;

/**
 * Writes the filtered log into the first folder that takes it. Refused in one sentence when there
 * is no stick, or no folder of it can be written (a write-protected stick, a link in the way).
 */
export function exportAuditLog(dataDir: string, folders: readonly string[], opts: { lang: Lang; filter: AuditFilter; site: string; now?: Date }): AuditExport {
  const now = opts.now ?? new Date();
  const entries = readAuditLog(dataDir, AUDIT_EXPORT_MAX).filter((e) => matchesFilter(e, opts.filter));
  const text = auditText(entries, opts.lang, opts.filter, { site: opts.site, now });
  const real = folders.filter(isFolder);
  if (!real.length) throw new AuditExportError('No USB stick or pack folder was found: insert the stick, then export again.');
  const problems: string[] = [];
  for (const folder of real) {
    let file: string;
    try {
      file = join(folder, freeName(folder, now));
    } catch (e) {
      problems.push((e as Error).message);
      continue;
    }
    const why = unsafeTarget(file);
    if (why) {
      problems.push(`${file} was not written: ${why}`);
      continue;
    }
    try {
      writeFileAtomic(file, text, { plain: true });
      return { file, name: file.slice(folder.length).replace(/^[\\/]+/, ''), folder, entries: entries.length, bytes: Buffer.byteLength(text) };
    } catch (e) {
      problems.push(`${folder} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
  throw new AuditExportError(
    `The audit log could not be written to the USB stick: ${problems.join('; ')}. The stick may be write-protected or full; try another stick.`,
  );
}
