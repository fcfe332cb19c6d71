// The ledger under real concurrent transactions (PostgreSQL only: PGlite has one connection, so
// there nothing runs at the same time): the daily cap holds when many votes for one person commit
// together, and two people opposing each other's ideas at once never deadlock.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { pointEntries } from '../../../db/schema';
import { testClock } from '#app/domain/core/clock';
import { castVote } from '#app/domain/votes/commands.server';
import { useTestDatabase } from '../../support/db';
import { makeChallenge, makeIdea, makeUser } from '../../support/factories';
import { cacheMismatches, makeOpposer, malformedEntries } from '../../support/reputation';

const db = useTestDatabase();

describe.skipIf(!process.env.DATABASE_URL)('the ledger under concurrent votes', () => {
  it('30 supports committing at once to one author’s ideas give exactly 200 on the day', async () => {
    const clock = testClock('2026-03-02T12:00:00.000Z');
    const owner = await makeUser(db());
    const author = await makeUser(db());
    const ideas: { id: number }[] = [];
    for (let c = 0; c < 3; c++) {
      const challenge = await makeChallenge(db(), owner, { stage: 'open', maxIdeasPerUser: 5 });
      for (let k = 0; k < 5; k++) ideas.push(await makeIdea(db(), author, challenge.id, { clock }));
    }
    const voters = await Promise.all(Array.from({ length: 30 }, () => makeUser(db())));
    // Each idea its own row lock, so the votes really run side by side; only the day's row of
    // the author's reputation orders them.
    await Promise.all(
      voters.map((voter, i) =>
        castVote(db(), { actor: voter, ideaId: ideas[i % ideas.length]!.id, value: 1, clock }),
      ),
    );
    const entries = await db()
      .select()
      .from(pointEntries)
      .where(eq(pointEntries.userId, author.id));
    expect(entries).toHaveLength(30);
    expect(entries.reduce((sum, e) => sum + e.points, 0)).toBe(200);
    expect(entries.filter((e) => e.points === 10)).toHaveLength(20);
    expect(entries.filter((e) => e.points === 0 && e.nominal === 10)).toHaveLength(10);
    expect(await cacheMismatches(db())).toEqual([]);
    expect(await malformedEntries(db())).toEqual([]);
  }, 60_000);

  it('two people opposing each other’s ideas at the same moment never deadlock', async () => {
    const owner = await makeUser(db());
    const challenge = await makeChallenge(db(), owner, { stage: 'open' });
    for (let round = 0; round < 15; round++) {
      const [a, b] = [await makeOpposer(db()), await makeOpposer(db())];
      const [ideaOfA, ideaOfB] = [
        await makeIdea(db(), a, challenge.id),
        await makeIdea(db(), b, challenge.id),
      ];
      // Each writes entries for both (the author's −2, the voter's −1), in opposite roles; then
      // both change to support and back, crossing again.
      for (const value of [-1, 1, -1, 0] as const) {
        const results = await Promise.allSettled([
          castVote(db(), { actor: a, ideaId: ideaOfB.id, value }),
          castVote(db(), { actor: b, ideaId: ideaOfA.id, value }),
        ]);
        expect(
          results.filter((r) => r.status === 'rejected').map((r) => String(r.reason)),
          `round ${round}, value ${value}`,
        ).toEqual([]);
      }
    }
    expect(await cacheMismatches(db())).toEqual([]);
  }, 120_000);

  it('one person’s entries of two days (a vote changed from yesterday, supports today) never deadlock', async () => {
    const clock = testClock('2026-03-02T12:00:00.000Z');
    const owner = await makeUser(db());
    const author = await makeUser(db());
    const challenge = await makeChallenge(db(), owner, { stage: 'open', maxIdeasPerUser: 10 });
    const ideas: { id: number }[] = [];
    for (let k = 0; k < 10; k++) ideas.push(await makeIdea(db(), author, challenge.id, { clock }));
    // Yesterday: supports that will be changed today (their reversals count on yesterday), and
    // gains on the author's other ideas (their entries support and oppose at once, as a mix).
    const changers = await Promise.all(Array.from({ length: 6 }, () => makeOpposer(db())));
    for (const [i, voter] of changers.entries())
      await castVote(db(), { actor: voter, ideaId: ideas[i]!.id, value: 1, clock });
    clock.set(new Date('2026-03-03T09:00:00.000Z'));
    const supporters = await Promise.all(Array.from({ length: 24 }, () => makeOpposer(db())));
    for (let round = 0; round < 3; round++) {
      const results = await Promise.allSettled([
        // Support → oppose: reverses yesterday's +10 (yesterday's row), applies −2 (today's).
        ...changers.map((voter, i) =>
          castVote(db(), {
            actor: voter,
            ideaId: ideas[i]!.id,
            value: round % 2 === 0 ? -1 : 1,
            clock,
          }),
        ),
        // Today's gains on the author's other ideas: capped entries, today's row read first.
        ...supporters
          .slice(round * 8, round * 8 + 8)
          .map((voter, i) =>
            castVote(db(), { actor: voter, ideaId: ideas[6 + (i % 4)]!.id, value: 1, clock }),
          ),
      ]);
      expect(
        results.filter((r) => r.status === 'rejected').map((r) => String(r.reason)),
        `round ${round}`,
      ).toEqual([]);
    }
    expect(await cacheMismatches(db())).toEqual([]);
    expect(await malformedEntries(db())).toEqual([]);
  }, 120_000);
});
