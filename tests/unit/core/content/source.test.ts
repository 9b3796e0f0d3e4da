import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentError, loadContentSource } from '../../../../src/core/content/source.js';
import { isPlaceholder } from '../../../../src/core/content/schema.js';
import { contentCopy } from '../../helpers.js';

function edit(dir: string, rel: string, change: (doc: Record<string, unknown>) => void): void {
  const file = join(dir, rel);
  const doc = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  change(doc);
  writeFileSync(file, JSON.stringify(doc));
}

function problemOf(dir: string): string {
  try {
    loadContentSource(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(ContentError);
    return (e as Error).message;
  }
  throw new Error('content was accepted');
}

describe('built-in content', () => {
  const content = loadContentSource('resources/content');

  it('holds both seed departments in both languages', () => {
    const names = content.departments.map((d) => [d.name.zh, d.name.en]);
    expect(names).toContainEqual(['血管外科', 'Vascular Surgery']);
    expect(names.map((n) => n[1])).toContain('General Ultrasound');
  });

  it('carries the seed figures for vascular surgery', () => {
    const vs = content.departments.find((d) => d.id === 'vascular-surgery')!;
    const fig = (key: string) => vs.figures.find((f) => f.key === key);
    expect(vs.figures.map((f) => f.value)).toEqual(expect.arrayContaining([50, 8]));
    expect(fig('beds')?.value).toBe(50);
    expect(vs.staff?.total?.value).toBe(51);
    expect(vs.partners).toHaveLength(3);
    expect(vs.honours.some((h) => h.year === 2012)).toBe(true);
  });

  it('carries the seed figures for general ultrasound', () => {
    const us = content.departments.find((d) => d.id === 'general-ultrasound')!;
    expect(us.established?.year).toBe(2013);
    expect(us.subspecialties).toHaveLength(5);
    expect(us.equipment.find((e) => e.count === 20)).toBeDefined();
    const volume = us.figures.find((f) => f.value === 190000);
    expect(volume?.qualifier).toBe('nearly');
  });

  it('marks facts the seeds lack as placeholders instead of inventing them', () => {
    for (const d of content.departments) {
      expect(isPlaceholder(d.location.floor)).toBe(true);
      expect(isPlaceholder(d.location.room)).toBe(true);
      expect(isPlaceholder(d.hours)).toBe(true);
      expect(isPlaceholder(d.phone)).toBe(true);
    }
    expect(isPlaceholder(content.hospital.phone)).toBe(true);
  });
});

describe('content validation names the file and the field', () => {
  it('an empty English name', () => {
    const dir = contentCopy();
    edit(dir, 'departments/vascular-surgery.json', (d) => ((d.name as { en: string }).en = '  '));
    expect(problemOf(dir)).toBe('departments/vascular-surgery.json: name.en must not be empty');
  });

  it('a missing Chinese summary', () => {
    const dir = contentCopy();
    edit(dir, 'departments/general-ultrasound.json', (d) => delete (d.summary as { zh?: string }).zh);
    expect(problemOf(dir)).toMatch(/^departments\/general-ultrasound\.json: summary\.zh /);
  });

  it('an unknown field', () => {
    const dir = contentCopy();
    edit(dir, 'hospital.json', (d) => (d.colour = 'blue'));
    expect(problemOf(dir)).toMatch(/^hospital\.json: .*colour/);
  });

  it('an id that does not match its file name', () => {
    const dir = contentCopy();
    edit(dir, 'departments/vascular-surgery.json', (d) => (d.id = 'surgery'));
    expect(problemOf(dir)).toBe('departments/vascular-surgery.json: id "surgery" must match the file name "vascular-surgery".');
  });

  it('a file that is not JSON', () => {
    const dir = contentCopy();
    writeFileSync(join(dir, 'hospital.json'), '{ "name": ');
    expect(problemOf(dir)).toMatch(/^hospital\.json: not valid JSON/);
  });

  it('a missing hospital file', () => {
    const dir = contentCopy();
    rmSync(join(dir, 'hospital.json'));
    expect(problemOf(dir)).toBe('hospital.json: the file is missing or cannot be read.');
  });

  it('no departments at all', () => {
    const dir = contentCopy();
    rmSync(join(dir, 'departments'), { recursive: true });
    expect(problemOf(dir)).toMatch(/at least one department/);
  });
});
