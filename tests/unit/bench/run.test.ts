/**
 * The benchmarks' own checks: the synthetic content is the same for the same seed (so runs
 * compare like with like) and valid in both languages, the labelled query set names only pages
 * the content has, and `npm run bench` runs end to end at a
 * tiny scale and writes its figures. The figures themselves are measured by `npm run bench`, never
 * asserted here.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeMixedSource, writeSyntheticSource } from '../../../bench/generate.js';
import { RECALL_SEED, RECALL_SYNTHETIC_DEPARTMENTS, buildMiniSearch, cjkTokenize, expectedPages, loadQueries, miniSearchPages } from '../../../bench/peers.js';
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

describe('the labelled query set', () => {
  it('has at least 150 queries of every kind, each answered by pages the content has', () => {
    const queries = loadQueries();
    expect(queries.length).toBeGreaterThanOrEqual(150);
    const kinds = new Set(queries.map((q) => q.kind));
    for (const k of ['zh-1', 'zh-2', 'zh-3', 'zh-4', 'pinyin', 'initials', 'en', 'lay', 'synonym', 'typo', 'place', 'emergency']) expect(kinds, k).toContain(k);
    const content = loadContentSource(
      writeMixedSource(tempDir('kiosk-recall-'), { seed: RECALL_SEED, departments: RECALL_SYNTHETIC_DEPARTMENTS, rowsPerDepartment: 20 }),
    );
    for (const q of queries) expect(expectedPages(q, content).size, q.query).toBeGreaterThan(0);
  });

  it('refuses a line naming a page the content lacks, or with conditions nothing meets', () => {
    const file = join(tempDir('kiosk-queries-'), 'q.tsv');
    const content = loadContentSource(writeMixedSource(tempDir('kiosk-recall-'), { seed: RECALL_SEED, departments: 10, rowsPerDepartment: 20 }));
    writeFileSync(file, 'kind,lang,query,expect,synthetic'.replaceAll(',', '\t') + '\nen\ten\tdentist\tdental-clinic\t\nen\ten\tx\t\tarea=火星\n');
    const [a, b] = loadQueries(file);
    expect(() => expectedPages(a!, content)).toThrow(/line 2 \("dentist"\): the content has no "dental-clinic"/);
    expect(() => expectedPages(b!, content)).toThrow(/line 3 \("x"\): nothing in the content answers it/);
    writeFileSync(file, 'kind\tlang\tquery\texpect\tsynthetic\nen\tfr\tbonjour\tgeneral-ultrasound\t\n');
    expect(() => loadQueries(file)).toThrow(/line 2: the language must be zh or en/);
  });

  it('MiniSearch is given the same documents, with Chinese as characters and bigrams and pinyin fields', () => {
    expect(cjkTokenize('血管外科 Vascular')).toEqual(['血', '管', '外', '科', '血管', '管外', '外科', 'vascular']);
    const content = loadContentSource(writeMixedSource(tempDir('kiosk-recall-'), { seed: RECALL_SEED, departments: 5, rowsPerDepartment: 20 }));
    const ms = buildMiniSearch(content);
    expect(miniSearchPages(ms, 'xgwk')[0]).toBe('vascular-surgery');
    expect(miniSearchPages(ms, '卫生间')[0]).toBe('place:toilets');
  });
});

describe('npm run bench', () => {
  it('runs end to end at a tiny scale and writes its figures', () => {
    if (!existsSync(join(ROOT, 'dist/cli/kiosk.js'))) throw new Error('bench: the kiosk has not been built; run "npm run build" first.');
    const out = join(tempDir('kiosk-bench-out-'), 'figures.json');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--scale=0.005', '--only=packs,search,peers,api,lan', `--out=${out}`], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    const figures = JSON.parse(readFileSync(out, 'utf8')) as Record<string, number | string>;
    expect(figures.scale).toBe('0.005');
    // Every figure is there and a number (at this scale some times round to 0.00).
    const names = [
      'pack_mb',
      'pack_s',
      'verify_s',
      'install_s',
      'install_floor_s',
      'install_vs_floor_ratio',
      'install_peak_rss_mb',
      'bare_build_s',
      'install_vs_bare_build_ratio',
      'install_peak_rss_small_mb',
      'install_rss_growth_ratio',
      'like_mean_ms',
      'search_vs_like_ratio',
      'search_recall_at_3',
      'minisearch_recall_at_3',
      'search_p50_ms',
      'search_p99_ms',
      'minisearch_p99_ms',
      'search_index_mb',
      'minisearch_index_mb',
      'api_p99_no_install_ms',
      'api_p99_during_install_ms',
      'api_calls_during_install',
      'api_errors_during_install',
      'lan_clients',
      'lan_calls',
      'lan_p99_ms',
      'lan_errors',
      'lan_rss_growth_pct',
      'lan_rss_second_half_growth_pct',
      'lan_live_heap_growth_pct',
    ];
    for (const name of names) {
      expect(typeof figures[name], name).toBe('number');
      if (!/^lan_(rss|live_heap)_/.test(name)) expect(figures[name], name).toBeGreaterThanOrEqual(0);
    }
    expect(figures.install_peak_rss_mb).toBeGreaterThan(20);
    expect(figures.install_peak_rss_mb).toBeLessThan(2000);
    expect(figures.install_vs_floor_ratio).toBeGreaterThan(0);
    expect(figures.install_vs_bare_build_ratio).toBeGreaterThan(0);
    expect(figures.search_p99_ms).toBeGreaterThanOrEqual(figures.search_p50_ms as number);
    // Recall is a share of the labelled queries; the misses are named.
    for (const k of ['search_recall_at_3', 'minisearch_recall_at_3'] as const)
      (expect(figures[k]).toBeGreaterThan(0.5), expect(figures[k]).toBeLessThanOrEqual(1));
    expect(typeof figures.search_recall_missed).toBe('string');
    expect(figures.minisearch_index_mb).toBeGreaterThan(0);
    // The calls were made and answered: during the install, and from every tablet.
    expect(figures.api_calls_during_install).toBeGreaterThan(0);
    expect(figures.api_errors_during_install).toBe(0);
    expect(figures.lan_calls).toBeGreaterThan(figures.lan_clients as number);
    expect(figures.lan_errors).toBe(0);
    // The table names every figure with its target, and which targets hold only at full scale.
    expect(r.stdout).toContain('| install_vs_floor_ratio |');
    expect(r.stdout).toMatch(/\| search_p99_ms \| [\d.]+ \| <= 16[^|]*\| at full scale only \|/);
    expect(r.stdout).toMatch(/\| search_recall_at_3 \| [\d.]+ \| >= 0.95 and above MiniSearch \| at any scale \|/);
    expect(String(figures.targets_at_full_scale_only)).toContain('install_vs_bare_build_ratio');
  }, 120_000); // some 10 s on an idle machine; the bench's own processes start cold
});
