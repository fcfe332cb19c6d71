// The stored trending score: after the trending consumer and the decay job have run, every score
// the rule covers equals Fider's formula at the clock's time, and the "trending" order is the
// formula's order (app/domain/ideas/read-model.server.ts has the rule).
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { comments, ideas, votes } from '../../../db/schema';
import { addComment, deleteComment } from '#app/domain/comments/commands.server';
import { testClock, type TestClock } from '#app/domain/core/clock';
import { listIdeas } from '#app/domain/ideas/queries.server';
import { castVote } from '#app/domain/votes/commands.server';
import { ConsumerRunner } from '../../../jobs/consumers.server';
import { JobRunner } from '../../../jobs/runner.server';
import { trendingConsumer, trendingDecay } from '../../../jobs/trending.server';
import { useTestDatabase } from '../../support/db';
import { makeChallenge, makeIdea, makeUser, type TestUser } from '../../support/factories';

const db = useTestDatabase();
const quiet = { error: () => {}, warn: () => {} };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = new Date('2026-03-01T10:00:00Z').getTime();
const at = (ms: number) => new Date(T0 + ms);

/** Fider's formula, written out here independently of the SQL one. */
function formula(recentVotes: number, recentComments: number, postedAt: Date, now: Date) {
  const hours = Math.max(0, now.getTime() - postedAt.getTime()) / HOUR;
  return (5 * recentVotes + 3 * recentComments - 1) / Math.pow(hours + 2, 1.4);
}

/** Each idea of the challenge: its stored score and the formula's at `now`, from its rows. */
async function scores(challengeId: number, now: Date) {
  const since = now.getTime() - 7 * DAY;
  const rows = await db()
    .select({ id: ideas.id, createdAt: ideas.createdAt, stored: ideas.trendingScore })
    .from(ideas)
    .where(eq(ideas.challengeId, challengeId));
  const allVotes = await db().select().from(votes);
  const allComments = await db().select().from(comments);
  return rows.map((idea) => {
    const recentVotes = allVotes.filter(
      (v) => v.ideaId === idea.id && v.updatedAt.getTime() > since,
    ).length;
    const recentComments = allComments.filter(
      (c) => c.ideaId === idea.id && c.deletedAt === null && c.createdAt.getTime() > since,
    ).length;
    return { ...idea, expected: formula(recentVotes, recentComments, idea.createdAt, now) };
  });
}

/** The challenge's "trending" list, read page by page as a reader would. */
async function trendingOrder(challengeId: number) {
  const order: number[] = [];
  let page = await listIdeas(db(), challengeId, { sort: 'trending', pageSize: 2 });
  order.push(...page.items.map((i) => i.id));
  while (page.next) {
    page = await listIdeas(db(), challengeId, { sort: 'trending', pageSize: 2, after: page.next });
    order.push(...page.items.map((i) => i.id));
  }
  return order;
}

const byFormula = (rows: { id: number; expected: number }[]) =>
  [...rows].sort((a, b) => b.expected - a.expected || b.id - a.id).map((r) => r.id);

/** Runs the trending consumer over every event not handled yet, as of the clock's time. */
async function runConsumer(clock: TestClock) {
  const runner = new ConsumerRunner({
    db: db(),
    consumers: [trendingConsumer(clock)],
    pollMs: 3_600_000,
    log: quiet,
  });
  await runner.start();
  await runner.poke();
  await runner.stop();
}

/** Runs the decay job if it is due, as the job runner of a server would (it is every 5 minutes). */
async function runDecay(clock: TestClock) {
  const runner = new JobRunner({
    db: db(),
    definitions: [trendingDecay],
    clock,
    pollMs: 3_600_000,
    log: quiet,
  });
  await runner.start();
  await runner.poke();
  await runner.stop();
}

describe('the stored trending score', () => {
  it('equals the formula at the clock time after the consumer and the decay job, and orders trending', async () => {
    const clock = testClock(at(-20 * DAY));
    const owner = await makeUser(db());
    const author = await makeUser(db());
    const voters: TestUser[] = [];
    for (let i = 0; i < 10; i++) voters.push(await makeUser(db()));
    const challenge = await makeChallenge(db(), owner, {
      stage: 'open',
      maxIdeasPerUser: 10,
      clock,
    });
    const post = async (when: number) => {
      clock.set(at(when));
      return makeIdea(db(), author, challenge.id, { clock });
    };
    const vote = async (ideaId: number, when: number, count: number) => {
      clock.set(at(when));
      for (const voter of voters.slice(0, count))
        await castVote(db(), { actor: voter, ideaId, value: 1, clock });
    };
    const comment = async (ideaId: number, when: number, body: string) => {
      clock.set(at(when));
      return addComment(db(), {
        actor: voters[0]!,
        ideaId,
        comment: { body, parentId: null },
        clock,
      });
    };

    // Quiet: posted 12 days before T0, one vote the day after, nothing since.
    const quietIdea = await post(-12 * DAY);
    await vote(quietIdea.id, -11 * DAY, 1);
    await runConsumer(clock); // its score, as of then, counts that vote
    const old = await post(-6.5 * DAY);
    await vote(old.id, -6 * DAY, 10);
    const steady = await post(-2 * DAY);
    await vote(steady.id, -1 * DAY, 4);
    const fresh = await post(-3 * HOUR);
    const lively = await post(-1 * HOUR);
    await vote(lively.id, -0.5 * HOUR, 1);
    await comment(lively.id, -10 * 60_000, 'Love it');
    const regret = await comment(lively.id, -9 * 60_000, 'Regrettable');
    clock.set(at(-5 * 60_000));
    await deleteComment(db(), { actor: voters[0]!, commentId: regret.id, clock });

    clock.set(at(0));
    await runConsumer(clock);
    await runDecay(clock);
    let rows = await scores(challenge.id, clock.now());
    for (const row of rows) expect(row.stored, `idea ${row.id}`).toBeCloseTo(row.expected, 9);
    expect(await trendingOrder(challenge.id)).toEqual(byFormula(rows));
    expect(byFormula(rows)).toEqual([lively.id, steady.id, old.id, quietIdea.id, fresh.id]);

    // New activity later on: the consumer alone brings the ideas it names up to date.
    await vote(fresh.id, 7.5 * DAY, 2);
    await comment(old.id, 7.5 * DAY, 'Still relevant');
    await runConsumer(clock);
    rows = await scores(challenge.id, clock.now());
    for (const id of [fresh.id, old.id])
      expect(rows.find((r) => r.id === id)!.stored).toBeCloseTo(
        rows.find((r) => r.id === id)!.expected,
        9,
      );

    // Eight days after T0 every vote of before T0 has left the window: the order turns over.
    clock.set(at(8 * DAY));
    await runConsumer(clock);
    await runDecay(clock);
    rows = await scores(challenge.id, clock.now());
    const order = byFormula(rows);
    expect(order).toEqual([fresh.id, old.id, quietIdea.id, steady.id, lively.id]);
    expect(await trendingOrder(challenge.id)).toEqual(order);
    for (const row of rows) {
      if (row.id === quietIdea.id) continue;
      expect(row.stored, `idea ${row.id}`).toBeCloseTo(row.expected, 9);
    }
    // The quiet idea is outside the rule (no activity for 19 days): its score was recomputed at T0,
    // after its vote left the window, and is left there: negative and within 0.0008 of the formula.
    const quietRow = rows.find((r) => r.id === quietIdea.id)!;
    expect(quietRow.stored).toBeLessThan(0);
    expect(Math.abs(quietRow.stored - quietRow.expected)).toBeLessThan(0.0008);
  });

  it('starts a new idea at its formula score rather than at 0', async () => {
    const clock = testClock(at(0));
    const owner = await makeUser(db());
    const author = await makeUser(db());
    const challenge = await makeChallenge(db(), owner, { stage: 'open', clock });
    const idea = await makeIdea(db(), author, challenge.id, { clock });
    const [row] = await scores(challenge.id, clock.now());
    expect(row!.id).toBe(idea.id);
    expect(row!.stored).toBeCloseTo(formula(0, 0, clock.now(), clock.now()), 12);
  });
});
