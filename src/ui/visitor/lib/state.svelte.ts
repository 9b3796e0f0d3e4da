/**
 * The visitor's wayfinding state that outlives a screen: the search (text, keyboard, results,
 * the candidate bar's Chinese words for typed pinyin), the places and facilities, the symptom
 * guide's open body area and the step-free choice for directions. Back from a
 * department finds the search as it was; the idle reset clears all of it (kiosk.onReset).
 * Screens read it and call its methods; only this class changes it.
 */
import { SEARCH_MAX_LENGTH, type Lang, type PlaceSummary, type SearchResult, type SymptomGuide } from '../../../shared';
import { api } from '../../lib/api';
import { kiosk } from '../../lib/kiosk.svelte';
import { debounce } from '../../kit/debounce';
import { messageOf, Resource } from '../../kit/resource.svelte';
import { speech } from './speech.svelte';
import { SUGGESTED_SEARCHES } from './suggestions';

/** Hits of a search: places, doctors and the three groups (the emergency answer is not counted: it is not a hit). */
export function hitCount(r: SearchResult | undefined): number {
  return r ? r.places.length + r.doctors.length + r.groups.departments.length + r.groups.services.length + r.groups.equipment.length : 0;
}

/** The typed pinyin at the end of the query (the letters the candidate bar replaces), or ''. */
const TRAILING_PINYIN = /[A-Za-z]+\s*$/;

export class VisitorSearch {
  /** The text in the search field. */
  query = $state('');
  /** The answer for `answered` (the last query sent that came back). */
  result = $state<SearchResult | undefined>();
  answered = $state('');
  error = $state<string | undefined>();
  /** A search is waiting for the pause in typing or for its answer. */
  pending = $state(false);
  keyboardOpen = $state(true);
  /** The handwriting pad is in the keyboard's place (where the kiosk has a recogniser). */
  padOpen = $state(false);
  /** The candidate bar: the content's Chinese words for the pinyin at the end of the query. */
  candidates = $state<string[]>([]);

  readonly #send = debounce(() => void this.#run());
  #ticket = 0;

  readonly trimmed = $derived(this.query.trim());
  readonly total = $derived(hitCount(this.result));
  /** Nothing was found for what is in the field (and no newer search is on its way). */
  readonly nothingFound = $derived(
    !!this.trimmed && !this.pending && !this.error && !!this.result && this.answered === this.trimmed && this.total === 0 && !this.result.emergency,
  );

  setQuery(text: string): void {
    const next = text.slice(0, SEARCH_MAX_LENGTH);
    if (next === this.query) return;
    this.query = next;
    this.#schedule();
  }

  type(char: string): void {
    this.setQuery(this.query + char);
  }

  backspace(): void {
    this.setQuery([...this.query].slice(0, -1).join(''));
  }

  clear(): void {
    this.setQuery('');
  }

  /** A word from the candidate bar replaces the pinyin typed at the end of the query. */
  pickCandidate(word: string): void {
    this.candidates = [];
    this.setQuery(TRAILING_PINYIN.test(this.query) ? this.query.replace(TRAILING_PINYIN, word) : this.query + word);
  }

  /** Runs the current query again now (the language changed: snippets follow it). */
  refresh(): void {
    if (this.trimmed) void this.#run();
  }

  /** The handwriting pad instead of the keys, or back. */
  showPad(open: boolean): void {
    this.padOpen = open;
  }

  showKeyboard(open: boolean): void {
    this.keyboardOpen = open;
  }

  reset(): void {
    this.#send.cancel();
    this.#ticket++;
    this.query = '';
    this.result = undefined;
    this.answered = '';
    this.error = undefined;
    this.pending = false;
    this.keyboardOpen = true;
    this.padOpen = false;
    this.candidates = [];
  }

  #schedule(): void {
    this.#send.cancel();
    if (!this.trimmed) {
      this.#ticket++;
      this.pending = false;
      this.error = undefined;
      this.result = undefined;
      this.answered = '';
      this.candidates = [];
      return;
    }
    if (!TRAILING_PINYIN.test(this.query)) this.candidates = [];
    this.pending = true;
    this.#send();
  }

  async #run(): Promise<void> {
    const ticket = ++this.#ticket;
    const q = this.trimmed;
    this.pending = true;
    try {
      const [result, candidates] = await Promise.all([api.search({ q, lang: kiosk.lang }), this.#candidates(q)]);
      if (ticket !== this.#ticket) return;
      this.candidates = candidates;
      this.result = result;
      this.answered = q;
      this.error = undefined;
    } catch (e) {
      if (ticket !== this.#ticket) return;
      this.error = messageOf(e);
    } finally {
      if (ticket === this.#ticket) this.pending = false;
    }
  }

  /** The candidate bar's words; none when the query does not end in pinyin, or when they cannot be had. */
  async #candidates(q: string): Promise<string[]> {
    if (!TRAILING_PINYIN.test(q)) return [];
    try {
      return (await api.searchCandidates({ q })).words;
    } catch {
      return [];
    }
  }
}

export class Visitor {
  readonly search = new VisitorSearch();
  /** The body area open in the symptom guide. */
  symptomArea = $state<string | null>(null);
  /**
   * Directions avoid stairs and escalators: lifts first, in a hospital; the stairs are the other
   * choice (kept for the visit, for every department).
   */
  stepFree = $state(true);
  readonly symptoms = new Resource<SymptomGuide | null>(() => api.getSymptomGuide({}));
  /** The content's places and facilities (the home row, the emergency answer, the symptom guide). */
  readonly places = new Resource<PlaceSummary[]>(() => api.listPlaces({}));
  /** Suggested searches that find something, per language, checked once. */
  suggestions = $state<Partial<Record<Lang, string[]>>>({});

  constructor() {
    kiosk.onReset(() => this.reset());
  }

  openSearch(): void {
    this.search.reset();
    kiosk.open({ name: 'search' });
  }

  openSymptoms(): void {
    this.symptomArea = null;
    if (!this.symptoms.value) void this.symptoms.load();
    kiosk.open({ name: 'symptoms' });
  }

  openPlace(id: string): void {
    kiosk.open({ name: 'place', id });
  }

  openInfo(): void {
    kiosk.open({ name: 'info' });
  }

  /** The places, loaded once per visit (content changes between visits, on the welcome screen). */
  loadPlaces(): void {
    if (!this.places.value && !this.places.loading) void this.places.load();
  }

  chooseArea(id: string): void {
    this.symptomArea = this.symptomArea === id ? null : id;
  }

  toggleStepFree(): void {
    this.stepFree = !this.stepFree;
  }

  /** Loads the suggestions for a language once: department names, then terms that find something. */
  async loadSuggestions(lang: Lang): Promise<void> {
    if (this.suggestions[lang]) return;
    const names = (kiosk.departments.value ?? []).map((d) => d.name[lang]);
    const found = await Promise.all(
      SUGGESTED_SEARCHES[lang].map(async (q) => {
        try {
          return hitCount(await api.search({ q, lang, limit: 1, probe: true })) > 0 ? q : undefined;
        } catch {
          return undefined;
        }
      }),
    );
    const terms = found.filter((q): q is string => !!q && !names.includes(q));
    this.suggestions = { ...this.suggestions, [lang]: [...names, ...terms].slice(0, 8) };
  }

  reset(): void {
    this.search.reset();
    this.symptomArea = null;
    this.stepFree = true;
    this.places.value = undefined;
    speech.stop();
  }
}

export const visitor = new Visitor();
