/** The displaySchedule setting (src/shared/schedule.ts, src/core/settings.ts): lit hours per weekday and holidays, with a fake clock. */
import { describe, expect, it } from 'vitest';
import { displayOn, type DisplaySchedule } from '../../../src/shared/schedule.js';
import { parseSettings } from '../../../src/core/settings.js';

const weekdays = [
  ['07:30', '12:00'],
  ['13:00', '17:30'],
] as const;
const schedule: DisplaySchedule = {
  days: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays, sat: [['08:00', '12:00']] },
  holidays: { '2026-10-01': [], '2026-10-03': [['09:00', '11:00']] },
};
// Local times (the kiosk's clock): 2026-09-28 is a Monday.
const at = (date: string, time: string) => new Date(`${date}T${time}:00`);

describe('displayOn', () => {
  it('is lit inside a weekday’s periods and dark outside them, to the minute', () => {
    expect(displayOn(schedule, at('2026-09-28', '07:29'))).toBe(false);
    expect(displayOn(schedule, at('2026-09-28', '07:30'))).toBe(true);
    expect(displayOn(schedule, at('2026-09-28', '12:30'))).toBe(false); // lunch
    expect(displayOn(schedule, at('2026-09-28', '17:29'))).toBe(true);
    expect(displayOn(schedule, at('2026-09-28', '17:30'))).toBe(false);
    expect(displayOn(schedule, at('2026-10-03', '08:30'))).toBe(false); // a Saturday holiday: its own hours
    expect(displayOn(schedule, at('2026-10-03', '10:00'))).toBe(true);
    expect(displayOn(schedule, at('2026-10-04', '10:00'))).toBe(false); // Sunday: not named, dark
  });
  it('a holiday with no periods is dark all day, whatever its weekday', () => {
    expect(displayOn(schedule, at('2026-10-01', '10:00'))).toBe(false); // a Thursday
    expect(displayOn(schedule, at('2026-10-08', '10:00'))).toBe(true); // the Thursday after
  });
  it('without a schedule the screen is always lit', () => {
    expect(displayOn(null, at('2026-10-04', '03:00'))).toBe(true);
  });
  it('"24:00" closes at midnight', () => {
    expect(displayOn({ days: { mon: [['20:00', '24:00']] }, holidays: {} }, at('2026-09-28', '23:59'))).toBe(true);
  });
});

describe('the displaySchedule setting', () => {
  it('takes a good schedule, and holidays may be left out', () => {
    const r = parseSettings({ displaySchedule: { days: { mon: [['08:00', '17:00']] } } });
    expect(r.warnings).toEqual([]);
    expect(r.settings.displaySchedule).toEqual({ days: { mon: [['08:00', '17:00']] }, holidays: {} });
  });
  it('names what is wrong with a bad one and keeps the screen always lit', () => {
    const bad: [unknown, RegExp][] = [
      [{ days: { mon: [['8:00', '17:00']] } }, /"HH:MM"/],
      [{ days: { mon: [['17:00', '08:00']] } }, /start before its end/],
      [{ days: { monday: [['08:00', '17:00']] } }, /weekdays as sun, mon/],
      [{ days: {}, holidays: { '2026-13-01': [] } }, /"YYYY-MM-DD"/],
      [{ days: { mon: Array.from({ length: 9 }, () => ['08:00', '09:00']) } }, /at most 8 periods/],
      [{ days: { mon: [['08:00', '25:00']] } }, /"HH:MM"/],
      ['always', /"days" and "holidays"/],
    ];
    for (const [value, why] of bad) {
      const r = parseSettings({ displaySchedule: value });
      expect(r.settings.displaySchedule, JSON.stringify(value)).toBeNull();
      expect(r.warnings.join(' '), JSON.stringify(value)).toMatch(why);
      expect(r.warnings[0]).toMatch(/^kiosk\.json: "displaySchedule" .*using the default \(null\)\.$/);
    }
  });
});

describe('DPMS outside opening hours (browser-kiosk mode)', () => {
  it('turns the display off once closed and idle, again every ten minutes, and says once when it cannot', async () => {
    const { startDpmsSchedule, DPMS_REPEAT_MS } = await import('../../../src/cli/launch/dpms.js');
    const { vi } = await import('vitest');
    vi.useFakeTimers();
    try {
      let clock = at('2026-09-28', '17:00').getTime();
      let idle = true;
      const calls: number[] = [];
      const lines: string[] = [];
      const stop = startDpmsSchedule({
        schedule,
        isIdle: () => idle,
        now: () => new Date(clock),
        log: (l) => lines.push(l),
        forceOff: () => (calls.push(clock), { ok: false, why: 'xset is not installed' }),
      });
      const step = (ms: number) => {
        clock += ms;
        vi.advanceTimersByTime(ms);
      };
      expect(calls).toEqual([]); // open
      step(31 * 60_000); // 17:31: closed
      expect(calls.length).toBe(1);
      step(5 * 60_000);
      expect(calls.length).toBe(1);
      idle = false; // someone woke it and is using it
      step(DPMS_REPEAT_MS);
      expect(calls.length).toBe(1);
      idle = true;
      step(60_000);
      expect(calls.length).toBe(2);
      expect(lines).toEqual(['kiosk: the display cannot be turned off here (xset is not installed); outside opening hours the screen shows black instead.']);
      stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
