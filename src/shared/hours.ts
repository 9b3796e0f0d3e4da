/**
 * Open now or closed now, from a department's (or place's) opening hours and the kiosk's clock,
 * in the kiosk's local time. Only structured hours count: every line of the hours must carry its
 * `weekly` periods; hours given only as free text, or as a placeholder, answer 'unknown' (the
 * kiosk never guesses a time from text). No imports but other shared modules: the UI bundles
 * this file and recomputes the state as its clock moves; the server computes it for the API.
 */
import type { OpeningHours, Placeholder } from './content.js';
import { DATE, TIME, minutes } from './schedule.js';

export { DATE as HOURS_DATE, TIME as HOURS_TIME };

/** How long before closing the state turns to 'closes-soon'. */
export const CLOSES_SOON_MINUTES = 30;

/** A time of a day ahead: ISO weekday (1 = Monday … 7 = Sunday), its local date and "HH:MM". */
export interface OpeningTime {
  weekday: number;
  date: string;
  time: string;
  /** 0 = today, 1 = tomorrow, … */
  inDays: number;
}

export type OpenState =
  /** Open, and not closing within CLOSES_SOON_MINUTES. */
  | { state: 'open'; closes: OpeningTime }
  /** Open, closing within CLOSES_SOON_MINUTES. */
  | { state: 'closes-soon'; closes: OpeningTime }
  /** Closed now, opening later today. */
  | { state: 'opens-at'; opens: OpeningTime }
  /** Closed for the rest of today; `opens` is the next opening within a week, or null. */
  | { state: 'closed'; opens: OpeningTime | null }
  /** The hours are not given in a form the kiosk can read (a placeholder, or free text only). */
  | { state: 'unknown' };

const pad = (n: number) => String(n).padStart(2, '0');
const localDate = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const isoWeekday = (d: Date) => ((d.getDay() + 6) % 7) + 1;
const hhmm = (m: number) => `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;

/** Does every line of the hours carry weekly periods (so the kiosk can say whether it is open)? */
export function hoursStructured(hours: Placeholder | OpeningHours | null | undefined): hours is OpeningHours {
  if (!hours || !Array.isArray(hours) || hours.length === 0) return false;
  return hours.every((h) => Array.isArray(h.weekly) && h.weekly.length > 0);
}

/** The open intervals of one local day, in minutes from its midnight, merged and sorted. */
function dayIntervals(hours: OpeningHours, day: Date): [number, number][] {
  const date = localDate(day);
  const wd = isoWeekday(day);
  const out: [number, number][] = [];
  for (const line of hours) {
    if (line.closedOn?.includes(date)) continue;
    for (const p of line.weekly ?? []) {
      if (!p.weekdays.includes(wd) || !TIME.test(p.from) || !TIME.test(p.to)) continue;
      const from = minutes(p.from);
      const to = minutes(p.to);
      if (from < to) out.push([from, to]);
    }
  }
  out.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const iv of out) {
    const last = merged[merged.length - 1];
    if (last && iv[0] <= last[1]) last[1] = Math.max(last[1], iv[1]);
    else merged.push([...iv]);
  }
  return merged;
}

/** The kiosk's local day `n` days after `now`'s (midday, so a DST change cannot move the date). */
function dayAfter(now: Date, n: number): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + n, 12, 0, 0, 0);
}

function at(day: Date, m: number, inDays: number): OpeningTime {
  return { weekday: isoWeekday(day), date: localDate(day), time: hhmm(m), inDays };
}

/**
 * Whether the hours say open at `now` (the kiosk's local time): open, closing soon, opening later
 * today, closed (with the next opening within a week), or unknown when the hours are a
 * placeholder or not every line has weekly periods. An opening that runs to 24:00 and on from
 * 00:00 the next day is one opening: it closes when the later one does.
 */
export function openState(hours: Placeholder | OpeningHours | null | undefined, now: Date): OpenState {
  if (!hoursStructured(hours)) return { state: 'unknown' };
  const m = now.getHours() * 60 + now.getMinutes();
  const days = Array.from({ length: 9 }, (_, n) => dayAfter(now, n));
  const spans = days.map((d) => dayIntervals(hours, d));
  const today = spans[0]!;
  const current = today.find(([from, to]) => m >= from && m < to);
  if (current) {
    // Follow the opening across midnight while the next day opens at 00:00.
    let end = current[1];
    let n = 0;
    while (end === 24 * 60 && n < 8 && spans[n + 1]![0]?.[0] === 0) {
      n++;
      end = spans[n]![0]![1];
    }
    const left = n * 24 * 60 + end - m;
    const closes = at(days[n]!, end === 24 * 60 ? 24 * 60 : end, n);
    return { state: left <= CLOSES_SOON_MINUTES ? 'closes-soon' : 'open', closes };
  }
  const later = today.find(([from]) => from > m);
  if (later) return { state: 'opens-at', opens: at(days[0]!, later[0], 0) };
  for (let n = 1; n <= 7; n++) {
    const first = spans[n]![0];
    if (first) return { state: 'closed', opens: at(days[n]!, first[0], n) };
  }
  return { state: 'closed', opens: null };
}
