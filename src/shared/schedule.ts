/**
 * When the screen is lit: the `displaySchedule` setting's opening hours per weekday, with
 * holidays that have hours of their own (or none: dark all day), read in the kiosk's local time.
 * Outside them the UI shows black (a touch lights it until the idle time passes) and
 * browser-kiosk mode turns the display off through DPMS where it can. No imports: the UI bundles
 * this file, and it is tested with a fake clock.
 */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A lit period, local time "HH:MM" to "HH:MM" ("24:00" for midnight at the end of the day). */
export type Period = readonly [string, string];

export interface DisplaySchedule {
  /** Each weekday's lit periods; a weekday not named, or with none, is dark all day. */
  days: Partial<Record<Weekday, readonly Period[]>>;
  /** Dates ("YYYY-MM-DD", local) whose periods replace their weekday's; none: dark all day. */
  holidays: Readonly<Record<string, readonly Period[]>>;
}

export const TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$/;
export const DATE = /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;

export const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const pad = (n: number) => String(n).padStart(2, '0');
const localDate = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** The periods that apply on `now`'s local date. */
export function periodsOn(s: DisplaySchedule, now: Date): readonly Period[] {
  const holiday = Object.hasOwn(s.holidays, localDate(now)) ? s.holidays[localDate(now)] : undefined;
  return holiday ?? s.days[WEEKDAYS[now.getDay()]!] ?? [];
}

/** The screen is lit at `now`: always without a schedule, else inside one of the day's periods. */
export function displayOn(s: DisplaySchedule | null | undefined, now: Date): boolean {
  if (!s) return true;
  const m = now.getHours() * 60 + now.getMinutes();
  return periodsOn(s, now).some(([from, to]) => m >= minutes(from) && m < minutes(to));
}
