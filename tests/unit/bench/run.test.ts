/**
 * The benchmarks' own checks: the synthetic content is the same for the same seed (so runs
 * compare like with like) and valid in both languages, and `npm run bench` runs end to end at a
 * tiny scale and writes its figures. The figures themselves are measured by `npm run bench`, never
 * asserted here.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSyntheticSource } from '../../../bench/generate.js';
import { loadContentSource } from '../../../src/core/content/source.js';
import { cleanTempDirs, tempDir } from '../../fixtures/packs/helpers.js';

const ROOT = resolve(import.meta.dirname, '../../..');

afterAll(cleanTempDirs);

/** Every file of a folder, by relative path, with its bytes. */
function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    if (statSync(join(dir, rel)).isFile()) out.set(rel, readFileSync(join(dir, rel)));
  }
  return out;
}

describe('synthetic content', () => {
  const opts = { departments: 12, rowsPerDepartment: 10, photos: 3, photoBytes: 5_000 };

  it('is the same for the same seed, and different for another', () => {
    const a = files(writeSyntheticSource(tempDir('kiosk-synth-'), { ...opts, seed: 7 }));
    const b = files(writeSyntheticSource(tempDir('kiosk-synth-'), { ...opts, seed: 7 }));
    const c = files(writeSyntheticSource(tempDir('kiosk-synth-'), { ...opts, seed: 8 }));
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [rel, bytes] of a) expect(bytes.equals(b.get(rel)!), rel).toBe(true);
    expect([...a].some(([rel, bytes]) => !bytes.equals(c.get(rel) ?? Buffer.alloc(0)))).toBe(true);
  });

  it('is valid content in both languages, with the rows and photos asked for', () => {
    const content = loadContentSource(writeSyntheticSource(tempDir('kiosk-synth-'), { ...opts, seed: 3 }));
    expect(content.departments).toHaveLength(12);
    for (const d of content.departments) {
      expect(d.name.zh).toMatch(/\p{Script=Han}/u);
      expect(d.name.en).toMatch(/^[A-Za-z' ]+ \d+$/);
      expect(d.services.length + d.equipment.length + d.keywords.zh.length + d.keywords.en.length).toBe(10);
    }
    expect(content.departments.filter((d) => d.photo)).toHaveLength(3);
  });
});

describe('npm run bench', () => {
  it('runs end to end at a tiny scale and writes its figures', () => {
    if (!existsSync(join(ROOT, 'dist/cli/kiosk.js'))) throw new Error('bench: the kiosk has not been built; run "npm run build" first.');
    const out = join(tempDir('kiosk-bench-out-'), 'figures.json');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--scale=0.005', '--only=packs,search', `--out=${out}`], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    const figures = JSON.parse(readFileSync(out, 'utf8')) as Record<string, number | string>;
    expect(figures.scale).toBe('0.005');
    // Every figure is there and a number (at this scale some times round to 0.00).
    const names = ['pack_mb', 'pack_s', 'verify_s', 'install_s', 'install_floor_s', 'install_vs_floor_ratio', 'install_peak_rss_mb', 'install_peak_rss_small_mb', 'install_rss_growth_ratio', 'search_p50_ms', 'search_p99_ms', 'like_mean_ms', 'search_vs_like_ratio'];
    for (const name of names) {
      expect(typeof figures[name], name).toBe('number');
      expect(figures[name], name).toBeGreaterThanOrEqual(0);
    }
    expect(figures.install_peak_rss_mb).toBeGreaterThan(20);
    expect(figures.install_peak_rss_mb).toBeLessThan(2000);
    expect(figures.install_vs_floor_ratio).toBeGreaterThan(0);
    expect(figures.search_p99_ms).toBeGreaterThanOrEqual(figures.search_p50_ms as number);
    // The table names every figure with its target.
    expect(r.stdout).toContain('| install_vs_floor_ratio |');
    expect(r.stdout).toContain('| search_p99_ms |');
    expect(r.stdout).toMatch(/\| search_p99_ms \| [\d.]+ \| <= 16 \|/);
  });
});
