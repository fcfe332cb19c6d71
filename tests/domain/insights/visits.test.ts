// Unique visitors of challenge pages: one per visitor per challenge per UTC day, from a salted daily
// hash that is deleted with its salt when the day is over; crawlers and drafts not counted; a
// failure never breaks the page.
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { rowsOf } from '../../../db/client.server';
import { insightVisitorDays } from '../../../db/schema';
import { testClock } from '#app/domain/core/clock';
import { countPageVisit, purgeVisits, recordVisit } from '#app/domain/insights/visits.server';
import * as challengePage from '#app/routes/challenges.$slug._index/route';
import { JOBS } from '../../../jobs/background.server';
import { visitPurge } from '../../../jobs/insights.server';
import { makeChallenge, makeUser } from '../../support/factories';
import { callLoader, makeContext, TEST_ORIGIN } from '../../support/context';
import { useTestDatabase } from '../../support/db';

const db = useTestDatabase();

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

async function openChallenge() {
  const owner = await makeUser(db());
  const challenge = await makeChallenge(db(), owner, { stage: 'open' });
  return { owner, challenge };
}

async function visitorsOf(challengeId: number) {
  const rows = await db()
    .select({ day: insightVisitorDays.day, visitors: insightVisitorDays.visitors })
    .from(insightVisitorDays)
    .where(eq(insightVisitorDays.challengeId, challengeId))
    .orderBy(insightVisitorDays.day);
  return rows;
}

describe('recordVisit', () => {
  it('counts a visitor once a day per challenge, again the next day, and each browser apart', async () => {
    const { challenge } = await openChallenge();
    const { challenge: second } = await openChallenge();
    const visit = (challengeId: number, ip: string, userAgent: string, now: string) =>
      recordVisit(db(), {
        challengeId,
        brandId: challengeId === challenge.id ? challenge.brandId : second.brandId,
        ip,
        userAgent,
        now: new Date(now),
      });
    expect(await visit(challenge.id, '203.0.113.1', FIREFOX, '2026-06-01T08:00:00Z')).toBe(true);
    expect(await visit(challenge.id, '203.0.113.1', FIREFOX, '2026-06-01T23:59:59Z')).toBe(false);
    expect(await visit(challenge.id, '203.0.113.1', CHROME, '2026-06-01T09:00:00Z')).toBe(true);
    expect(await visit(challenge.id, '203.0.113.2', FIREFOX, '2026-06-01T09:00:00Z')).toBe(true);
    expect(await visit(second.id, '203.0.113.1', FIREFOX, '2026-06-01T09:00:00Z')).toBe(true);
    expect(await visit(challenge.id, '203.0.113.1', FIREFOX, '2026-06-02T00:00:00Z')).toBe(true);
    expect(await visitorsOf(challenge.id)).toEqual([
      { day: '2026-06-01', visitors: 3 },
      { day: '2026-06-02', visitors: 1 },
    ]);
    expect(await visitorsOf(second.id)).toEqual([{ day: '2026-06-01', visitors: 1 }]);
  });

  it('keeps no address: only 32-byte hashes and one random salt per day', async () => {
    const { challenge } = await openChallenge();
    const ip = '192.0.2.55';
    await recordVisit(db(), {
      challengeId: challenge.id,
      brandId: challenge.brandId,
      ip,
      userAgent: FIREFOX,
      now: new Date('2026-06-10T10:00:00Z'),
    });
    const hashes = rowsOf<{ n: number; text: string }>(
      await db().execute(
        sql`select octet_length(hash) as n, encode(hash, 'escape') as text from visit_hashes where challenge_id = ${challenge.id}`,
      ),
    );
    expect(hashes).toHaveLength(1);
    expect(Number(hashes[0]!.n)).toBe(32);
    expect(hashes[0]!.text).not.toContain(ip);
    const salts = rowsOf<{ n: number }>(
      await db().execute(
        sql`select octet_length(salt) as n from visit_salts where day = '2026-06-10'`,
      ),
    );
    expect(salts.map((s) => Number(s.n))).toEqual([32]);
  });

  it('counts concurrent first visits of a new day exactly', async () => {
    const { challenge } = await openChallenge();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        recordVisit(db(), {
          challengeId: challenge.id,
          brandId: challenge.brandId,
          ip: `198.51.100.${i % 6}`,
          userAgent: FIREFOX,
          now: new Date('2026-07-01T00:00:01Z'),
        }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(6);
    expect(await visitorsOf(challenge.id)).toEqual([{ day: '2026-07-01', visitors: 6 }]);
  });
});

describe('countPageVisit', () => {
  it('skips crawlers, browsers that send no name, and drafts', async () => {
    const { owner, challenge } = await openChallenge();
    const draft = await makeChallenge(db(), owner);
    const base = {
      challengeId: challenge.id,
      brandId: challenge.brandId,
      ip: '203.0.113.9',
      stage: 'open',
      now: new Date('2026-06-20T10:00:00Z'),
    };
    await countPageVisit(db(), { ...base, userAgent: GOOGLEBOT });
    await countPageVisit(db(), { ...base, userAgent: '' });
    await countPageVisit(db(), {
      ...base,
      challengeId: draft.id,
      stage: 'draft',
      userAgent: FIREFOX,
    });
    expect(await visitorsOf(challenge.id)).toEqual([]);
    expect(await visitorsOf(draft.id)).toEqual([]);
    await countPageVisit(db(), { ...base, userAgent: FIREFOX });
    expect(await visitorsOf(challenge.id)).toEqual([{ day: '2026-06-20', visitors: 1 }]);
  });

  it('never throws: a failure is logged and the visit lost', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await expect(
        countPageVisit(db(), {
          challengeId: 2_000_000_000,
          brandId: 2_000_000_000,
          ip: '203.0.113.9',
          userAgent: FIREFOX,
          stage: 'open',
          now: new Date('2026-06-20T10:00:00Z'),
        }),
      ).resolves.toBeUndefined();
      expect(logged).toHaveBeenCalledOnce();
    } finally {
      logged.mockRestore();
    }
  });
});

describe('the challenge page', () => {
  it('counts a browser visit and not a crawler, from the client address the server saw', async () => {
    const { challenge } = await openChallenge();
    const clock = testClock('2026-06-25T12:00:00Z');
    const load = (userAgent: string, clientIp: string) =>
      callLoader(challengePage, {
        params: { slug: challenge.slug },
        request: new Request(`${TEST_ORIGIN}/challenges/${challenge.slug}`, {
          headers: { 'User-Agent': userAgent },
        }),
        context: makeContext(db(), null, { clientIp, clock }),
      });
    expect((await load(FIREFOX, '203.0.113.20')).status).toBe(200);
    expect((await load(FIREFOX, '203.0.113.20')).status).toBe(200);
    expect((await load(GOOGLEBOT, '203.0.113.21')).status).toBe(200);
    expect((await load(FIREFOX, '203.0.113.22')).status).toBe(200);
    // The page does not wait for its count (it is made beside the page): wait for it here.
    await vi.waitFor(async () =>
      expect(await visitorsOf(challenge.id)).toEqual([{ day: '2026-06-25', visitors: 2 }]),
    );
  });
});

describe('the purge job', () => {
  it('runs hourly and deletes the hashes and salts of past days, keeping the counts', async () => {
    expect(JOBS).toContain(visitPurge);
    expect(visitPurge.everyMs).toBe(60 * 60_000);
    const { challenge } = await openChallenge();
    for (const now of ['2026-08-01T10:00:00Z', '2026-08-02T10:00:00Z', '2026-08-03T00:30:00Z'])
      await recordVisit(db(), {
        challengeId: challenge.id,
        brandId: challenge.brandId,
        ip: '203.0.113.30',
        userAgent: FIREFOX,
        now: new Date(now),
      });
    const clock = testClock('2026-08-03T01:00:00Z');
    await visitPurge.handle({}, { db: db(), clock, job: {} as never });
    const days = async (table: 'visit_hashes' | 'visit_salts') =>
      rowsOf<{ day: string }>(
        await db().execute(sql`select distinct day::text as day from ${sql.raw(table)} order by 1`),
      ).map((r) => r.day);
    expect(await days('visit_hashes')).toEqual(['2026-08-03']);
    expect(await days('visit_salts')).toEqual(['2026-08-03']);
    expect(await visitorsOf(challenge.id)).toEqual([
      { day: '2026-08-01', visitors: 1 },
      { day: '2026-08-02', visitors: 1 },
      { day: '2026-08-03', visitors: 1 },
    ]);
    // The same visitor on the same day is still told apart from a new one after a purge.
    expect(
      await recordVisit(db(), {
        challengeId: challenge.id,
        brandId: challenge.brandId,
        ip: '203.0.113.30',
        userAgent: FIREFOX,
        now: new Date('2026-08-03T02:00:00Z'),
      }),
    ).toBe(false);
    expect(await purgeVisits(db(), new Date('2026-08-04T00:00:00Z'))).toEqual({
      hashes: 1,
      salts: 1,
    });
  });
});
