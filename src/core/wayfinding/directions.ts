/**
 * Directions for a department as the kiosk shows them: the route from where this kiosk stands,
 * the floor plans it crosses, and a QR code carrying the steps as plain text (so any phone camera
 * shows them with no network), titled with how the route climbs (step-free or by the stairs),
 * plus the department's web address when the content has one.
 */
import type { Department, Floor, Lang, LText } from '../content/schema.js';
import { directionsText, findRoute, NoRouteError, type Route } from './route.js';

export interface DirectionsSource {
  document(name: 'wayfinding'): import('../content/schema.js').Wayfinding | undefined;
  drawing(path: string): string | undefined;
}

export interface Directions {
  department: { id: string; name: LText };
  /** The map is a sample drawn to show how directions work, not the real building. */
  placeholder: boolean;
  note: LText | null;
  route: Route;
  /** The floors the route crosses, in order, with their plans as SVG text. */
  floors: (Floor & { svg: string })[];
  /**
   * The way a visitor faces at the kiosk, in degrees clockwise from the top of the plans (the
   * kiosk point's heading, 0 when it has none): the plans are shown turned so that it is up.
   */
  heading: number;
  /** The directions as text and as an SVG QR code, in the language asked for. */
  text: string;
  qrSvg: string;
}

/** How the route gets between floors, as the QR code's title says it. */
export const CLIMB: Record<Route['climb'], LText> = {
  'step-free': { zh: '无台阶', en: 'step-free' },
  stairs: { zh: '走楼梯', en: 'by the stairs' },
  escalator: { zh: '乘扶梯', en: 'by the escalator' },
  steps: { zh: '有台阶', en: 'with steps' },
};

export class DirectionsError extends Error {
  override name = 'DirectionsError';
}

export async function directionsFor(
  source: DirectionsSource,
  department: Department,
  opts: { kioskPoint: string | null; stepFree: boolean; lang: Lang },
): Promise<Directions> {
  const w = source.document('wayfinding');
  if (!w) throw new DirectionsError('This content has no map yet, so the kiosk cannot show directions; please ask at the information desk.');
  const to = department.location.point;
  if (!to) throw new DirectionsError(`${department.name.en} is not on the map yet; please ask at the information desk.`);
  const from = opts.kioskPoint ?? w.defaultKioskPoint;
  let route: Route;
  try {
    route = findRoute(w, from, to, department.name, opts.stepFree);
  } catch (e) {
    if (e instanceof NoRouteError) throw new DirectionsError(e.message);
    throw e;
  }
  const byId = new Map(w.floors.map((f) => [f.id, f]));
  const floors = route.floors.map((id) => {
    const f = byId.get(id)!;
    return { ...f, svg: source.drawing(f.plan) ?? '' };
  });
  const how = CLIMB[route.climb];
  const title: LText = { zh: `去${department.name.zh}的路线（${how.zh}）`, en: `Directions to ${department.name.en} (${how.en})` };
  const text = directionsText(route, opts.lang, title, department.website);
  const { default: QRCode } = await import('qrcode'); // loaded when first needed, not at start-up
  const qrSvg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: '#0b2530', light: '#ffffff' } });
  const heading = w.points.find((p) => p.id === from)?.heading ?? 0;
  return { department: { id: department.id, name: department.name }, placeholder: w.placeholder, note: w.note ?? null, route, floors, heading, text, qrSvg };
}
