/**
 * Routes drawn along the corridors: an edge's own geometry (`via`) in the drawn route and in the
 * turns of the steps, walked either way; a junction reached from the side and left the way the
 * route came is skipped; step-free first; the QR code's title says how the route climbs; and the
 * map's checks on the geometry, the labels and the kiosk's heading.
 */
import { describe, expect, it } from 'vitest';
import { Wayfinding, type LText } from '../../../../src/core/content/schema.js';
import { loadContentSource } from '../../../../src/core/content/source.js';
import { directionsFor } from '../../../../src/core/wayfinding/directions.js';
import { findRoute, walkVertices } from '../../../../src/core/wayfinding/route.js';

const w = loadContentSource('resources/content').wayfinding!;
const vascular: LText = { zh: '血管外科', en: 'Vascular Surgery' };

/** A corridor L: kiosk at the bottom, a corridor along y = 100, a room up a side passage. */
function plan(edge: Record<string, unknown>, more: Partial<Record<string, unknown>> = {}): Wayfinding {
  return Wayfinding.parse({
    placeholder: false,
    floors: [{ id: '1F', name: { zh: '一楼', en: 'Floor 1' }, level: 1, plan: 'maps/a.svg', width: 400, height: 300 }],
    points: [
      { id: 'k', floor: '1F', x: 100, y: 250, kind: 'kiosk', name: { zh: '导诊机', en: 'the kiosk' } },
      { id: 'j', floor: '1F', x: 100, y: 100, kind: 'junction', name: { zh: '走廊', en: 'the corridor' } },
      { id: 'r', floor: '1F', x: 300, y: 20, kind: 'department', name: { zh: '诊室', en: 'the clinic' } },
    ],
    edges: [{ from: 'k', to: 'j', length: 15 }, edge],
    defaultKioskPoint: 'k',
    ...more,
  });
}
const clinic: LText = { zh: '诊室', en: 'the clinic' };

/** Every drawn piece runs along x or along y (the sample plan's corridors all do). */
const axisAligned = (pts: { x: number; y: number }[]) => pts.slice(1).every((p, i) => p.x === pts[i]!.x || p.y === pts[i]!.y);

describe('edge geometry', () => {
  it("draws the route through the edge's points and turns where they turn", () => {
    const r = findRoute(plan({ from: 'j', to: 'r', length: 28, via: [{ x: 300, y: 100 }] }), 'k', 'r', clinic);
    expect(r.legs).toEqual([
      {
        floor: '1F',
        points: [
          { x: 100, y: 250 },
          { x: 100, y: 100 },
          { x: 300, y: 100 },
          { x: 300, y: 20 },
        ],
      },
    ]);
    expect(r.steps.map((s) => s.text.en)).toEqual([
      'You are here: the kiosk (Floor 1).',
      'Walk about 15 m to the corridor, then turn right.',
      // 28 m shared over 200 and 80 plan units: 20 m, then 8 m.
      'Walk about 20 m, then turn left.',
      'Walk about 10 m to the clinic.',
      'You have arrived at the clinic (Floor 1).',
    ]);
    expect(r.steps[2]!.text.zh).toBe('步行约20米，然后左转。');
    expect(r.metres).toBe(43);
  });

  it("walks an edge's points backwards when the route takes the edge from its far end", () => {
    const r = findRoute(plan({ from: 'r', to: 'j', length: 28, via: [{ x: 300, y: 100 }] }), 'k', 'r', clinic);
    expect(r.legs[0]!.points).toEqual([
      { x: 100, y: 250 },
      { x: 100, y: 100 },
      { x: 300, y: 100 },
      { x: 300, y: 20 },
    ]);
    expect(r.steps[2]!.text.en).toBe('Walk about 20 m, then turn left.');
  });

  it('without geometry, an edge is one straight piece, as before', () => {
    const r = findRoute(plan({ from: 'j', to: 'r', length: 28 }), 'k', 'r', clinic);
    expect(r.legs[0]!.points).toEqual([
      { x: 100, y: 250 },
      { x: 100, y: 100 },
      { x: 300, y: 20 },
    ]);
    expect(r.steps.map((s) => s.kind)).toEqual(['start', 'walk', 'walk', 'arrive']);
  });

  it('skips a junction reached from the side and left the way the route came', () => {
    // The stairs on Floor 2 meet the corridor west of its central junction; the way to Vascular
    // Surgery (further west) turns right there, never east to the junction and back.
    const r = findRoute(w, 'lobby-kiosk', 'vascular-surgery', vascular, false);
    const upstairs = r.legs.find((l) => l.floor === '2F')!.points;
    expect(upstairs).toEqual([
      { x: 380, y: 190 },
      { x: 380, y: 300 },
      { x: 250, y: 300 },
      { x: 120, y: 300 },
    ]);
    expect(r.steps.filter((s) => s.floor === '2F' && s.kind === 'walk').map((s) => s.text.en)).toEqual([
      'Walk about 5 m, then turn right.',
      'Walk about 30 m to Vascular Surgery.',
    ]);
    expect(r.steps.map((s) => s.text.en).join(' ')).not.toMatch(/central corridor, then turn left\. Walk about \d+ m to Vascular/);
  });

  it('cuts a spike at any point of the drawn way, sharing the metres by plan length', () => {
    const a = { id: 'a', floor: '1F', x: 0, y: 0, kind: 'junction' as const };
    const b = { id: 'b', floor: '1F', x: 100, y: 0, kind: 'junction' as const };
    const c = { id: 'c', floor: '1F', x: 40, y: 0, kind: 'junction' as const };
    const v = walkVertices(
      [a, b, c],
      [
        { from: 'a', to: 'b', length: 10, kind: 'walk' },
        { from: 'b', to: 'c', length: 6, kind: 'walk' },
      ],
    );
    expect(v.map((q) => [q.x, q.y])).toEqual([
      [0, 0],
      [40, 0],
    ]);
    expect(v[1]!.metres).toBeCloseTo(4);
  });

  it('draws the built-in sample routes along its corridors, lift and stairs alike', () => {
    for (const stepFree of [true, false]) {
      for (const to of ['vascular-surgery', 'general-ultrasound']) {
        const r = findRoute(w, 'lobby-kiosk', to, vascular, stepFree);
        for (const leg of r.legs) expect(axisAligned(leg.points), `${to} ${stepFree} ${JSON.stringify(leg.points)}`).toBe(true);
      }
    }
  });
});

describe('step-free first', () => {
  it('names the lift and not the stairs by default, and the stairs when asked', () => {
    const lift = findRoute(w, 'lobby-kiosk', 'vascular-surgery', vascular);
    expect(lift.steps.some((s) => /电梯/.test(s.text.zh) && /lift/.test(s.text.en))).toBe(true);
    expect(lift.steps.some((s) => /楼梯/.test(s.text.zh) || /stairs/i.test(s.text.en))).toBe(false);
    const stairs = findRoute(w, 'lobby-kiosk', 'vascular-surgery', vascular, false);
    expect(stairs.climb).toBe('stairs');
  });

  it("titles the QR code's text with how the route climbs, in the language asked for", async () => {
    const source = { document: () => w, drawing: () => '<svg xmlns="http://www.w3.org/2000/svg"/>' };
    const dept = { id: 'vascular-surgery', name: vascular, location: { point: 'vascular-surgery' } } as Parameters<typeof directionsFor>[1];
    const zh = await directionsFor(source, dept, { kioskPoint: null, stepFree: true, lang: 'zh' });
    expect(zh.text.split('\n')[0]).toBe('去血管外科的路线（无台阶）');
    expect(zh.text.split('\n')[1]).toContain('这是示意图上的路线');
    expect(zh.heading).toBe(0);
    const en = await directionsFor(source, dept, { kioskPoint: null, stepFree: false, lang: 'en' });
    expect(en.text.split('\n')[0]).toBe('Directions to Vascular Surgery (by the stairs)');
    expect(en.text).toContain('Take the stairs to Floor 2.');
    const turned = { ...w, points: w.points.map((p) => (p.id === 'lobby-kiosk' ? { ...p, heading: 90 } : p)) };
    expect((await directionsFor({ ...source, document: () => turned }, dept, { kioskPoint: null, stepFree: true, lang: 'en' })).heading).toBe(90);
  });
});

describe('map checks', () => {
  const issues = (w: unknown) => {
    const r = Wayfinding.safeParse(w);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
  };
  const base = () =>
    JSON.parse(JSON.stringify(w)) as { edges: Record<string, unknown>[]; points: Record<string, unknown>[]; floors: { labels: Record<string, unknown>[] }[] };

  it("accepts the built-in sample plan, with geometry, labels and the kiosk's heading", () => {
    expect(issues(base())).toEqual([]);
    expect(w.edges.filter((e) => e.via).length).toBeGreaterThanOrEqual(4);
    expect(w.floors.every((f) => f.labels.length > 0)).toBe(true);
  });

  it('refuses geometry on a lift, points off the plan, a heading on a point that is not a kiosk, and labels off the plan', () => {
    const x = base();
    const lift = x.edges.findIndex((e) => e.kind === 'lift');
    x.edges[lift]!.via = [{ x: 10, y: 10 }];
    x.edges[0]!.via = [
      { x: 500, y: 300 },
      { x: 1200, y: 300 },
    ];
    x.points[2]!.heading = 90;
    x.points[1]!.heading = 360;
    x.floors[0]!.labels[0]!.y = -5;
    expect(issues(x).sort()).toEqual(
      [
        `edges.${lift}.via only a walk or ramp edge on one floor is drawn along the way; a lift is not`,
        'edges.0.via.1 is outside the plan of 1F (1000 × 600)',
        'points.2.heading is for kiosk points only',
        'points.1.heading Too big: expected number to be <360',
        'floors.0.labels.0 is outside the plan (1000 × 600)',
      ].sort(),
    );
  });

  it('bounds the geometry an edge may carry', () => {
    const x = base();
    x.edges[0]!.via = Array.from({ length: 65 }, () => ({ x: 1, y: 1 }));
    expect(issues(x)[0]).toMatch(/^edges\.0\.via /);
    x.edges[0]!.via = [];
    expect(issues(x)[0]).toMatch(/^edges\.0\.via /);
  });
});
