/**
 * The on-screen keyboard's layout: digits, letters for English and pinyin (QWERTY, as on phones
 * in China), space, delete and the switch to the handwriting pad. Keys type lower case; they show capitals, which read better.
 */
export type KeyboardKey =
  { kind: 'char'; char: string; label: string } | { kind: 'backspace' } | { kind: 'space' } | { kind: 'hide' } | { kind: 'handwriting' };

const chars = (row: string): KeyboardKey[] => [...row].map((c) => ({ kind: 'char', char: c, label: c.toUpperCase() }));

export const KEYBOARD_ROWS: readonly (readonly KeyboardKey[])[] = [
  chars('1234567890'),
  chars('qwertyuiop'),
  chars('asdfghjkl'),
  [...chars('zxcvbnm'), { kind: 'backspace' }],
  // The handwriting key shows only where the kiosk has a recogniser; the space bar takes its place otherwise.
  [{ kind: 'hide' }, { kind: 'handwriting' }, { kind: 'space' }],
];

/** Search terms offered as chips when a search finds nothing; each is checked against the content before it is shown. */
export const SUGGESTED_SEARCHES: Record<'zh' | 'en', readonly string[]> = {
  zh: ['超声', '血管', '静脉曲张', '颈动脉', '体检', '腿肿'],
  en: ['ultrasound', 'veins', 'varicose veins', 'DVT', 'carotid', 'leg swelling'],
};
