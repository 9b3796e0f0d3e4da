/**
 * The idle warning's countdown, shared by the UI (which shows it) and the kiosk (which counts a
 * kiosk as idle only once it would have reset): after the idle time with no touch, the visitor is
 * warned for this long, at least 20 s so the time can be extended, before the welcome screen.
 * No imports: the UI bundles this file.
 */
export const IDLE_WARNING_SECONDS = 30;
