import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/reliability/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // Vitest's default on a machine of two cores is one file at a time; most files here wait on child
    // processes, worker threads and files far more than they compute, so two at a time is faster (here 422 s against 582 s for the same files, both on a busy machine).
    maxWorkers: 2,
    testTimeout: 20_000,
  },
});
