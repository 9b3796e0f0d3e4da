/**
 * Kiosk guards for the whole window: no context menu (long press or right click), no zoom by
 * pinch, ctrl+wheel or keyboard, no dragging of images or text. Returns a function that removes
 * them again.
 */
export function installTouchGuards(win: Window): () => void {
  const prevent = (e: Event) => e.preventDefault();
  const wheel = (e: WheelEvent) => {
    if (e.ctrlKey) e.preventDefault();
  };
  const keys = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && ['+', '-', '=', '0'].includes(e.key)) e.preventDefault();
  };
  const touch = (e: TouchEvent) => {
    if (e.touches.length > 1) e.preventDefault();
  };
  win.addEventListener('contextmenu', prevent);
  win.addEventListener('dragstart', prevent);
  win.addEventListener('selectstart', prevent);
  win.addEventListener('gesturestart', prevent);
  win.addEventListener('wheel', wheel, { passive: false });
  win.addEventListener('keydown', keys);
  win.addEventListener('touchmove', touch, { passive: false });
  return () => {
    win.removeEventListener('contextmenu', prevent);
    win.removeEventListener('dragstart', prevent);
    win.removeEventListener('selectstart', prevent);
    win.removeEventListener('gesturestart', prevent);
    win.removeEventListener('wheel', wheel);
    win.removeEventListener('keydown', keys);
    win.removeEventListener('touchmove', touch);
  };
}
