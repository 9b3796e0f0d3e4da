/**
 * A screen whose code is loaded when it is first needed, or earlier when the kiosk is idle: the
 * first screen paints sooner when it does not wait for the code of every other screen.
 */
export class LazyScreen<C> {
  component = $state<C | undefined>();
  error = $state<string | undefined>();
  #loading: Promise<void> | undefined;
  readonly #load: () => Promise<{ default: C }>;

  constructor(load: () => Promise<{ default: C }>) {
    this.#load = load;
  }

  /** Starts loading (once); a failed load may be tried again. */
  load(): Promise<void> {
    if (this.#loading) return this.#loading;
    this.error = undefined; // trying again: the screen shows it is loading, not the old failure
    this.#loading = this.#load().then(
      (m) => {
        this.component = m.default;
      },
      () => {
        this.#loading = undefined;
        this.error = 'The kiosk could not load this screen.';
      },
    );
    return this.#loading;
  }
}
