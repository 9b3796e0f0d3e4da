/**
 * The doctors the department page and the volunteer directory are tested with: generated content
 * (bench/generate.ts) with generated doctors, and three doctors of Vascular Surgery set by today's
 * date — Wang Jianhua holding an expert clinic this morning, Zhou Haiyan only tomorrow afternoon,
 * Sun Zhiqiang whose clinic this afternoon is cancelled. General Ultrasound has no doctors.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rng, syntheticDoctors, writeMixedSource } from '../../bench/generate.js';
import type { Doctors } from '../../src/shared/content.js';

const pad = (n: number) => String(n).padStart(2, '0');
const isoWeekday = (d: Date) => (((d.getDay() + 6) % 7) + 1) as 1;
const localDate = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** The room a Vascular Surgery doctor sees patients in, as the content gives it. */
export const clinicRoom = (n: number) => ({ zh: `门诊楼三楼${n}诊室`, en: `Outpatient Building, Room ${n}` });

function vascularDoctors(now: Date): Doctors {
  const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 12);
  const doctor = (id: string, zh: string, en: string, title: Doctors['doctors'][number]['title']) => ({
    id,
    department: 'vascular-surgery',
    name: { zh, en },
    title,
    specialties: [],
    keywords: [],
  });
  return {
    doctors: [
      doctor('wang-jianhua', '王建华', 'Wang Jianhua', { zh: '主任医师', en: 'Chief Physician' }),
      doctor('zhou-haiyan', '周海燕', 'Zhou Haiyan', { zh: '主治医师', en: 'Attending Physician' }),
      doctor('sun-zhiqiang', '孙志强', 'Sun Zhiqiang', { placeholder: true }),
    ],
    sessions: [
      { doctor: 'wang-jianhua', weekday: isoWeekday(now), period: 'morning', kind: 'expert', room: clinicRoom(305) },
      { doctor: 'zhou-haiyan', weekday: isoWeekday(tomorrow), period: 'afternoon', kind: 'general', room: clinicRoom(306) },
      { doctor: 'sun-zhiqiang', weekday: isoWeekday(now), period: 'afternoon', kind: 'general', room: clinicRoom(307) },
    ],
    exceptions: [{ doctor: 'sun-zhiqiang', date: localDate(now), change: 'cancelled', note: { zh: '外出会诊', en: 'Away at a consultation' } }],
  };
}

/**
 * A content source in `dir`: the built-in content with `departments` generated departments and
 * `doctors` generated doctors spread over them, and the three doctors of Vascular Surgery.
 */
export function writeDoctorsSource(dir: string, o: { departments: number; rowsPerDepartment: number; doctors: number; seed: number }): string {
  const source = writeMixedSource(dir, { departments: o.departments, rowsPerDepartment: o.rowsPerDepartment });
  const ids = Array.from({ length: o.departments }, (_, i) => `dept-${String(i + 1).padStart(5, '0')}`);
  const generated = syntheticDoctors(rng(o.seed), ids, o.doctors);
  const own = vascularDoctors(new Date());
  const doctors: Doctors = {
    doctors: [...own.doctors, ...generated.doctors],
    sessions: [...own.sessions, ...generated.sessions],
    exceptions: [...own.exceptions, ...generated.exceptions],
  };
  writeFileSync(join(source, 'doctors.json'), JSON.stringify(doctors, null, 2));
  return source;
}
