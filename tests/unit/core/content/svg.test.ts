import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticSource } from '../../../../bench/generate.js';
import { checkSvg, ContentError, loadContentSource } from '../../../../src/core/content/source.js';
import { Kiosk } from '../../../../src/app/kiosk.js';
import { startHost, type RunningHost } from '../../../../src/host/server.js';
import { cspHeaders } from '../../../../electron/policy.js';
import { ATTACKS, benignPlan, REPORTED_PLAN } from '../../../fixtures/plans.js';
import { contentCopy, tempDir } from '../../helpers.js';

describe('floor plans: drawings that pass', () => {
  it('passes the built-in plans', () => {
    const maps = readdirSync('resources/content/maps').filter((f) => f.endsWith('.svg'));
    expect(maps.length).toBeGreaterThan(0);
    for (const f of maps) expect(checkSvg(`maps/${f}`, readFileSync(join('resources/content/maps', f), 'utf8')), f).toBeUndefined();
  });

  it('passes a plan as drawing tools export it: declaration, comments, gradients, <use>, markers, clips, masks, patterns', () => {
    const svg = benignPlan(20_000);
    expect(svg).toContain('<use href="#lift-icon"');
    expect(svg).toContain('xlink:href="#corridor"');
    expect(svg).toContain('mask="url(\'#fade\')"');
    expect(checkSvg('maps/floor-3.svg', svg)).toBeUndefined();
  });

  it('passes a real-sized plan of almost 2 MB, and refuses one over 2 MB', () => {
    const big = benignPlan(2 * 1024 * 1024 - 100);
    expect(Buffer.byteLength(big)).toBeGreaterThan(2_000_000);
    expect(checkSvg('maps/floor-9.svg', big)).toBeUndefined();
    const over = big.replace('</svg>', `${'<g/>'.repeat(100)}</svg>`);
    expect(checkSvg('maps/floor-9.svg', over)).toBe('maps/floor-9.svg: the drawing is larger than 2 MB.');
  });

  it('passes a byte-order mark, CDATA text and aria or data attributes', () => {
    const svg = '\uFEFF<svg xmlns="http://www.w3.org/2000/svg" aria-label="Plan" data-floor="1"><text><![CDATA[A & B]]></text></svg>';
    expect(checkSvg('maps/a.svg', svg)).toBeUndefined();
  });
});

describe('floor plans: drawings that are refused', () => {
  for (const a of ATTACKS) {
    it(`refuses ${a.name}, naming the file and what was found`, () => {
      const out = checkSvg('maps/floor-1.svg', a.svg);
      expect(out).toMatch(/^maps\/floor-1\.svg: /);
      expect(out).toMatch(a.found);
      expect(out).toMatch(/\.$/);
    });
  }

  it('refuses the reported plan, and names the line of what it found', () => {
    const svg = REPORTED_PLAN.replace('<s:script', '\n\n<s:script');
    expect(checkSvg('maps/lobby.svg', svg)).toBe('maps/lobby.svg: contains active content: the element <s:script> (line 3).');
  });

  it('refuses a content source whose plan is active, with the sentence, and keeps nothing of it', () => {
    const dir = contentCopy();
    writeFileSync(join(dir, 'maps', 'floor-2.svg'), REPORTED_PLAN);
    expect(() => loadContentSource(dir)).toThrow(ContentError);
    expect(() => loadContentSource(dir)).toThrow(/^maps\/floor-2\.svg: contains active content: the element <s:script>/);
  });

  it('still builds a content source from benign plans of every shape', () => {
    const dir = contentCopy();
    writeFileSync(join(dir, 'maps', 'floor-2.svg'), benignPlan(300_000));
    expect(loadContentSource(dir).maps['maps/floor-2.svg']).toContain('<title>三楼 · Floor 3</title>');
  });

  it('the bench generator\u2019s content (with the built-in plans beside it) still loads', () => {
    const dir = writeSyntheticSource(join(tempDir(), 'src'), { seed: 3, departments: 5, rowsPerDepartment: 3, photos: 0 });
    mkdirSync(join(dir, 'maps'), { recursive: true });
    for (const f of readdirSync('resources/content/maps')) writeFileSync(join(dir, 'maps', f), readFileSync(join('resources/content/maps', f)));
    expect(Object.keys(loadContentSource(dir).maps).sort()).toEqual(['maps/floor-1.svg', 'maps/floor-2.svg']);
  });
});

describe('SVG files served by the host and the shell', () => {
  let host: RunningHost;
  let kiosk: Kiosk;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kiosk-plans-'));
    kiosk = new Kiosk({ dataDir, warn: () => {} });
    const ui = join(dataDir, 'ui');
    mkdirSync(join(ui, 'assets'), { recursive: true });
    writeFileSync(join(ui, 'index.html'), '<!doctype html><title>ui</title>');
    writeFileSync(join(ui, 'assets', 'icon.svg'), REPORTED_PLAN);
    host = await startHost({ api: kiosk, uiDir: ui });
  });
  afterAll(async () => {
    await host.close();
    kiosk.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the host serves an .svg with a policy under which it can run and load nothing', async () => {
    const res = await fetch(new URL('/assets/icon.svg', host.url));
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain('sandbox');
    expect(csp).not.toContain("'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const page = await fetch(new URL('/', host.url));
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('the shell gives .svg files the same policy, and the UI its own', () => {
    const svg = cspHeaders('/ui/assets/icon.SVG')['Content-Security-Policy'];
    expect(svg).toContain("default-src 'none'");
    expect(svg).toContain('sandbox');
    expect(cspHeaders('/ui/index.html')['Content-Security-Policy']).toContain("script-src 'self'");
    expect(cspHeaders()['Content-Security-Policy']).toContain("script-src 'self'");
  });
});
