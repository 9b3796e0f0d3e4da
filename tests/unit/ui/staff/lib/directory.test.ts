/**
 * The volunteers' directory grouped for the screen: every department first with its services
 * under it (a service found alone still shows under its department), and by location under
 * building and floor, where a building or floor the content does not give has a group of its own
 * at the end rather than a guessed one. Doctors under their department after its services, and a
 * doctor the filter found shown under their department as a found service is.
 */
import { describe, expect, it } from 'vitest';
import type { DirectoryDoctor, DirectoryRow, Location, LText, SearchResult } from '../../../../../src/shared/index.js';
import {
  compareFloors,
  filterByHits,
  filterDoctors,
  groupByDepartment,
  groupByLocation,
  groupRows,
  numberRows,
} from '../../../../../src/ui/staff/lib/directory.js';

const lt = (zh: string, en: string): LText => ({ zh, en });
const TBC = { placeholder: true } as const;
const at = (building: LText | typeof TBC, floor: string | typeof TBC, room: LText | typeof TBC = TBC): Location => ({ building, floor, room });

function department(id: string, name: LText, location: Location, services: LText[]): DirectoryRow[] {
  const base = { departmentId: id, department: name, location, hours: TBC, phone: TBC } as const;
  return [{ kind: 'department', name, ...base }, ...services.map((s) => ({ kind: 'service' as const, name: s, ...base }))];
}

const outpatient = lt('门诊楼', 'Outpatient Building');
const diagnostics = lt('医技楼', 'Diagnostics Building');
// As the service lists them: in content order, departments in id order, services after each.
const all = numberRows([
  ...department('ultrasound', lt('综合超声科', 'General Ultrasound'), at(diagnostics, '2'), [
    lt('心脏超声', 'Echocardiography'),
    lt('腹部超声', 'Abdominal ultrasound'),
  ]),
  ...department('vascular', lt('血管外科', 'Vascular Surgery'), at(outpatient, '3', lt('312 诊室', 'Room 312')), [
    lt('下肢静脉曲张', 'Varicose veins'),
    lt('动脉瘤', 'Aneurysm'),
  ]),
  ...department('cardiology', lt('心内科', 'Cardiology'), at(outpatient, '3', lt('301 诊室', 'Room 301')), [lt('心电图', 'ECG')]),
  ...department('skin', lt('皮肤科', 'Dermatology'), at(outpatient, TBC), []),
  ...department('bones', lt('骨科', 'Orthopaedics'), at(outpatient, 'B1'), [lt('骨折复位', 'Setting fractures')]),
  ...department('rehab', lt('康复科', 'Rehabilitation'), at(TBC, TBC), []),
  ...department('eyes', lt('眼科', 'Ophthalmology'), at(outpatient, '10'), []),
]);

const names = (groups: { department: { name: LText } }[], lang: 'zh' | 'en') => groups.map((g) => g.department.name[lang]);

describe('groupByDepartment', () => {
  it('puts every department first, by name in the language shown, each with its services under it by name', () => {
    const zh = groupByDepartment(all, all, 'zh');
    expect(names(zh, 'zh')).toEqual(['骨科', '康复科', '皮肤科', '心内科', '血管外科', '眼科', '综合超声科']);
    expect(zh.find((g) => g.department.departmentId === 'vascular')!.services.map((s) => s.name.zh)).toEqual(['动脉瘤', '下肢静脉曲张']);
    expect(zh.every((g) => g.listed && g.department.kind === 'department')).toBe(true);
    const en = groupByDepartment(all, all, 'en');
    expect(names(en, 'en')).toEqual(['Cardiology', 'Dermatology', 'General Ultrasound', 'Ophthalmology', 'Orthopaedics', 'Rehabilitation', 'Vascular Surgery']);
    expect(en.find((g) => g.department.departmentId === 'ultrasound')!.services.map((s) => s.name.en)).toEqual(['Abdominal ultrasound', 'Echocardiography']);
    // Every row is in exactly one group.
    expect(en.reduce((n, g) => n + 1 + g.services.length, 0)).toBe(all.length);
  });

  it('shows a service found on its own under its department, which is there for it but not listed itself', () => {
    const vein = all.find((r) => r.name.en === 'Varicose veins')!;
    const result = {
      query: 'vein',
      groups: { departments: [], services: [{ kind: 'service', departmentId: 'vascular', index: vein.index, name: vein.name }], equipment: [] },
    } as unknown as SearchResult;
    const hits = filterByHits(all, result);
    expect(hits.map((r) => r.name.en)).toEqual(['Varicose veins']);
    const groups = groupByDepartment(hits, all, 'en');
    expect(groups).toHaveLength(1);
    expect(groups[0]!.department.name.en).toBe('Vascular Surgery');
    expect(groups[0]!.department.kind).toBe('department');
    expect(groups[0]!.listed).toBe(false);
    expect(groups[0]!.services.map((s) => s.name.en)).toEqual(['Varicose veins']);
  });

  it('keeps a department matched by an item of it marked with what matched', () => {
    const result = {
      query: 'ct',
      groups: { departments: [], services: [], equipment: [{ kind: 'equipment', departmentId: 'bones', name: lt('CT', 'CT scanner') }] },
    } as unknown as SearchResult;
    const groups = groupByDepartment(filterByHits(all, result), all, 'zh');
    expect(groups.map((g) => [g.department.name.zh, g.listed, g.department.matched?.en])).toEqual([['骨科', true, 'CT scanner']]);
  });
});

const doctor = (doctorId: string, departmentId: string, name: LText, today: DirectoryDoctor['today'] = []): DirectoryDoctor => ({
  doctorId,
  departmentId,
  name,
  title: lt('主任医师', 'Chief Physician'),
  today,
  cancelled: [],
});
const doctors = [
  doctor('d1', 'vascular', lt('王建华', 'Wang Jianhua'), [{ period: 'morning', kind: 'expert', room: lt('305 诊室', 'Room 305'), extra: false }]),
  doctor('d2', 'vascular', lt('周海燕', 'Zhou Haiyan')),
  doctor('d3', 'cardiology', lt('王建华', 'Wang Jianhua')),
  doctor('d4', 'gone', lt('李明', 'Li Ming')),
];
/** A search answer naming these doctors (as the kiosk's search gives them for "wjh", "王建华" or "wang jianhua"). */
const doctorHits = (...ids: string[]) =>
  ({
    query: 'wjh',
    doctors: ids.map((id) => {
      const d = doctors.find((x) => x.doctorId === id)!;
      return {
        kind: 'doctor',
        doctorId: id,
        departmentId: d.departmentId,
        departmentName: lt('', ''),
        name: d.name,
        match: 'initials',
        highlight: { zh: [], en: [] },
      };
    }),
    groups: { departments: [], services: [], equipment: [] },
  }) as unknown as SearchResult;

describe('doctors in the directory', () => {
  it("lists each department's doctors under it, by name in the language shown, and leaves out one of a department the directory does not list", () => {
    const zh = groupByDepartment(all, all, 'zh', doctors);
    const of = (id: string) => zh.find((g) => g.department.departmentId === id)!.doctors.map((d) => d.name.zh);
    expect(of('vascular')).toEqual(['王建华', '周海燕']);
    expect(of('cardiology')).toEqual(['王建华']);
    expect(of('ultrasound')).toEqual([]);
    expect(zh.some((g) => g.department.departmentId === 'gone')).toBe(false);
    expect(groupRows(zh)).toBe(all.length + 3);
  });

  it('shows a doctor the filter found under their department, which is there for them but not listed itself, and nothing else', () => {
    const result = doctorHits('d1');
    const groups = groupByDepartment(filterByHits(all, result), all, 'en', filterDoctors(doctors, result));
    expect(groups).toHaveLength(1);
    expect(groups[0]!.department.name.en).toBe('Vascular Surgery');
    expect(groups[0]!.listed).toBe(false);
    expect(groups[0]!.services).toEqual([]);
    expect(groups[0]!.doctors.map((d) => [d.name.en, d.today[0]?.period])).toEqual([['Wang Jianhua', 'morning']]);
  });

  it('shows namesakes each under their own department, and no doctor when the search found none', () => {
    const both = groupByDepartment(filterByHits(all, doctorHits('d3', 'd1')), all, 'en', filterDoctors(doctors, doctorHits('d3', 'd1')));
    expect(names(both, 'en')).toEqual(['Cardiology', 'Vascular Surgery']);
    expect(both.map((g) => g.doctors.map((d) => d.doctorId))).toEqual([['d3'], ['d1']]);
    const none = doctorHits();
    expect(filterDoctors(doctors, none)).toEqual([]);
    expect(groupByDepartment(filterByHits(all, none), all, 'en', filterDoctors(doctors, none))).toEqual([]);
  });

  it('has no doctors where the content lists none', () => {
    expect(groupByDepartment(all, all, 'en').every((g) => g.doctors.length === 0)).toBe(true);
    expect(groupRows(groupByDepartment(all, all, 'en'))).toBe(all.length);
  });
});

describe('groupByLocation', () => {
  it('heads the departments by building and floor, floors from the basement up, and a floor or building not given last, never guessed', () => {
    const groups = groupByLocation(groupByDepartment(all, all, 'zh'), 'zh');
    const shape = groups.map((b) => [b.building?.zh ?? null, b.floors.map((f) => [f.floor, names(f.groups, 'zh')])]);
    expect(shape).toEqual([
      [
        '门诊楼',
        [
          ['B1', ['骨科']],
          ['3', ['心内科', '血管外科']], // by room: 301 before 312
          ['10', ['眼科']],
          [null, ['皮肤科']],
        ],
      ],
      ['医技楼', [['2', ['综合超声科']]]],
      [null, [[null, ['康复科']]]],
    ]);
    // In English the buildings follow English names; the floors keep their order.
    const en = groupByLocation(groupByDepartment(all, all, 'en'), 'en');
    expect(en.map((b) => b.building?.en ?? null)).toEqual(['Diagnostics Building', 'Outpatient Building', null]);
    expect(en[1]!.floors.map((f) => f.floor)).toEqual(['B1', '3', '10', null]);
  });

  it('orders floors as people climb them', () => {
    expect(['10', '2', 'B2', 'G', '1', '-1', 'B1', '12F', '3F'].sort(compareFloors)).toEqual(['B2', '-1', 'B1', '1', '2', '3F', '10', '12F', 'G']);
  });
});
