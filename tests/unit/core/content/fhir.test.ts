/**
 * `kiosk content import-fhir`: a FHIR R4 directory bundle (IHE mCSD) to a content source, with the
 * report of what was mapped and what was skipped; bundles of unknown resource types and missing
 * fields; bounded size, nesting and entries.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../../src/cli/kiosk.js';
import { departmentClinics } from '../../../../src/core/content/clinics.js';
import { FhirError, MAX_BUNDLE_DEPTH, MAX_BUNDLE_ENTRIES, fhirToSource, jsonDepth, parseBundle, readBundle } from '../../../../src/core/content/fhir.js';
import { loadContentSource } from '../../../../src/core/content/source.js';
import { tempDir } from '../../helpers.js';

const FIXTURES = 'tests/fixtures/fhir';
let out: string[];
let err: string[];
beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
});
afterEach(() => vi.restoreAllMocks());

describe('a directory bundle', () => {
  it('becomes a content source: the hospital, departments where their rooms are, services and doctors with their weekly sessions', async () => {
    const target = join(tempDir('kiosk-fhir-'), 'source');
    expect(await main(['content', 'import-fhir', join(FIXTURES, 'directory.json'), '--out', target])).toBe(0);
    expect(out[0]).toBe(
      'Mapped: the hospital (Organization/hospital), 2 departments, 1 service, 2 doctors with 4 weekly sessions and 2 dates off, from 2 locations.',
    );
    expect(out).toContain('Skipped: nothing.');
    expect(out).toContain('  - Organization/ultrasound: no phone number');
    expect(out.at(-1)).toMatch(/^Wrote the content source .*source: 4 files\.$/);

    const c = loadContentSource(target); // the same checks as any content source
    expect(c.hospital.name).toEqual({ zh: '示例大学第一医院', en: 'The First Hospital of Example University' });
    const vascular = c.departments.find((d) => d.id === 'vascular')!;
    expect(vascular.name).toEqual({ zh: '血管外科', en: 'Vascular Surgery' });
    expect(vascular.location).toEqual({ building: { zh: '门诊楼', en: 'Outpatient Building' }, floor: '3F', room: { zh: '305诊室', en: 'Room 305' } });
    expect(vascular.phone).toBe('0431-88782222');
    expect(vascular.hours).toEqual([
      {
        days: { zh: '周一、周二、周三、周四、周五', en: 'Mon, Tue, Wed, Thu, Fri' },
        time: '08:00-17:00',
        weekly: [{ weekdays: [1, 2, 3, 4, 5], from: '08:00', to: '17:00' }],
      },
      { days: { zh: '周六', en: 'Sat' }, time: '08:00-12:00', weekly: [{ weekdays: [6], from: '08:00', to: '12:00' }] },
    ]);
    expect(vascular.services.map((s) => s.name)).toEqual([{ zh: '下肢静脉曲张门诊', en: 'Varicose vein clinic' }]);
    const ultrasound = c.departments.find((d) => d.id === 'ultrasound')!;
    expect(ultrasound.name).toEqual({ zh: '超声科', en: 'General Ultrasound' });
    expect(ultrasound.phone).toEqual({ placeholder: true });
    expect(ultrasound.location.room).toEqual({ zh: '306诊室', en: 'Room 306' }); // where its doctor sees patients

    const doctors = c.doctors!;
    expect(doctors.doctors.map((d) => [d.id, d.department, d.name, d.title])).toEqual([
      ['wang-jianhua', 'vascular', { zh: '王建华', en: 'Jianhua Wang' }, { zh: '主任医师', en: '主任医师' }],
      ['chen-xiaodong', 'ultrasound', { zh: '陈晓东', en: 'Chen Xiaodong' }, { zh: '副主任医师', en: '副主任医师' }],
    ]);
    expect(doctors.sessions.map((s) => [s.doctor, s.weekday, s.period])).toEqual([
      ['wang-jianhua', 1, 'morning'],
      ['wang-jianhua', 3, 'morning'],
      ['wang-jianhua', 2, 'afternoon'],
      ['chen-xiaodong', 5, 'evening'],
    ]);
    expect(doctors.exceptions).toEqual([
      { doctor: 'wang-jianhua', date: '2026-01-05', change: 'cancelled', note: { zh: '外出会诊', en: '外出会诊' } },
      { doctor: 'wang-jianhua', date: '2026-01-06', change: 'cancelled', note: { zh: '外出会诊', en: '外出会诊' } },
    ]);
    // notAvailable hides the Monday clinic on 5 January 2026; the Monday after, it is held.
    const vascularDoctors = { ...doctors, doctors: doctors.doctors.filter((d) => d.department === 'vascular') };
    expect(departmentClinics('vascular', vascularDoctors, new Date(2026, 0, 5, 9)).doctors[0]!.today).toEqual([]);
    expect(departmentClinics('vascular', vascularDoctors, new Date(2026, 0, 12, 9)).doctors[0]!.today.map((s) => s.room)).toEqual([
      { zh: '305诊室', en: 'Room 305' },
    ]);
  });

  it('with unknown resource types and missing fields: maps what it can and reports each thing skipped or missing', async () => {
    const target = join(tempDir('kiosk-fhir-'), 'source');
    expect(await main(['content', 'import-fhir', join(FIXTURES, 'messy.json'), '--out', target])).toBe(0);
    expect(out[0]).toBe(
      'Mapped: the hospital (Organization/hospital), 1 department, 1 service, 1 doctor with 1 weekly session and 0 dates off, from 0 locations.',
    );
    const skipped = out.slice(
      out.indexOf('Skipped (13):') + 1,
      out.findIndex((l) => l.startsWith('Not in the bundle')),
    );
    expect(skipped).toEqual([
      '  - entry[7]: has no resource with a resourceType',
      '  - Organization/closed-ward: not active',
      '  - 1 Endpoint resource: not a kind the kiosk shows',
      '  - 1 OrganizationAffiliation resource: not a kind the kiosk shows',
      '  - 1 Patient resource: not a kind the kiosk shows',
      '  - Organization/no-name: a department without a name',
      '  - HealthcareService/orphan-service: its providedBy names no department of the bundle',
      '  - PractitionerRole/li-na-cardiology.availableTime[1]: no days of the week or no start time',
      '  - PractitionerRole/li-na-cardiology.availableTime[2]: a second morning session on mon',
      '  - PractitionerRole/li-na-cardiology.notAvailable[0]: no dates (during.start)',
      '  - PractitionerRole/ghost-role: names no Practitioner of the bundle',
      '  - Practitioner/no-role: no PractitionerRole puts the practitioner in a department',
      '  - Location/storeroom: no department, service or doctor is there',
    ]);
    expect(out).toContain('  - Organization/Cardiology_Dept: no Location says where it is; building, floor and room are "to be confirmed"');
    expect(out).toContain('  - Practitioner/li-na: no qualification; the title is "to be confirmed"');
    const c = loadContentSource(target);
    const cardiology = c.departments[0]!;
    expect(cardiology.id).toBe('cardiology-dept');
    expect(cardiology.location).toEqual({ building: { placeholder: true }, floor: { placeholder: true }, room: { placeholder: true } });
    expect(cardiology.hours).toEqual({ placeholder: true });
    expect(c.doctors!.doctors[0]).toMatchObject({ id: 'li-na', title: { placeholder: true }, name: { zh: '李娜', en: '李娜' } });
  });

  it('without a hospital or a department is refused in a sentence and writes nothing', async () => {
    const file = join(tempDir('kiosk-fhir-'), 'bundle.json');
    writeFileSync(
      file,
      JSON.stringify({ resourceType: 'Bundle', entry: [{ resource: { resourceType: 'Organization', id: 'h', name: 'Only the hospital' } }] }),
    );
    const target = join(tempDir('kiosk-fhir-'), 'source');
    expect(await main(['content', 'import-fhir', file, '--out', target])).toBe(1);
    expect(err[0]).toBe('kiosk content: The bundle has no Organization with partOf (the departments); a content source needs at least one department.');
    expect(existsSync(target)).toBe(false);
  });
});

describe('bounds', () => {
  it('refuses nesting deeper than the cap before parsing, counting brackets inside strings as text', () => {
    expect(jsonDepth('{"a": "[[[[{{{{"}')).toBe(1);
    const deep = `{"resourceType":"Bundle","entry":[${'['.repeat(MAX_BUNDLE_DEPTH)}${']'.repeat(MAX_BUNDLE_DEPTH)}]}`;
    expect(() => parseBundle(deep)).toThrow(FhirError);
    expect(() => parseBundle(deep)).toThrow(
      `the bundle: nested ${MAX_BUNDLE_DEPTH + 2} levels deep, over the cap of ${MAX_BUNDLE_DEPTH}; it is not a directory bundle.`,
    );
  });

  it('refuses what is not a Bundle, not JSON, or has more entries than the cap', () => {
    expect(() => parseBundle('{"resourceType":"Patient"}')).toThrow('the bundle: is not a FHIR Bundle (its resourceType must be "Bundle").');
    expect(() => parseBundle('{"resourceType":')).toThrow(/^the bundle: not valid JSON/);
    const many = `{"resourceType":"Bundle","entry":[${Array(MAX_BUNDLE_ENTRIES + 1)
      .fill('{}')
      .join(',')}]}`;
    expect(() => parseBundle(many)).toThrow(`the bundle: ${MAX_BUNDLE_ENTRIES + 1} entries is over the cap of ${MAX_BUNDLE_ENTRIES}.`);
  });

  it('maps a name too long for the content into a refusal naming the file and field, not a broken source', () => {
    const bundle = JSON.parse(readFileSync(join(FIXTURES, 'directory.json'), 'utf8')) as { entry: { resource: Record<string, unknown> }[] };
    bundle.entry[1]!.resource.name = '血'.repeat(300);
    const file = join(tempDir('kiosk-fhir-'), 'long.json');
    writeFileSync(file, JSON.stringify(bundle));
    expect(() => fhirToSource(readBundle(file))).toThrow(
      'The bundle maps to content that is not valid: departments/vascular.json: name.zh must be at most 200 characters',
    );
  });
});
