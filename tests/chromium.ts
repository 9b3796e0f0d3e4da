/**
 * The system's Chromium (Debian's package) as the tests and benchmarks drive it: where it is and
 * the flags that keep it from reaching for the network. Never a downloaded browser.
 */
export const CHROMIUM_PATH = process.env.KIOSK_TEST_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
