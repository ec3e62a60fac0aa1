import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The property and model-based suites are CPU-bound; two cores run two files at once.
    testTimeout: 60_000,
  },
});
