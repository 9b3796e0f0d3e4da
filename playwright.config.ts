import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './tests/chromium.js';

/**
 * End-to-end tests in the system's Chromium (Debian's package), against `kiosk serve` on a
 * throw-away data folder. Never downloads a browser.
 *
 * Portrait (1080x1920) runs every test. By default landscape (1920x1080) runs the tests whose
 * answer depends on the shape of the screen: the layout matrix of every screen under every display
 * mode, the floor plans, the first screen of a department, the routes, the low-reach and large-text
 * layouts, the preview's mark. What a search finds, what a pack does or what a PIN pad says is the
 * same on both, and axe's findings (names, roles, contrast) do not change with the viewport's width
 * either; touch-target sizes do, and the matrix measures those in landscape. `KIOSK_E2E_FULL=1`
 * (`npm run test:e2e:full`) runs everything in both.
 */
const FULL = !!process.env.KIOSK_E2E_FULL;

/** The specs landscape runs by default: where the screen's shape decides the answer. */
const LAYOUT_SPECS = [
  'mode-matrix',
  'floor-map',
  'department-first',
  'visitor-wayfinding',
  'visitor-access',
  'welcome-burn-in',
  'preview',
  'it-pack-preview',
  // The on-demand screenshot sets (KIOSK_SHOTS=1) take both shapes.
  'screenshots',
  'department-screenshots',
  'places-screenshots',
  'visitor-screenshots',
  'staff-screenshots',
  'it-packs-screenshots',
].map((name) => `**/${name}.spec.ts`);

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    ...devices['Desktop Chrome'],
    hasTouch: true,
    viewport: { width: 1080, height: 1920 },
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'portrait', use: { viewport: { width: 1080, height: 1920 } } },
    {
      name: 'landscape',
      use: { viewport: { width: 1920, height: 1080 } },
      ...(FULL ? {} : { testMatch: LAYOUT_SPECS, grepInvert: /pass(es)? axe/ }),
    },
  ],
});
