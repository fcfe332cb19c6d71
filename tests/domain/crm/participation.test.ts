// The community read model (brand_participants) kept by its consumer, the engagement formula and
// interests: exact counts per brand after ideas, votes, comments, withdrawals and wins, nothing
// counted on another brand, rows removed when nothing is left, and the documented formulas.
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { addComment, deleteComment } from '#app/domain/comments/commands.server';
import { testClock } from '#app/domain/core/clock';
import { interestsOf } from '#app/domain/crm/interests.server';
import { rebuildParticipants } from '#app/domain/crm/participation.server';
import { withdrawIdea } from '#app/domain/ideas/commands.server';
import { castVote } from '#app/domain/votes/commands.server';
import { rowsOf } from '../../../db/client.server';
import { brandParticipants } from '../../../db/schema';
import { ConsumerRunner } from '../../../jobs/consumers.server';
import { communityConsumer } from '../../../jobs/community.server';
import { makeBrand, makeChallenge, makeIdea, makeUser } from '../../support/factories';
import { giveReputation } from '../../support/reputation';
import { useTestDatabase } from '../../support/db';

const db = useTestDatabase();

async function catchUp(
  onChanges?: NonNullable<Parameters<typeof communityConsumer>[0]>['onChanges'],
) {
  const runner = new ConsumerRunner({ db: db(), consumers: [communityConsumer({ onChanges })] });
  await runner.start();
  try {
    return await runner.poke();
  } finally {
    await runner.stop();
  }
}

const rowOf = async (brandId: number, userId: string) =>
  (
    await db()
      .select()
      .from(brandParticipants)
      .where(and(eq(brandParticipants.brandId, brandId), eq(brandParticipants.userId, userId)))
  )[0];

async function setting() {
  const owner = await makeUser(db());
  const brand = await makeBrand(db(), owner);
  const other = await makeBrand(db(), owner);
  const challenge = await makeChallenge(db(), owner, { brandId: brand.id, stage: 'open' });
  const elsewhere = await makeChallenge(db(), owner, { brandId: other.id, stage: 'open' });
  return { owner, brand, other, challenge, elsewhere };
}

describe('the community consumer', () => {
  it('counts what each person did on each brand, exactly, and tells what changed after commit', async () => {
    const { brand, other, challenge, elsewhere } = await setting();
    const clock = testClock('2026-05-01T10:00:00Z');
    const ana = await makeUser(db());
    const ben = await makeUser(db());
    await giveReputation(db(), ben.id, 200);
    const idea = await makeIdea(db(), ana, challenge.id, { clock });
    await makeIdea(db(), ana, elsewhere.id, { clock });
    clock.advance(3_600_000);
    await castVote(db(), { actor: ben, ideaId: idea.id, value: 1, clock });
    await addComment(db(), {
      actor: ben,
      ideaId: idea.id,
      comment: { body: 'Nice', parentId: null },
      clock,
    });
    await addComment(db(), {
      actor: ben,
      ideaId: idea.id,
      comment: { body: 'Again', parentId: null },
      clock,
    });

    const told: unknown[] = [];
    await catchUp((changes) => told.push(...changes));
    expect(await rowOf(brand.id, ana.id)).toMatchObject({
      ideas: 1,
      votes: 0,
      comments: 0,
      firstActiveAt: new Date('2026-05-01T10:00:00Z'),
    });
    expect(await rowOf(other.id, ana.id)).toMatchObject({ ideas: 1 });
    expect(await rowOf(brand.id, ben.id)).toMatchObject({
      ideas: 0,
      votes: 1,
      comments: 2,
      lastActiveAt: new Date('2026-05-01T11:00:00Z'),
    });
    expect(await rowOf(other.id, ben.id)).toBeUndefined();
    expect(told).toEqual(
      expect.arrayContaining([
        { brandId: brand.id, userId: ana.id, change: 'new' },
        { brandId: brand.id, userId: ben.id, change: 'new' },
      ]),
    );
  });

  it('removes a person who has nothing left on a brand, and matches a rebuild from the sources', async () => {
    const { brand, challenge } = await setting();
    const ana = await makeUser(db());
    const ben = await makeUser(db());
    const idea = await makeIdea(db(), ana, challenge.id);
    const comment = await addComment(db(), {
      actor: ben,
      ideaId: idea.id,
      comment: { body: 'Hi', parentId: null },
    });
    await catchUp();
    expect(await rowOf(brand.id, ben.id)).toMatchObject({ comments: 1 });
    await deleteComment(db(), { actor: ben, commentId: comment.id, ideaId: idea.id });
    await withdrawIdea(db(), { actor: ana, ideaId: idea.id });
    const told: { change: string }[] = [];
    await catchUp((changes) => told.push(...changes));
    expect(await rowOf(brand.id, ben.id)).toBeUndefined();
    expect(await rowOf(brand.id, ana.id)).toBeUndefined();
    expect(told.map((c) => c.change)).toEqual(['gone', 'gone']);

    // A rebuild from the source tables agrees with what the consumer keeps.
    await makeIdea(db(), ben, challenge.id);
    await catchUp();
    const kept = await db().select().from(brandParticipants);
    await db().delete(brandParticipants);
    await rebuildParticipants(db());
    const rebuilt = await db().select().from(brandParticipants);
    const strip = (rows: typeof kept) =>
      rows.map(({ updatedAt: _, ...r }) => r).sort((a, b) => (a.userId < b.userId ? -1 : 1));
    expect(strip(rebuilt)).toEqual(strip(kept));
  });
});

describe('brand_engagement', () => {
  const engagement = async (counts: number[], daysAgo: number) => {
    const [row] = rowsOf<{ e: number }>(
      await db().execute(
        sql`select brand_engagement(${counts[0]}, ${counts[1]}, ${counts[2]}, ${counts[3]}, ${counts[4]},
          '2026-05-01T00:00:00Z'::timestamptz - make_interval(days => ${daysAgo}),
          '2026-05-01T00:00:00Z'::timestamptz) as e`,
      ),
    );
    return Number(row!.e);
  };

  it('saturates towards 100 with effort and halves every 60 quiet days', async () => {
    expect(await engagement([0, 0, 0, 0, 0], 0)).toBe(0);
    // One idea and three votes: 8 weighted → 100 × (1 − e^(−8/30)) = 23.4.
    expect(await engagement([1, 3, 0, 0, 0], 0)).toBe(23);
    expect(await engagement([1, 3, 0, 0, 0], 60)).toBe(12);
    // A winner: 5 + 8 + 15 = 28 → 60.7.
    expect(await engagement([1, 0, 0, 1, 1], 0)).toBe(61);
    expect(await engagement([20, 50, 30, 5, 2], 0)).toBe(100);
    // Active two days from now by another process's clock counts as active now.
    expect(await engagement([1, 3, 0, 0, 0], -2)).toBe(23);
  });
});

describe('interestsOf', () => {
  it('weighs written 3, supported 2, commented 1, halves them every 90 days, and can keep to one brand', async () => {
    const { brand, challenge, elsewhere } = await setting();
    const old = testClock('2026-01-01T00:00:00Z');
    const ana = await makeUser(db());
    const ben = await makeUser(db());
    await giveReputation(db(), ana.id, 200);
    const cycling = await makeIdea(db(), ben, challenge.id, { tags: 'cycling, city', clock: old });
    const food = await makeIdea(db(), ben, elsewhere.id, { tags: 'food' });
    await makeIdea(db(), ana, challenge.id, { tags: 'city', clock: old });
    await castVote(db(), { actor: ana, ideaId: cycling.id, value: 1 });
    await addComment(db(), {
      actor: ana,
      ideaId: food.id,
      comment: { body: 'Yum', parentId: null },
    });
    await castVote(db(), { actor: ana, ideaId: food.id, value: -1 });

    const now = new Date('2026-04-01T00:00:00Z'); // 90 days after `old`
    const all = await interestsOf(db(), [ana.id, ben.id], { now });
    // ana: city = idea 3 × ½ (90 days) + vote 2 (now) = 3.5; cycling = vote 2; food = comment 1
    // (an oppose says nothing of interest).
    expect(all.get(ana.id)).toEqual([
      { tag: 'city', score: 3.5 },
      { tag: 'cycling', score: 2 },
      { tag: 'food', score: 1 },
    ]);
    expect(all.get(ben.id)?.map((i) => i.tag)).toEqual(['food', 'city', 'cycling']);
    const onBrand = await interestsOf(db(), [ana.id], { now, brandId: brand.id });
    expect(onBrand.get(ana.id)?.map((i) => i.tag)).toEqual(['city', 'cycling']);
    expect((await interestsOf(db(), [], { now })).size).toBe(0);
  });
});
