/**
 * What a route's floor maps say beside the route, for the visitor's page and the printed slip
 * alike: how the route leaves a floor (the next lift, stairs or escalator step). Pure.
 */
import type { Directions, Lang } from '../../shared';

/** How the route leaves a floor, in one language: the text of the next change of floor, without its full stop. */
export function leaveText(d: Directions, floorId: string, lang: Lang): string | undefined {
  const legIndex = d.route.legs.findIndex((l) => l.floor === floorId);
  const next = d.route.legs[legIndex + 1];
  if (legIndex < 0 || !next) return undefined;
  const step = d.route.steps.find((s) => (s.kind === 'lift' || s.kind === 'stairs' || s.kind === 'escalator') && s.floor === next.floor);
  return step ? step.text[lang].replace(/[。.]$/, '') : undefined;
}

/** The points of the route on a floor (none when the route does not cross it). */
export function floorPoints(d: Directions, floorId: string): { x: number; y: number }[] {
  return d.route.legs.find((l) => l.floor === floorId)?.points ?? [];
}
