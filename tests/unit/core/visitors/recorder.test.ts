/**
 * What visitors looked for (src/core/visitors/recorder.ts over db/visitors.ts): counted per day,
 * a query kept only once searched 3 times, its text never held before then, letters typed on
 * the way not counted, phone- and ID-like queries never counted.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteVisitorCounts, VISITORS_FILE } from '../../../../db/visitors.js';
import { countableQuery } from '../../../../src/core/visitors/query.js';
import { PENDING_DAYS, QUIET_MS, SETTLE_MS, VisitorRecorder } from '../../../../src/core/visitors/recorder.js';
import { tempDir } from '../../helpers.js';

let clock = 0;
const open: VisitorRecorder[] = [];
afterEach(() => {
  while (open.length) open.pop()!.close();
});

function recorder(dir = tempDir()) {
  const store = new SqliteVisitorCounts(join(dir, VISITORS_FILE));
  const rec = new VisitorRecorder(store, { now: () => clock, warn: () => {} });
  open.push(rec);
  return { dir, store, rec };
}

/** A visitor types `q` letter by letter (a search at each pause), reads that nothing was found, and moves on. */
function typeAndGiveUp(rec: VisitorRecorder, q: string, found = false) {
  for (let i = 1; i <= q.length; i++) {
    rec.search(q.slice(0, i), found && i === q.length);
    clock += 400;
  }
  clock += SETTLE_MS;
  rec.settle();
}

const day = (d: string, time = '10:00') => new Date(`${d}T${time}:00`).getTime();

describe('countableQuery', () => {
  it('normalises case, width and spaces', () => {
    expect(countableQuery('  Dermatology  Clinic ')).toBe('dermatology clinic');
    expect(countableQuery('ＭＲＩ')).toBe('mri');
    expect(countableQuery('皮肤科')).toBe('皮肤科');
  });
  it('drops phone numbers, ID numbers, record numbers, e-mail addresses, long text and blanks', () => {
    expect(countableQuery('13800138000')).toBeUndefined();
    expect(countableQuery('138 0013 8000')).toBeUndefined();
    expect(countableQuery('张三 0431-8878 2222')).toBeUndefined();
    expect(countableQuery('22010219900307123X')).toBeUndefined();
    expect(countableQuery('病历号 00123')).toBeUndefined();
    expect(countableQuery('me@example.com')).toBeUndefined();
    expect(countableQuery('x'.repeat(33))).toBeUndefined();
    expect(countableQuery('   ')).toBeUndefined();
  });
  it('keeps short numbers that name rooms and floors', () => {
    expect(countableQuery('3楼')).toBe('3楼');
    expect(countableQuery('room 1203')).toBe('room 1203');
  });
});

describe('the visitor recorder', () => {
  it('keeps nothing of a query searched fewer than 3 times, not even its text', () => {
    clock = day('2026-09-28');
    const { dir, store, rec } = recorder();
    typeAndGiveUp(rec, 'dermatology');
    typeAndGiveUp(rec, 'dermatology');
    expect(store.rows('no-result', undefined)).toEqual([]);
    expect(store.pendingCount()).toBe(1);
    rec.close();
    open.length = 0;
    for (const f of readdirSync(dir)) expect(readFileSync(join(dir, f)).includes('dermatology'), f).toBe(false);
  });

  it('keeps a query once searched 3 times, with every search counted on its day, and the letters typed on the way nowhere', () => {
    clock = day('2026-09-28');
    const { store, rec } = recorder();
    typeAndGiveUp(rec, 'dermatology');
    clock = day('2026-09-29');
    typeAndGiveUp(rec, 'Dermatology');
    typeAndGiveUp(rec, 'dermatology ');
    expect(store.rows('no-result', undefined)).toEqual([
      {
        key: 'dermatology',
        total: 3,
        days: [
          { day: '2026-09-28', n: 1 },
          { day: '2026-09-29', n: 2 },
        ],
      },
    ]);
    expect(store.pendingCount()).toBe(0);
    typeAndGiveUp(rec, 'dermatology'); // kept now: counted straight away
    expect(store.rows('no-result', undefined)[0]).toMatchObject({ total: 4 });
  });

  it('never counts a phone-number-like query, however often it is searched', () => {
    clock = day('2026-09-28');
    const { store, rec } = recorder();
    for (let i = 0; i < 5; i++) typeAndGiveUp(rec, '13800138000');
    expect(store.rows('no-result', undefined)).toEqual([]);
    expect(store.pendingCount()).toBe(0);
  });

  it('counts only searches that found nothing, and the same search again (the language changed) once', () => {
    clock = day('2026-09-28');
    const { store, rec } = recorder();
    for (let i = 0; i < 3; i++) typeAndGiveUp(rec, 'ultrasound', true);
    for (let i = 0; i < 3; i++) {
      rec.search('xray', false);
      clock += 500;
      rec.search('xray', false); // searched again in the other language
      clock += SETTLE_MS;
      rec.settle();
    }
    expect(store.rows('no-result', undefined)).toEqual([{ key: 'xray', total: 3, days: [{ day: '2026-09-28', n: 3 }] }]);
  });

  it('a query read for a while and then corrected counts; one corrected at once does not', () => {
    clock = day('2026-09-28');
    const { store, rec } = recorder();
    for (let i = 0; i < 3; i++) {
      rec.search('kardio', false);
      clock += 300; // corrected at once
      rec.search('cardiolgy', false);
      clock += SETTLE_MS + 100; // read, then corrected
      rec.search('cardiology', true);
      clock += SETTLE_MS;
      rec.settle();
    }
    expect(store.rows('no-result', undefined).map((r) => r.key)).toEqual(['cardiolgy']);
  });

  it('a query left standing is counted after the quiet time without another call', async () => {
    clock = day('2026-09-28');
    const { store, rec } = recorder();
    const { vi } = await import('vitest');
    vi.useFakeTimers();
    try {
      for (let i = 0; i < 3; i++) {
        rec.search('podiatry', false);
        clock += QUIET_MS;
        vi.advanceTimersByTime(QUIET_MS);
      }
    } finally {
      vi.useRealTimers();
    }
    expect(store.rows('no-result', undefined)).toMatchObject([{ key: 'podiatry', total: 3 }]);
  });

  it('forgets a query held longer than the pending window: 3 searches spread over more than it keep nothing', () => {
    clock = day('2026-08-01');
    const { store, rec } = recorder();
    typeAndGiveUp(rec, 'acupuncture');
    clock = day('2026-08-20');
    typeAndGiveUp(rec, 'acupuncture');
    clock = new Date(day('2026-08-01')).getTime() + (PENDING_DAYS + 5) * 86_400_000;
    typeAndGiveUp(rec, 'acupuncture');
    expect(store.rows('no-result', undefined)).toEqual([]);
    expect(store.pendingCount()).toBe(2); // the 20th and today's; the 1st is forgotten
  });

  it('counts pages and symptom-guide paths per day, and the report from a day on', () => {
    clock = day('2026-09-28', '23:59');
    const { store, rec } = recorder();
    rec.opened('department', 'vascular-surgery');
    clock = day('2026-09-29', '00:01');
    rec.opened('department', 'vascular-surgery');
    rec.opened('place', 'toilets');
    rec.symptomPath('legs › 腿肿 / Swollen legs → department vascular-surgery');
    expect(store.rows('department', undefined)).toEqual([
      {
        key: 'vascular-surgery',
        total: 2,
        days: [
          { day: '2026-09-28', n: 1 },
          { day: '2026-09-29', n: 1 },
        ],
      },
    ]);
    expect(store.rows('department', '2026-09-29')).toEqual([{ key: 'vascular-surgery', total: 1, days: [{ day: '2026-09-29', n: 1 }] }]);
    expect(store.rows('place', undefined)).toMatchObject([{ key: 'toilets', total: 1 }]);
    expect(store.rows('symptom', undefined)).toMatchObject([{ key: 'legs › 腿肿 / Swollen legs → department vascular-surgery', total: 1 }]);
  });

  it('holds at most MAX_PENDING tags, dropping the oldest first', async () => {
    const { MAX_PENDING } = await import('../../../../db/visitors.js');
    clock = day('2026-09-01');
    const { store } = recorder();
    const many = MAX_PENDING + 50;
    for (let i = 0; i < many; i++) store.noResult(i < 100 ? '2026-09-01' : '2026-09-02', `q${i}`, `tag${i}`, 3, PENDING_DAYS);
    expect(store.pendingCount()).toBe(MAX_PENDING);
    // the survivors are the newer day's
    store.noResult('2026-09-02', 'q0', 'tag0', 3, PENDING_DAYS);
    expect(store.rows('no-result', undefined)).toEqual([]);
  });

  it('refuses a link planted where its file goes, in one sentence', async () => {
    const { symlinkSync, writeFileSync } = await import('node:fs');
    const dir = tempDir();
    writeFileSync(join(dir, 'elsewhere'), '');
    symlinkSync(join(dir, 'elsewhere'), join(dir, VISITORS_FILE));
    expect(() => new SqliteVisitorCounts(join(dir, VISITORS_FILE))).toThrow(/is a link, so visitor counts are not kept; remove it\./);
  });
});
