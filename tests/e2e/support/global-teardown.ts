// Playwright global teardown: stop the server by pid, drop the e2e database, remove temp files.
import { stopE2eServer } from './e2e-server';

export default async function globalTeardown(): Promise<void> {
  await stopE2eServer();
}
