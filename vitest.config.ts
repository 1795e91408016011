import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests start real runners (torch import alone takes seconds on 2 cores).
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Memory tests measure child processes; running every file at once on a small machine
    // only adds noise and swap pressure.
    maxWorkers: 2,
  },
});
