/**
 * What a department page says first: where the department is and when it is open, from the
 * content and, where the content has no floor yet, from the department's point on the map (said
 * to come from the sample plan when the plan is one), so that the page never contradicts its
 * route. The facts not given yet are one list, said in one sentence that sends the visitor to the
 * information desk. Pure: content in, words out.
 */
import type { Department, Directions, Lang, LText } from '../../../shared/index.js';
import { isPlaceholder } from '../../lib/content.js';
import { t, tf, type TextKey } from '../../lib/i18n.js';

export type Fact = 'building' | 'floor' | 'room' | 'hours' | 'phone';

export interface WhereWhen {
  /** Building, floor and room as far as they are known, in reading order. */
  location: string[];
  /** The floor came from the map, not from the content's location. */
  floorFromMap: boolean;
  /** The map the floor came from is a sample. */
  floorFromSample: boolean;
  /** The facts not given yet, in the order a visitor asks for them. */
  unknown: Fact[];
}

/** The floor of the department's own map point, as the route names it. */
function mapFloor(directions: Directions | undefined): { name: LText; sample: boolean } | undefined {
  const floor = directions?.floors.at(-1);
  return floor ? { name: floor.name, sample: directions!.placeholder } : undefined;
}

export function whereWhen(d: Department, lang: Lang, directions?: Directions): WhereWhen {
  const L = d.location;
  const location: string[] = [];
  const unknown: Fact[] = [];
  let floorFromMap = false;
  let floorFromSample = false;
  if (isPlaceholder(L.building)) unknown.push('building');
  else location.push(L.building[lang]);
  if (!isPlaceholder(L.floor)) location.push(tf(lang, 'floorValue')(L.floor));
  else {
    const fromMap = mapFloor(directions);
    if (fromMap) {
      location.push(fromMap.name[lang]);
      floorFromMap = true;
      floorFromSample = fromMap.sample;
    } else unknown.push('floor');
  }
  if (isPlaceholder(L.room)) unknown.push('room');
  else location.push(L.room[lang]);
  if (isPlaceholder(d.hours)) unknown.push('hours');
  if (isPlaceholder(d.phone)) unknown.push('phone');
  return { location, floorFromMap, floorFromSample, unknown };
}

const FACT_KEY: Record<Fact, TextKey> = { building: 'building', floor: 'floor', room: 'room', hours: 'hours', phone: 'phone' };

/** Where the information desk is: the floors it is on, and whether that is from a sample plan. */
export interface Desk {
  floors: string;
  sample: boolean;
}

/** One sentence for every fact not given yet, and where the information desk is when known. */
export function notYetKnown(facts: readonly Fact[], lang: Lang, desk?: Desk): string {
  const names = facts.map((f, i) => {
    const name = t(lang, FACT_KEY[f]);
    return lang === 'en' && i > 0 ? name.toLowerCase() : name;
  });
  return tf(lang, 'notYetKnown')(names, desk);
}

/** The route in one line: how it changes floor (or that it stays on one) and how far it is. */
export function routeSummary(directions: Directions, lang: Lang): string {
  const { route } = directions;
  const climb = route.steps.filter((s) => s.kind === 'lift' || s.kind === 'stairs' || s.kind === 'escalator').map((s) => s.text[lang].replace(/[。.]$/, ''));
  const floor = directions.floors[0]?.name[lang] ?? '';
  const how = climb.length ? climb.join(lang === 'zh' ? '，' : ', ') : tf(lang, 'onFloor')(floor);
  const far = tf(lang, 'routeDistance')(route.metres);
  return lang === 'zh' ? `${how} · ${far}` : `${how[0]!.toUpperCase()}${how.slice(1)} · ${far[0]!.toLowerCase()}${far.slice(1)}`;
}
