/**
 * "Open now / closed now" in words, from the open state the department's hours give at a moment
 * (src/shared/hours.ts): what the visitor reads beside the hours. Nothing at all when the state is
 * unknown (hours given only as text, or not given): the kiosk never guesses.
 */
import type { Lang, OpenState, OpeningTime } from '../../../shared/index.js';

const WEEKDAY: Record<Lang, readonly string[]> = {
  zh: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

/** "17:00", "tomorrow at 08:00", "Monday at 08:00" (and the same in Chinese). */
function when(t: OpeningTime, lang: Lang): string {
  const time = t.time === '24:00' ? (lang === 'zh' ? '24:00' : 'midnight') : t.time;
  if (t.inDays === 0) return lang === 'zh' ? time : `at ${time}`;
  if (t.inDays === 1) return lang === 'zh' ? `明天 ${time}` : `tomorrow at ${time}`;
  const day = WEEKDAY[lang][t.weekday - 1] ?? '';
  return lang === 'zh' ? `${day} ${time}` : `${day} at ${time}`;
}

export type OpenTone = 'open' | 'soon' | 'closed';

/** The words and their tone, or undefined when nothing can be said. */
export function openNowText(s: OpenState, lang: Lang): { text: string; tone: OpenTone } | undefined {
  switch (s.state) {
    case 'open':
      return { tone: 'open', text: lang === 'zh' ? `正在开放 · ${when(s.closes, lang)}结束` : `Open now · closes ${when(s.closes, lang)}` };
    case 'closes-soon':
      return { tone: 'soon', text: lang === 'zh' ? `即将结束 · ${when(s.closes, lang)}结束` : `Closing soon · closes ${when(s.closes, lang)}` };
    case 'opens-at':
      return { tone: 'closed', text: lang === 'zh' ? `现在未开放 · ${when(s.opens, lang)}开放` : `Closed now · opens ${when(s.opens, lang)}` };
    case 'closed':
      if (!s.opens) return { tone: 'closed', text: lang === 'zh' ? '现在未开放' : 'Closed now' };
      return { tone: 'closed', text: lang === 'zh' ? `现在未开放 · ${when(s.opens, lang)}开放` : `Closed now · opens ${when(s.opens, lang)}` };
    default:
      return undefined;
  }
}
