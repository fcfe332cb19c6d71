// challenges.idea_count: the public ideas of each challenge, kept in the writing transaction, equal
// to counting them after any sequence of submissions, withdrawals and status changes.
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../../../db/client.server';
import { challenges, type IdeaStatus } from '../../../db/schema';
import { withdrawIdea } from '#app/domain/ideas/commands.server';
import { rebuildReadModels } from '#app/domain/ideas/read-model.server';
import { useTestDatabase } from '../../support/db';
import {
  makeChallenge,
  makeIdea,
  makeUser,
  type TestUser,
  setIdeaStatus,
} from '../../support/factories';

const db = useTestDatabase();

function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Per challenge: the kept count and the count of its public ideas. */
async function counts(ids: number[]) {
  const result = await db().execute(sql`
    select c.id, c.idea_count as kept,
      (select count(*)::int from ideas i
       where i.challenge_id = c.id and i.status in ('published', 'shortlisted', 'winner')) as counted
    from challenges c where c.id in (${sql.join(ids, sql`, `)}) order by c.id`);
  return rowsOf<{ id: number; kept: number; counted: number }>(result);
}

describe('challenges.idea_count', () => {
  it('equals the count of public ideas after a random sequence of writes', async () => {
    const rand = random(18);
    const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
    const owner = await makeUser(db());
    const authors: TestUser[] = [];
    for (let i = 0; i < 6; i++) authors.push(await makeUser(db()));
    const open = [
      await makeChallenge(db(), owner, { stage: 'open', maxIdeasPerUser: 50 }),
      await makeChallenge(db(), owner, { stage: 'open', maxIdeasPerUser: 50 }),
    ];
    const challengeIds = open.map((c) => c.id);
    const mine: { id: number; authorId: string }[] = [];
    const statuses: IdeaStatus[] = ['published', 'hidden', 'shortlisted', 'winner', 'merged'];
    for (let step = 0; step < 60; step++) {
      const roll = rand();
      if (roll < 0.3) {
        // Several authors submit to one challenge at the same time (they take turns on its row).
        const challenge = pick(open);
        const made = await Promise.all(
          authors.slice(0, 4).map((a) => makeIdea(db(), a, challenge.id)),
        );
        mine.push(...made.map((i) => ({ id: i.id, authorId: i.authorId })));
      } else if (roll < 0.55 && mine.length) {
        const idea = pick(mine);
        const author = authors.find((a) => a.id === idea.authorId)!;
        // Refused unless the idea is still published; the count must not move then either.
        await withdrawIdea(db(), { actor: author, ideaId: idea.id }).catch(() => null);
      } else if (roll < 0.85 && mine.length) {
        // What moderation (or the brand picking winners) does: any status to any other.
        await setIdeaStatus(db(), pick(mine).id, pick(statuses));
      } else {
        mine.push(
          ...(
            await Promise.all([
              makeIdea(db(), pick(authors), open[0]!.id),
              makeIdea(db(), pick(authors), open[1]!.id),
            ])
          ).map((i) => ({ id: i.id, authorId: i.authorId })),
        );
      }
      for (const row of await counts(challengeIds))
        expect(row.kept, `challenge ${row.id} after step ${step}`).toBe(row.counted);
    }
    expect((await counts(challengeIds)).every((r) => r.counted > 0)).toBe(true);
  });

  it('is repaired by rebuildReadModels after writes that bypassed it', async () => {
    const owner = await makeUser(db());
    const author = await makeUser(db());
    const challenge = await makeChallenge(db(), owner, { stage: 'open', maxIdeasPerUser: 5 });
    for (let i = 0; i < 3; i++) await makeIdea(db(), author, challenge.id);
    await db().update(challenges).set({ ideaCount: 99 }).where(eq(challenges.id, challenge.id));
    await rebuildReadModels(db());
    expect(await counts([challenge.id])).toEqual([{ id: challenge.id, kept: 3, counted: 3 }]);
  });
});
