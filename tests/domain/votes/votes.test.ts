import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  challenges,
  events,
  ideas,
  votes,
  type ChallengeStage,
  type IdeaStatus,
} from '../../../db/schema';
import { rowsOf } from '../../../db/client.server';
import { changeStage } from '#app/domain/challenges/commands.server';
import { withdrawIdea } from '#app/domain/ideas/commands.server';
import {
  CHECK_VIOLATION,
  FOREIGN_KEY_VIOLATION,
  UNIQUE_VIOLATION,
} from '#app/domain/core/pg-errors.server';
import { castVote } from '#app/domain/votes/commands.server';
import { voteOf } from '#app/domain/votes/queries.server';
import { voteSchema } from '#app/domain/votes/schema';
import { useTestDatabase } from '../../support/db';
import { makeChallenge, makeIdea, makeUser, setIdeaStatus } from '../../support/factories';
import { canOppose } from '../../support/reputation';
import {
  expectOneEvent,
  expectRefused,
  fieldErrors,
  sqlStateOfRefused,
  voteTally,
} from '../../support/assertions';

const db = useTestDatabase();

/** Someone who may oppose (reputation 125, tests/support/reputation.ts). */
async function makeVoter() {
  const voter = await makeUser(db());
  await canOppose(db(), voter.id);
  return voter;
}

async function ideaInStage(stage: ChallengeStage = 'open') {
  const owner = await makeUser(db());
  const author = await makeUser(db());
  const voter = await makeVoter();
  const challenge = await makeChallenge(db(), owner, { stage: 'open' });
  const idea = await makeIdea(db(), author, challenge.id);
  if (stage !== 'open')
    await db().update(challenges).set({ stage }).where(eq(challenges.id, challenge.id));
  return { owner, author, voter, challenge, idea };
}
async function openIdea() {
  return (await ideaInStage()).idea;
}
const setStatus = (ideaId: number, status: IdeaStatus) => setIdeaStatus(db(), ideaId, status);

describe('voteSchema', () => {
  it('reads 1, -1 and 0 from a form', () => {
    expect(voteSchema.parse({ value: '1' })).toEqual({ value: 1 });
    expect(voteSchema.parse({ value: '-1' })).toEqual({ value: -1 });
    expect(voteSchema.parse({ value: '0' })).toEqual({ value: 0 });
  });

  it('refuses any other value', () => {
    for (const value of ['2', '-2', '+1', '', 'support', '1.0', undefined, null, ['1']]) {
      expect(fieldErrors(voteSchema, { value }).value, String(value)).toEqual([
        'A vote is 1 (support), -1 (oppose) or 0 (withdraw).',
      ]);
    }
  });
});

describe('castVote', () => {
  it('records a support vote, counts it and logs vote.cast', async () => {
    const { author, voter, challenge, idea } = await ideaInStage();
    const { result, event } = await expectOneEvent(
      db(),
      () => castVote(db(), { actor: voter, ideaId: idea.id, value: 1 }),
      'vote.cast',
    );
    expect(result).toEqual({ ideaId: idea.id, value: 1, supportCount: 1, opposeCount: 0 });
    expect(event).toMatchObject({
      actorId: voter.id,
      brandId: challenge.brandId,
      challengeId: challenge.id,
      ideaId: idea.id,
      subjectUserId: author.id,
      payload: { from: 0, to: 1, supportCount: 1, opposeCount: 0 },
    });
    const [row] = await db()
      .select()
      .from(votes)
      .where(and(eq(votes.ideaId, idea.id), eq(votes.userId, voter.id)));
    expect(row?.value).toBe(1);
    expect(event.createdAt).toEqual(row?.createdAt);
    expect(await voteOf(db(), voter.id, idea.id)).toBe(1);
  });

  it('records an oppose vote', async () => {
    const { voter, idea } = await ideaInStage();
    const { result } = await expectOneEvent(
      db(),
      () => castVote(db(), { actor: voter, ideaId: idea.id, value: -1 }),
      'vote.cast',
    );
    expect(result).toEqual({ ideaId: idea.id, value: -1, supportCount: 0, opposeCount: 1 });
  });

  it('changes support to oppose and back, keeping one vote row, and logs vote.changed', async () => {
    const { voter, idea } = await ideaInStage();
    await castVote(db(), { actor: voter, ideaId: idea.id, value: 1 });
    const toOppose = await expectOneEvent(
      db(),
      () => castVote(db(), { actor: voter, ideaId: idea.id, value: -1 }),
      'vote.changed',
    );
    expect(toOppose.result).toMatchObject({ supportCount: 0, opposeCount: 1 });
    expect(toOppose.event.payload).toMatchObject({ from: 1, to: -1 });
    const toSupport = await expectOneEvent(
      db(),
      () => castVote(db(), { actor: voter, ideaId: idea.id, value: 1 }),
      'vote.changed',
    );
    expect(toSupport.result).toMatchObject({ supportCount: 1, opposeCount: 0 });
    expect(await db().select().from(votes).where(eq(votes.ideaId, idea.id))).toHaveLength(1);
  });

  it('withdraws a vote with 0, removing the row and the count, and logs vote.withdrawn', async () => {
    const { voter, idea } = await ideaInStage();
    await castVote(db(), { actor: voter, ideaId: idea.id, value: -1 });
    const { result, event } = await expectOneEvent(
      db(),
      () => castVote(db(), { actor: voter, ideaId: idea.id, value: 0 }),
      'vote.withdrawn',
    );
    expect(result).toEqual({ ideaId: idea.id, value: 0, supportCount: 0, opposeCount: 0 });
    expect(event.payload).toMatchObject({ from: -1, to: 0 });
    expect(await voteOf(db(), voter.id, idea.id)).toBe(0);
    expect(await db().select().from(votes).where(eq(votes.ideaId, idea.id))).toHaveLength(0);
  });

  it('refuses to withdraw a vote that was never cast', async () => {
    const { voter, idea } = await ideaInStage();
    await expectRefused(
      db(),
      () => castVote(db(), { actor: voter, ideaId: idea.id, value: 0 }),
      'Conflict',
      'You have not voted on this idea.',
    );
  });

  it('refuses a second support vote on the same idea', async () => {
    const { voter, idea } = await ideaInStage();
    await castVote(db(), { actor: voter, ideaId: idea.id, value: 1 });
    await expectRefused(
      db(),
      () => castVote(db(), { actor: voter, ideaId: idea.id, value: 1 }),
      'Conflict',
      'You already support this idea.',
    );
    expect(await voteTally(db(), idea.id)).toEqual({
      stored: { support: 1, oppose: 0 },
      actual: { support: 1, oppose: 0 },
    });
  });

  it('refuses a second oppose vote on the same idea', async () => {
    const { voter, idea } = await ideaInStage();
    await castVote(db(), { actor: voter, ideaId: idea.id, value: -1 });
    await expectRefused(
      db(),
      () => castVote(db(), { actor: voter, ideaId: idea.id, value: -1 }),
      'Conflict',
      'You already oppose this idea.',
    );
  });

  it('refuses a vote on your own idea', async () => {
    const { author, idea } = await ideaInStage();
    await expectRefused(
      db(),
      () => castVote(db(), { actor: author, ideaId: idea.id, value: 1 }),
      'Forbidden',
      'You cannot vote on your own idea.',
    );
    await expectRefused(
      db(),
      () => castVote(db(), { actor: author, ideaId: idea.id, value: -1 }),
      'Forbidden',
    );
  });

  it('accepts votes while the challenge is open or voting', async () => {
    for (const stage of ['open', 'voting'] as const) {
      const { voter, idea } = await ideaInStage(stage);
      await expectOneEvent(
        db(),
        () => castVote(db(), { actor: voter, ideaId: idea.id, value: 1 }),
        'vote.cast',
      );
    }
  });

  it('refuses votes once the challenge is in review, awarded or archived', async () => {
    for (const stage of ['review', 'awarded', 'archived'] as const) {
      const { voter, idea } = await ideaInStage(stage);
      await expectRefused(
        db(),
        () => castVote(db(), { actor: voter, ideaId: idea.id, value: 1 }),
        'Conflict',
        'Voting is closed for this challenge.',
      );
    }
  });

  it('refuses to change or withdraw a vote after voting closes', async () => {
    const { owner, voter, challenge, idea } = await ideaInStage();
    await castVote(db(), { actor: voter, ideaId: idea.id, value: 1 });
    await changeStage(db(), { actor: owner, challengeId: challenge.id, to: 'voting' });
    await changeStage(db(), { actor: owner, challengeId: challenge.id, to: 'review' });
    await expectRefused(
      db(),
      () => castVote(db(), { actor: voter, ideaId: idea.id, value: -1 }),
      'Conflict',
    );
    await expectRefused(
      db(),
      () => castVote(db(), { actor: voter, ideaId: idea.id, value: 0 }),
      'Conflict',
    );
    expect(await voteOf(db(), voter.id, idea.id)).toBe(1);
  });

  it('treats withdrawn, hidden and merged ideas as not found', async () => {
    const { author, voter, idea } = await ideaInStage();
    await withdrawIdea(db(), { actor: author, ideaId: idea.id });
    await expectRefused(
      db(),
      () => castVote(db(), { actor: voter, ideaId: idea.id, value: 1 }),
      'NotFound',
    );
    for (const status of ['hidden', 'merged'] as const) {
      const other = await ideaInStage();
      await setStatus(other.idea.id, status);
      await expectRefused(
        db(),
        () => castVote(db(), { actor: other.voter, ideaId: other.idea.id, value: 1 }),
        'NotFound',
      );
    }
  });

  it('accepts votes on shortlisted and winning ideas while voting is open', async () => {
    for (const status of ['shortlisted', 'winner'] as const) {
      const { voter, idea } = await ideaInStage('voting');
      await setStatus(idea.id, status);
      await expectOneEvent(
        db(),
        () => castVote(db(), { actor: voter, ideaId: idea.id, value: 1 }),
        'vote.cast',
      );
    }
  });

  it('treats ideas of draft challenges and unknown ideas as not found', async () => {
    const { voter, idea } = await ideaInStage('draft');
    await expectRefused(
      db(),
      () => castVote(db(), { actor: voter, ideaId: idea.id, value: 1 }),
      'NotFound',
    );
    await expectRefused(
      db(),
      () => castVote(db(), { actor: voter, ideaId: 2_000_000_000, value: 1 }),
      'NotFound',
    );
  });

  it('keeps the counts equal to the vote rows through a mix of votes, changes and withdrawals', async () => {
    const { idea } = await ideaInStage();
    const voters = await Promise.all(Array.from({ length: 6 }, () => makeVoter()));
    const steps: [number, -1 | 0 | 1][] = [
      [0, 1],
      [1, 1],
      [2, -1],
      [3, 1],
      [4, -1],
      [5, 1],
      [0, -1],
      [1, 0],
      [2, 1],
      [4, 0],
      [5, -1],
      [1, 1],
    ];
    let last = { supportCount: 0, opposeCount: 0 };
    for (const [i, value] of steps)
      last = await castVote(db(), { actor: voters[i]!, ideaId: idea.id, value });
    // Final votes: 0 → -1, 1 → 1, 2 → 1, 3 → 1, 4 → none, 5 → -1.
    expect(last).toMatchObject({ supportCount: 3, opposeCount: 2 });
    expect(await voteTally(db(), idea.id)).toEqual({
      stored: { support: 3, oppose: 2 },
      actual: { support: 3, oppose: 2 },
    });
  });

  it('marks the idea as recently active', async () => {
    const { voter, idea } = await ideaInStage();
    await castVote(db(), { actor: voter, ideaId: idea.id, value: 1 });
    const [row] = await db()
      .select({ lastActivityAt: ideas.lastActivityAt })
      .from(ideas)
      .where(eq(ideas.id, idea.id));
    expect(row!.lastActivityAt.getTime()).toBeGreaterThanOrEqual(idea.lastActivityAt.getTime());
  });
});

// Against PostgreSQL (DATABASE_URL) these transactions really run in parallel on a pool of
// connections; on PGlite they are serialised. Either way the counts must come out exact.
describe('concurrent votes', () => {
  it('keeps support and oppose counts exact when 60 people vote, change and withdraw at once', async () => {
    const idea = await openIdea();
    const voters = await Promise.all(Array.from({ length: 60 }, () => makeVoter()));

    const cast = await Promise.all(
      voters.map((v) => castVote(db(), { actor: v, ideaId: idea.id, value: 1 })),
    );
    expect(cast.map((r) => r.supportCount).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 60 }, (_, i) => i + 1),
    );
    expect(await voteTally(db(), idea.id)).toEqual({
      stored: { support: 60, oppose: 0 },
      actual: { support: 60, oppose: 0 },
    });

    // 20 switch to oppose and 15 withdraw, all at the same time.
    const switching = voters.slice(0, 20);
    const withdrawing = voters.slice(20, 35);
    await Promise.all([
      ...switching.map((v) => castVote(db(), { actor: v, ideaId: idea.id, value: -1 })),
      ...withdrawing.map((v) => castVote(db(), { actor: v, ideaId: idea.id, value: 0 })),
    ]);
    expect(await voteTally(db(), idea.id)).toEqual({
      stored: { support: 25, oppose: 20 },
      actual: { support: 25, oppose: 20 },
    });

    // And back again, mixed with new votes from the ones who withdrew.
    await Promise.all([
      ...switching.slice(0, 10).map((v) => castVote(db(), { actor: v, ideaId: idea.id, value: 1 })),
      ...withdrawing.map((v) => castVote(db(), { actor: v, ideaId: idea.id, value: -1 })),
      ...voters.slice(35, 45).map((v) => castVote(db(), { actor: v, ideaId: idea.id, value: 0 })),
    ]);
    expect(await voteTally(db(), idea.id)).toEqual({
      stored: { support: 25, oppose: 25 },
      actual: { support: 25, oppose: 25 },
    });

    const log = await db()
      .select({ type: events.type })
      .from(events)
      .where(eq(events.ideaId, idea.id));
    const byType = (type: string) => log.filter((e) => e.type === type).length;
    expect([byType('vote.cast'), byType('vote.changed'), byType('vote.withdrawn')]).toEqual([
      60 + 15,
      20 + 10,
      15 + 10,
    ]);
  });

  it('accepts exactly one of 10 identical votes fired at once by one person', async () => {
    const idea = await openIdea();
    const voter = await makeUser(db());
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => castVote(db(), { actor: voter, ideaId: idea.id, value: 1 })),
    );
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(9);
    for (const r of rejected)
      expect(r.reason).toMatchObject({
        kind: 'Conflict',
        message: 'You already support this idea.',
      });
    expect(
      await db()
        .select()
        .from(votes)
        .where(and(eq(votes.ideaId, idea.id), eq(votes.userId, voter.id))),
    ).toHaveLength(1);
    expect(await voteTally(db(), idea.id)).toEqual({
      stored: { support: 1, oppose: 0 },
      actual: { support: 1, oppose: 0 },
    });
    const log = await db()
      .select()
      .from(events)
      .where(and(eq(events.ideaId, idea.id), eq(events.actorId, voter.id)));
    expect(log.map((e) => e.type)).toEqual(['vote.cast']);
  });

  it('accepts exactly one of several simultaneous withdrawals', async () => {
    const idea = await openIdea();
    const voter = await makeVoter();
    await castVote(db(), { actor: voter, ideaId: idea.id, value: -1 });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => castVote(db(), { actor: voter, ideaId: idea.id, value: 0 })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await voteTally(db(), idea.id)).toEqual({
      stored: { support: 0, oppose: 0 },
      actual: { support: 0, oppose: 0 },
    });
  });

  it('keeps counts exact when one person flips between support and oppose many times at once', async () => {
    const idea = await openIdea();
    const voter = await makeVoter();
    const others = await Promise.all(Array.from({ length: 5 }, () => makeUser(db())));
    await Promise.allSettled([
      ...Array.from({ length: 12 }, (_, i) =>
        castVote(db(), {
          actor: voter,
          ideaId: idea.id,
          value: i % 3 === 0 ? 1 : i % 3 === 1 ? -1 : 0,
        }),
      ),
      ...others.map((o) => castVote(db(), { actor: o, ideaId: idea.id, value: 1 })),
    ]);
    const tally = await voteTally(db(), idea.id);
    expect(tally.stored).toEqual(tally.actual);
    expect(tally.actual.support + tally.actual.oppose).toBeGreaterThanOrEqual(5);
  });
});

// Another server process votes on the same idea: its transaction holds the idea's row lock, and
// castVote here waits for it in the database (not in this process's queue). Once that transaction
// commits, castVote must count from what it committed. PostgreSQL only: PGlite has one connection.
describe.skipIf(!process.env.DATABASE_URL)('votes committed elsewhere while castVote waits', () => {
  /** Runs `write` in a transaction that holds the idea's lock until `commit()` is called. */
  async function otherProcess(ideaId: number, write: (tx: ReturnType<typeof db>) => Promise<void>) {
    let commit!: () => void;
    const committing = new Promise<void>((resolve) => (commit = resolve));
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const done = db().transaction(async (tx) => {
      await tx.select({ id: ideas.id }).from(ideas).where(eq(ideas.id, ideaId)).for('update');
      await write(tx);
      holding();
      await committing;
    });
    await held;
    return { commit, done };
  }

  /** Resolves once a statement of this database waits for a row lock. */
  async function someoneWaitsForALock() {
    for (let i = 0; i < 200; i++) {
      const [row] = rowsOf<{ n: number }>(
        await db().execute(
          sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
        ),
      );
      if (row && Number(row.n) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('castVote never waited for the lock');
  }

  const firstVoteBy = (userId: string, ideaId: number) => async (tx: ReturnType<typeof db>) => {
    await tx.insert(votes).values({ ideaId, userId, value: 1 });
    await tx
      .update(ideas)
      .set({ supportCount: sql`${ideas.supportCount} + 1` })
      .where(eq(ideas.id, ideaId));
  };

  it('changes a vote the same person cast elsewhere a moment before', async () => {
    const { voter, idea } = await ideaInStage();
    const other = await otherProcess(idea.id, firstVoteBy(voter.id, idea.id));
    const mine = castVote(db(), { actor: voter, ideaId: idea.id, value: -1 });
    await someoneWaitsForALock();
    other.commit();
    await other.done;
    expect(await mine).toEqual({ ideaId: idea.id, value: -1, supportCount: 0, opposeCount: 1 });
    expect(await voteTally(db(), idea.id)).toEqual({
      stored: { support: 0, oppose: 1 },
      actual: { support: 0, oppose: 1 },
    });
    const [event] = await db()
      .select({ type: events.type, payload: events.payload })
      .from(events)
      .where(and(eq(events.ideaId, idea.id), eq(events.actorId, voter.id)));
    expect(event).toEqual({
      type: 'vote.changed',
      payload: { from: 1, to: -1, supportCount: 0, opposeCount: 1 },
    });
  });

  it('refuses a second support when the first was cast elsewhere a moment before', async () => {
    const { voter, idea } = await ideaInStage();
    const other = await otherProcess(idea.id, firstVoteBy(voter.id, idea.id));
    const mine = castVote(db(), { actor: voter, ideaId: idea.id, value: 1 });
    // Expected from the start: the refusal may come before the other process's commit has returned,
    // and a rejection nobody awaits yet is reported as unhandled.
    const refused = expect(mine).rejects.toMatchObject({
      kind: 'Conflict',
      message: 'You already support this idea.',
    });
    await someoneWaitsForALock();
    other.commit();
    await other.done;
    await refused;
    expect(await voteTally(db(), idea.id)).toEqual({
      stored: { support: 1, oppose: 0 },
      actual: { support: 1, oppose: 0 },
    });
  });

  it('counts on from votes of others committed while it waited', async () => {
    const { voter, idea } = await ideaInStage();
    const someone = await makeUser(db());
    const other = await otherProcess(idea.id, firstVoteBy(someone.id, idea.id));
    const mine = castVote(db(), { actor: voter, ideaId: idea.id, value: 1 });
    await someoneWaitsForALock();
    other.commit();
    await other.done;
    expect(await mine).toMatchObject({ supportCount: 2, opposeCount: 0 });
    expect(await voteTally(db(), idea.id)).toEqual({
      stored: { support: 2, oppose: 0 },
      actual: { support: 2, oppose: 0 },
    });
  });
});

describe('the votes table, as a last line of defence', () => {
  it('refuses a vote worth anything but +1 or -1, written directly', async () => {
    const { voter, idea } = await ideaInStage();
    for (const value of [2, 0, -2]) {
      expect(
        await sqlStateOfRefused(db(), () =>
          db().insert(votes).values({ ideaId: idea.id, userId: voter.id, value }),
        ),
        String(value),
      ).toBe(CHECK_VIOLATION);
    }
  });

  it('refuses a second row for the same person and idea, written directly', async () => {
    const { voter, idea } = await ideaInStage();
    await castVote(db(), { actor: voter, ideaId: idea.id, value: 1 });
    for (const value of [1, -1]) {
      expect(
        await sqlStateOfRefused(db(), () =>
          db().insert(votes).values({ ideaId: idea.id, userId: voter.id, value }),
        ),
      ).toBe(UNIQUE_VIOLATION);
    }
  });

  it('refuses votes by unknown people or on unknown ideas', async () => {
    const { voter, idea } = await ideaInStage();
    expect(
      await sqlStateOfRefused(db(), () =>
        db().insert(votes).values({ ideaId: idea.id, userId: 'nobody', value: 1 }),
      ),
    ).toBe(FOREIGN_KEY_VIOLATION);
    expect(
      await sqlStateOfRefused(db(), () =>
        db().insert(votes).values({ ideaId: 2_000_000_000, userId: voter.id, value: 1 }),
      ),
    ).toBe(FOREIGN_KEY_VIOLATION);
  });
});
