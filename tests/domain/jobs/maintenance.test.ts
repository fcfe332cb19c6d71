// Upkeep of an embedded database: PGlite has no autovacuum, so a job vacuums and analyzes the
// tables that changed past autovacuum's thresholds, and only those, and only on PGlite.
import { sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { rowsOf } from '../../../db/client.server';
import { JOBS, jobsFor } from '../../../jobs/background.server';
import { embeddedUpkeep, tablesDue, upkeepEmbedded } from '../../../jobs/maintenance.server';
import { useTestDatabase } from '../../support/db';

const db = useTestDatabase();

async function statsOf(table: string) {
  const [row] = rowsOf<{ dead: number; changed: number; analyzed: string | null }>(
    await db().execute(sql`select n_dead_tup::int as dead, n_mod_since_analyze::int as changed,
      coalesce(last_analyze, last_autoanalyze)::text as analyzed
      from pg_stat_user_tables where relname = ${table}`),
  );
  return row!;
}

describe('embedded upkeep', () => {
  it('vacuums and analyzes a table whose rows changed, then finds nothing due', async () => {
    // Autovacuum (PostgreSQL) must not do the job first.
    await db().execute(sql`create table upkeep_probe (id int primary key, n int not null)
      with (autovacuum_enabled = false)`);
    await db().execute(sql`insert into upkeep_probe select g, 0 from generate_series(1, 400) g`);
    await db().execute(sql`analyze upkeep_probe`);
    // Every row rewritten twice: 800 dead versions of 400 rows, far past 50 + 20%.
    await db().execute(sql`update upkeep_probe set n = n + 1`);
    await db().execute(sql`update upkeep_probe set n = n + 1`);
    // The counts reach pg_stat_user_tables within a second or so of the writes.
    await vi.waitFor(
      async () => {
        await db().execute(sql`select 1`);
        expect((await statsOf('upkeep_probe')).dead).toBeGreaterThan(130);
      },
      { timeout: 5_000, interval: 200 },
    );
    expect(await tablesDue(db())).toContainEqual({ table: 'upkeep_probe', vacuum: true });

    const done = await upkeepEmbedded(db());
    expect(done).toContainEqual({ table: 'upkeep_probe', vacuum: true });
    await vi.waitFor(
      async () => {
        await db().execute(sql`select 1`);
        const after = await statsOf('upkeep_probe');
        expect(after).toMatchObject({ dead: 0, changed: 0 });
        expect(after.analyzed).not.toBeNull();
      },
      { timeout: 5_000, interval: 200 },
    );
    expect((await tablesDue(db())).map((t) => t.table)).not.toContain('upkeep_probe');
  });

  it('is a job on PGlite only (PostgreSQL has autovacuum)', () => {
    expect(jobsFor('pglite')).toContain(embeddedUpkeep);
    expect(jobsFor('postgres')).toEqual(JOBS);
    expect(JOBS).not.toContain(embeddedUpkeep);
  });
});
