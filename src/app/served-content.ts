/**
 * The live content as the running kiosk serves it: a content database that remembers its latest
 * search answers. Visitors at the screen and volunteers' tablets ask the same few hundred things
 * again and again (超声, 卫生间, ultrasound), and a database never changes once it is live (new
 * content is a new database), so an answer stays right for as long as its database is shown.
 * Bounded: the most recently asked SEARCH_ANSWERS_KEPT answers, each handed out as a copy of its
 * own, so a caller that adds to an answer (the emergency card's place) changes nobody else's.
 */
import { ContentDb } from '../../db/store.js';
import type { Lang } from '../shared/content.js';
import type { SearchResult } from '../shared/results.js';

export const SEARCH_ANSWERS_KEPT = 256;

export class ServedContentDb extends ContentDb {
  /** How many answers each database remembers; 0 searches every time (the bench, timing the search itself). */
  static answersKept = SEARCH_ANSWERS_KEPT;
  private readonly answers = new Map<string, SearchResult>();

  override search(q: string, lang: Lang = 'zh', limit?: number): SearchResult {
    if (ServedContentDb.answersKept <= 0) return super.search(q, lang, limit);
    const key = `${lang}\u0000${limit ?? ''}\u0000${q}`;
    let answer = this.answers.get(key);
    if (answer) this.answers.delete(key);
    else answer = super.search(q, lang, limit);
    this.answers.set(key, answer); // the most recent last
    while (this.answers.size > ServedContentDb.answersKept) this.answers.delete(this.answers.keys().next().value!);
    return JSON.parse(JSON.stringify(answer)) as SearchResult; // a copy of its own, as it would arrive over the wire (faster than structuredClone here)
  }
}
