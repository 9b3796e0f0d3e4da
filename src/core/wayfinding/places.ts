/**
 * Places and facilities as visitors see them: a summary of each (which floors, whether the kiosk
 * can show the way, whether its position is on a sample plan), and the way to the nearest of a
 * place's points ("the nearest toilet from this kiosk"), by walking effort over the same graph
 * and with the same step-free rule as every other route.
 *
 * Pure apart from the directions' QR code; works on validated content documents.
 */
import type { PlaceSummary } from '../../shared/index.js';
import { edgeStepFree } from '../../shared/content.js';
import type { Department, Lang, Place, Places, Wayfinding } from '../content/schema.js';
import { DirectionsError, directionsFor, type Directions, type DirectionsSource } from './directions.js';

export function placeSummary(p: Place, w: Wayfinding | undefined): PlaceSummary {
  const floorOf = new Map(w?.points.map((pt) => [pt.id, pt.floor]) ?? []);
  const onMap = p.points.filter((id) => floorOf.has(id));
  const used = new Set(onMap.map((id) => floorOf.get(id)!));
  const floors = (w?.floors ?? []).filter((f) => used.has(f.id)).sort((a, b) => a.level - b.level);
  return {
    id: p.id,
    kind: p.kind,
    name: p.name,
    synonyms: p.synonyms,
    hours: p.hours ?? null,
    note: p.note ?? null,
    home: p.home,
    floors: floors.map((f) => ({ id: f.id, name: f.name })),
    points: onMap.length,
    routable: onMap.length > 0,
    sample: !!w?.placeholder,
  };
}

export function placeSummaries(places: Places | undefined, w: Wayfinding | undefined): PlaceSummary[] {
  return places?.places.map((p) => placeSummary(p, w)) ?? [];
}

/** The Emergency Department, when the content lists it: the first place of kind 'emergency'. */
export function emergencyPlace(places: Places | undefined): Place | undefined {
  return places?.places.find((p) => p.kind === 'emergency');
}

/**
 * The point of `targets` nearest to `from` by walking effort (lifts count at their equivalent
 * length, as in every route), or undefined when none can be reached; Dijkstra stopped at the
 * first target reached.
 */
export function nearestPoint(w: Wayfinding, from: string, targets: readonly string[], stepFree: boolean): string | undefined {
  const wanted = new Set(targets);
  if (wanted.has(from)) return from;
  const adj = new Map<string, { to: string; length: number }[]>();
  for (const e of w.edges) {
    if (stepFree && !edgeStepFree(e)) continue;
    for (const [a, b] of [
      [e.from, e.to],
      [e.to, e.from],
    ] as const) {
      let list = adj.get(a);
      if (!list) adj.set(a, (list = []));
      list.push({ to: b, length: e.length });
    }
  }
  const dist = new Map<string, number>([[from, 0]]);
  const done = new Set<string>();
  // The graphs are small (hundreds of points): a scan for the nearest open point is enough.
  for (;;) {
    let cur: string | undefined;
    let best = Infinity;
    for (const [id, d] of dist) {
      if (!done.has(id) && d < best) {
        best = d;
        cur = id;
      }
    }
    if (cur === undefined) return undefined;
    if (wanted.has(cur)) return cur;
    done.add(cur);
    for (const a of adj.get(cur) ?? []) {
      const nd = best + a.length;
      if (nd < (dist.get(a.to) ?? Infinity)) dist.set(a.to, nd);
    }
  }
}

/** Directions from the kiosk to the nearest point of `place`; DirectionsError with a sentence when there are none. */
export async function placeDirections(
  source: DirectionsSource,
  place: Place,
  opts: { kioskPoint: string | null; stepFree: boolean; lang: Lang },
): Promise<Directions> {
  const w = source.document('wayfinding');
  if (!w) throw new DirectionsError('This content has no map yet, so the kiosk cannot show directions; please ask at the information desk.');
  const known = new Set(w.points.map((p) => p.id));
  const points = place.points.filter((p) => known.has(p));
  if (!points.length) throw new DirectionsError(`${place.name.en} is not on the map yet; please ask at the information desk.`);
  const from = opts.kioskPoint ?? w.defaultKioskPoint;
  const to = nearestPoint(w, from, points, opts.stepFree);
  if (!to) {
    throw new DirectionsError(
      opts.stepFree
        ? 'There is no step-free route on the map to this place; please ask at the information desk.'
        : 'The map has no route to this place; please ask at the information desk.',
    );
  }
  // directionsFor reads a destination's id, name, web address and map point, nothing else.
  const destination = { id: place.id, name: place.name, location: { point: to } } as unknown as Department;
  return directionsFor(source, destination, opts);
}
