/**
 * The hidden way to the IT screen: press and hold the top-left corner of the screen (where the
 * hospital emblem sits in the masthead) for three seconds. Listens on the window in the capture
 * phase and never stops the touch from reaching what is under it, so the corner works on every
 * screen, the welcome screen included. A finger that moves or lifts cancels; when the hold
 * completes, a click in the corner that follows the lift is swallowed so it cannot also press
 * what is under it.
 *
 * The caller decides when the gesture is live (only with an IT PIN set, at the kiosk itself);
 * when it is not, nothing at all happens: no ring, no swallowed click. Whether it is live is asked
 * all along the hold, not only when the finger comes down, so a hold begun while the kiosk was
 * still learning which staff screens it has (just after a restart) still opens the pad.
 */
export interface CornerHoldOptions {
  /** The corner's size, in CSS px from the top-left. */
  size?: number;
  /** How long to hold, in ms. */
  holdMs?: number;
  /** How far the finger may wander, in CSS px. */
  slop?: number;
  /** Is the gesture live right now? */
  enabled: () => boolean;
  /** Progress of a hold from 0 to 1, or null when no hold is under way. */
  onProgress?: (fraction: number | null) => void;
  onHold: () => void;
}

export const CORNER_HOLD_MS = 3000;
export const CORNER_SIZE = 120;

export function installCornerHold(win: Window, opts: CornerHoldOptions): () => void {
  const size = opts.size ?? CORNER_SIZE;
  const holdMs = opts.holdMs ?? CORNER_HOLD_MS;
  const slop = opts.slop ?? 24;
  let active: { id: number; x: number; y: number; start: number; frame: number } | null = null;
  let swallowUntil = 0;

  const stop = () => {
    if (!active) return;
    win.cancelAnimationFrame(active.frame);
    active = null;
    opts.onProgress?.(null);
  };
  const tick = () => {
    if (!active) return;
    const fraction = Math.min(1, (performance.now() - active.start) / holdMs);
    const live = opts.enabled();
    opts.onProgress?.(live ? fraction : null);
    if (fraction >= 1) {
      stop();
      if (!live) return;
      swallowUntil = performance.now() + 1500;
      opts.onHold();
      return;
    }
    active.frame = win.requestAnimationFrame(tick);
  };
  const down = (e: PointerEvent) => {
    if (!e.isPrimary || e.clientX > size || e.clientY > size) return;
    stop();
    active = { id: e.pointerId, x: e.clientX, y: e.clientY, start: performance.now(), frame: 0 };
    active.frame = win.requestAnimationFrame(tick);
  };
  const move = (e: PointerEvent) => {
    if (active && e.pointerId === active.id && Math.hypot(e.clientX - active.x, e.clientY - active.y) > slop) stop();
  };
  const up = (e: PointerEvent) => {
    if (active && e.pointerId === active.id) stop();
  };
  const click = (e: MouseEvent) => {
    // Only the click of the lifted finger, in the corner: never a later tap elsewhere.
    if (performance.now() < swallowUntil && e.clientX <= size + slop && e.clientY <= size + slop) {
      swallowUntil = 0;
      e.preventDefault();
      e.stopPropagation();
    }
  };
  win.addEventListener('pointerdown', down, true);
  win.addEventListener('pointermove', move, true);
  win.addEventListener('pointerup', up, true);
  win.addEventListener('pointercancel', up, true);
  win.addEventListener('click', click, true);
  return () => {
    stop();
    win.removeEventListener('pointerdown', down, true);
    win.removeEventListener('pointermove', move, true);
    win.removeEventListener('pointerup', up, true);
    win.removeEventListener('pointercancel', up, true);
    win.removeEventListener('click', click, true);
  };
}
