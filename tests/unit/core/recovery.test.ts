/** The one recovery policy of both shells (src/core/recovery.ts): reload, relaunch, fallback, memory only while idle. */
import { describe, expect, it } from 'vitest';
import { decideRecovery, fallbackPageHtml, INITIAL_RECOVERY, RECOVERY_LIMITS, type RecoveryEvent, type RecoveryState } from '../../../src/core/recovery.js';

const MIN = 60_000;
const gone = (at: number): RecoveryEvent => ({ kind: 'renderer-gone', at, reason: 'crashed' });

function run(events: RecoveryEvent[], state: RecoveryState = INITIAL_RECOVERY) {
  const actions: string[] = [];
  for (const e of events) {
    const d = decideRecovery(e, state);
    actions.push(d.action);
    state = d.state;
  }
  return { actions, state };
}

describe('decideRecovery', () => {
  it('reloads a crashed, hung or blank page, each counted', () => {
    for (const e of [gone(1000), { kind: 'unresponsive', at: 1000 }, { kind: 'blank', at: 1000, detail: 'chrome-error' }] as RecoveryEvent[]) {
      const d = decideRecovery(e, INITIAL_RECOVERY);
      expect(d).toMatchObject({ action: 'reload', counted: true });
      expect(d.reason).toMatch(/reloaded the screen\.$/);
    }
  });
  it('relaunches when the browser exited, or when a failure follows a reload within a minute', () => {
    expect(decideRecovery({ kind: 'browser-exited', at: 5, code: 139 }, INITIAL_RECOVERY)).toMatchObject({
      action: 'relaunch',
      counted: true,
      reason: expect.stringContaining('exit code 139'),
    });
    expect(run([gone(0), gone(30_000)]).actions).toEqual(['reload', 'relaunch']);
    expect(run([gone(0), gone(2 * MIN)]).actions).toEqual(['reload', 'reload']);
  });
  it('the fifth failure within ten minutes shows the fallback page, retried after five minutes', () => {
    const events = [4, 5, 6, 7, 8].map((m) => gone(m * MIN));
    const { actions, state } = run(events);
    expect(actions).toEqual(['reload', 'reload', 'reload', 'reload', 'fallback']);
    const d = decideRecovery(gone(8 * MIN), { ...state, fallback: false, failures: state.failures.slice(0, 4) });
    expect(d).toMatchObject({ action: 'fallback', counted: true, retryAfterMs: RECOVERY_LIMITS.retryAfterMs });
    expect(d.reason).toMatch(/5th failure in 10 minutes/);
    // The retry tries the UI again without counting; a failure right after goes back to the fallback page.
    const retry = decideRecovery({ kind: 'retry', at: 13 * MIN }, state);
    expect(retry).toMatchObject({ action: 'reload', counted: false });
    expect(decideRecovery(gone(13 * MIN + 1000), retry.state).action).toBe('fallback');
    // Failures older than ten minutes no longer count.
    expect(decideRecovery(gone(30 * MIN), retry.state).action).toBe('reload');
  });
  it('five failures spread over more than ten minutes are not a crash loop', () => {
    expect(run([0, 3, 6, 9, 12].map((m) => gone(m * MIN))).actions).not.toContain('fallback');
  });
  it('a browser that exits during a crash loop is started again on the fallback page', () => {
    const { state } = run([0, 1, 2, 3, 4].map((m) => gone(m * MIN)));
    expect(decideRecovery({ kind: 'browser-exited', at: 5 * MIN }, state)).toMatchObject({ action: 'fallback', startBrowser: true });
  });
  it('kills a hung renderer first, and ignores the death that the kill causes', () => {
    const d = decideRecovery({ kind: 'unresponsive', at: 5000 }, INITIAL_RECOVERY);
    expect(d).toMatchObject({ action: 'reload', killFirst: true });
    const after = decideRecovery(gone(5001), d.state);
    expect(after).toMatchObject({ action: 'ignore', counted: false });
    expect(after.state.failures).toEqual([5000]);
    expect(decideRecovery(gone(5 * MIN), after.state).action).toBe('reload');
  });
  it('reloads for memory only over the limit and only while nobody is using the kiosk', () => {
    const big = RECOVERY_LIMITS.memoryLimitBytes + 1;
    expect(decideRecovery({ kind: 'memory', at: 1, bytes: RECOVERY_LIMITS.memoryLimitBytes, idle: true }, INITIAL_RECOVERY).action).toBe('ignore');
    expect(decideRecovery({ kind: 'memory', at: 1, bytes: Number.NaN, idle: true }, INITIAL_RECOVERY).action).toBe('ignore');
    const busy = decideRecovery({ kind: 'memory', at: 1, bytes: big, idle: false }, INITIAL_RECOVERY);
    expect(busy).toMatchObject({ action: 'defer', counted: false, state: INITIAL_RECOVERY });
    expect(decideRecovery({ kind: 'memory', at: 2, bytes: big, idle: true }, INITIAL_RECOVERY)).toMatchObject({ action: 'reload', counted: true });
  });
  it('a retry with no fallback showing does nothing', () => {
    expect(decideRecovery({ kind: 'retry', at: 1 }, INITIAL_RECOVERY).action).toBe('ignore');
  });
  it('events from the past (a clock set back) do not count as recent failures twice', () => {
    const { state } = run([gone(10 * MIN), gone(12 * MIN)]);
    expect(decideRecovery(gone(1 * MIN), state).state.failures).toEqual([1 * MIN]);
  });
});

describe('fallbackPageHtml', () => {
  it('is calm, bilingual, scriptless, and shows the emergency sentence escaped', () => {
    const html = fallbackPageHtml({ zh: '急诊请直走<script>alert(1)</script>', en: 'In an emergency, call 120.' });
    expect(html).toContain('This kiosk is resting');
    expect(html).toContain('本机正在恢复');
    expect(html).toContain('In an emergency, call 120.');
    expect(html).toContain('急诊请直走&#60;script&#62;');
    expect(html).not.toMatch(/<script/i);
  });
  it('without content, still a page for people', () => {
    expect(fallbackPageHtml(undefined)).toContain('information desk');
  });
});
