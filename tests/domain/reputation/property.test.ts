// The property of issue 13 item 1: after 1,000 random actions (votes, changes, withdrawals,
// shortlists and unshortlists, wins and revocations, hides) over several UTC days, every cache
// the ledger trigger keeps equals the sum of the ledger, no day gives anyone more than 200 from
// votes, and what is still open in the ledger is exactly what the current state says.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../../../db/client.server';
import { pointEntries, votes } from '../../../db/schema';
import { testClock } from '#app/domain/core/clock';
import { isDomainError } from '#app/domain/core/errors';
import { appendEvent, type EventType } from '#app/domain/events/log.server';
import { castVote } from '#app/domain/votes/commands.server';
import { useTestDatabase } from '../../support/db';
import { makeChallenge, makeIdea, makeUser, type TestUser } from '../../support/factories';
import { cacheMismatches, canOppose, malformedEntries } from '../../support/reputation';

const db = useTestDatabase();

/** mulberry32: a small seeded PRNG, so a failure can be replayed with its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env.REPUTATION_SEED ?? 20260302);
const ACTIONS = 1000;

describe('the ledger under 1,000 random actions', () => {
  it(`keeps every cache equal to the ledger, and the cap, (seed ${SEED})`, async () => {
    const random = prng(SEED);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const clock = testClock('2026-03-01T18:00:00.000Z');

    const owner = await makeUser(db());
    const authors = await Promise.all(Array.from({ length: 4 }, () => makeUser(db())));
    const voters: TestUser[] = [];
    for (let i = 0; i < 16; i++) {
      const voter = await makeUser(db());
      // Most may oppose; some never earn it, and the authors earn it (or not) by their ideas.
      if (i % 4 !== 0) await canOppose(db(), voter.id, clock.now());
      voters.push(voter);
    }
    const everyone = [...voters, ...authors];
    const challenges = [
      await makeChallenge(db(), owner, { stage: 'open', maxIdeasPerUser: 5 }),
      await makeChallenge(db(), owner, { stage: 'open', maxIdeasPerUser: 5 }),
    ];
    const ideas: { id: number; author: TestUser; challengeId: number; brandId: number }[] = [];
    for (const [a, author] of authors.entries())
      for (let k = 0; k < 3; k++) {
        const challenge = challenges[(a + k) % 2]!;
        const idea = await makeIdea(db(), author, challenge.id, { clock });
        ideas.push({ id: idea.id, author, challengeId: challenge.id, brandId: challenge.brandId });
      }

    const shortlisted = new Set<number>();
    const rewards = new Map<number, { ideaId: number }>();
    let nextRewardId = 1;
    const counts = { votes: 0, refused: 0, judging: 0, days: new Set<string>() };

    const judging = (
      type: EventType,
      idea: (typeof ideas)[number],
      payload: Record<string, unknown>,
    ) =>
      db().transaction((tx) =>
        appendEvent(tx, {
          type,
          actorId: owner.id,
          brandId: idea.brandId,
          challengeId: idea.challengeId,
          ideaId: idea.id,
          subjectUserId: idea.author.id,
          payload,
          at: clock.now(),
        }),
      );

    for (let step = 0; step < ACTIONS; step++) {
      // About 4 minutes a step on average: the 1,000 cross three UTC midnights.
      clock.advance(Math.floor(random() * 8 * 60_000));
      counts.days.add(clock.now().toISOString().slice(0, 10));
      const idea = pick(ideas);
      const roll = random();
      if (roll < 0.8) {
        const voter = pick(everyone);
        const value = pick([1, 1, -1, 0] as const);
        try {
          await castVote(db(), { actor: voter, ideaId: idea.id, value, clock });
          counts.votes++;
        } catch (error) {
          // Own idea, the same vote again, nothing to withdraw, an oppose still locked.
          if (!isDomainError(error)) throw error;
          counts.refused++;
        }
      } else if (roll < 0.9) {
        const on = !shortlisted.has(idea.id);
        await judging(on ? 'idea.shortlisted' : 'idea.unshortlisted', idea, {
          status: on ? 'shortlisted' : 'published',
        });
        if (on) shortlisted.add(idea.id);
        else shortlisted.delete(idea.id);
        counts.judging++;
      } else if (roll < 0.95) {
        const rewardId = nextRewardId++;
        const points = pick([0, 50, 300]);
        await judging('reward.granted', idea, { rewardId, rank: 1, points, prize: '' });
        rewards.set(rewardId, { ideaId: idea.id });
        counts.judging++;
      } else if (roll < 0.98 && rewards.size > 0) {
        const rewardId = pick([...rewards.keys()]);
        const { ideaId } = rewards.get(rewardId)!;
        await judging(
          'reward.revoked',
          ideas.find((i) => i.id === ideaId)!,
          {
            rewardId,
            note: 'Revoked by the property test.',
          },
        );
        rewards.delete(rewardId);
        counts.judging++;
      } else {
        await judging('content.hidden', idea, { kind: 'idea' });
        counts.judging++;
      }
      if (step % 250 === 249) expect(await cacheMismatches(db()), `after step ${step}`).toEqual([]);
    }

    // The run exercised what it claims to.
    expect(counts.votes).toBeGreaterThan(400);
    expect(counts.refused).toBeGreaterThan(0);
    expect(counts.days.size).toBeGreaterThanOrEqual(3);

    expect(await cacheMismatches(db())).toEqual([]);
    expect(await malformedEntries(db())).toEqual([]);

    // No one gained more than 200 from votes on any UTC day, and the cap did bite.
    const days = rowsOf<{ user_id: string; day: string; gain: number; capped: number }>(
      await db().execute(sql`
        select user_id, day::text as day,
          coalesce(sum(points) filter (where from_votes = 1 and (
            (reverses_id is null and points > 0) or (reverses_id is not null and points < 0))), 0)::int as gain,
          count(*) filter (where from_votes = 1 and reverses_id is null and nominal > 0 and points < nominal)::int as capped
        from point_entries group by user_id, day`),
    );
    expect(days.filter((d) => Number(d.gain) > 200)).toEqual([]);
    expect(days.some((d) => Number(d.capped) > 0)).toBe(true);

    // What is open in the ledger is what the state is now: one entry per vote, shortlist, reward.
    const open = sql`${pointEntries.reversesId} is null and not exists (
      select 1 from point_entries r where r.reverses_id = ${pointEntries.id})`;
    const openCount = async (rule: string, where = sql`true`) => {
      const [row] = await db()
        .select({ n: sql<number>`count(*)::int` })
        .from(pointEntries)
        .where(and(eq(pointEntries.rule, rule), open, where));
      return Number(row!.n);
    };
    const ideaIds = ideas.map((i) => i.id);
    const voteRows = (await db().select().from(votes)).filter((v) => ideaIds.includes(v.ideaId));
    expect(await openCount('supportReceived')).toBe(voteRows.filter((v) => v.value === 1).length);
    expect(await openCount('opposeReceived')).toBe(voteRows.filter((v) => v.value === -1).length);
    expect(await openCount('opposeCast', isNull(pointEntries.causeUserId))).toBe(
      voteRows.filter((v) => v.value === -1).length,
    );
    expect(await openCount('shortlisted')).toBe(shortlisted.size);
    expect(await openCount('winner')).toBe(rewards.size);
  }, 120_000);
});
