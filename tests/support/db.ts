// Per-test-file database for vitest; see database.ts for how it is made.
import { afterAll, beforeAll } from 'vitest';
import type { Database, Db } from '../../db/client.server';
import { createTestDatabase } from './database';

export { createTestDatabase };

/** Registers beforeAll/afterAll for this file and returns a getter for its database handle. */
export function useTestDatabase(): () => Db {
  let database: Database | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });
  return () => {
    if (!database) throw new Error('test database is not ready yet');
    return database.db;
  };
}
