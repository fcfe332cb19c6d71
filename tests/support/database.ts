// Each test file gets its own database: a fresh PostgreSQL database when DATABASE_URL is set
// (created and dropped here), an in-memory PGlite otherwise. Both start from a copy of one migrated
// by tests/support/global-setup.ts, and are migrated like production (nothing left to do then).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import postgres from 'postgres';
import { openDatabase, type Database } from '../../db/client.server';

/** The drivers a test file can run on in this run: PGlite always, PostgreSQL when DATABASE_URL is set. */
export const availableDrivers = (): ('pglite' | 'postgres')[] =>
  process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/**
 * `driver` forces one (a test that runs every case on both drivers in one run); by default
 * PostgreSQL when DATABASE_URL is set, else PGlite.
 */
export async function createTestDatabase(
  driver?: 'pglite' | 'postgres',
): Promise<Database & { name: string }> {
  const url = driver === 'pglite' ? undefined : process.env.DATABASE_URL;
  if (driver === 'postgres' && !url) throw new Error('PostgreSQL tests need DATABASE_URL');
  if (!url) {
    // A migrated copy made once per run by tests/support/global-setup.ts, when there is one.
    const dump = process.env.COCREA_TEST_PGLITE_DUMP;
    const loadDataDir = dump && existsSync(dump) ? new Blob([readFileSync(dump)]) : undefined;
    const database = openDatabase({ pgliteDir: null, loadDataDir });
    await database.migrate();
    return { ...database, name: 'pglite:memory' };
  }
  const name = `cocrea_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  // A copy of the database global-setup.ts migrated once, when there is one.
  const template = process.env.COCREA_TEST_PG_TEMPLATE;
  await admin.unsafe(`create database "${name}"${template ? ` template "${template}"` : ''}`);
  await admin.end();
  const testUrl = new URL(url);
  testUrl.pathname = `/${name}`;
  const database = openDatabase({ url: testUrl.toString(), max: 20 });
  await database.migrate();
  return {
    ...database,
    name,
    async close() {
      await database.close();
      const dropper = postgres(url, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      await dropper.end();
    },
  };
}
