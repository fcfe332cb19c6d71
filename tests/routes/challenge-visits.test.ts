// The challenge page counts its unique visitors for the brand dashboard beside the page, never in
// its way: the loader answers while the count is still waiting for the database, the count lands
// afterwards, and a count that fails is logged (not lost silently) while the page still shows.
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../db/client.server';
import { rowsOf } from '../../db/client.server';
import * as challengePage from '#app/routes/challenges.$slug._index/route';
import { callLoader, makeContext, TEST_ORIGIN } from '../support/context';
import { useTestDatabase } from '../support/db';
import { makeBrand, makeChallenge, makeUser } from '../support/factories';

const db = useTestDatabase();
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const dialect = new PgDialect();

/** The database, but the visit's statement (the one writing visit_hashes) goes through `hook`. */
function withVisitHook(real: Db, hook: (run: () => Promise<unknown>) => Promise<unknown>): Db {
  return new Proxy(real, {
    get(target, key, receiver) {
      if (key === 'execute')
        return (query: Parameters<Db['execute']>[0]) => {
          const text = dialect.sqlToQuery(query as never).sql;
          const run = () => target.execute(query);
          return text.includes('visit_hashes') ? hook(run) : run();
        };
      const value = Reflect.get(target, key, receiver) as unknown;
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}

async function world() {
  const owner = await makeUser(db());
  const brand = await makeBrand(db(), owner);
  const challenge = await makeChallenge(db(), owner, { brandId: brand.id, stage: 'open' });
  return { challenge };
}

const open = (database: Db, slug: string) =>
  callLoader(challengePage, {
    request: new Request(`${TEST_ORIGIN}/challenges/${slug}`, {
      headers: { 'user-agent': FIREFOX },
    }),
    params: { slug },
    context: makeContext(database, null),
  });

async function visitorsOf(challengeId: number) {
  const [row] = rowsOf<{ n: number }>(
    await db().execute(
      sql`select coalesce(sum(visitors), 0)::int as n from insight_visitor_days where challenge_id = ${challengeId}`,
    ),
  );
  return Number(row?.n ?? 0);
}

afterEach(() => vi.restoreAllMocks());

describe('the challenge page and its visit count', () => {
  it('answers without waiting for the count, which lands afterwards', async () => {
    const { challenge } = await world();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = false;
    const database = withVisitHook(db(), async (run) => {
      started = true;
      await gate;
      return run();
    });
    const page = await open(database, challenge.slug);
    expect(page.status).toBe(200);
    expect(page.body.challenge.slug).toBe(challenge.slug);
    // The count was started, and is still held back: the page did not wait for it.
    expect(started).toBe(true);
    expect(await visitorsOf(challenge.id)).toBe(0);
    release();
    await vi.waitFor(async () => expect(await visitorsOf(challenge.id)).toBe(1));
  });

  it('still shows the page when the count fails, and logs the failure', async () => {
    const { challenge } = await world();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const database = withVisitHook(db(), () => Promise.reject(new Error('the disk is full')));
    const page = await open(database, challenge.slug);
    expect(page.status).toBe(200);
    await vi.waitFor(() =>
      expect(logged).toHaveBeenCalledWith(
        'insights: a challenge visit could not be counted',
        expect.objectContaining({ message: 'the disk is full' }),
      ),
    );
    expect(await visitorsOf(challenge.id)).toBe(0);
  });
});
