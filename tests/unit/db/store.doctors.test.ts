/**
 * Doctors in the content database: doctors.json stored with its sessions and exceptions, read back
 * by department, found by name in characters, full pinyin, initials and English (a hit names the
 * doctor's department), the API's "today's clinics" by the kiosk's clock, and the checks a
 * content source and a signed pack go through (a session naming a missing doctor is refused).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentDb, buildContentDatabase } from '../../../db/store.js';
import { dispatch } from '../../../src/core/api/handlers.js';
import { ContentError, loadContentSource } from '../../../src/core/content/source.js';
import { Kiosk } from '../../../src/app/kiosk.js';
import { DataFolder } from '../../../src/core/datafolder.js';
import { inspectPack, installPack } from '../../../src/app/packs.js';
import type { DepartmentDoctors } from '../../../src/shared/results.js';
import { builtInDataDir, cleanTempDirs, craftPack, makeKey, sourceFiles, trustKeys } from '../../fixtures/packs/helpers.js';
import { TEST_DOCTORS, writeDoctors } from '../../fixtures/doctors.js';
import { contentCopy, tempDir } from '../helpers.js';

const META = { version: 1, packId: 'doctors', builtIn: false, createdAt: '2026-01-01T00:00:00.000Z', expires: null, signers: [] };
let db: ContentDb;

beforeAll(() => {
  const src = contentCopy();
  writeDoctors(src);
  const file = join(tempDir('kiosk-doctors-'), 'content.sqlite');
  buildContentDatabase(file, loadContentSource(src), META);
  db = new ContentDb(file);
});

afterAll(() => {
  db.close();
  cleanTempDirs();
});

describe('doctors in the content database', () => {
  it("reads a department's doctors back in content order, with only their own sessions and exceptions", () => {
    const v = db.departmentDoctors('vascular-surgery');
    expect(v.doctors.map((d) => d.id)).toEqual(['wang-jianhua', 'li-xiuying']);
    expect(v.doctors[1]).toEqual(TEST_DOCTORS.doctors[1]);
    expect(v.sessions).toEqual(TEST_DOCTORS.sessions.slice(0, 3));
    expect(v.exceptions).toEqual([TEST_DOCTORS.exceptions[0]]);
    expect(db.departmentDoctors('general-ultrasound').doctors.map((d) => d.id)).toEqual(['chen-xiaodong']);
    expect(db.departmentDoctors('nowhere')).toEqual({ doctors: [], sessions: [], exceptions: [] });
    expect(db.doctorCount()).toBe(3);
    expect(db.integrityCheck()).toBe('ok');
  });

  it.each([
    ['王建华', 'characters'],
    ['建华', 'part of the name'],
    ['wangjianhua', 'full pinyin'],
    ['wjh', 'initials'],
    ['Wang Jianhua', 'English name'],
  ])('finds a doctor by %s (%s), with the department the doctor sees patients in', (q) => {
    const r = db.search(q, 'zh');
    expect(r.doctors[0]).toMatchObject({
      kind: 'doctor',
      doctorId: 'wang-jianhua',
      departmentId: 'vascular-surgery',
      departmentName: { zh: '血管外科', en: 'Vascular Surgery' },
      name: { zh: '王建华', en: 'Wang Jianhua' },
    });
  });

  it('highlights the matched name and finds a doctor by specialty as a keyword', () => {
    const r = db.search('李秀英', 'zh');
    expect(r.doctors[0]!.highlight.zh).toEqual([{ start: 0, end: 3 }]);
    const v = db.search('静脉曲张', 'zh');
    expect(v.doctors.map((d) => d.doctorId)).toContain('li-xiuying');
    expect(v.groups.departments.length + v.groups.services.length).toBeGreaterThan(0); // departments still answer as before
  });

  it('keeps doctors out of a content set without them', () => {
    const file = join(tempDir('kiosk-nodoctors-'), 'content.sqlite');
    buildContentDatabase(file, loadContentSource('resources/content'), META);
    const plain = new ContentDb(file);
    try {
      expect(plain.search('wjh').doctors).toEqual([]);
      expect(plain.departmentDoctors('vascular-surgery').doctors).toEqual([]);
    } finally {
      plain.close();
    }
  });
});

describe("the API's today's clinics", () => {
  it("answers a department's doctors with the sessions of the kiosk's own day (fake clock)", async () => {
    const dataDir = builtInDataDir();
    const A = makeKey('doctors');
    trustKeys(dataDir, [A]);
    const src = contentCopy();
    writeDoctors(src);
    await installPack(await craftPack({ signers: [A], version: 2, files: sourceFiles(src) }), dataDir);
    let now = new Date(2026, 0, 5, 8, 30).getTime(); // Monday 5 January 2026, 08:30
    const kiosk = new Kiosk({ dataDir, warn: () => {}, now: () => now });
    try {
      const monday = await dispatch(kiosk, 'getDepartmentDoctors', { id: 'vascular-surgery' });
      expect(monday.ok).toBe(true);
      const m = (monday as { ok: true; value: DepartmentDoctors }).value;
      expect(m).toMatchObject({ departmentId: 'vascular-surgery', date: '2026-01-05', weekday: 1 });
      expect(m.doctors.map((d) => [d.doctor.id, d.today.map((s) => s.period), d.cancelled.map((s) => s.period)])).toEqual([
        ['wang-jianhua', ['morning'], []],
        ['li-xiuying', [], ['afternoon']],
      ]);
      now = new Date(2026, 0, 6, 8, 30).getTime(); // the next day
      const tuesday = (await dispatch(kiosk, 'getDepartmentDoctors', { id: 'vascular-surgery' })) as { ok: true; value: DepartmentDoctors };
      expect(tuesday.value.doctors.map((d) => [d.doctor.id, d.today.map((s) => s.period)])).toEqual([
        ['wang-jianhua', []],
        ['li-xiuying', ['morning']],
      ]);
      const missing = await dispatch(kiosk, 'getDepartmentDoctors', { id: 'no-such-department' });
      expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
    } finally {
      kiosk.close();
    }
  });
});

describe('doctors.json is checked', () => {
  const refused = (doctors: unknown): string[] => {
    const src = contentCopy();
    writeDoctors(src, doctors);
    try {
      loadContentSource(src);
    } catch (e) {
      if (e instanceof ContentError) return e.problems;
      throw e;
    }
    return [];
  };

  it('refuses a doctor in a missing department, a session of a missing doctor, a weekday 8, an unknown period and a date that is not one', () => {
    const doctors = structuredClone(TEST_DOCTORS) as unknown as {
      doctors: { department: string }[];
      sessions: { doctor: string; weekday: number; period: string }[];
      exceptions: { date: string }[];
    };
    doctors.sessions[1]!.weekday = 8;
    doctors.sessions[2]!.period = 'night';
    doctors.exceptions[0]!.date = '2026-02-30';
    expect(refused(doctors)).toEqual([
      'doctors.json: sessions[1].weekday must be a weekday from 1 (Monday) to 7 (Sunday)',
      'doctors.json: sessions[2].period must be morning, afternoon or evening',
      'doctors.json: exceptions[0].date is not a date in the calendar',
    ]);
    const refs = structuredClone(TEST_DOCTORS) as unknown as typeof doctors;
    refs.sessions[0]!.doctor = 'dr-nobody';
    expect(refused(refs)).toEqual(['doctors.json: sessions[0].doctor names a doctor "dr-nobody" that doctors does not list']);
    const dept = structuredClone(TEST_DOCTORS) as unknown as typeof doctors;
    dept.doctors[2]!.department = 'cardiology';
    expect(refused(dept)).toEqual(['doctors.json: doctors[2].department names a department "cardiology" that is not in the content']);
  });

  it('refuses an extra session without a time or room, and a cancellation that gives a room', () => {
    const d = structuredClone(TEST_DOCTORS) as unknown as { exceptions: Record<string, unknown>[] };
    d.exceptions = [
      { doctor: 'wang-jianhua', date: '2026-03-02', change: 'extra' },
      { doctor: 'wang-jianhua', date: '2026-03-03', change: 'cancelled', room: { placeholder: true } },
    ];
    expect(refused(d)).toEqual([
      'doctors.json: exceptions[0].period must be given for an extra session',
      'doctors.json: exceptions[0].room must be given for an extra session',
      'doctors.json: exceptions[1].room is for an extra session only; a cancellation has none',
    ]);
  });

  it('a signed pack whose session names a missing doctor is refused, naming doctors.json, and the live content stays', async () => {
    const dataDir = builtInDataDir();
    const A = makeKey('doctors');
    trustKeys(dataDir, [A]);
    const src = contentCopy();
    const bad = structuredClone(TEST_DOCTORS);
    bad.sessions[3]!.doctor = 'dr-gone';
    writeDoctors(src, bad);
    const before = new DataFolder(dataDir).readPointer();
    const r = await inspectPack(await craftPack({ signers: [A], version: 3, files: sourceFiles(src) }), dataDir);
    expect(r).toMatchObject({ ok: false, check: 'content' });
    if (!r.ok) expect(r.reason).toContain('doctors.json: sessions[3].doctor names a doctor "dr-gone" that doctors does not list');
    await expect(installPack(await craftPack({ signers: [A], version: 3, files: sourceFiles(src) }), dataDir)).rejects.toThrow(/dr-gone/);
    expect(new DataFolder(dataDir).readPointer()).toEqual(before);
  });
});
