// End-to-end tests: Chromium against the real server (production build) on a fresh, seeded database.
// The server is started by tests/e2e/support/global-setup.ts and stopped by global-teardown.ts.
import { defineConfig, devices } from '@playwright/test';
import { baseURL, chromiumPath, isCI, outputDir } from './tests/e2e/support/env';

const ci = isCI();

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir,
  globalSetup: './tests/e2e/support/global-setup.ts',
  globalTeardown: './tests/e2e/support/global-teardown.ts',
  workers: 1,
  fullyParallel: false,
  forbidOnly: ci,
  // No retries: a test that passes only on a second try hides a race (see the live spec).
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list']],
  use: {
    baseURL,
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
    screenshot: 'only-on-failure',
    trace: process.env.COCREA_E2E_TRACE ? 'retain-on-failure' : 'off',
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
});
