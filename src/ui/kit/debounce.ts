/**
 * A call that waits for a pause: each call puts off the last one, and only the last runs, once no
 * call has come for `ms`. Search fields send their query this way (the visitor search, the
 * volunteer directory's filter), so typing a word sends one search, not one a letter.
 */

/** How long typing must pause before a search is sent. */
export const SEARCH_DEBOUNCE_MS = 120;

export interface Debounced<A extends unknown[]> {
  (...args: A): void;
  /** Drops a call that is still waiting. */
  cancel(): void;
}

export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms = SEARCH_DEBOUNCE_MS): Debounced<A> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const call = (...args: A): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn(...args);
    }, ms);
  };
  call.cancel = (): void => {
    clearTimeout(timer);
    timer = undefined;
  };
  return call;
}
