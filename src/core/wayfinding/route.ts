/**
 * Routes over the content's walking graph: the shortest way from the kiosk's point to a
 * department's point (Dijkstra over lengths in metres), step-free unless the stairs are asked
 * for, turned into numbered steps in both languages (turning where the edges' drawn geometry
 * turns) and into per-floor polylines along that geometry for drawing over the floor plans.
 *
 * Pure: works on the validated Wayfinding document, no I/O.
 */
import { edgeStepFree } from '../../shared/content.js';
import type { Floor, LText, MapEdge, MapPoint, Wayfinding } from '../content/schema.js';
import type { Route, RouteLeg, RouteStep } from '../../shared/results.js';

export type { Route, RouteLeg, RouteStep } from '../../shared/results.js';

interface Adjacent {
  to: string;
  edge: MapEdge;
}

export class NoRouteError extends Error {
  override name = 'NoRouteError';
}

function graph(w: Wayfinding, stepFree: boolean): Map<string, Adjacent[]> {
  const adj = new Map<string, Adjacent[]>(w.points.map((p) => [p.id, []]));
  for (const e of w.edges) {
    if (stepFree && !edgeStepFree(e)) continue;
    adj.get(e.from)?.push({ to: e.to, edge: e });
    adj.get(e.to)?.push({ to: e.from, edge: e });
  }
  return adj;
}

/** Dijkstra with a simple binary heap; graphs are small (hundreds of points). */
function shortestPath(adj: Map<string, Adjacent[]>, from: string, to: string): { path: string[]; edges: MapEdge[] } | undefined {
  const dist = new Map<string, number>([[from, 0]]);
  const prev = new Map<string, Adjacent & { from: string }>();
  const heap: [number, string][] = [[0, from]];
  const push = (item: [number, string]) => {
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p]![0] <= heap[i]![0]) break;
      [heap[p], heap[i]] = [heap[i]!, heap[p]!];
      i = p;
    }
  };
  const pop = (): [number, string] | undefined => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heap[l]![0] < heap[m]![0]) m = l;
        if (r < heap.length && heap[r]![0] < heap[m]![0]) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i]!, heap[m]!];
        i = m;
      }
    }
    return top;
  };
  const done = new Set<string>();
  for (let cur = pop(); cur; cur = pop()) {
    const [d, id] = cur;
    if (done.has(id)) continue;
    done.add(id);
    if (id === to) break;
    for (const a of adj.get(id) ?? []) {
      const nd = d + a.edge.length;
      if (nd < (dist.get(a.to) ?? Infinity)) {
        dist.set(a.to, nd);
        prev.set(a.to, { ...a, from: id });
        push([nd, a.to]);
      }
    }
  }
  if (!done.has(to)) return undefined;
  const path = [to];
  const edges: MapEdge[] = [];
  for (let id = to; id !== from;) {
    const p = prev.get(id)!;
    edges.unshift(p.edge);
    path.unshift(p.from);
    id = p.from;
  }
  return { path, edges };
}

const round5 = (m: number) => Math.max(5, Math.round(m / 5) * 5);

type XY = { x: number; y: number };

function turn(a: XY, b: XY, c: XY): 'left' | 'right' | 'straight' {
  const ux = b.x - a.x;
  const uy = b.y - a.y;
  const vx = c.x - b.x;
  const vy = c.y - b.y;
  const cross = ux * vy - uy * vx; // plan y points down, so a positive cross product is a right turn
  const dot = ux * vx + uy * vy;
  const angle = Math.abs((Math.atan2(cross, dot) * 180) / Math.PI);
  if (angle < 30) return 'straight';
  return cross > 0 ? 'right' : 'left';
}

/** Does the way double back on itself at b (a turn of more than 170 degrees)? */
function doublesBack(a: XY, b: XY, c: XY): boolean {
  const ux = b.x - a.x;
  const uy = b.y - a.y;
  const vx = c.x - b.x;
  const vy = c.y - b.y;
  if ((!ux && !uy) || (!vx && !vy)) return false;
  const angle = Math.abs((Math.atan2(ux * vy - uy * vx, ux * vx + uy * vy) * 180) / Math.PI);
  return angle > 170;
}

const dist = (a: XY, b: XY) => Math.hypot(b.x - a.x, b.y - a.y);

const isVertical = (e: MapEdge): e is MapEdge & { kind: 'lift' | 'stairs' | 'escalator' } => e.kind === 'lift' || e.kind === 'stairs' || e.kind === 'escalator';

/**
 * The plan points an edge is walked along, from `a` to `b` (its own geometry, turned round when
 * the route walks it backwards), without its two ends.
 */
export function edgeVia(e: MapEdge, a: MapPoint): XY[] {
  const via = e.via ?? [];
  return e.from === a.id ? via : [...via].reverse();
}

/** A point of the drawn way: a point of the graph (node) or of an edge's geometry, and the metres walked from the one before. */
interface Vertex extends XY {
  node?: MapPoint;
  metres: number;
}

/**
 * One stretch of walking on one floor (between the start, a lift or stairs, and the end) as the
 * points it passes, each edge's length shared out over its drawn pieces by their length on the plan.
 *
 * Where the way runs out and straight back (a junction reached from the side by an edge's
 * geometry, then left the way it came), the spike is cut off: nobody walks to a junction and
 * back, so the junction is skipped and the way goes straight on.
 */
export function walkVertices(path: MapPoint[], edges: MapEdge[]): Vertex[] {
  const v: Vertex[] = [{ x: path[0]!.x, y: path[0]!.y, node: path[0]!, metres: 0 }];
  edges.forEach((e, i) => {
    const a = path[i]!;
    const b = path[i + 1]!;
    const pts: XY[] = [a, ...edgeVia(e, a), b];
    const lengths = pts.slice(1).map((q, k) => dist(pts[k]!, q));
    const total = lengths.reduce((n, l) => n + l, 0);
    pts.slice(1).forEach((q, k) => {
      const metres = total > 0 ? (e.length * lengths[k]!) / total : k === lengths.length - 1 ? e.length : 0;
      v.push(k === lengths.length - 1 ? { x: b.x, y: b.y, node: b, metres } : { x: q.x, y: q.y, metres });
    });
  });
  for (let i = 1; i < v.length - 1;) {
    const [a, b, c] = [v[i - 1]!, v[i]!, v[i + 1]!];
    if (!doublesBack(a, b, c)) {
      i++;
      continue;
    }
    // c lies back between a and b, or beyond a: the walk from a to c is a share of a→b or of b→c.
    const back = dist(b, c) <= dist(a, b);
    c.metres = back ? (b.metres * dist(a, c)) / (dist(a, b) || 1) : (c.metres * dist(a, c)) / (dist(b, c) || 1);
    v.splice(i, 1);
    i = Math.max(1, i - 1);
  }
  return v;
}

function placeName(p: MapPoint, floors: Map<string, Floor>): LText {
  if (p.name) return p.name;
  const f = floors.get(p.floor)?.name ?? { zh: p.floor, en: p.floor };
  const kind: Record<MapPoint['kind'], LText> = {
    kiosk: { zh: '导诊机', en: 'the kiosk' },
    entrance: { zh: '入口', en: 'the entrance' },
    junction: { zh: '路口', en: 'the junction' },
    lift: { zh: '电梯', en: 'the lift' },
    stairs: { zh: '楼梯', en: 'the stairs' },
    escalator: { zh: '扶梯', en: 'the escalator' },
    department: { zh: '科室', en: 'the department' },
    service: { zh: '服务点', en: 'the service point' },
  };
  return { zh: `${f.zh}${kind[p.kind].zh}`, en: kind[p.kind].en };
}

const TURN: Record<'left' | 'right', LText> = { left: { zh: '左转', en: 'turn left' }, right: { zh: '右转', en: 'turn right' } };

/** Said in the first step when the plan is a sample, so that the steps never pass for the real building. */
export const SAMPLE_ROUTE: LText = { zh: '这是示意图上的路线，并非医院实际布局。', en: "This route is on a sample plan, not the hospital's real layout." };

/** The path cut where it changes floor: walking stretches, and the lift, stairs or escalator between them. */
function stretches(
  path: MapPoint[],
  edges: MapEdge[],
): { walk: Vertex[]; floor: string; then?: MapEdge & { kind: 'lift' | 'stairs' | 'escalator' }; to?: MapPoint }[] {
  const out: ReturnType<typeof stretches> = [];
  let from = 0;
  for (let i = 0; i <= edges.length; i++) {
    const e = edges[i];
    if (e && !isVertical(e)) continue;
    out.push({ walk: walkVertices(path.slice(from, i + 1), edges.slice(from, i)), floor: path[from]!.floor, ...(e ? { then: e, to: path[i + 1]! } : {}) });
    from = i + 1;
  }
  return out;
}

/** Numbered, bilingual steps, turning where the drawn way turns. */
function describe(w: Wayfinding, parts: ReturnType<typeof stretches>, destination: LText): RouteStep[] {
  const floors = new Map(w.floors.map((f) => [f.id, f]));
  const start = parts[0]!.walk[0]!.node!;
  const sample = w.placeholder ? SAMPLE_ROUTE : undefined;
  const steps: RouteStep[] = [
    {
      kind: 'start',
      floor: start.floor,
      text: {
        zh: `您在这里：${placeName(start, floors).zh}（${floors.get(start.floor)!.name.zh}）。${sample ? sample.zh : ''}`,
        en: `You are here: ${placeName(start, floors).en} (${floors.get(start.floor)!.name.en}).${sample ? ` ${sample.en}` : ''}`,
      },
    },
  ];
  const walk = (floor: string, metres: number, there: LText | undefined, then: LText | undefined) => {
    const m = round5(metres);
    const to = there ? { zh: `到${there.zh}`, en: ` to ${there.en}` } : { zh: '', en: '' };
    steps.push({
      kind: 'walk',
      floor,
      metres: m,
      text: then
        ? { zh: `步行约${m}米${to.zh}，然后${then.zh}。`, en: `Walk about ${m} m${to.en}, then ${then.en}.` }
        : { zh: `步行约${m}米${to.zh}。`, en: `Walk about ${m} m${to.en}.` },
    });
  };
  parts.forEach((part, n) => {
    const v = part.walk;
    let walked = 0;
    for (let i = 1; i < v.length; i++) {
      walked += v[i]!.metres;
      const here = v[i]!;
      if (i === v.length - 1) {
        // The end of the stretch: the destination, or the lift or stairs to take.
        walk(part.floor, walked, n === parts.length - 1 ? destination : placeName(here.node!, floors), undefined);
      } else {
        const bends = turn(v[i - 1]!, here, v[i + 1]!);
        if (bends === 'straight') continue; // keep walking: merge into one step
        walk(part.floor, walked, here.node ? placeName(here.node, floors) : undefined, TURN[bends]);
      }
      walked = 0;
    }
    if (part.then && part.to) {
      const fl = floors.get(part.to.floor)!.name;
      const how: Record<'lift' | 'stairs' | 'escalator', LText> = {
        lift: { zh: `乘电梯到${fl.zh}`, en: `Take the lift to ${fl.en}` },
        stairs: { zh: `走楼梯到${fl.zh}`, en: `Take the stairs to ${fl.en}` },
        escalator: { zh: `乘扶梯到${fl.zh}`, en: `Take the escalator to ${fl.en}` },
      };
      const kind = part.then.kind;
      steps.push({ kind, floor: part.to.floor, text: { zh: `${how[kind].zh}。`, en: `${how[kind].en}.` } });
    }
  });
  const end = parts[parts.length - 1]!.walk.at(-1)!.node!;
  steps.push({
    kind: 'arrive',
    floor: end.floor,
    text: {
      zh: `到达${destination.zh}（${floors.get(end.floor)!.name.zh}）。`,
      en: `You have arrived at ${destination.en} (${floors.get(end.floor)!.name.en}).`,
    },
  });
  return steps;
}

/**
 * Route from one point to another; throws NoRouteError with a sentence when there is none.
 * Step-free (lifts and ramps, no stairs or escalators) unless the stairs are asked for: in a
 * hospital, the way everyone can take comes first.
 */
export function findRoute(w: Wayfinding, from: string, to: string, destination: LText, stepFree = true): Route {
  const points = new Map(w.points.map((p) => [p.id, p]));
  const a = points.get(from);
  const b = points.get(to);
  if (!a || !b) throw new NoRouteError(`The map has no point "${!a ? from : to}".`);
  const found = shortestPath(graph(w, stepFree), from, to);
  if (!found) {
    throw new NoRouteError(
      stepFree
        ? 'There is no step-free route on the map to this place; please ask at the information desk.'
        : 'The map has no route to this place; please ask at the information desk.',
    );
  }
  const path = found.path.map((id) => points.get(id)!);
  const parts = stretches(path, found.edges);
  const legs: RouteLeg[] = [];
  for (const part of parts) {
    const pts = part.walk.map((q) => ({ x: q.x, y: q.y }));
    const leg = legs[legs.length - 1];
    if (leg && leg.floor === part.floor) leg.points.push(...pts.slice(1));
    else legs.push({ floor: part.floor, points: pts });
  }
  const kinds = new Set(found.edges.map((e) => e.kind));
  const climb: Route['climb'] = found.edges.every(edgeStepFree) ? 'step-free' : kinds.has('stairs') ? 'stairs' : kinds.has('escalator') ? 'escalator' : 'steps';
  return {
    from,
    to,
    stepFree,
    climb,
    metres: Math.round(parts.reduce((n, p) => n + p.walk.reduce((m, q) => m + q.metres, 0), 0)),
    floors: [...new Set(legs.map((l) => l.floor))],
    legs,
    steps: describe(w, parts, destination),
  };
}

/** The directions as plain text for a QR code: readable by any phone camera with no network. */
export function directionsText(route: Route, lang: 'zh' | 'en', title: LText, website?: string): string {
  const lines = [title[lang], ...route.steps.map((s, i) => `${i + 1}. ${s.text[lang]}`)];
  if (website) lines.push(website);
  return lines.join('\n');
}
