/**
 * Routes over the content's walking graph: the shortest way from the kiosk's point to a
 * department's point (Dijkstra over lengths in metres), optionally step-free, turned into numbered
 * steps in both languages and into per-floor polylines for drawing over the floor plans.
 *
 * Pure: works on the validated Wayfinding document, no I/O.
 */
import { edgeStepFree, type Floor, type LText, type MapEdge, type MapPoint, type Wayfinding } from '../content/schema.js';

export interface RouteStep {
  kind: 'start' | 'walk' | 'lift' | 'stairs' | 'escalator' | 'arrive';
  text: LText;
  floor: string;
  metres?: number;
}

export interface RouteLeg {
  floor: string;
  points: { x: number; y: number }[];
}

export interface Route {
  from: string;
  to: string;
  stepFree: boolean;
  metres: number;
  /** Floors in the order the route visits them. */
  floors: string[];
  legs: RouteLeg[];
  steps: RouteStep[];
}

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
  for (let id = to; id !== from; ) {
    const p = prev.get(id)!;
    edges.unshift(p.edge);
    path.unshift(p.from);
    id = p.from;
  }
  return { path, edges };
}

const round5 = (m: number) => Math.max(5, Math.round(m / 5) * 5);

function turn(a: MapPoint, b: MapPoint, c: MapPoint): 'left' | 'right' | 'straight' {
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

/** Numbered, bilingual steps from the path. */
function describe(w: Wayfinding, path: MapPoint[], edges: MapEdge[], destination: LText): RouteStep[] {
  const floors = new Map(w.floors.map((f) => [f.id, f]));
  const start = path[0]!;
  const steps: RouteStep[] = [
    {
      kind: 'start',
      floor: start.floor,
      text: { zh: `您在这里：${placeName(start, floors).zh}（${floors.get(start.floor)!.name.zh}）。`, en: `You are here: ${placeName(start, floors).en} (${floors.get(start.floor)!.name.en}).` },
    },
  ];
  let walked = 0;
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i]!;
    const a = path[i]!;
    const b = path[i + 1]!;
    if (e.kind === 'lift' || e.kind === 'stairs' || e.kind === 'escalator') {
      const fl = floors.get(b.floor)!.name;
      const how: Record<typeof e.kind, LText> = {
        lift: { zh: `乘电梯到${fl.zh}`, en: `Take the lift to ${fl.en}` },
        stairs: { zh: `走楼梯到${fl.zh}`, en: `Take the stairs to ${fl.en}` },
        escalator: { zh: `乘扶梯到${fl.zh}`, en: `Take the escalator to ${fl.en}` },
      };
      steps.push({ kind: e.kind, floor: b.floor, text: { zh: `${how[e.kind].zh}。`, en: `${how[e.kind].en}.` } });
      continue;
    }
    walked += e.length;
    const next = edges[i + 1];
    const c = path[i + 2];
    const bends = next && c && (next.kind === 'walk' || next.kind === 'ramp') ? turn(a, b, c) : 'straight';
    const last = i === edges.length - 1;
    const vertical = next && !(next.kind === 'walk' || next.kind === 'ramp');
    if (!last && !vertical && bends === 'straight') continue; // keep walking: merge into one step
    const m = round5(walked);
    walked = 0;
    const there = last ? destination : placeName(b, floors);
    const then = !last && !vertical && bends !== 'straight' ? TURN[bends] : undefined;
    steps.push({
      kind: 'walk',
      floor: b.floor,
      metres: m,
      text: then
        ? { zh: `步行约${m}米到${there.zh}，然后${then.zh}。`, en: `Walk about ${m} m to ${there.en}, then ${then.en}.` }
        : { zh: `步行约${m}米到${there.zh}。`, en: `Walk about ${m} m to ${there.en}.` },
    });
  }
  const end = path[path.length - 1]!;
  steps.push({
    kind: 'arrive',
    floor: end.floor,
    text: { zh: `到达${destination.zh}（${floors.get(end.floor)!.name.zh}）。`, en: `You have arrived at ${destination.en} (${floors.get(end.floor)!.name.en}).` },
  });
  return steps;
}

/** Route from one point to another; throws NoRouteError with a sentence when there is none. */
export function findRoute(w: Wayfinding, from: string, to: string, destination: LText, stepFree = false): Route {
  const points = new Map(w.points.map((p) => [p.id, p]));
  const a = points.get(from);
  const b = points.get(to);
  if (!a || !b) throw new NoRouteError(`The map has no point "${!a ? from : to}".`);
  const found = shortestPath(graph(w, stepFree), from, to);
  if (!found) {
    throw new NoRouteError(stepFree ? 'There is no step-free route on the map to this place; please ask at the information desk.' : 'The map has no route to this place; please ask at the information desk.');
  }
  const path = found.path.map((id) => points.get(id)!);
  const legs: RouteLeg[] = [];
  for (const p of path) {
    const leg = legs[legs.length - 1];
    if (leg && leg.floor === p.floor) leg.points.push({ x: p.x, y: p.y });
    else legs.push({ floor: p.floor, points: [{ x: p.x, y: p.y }] });
  }
  return {
    from,
    to,
    stepFree,
    metres: Math.round(found.edges.reduce((n, e) => n + (e.kind === 'walk' || e.kind === 'ramp' ? e.length : 0), 0)),
    floors: [...new Set(legs.map((l) => l.floor))],
    legs,
    steps: describe(w, path, found.edges, destination),
  };
}

/** The directions as plain text for a QR code: readable by any phone camera with no network. */
export function directionsText(route: Route, lang: 'zh' | 'en', title: LText, website?: string): string {
  const lines = [title[lang], ...route.steps.map((s, i) => `${i + 1}. ${s.text[lang]}`)];
  if (website) lines.push(website);
  return lines.join('\n');
}
