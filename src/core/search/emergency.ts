/**
 * Emergency words: the content lists them (places.json, in either language and in lay words);
 * a search that touches one shows the way to the Emergency Department before any other hit.
 *
 * `emergencyForms` runs when content is installed and prepares each word as the query will be
 * compared with it: Chinese as characters ("h:胸痛") and as pinyin ("p:xiongtong"), English as
 * stemmed words ("w:chest pain"). `touchedEmergency` runs per query on those forms:
 * - Chinese: the query contains the word (突发胸痛 touches 胸痛);
 * - English: the query contains the words, whole (chest pain clinic; "can't breathe"), or, when
 *   the query is letters only, is a misspelling of them within the typo allowance (strok, chest
 *   pian, unconcious);
 * - pinyin: the query is the word's pinyin, or starts with it when that is six letters or more
 *   (jizhen, xiongtong, jizhenke). Pinyin gets no typo allowance: syllables are so close that
 *   one edit away from 中风 zhongfeng is 痛风 tongfeng (gout), an outpatient complaint.
 *
 * Pure apart from the pinyin conversion at install time.
 */
import { closeEnough } from './fuzzy.js';
import { isHan, looksLikePinyin, normalize, stemPhrase } from './normalize.js';
import { syllables } from './pinyin.js';

export interface EmergencyForm {
  /** The form compared with queries, tagged with its kind: h: (Chinese), p: (pinyin), w: (English words). */
  form: string;
  /** The word as the content lists it. */
  term: string;
}

/** Pinyin shorter than this must be typed whole to count (zhixi 窒息 is the start of zhixing 执行). */
const PINYIN_PREFIX_MIN = 6;

/** The forms of one emergency word, for the index. */
export function emergencyForms(term: string): EmergencyForm[] {
  const n = normalize(term);
  if (!n) return [];
  const chars = Array.from(n);
  if (chars.some(isHan)) {
    const compact = n.replace(/ /g, '');
    const out: EmergencyForm[] = [{ form: `h:${compact}`, term }];
    const syl = syllables(compact);
    if (syl.every((s) => s !== '')) out.push({ form: `p:${syl.join('')}`, term });
    return out;
  }
  return [{ form: `w:${stemPhrase(n)}`, term }];
}

/** The emergency word a query touches, or undefined. Exact matches first, then misspellings. */
export function touchedEmergency(query: string, forms: readonly EmergencyForm[]): string | undefined {
  const n = normalize(query);
  if (!n || !forms.length) return undefined;
  const compact = n.replace(/ /g, '');
  const words = ` ${stemPhrase(n)} `;
  for (const { form, term } of forms) {
    const text = form.slice(2);
    switch (form[0]) {
      case 'h':
        if (compact.includes(text)) return term;
        break;
      case 'p':
        if (compact === text || (text.length >= PINYIN_PREFIX_MIN && compact.startsWith(text) && looksLikePinyin(n))) return term;
        break;
      default:
        if (words.includes(` ${text} `) || (text.includes(' ') && compact === text.replace(/ /g, ''))) return term;
    }
  }
  if (!looksLikePinyin(n)) return undefined;
  const typed = stemPhrase(n);
  const typedWords = typed.split(' ');
  for (const { form, term } of forms) {
    if (form[0] !== 'w') continue;
    const text = form.slice(2);
    // The whole query misspelt (chest pian), or one of its words (a bad bleading).
    if (closeEnough(typed.replace(/ /g, ''), text.replace(/ /g, ''))) return term;
    if (!text.includes(' ') && typedWords.some((w) => closeEnough(w, text))) return term;
  }
  return undefined;
}
