// A merge under real concurrent votes on both ideas (PostgreSQL only: PGlite has one connection, so
// there nothing runs at the same time and this file is skipped). Whatever order the votes and the
// merge commit in, no one holds two votes on A, A's counts are its votes, B keeps none, and every
// vote either went through or, on B after the merge, was refused as not found.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { votes } from '../../../db/schema';
import { DomainError } from '#app/domain/core/errors';
import { mergeIdeas } from '#app/domain/moderation/merge.server';
import { castVote } from '#app/domain/votes/commands.server';
import { useTestDatabase } from '../../support/db';
import { makeChallenge, makeIdea, makeUser, type TestUser } from '../../support/factories';
import { voteTally } from '../../support/assertions';
import { makeOpposer } from '../../support/reputation';

const db = useTestDatabase();
const onPostgres = Boolean(process.env.DATABASE_URL);

const makeUsers = (n: number, make: () => Promise<TestUser>) =>
  Promise.all(Array.from({ length: n }, make));

describe.skipIf(!onPostgres)('a merge while people vote on both ideas (PostgreSQL)', () => {
  it.each([0, 1, 2, 3])(
    'keeps one vote per person on A and exact counts (round %i)',
    async (round) => {
      const owner = await makeUser(db());
      const moderator = await makeUser(db(), { role: 'moderator' });
      const challenge = await makeChallenge(db(), owner, { stage: 'open' });
      const A = await makeIdea(db(), await makeUser(db()), challenge.id);
      const B = await makeIdea(db(), await makeUser(db()), challenge.id);
      // Supported B before; now oppose A (changing the moved vote, or adding one before the merge).
      const switchers = await makeUsers(8, () => makeOpposer(db()));
      // Support B now: before the merge the vote moves to A, after it B is not found.
      const lateOnB = await makeUsers(10, () => makeUser(db()));
      // Support A now.
      const newOnA = await makeUsers(10, () => makeUser(db()));
      // Supported both before: their vote on B goes.
      const onBoth = await makeUsers(4, () => makeUser(db()));
      for (const u of switchers) await castVote(db(), { actor: u, ideaId: B.id, value: 1 });
      for (const u of onBoth) {
        await castVote(db(), { actor: u, ideaId: A.id, value: 1 });
        await castVote(db(), { actor: u, ideaId: B.id, value: 1 });
      }

      type Outcome = { who: string; ideaId: number; ok: boolean; error?: unknown };
      const attempt = (u: TestUser, ideaId: number, value: 1 | -1) =>
        castVote(db(), { actor: u, ideaId, value }).then(
          (): Outcome => ({ who: u.id, ideaId, ok: true }),
          (error: unknown): Outcome => ({ who: u.id, ideaId, ok: false, error }),
        );
      const voting: Promise<Outcome>[] = [];
      const queue = [
        ...switchers.map((u) => () => attempt(u, A.id, -1)),
        ...lateOnB.map((u) => () => attempt(u, B.id, 1)),
        ...newOnA.map((u) => () => attempt(u, A.id, 1)),
      ].sort(() => Math.random() - 0.5);
      // The merge starts somewhere among the votes, at a different place each round.
      const at = Math.floor((queue.length * (round + 1)) / 5);
      let merge!: Promise<unknown>;
      queue.forEach((start, i) => {
        if (i === at)
          merge = mergeIdeas(db(), {
            actor: moderator,
            fromId: B.id,
            intoId: A.id,
            reason: 'Duplicate',
          });
        voting.push(start());
      });
      const [merged, outcomes] = await Promise.all([merge, Promise.all(voting)]);

      // Every vote went through, except votes on B after the merge: not found.
      for (const o of outcomes.filter((o) => !o.ok)) {
        expect(o.ideaId, String(o.error)).toBe(B.id);
        expect(o.error).toBeInstanceOf(DomainError);
        expect((o.error as DomainError).kind).toBe('NotFound');
      }
      expect(outcomes.filter((o) => !o.ok && o.ideaId === A.id)).toEqual([]);

      const onA = await db().select().from(votes).where(eq(votes.ideaId, A.id));
      const onB = await db().select().from(votes).where(eq(votes.ideaId, B.id));
      expect(onB).toEqual([]);
      const people = onA.map((v) => v.userId);
      expect(new Set(people).size).toBe(people.length);
      const valueOf = new Map(onA.map((v) => [v.userId, v.value]));
      for (const u of switchers) expect(valueOf.get(u.id)).toBe(-1);
      for (const u of [...newOnA, ...onBoth]) expect(valueOf.get(u.id)).toBe(1);
      const lateOk = new Set(outcomes.filter((o) => o.ok && o.ideaId === B.id).map((o) => o.who));
      for (const u of lateOnB) expect(valueOf.get(u.id)).toBe(lateOk.has(u.id) ? 1 : undefined);
      expect(onA).toHaveLength(switchers.length + newOnA.length + onBoth.length + lateOk.size);

      const tallyA = await voteTally(db(), A.id);
      expect(tallyA.stored).toEqual(tallyA.actual);
      expect(await voteTally(db(), B.id)).toEqual({
        stored: { support: 0, oppose: 0 },
        actual: { support: 0, oppose: 0 },
      });
      expect(merged).toMatchObject({ intoId: A.id });
    },
    120_000,
  );
});

describe.skipIf(onPostgres)('a merge under concurrent votes', () => {
  it.skip('runs on PostgreSQL only (set DATABASE_URL): PGlite runs one transaction at a time', () => {});
});
