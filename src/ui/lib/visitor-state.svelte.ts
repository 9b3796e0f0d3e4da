/**
 * The visitor's wayfinding state that outlives a screen: the search (text, keyboard, results),
 * the symptom guide's open body area and the step-free choice for directions. Back from a
 * department finds the search as it was; the idle reset clears all of it (kiosk.onReset).
 * Screens read it and call its methods; only this class changes it.
 */
import type { Lang, SearchResult, SymptomGuide } from '../../core/api/contract';
import { api } from './api';
import { kiosk } from './kiosk.svelte';
import { messageOf, Resource } from './resource.svelte';
import { speech } from './visitor-speech.svelte';
import { SUGGESTED_SEARCHES } from './visitor-keyboard';

/** How long typing must pause before a search is sent. */
export const SEARCH_DEBOUNCE_MS = 120;
/** The longest search the service accepts (SEARCH_MAX_LENGTH in the contract, which the UI imports type-only). */
const SEARCH_MAX_LENGTH = 64;

export function hitCount(r: SearchResult | undefined): number {
  return r ? r.groups.departments.length + r.groups.services.length + r.groups.equipment.length : 0;
}

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

  #timer: ReturnType<typeof setTimeout> | undefined;
  #ticket = 0;

  readonly trimmed = $derived(this.query.trim());
  readonly total = $derived(hitCount(this.result));
  /** Nothing was found for what is in the field (and no newer search is on its way). */
  readonly nothingFound = $derived(!!this.trimmed && !this.pending && !this.error && !!this.result && this.answered === this.trimmed && this.total === 0);

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

  /** Runs the current query again now (the language changed: snippets follow it). */
  refresh(): void {
    if (this.trimmed) void this.#run();
  }

  showKeyboard(open: boolean): void {
    this.keyboardOpen = open;
  }

  reset(): void {
    clearTimeout(this.#timer);
    this.#ticket++;
    this.query = '';
    this.result = undefined;
    this.answered = '';
    this.error = undefined;
    this.pending = false;
    this.keyboardOpen = true;
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    if (!this.trimmed) {
      this.#ticket++;
      this.pending = false;
      this.error = undefined;
      this.result = undefined;
      this.answered = '';
      return;
    }
    this.pending = true;
    this.#timer = setTimeout(() => void this.#run(), SEARCH_DEBOUNCE_MS);
  }

  async #run(): Promise<void> {
    const ticket = ++this.#ticket;
    const q = this.trimmed;
    this.pending = true;
    try {
      const result = await api.search({ q, lang: kiosk.lang });
      if (ticket !== this.#ticket) return;
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
          return hitCount(await api.search({ q, lang, limit: 1 })) > 0 ? q : undefined;
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
    speech.stop();
  }
}

export const visitor = new Visitor();
