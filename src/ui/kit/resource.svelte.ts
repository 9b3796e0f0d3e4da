/**
 * One thing loaded from the KioskApi, with its state for the screen: the value, a sentence when
 * loading failed (from the ApiError), and whether a load is under way. Only the latest load may
 * set the state, so a slow answer never overwrites a newer one.
 */
import { ApiError } from '../lib/api';

export class Resource<T> {
  value = $state<T | undefined>();
  error = $state<string | undefined>();
  loading = $state(false);
  readonly #fetch: () => Promise<T>;
  #ticket = 0;

  constructor(fetch: () => Promise<T>) {
    this.#fetch = fetch;
  }

  async load(): Promise<void> {
    const ticket = ++this.#ticket;
    this.loading = true;
    this.error = undefined;
    try {
      const value = await this.#fetch();
      if (ticket === this.#ticket) this.value = value;
    } catch (e) {
      if (ticket === this.#ticket) this.error = messageOf(e);
    } finally {
      if (ticket === this.#ticket) this.loading = false;
    }
  }
}

/** The sentence to show for a failure: the ApiError's own, or a calm general one. */
export function messageOf(e: unknown): string {
  const isApiError = e instanceof ApiError || (e instanceof Error && typeof (e as { code?: unknown }).code === 'string');
  if (isApiError && e.message) return e.message;
  return 'The kiosk could not load this information.';
}
