import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../../src/core/api/handlers.js';
import type { Directions } from '../../../../src/core/api/contract.js';
import { Wayfinding, type LText } from '../../../../src/core/content/schema.js';
import { checkSvg, ContentError, loadContentSource } from '../../../../src/core/content/source.js';
import { Kiosk } from '../../../../src/app/kiosk.js';
import { findRoute, NoRouteError } from '../../../../src/core/wayfinding/route.js';
import { contentCopy, tempDir } from '../../helpers.js';

const content = loadContentSource('resources/content');
const w = content.wayfinding!;
const vascular: LText = { zh: '血管外科', en: 'Vascular Surgery' };

describe('routes over the walking graph', () => {
  it('takes the lift by default: step-free, with numbered steps in both languages that say the plan is a sample', () => {
    const r = findRoute(w, 'lobby-kiosk', 'vascular-surgery', vascular);
    expect(r.stepFree).toBe(true);
    expect(r.climb).toBe('step-free');
    expect(r.floors).toEqual(['1F', '2F']);
    expect(r.steps.map((s) => s.kind)).toEqual(['start', 'walk', 'walk', 'walk', 'lift', 'walk', 'walk', 'arrive']);
    expect(r.steps[0]!.text.en).toBe("You are here: the lobby kiosk (Floor 1). This route is on a sample plan, not the hospital's real layout.");
    expect(r.steps[0]!.text.zh).toBe('您在这里：大厅导诊机（1楼）。这是示意图上的路线，并非医院实际布局。');
    expect(r.steps[1]!.text.en).toBe('Walk about 20 m to the central corridor, then turn right.');
    expect(r.steps[4]!.text.zh).toBe('乘电梯到2楼。');
    expect(r.steps.at(-1)!.text.en).toBe('You have arrived at Vascular Surgery (Floor 2).');
    expect(r.legs.map((l) => l.floor)).toEqual(['1F', '2F']);
  });

  it('takes the stairs when they are asked for', () => {
    const r = findRoute(w, 'lobby-kiosk', 'vascular-surgery', vascular, false);
    expect(r.climb).toBe('stairs');
    expect(r.steps.map((s) => s.kind)).toContain('stairs');
    expect(r.steps.map((s) => s.kind)).not.toContain('lift');
    expect(r.steps.find((s) => s.kind === 'stairs')!.text.zh).toBe('走楼梯到2楼。');
    expect(r.steps[1]!.text.en).toBe('Walk about 20 m to the central corridor, then turn left.');
  });

  it('says so when there is no step-free route', () => {
    const noLift = { ...w, edges: w.edges.filter((e) => e.kind !== 'lift') };
    expect(() => findRoute(noLift, 'lobby-kiosk', 'vascular-surgery', vascular, true)).toThrow(NoRouteError);
    expect(() => findRoute(noLift, 'lobby-kiosk', 'vascular-surgery', vascular, true)).toThrow(/no step-free route/);
  });

  it('stays on one floor for a department on the kiosk floor', () => {
    const r = findRoute(w, 'lobby-kiosk', 'general-ultrasound', { zh: '综合超声科', en: 'General Ultrasound' });
    expect(r.floors).toEqual(['1F']);
    expect(r.steps.map((s) => s.text.en)).toEqual([
      "You are here: the lobby kiosk (Floor 1). This route is on a sample plan, not the hospital's real layout.",
      'Walk about 20 m to the central corridor, then turn right.',
      'Walk about 45 m to General Ultrasound.',
      'You have arrived at General Ultrasound (Floor 1).',
    ]);
  });
});

describe('map validation', () => {
  const bad = (change: (x: Record<string, unknown>) => void) => {
    const copy = JSON.parse(JSON.stringify(w)) as Record<string, unknown>;
    change(copy);
    const r = Wayfinding.safeParse(copy);
    return r.success ? 'accepted' : r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ');
  };

  it('names edges to unknown points, stairs marked step-free, and lifts on one floor', () => {
    expect(bad((x) => ((x.edges as { to: string }[])[0]!.to = 'nowhere'))).toBe('edges.0.to names a point "nowhere" that is not listed');
    expect(bad((x) => Object.assign((x.edges as object[])[8]!, { stepFree: true }))).toBe('edges.8.stepFree stairs cannot be step-free');
    expect(bad((x) => Object.assign((x.edges as object[])[0]!, { kind: 'lift' }))).toBe('edges.0.kind a lift must join two floors');
  });

  it('refuses a department placed on a point the map does not have', () => {
    const dir = contentCopy();
    const file = join(dir, 'departments', 'vascular-surgery.json');
    const d = JSON.parse(readFileSync(file, 'utf8')) as { location: { point: string } };
    d.location.point = 'roof';
    writeFileSync(file, JSON.stringify(d));
    expect(() => loadContentSource(dir)).toThrow(ContentError);
    expect(() => loadContentSource(dir)).toThrow(
      'departments/vascular-surgery.json: location.point names a map point "roof" that wayfinding.json does not list',
    );
  });

  it('refuses floor plans with active content or remote references', () => {
    const svg = (body: string) => `<svg xmlns="http://www.w3.org/2000/svg">${body}</svg>`;
    expect(checkSvg('maps/a.svg', svg('<script>alert(1)</script>'))).toMatch(/active content/);
    expect(checkSvg('maps/a.svg', svg('<rect onclick="x()"/>'))).toMatch(/event-handler/);
    expect(checkSvg('maps/a.svg', svg('<use href="https://example.com/x.svg#a"/>'))).toMatch(/outside the drawing/);
    expect(checkSvg('maps/a.svg', '<html></html>')).toMatch(/not an SVG/);
    expect(checkSvg('maps/a.svg', readFileSync('resources/content/maps/floor-1.svg', 'utf8'))).toBeUndefined();
  });
});

describe('directions through the API', () => {
  it('gives the route, the plans it crosses and a QR code of the steps in the visitor language', async () => {
    const kiosk = new Kiosk({ dataDir: tempDir(), warn: () => {} });
    const out = await dispatch(kiosk, 'getDirections', { id: 'vascular-surgery', lang: 'en' });
    kiosk.close();
    if (!out.ok) throw new Error(out.error.message);
    const d = out.value as Directions;
    expect(d.placeholder).toBe(true);
    expect(d.floors.map((f) => f.id)).toEqual(['1F', '2F']);
    expect(d.floors[0]!.svg).toMatch(/^<svg/);
    // Step-free unless the stairs are asked for, and the QR code's text says which.
    expect(d.route.climb).toBe('step-free');
    expect(d.text.split('\n')[0]).toBe('Directions to Vascular Surgery (step-free)');
    expect(d.text).toContain('5. Take the lift to Floor 2.');
    expect(d.text).toContain('1. You are here: the lobby kiosk (Floor 1). This route is on a sample plan');
    expect(d.qrSvg).toMatch(/^<svg[^>]*viewBox/);
  });

  it('starts from the point the kiosk is set to stand at', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'kiosk.json'), JSON.stringify({ kioskPoint: 'main-entrance' }));
    const kiosk = new Kiosk({ dataDir: dir, warn: () => {} });
    const out = await dispatch(kiosk, 'getDirections', { id: 'general-ultrasound', lang: 'zh' });
    kiosk.close();
    if (!out.ok) throw new Error(out.error.message);
    expect((out.value as Directions).route.steps[0]!.text.zh).toBe('您在这里：正门（1楼）。这是示意图上的路线，并非医院实际布局。');
  });

  it('serves the symptom guide and visitor information from content', async () => {
    const kiosk = new Kiosk({ dataDir: tempDir(), warn: () => {} });
    const guide = await dispatch(kiosk, 'getSymptomGuide', {});
    const info = await dispatch(kiosk, 'getVisitorInfo', {});
    kiosk.close();
    expect(guide).toMatchObject({ ok: true, value: { areas: expect.arrayContaining([expect.objectContaining({ id: 'legs' })]) } });
    expect(info).toMatchObject({
      ok: true,
      value: { topics: expect.arrayContaining([expect.objectContaining({ id: 'parking', body: { placeholder: true } })]) },
    });
  });
});
