// Playwright global setup: start the real server on a fresh database (see e2e-server.ts).
import { startE2eServer } from './e2e-server';

export default async function globalSetup(): Promise<void> {
  await startE2eServer();
}
