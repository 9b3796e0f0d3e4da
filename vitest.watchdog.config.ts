import { defineConfig } from 'vitest/config';

/** Browser-kiosk mode's watchdog against a real Chromium under Xvfb (npm run test:watchdog): minutes, so not in npm test. */
export default defineConfig({
  test: {
    include: ['tests/watchdog/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 70_000,
    fileParallelism: false,
  },
});
