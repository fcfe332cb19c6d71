// Upkeep of an embedded PGlite database. PostgreSQL's autovacuum removes dead row versions and
// refreshes the planner's statistics as tables change; PGlite runs no autovacuum, so without this
// an embedded site plans every query on the statistics of the day its tables were seeded (a
// voter's vote count walking every vote, bench/README.md) and keeps every row version a vote or
// an edit left behind. This job applies autovacuum's own thresholds (50 rows and 20% of the table
// dead for VACUUM, 50 rows and 10% changed for ANALYZE) to the counts PostgreSQL keeps per table,
// table by table, as autovacuum would. Registered on PGlite only (jobs/background.server.ts).
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { rowsOf, type Db } from '../db/client.server';
import { defineJob, type JobDefinition } from './runner.server';

/** How often the embedded database's tables are checked. */
export const EMBEDDED_UPKEEP_EVERY_MS = 10 * 60_000;

export type TableDue = { table: string; vacuum: boolean };

/** The tables whose dead rows or changes since their last ANALYZE pass autovacuum's thresholds. */
export async function tablesDue(db: Db): Promise<TableDue[]> {
  return rowsOf<{ table: string; vacuum: boolean }>(
    await db.execute(sql`
      select s.relname as table,
        s.n_dead_tup > 50 + 0.2 * greatest(c.reltuples, 0) as vacuum
      from pg_stat_user_tables s join pg_class c on c.oid = s.relid
      where s.schemaname = 'public'
        and (s.n_dead_tup > 50 + 0.2 * greatest(c.reltuples, 0)
          or s.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0))
      order by s.relname`),
  );
}

/** VACUUM (ANALYZE) or ANALYZE each table that is due; returns what it did. */
export async function upkeepEmbedded(db: Db): Promise<TableDue[]> {
  const due = await tablesDue(db);
  for (const { table, vacuum } of due) {
    const name = sql.identifier(table);
    await db.execute(vacuum ? sql`vacuum (analyze) ${name}` : sql`analyze ${name}`);
  }
  return due;
}

export const embeddedUpkeep = defineJob({
  name: 'db.embedded_upkeep',
  schema: z.object({}),
  everyMs: EMBEDDED_UPKEEP_EVERY_MS,
  async handle(_payload, { db }) {
    await upkeepEmbedded(db);
  },
});

/** The jobs only an embedded database needs. */
export const embeddedJobs: readonly JobDefinition[] = [embeddedUpkeep];
