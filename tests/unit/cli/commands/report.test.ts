/**
 * `kiosk report` after scripted visits through the API (the handler table, as the kiosk's screen
 * calls it): searches that found nothing kept once searched 3 times, a phone number never, pages
 * opened and symptom-guide paths per day; a tablet on the network counts for nothing; the IT
 * screen's list of searches that found nothing.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Kiosk } from '../../../../src/app/kiosk.js';
import { dispatch } from '../../../../src/core/api/handlers.js';
import { setPin } from '../../../../src/core/access/pins.js';
import { main } from '../../../../src/cli/kiosk.js';
import { SETTLE_MS } from '../../../../src/core/visitors/recorder.js';
import { tempDir } from '../../helpers.js';

let out: string[];
let err: string[];
beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
});
afterEach(() => vi.restoreAllMocks());

let clock = 0;
const at = (d: string, time = '10:00') => new Date(`${d}T${time}:00`).getTime();

/** One visitor at the kiosk's screen: types a search letter by letter, reads the answer, then opens something or leaves. */
async function visit(kiosk: Kiosk, q: string, then?: { department?: string; place?: string }, remote = false) {
  const caller = remote ? { remote: true, address: '10.0.0.9' } : { remote: false };
  for (let i = 1; i <= [...q].length; i++) {
    await dispatch(kiosk, 'search', { q: [...q].slice(0, i).join(''), lang: 'en' }, caller);
    clock += 350;
  }
  clock += SETTLE_MS + 1000;
  if (then?.department) await dispatch(kiosk, 'getDepartment', { id: then.department }, caller);
  else if (then?.place) await dispatch(kiosk, 'getPlace', { id: then.place }, caller);
  else await dispatch(kiosk, 'search', { q: '', lang: 'en' }, caller); // cleared the field
  clock += 60_000;
}

describe('kiosk report', () => {
  it('after scripted visits: below 3 searches nothing, from 3 the query with its days, a phone number never, pages and paths counted', async () => {
    const dataDir = tempDir();
    clock = at('2026-09-28');
    const kiosk = new Kiosk({ dataDir, warn: () => {}, now: () => clock });
    try {
      for (let i = 0; i < 2; i++) await visit(kiosk, 'podiatry'); // twice: kept nowhere
      await visit(kiosk, 'dermatology');
      clock = at('2026-09-29');
      await visit(kiosk, 'dermatology');
      await visit(kiosk, 'Dermatology', { department: 'vascular-surgery' });
      for (let i = 0; i < 4; i++) await visit(kiosk, '13800138000'); // a phone number: never
      for (let i = 0; i < 3; i++) await visit(kiosk, 'orthopaedics', undefined, true); // a volunteer's tablet: not a visitor
      await visit(kiosk, 'ultrasound', { department: 'general-ultrasound' }); // found something: not a no-result search
      await visit(kiosk, 'toilet', { place: 'toilets' });
      const guide = (await dispatch(kiosk, 'getSymptomGuide', {})) as { ok: true; value: { areas: { id: string; complaints: { departments: string[] }[] }[] } };
      const area = guide.value.areas.find((a) => a.complaints.some((c) => c.departments.length))!;
      const ci = area.complaints.findIndex((c) => c.departments.length);
      const path = { area: area.id, complaint: ci, department: area.complaints[ci]!.departments[0]! };
      expect(await dispatch(kiosk, 'recordSymptomPath', path)).toEqual({ ok: true, value: null });
      expect((await dispatch(kiosk, 'recordSymptomPath', { ...path, department: 'no-such-department' })).ok).toBe(false);

      // The IT screen's list, behind the IT PIN.
      setPin(dataDir, 'it', '583920');
      const unlock = (await dispatch(kiosk, 'unlock', { role: 'it', pin: '583920' })) as { ok: true; value: { ok: true; token: string } };
      const top = await dispatch(kiosk, 'itNoResultSearches', { token: unlock.value.token, days: 7 });
      expect(top).toEqual({ ok: true, value: { since: '2026-09-23', searches: [{ query: 'dermatology', total: 3, days: 2, lastDay: '2026-09-29' }] } });
      expect((await dispatch(kiosk, 'itNoResultSearches', { token: 'x'.repeat(20) })).ok).toBe(false);
    } finally {
      kiosk.close();
    }

    expect(await main(['report', '--data-dir', dataDir])).toBe(0);
    const table = out.join('\n');
    expect(table).toContain('Searches that found nothing');
    expect(table).toMatch(/^ {2}dermatology +3 +2 +2026-09-29$/m);
    expect(table).not.toMatch(/podiatry|13800138000|orthopaedics|ultrasound\s+\d/);
    expect(table).toMatch(/^ {2}血管外科 Vascular Surgery \(vascular-surgery\) +1 +1 +2026-09-29$/m);
    expect(table).toMatch(/^ {2}综合超声科 .*\(general-ultrasound\) +1 +1 +2026-09-29$/m);
    expect(table).toMatch(/\(toilets\) +1 +1 +2026-09-29$/m);
    expect(table).toMatch(/Symptom-guide paths\n {2}path +total +days +last day\n {2}\S+ › .+ → department \S+ +1 +1 +2026-09-29/);

    out = [];
    expect(await main(['report', '--data-dir', dataDir, '--csv', '--since', '2026-09-29'])).toBe(0);
    const csv = out.join('\n').split('\n');
    expect(csv[0]).toBe('kind,key,name_zh,name_en,day,count');
    expect(csv).toContain('no-result,dermatology,,,2026-09-29,2');
    expect(csv).toContain('department,vascular-surgery,血管外科,Vascular Surgery,2026-09-29,1');
    expect(csv.some((l) => l.includes('2026-09-28'))).toBe(false);
  });

  it('says so when nothing has been counted, and refuses a day that is not a date or is after today', async () => {
    const dataDir = tempDir();
    expect(await main(['report', '--data-dir', dataDir])).toBe(0);
    expect(out.join('\n')).toContain('Nothing has been counted in this data folder yet.');
    expect(await main(['report', '--data-dir', dataDir, '--since', '2026-02-30'])).toBe(2);
    expect(err[0]).toMatch(/^kiosk report: --since 2026-02-30 is not a date; give one such as 2026-09-01\./);
    expect(await main(['report', '--data-dir', dataDir, '--since', '2999-01-01'])).toBe(2);
    expect(err[1]).toMatch(/^kiosk report: --since 2999-01-01 is after today \(\d{4}-\d{2}-\d{2}\); give a day up to today\./);
  });

  it('writes no formula into the CSV, whatever a visitor typed', async () => {
    const { reportCsv } = await import('../../../../src/cli/commands/report.js');
    const csv = reportCsv({
      since: null,
      empty: false,
      threshold: 3,
      sections: [{ kind: 'no-result', rows: [{ key: '=cmd|" /c calc"!a1', total: 3, days: [{ day: '2026-09-29', n: 3 }] }] }],
    });
    expect(csv.split('\n')[1]).toBe(`no-result,"'=cmd|"" /c calc""!a1",,,2026-09-29,3`);
  });
});
