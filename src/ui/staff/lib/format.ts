/**
 * How the staff screens show sizes, times and content versions, in each language. Pure
 * functions, no DOM.
 */
import type { Lang } from '../../../shared';

const LOCALE: Record<Lang, string> = { zh: 'zh-CN', en: 'en-GB' };

/** 1.2 MB, 340 KB, 12 bytes. */
export function formatBytes(n: number, lang: Lang): string {
  const units = lang === 'zh' ? ['字节', 'KB', 'MB', 'GB'] : ['bytes', 'KB', 'MB', 'GB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const num = i === 0 ? String(v) : v.toLocaleString(LOCALE[lang], { maximumFractionDigits: v < 10 ? 1 : 0 });
  return `${num} ${units[i]}`;
}

/** A date and time from an ISO string or epoch ms, in the kiosk's time zone; the input itself when it cannot be read. */
export function formatDateTime(when: string | number, lang: Lang, opts: { seconds?: boolean } = {}): string {
  const d = new Date(when);
  if (Number.isNaN(d.getTime())) return String(when);
  return d.toLocaleString(LOCALE[lang], {
    year: 'numeric',
    month: lang === 'zh' ? 'numeric' : 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(opts.seconds ? { second: '2-digit' } : {}),
    hour12: false,
  });
}

/** A date alone. */
export function formatDate(when: string | number, lang: Lang): string {
  const d = new Date(when);
  if (Number.isNaN(d.getTime())) return String(when);
  return d.toLocaleDateString(LOCALE[lang], { year: 'numeric', month: lang === 'zh' ? 'numeric' : 'short', day: 'numeric' });
}

/** Whole days from now until a time (negative when past); undefined when it cannot be read. */
export function daysUntil(when: string, now = Date.now()): number | undefined {
  const t = new Date(when).getTime();
  return Number.isNaN(t) ? undefined : Math.floor((t - now) / 86_400_000);
}

/** "content v3 (hospital-main)" style label of a content version, for confirmations and results. */
export function contentLabel(c: { version: number; packId: string; builtIn?: boolean }, lang: Lang): string {
  if (c.builtIn || c.version === 0) return lang === 'zh' ? `内置内容（版本${c.version}）` : `the built-in content (version ${c.version})`;
  return lang === 'zh' ? `${c.packId} 版本${c.version}` : `${c.packId} version ${c.version}`;
}

/** A time of day, hours and minutes: 14:05. */
export function formatTime(when: string | number, lang: Lang): string {
  const d = new Date(when);
  if (Number.isNaN(d.getTime())) return String(when);
  return d.toLocaleTimeString(LOCALE[lang], { hour: '2-digit', minute: '2-digit', hour12: false });
}
