import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'tests/unit/**/*.test.ts',
      'tests/domain/**/*.test.ts',
      'tests/routes/**/*.test.ts',
      'tests/live/**/*.test.ts',
      'tests/seed/**/*.test.ts',
      'tests/security/**/*.test.ts',
      'tests/faults/**/*.test.ts',
    ],
    globalSetup: ['tests/support/global-setup.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker less than the CPUs: a single one on a 2-core machine like CI's.
    // The integration tests spend much of their time waiting on the database, timers and sockets,
    // so two run well side by side there.
    maxWorkers: 2,
    minWorkers: 1,
    reporters: ['default'],
  },
});
