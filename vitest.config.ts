import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Content modules import the public entry by its package name; tests run it from source.
  resolve: { alias: { intgen: fileURLToPath(new URL('src/model/index.ts', import.meta.url)) } },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/cache-setup.ts', 'test/calico-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests spawn promtool and Prometheus; two workers match the 2-core machines this runs on.
    maxWorkers: 2,
  },
});
