/** "Open now / closed now" in both languages, from the open state at a moment (a fake clock). */
import { describe, expect, it } from 'vitest';
import { openState, type OpeningHours } from '../../../../../src/shared/index.js';
import { openNowText } from '../../../../../src/ui/visitor/lib/open-now.js';

const hours: OpeningHours = [
  { days: { zh: '周一至周五', en: 'Mon–Fri' }, time: '08:00–17:00', weekly: [{ weekdays: [1, 2, 3, 4, 5], from: '08:00', to: '17:00' }] },
];
const at = (d: string, t: string) => new Date(`${d}T${t}:00`); // 2026-09-28 is a Monday

describe('openNowText', () => {
  it('says open, closing soon, opening later, closed until tomorrow or a weekday, in both languages', () => {
    expect(openNowText(openState(hours, at('2026-09-28', '10:00')), 'en')).toEqual({ tone: 'open', text: 'Open now · closes at 17:00' });
    expect(openNowText(openState(hours, at('2026-09-28', '10:00')), 'zh')).toEqual({ tone: 'open', text: '正在开放 · 17:00结束' });
    expect(openNowText(openState(hours, at('2026-09-28', '16:40')), 'en')).toEqual({ tone: 'soon', text: 'Closing soon · closes at 17:00' });
    expect(openNowText(openState(hours, at('2026-09-28', '07:00')), 'zh')).toEqual({ tone: 'closed', text: '现在未开放 · 08:00开放' });
    expect(openNowText(openState(hours, at('2026-09-28', '18:00')), 'en')).toEqual({ tone: 'closed', text: 'Closed now · opens tomorrow at 08:00' });
    expect(openNowText(openState(hours, at('2026-10-03', '10:00')), 'en')).toEqual({ tone: 'closed', text: 'Closed now · opens Monday at 08:00' });
    expect(openNowText(openState(hours, at('2026-10-03', '10:00')), 'zh')).toEqual({ tone: 'closed', text: '现在未开放 · 周一 08:00开放' });
  });
  it('says nothing when the hours are not structured or not given', () => {
    expect(openNowText(openState({ placeholder: true }, at('2026-09-28', '10:00')), 'en')).toBeUndefined();
    expect(openNowText(openState([{ days: { zh: '每天', en: 'Daily' }, time: '8–17' }], at('2026-09-28', '10:00')), 'zh')).toBeUndefined();
  });
});
