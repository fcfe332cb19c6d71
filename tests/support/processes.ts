// A second handle on a test database, standing in for another server process.
import { openDatabase, type Database } from '../../db/client.server';

/**
 * Another connection pool on the same PostgreSQL test database; null on PGlite, where one
 * process owns the database and "two processes" cannot exist.
 */
export function openAnotherProcess(database: Database & { name: string }): Database | null {
  const url = process.env.DATABASE_URL;
  if (database.kind !== 'postgres' || !url) return null;
  const other = new URL(url);
  other.pathname = `/${database.name}`;
  return openDatabase({ url: other.toString(), max: 10 });
}
