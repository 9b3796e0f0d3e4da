/**
 * How many cases the reliability suite runs: tens inside `npm test`, the full count with
 * `npm run test:reliability` (KIOSK_RELIABILITY=full). The seed makes every run the same.
 */
export const FULL = process.env.KIOSK_RELIABILITY === 'full';
export const SEED = Number(process.env.KIOSK_RELIABILITY_SEED ?? 20261124);
export const FUZZ_CASES = FULL ? 1200 : 40;
export const CRASH_CASES = FULL ? 60 : 6;
/** tests/reliability/pack-limits.test.ts: checks of a hostile pack in one process, IT-screen installs under load, and crafted packs per kind. */
export const LIMIT_CHECKS = FULL ? 400 : 15;
export const LIMIT_INSTALLS = FULL ? 24 : 3;
export const LIMIT_CASES = FULL ? 200 : 16;
/** tests/reliability/host-abuse.test.ts: cross-site calls, locked unlock attempts, made-up Host headers, random PINs, and session and wrong-PIN schedules. */
export const ABUSE_CROSS_SITE = FULL ? 3000 : 200;
export const ABUSE_FLOOD = FULL ? 20000 : 1000;
export const ABUSE_HOSTS = FULL ? 2000 : 150;
export const ABUSE_PINS = FULL ? 20000 : 1000;
export const ABUSE_SCHEDULES = FULL ? 100 : 5;
