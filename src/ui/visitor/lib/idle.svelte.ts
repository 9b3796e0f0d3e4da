/**
 * The idle watch: after `idleSeconds` with no touch, key or scroll, a warning counts down for
 * WARNING_SECONDS (at least 20 s, to extend the time limit); "Continue" starts the wait again,
 * the end of the countdown resets the kiosk. Works with any clock the page has (tests fake it).
 */
import { IDLE_WARNING_SECONDS } from '../../../shared/limits';

export const WARNING_SECONDS = IDLE_WARNING_SECONDS;

export class IdleWatch {
  /** The warning is showing. */
  warning = $state(false);
  /** Whole seconds left on the warning's countdown. */
  secondsLeft = $state(WARNING_SECONDS);

  #last = Date.now();
  #deadline = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  readonly #idleMs: () => number;
  readonly #onExpire: () => void;

  constructor(idleSeconds: () => number, onExpire: () => void) {
    this.#idleMs = () => idleSeconds() * 1000;
    this.#onExpire = onExpire;
  }

  /** Starts watching (the visitor left the welcome screen). */
  start(): void {
    this.stop();
    this.#last = Date.now();
    this.#timer = setInterval(() => this.#tick(), 250);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.warning = false;
  }

  /** Someone touched, typed or scrolled: the wait starts again, unless the warning is up. */
  activity(): void {
    if (!this.warning) this.#last = Date.now();
  }

  /** "Continue": closes the warning and starts the wait again. */
  extend(): void {
    this.warning = false;
    this.#last = Date.now();
  }

  #tick(): void {
    const now = Date.now();
    if (!this.warning) {
      if (now - this.#last >= this.#idleMs()) {
        this.#deadline = now + WARNING_SECONDS * 1000;
        this.secondsLeft = WARNING_SECONDS;
        this.warning = true;
      }
      return;
    }
    this.secondsLeft = Math.max(0, Math.ceil((this.#deadline - now) / 1000));
    if (now >= this.#deadline) {
      this.stop();
      this.#onExpire();
    }
  }
}
