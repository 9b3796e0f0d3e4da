/**
 * Outside the displaySchedule's hours, browser-kiosk mode also turns the display itself off
 * through DPMS (`xset dpms force off`) once nobody is using the kiosk, and again every ten minutes
 * while it stays closed (a touch wakes the display; X lights it on input). Where that cannot be
 * done (no X, no xset, a Wayland session) it says so in one line, once, and the screen shows black.
 */
import { spawnSync } from 'node:child_process';
import { displayOn, type DisplaySchedule } from '../../shared/schedule.js';

export interface DpmsOptions {
  schedule: DisplaySchedule;
  isIdle: () => boolean;
  log?: (line: string) => void;
  now?: () => Date;
  /** Turns the display off; true when it did. */
  forceOff?: () => { ok: boolean; why?: string };
}

export function xsetForceOff(): { ok: boolean; why?: string } {
  if (!process.env.DISPLAY) return { ok: false, why: 'there is no X display (DISPLAY is not set)' };
  const r = spawnSync('xset', ['dpms', 'force', 'off'], { timeout: 5000, stdio: 'ignore' });
  if (r.error)
    return { ok: false, why: (r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'xset is not installed (Debian: x11-xserver-utils)' : r.error.message };
  return r.status === 0 ? { ok: true } : { ok: false, why: `xset dpms force off failed (exit code ${r.status})` };
}

export const DPMS_REPEAT_MS = 10 * 60_000;

/** Checks every 30 s; returns the stop function. */
export function startDpmsSchedule(o: DpmsOptions): () => void {
  const log = o.log ?? ((s) => console.log(s));
  const now = o.now ?? (() => new Date());
  const forceOff = o.forceOff ?? xsetForceOff;
  let lastOff = -Infinity;
  let told = false;
  const tick = () => {
    const t = now();
    if (displayOn(o.schedule, t) || !o.isIdle()) return;
    if (t.getTime() - lastOff < DPMS_REPEAT_MS) return;
    lastOff = t.getTime();
    const r = forceOff();
    if (!r.ok && !told) {
      told = true;
      log(`kiosk: the display cannot be turned off here (${r.why}); outside opening hours the screen shows black instead.`);
    }
  };
  tick();
  const timer = setInterval(tick, 30_000);
  timer.unref();
  return () => clearInterval(timer);
}
