/**
 * Where a floor plan's labels go: a small deterministic placer, and the turn that puts the way a
 * visitor faces at the top of the plan.
 *
 * Each label has an anchor (a room's middle, the route's start or end) and a list of candidate
 * boxes around it; labels are taken by priority (then in the order given) and each gets its first
 * candidate that stays inside the plan and clear of every box already placed, of the route's
 * lines and of the route's marks (badges). A label that finds no clear place is left out, unless
 * it is required ("You are here", the destination, the floor's name, the sample-plan mark): then
 * it takes the candidate that overlaps least. A place over another label's anchor is taken only
 * when there is no other clear one. Same input, same layout.
 *
 * Pure: sizes in, boxes out (CSS px of the drawn map, y down). No DOM.
 */

export interface XY {
  x: number;
  y: number;
}

/** A box by its top-left corner and size. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface LabelRequest {
  id: string;
  /** Measured size of the label. */
  w: number;
  h: number;
  anchor: XY;
  /**
   * centre: on the anchor first, then around it (room names);
   * around: beside the anchor, `gap` away from it (callouts beside a mark);
   * corner: in the plan's corners, in the order of `corners` (the floor's name, the sample mark).
   */
  mode: 'centre' | 'around' | 'corner';
  /** How far a callout keeps from its anchor (the mark's radius). */
  gap?: number;
  corners?: readonly Corner[];
  /** Taken first. */
  priority: number;
  /** Shown even when no place is clear. */
  required?: boolean;
}

export type Corner = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';

export interface Obstacles {
  /** Boxes nothing may cover (the plan's own text, for instance). */
  boxes?: readonly Box[];
  /** The route's lines, each `width` wide. */
  lines?: readonly { a: XY; b: XY; width: number }[];
  /** The route's marks. */
  badges?: readonly { c: XY; r: number }[];
}

export interface Placed {
  id: string;
  /** Where the label goes, or null when it is left out. */
  box: Box | null;
  /** True when a required label found no clear place and overlaps something. */
  crowded: boolean;
}

/** Space kept between a label and anything else, in px. */
const PAD = 4;

function overlapArea(a: Box, b: Box): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function grow(b: Box, by: number): Box {
  return { x: b.x - by, y: b.y - by, w: b.w + 2 * by, h: b.h + 2 * by };
}

/** Does the segment a–b pass through the box? (Liang–Barsky clipping.) */
export function segmentHitsBox(a: XY, b: XY, box: Box): boolean {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [
    [-dx, a.x - box.x],
    [dx, box.x + box.w - a.x],
    [-dy, a.y - box.y],
    [dy, box.y + box.h - a.y],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) {
      if (t > t1) return false;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return false;
      if (t < t1) t1 = t;
    }
  }
  return t0 <= t1;
}

function circleHitsBox(c: XY, r: number, box: Box): boolean {
  const nx = Math.max(box.x, Math.min(c.x, box.x + box.w));
  const ny = Math.max(box.y, Math.min(c.y, box.y + box.h));
  return Math.hypot(c.x - nx, c.y - ny) < r;
}

/** Candidate boxes for a label, best first. */
export function candidates(l: LabelRequest, bounds: { w: number; h: number }): Box[] {
  const { w, h } = l;
  const at = (cx: number, cy: number): Box => ({ x: cx - w / 2, y: cy - h / 2, w, h });
  const { x, y } = l.anchor;
  if (l.mode === 'corner') {
    const m = PAD * 2;
    const spots: Record<Corner, Box> = {
      'top-left': { x: m, y: m, w, h },
      'top-right': { x: bounds.w - w - m, y: m, w, h },
      'bottom-left': { x: m, y: bounds.h - h - m, w, h },
      'bottom-right': { x: bounds.w - w - m, y: bounds.h - h - m, w, h },
    };
    return (l.corners ?? ['top-left', 'top-right', 'bottom-right', 'bottom-left']).map((c) => spots[c]);
  }
  const out: Box[] = [];
  const gap = (l.gap ?? 0) + PAD;
  if (l.mode === 'centre') out.push(at(x, y));
  // Rings around the anchor: above, below, right, left, then the four diagonals, ever further out.
  for (let ring = 0; ring < 4; ring++) {
    const d = gap + ring * (h + PAD);
    const dx = w / 2 + d;
    const dy = h / 2 + d;
    out.push(at(x, y - dy), at(x, y + dy), at(x + dx, y), at(x - dx, y));
    out.push(at(x + dx, y - dy), at(x - dx, y - dy), at(x + dx, y + dy), at(x - dx, y + dy));
    // Above and below, slid sideways: a wide label still touches its anchor near the plan's edge.
    out.push(at(x + w / 3, y - dy), at(x - w / 3, y - dy), at(x + w / 3, y + dy), at(x - w / 3, y + dy));
  }
  return out;
}

/**
 * Places the labels. `bounds` is the drawn plan's size; every label stays inside it (a label too
 * big for the plan is left out, or, when required, put at its first candidate pulled inside).
 */
export function placeLabels(labels: readonly LabelRequest[], obstacles: Obstacles, bounds: { w: number; h: number }): Placed[] {
  const order = labels.map((l, i) => ({ l, i })).sort((a, b) => b.l.priority - a.l.priority || a.i - b.i);
  const taken: Box[] = [];
  const fixed = obstacles.boxes ?? [];
  const lines = obstacles.lines ?? [];
  const badges = obstacles.badges ?? [];
  const result = new Map<string, Placed>();

  const inside = (b: Box) => b.x >= 0 && b.y >= 0 && b.x + b.w <= bounds.w && b.y + b.h <= bounds.h;
  /** How badly a box collides: 0 is clear. */
  const cost = (b: Box): number => {
    const g = grow(b, PAD);
    let c = 0;
    for (const t of taken) c += overlapArea(g, t) + (overlapArea(g, t) > 0 ? 1e6 : 0);
    for (const t of fixed) c += overlapArea(g, t) + (overlapArea(g, t) > 0 ? 1e5 : 0);
    for (const s of lines) if (segmentHitsBox(s.a, s.b, grow(b, PAD + s.width / 2))) c += 1e5;
    for (const d of badges) if (circleHitsBox(d.c, d.r + PAD, b)) c += 1e5;
    return c;
  };
  const pullInside = (b: Box): Box => ({
    ...b,
    x: Math.max(0, Math.min(b.x, bounds.w - b.w)),
    y: Math.max(0, Math.min(b.y, bounds.h - b.h)),
  });

  // Where the other labels belong: a label is kept off them when it can be, so that a room's
  // name never sits on the next room and reads as its name.
  const anchors = labels.filter((l) => l.mode !== 'corner').map((l) => ({ id: l.id, ...l.anchor }));
  const coversAnother = (b: Box, l: LabelRequest) =>
    anchors.some((a) => a.id !== l.id && (a.x !== l.anchor.x || a.y !== l.anchor.y) && a.x > b.x && a.x < b.x + b.w && a.y > b.y && a.y < b.y + b.h);

  for (const { l } of order) {
    const all = candidates(l, bounds);
    const fits = all.filter(inside);
    const clear = fits.find((b) => cost(b) === 0 && !coversAnother(b, l)) ?? fits.find((b) => cost(b) === 0);
    if (clear) {
      taken.push(clear);
      result.set(l.id, { id: l.id, box: clear, crowded: false });
      continue;
    }
    if (!l.required) {
      result.set(l.id, { id: l.id, box: null, crowded: false });
      continue;
    }
    const pool = fits.length ? fits : all.map(pullInside);
    let best = pool[0]!;
    let bestCost = cost(best);
    for (const b of pool.slice(1)) {
      const c = cost(b);
      if (c < bestCost) [best, bestCost] = [b, c];
    }
    taken.push(best);
    result.set(l.id, { id: l.id, box: best, crowded: true });
  }
  return labels.map((l) => result.get(l.id)!);
}

/**
 * The plan turned so that `heading` (degrees clockwise from the plan's top) points up: the size of
 * the turned plan's bounding box, where a plan point lands in it, and the SVG transform that does
 * the same to the drawing.
 */
export function viewOf(width: number, height: number, heading: number): { w: number; h: number; toView: (p: XY) => XY; transform: string } {
  const turn = (((-heading % 360) + 360) % 360) as number;
  const rad = (turn * Math.PI) / 180;
  const cos = Math.cos(rad);
  const sin = Math.sin(rad);
  // Round away the float noise of quarter turns, so a 90° turn of 1000 × 600 is exactly 600 × 1000.
  const clean = (n: number) => (Math.abs(n - Math.round(n)) < 1e-9 ? Math.round(n) : n);
  const w = clean(Math.abs(width * cos) + Math.abs(height * sin));
  const h = clean(Math.abs(width * sin) + Math.abs(height * cos));
  const cx = width / 2;
  const cy = height / 2;
  const toView = (p: XY): XY => {
    const dx = p.x - cx;
    const dy = p.y - cy;
    return { x: clean(w / 2 + dx * cos - dy * sin), y: clean(h / 2 + dx * sin + dy * cos) };
  };
  return { w, h, toView, transform: `translate(${w / 2} ${h / 2}) rotate(${turn}) translate(${-cx} ${-cy})` };
}
