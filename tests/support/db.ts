// Per-test-file database for vitest; see database.ts for how it is made.
import { afterAll, beforeAll } from 'vitest';
import type { Database, Db } from '../../db/client.server';
import { createTestDatabase } from './database';

export { availableDrivers, createTestDatabase } from './database';

/**
 * Registers beforeAll/afterAll for this file (or the describe block it is called in) and returns a
 * getter for its database handle; `driver` forces PGlite or PostgreSQL (see availableDrivers).
 */
export function useTestDatabase(driver?: 'pglite' | 'postgres'): () => Db {
  let database: Database | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(driver);
  });
  afterAll(async () => {
    await database?.close();
  });
  return () => {
    if (!database) throw new Error('test database is not ready yet');
    return database.db;
  };
}
