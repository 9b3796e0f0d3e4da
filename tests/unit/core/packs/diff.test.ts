/**
 * A diff people can read: per department the fields that change, before and after for short
 * fields and counts for lists; new and removed departments and places; in the inspection and in
 * `kiosk verify`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../../src/cli/kiosk.js';
import { inspectPack, installPack } from '../../../../src/app/packs.js';
import { describeFieldChange } from '../../../../src/core/packs/describe.js';
import { departmentFieldChanges } from '../../../../src/core/packs/diff.js';
import type { Department } from '../../../../src/shared/content.js';
import { TEST_DOCTORS, writeDoctors } from '../../../fixtures/doctors.js';
import { builtInDataDir, cleanTempDirs, contentCopy, copyDataDir, makeKey, makePack, trustKeys, type TestKey } from '../../../fixtures/packs/helpers.js';

let A: TestKey;
let base: string; // version 1 installed
let v2: string;
const vascular = () => JSON.parse(readFileSync('resources/content/departments/vascular-surgery.json', 'utf8')) as Department;

/** Version 2: Vascular Surgery moves, gets a phone number, two services and loses one; a place is added. */
function changedSource(): string {
  const src = contentCopy();
  const f = join(src, 'departments/vascular-surgery.json');
  const d = JSON.parse(readFileSync(f, 'utf8')) as Department;
  d.phone = '0431-88782222';
  d.location = { ...d.location, building: { zh: '二部门诊楼', en: 'Outpatient Building 2' }, floor: '3', room: { zh: '302室', en: '302' } };
  d.services = [
    ...d.services.slice(1),
    { name: { zh: '静脉曲张日间手术', en: 'Day surgery for varicose veins' }, keywords: [] },
    { name: { zh: '血管超声随访', en: 'Vascular ultrasound follow-up' }, keywords: [] },
  ];
  d.summary = { zh: `${d.summary.zh}（更新）`, en: `${d.summary.en} (updated)` };
  writeFileSync(f, JSON.stringify(d, null, 2));
  const pf = join(src, 'places.json');
  const places = JSON.parse(readFileSync(pf, 'utf8')) as { places: { id: string; name: { zh: string; en: string } }[] };
  const first = places.places[0]!;
  places.places.push({ ...first, id: 'atm-east', name: { zh: '自动取款机', en: 'Cash machine' } } as never);
  writeFileSync(pf, JSON.stringify(places, null, 2));
  return src;
}

beforeAll(async () => {
  A = makeKey('alice');
  base = builtInDataDir();
  trustKeys(base, [A]);
  await installPack(await makePack([A], 1), base);
  v2 = await makePack([A], 2, { source: changedSource() });
}, 60_000);
afterAll(cleanTempDirs);

describe('the fields that change', () => {
  it('says short fields before and after, lists as counts, long texts as changed, in the page order', () => {
    const before = vascular();
    const after: Department = {
      ...before,
      hours: [{ days: { zh: '周一至周五', en: 'Mon–Fri' }, time: '08:00–17:00' }],
      services: [...before.services.slice(2), { name: { zh: '新服务', en: 'New service' }, keywords: [] }],
      equipment: before.equipment.map((e, i) => (i === 0 ? { ...e, detail: { zh: '已更新', en: 'updated' } } : e)),
      keywords: { zh: [...before.keywords.zh].reverse(), en: before.keywords.en },
    };
    const changes = departmentFieldChanges(before, after);
    expect(changes.map((c) => c.field)).toEqual(['hours', 'services', 'equipment', ...(before.keywords.zh.length > 1 ? ['keywords'] : [])]);
    expect(changes[0]).toEqual({ field: 'hours', kind: 'value', before: null, after: { zh: '周一至周五 08:00–17:00', en: 'Mon–Fri 08:00–17:00' } });
    expect(describeFieldChange(changes[0]!)).toBe('hours: not given → "Mon–Fri 08:00–17:00" / "周一至周五 08:00–17:00"');
    expect(changes[1]).toMatchObject({ kind: 'list', added: 1, removed: 2, changed: 0, before: before.services.length, after: before.services.length - 1 });
    expect(describeFieldChange(changes[1]!)).toBe(`services +1 −2 (${before.services.length} → ${before.services.length - 1})`);
    expect(describeFieldChange(changes[2]!)).toBe(`equipment 1 changed (${before.equipment.length} → ${before.equipment.length})`);
    if (changes[3]) expect(describeFieldChange(changes[3])).toBe('search words reordered');
    expect(departmentFieldChanges(before, structuredClone(before))).toEqual([]);
  });
});

describe('inspecting a pack', () => {
  it('names each changed department with its fields, and the places added', async () => {
    const dir = copyDataDir(base);
    const r = await inspectPack(v2, dir);
    if (!r.ok) throw new Error(r.reason);
    expect(r.diff).toMatchObject({ added: [], removed: [], unchanged: 1, places: { added: [{ id: 'atm-east' }], removed: [], changed: [] } });
    expect(r.diff.changed).toHaveLength(1);
    const c = r.diff.changed[0]!;
    expect(c.id).toBe('vascular-surgery');
    const byField = Object.fromEntries(c.fields.map((f) => [f.field, f]));
    expect(Object.keys(byField)).toEqual(['location', 'phone', 'services', 'summary']);
    expect(byField.phone).toEqual({ field: 'phone', kind: 'value', before: null, after: { zh: '0431-88782222', en: '0431-88782222' } });
    expect(byField.location).toMatchObject({ kind: 'value', after: { zh: '二部门诊楼 3楼 302室', en: 'Outpatient Building 2, floor 3, room 302' } });
    const n = vascular().services.length;
    expect(byField.services).toEqual({ field: 'services', kind: 'list', added: 2, removed: 1, changed: 0, before: n, after: n + 1 });
    expect(byField.summary).toEqual({ field: 'summary', kind: 'text' });
  });

  it('says the same in kiosk verify', async () => {
    const dir = copyDataDir(base);
    const out: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    expect(await main(['verify', v2, '--data-dir', dir])).toBe(0);
    const text = out.join('\n');
    const n = vascular().services.length;
    expect(text).toContain('Changes:      0 added; 1 changed: vascular-surgery; 0 removed; 1 unchanged');
    expect(text).toContain(`  vascular-surgery (Vascular Surgery / 血管外科): location: `);
    expect(text).toContain('phone: not given → "0431-88782222"');
    expect(text).toContain(`services +2 −1 (${n} → ${n + 1}); summary changed`);
    expect(text).toMatch(/Places: {7}1 added: atm-east; 0 changed; 0 removed; \d+ unchanged/);
  });
});

afterEach(() => vi.restoreAllMocks());

describe('doctors', () => {
  it('names the doctors added, removed and changed', async () => {
    const dir = copyDataDir(base);
    const withDoctors = contentCopy();
    writeDoctors(withDoctors);
    await installPack(await makePack([A], 2, { source: withDoctors }), dir);
    const next = contentCopy();
    const [wang, li, ...rest] = TEST_DOCTORS.doctors;
    writeDoctors(next, {
      ...TEST_DOCTORS,
      doctors: [
        { ...wang!, title: { zh: '副主任医师', en: 'Associate Chief Physician' } },
        ...rest,
        { ...li!, id: 'zhao-min', name: { zh: '赵敏', en: 'Zhao Min' } },
      ],
      sessions: TEST_DOCTORS.sessions.filter((x) => x.doctor !== li!.id),
      exceptions: TEST_DOCTORS.exceptions.filter((x) => x.doctor !== li!.id),
    });
    const r = await inspectPack(await makePack([A], 3, { source: next }), dir);
    if (!r.ok) throw new Error(r.reason);
    expect(r.diff.doctors).toEqual({
      added: [{ id: 'zhao-min', name: { zh: '赵敏', en: 'Zhao Min' }, department: li!.department }],
      removed: [{ id: li!.id, name: li!.name, department: li!.department }],
      changed: [{ id: wang!.id, name: wang!.name, department: wang!.department }],
      unchanged: rest.length,
    });
  });
});
