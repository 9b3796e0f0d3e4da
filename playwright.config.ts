import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end tests in the system's Chromium (Debian's package), against `kiosk serve` on a
 * throw-away data folder. Never downloads a browser.
 */
const CHROMIUM = process.env.KIOSK_TEST_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    ...devices['Desktop Chrome'],
    hasTouch: true,
    viewport: { width: 1080, height: 1920 },
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'portrait', use: { viewport: { width: 1080, height: 1920 } } },
    { name: 'landscape', use: { viewport: { width: 1920, height: 1080 } } },
  ],
});
