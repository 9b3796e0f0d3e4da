/**
 * Places and facilities on screen: the icon of each kind, and where a place is in one line
 * (its floors, said to come from the sample plan when the plan is one). Pure: content in, words out.
 */
import type { Lang, PlaceKind, PlaceSummary } from '../../../shared';
import type { IconName } from '../../kit/icons';
import { t } from '../../lib/i18n';

export const PLACE_ICON: Record<PlaceKind, IconName> = {
  emergency: 'siren',
  registration: 'receipt',
  pharmacy: 'pill',
  toilet: 'toilet',
  lift: 'lift',
  entrance: 'door',
  information: 'info',
  reports: 'printer',
  cafeteria: 'cup',
  parking: 'parking',
  cash: 'cash',
};

/** "1楼 · 2楼" / "Floor 1, Floor 2": the floors a place is on ('' when it is not on the map). */
export function placeFloors(p: PlaceSummary, lang: Lang): string {
  return p.floors.map((f) => f.name[lang]).join(lang === 'zh' ? ' · ' : ', ');
}

/** Where a place is, in one line, with "from the sample plan" when it is. */
export function placeWhere(p: PlaceSummary, lang: Lang): string {
  const floors = placeFloors(p, lang);
  if (!floors) return '';
  return p.sample ? `${floors}${lang === 'zh' ? '（' : ' ('}${t(lang, 'fromSamplePlan')}${lang === 'zh' ? '）' : ')'}` : floors;
}
