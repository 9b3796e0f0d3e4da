/**
 * The vocabulary shared by the index builder (./terms.ts) and the query planner (./query.ts).
 *
 * Every term in the full-text index starts with a two-character tag: the result group (one
 * digit) and the field class (one letter). "1n血管" is the bigram 血管 in the name of a service;
 * "0pxueguanwaike" is the pinyin of a department name; "3n厕所" a word of a place's name. So one FTS5 table answers "which
 * services have 血管 in their names" with a single doclist, in content order, without column
 * filters or a rowid scan.
 */

/** Result groups, in the order they are shown. Services include examinations and subspecialties. */
export const GROUPS = ['departments', 'services', 'equipment'] as const;
export type GroupName = (typeof GROUPS)[number];
/** Places and facilities (places.json): a group of their own, shown apart from the other three. */
export const PLACES_GROUP = 3;
/** Doctors (doctors.json): a group of their own, each hit with the doctor's department. */
export const DOCTORS_GROUP = 4;
export type GroupIndex = 0 | 1 | 2 | typeof PLACES_GROUP | typeof DOCTORS_GROUP;

export const TAG = {
  /** Name: Han bigrams (and each run's last character), whole words and their stems. */
  name: 'n',
  /** Name: every suffix of three or more letters of a word, for substrings ("sound" in ultrasound). */
  nameSuffix: 's',
  /** Name: full pinyin from each Han character to the end of its run (xueguanwaike, guanwaike, ...). */
  namePinyin: 'p',
  /** Name: pinyin initials, the same way (xgwk, gwk, wk). */
  nameInitials: 'i',
  /** Keywords (synonyms, lay terms) and a department's category: bigrams, words, stems. */
  keyword: 'k',
  /** Keywords: full pinyin of each Han run. */
  keywordPinyin: 'q',
  /** Keywords: pinyin initials of each Han run. */
  keywordInitials: 'j',
  /** Detail of an item, summary of a department: bigrams, words, stems. */
  body: 'b',
} as const;

export type Tag = (typeof TAG)[keyof typeof TAG];

export function term(group: GroupIndex, tag: Tag, text: string): string {
  return `${group}${tag}${text}`;
}

/** Shortest word part matched inside a word (not only at its start). */
export const MIN_SUBSTRING = 3;
