// Keyset pages of a challenge's ideas while votes and new ideas arrive between (and during) page
// reads. What "never repeats or skips" means when keys change:
// - A reader walks the pages by their `after` cursors. S is the set of ideas that existed when the
//   walk began; an idea "moved" if its sort key changed during the walk.
// - new: keys never change, and an idea created during the walk is newer than every cursor. Every
//   idea of S is read exactly once; no idea created during the walk is read.
// - top and trending: a key changes when votes arrive. An idea is skipped only if its key rose from
//   after the cursor to before it, and read twice only if its key fell from before the cursor to
//   after it (it moved ahead of or behind the reader, as on any live ranking). Here votes only add
//   support and the clock stands still, so keys only rise: no idea is read twice, every idea of S
//   that did not move is read exactly once, and an idea that moved at most once.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { ideas } from '../../../db/schema';
import { IDEA_SORTS, type IdeaSort } from '#app/domain/challenges/policy';
import { testClock } from '#app/domain/core/clock';
import { pageKey } from '#app/domain/core/pagination';
import { IDEA_KEYSETS, listIdeas } from '#app/domain/ideas/queries.server';
import { rebuildReadModels } from '#app/domain/ideas/read-model.server';
import { castVote } from '#app/domain/votes/commands.server';
import { ConsumerRunner } from '../../../jobs/consumers.server';
import { trendingConsumer } from '../../../jobs/trending.server';
import { useTestDatabase } from '../../support/db';
import { makeChallenge, makeIdea, makeUser, type TestUser } from '../../support/factories';

const db = useTestDatabase();

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Every idea's sort key in `sort`, exactly as the pages compare them. */
async function keysOf(challengeId: number, sort: IdeaSort) {
  const rows = await db()
    .select({ id: ideas.id, key: pageKey(IDEA_KEYSETS[sort]) })
    .from(ideas)
    .where(eq(ideas.challengeId, challengeId));
  return new Map(rows.map((r) => [r.id, r.key]));
}

describe('keyset pages of a challenge while votes and new ideas arrive', () => {
  for (const sort of IDEA_SORTS) {
    it(`never repeats or skips a ${sort} idea that did not move`, async () => {
      const rand = random(IDEA_SORTS.indexOf(sort) + 1);
      const clock = testClock('2026-03-01T10:00:00Z');
      const owner = await makeUser(db());
      const author = await makeUser(db());
      const challenge = await makeChallenge(db(), owner, {
        stage: 'open',
        maxIdeasPerUser: 50,
        clock,
      });
      const voters: TestUser[] = [];
      for (let i = 0; i < 24; i++) voters.push(await makeUser(db()));
      const existing: number[] = [];
      for (let i = 0; i < 26; i++) {
        // Some ideas share a creation time, so ties are broken by id.
        if (i % 3 === 0) clock.advance(60_000);
        const idea = await makeIdea(db(), author, challenge.id, { clock });
        existing.push(idea.id);
        for (const voter of voters.slice(0, i % 4))
          await castVote(db(), { actor: voter, ideaId: idea.id, value: 1, clock });
      }
      // The clock stands still from here: scores change only when votes arrive.
      clock.advance(60_000);
      await rebuildReadModels(db(), clock);
      const consumer = new ConsumerRunner({
        db: db(),
        consumers: [trendingConsumer(clock)],
        pollMs: 3_600_000,
        log: { error: () => {} },
      });
      await consumer.start();
      await consumer.poke();

      const before = await keysOf(challenge.id, sort);
      const created: number[] = [];
      const seen: number[] = [];
      let voter = 4;
      let page = await listIdeas(db(), challenge.id, { sort, pageSize: 4 });
      seen.push(...page.items.map((i) => i.id));
      while (page.next) {
        const target = existing[Math.floor(rand() * existing.length)]!;
        const [next] = await Promise.all([
          listIdeas(db(), challenge.id, { sort, pageSize: 4, after: page.next }),
          castVote(db(), {
            actor: voters[voter++ % voters.length]!,
            ideaId: target,
            value: 1,
            clock,
          })
            // A voter who already supports this idea is refused; the walk goes on.
            .catch(() => null),
          makeIdea(db(), author, challenge.id, { clock }).then((idea) => created.push(idea.id)),
        ]);
        page = next;
        seen.push(...page.items.map((i) => i.id));
        // Trending keys move when the consumer recomputes the ideas voted on.
        await consumer.poke();
      }
      await consumer.stop();
      const after = await keysOf(challenge.id, sort);
      const moved = existing.filter((id) => before.get(id) !== after.get(id));

      expect(new Set(seen).size, 'no idea is read twice').toBe(seen.length);
      const stable = existing.filter((id) => !moved.includes(id));
      expect(
        stable.filter((id) => !seen.includes(id)),
        'unmoved ideas skipped',
      ).toEqual([]);
      expect(seen.every((id) => existing.includes(id) || created.includes(id))).toBe(true);
      if (sort === 'new') {
        expect(moved).toEqual([]);
        expect(seen.sort()).toEqual([...existing].sort());
      } else {
        // Votes did arrive and did move keys, or the test would prove nothing.
        expect(moved.length).toBeGreaterThan(0);
      }
    });
  }
});
