/**
 * The baseline an install is measured against: a bare build of the same rows. It parses the
 * content source's JSON (the files the pack was made from), fills in the schema's defaults, and
 * writes the same tables and the same search index with the store's own writer, in one
 * transaction with the build's pragmas; no archive, no signature, no hashes, no schema
 * validation, no integrity check, no sync, no rename.
 */
import Database from 'better-sqlite3';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ContentWriter, migrate, type ContentDocuments } from '../db/store.js';
import type { Department } from '../src/core/content/schema.js';

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
const optional = (file: string): unknown => {
  try {
    return readJson(file);
  } catch {
    return undefined;
  }
};

type Raw = Record<string, unknown>;
const items = (list: unknown) => ((list as Raw[] | undefined) ?? []).map((it) => ({ keywords: [], ...it }));

/** What the schema's defaults add to a department read as plain JSON. */
function withDefaults(raw: Raw): Department {
  return {
    honours: [],
    partners: [],
    teaching: [],
    ...raw,
    figures: ((raw.figures as Raw[] | undefined) ?? []).map((f) => ({ qualifier: 'exact', ...f })),
    keywords: { zh: [], en: [], ...(raw.keywords as Raw | undefined) },
    services: items(raw.services),
    subspecialties: items(raw.subspecialties),
    equipment: items(raw.equipment),
  } as unknown as Department;
}

/** Build `sourceDir` bare into a new database file at `file`; returns the milliseconds it took. */
export function bareBuild(sourceDir: string, file: string): number {
  const t = performance.now();
  const maps: Record<string, string> = {};
  try {
    for (const f of readdirSync(join(sourceDir, 'maps'))) maps[`maps/${f}`] = readFileSync(join(sourceDir, 'maps', f), 'utf8');
  } catch {
    // no maps
  }
  const docs = {
    hospital: readJson(join(sourceDir, 'hospital.json')),
    wayfinding: optional(join(sourceDir, 'wayfinding.json')),
    symptoms: optional(join(sourceDir, 'symptoms.json')),
    visitorInfo: optional(join(sourceDir, 'visitor-info.json')),
    places: optional(join(sourceDir, 'places.json')),
    maps,
  } as unknown as ContentDocuments;
  const db = new Database(file);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('temp_store = FILE');
  db.pragma('cache_size = -4096');
  migrate(db);
  db.exec('BEGIN');
  const meta = { version: 1, packId: 'bare', builtIn: false, createdAt: new Date().toISOString(), expires: null, signers: [] };
  const writer = new ContentWriter(db, docs, meta, meta.createdAt, 'bare');
  const files = readdirSync(join(sourceDir, 'departments'))
    .filter((f) => f.endsWith('.json'))
    .sort();
  for (let i = 0; i < files.length; i += 200) {
    writer.addDepartments(files.slice(i, i + 200).map((f) => withDefaults(readJson(join(sourceDir, 'departments', f)) as Raw)));
  }
  const asset = db.prepare('INSERT INTO assets (path, mime, data) VALUES (?, ?, ?)');
  let images: string[] = [];
  try {
    images = readdirSync(join(sourceDir, 'images')).sort();
  } catch {
    // no photos
  }
  for (const f of images)
    if (statSync(join(sourceDir, 'images', f)).isFile()) asset.run(`images/${f}`, 'image/png', readFileSync(join(sourceDir, 'images', f)));
  writer.finish();
  db.exec('COMMIT');
  db.close();
  return performance.now() - t;
}

// Run on its own (`node --import tsx bench/bare-build.ts SOURCE FILE`), so it starts as cold as an install does.
if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const [source, file] = process.argv.slice(2);
  if (!source || !file) throw new Error('usage: bare-build.ts SOURCE-FOLDER DATABASE-FILE');
  const ms = bareBuild(source, file);
  process.stderr.write(`\nBENCH ${JSON.stringify({ ms, maxRssKb: process.resourceUsage().maxRSS, code: 0 })}\n`);
}
