import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CORNER_HOLD_MS, installCornerHold } from '../../../../../src/ui/staff/lib/gesture';

/** A window with the events and animation frames the gesture uses, and a clock the test moves. */
function fakeWindow() {
  const target = new EventTarget();
  let frames: FrameRequestCallback[] = [];
  let now = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => now);
  const win = Object.assign(target, {
    requestAnimationFrame: (f: FrameRequestCallback) => frames.push(f),
    cancelAnimationFrame: () => {
      frames = [];
    },
  }) as unknown as Window;
  const pointer = (type: string, x: number, y: number) =>
    target.dispatchEvent(Object.assign(new Event(type), { isPrimary: true, pointerId: 1, clientX: x, clientY: y }));
  /** Let `ms` pass in frames of 100 ms. */
  const wait = (ms: number) => {
    for (const end = now + ms; now < end;) {
      now += 100;
      const due = frames;
      frames = [];
      for (const f of due) f(now);
    }
  };
  return { win, pointer, wait };
}

describe('the corner hold to the IT screen', () => {
  let w: ReturnType<typeof fakeWindow>;
  beforeEach(() => {
    w = fakeWindow();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('opens the pad after three seconds in the corner', () => {
    const onHold = vi.fn();
    installCornerHold(w.win, { enabled: () => true, onHold });
    w.pointer('pointerdown', 30, 30);
    w.wait(CORNER_HOLD_MS - 200);
    expect(onHold).not.toHaveBeenCalled();
    w.wait(300);
    expect(onHold).toHaveBeenCalledTimes(1);
  });

  it('opens the pad when the kiosk learns of its IT PIN during the hold (just after a restart)', () => {
    let live = false;
    const onHold = vi.fn();
    const shown: (number | null)[] = [];
    installCornerHold(w.win, { enabled: () => live, onHold, onProgress: (f) => shown.push(f) });
    w.pointer('pointerdown', 30, 30);
    w.wait(1000);
    expect(shown.every((f) => f === null)).toBe(true);
    live = true;
    w.wait(CORNER_HOLD_MS);
    expect(onHold).toHaveBeenCalledTimes(1);
    expect(shown.some((f) => f !== null && f > 0.3)).toBe(true);
  });

  it('does nothing at all without an IT PIN: no ring, no pad, the click goes through', () => {
    const onHold = vi.fn();
    const shown: (number | null)[] = [];
    installCornerHold(w.win, { enabled: () => false, onHold, onProgress: (f) => shown.push(f) });
    w.pointer('pointerdown', 30, 30);
    w.wait(CORNER_HOLD_MS + 500);
    w.pointer('pointerup', 30, 30);
    const click = Object.assign(new Event('click', { cancelable: true }), { clientX: 30, clientY: 30 });
    w.win.dispatchEvent(click);
    expect(onHold).not.toHaveBeenCalled();
    expect(shown.filter((f) => f !== null)).toEqual([]);
    expect(click.defaultPrevented).toBe(false);
  });

  it('is cancelled by a finger that lifts, wanders or starts outside the corner', () => {
    const onHold = vi.fn();
    installCornerHold(w.win, { enabled: () => true, onHold });
    w.pointer('pointerdown', 30, 30);
    w.wait(1000);
    w.pointer('pointerup', 30, 30);
    w.wait(CORNER_HOLD_MS);
    w.pointer('pointerdown', 30, 30);
    w.wait(1000);
    w.pointer('pointermove', 90, 90);
    w.wait(CORNER_HOLD_MS);
    w.pointer('pointerdown', 400, 30);
    w.wait(CORNER_HOLD_MS + 500);
    expect(onHold).not.toHaveBeenCalled();
  });
});
