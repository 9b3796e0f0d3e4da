/**
 * Today's clinics: which of a department's doctors see patients on a given day of the kiosk's
 * local calendar, from their weekly sessions and that date's exceptions. A cancellation hides the
 * session it names (or the whole day's, without a period); an extra session is added. The clock
 * is an argument, so the answer for any day can be tested with a fake one.
 *
 * Pure.
 */
import { CLINIC_PERIODS, type ClinicPeriod, type Doctors, type IsoWeekday } from '../../shared/content.js';
import type { ClinicCancelled, ClinicToday, DepartmentDoctors } from '../../shared/results.js';

/** The kiosk's local calendar date of `now`, YYYY-MM-DD. */
export function localDate(now: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(now.getFullYear(), 4)}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** The ISO weekday of `now` in the kiosk's local calendar: 1 is Monday, 7 is Sunday. */
export function localWeekday(now: Date): IsoWeekday {
  return (((now.getDay() + 6) % 7) + 1) as IsoWeekday;
}

const periodOrder = (p: ClinicPeriod): number => CLINIC_PERIODS.indexOf(p);

/** The department's doctors, each with the clinics it holds on the local day of `now`, morning first. */
export function departmentClinics(departmentId: string, set: Doctors, now: Date): DepartmentDoctors {
  const date = localDate(now);
  const weekday = localWeekday(now);
  const doctors = set.doctors.map((doctor) => {
    const changes = set.exceptions.filter((x) => x.doctor === doctor.id && x.date === date);
    const cancels = (p: ClinicPeriod) => changes.find((x) => x.change === 'cancelled' && (x.period === undefined || x.period === p));
    const today: ClinicToday[] = [];
    const cancelled: ClinicCancelled[] = [];
    for (const s of set.sessions) {
      if (s.doctor !== doctor.id || s.weekday !== weekday) continue;
      const c = cancels(s.period);
      if (c) cancelled.push({ period: s.period, ...(c.note ? { note: c.note } : {}) });
      else today.push({ period: s.period, kind: s.kind, room: s.room, extra: false });
    }
    for (const x of changes) {
      if (x.change !== 'extra' || x.period === undefined || x.room === undefined) continue;
      // An extra session at a time the doctor already holds one replaces it (its room and kind win).
      const at = today.findIndex((t) => t.period === x.period);
      const clinic: ClinicToday = { period: x.period, kind: x.kind ?? 'general', room: x.room, extra: true, ...(x.note ? { note: x.note } : {}) };
      if (at >= 0) today[at] = clinic;
      else today.push(clinic);
    }
    today.sort((a, b) => periodOrder(a.period) - periodOrder(b.period));
    cancelled.sort((a, b) => periodOrder(a.period) - periodOrder(b.period));
    return { doctor, today, cancelled };
  });
  return { departmentId, date, weekday, doctors };
}
