/**
 * The on-screen keyboard's layout (kit/SearchKeyboard.svelte, for the visitor search and the
 * volunteer directory): digits, letters for English and pinyin (QWERTY, as on phones
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

/** What every on-screen input (the keys, the handwriting pad) calls back with; they never take text from the field themselves. */
export interface KeyInput {
  /** A character was typed or chosen. */
  onType: (char: string) => void;
  onBackspace: () => void;
  /** Fold the keyboard away. */
  onHide: () => void;
}
