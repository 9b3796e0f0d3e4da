/** getDepartment answers whether the department is open now, by the kiosk's clock (a fake one here), from structured hours only. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Kiosk } from '../../../../src/app/kiosk.js';
import { dispatch } from '../../../../src/core/api/handlers.js';
import { installBuiltIn } from '../../../../src/app/store.js';
import { DataFolder } from '../../../../src/core/datafolder.js';
import { contentCopy, tempDir } from '../../helpers.js';

const open = async (kiosk: Kiosk) => {
  const r = await dispatch(kiosk, 'getDepartment', { id: 'vascular-surgery' });
  if (!r.ok) throw new Error(r.error.message);
  return (r.value as { open: unknown }).open;
};

describe('getDepartment: open now', () => {
  it('is unknown for the built-in content, whose hours are not given', async () => {
    const kiosk = new Kiosk({ dataDir: tempDir(), warn: () => {}, now: () => new Date('2026-09-28T10:00:00').getTime() });
    try {
      expect(await open(kiosk)).toEqual({ state: 'unknown' });
    } finally {
      kiosk.close();
    }
  });

  it('follows the kiosk clock over structured hours: open, closing soon, closed until tomorrow', async () => {
    const source = contentCopy();
    const file = join(source, 'departments', 'vascular-surgery.json');
    const d = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    d.hours = [{ days: { zh: '周一至周五', en: 'Mon–Fri' }, time: '08:00–17:00', weekly: [{ weekdays: [1, 2, 3, 4, 5], from: '08:00', to: '17:00' }] }];
    writeFileSync(file, JSON.stringify(d));
    const dataDir = tempDir();
    const folder = new DataFolder(dataDir);
    folder.ensure();
    installBuiltIn(folder, source);
    let clock = new Date('2026-09-28T10:00:00').getTime(); // a Monday
    const kiosk = new Kiosk({ dataDir, warn: () => {}, now: () => clock });
    try {
      expect(await open(kiosk)).toEqual({ state: 'open', closes: { weekday: 1, date: '2026-09-28', time: '17:00', inDays: 0 } });
      clock = new Date('2026-09-28T16:45:00').getTime();
      expect(await open(kiosk)).toMatchObject({ state: 'closes-soon' });
      clock = new Date('2026-09-28T18:00:00').getTime();
      expect(await open(kiosk)).toEqual({ state: 'closed', opens: { weekday: 2, date: '2026-09-29', time: '08:00', inDays: 1 } });
    } finally {
      kiosk.close();
    }
  });
});
