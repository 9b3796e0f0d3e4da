/**
 * The helpers behind every table of UI words (the kiosk's in lib/i18n.ts, the staff screens' in
 * staff/lib/i18n.ts): a table has one entry per key with both languages, either two strings or
 * two functions with the same parameters (for sentences with a number or a name in them).
 */
import type { Lang } from '../../shared/index.js';

export type Entry = { zh: string; en: string } | { zh: (...args: never[]) => string; en: (...args: never[]) => string };

/** The keys of a table whose entries are plain strings. */
export type TextKeys<T> = { [K in keyof T]: T[K] extends { zh: string } ? K : never }[keyof T];
/** The keys of a table whose entries are sentences with parameters. */
export type FnKeys<T> = Exclude<keyof T, TextKeys<T>>;

/** The look-ups of one table: `t` a string, `tf` a sentence to fill in, `has` whether a word from elsewhere is a key. */
export function bilingual<T extends { [K in keyof T]: Entry }>(table: T) {
  return {
    t: (lang: Lang, key: TextKeys<T>): string => (table[key] as { zh: string; en: string })[lang],
    tf: <K extends FnKeys<T>>(lang: Lang, key: K): T[K][Lang] => table[key][lang],
    has: (key: string): key is TextKeys<T> & string =>
      Object.prototype.hasOwnProperty.call(table, key) && typeof (table as Record<string, Entry>)[key]!.zh === 'string',
  };
}

/** The other language: shown small beneath the main one. */
export const otherLang = (lang: Lang): Lang => (lang === 'zh' ? 'en' : 'zh');

/** The BCP 47 tag for <html lang> and lang attributes. */
export const langTag = (lang: Lang): string => (lang === 'zh' ? 'zh-Hans' : 'en');
