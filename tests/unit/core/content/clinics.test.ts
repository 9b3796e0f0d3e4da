import { describe, expect, it } from 'vitest';
import { departmentClinics, localDate, localWeekday } from '../../../../src/core/content/clinics.js';
import { TEST_DOCTORS } from '../../../fixtures/doctors.js';

const vascular = {
  doctors: TEST_DOCTORS.doctors.filter((d) => d.department === 'vascular-surgery'),
  sessions: TEST_DOCTORS.sessions,
  exceptions: TEST_DOCTORS.exceptions,
};
const ultrasound = { ...vascular, doctors: TEST_DOCTORS.doctors.filter((d) => d.department === 'general-ultrasound') };
/** The kiosk's local time (the clinics follow the kiosk's own calendar, whatever its time zone). */
const at = (y: number, m: number, d: number, h = 9) => new Date(y, m - 1, d, h, 0);
const today = (r: ReturnType<typeof departmentClinics>, id: string) => r.doctors.find((d) => d.doctor.id === id)!;

describe("today's clinics", () => {
  it("shows a doctor's weekly session on its weekday and not on the next day", () => {
    const monday = departmentClinics('vascular-surgery', vascular, at(2026, 1, 12));
    expect(monday).toMatchObject({ departmentId: 'vascular-surgery', date: '2026-01-12', weekday: 1 });
    expect(today(monday, 'wang-jianhua').today).toEqual([{ period: 'morning', kind: 'expert', room: TEST_DOCTORS.sessions[0]!.room, extra: false }]);
    expect(today(monday, 'li-xiuying').today.map((s) => s.period)).toEqual(['afternoon']);

    const tuesday = departmentClinics('vascular-surgery', vascular, at(2026, 1, 13));
    expect(tuesday.weekday).toBe(2);
    expect(today(tuesday, 'wang-jianhua').today).toEqual([]);
    expect(today(tuesday, 'li-xiuying').today).toEqual([{ period: 'morning', kind: 'general', room: { placeholder: true }, extra: false }]);
  });

  it('hides a session cancelled for that date, says so with its note, and only on that date', () => {
    const cancelledDay = departmentClinics('vascular-surgery', vascular, at(2026, 1, 5));
    expect(today(cancelledDay, 'li-xiuying').today).toEqual([]);
    expect(today(cancelledDay, 'li-xiuying').cancelled).toEqual([{ period: 'afternoon', note: { zh: '外出会诊', en: 'Away at a consultation' } }]);
    expect(today(cancelledDay, 'wang-jianhua').today).toHaveLength(1);
    const weekLater = departmentClinics('vascular-surgery', vascular, at(2026, 1, 12));
    expect(today(weekLater, 'li-xiuying').cancelled).toEqual([]);
  });

  it('cancels the whole day when the exception names no period', () => {
    const set = { ...vascular, exceptions: [{ doctor: 'wang-jianhua', date: '2026-01-12', change: 'cancelled' as const }] };
    const r = departmentClinics('vascular-surgery', set, at(2026, 1, 12));
    expect(today(r, 'wang-jianhua').today).toEqual([]);
    expect(today(r, 'wang-jianhua').cancelled).toEqual([{ period: 'morning' }]);
    expect(today(r, 'li-xiuying').today).toHaveLength(1);
  });

  it('adds an extra session on its date, morning before evening', () => {
    const r = departmentClinics('general-ultrasound', ultrasound, at(2026, 1, 5));
    expect(today(r, 'chen-xiaodong').today).toEqual([
      { period: 'morning', kind: 'expert', room: { zh: '超声科1号诊室', en: 'Ultrasound, Room 1' }, extra: true },
      { period: 'evening', kind: 'general', room: { zh: '超声科2号诊室', en: 'Ultrasound, Room 2' }, extra: false },
    ]);
    const nextMonday = departmentClinics('general-ultrasound', ultrasound, at(2026, 1, 12));
    expect(today(nextMonday, 'chen-xiaodong').today.map((s) => s.period)).toEqual(['evening']);
  });

  it('follows the local calendar: late on Sunday evening is still Sunday, and Sunday is weekday 7', () => {
    const lateSunday = at(2026, 1, 11, 23);
    expect(localDate(lateSunday)).toBe('2026-01-11');
    expect(localWeekday(lateSunday)).toBe(7);
    expect(localWeekday(at(2026, 1, 12, 0))).toBe(1);
    expect(departmentClinics('vascular-surgery', vascular, lateSunday).doctors.every((d) => d.today.length === 0)).toBe(true);
  });

  it('answers a department without doctors with an empty list', () => {
    expect(departmentClinics('vascular-surgery', { doctors: [], sessions: [], exceptions: [] }, at(2026, 1, 5)).doctors).toEqual([]);
  });
});
