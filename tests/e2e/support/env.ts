// Settings shared by playwright.config.ts and the e2e server lifecycle (global setup/teardown).
import { fileURLToPath } from 'node:url';

function portFromEnv(): number {
  const raw = process.env.E2E_PORT ?? '3100';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`E2E_PORT must be a TCP port number, got ${JSON.stringify(raw)}`);
  }
  return port;
}

/** Repository root (this file lives in tests/e2e/support/). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Port the real server listens on during the e2e run (E2E_PORT, default 3100). */
export const e2ePort = portFromEnv();

/** The test server binds to loopback only. */
export const e2eHost = '127.0.0.1';

export const baseURL = `http://${e2eHost}:${e2ePort}`;

/** Playwright's outputDir, relative to the repository root; the server log is written there too. */
export const outputDir = 'test-results';

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export function isCI(): boolean {
  const ci = process.env.CI;
  return !!ci && ci !== '0' && ci.toLowerCase() !== 'false';
}
