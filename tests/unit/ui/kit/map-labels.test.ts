/**
 * The floor plan's label placer and the plan's turn: labels never on each other, the route's
 * lines or its marks, always inside the plan; required labels always shown; the same input
 * always gives the same layout; a heading of 90° puts the plan's right at the top.
 */
import { describe, expect, it } from 'vitest';
import { placeLabels, segmentHitsBox, viewOf, type Box, type LabelRequest, type Obstacles } from '../../../../src/ui/kit/map-labels.js';

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** A small deterministic generator, so the "random" plans are the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function crowdedPlan(seed: number): { labels: LabelRequest[]; obstacles: Obstacles; bounds: { w: number; h: number } } {
  const r = rng(seed);
  const bounds = { w: 1000, h: 600 };
  // An L-shaped route with a mark at each end, like a route to a lift.
  const pts = [
    { x: 500, y: 460 },
    { x: 500, y: 300 },
    { x: 620, y: 300 },
    { x: 620, y: 190 },
  ];
  const obstacles: Obstacles = {
    lines: pts.slice(1).map((b, i) => ({ a: pts[i]!, b, width: 16 })),
    badges: [
      { c: pts[0]!, r: 29 },
      { c: pts[3]!, r: 15 },
    ],
  };
  const labels: LabelRequest[] = [
    { id: 'here', w: 130, h: 30, anchor: pts[0]!, mode: 'around', gap: 29, priority: 100, required: true },
    { id: 'via', w: 190, h: 30, anchor: pts[3]!, mode: 'around', gap: 15, priority: 80, required: true },
    { id: 'sample', w: 260, h: 28, anchor: { x: 0, y: 0 }, mode: 'corner', corners: ['top-right', 'bottom-right'], priority: 70, required: true },
    { id: 'title', w: 80, h: 34, anchor: { x: 0, y: 0 }, mode: 'corner', priority: 60, required: true },
  ];
  for (let i = 0; i < 24; i++) {
    labels.push({
      id: `room-${i}`,
      w: 40 + r() * 140,
      h: 24 + r() * 8,
      anchor: { x: 40 + r() * 920, y: 40 + r() * 520 },
      mode: 'centre',
      priority: 10 - i / 1000,
    });
  }
  return { labels, obstacles, bounds };
}

describe('label placer', () => {
  it('keeps every shown label inside the plan and clear of the others, the route and its marks', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const { labels, obstacles, bounds } = crowdedPlan(seed);
      const placed = placeLabels(labels, obstacles, bounds);
      const shown = placed.filter((p) => p.box && !p.crowded).map((p) => p.box!);
      expect(shown.length, `seed ${seed}`).toBeGreaterThan(8);
      for (const [i, a] of shown.entries()) {
        expect(a.x >= 0 && a.y >= 0 && a.x + a.w <= bounds.w && a.y + a.h <= bounds.h, `seed ${seed} inside`).toBe(true);
        for (const b of shown.slice(i + 1)) expect(overlaps(a, b), `seed ${seed} ${JSON.stringify([a, b])}`).toBe(false);
        for (const l of obstacles.lines!) {
          const grown = { x: a.x - l.width / 2, y: a.y - l.width / 2, w: a.w + l.width, h: a.h + l.width };
          expect(segmentHitsBox(l.a, l.b, grown), `seed ${seed} route`).toBe(false);
        }
        for (const d of obstacles.badges!) {
          const nx = Math.max(a.x, Math.min(d.c.x, a.x + a.w));
          const ny = Math.max(a.y, Math.min(d.c.y, a.y + a.h));
          expect(Math.hypot(d.c.x - nx, d.c.y - ny), `seed ${seed} badge`).toBeGreaterThanOrEqual(d.r);
        }
      }
    }
  });

  it('always shows the required labels, and leaves out a room name with no clear place', () => {
    const { labels, obstacles, bounds } = crowdedPlan(7);
    const placed = placeLabels(labels, obstacles, bounds);
    for (const id of ['here', 'via', 'sample', 'title']) expect(placed.find((p) => p.id === id)!.box).not.toBeNull();
    // Forty names on one spot: one goes there, the rest around it until there is no room left.
    const pile: LabelRequest[] = Array.from({ length: 40 }, (_, i) => ({ id: `n${i}`, w: 120, h: 30, anchor: { x: 60, y: 40 }, mode: 'centre', priority: 1 }));
    const out = placeLabels(pile, {}, { w: 300, h: 200 });
    expect(out.filter((p) => p.box).length).toBeGreaterThan(1);
    expect(out.filter((p) => !p.box).length).toBeGreaterThan(0);
  });

  it('puts a callout beside its mark, and a room name on its anchor when nothing is in the way', () => {
    const [here, room] = placeLabels(
      [
        { id: 'here', w: 100, h: 30, anchor: { x: 500, y: 300 }, mode: 'around', gap: 20, priority: 100, required: true },
        { id: 'room', w: 80, h: 24, anchor: { x: 200, y: 200 }, mode: 'centre', priority: 1 },
      ],
      { badges: [{ c: { x: 500, y: 300 }, r: 20 }] },
      { w: 1000, h: 600 },
    );
    expect(here!.box).toEqual({ x: 450, y: 300 - 20 - 4 - 30, w: 100, h: 30 }); // just above the mark
    expect(room!.box).toEqual({ x: 160, y: 188, w: 80, h: 24 });
  });

  it('takes labels by priority, then in the order given, and gives the same layout every time', () => {
    const a: LabelRequest = { id: 'a', w: 100, h: 30, anchor: { x: 200, y: 100 }, mode: 'centre', priority: 1 };
    const b: LabelRequest = { id: 'b', w: 100, h: 30, anchor: { x: 200, y: 100 }, mode: 'centre', priority: 5 };
    const [pa, pb] = placeLabels([a, b], {}, { w: 400, h: 300 });
    expect(pb!.box).toEqual({ x: 150, y: 85, w: 100, h: 30 }); // the higher priority gets the anchor
    expect(pa!.box).not.toEqual(pb!.box);
    const { labels, obstacles, bounds } = crowdedPlan(3);
    expect(placeLabels(labels, obstacles, bounds)).toEqual(placeLabels(labels, obstacles, bounds));
  });

  it('tells a line through a box from one beside it', () => {
    const box = { x: 10, y: 10, w: 20, h: 10 };
    expect(segmentHitsBox({ x: 0, y: 15 }, { x: 40, y: 15 }, box)).toBe(true);
    expect(segmentHitsBox({ x: 20, y: 0 }, { x: 20, y: 5 }, box)).toBe(false);
    expect(segmentHitsBox({ x: 0, y: 0 }, { x: 40, y: 40 }, box)).toBe(true);
    expect(segmentHitsBox({ x: 0, y: 30 }, { x: 40, y: 30 }, box)).toBe(false);
    expect(segmentHitsBox({ x: 15, y: 12 }, { x: 16, y: 13 }, box)).toBe(true); // wholly inside
  });
});

describe('the plan turned to the way the visitor faces', () => {
  it('leaves a heading of 0 as drawn', () => {
    const v = viewOf(1000, 600, 0);
    expect([v.w, v.h]).toEqual([1000, 600]);
    expect(v.toView({ x: 120, y: 300 })).toEqual({ x: 120, y: 300 });
  });

  it("puts the plan's right at the top for a visitor facing right (90°)", () => {
    const v = viewOf(1000, 600, 90);
    expect([v.w, v.h]).toEqual([600, 1000]);
    expect(v.toView({ x: 1000, y: 300 })).toEqual({ x: 300, y: 0 }); // the right edge's middle, now at the top
    expect(v.toView({ x: 0, y: 0 })).toEqual({ x: 0, y: 1000 }); // the top-left corner, now bottom-left
    expect(v.transform).toBe('translate(300 500) rotate(270) translate(-500 -300)');
  });

  it('turns a half turn and odd angles within their bounding box', () => {
    const half = viewOf(1000, 600, 180);
    expect(half.toView({ x: 0, y: 0 })).toEqual({ x: 1000, y: 600 });
    const odd = viewOf(1000, 600, 30);
    expect(odd.w).toBeCloseTo(1000 * Math.cos(Math.PI / 6) + 600 * Math.sin(Math.PI / 6));
    for (const corner of [
      { x: 0, y: 0 },
      { x: 1000, y: 0 },
      { x: 0, y: 600 },
      { x: 1000, y: 600 },
    ]) {
      const p = odd.toView(corner);
      expect(p.x).toBeGreaterThanOrEqual(-1e-6);
      expect(p.y).toBeGreaterThanOrEqual(-1e-6);
      expect(p.x).toBeLessThanOrEqual(odd.w + 1e-6);
      expect(p.y).toBeLessThanOrEqual(odd.h + 1e-6);
    }
  });
});
