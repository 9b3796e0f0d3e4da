import { defineConfig } from 'vitest/config';

/** The whole fleet set (npm run test:fleet): the short fleet tests of npm test, plus real kiosk processes. */
export default defineConfig({
  test: {
    include: ['tests/unit/fleet-*.test.ts', 'tests/fleet/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 60_000,
  },
});
