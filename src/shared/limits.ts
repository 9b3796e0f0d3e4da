/**
 * Limits and timings that the renderer and the server must agree on. No imports.
 */

/** The longest search the kiosk accepts, in characters. */
export const SEARCH_MAX_LENGTH = 64;
/** Hits per result group: by default, and at most. */
export const SEARCH_DEFAULT_LIMIT = 20;
export const SEARCH_MAX_LIMIT = 50;
/** Handwriting: the pad's square box, in whole units; the pad scales its canvas to it. */
export const HANDWRITING_BOX = 1000;
/** The most strokes of one character (the content's most complex characters have about 25). */
export const HANDWRITING_MAX_STROKES = 40;
/** Points of one stroke at most: the pad thins a stroke's points to fit. */
export const HANDWRITING_MAX_POINTS = 128;
/** Points of all strokes together at most (about 20 KB of JSON). */
export const HANDWRITING_MAX_TOTAL_POINTS = 2000;
/** Characters offered for a written character: by default, and at most. */
export const HANDWRITING_CANDIDATES_DEFAULT = 8;
export const HANDWRITING_CANDIDATES_MAX = 12;

/** Chinese words the candidate bar offers: by default, and at most. */
export const CANDIDATES_DEFAULT = 8;
export const CANDIDATES_MAX = 12;

/**
 * The idle warning's countdown, shared by the UI (which shows it) and the kiosk (which counts a
 * kiosk as idle only once it would have reset): after the idle time with no touch, the visitor is
 * warned for this long, at least 20 s so the time can be extended, before the welcome screen.
 */
export const IDLE_WARNING_SECONDS = 30;

/**
 * A staff session ends after this long without a staff call (src/core/access/sessions.ts); the IT
 * screen follows it where nothing calls the kiosk for a while (the preview of a pack is open).
 */
export const STAFF_SESSION_IDLE_SECONDS = 5 * 60;

/** The longest PIN or volunteer code an unlock call may carry, in characters (PINs themselves are shorter). */
export const PIN_ARG_MAX_LENGTH = 32;

/** Audit log entries per call: by default, and at most. */
export const AUDIT_DEFAULT_LIMIT = 100;
export const AUDIT_MAX_LIMIT = 500;
