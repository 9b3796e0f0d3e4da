/**
 * What visitors looked for, counted so that nothing could identify a person: per local day and
 * nothing finer, with no session, no order of what one visitor did, and only from the kiosk's own
 * screen (never a volunteer's tablet). Counted: searches that found nothing (by their normalised
 * text, ./query.ts), departments and places opened, symptom-guide paths (area, complaint, where it
 * led).
 *
 * A search is counted once the visitor has settled on it, not for each letter typed: the UI sends
 * a search at every pause in typing, so a query counts when it has stood SETTLE_MS or more before
 * the visitor changed it to something that does not merely continue it, opened a page, or left it
 * standing for QUIET_MS. A query that found nothing is kept only once it has been searched
 * QUERY_THRESHOLD times within PENDING_DAYS; until then the store holds a keyed tag of it (an HMAC
 * with the data folder's secret), never its text, and forgets tags older than PENDING_DAYS.
 */
import { createHmac } from 'node:crypto';
import type { VisitorCountKind, VisitorCountRow, VisitorCountStore } from '../ports.js';
import { countableQuery } from './query.js';

/** Searches of the same text (within PENDING_DAYS) before it is kept. */
export const QUERY_THRESHOLD = 3;
/** How long a tag of a query searched fewer than QUERY_THRESHOLD times is held. */
export const PENDING_DAYS = 30;
/** How long counts are kept. */
export const KEEP_DAYS = 400;
/** A query stood this long before it was changed: the visitor read its answer. */
export const SETTLE_MS = 3000;
/** A query left standing this long is counted without waiting for the next call. */
export const QUIET_MS = 15_000;

const pad = (n: number) => String(n).padStart(2, '0');
/** The local date of a clock reading, "YYYY-MM-DD". */
export const localDay = (ms: number): string => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

interface Held {
  query: string | undefined;
  noResult: boolean;
  at: number;
}

export interface RecorderOptions {
  /** The kiosk's clock (ms). */
  now?: () => number;
  /** Told once when counting fails (a full or read-only data folder); counting then stops. */
  warn?: (sentence: string) => void;
}

export class VisitorRecorder {
  private held: Held | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  private readonly warn: (s: string) => void;
  private failed = false;
  private prunedOn = '';
  private key: Buffer | undefined;

  constructor(
    private readonly store: VisitorCountStore,
    opts: RecorderOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.warn = opts.warn ?? ((s) => console.warn(`kiosk: ${s}`));
  }

  /** A search from the kiosk's screen and whether it found anything. */
  search(q: string, found: boolean): void {
    const query = countableQuery(q);
    const now = this.now();
    const held = this.held;
    if (held) {
      if (query !== undefined && query === held.query) {
        held.noResult = !found; // the same query again (the language changed): still one search
        return;
      }
      const continues = query !== undefined && held.query !== undefined && query.startsWith(held.query);
      if (!continues && now - held.at >= SETTLE_MS) this.commit(held);
    }
    this.held = { query, noResult: !found, at: now };
    this.arm();
  }

  /** A department or place page opened from the kiosk's screen: the search before it, if settled, counts too. */
  opened(kind: 'department' | 'place', id: string): void {
    this.settle();
    this.safely(() => this.store.count(this.today(), kind, id));
  }

  /** A symptom-guide path followed on the kiosk's screen: "area › complaint → target". */
  symptomPath(path: string): void {
    this.settle();
    this.safely(() => this.store.count(this.today(), 'symptom', path));
  }

  /** The counted rows of one kind from `since` (a local day; all when undefined), most counted first. */
  rows(kind: VisitorCountKind, since: string | undefined, limit?: number): VisitorCountRow[] {
    return this.store.rows(kind, since, limit);
  }

  /** The local day `n` days before today. */
  dayBefore(n: number): string {
    const d = new Date(this.now());
    return localDay(new Date(d.getFullYear(), d.getMonth(), d.getDate() - n, 12).getTime());
  }

  /** Count the search standing now, if settled (the visitor moved on, or the kiosk is closing). */
  settle(): void {
    const held = this.held;
    if (held && this.now() - held.at >= SETTLE_MS) this.commit(held);
    else if (held) this.arm();
  }

  /** Count the search standing now and close the store. */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const held = this.held;
    this.held = undefined;
    if (held) this.commitNow(held);
    this.store.close();
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.held) this.commit(this.held);
    }, QUIET_MS);
    this.timer.unref?.();
  }

  private commit(held: Held): void {
    if (this.held === held) {
      this.held = undefined;
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.commitNow(held);
  }

  private commitNow(held: Held): void {
    if (!held.noResult || held.query === undefined) return;
    const query = held.query;
    this.safely(() => {
      const tag = createHmac('sha256', (this.key ??= this.store.secret()))
        .update(query)
        .digest('hex')
        .slice(0, 32);
      this.store.noResult(this.today(), query, tag, QUERY_THRESHOLD, PENDING_DAYS);
    });
  }

  private today(): string {
    const day = localDay(this.now());
    if (day !== this.prunedOn) {
      this.prunedOn = day;
      this.store.prune(day, PENDING_DAYS, KEEP_DAYS);
    }
    return day;
  }

  private safely(fn: () => void): void {
    if (this.failed) return;
    try {
      fn();
    } catch (e) {
      this.failed = true;
      this.warn(`Visitor counts cannot be written to the data folder (${(e as Error).message}); they are not counted until the kiosk restarts.`);
    }
  }
}
