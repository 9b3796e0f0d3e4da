/**
 * `kiosk content`: a content source to a spreadsheet and back, and a content source from the
 * hospital's directory service (a FHIR R4 bundle, as IHE mCSD profiles it).
 *
 *   kiosk content export SOURCE_DIR (--out FILE.xlsx | --csv DIR)
 *   kiosk content import (FILE.xlsx | --csv DIR) --out SOURCE_DIR
 *   kiosk content import-fhir BUNDLE.json --out SOURCE_DIR
 *
 * Whatever is written is written whole or not at all: a workbook under a temporary name renamed
 * over the old one, a folder built beside its target and renamed into place (src/core/content/source-folder.ts).
 */
import { lstatSync } from 'node:fs';
import { resolve } from 'node:path';
import { ContentError } from '../../core/content/source.js';
import { FhirError, fhirToSource, readBundle } from '../../core/content/fhir.js';
import { SheetError, sourceToTables, tablesToFiles } from '../../core/content/sheets.js';
import { FolderError, writeFolder } from '../../core/content/source-folder.js';
import { CSV_NAMES, readCsvFolder, readXlsx, tableToCsv, tablesToXlsx } from '../../core/content/workbook.js';
import { UnsafeFileError, writeFileAtomic } from '../../core/fs-safe.js';
import { CommandError, UsageError, parse, type Command } from '../args.js';

const USAGE = [
  'kiosk content export SOURCE_DIR (--out FILE.xlsx | --csv DIR)',
  'kiosk content import (FILE.xlsx | --csv DIR) --out SOURCE_DIR',
  'kiosk content import-fhir BUNDLE.json --out SOURCE_DIR',
].join('\n       ');

/** Problems as the command prints them: the first few, then how many more. */
function problemsText(intro: string, problems: readonly string[]): string {
  const shown = problems.slice(0, 20);
  const more = problems.length - shown.length;
  return [intro, ...shown.map((p) => `  ${p}`), ...(more > 0 ? [`  … and ${more} more.`] : [])].join('\n');
}

function refuse(e: unknown, what: string): never {
  if (e instanceof SheetError || e instanceof ContentError) throw new CommandError(problemsText(`${what}; nothing was written:`, e.problems));
  if (e instanceof FolderError || e instanceof UnsafeFileError || e instanceof FhirError) throw new CommandError(e.message);
  throw e;
}

async function exportContent(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { out: { type: 'string' }, csv: { type: 'string' } }, true);
  if (positionals.length !== 1) throw new UsageError('Name one content source folder, e.g. resources/content.');
  if ((values.out === undefined) === (values.csv === undefined))
    throw new UsageError('Give --out FILE.xlsx for a workbook or --csv DIR for one CSV file per sheet.');
  let tables;
  try {
    tables = sourceToTables(resolve(positionals[0]!));
  } catch (e) {
    refuse(e, `The content source ${positionals[0]} cannot be exported`);
  }
  const rows = tables.reduce((n, t) => n + t.rows.length, 0);
  try {
    if (values.out !== undefined) {
      if (!values.out.toLowerCase().endsWith('.xlsx')) throw new UsageError('--out must name an .xlsx file (use --csv DIR for CSV files).');
      writeFileAtomic(resolve(values.out), await tablesToXlsx(tables), { plain: true });
      console.log(`Wrote ${values.out}: ${tables.length} sheets, ${rows} rows.`);
    } else {
      writeFolder(values.csv!, new Map(tables.map((t) => [CSV_NAMES[t.name]!, tableToCsv(t)])));
      console.log(`Wrote ${tables.length} CSV files into ${values.csv}: ${rows} rows.`);
    }
  } catch (e) {
    refuse(e, 'The export was not written');
  }
  return 0;
}

async function importContent(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { out: { type: 'string' }, csv: { type: 'string' } }, true);
  if (!values.out) throw new UsageError('--out SOURCE_DIR is required: a new or empty folder, or one an earlier import wrote.');
  if ((positionals.length === 1) === (values.csv !== undefined)) throw new UsageError('Name one workbook (FILE.xlsx) or give --csv DIR, not both.');
  let files;
  try {
    let tables;
    if (values.csv !== undefined) {
      const st = lstatSync(values.csv, { throwIfNoEntry: false });
      if (!st?.isDirectory()) throw new CommandError(`--csv ${values.csv} is not a folder of CSV files.`);
      tables = readCsvFolder(resolve(values.csv));
    } else {
      tables = await readXlsx(resolve(positionals[0]!));
    }
    files = tablesToFiles(tables);
  } catch (e) {
    if (e instanceof CommandError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new CommandError(`${positionals[0] ?? values.csv} does not exist.`);
    refuse(e, 'The sheets are not valid content');
  }
  try {
    writeFolder(values.out, files);
  } catch (e) {
    refuse(e, 'The content source was not written');
  }
  const departments = [...files.keys()].filter((f) => f.startsWith('departments/')).length;
  console.log(`Wrote the content source ${values.out}: ${files.size} files, ${departments} department${departments === 1 ? '' : 's'}.`);
  return 0;
}

async function importFhir(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { out: { type: 'string' } }, true);
  if (positionals.length !== 1) throw new UsageError('Name one FHIR bundle (JSON), e.g. directory.json.');
  if (!values.out) throw new UsageError('--out SOURCE_DIR is required: a new or empty folder, or one an earlier import wrote.');
  let result;
  try {
    result = fhirToSource(readBundle(resolve(positionals[0]!)));
  } catch (e) {
    refuse(e, `The bundle ${positionals[0]} cannot be imported`);
  }
  for (const line of result.report) console.log(line);
  try {
    writeFolder(values.out, result.files);
  } catch (e) {
    refuse(e, 'The content source was not written');
  }
  console.log(`Wrote the content source ${values.out}: ${result.files.size} files.`);
  return 0;
}

export const contentCommand: Command = {
  summary: 'a content source to a spreadsheet (xlsx or CSV) and back, or from a FHIR R4 directory bundle',
  usage: USAGE,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub === 'export') return exportContent(rest);
    if (sub === 'import') return importContent(rest);
    if (sub === 'import-fhir') return importFhir(rest);
    throw new UsageError(sub ? `"${sub}" is not a content command; use export, import or import-fhir.` : 'Say what to do: export, import or import-fhir.');
  },
};
