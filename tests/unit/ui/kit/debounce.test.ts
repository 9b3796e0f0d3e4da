/**
 * The search fields' debounce (src/ui/kit/debounce.ts), on a fake clock: typing a word sends one
 * search with the whole word, a pause sends what was typed, and a cleared field sends nothing.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { debounce, SEARCH_DEBOUNCE_MS } from '../../../../src/ui/kit/debounce.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('debounce', () => {
  it('sends one search with the whole word when the letters come faster than the pause', () => {
    const sent: string[] = [];
    const search = debounce((q: string) => sent.push(q));
    let typed = '';
    for (const c of 'xueguan') {
      typed += c;
      search(typed);
      vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS - 1);
    }
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual(['xueguan']);
  });

  it('sends each pause in typing on its own, with the arguments of the last call', () => {
    const sent: [string, string][] = [];
    const search = debounce((q: string, lang: string) => sent.push([q, lang]));
    search('x', 'zh');
    search('xg', 'zh');
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
    search('xgw', 'en');
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
    expect(sent).toEqual([
      ['xg', 'zh'],
      ['xgw', 'en'],
    ]);
  });

  it('sends nothing after cancel (the field was cleared, or the screen closed)', () => {
    const sent: string[] = [];
    const search = debounce((q: string) => sent.push(q), 50);
    search('超声');
    search.cancel();
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([]);
    search('血管');
    vi.advanceTimersByTime(49);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual(['血管']);
  });
});
