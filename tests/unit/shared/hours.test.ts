/** Open now / closed now (src/shared/hours.ts) with a fake clock, and the schema's checks of structured hours (src/core/content/schema.ts). */
import { describe, expect, it } from 'vitest';
import { openState, type OpenState } from '../../../src/shared/hours.js';
import type { OpeningHours } from '../../../src/shared/content.js';
import { Department, OpeningHours as OpeningHoursSchema } from '../../../src/core/content/schema.js';
import { loadContentSource } from '../../../src/core/content/source.js';
import { builtInContentDir } from '../../../src/core/paths.js';

// Local times (the kiosk's clock): 2026-09-28 is a Monday.
const at = (date: string, time: string) => new Date(`${date}T${time}:00`);
const clinic: OpeningHours = [
  {
    days: { zh: '周一至周五', en: 'Mon–Fri' },
    time: '08:00–12:00, 13:30–17:00',
    weekly: [
      { weekdays: [1, 2, 3, 4, 5], from: '08:00', to: '12:00' },
      { weekdays: [1, 2, 3, 4, 5], from: '13:30', to: '17:00' },
    ],
    closedOn: ['2026-10-01'],
  },
  { days: { zh: '周六', en: 'Sat' }, time: '08:00–12:00', weekly: [{ weekdays: [6], from: '08:00', to: '12:00' }] },
];
const state = (s: OpenState) => s.state;

describe('openState', () => {
  it('before opening: opens at 08:00 today', () => {
    expect(openState(clinic, at('2026-09-28', '07:15'))).toEqual({ state: 'opens-at', opens: { weekday: 1, date: '2026-09-28', time: '08:00', inDays: 0 } });
  });
  it('during opening: open, closing at the end of the period; within 30 minutes of it, closing soon', () => {
    expect(openState(clinic, at('2026-09-28', '08:00'))).toEqual({ state: 'open', closes: { weekday: 1, date: '2026-09-28', time: '12:00', inDays: 0 } });
    expect(openState(clinic, at('2026-09-28', '11:29'))).toMatchObject({ state: 'open' });
    expect(openState(clinic, at('2026-09-28', '11:30'))).toMatchObject({ state: 'closes-soon', closes: { time: '12:00' } });
    expect(openState(clinic, at('2026-09-28', '16:59'))).toMatchObject({ state: 'closes-soon', closes: { time: '17:00' } });
  });
  it('over lunch: opens again at 13:30', () => {
    expect(openState(clinic, at('2026-09-28', '12:00'))).toMatchObject({ state: 'opens-at', opens: { time: '13:30', inDays: 0 } });
  });
  it('after closing: closed, opening tomorrow at 08:00', () => {
    expect(openState(clinic, at('2026-09-28', '17:00'))).toEqual({ state: 'closed', opens: { weekday: 2, date: '2026-09-29', time: '08:00', inDays: 1 } });
  });
  it('a weekday off: closed on Sunday, opening on Monday; Saturday afternoon closed until Monday', () => {
    expect(openState(clinic, at('2026-09-27', '10:00'))).toEqual({ state: 'closed', opens: { weekday: 1, date: '2026-09-28', time: '08:00', inDays: 1 } });
    expect(openState(clinic, at('2026-09-26', '13:00'))).toMatchObject({ state: 'closed', opens: { weekday: 1, inDays: 2 } });
  });
  it('a closure date: closed all that day (a Thursday), open the Thursday after', () => {
    expect(openState(clinic, at('2026-10-01', '09:00'))).toEqual({ state: 'closed', opens: { weekday: 5, date: '2026-10-02', time: '08:00', inDays: 1 } });
    expect(state(openState(clinic, at('2026-10-08', '09:00')))).toBe('open');
  });
  it('an opening through midnight is one opening: not closing soon at 23:45 when the next day opens at 00:00', () => {
    const nights: OpeningHours = [
      {
        days: { zh: '全天', en: 'All day' },
        time: '24 h',
        weekly: [{ weekdays: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' }],
      },
    ];
    expect(openState(nights, at('2026-09-28', '23:45'))).toMatchObject({ state: 'open', closes: { inDays: 8 } });
    const late: OpeningHours = [
      {
        days: { zh: '周一', en: 'Mon' },
        time: '20:00–02:00',
        weekly: [
          { weekdays: [1], from: '20:00', to: '24:00' },
          { weekdays: [2], from: '00:00', to: '02:00' },
        ],
      },
    ];
    expect(openState(late, at('2026-09-28', '23:45'))).toEqual({ state: 'open', closes: { weekday: 2, date: '2026-09-29', time: '02:00', inDays: 1 } });
    expect(openState(late, at('2026-09-29', '01:45'))).toMatchObject({ state: 'closes-soon', closes: { time: '02:00', inDays: 0 } });
  });
  it('a placeholder, free-text hours, or hours where one line is free text: unknown, whatever the time', () => {
    expect(openState({ placeholder: true }, at('2026-09-28', '09:00'))).toEqual({ state: 'unknown' });
    expect(openState([{ days: { zh: '周一至周五', en: 'Mon–Fri' }, time: '8:00–17:00' }], at('2026-09-28', '09:00'))).toEqual({ state: 'unknown' });
    expect(openState([...clinic, { days: { zh: '节假日', en: 'Holidays' }, time: '请咨询' }], at('2026-09-28', '09:00'))).toEqual({ state: 'unknown' });
    expect(openState(undefined, at('2026-09-28', '09:00'))).toEqual({ state: 'unknown' });
    expect(openState([], at('2026-09-28', '09:00'))).toEqual({ state: 'unknown' });
  });
  it('hours with no opening in the coming week: closed, with no next opening', () => {
    const gone: OpeningHours = [
      { days: { zh: '周一', en: 'Mon' }, time: '8–12', weekly: [{ weekdays: [1], from: '08:00', to: '12:00' }], closedOn: ['2026-10-05'] },
    ];
    expect(openState(gone, at('2026-09-28', '13:00'))).toEqual({ state: 'closed', opens: null });
  });
  it('the built-in content gives no department structured hours: every one is unknown', () => {
    const content = loadContentSource(builtInContentDir());
    for (const d of content.departments) expect(openState(d.hours, at('2026-09-28', '10:00'))).toEqual({ state: 'unknown' });
  });
});

describe('structured hours in the content schema', () => {
  const line = (weekly: unknown, closedOn?: unknown) => [{ days: { zh: '周一', en: 'Mon' }, time: '8–12', weekly, ...(closedOn ? { closedOn } : {}) }];
  const problems = (v: unknown) => {
    const r = OpeningHoursSchema.safeParse(v);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
  };
  it('accepts weekly periods and closure dates', () => {
    expect(problems(clinic)).toEqual([]);
    expect(problems(line([{ weekdays: [7], from: '20:00', to: '24:00' }]))).toEqual([]);
  });
  it('refuses a period that ends before it starts, weekdays outside 1–7 or repeated, bad times and dates', () => {
    expect(problems(line([{ weekdays: [1], from: '17:00', to: '08:00' }]))).toEqual([
      '0.weekly.0.to must end after it starts (an opening past midnight is two periods: to 24:00, and from 00:00 the next day)',
    ]);
    expect(problems(line([{ weekdays: [0], from: '08:00', to: '12:00' }]))[0]).toContain('weekdays.0 must be a weekday from 1 (Monday) to 7 (Sunday)');
    expect(problems(line([{ weekdays: [8], from: '08:00', to: '12:00' }]))[0]).toContain('must be a weekday from 1 (Monday) to 7 (Sunday)');
    expect(problems(line([{ weekdays: [1, 1], from: '08:00', to: '12:00' }]))).toEqual(['0.weekly.0.weekdays must name each weekday at most once']);
    expect(problems(line([{ weekdays: [], from: '08:00', to: '12:00' }]))).toEqual(['0.weekly.0.weekdays must name at least one weekday']);
    expect(problems(line([{ weekdays: [1], from: '8:00', to: '25:00' }]))).toEqual([
      '0.weekly.0.from must be a time such as 08:00',
      '0.weekly.0.to must be a time such as 17:30 (24:00 for midnight)',
    ]);
    expect(problems(line([]))).toEqual(['0.weekly must list at least one period']);
    expect(problems(line([{ weekdays: [1], from: '08:00', to: '12:00' }], ['2026-02-30']))).toEqual(['0.closedOn.0 is not a date in the calendar']);
    expect(problems(line([{ weekdays: [1], from: '08:00', to: '12:00' }], ['1 Oct']))).toEqual(['0.closedOn.0 must be a date such as 2026-10-01']);
  });
  it('a department file with structured hours passes the department schema', () => {
    const content = loadContentSource(builtInContentDir());
    const d = { ...content.departments[0]!, hours: clinic };
    expect(Department.safeParse(d).success).toBe(true);
  });
});
