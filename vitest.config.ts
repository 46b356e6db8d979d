import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/cache-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests spawn promtool and Prometheus; two workers match the 2-core machines this runs on.
    maxWorkers: 2,
  },
});
