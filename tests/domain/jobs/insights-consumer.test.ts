// The insights consumer: what each event adds to the aggregates (history kept, supporters net),
// and each event counted exactly once when two processes run the consumer at the same time.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf, type Database, type Db } from '../../../db/client.server';
import { challenges } from '../../../db/schema';
import { addComment, deleteComment } from '#app/domain/comments/commands.server';
import { testClock } from '#app/domain/core/clock';
import { withdrawIdea } from '#app/domain/ideas/commands.server';
import { rebuildInsights } from '#app/domain/insights/rebuild.server';
import { shortlistIdea, unshortlistIdea } from '#app/domain/judging/commands.server';
import { castVote } from '#app/domain/votes/commands.server';
import { ConsumerRunner } from '../../../jobs/consumers.server';
import { backfillInsights, insightsConsumer } from '../../../jobs/insights.server';
import { createTestDatabase } from '../../support/database';
import { makeBrand, makeChallenge, makeIdea, makeUser } from '../../support/factories';
import { openAnotherProcess } from '../../support/processes';

let database: Database & { name: string };
const db = (): Db => database.db;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

type Totals = Record<string, number>;

/** Every aggregate of a challenge summed, the way a check of exactness reads them. */
async function totalsOf(challengeId: number): Promise<Totals> {
  const [row] = rowsOf<Totals>(
    await db().execute(sql`
      select
        (select coalesce(sum(ideas), 0) from insight_hours where challenge_id = ${challengeId})::int as ideas,
        (select coalesce(sum(votes), 0) from insight_hours where challenge_id = ${challengeId})::int as votes,
        (select coalesce(sum(comments), 0) from insight_hours where challenge_id = ${challengeId})::int as comments,
        (select coalesce(sum(neutral), 0) from insight_hours where challenge_id = ${challengeId})::int as neutral,
        (select coalesce(sum(shortlisted), 0) from insight_hours where challenge_id = ${challengeId})::int as shortlisted,
        (select count(*) from insight_actors where challenge_id = ${challengeId})::int as actors,
        (select coalesce(sum(supporters), 0) from insight_influence where challenge_id = ${challengeId})::int as supporters,
        (select coalesce(sum(builds), 0) from insight_influence where challenge_id = ${challengeId})::int as builds,
        (select coalesce(sum(ideas), 0) from insight_tags where challenge_id = ${challengeId})::int as tag_ideas,
        (select coalesce(sum(votes), 0) from insight_tags where challenge_id = ${challengeId})::int as tag_votes,
        (select coalesce(sum(uses), 0) from insight_terms where challenge_id = ${challengeId})::int as term_uses`),
  );
  return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)]));
}

async function supportersOf(challengeId: number, userId: string) {
  const [row] = rowsOf<{ n: number }>(
    await db().execute(sql`
      select coalesce(sum(supporters), 0)::int as n from insight_influence
      where challenge_id = ${challengeId} and user_id = ${userId}`),
  );
  return Number(row!.n);
}

describe('what each event counts', () => {
  it('keeps history when ideas are withdrawn, comments deleted and ideas unshortlisted; supporters are net', async () => {
    const clock = testClock('2026-03-02T10:00:00Z');
    const owner = await makeUser(db());
    const brand = await makeBrand(db(), owner);
    const challenge = await makeChallenge(db(), owner, { brandId: brand.id, stage: 'open' });
    const [ana, ben, cai] = [await makeUser(db()), await makeUser(db()), await makeUser(db())];
    const idea = await makeIdea(db(), ana, challenge.id, { clock, tags: 'green' });
    // Building on one's own idea is not influence; on someone else's it is.
    await makeIdea(db(), ana, challenge.id, { clock, buildsOnId: idea.id, tags: 'green' });
    const gone = await makeIdea(db(), ben, challenge.id, {
      clock,
      buildsOnId: idea.id,
      tags: 'green',
    });
    await castVote(db(), { actor: cai, ideaId: idea.id, value: 1, clock });
    await castVote(db(), { actor: ben, ideaId: idea.id, value: 1, clock });
    await castVote(db(), { actor: ben, ideaId: idea.id, value: 0, clock });
    const said = await addComment(db(), {
      actor: cai,
      ideaId: idea.id,
      comment: { body: 'Greener packaging please', parentId: null },
      clock,
    });
    await deleteComment(db(), { actor: cai, commentId: said.id, clock });
    await withdrawIdea(db(), { actor: ben, ideaId: gone.id, clock });
    await db().update(challenges).set({ stage: 'review' }).where(eq(challenges.id, challenge.id));
    await shortlistIdea(db(), { actor: owner, ideaId: idea.id, clock });
    await unshortlistIdea(db(), { actor: owner, ideaId: idea.id, clock });

    // Whatever sentiment analysis said when they were written: none yet.
    await db().execute(sql`update ideas set sentiment = null where challenge_id = ${challenge.id}`);
    await db().execute(sql`update comments set sentiment = null where id = ${said.id}`);
    expect(await backfillInsights(db())).toBeGreaterThan(0);
    expect(await totalsOf(challenge.id)).toMatchObject({
      ideas: 3,
      votes: 2,
      comments: 1,
      shortlisted: 1,
      // ana (ideas), ben (idea, vote), cai (vote, comment): all on one day.
      actors: 3,
      supporters: 1,
      builds: 1,
      tag_ideas: 3,
      tag_votes: 2,
    });
    // Not analysed yet (no sentiment on the rows): neutral.
    expect((await totalsOf(challenge.id)).neutral).toBe(4);
    expect(await supportersOf(challenge.id, ana.id)).toBe(1);
  });
});

describe('two processes running the consumer at once', () => {
  it('count every event exactly once', async () => {
    const other = openAnotherProcess(database);
    try {
      const owner = await makeUser(db());
      const challenge = await makeChallenge(db(), owner, { stage: 'open' });
      const authors = await Promise.all(Array.from({ length: 12 }, () => makeUser(db())));
      const ideas = [];
      for (const author of authors)
        ideas.push(await makeIdea(db(), author, challenge.id, { tags: 'busy' }));
      let votes = 0;
      for (const [i, voter] of authors.entries())
        for (const idea of ideas.slice(0, 1 + (i % 5)))
          if (idea.authorId !== voter.id) {
            await castVote(db(), { actor: voter, ideaId: idea.id, value: 1 });
            votes++;
          }

      // Small batches, so the runners take turns many times while both are at work.
      const runner = (handle: Db) =>
        new ConsumerRunner({
          db: handle,
          consumers: [insightsConsumer()],
          batchSize: 7,
          log: { error: () => {} },
        });
      const first = runner(db());
      const second = runner(other?.db ?? db());
      await Promise.all([first.start(), second.start()]);
      try {
        for (let round = 0; round < 5; round++) await Promise.all([first.poke(), second.poke()]);
      } finally {
        await Promise.all([first.stop(), second.stop()]);
      }

      const counted = await totalsOf(challenge.id);
      expect(counted).toMatchObject({
        ideas: 12,
        votes,
        supporters: votes,
        tag_ideas: 12,
        tag_votes: votes,
        actors: 12,
      });
      // The same figures from the raw tables.
      await rebuildInsights(db());
      expect(await totalsOf(challenge.id)).toEqual(counted);
    } finally {
      await other?.close();
    }
  });
});
