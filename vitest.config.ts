import { defineConfig } from 'vitest/config';

/**
 * Test files that replace a module with vi.mock: they need a module cache of their own. `npm test`
 * runs them apart (scripts/vitest-all.mjs): every other file with `--no-isolate`, then these. The
 * two projects below only name the two groups; their `isolate` settings alone did not stop vitest
 * from isolating each file (the CLI flag does).
 */
const MOCKING = ['tests/domain/events/reactions.test.ts', 'tests/domain/insights/access.test.ts'];

const ALL = [
  'tests/unit/**/*.test.ts',
  'tests/domain/**/*.test.ts',
  'tests/routes/**/*.test.ts',
  'tests/live/**/*.test.ts',
  'tests/seed/**/*.test.ts',
  'tests/security/**/*.test.ts',
  'tests/faults/**/*.test.ts',
];

// Each project lists its own files: a project that extends the root config would add its list
// to the root's rather than replace it.
export default defineConfig({
  test: {
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
    projects: [
      { extends: true, test: { name: 'shared', include: ALL, exclude: MOCKING, isolate: false } },
      { extends: true, test: { name: 'isolated', include: MOCKING, isolate: true } },
    ],
  },
});
