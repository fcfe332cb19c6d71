// Judging: follows, scorecards, the shortlist, the award with the pool split, and the rewards'
// lifecycle, with every refusal of the "bad input and abuse" list writing nothing.
import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  challenges,
  events,
  ideas,
  notifications,
  rewards,
  type RankPrize,
} from '../../../db/schema';
import { addManager } from '#app/domain/brands/commands.server';
import { changeStage, moveStageBySchedule } from '#app/domain/challenges/commands.server';
import { challengeSchema } from '#app/domain/challenges/schema';
import {
  awardChallenge,
  followChallenge,
  fulfilReward,
  revokeReward,
  saveScorecard,
  shortlistIdea,
  unfollowChallenge,
  unshortlistIdea,
} from '#app/domain/judging/commands.server';
import {
  awardChoices,
  judgingBoard,
  rewardsOfUser,
  winnersOf,
} from '#app/domain/judging/queries.server';
import { awardSchema, rewardDecisionSchema, scorecardSchema } from '#app/domain/judging/schema';
import { weightedScore } from '#app/domain/judging/policy';
import { testClock } from '#app/domain/core/clock';
import { useTestDatabase } from '../../support/db';
import {
  makeBrand,
  makeChallenge,
  makeIdea,
  makeUser,
  type TestUser,
} from '../../support/factories';
import { expectOneEvent, expectRefused, fieldErrors } from '../../support/assertions';
import { hearsAbout } from '../../support/notification-preferences';

const db = useTestDatabase();

const CRITERIA = [
  { name: 'Originality', weight: 40 },
  { name: 'Feasibility', weight: 60 },
];
const SPLIT: RankPrize[] = [
  { points: 500, item: 'A prototype meeting' },
  { points: 300, item: '' },
  { points: 200, item: 'A year of coffee' },
];

/** A brand (owner + a manager), a challenge in review with criteria and a 1,000-point split, ideas. */
async function reviewSetup(
  options: { ideas?: number; prizes?: RankPrize[]; pool?: number; criteria?: typeof CRITERIA } = {},
) {
  const owner = await makeUser(db());
  const manager = await makeUser(db());
  const brand = await makeBrand(db(), owner);
  await addManager(db(), { actor: owner, brandId: brand.id, handle: manager.handle });
  const challenge = await makeChallenge(db(), owner, { brandId: brand.id, stage: 'open' });
  const authors: TestUser[] = [];
  const list = [];
  for (let i = 0; i < (options.ideas ?? 4); i++) {
    const author = await makeUser(db());
    authors.push(author);
    list.push(await makeIdea(db(), author, challenge.id));
  }
  const prizes = options.prizes ?? SPLIT;
  const [reviewed] = await db()
    .update(challenges)
    .set({
      stage: 'review',
      criteria: options.criteria ?? CRITERIA,
      prizes,
      rewardPoints: options.pool ?? prizes.reduce((s, p) => s + p.points, 0),
    })
    .where(eq(challenges.id, challenge.id))
    .returning();
  return { owner, manager, brand, challenge: reviewed!, ideas: list, authors };
}

async function statusOf(ideaId: number) {
  const [row] = await db().select({ status: ideas.status }).from(ideas).where(eq(ideas.id, ideaId));
  return row!.status;
}

async function notificationsOf(userId: string) {
  return db().select().from(notifications).where(eq(notifications.userId, userId));
}

describe('the challenge form: criteria weights and the prize split', () => {
  const base = { title: 'Less packaging', brief: 'How might we cut packaging waste by half?' };

  it('refuses criteria whose weights do not add up to 100, and takes none at all', () => {
    expect(
      fieldErrors(challengeSchema, { ...base, criteria: 'Impact: 40\nCost: 40' }).criteria,
    ).toEqual([
      'The weights of the judging criteria must add up to 100 (each is its share of the score).',
    ]);
    expect(challengeSchema.parse({ ...base, criteria: '' }).criteria).toEqual([]);
    expect(
      challengeSchema.parse({ ...base, criteria: 'Impact: 25\nCost: 75' }).criteria,
    ).toHaveLength(2);
  });

  it('parses a split per rank, an item-only prize included, summing to the pool', () => {
    const parsed = challengeSchema.parse({
      ...base,
      rewardPoints: '1000',
      prizes: '500 | A prototype meeting\n500\n0 | A year of coffee\n',
    });
    expect(parsed.prizes).toEqual([
      { points: 500, item: 'A prototype meeting' },
      { points: 500, item: '' },
      { points: 0, item: 'A year of coffee' },
    ]);
    // Not sent at all (an older form): left as it is.
    expect(challengeSchema.parse(base).prizes).toBeUndefined();
    expect(challengeSchema.parse({ ...base, prizes: '' }).prizes).toEqual([]);
  });

  it.each([
    [
      'a split that does not sum to the pool',
      { rewardPoints: '1000', prizes: '500\n300' },
      /add up to 800 points but the pool is 1,000/,
    ],
    ['negative points', { rewardPoints: '0', prizes: '-5 | x' }, /whole number, 0 or more/],
    ['fractional points', { rewardPoints: '10', prizes: '9.5\n0.5' }, /whole number, 0 or more/],
    [
      'a line that is not "points | prize"',
      { rewardPoints: '10', prizes: 'ten | x' },
      /points \| prize/,
    ],
    [
      'more than 10 places',
      { rewardPoints: '11', prizes: Array(11).fill('1').join('\n') },
      /at most 10 places/,
    ],
    [
      'a prize text over 200 characters',
      { rewardPoints: '1', prizes: `1 | ${'x'.repeat(201)}` },
      /at most 200 characters/,
    ],
  ])('refuses %s', (_name, fields, message) => {
    const errors = fieldErrors(challengeSchema, { ...base, ...fields });
    expect(errors.prizes?.[0]).toMatch(message);
  });
});

describe('scorecard and award forms (zod)', () => {
  it('reads one score per criterion and refuses scores outside 1–5 or not whole', () => {
    expect(scorecardSchema.parse({ ideaId: '3', score: ['1', '5'] })).toEqual({
      ideaId: 3,
      score: [1, 5],
    });
    for (const bad of ['0', '6', '2.5', 'x', '<script>', '-1'])
      expect(fieldErrors(scorecardSchema, { ideaId: '3', score: ['3', bad] }).score, bad).toEqual([
        'Scores are whole numbers from 1 to 5.',
      ]);
    expect(Object.keys(fieldErrors(scorecardSchema, { ideaId: '3' }))).toEqual(['score']);
  });

  it('reads winners by rank and refuses an empty award or a bad id', () => {
    expect(awardSchema.parse({ rank1: '7', rank2: '', rank3: '9' })).toEqual([
      { rank: 1, ideaId: 7 },
      { rank: 3, ideaId: 9 },
    ]);
    expect(fieldErrors(awardSchema, { rank1: '' }).rank1).toEqual(['Choose at least one winner.']);
    expect(fieldErrors(awardSchema, { rank1: 'abc' }).rank1?.[0]).toMatch(/place 1/);
  });

  it('requires a note of at most 500 characters, kept as plain text', () => {
    expect(rewardDecisionSchema.parse({ rewardId: '1', note: ' held 12 March\u0007 ' }).note).toBe(
      'held 12 March',
    );
    expect(fieldErrors(rewardDecisionSchema, { rewardId: '1', note: '' }).note?.[0]).toMatch(
      /note/,
    );
    expect(
      fieldErrors(rewardDecisionSchema, { rewardId: '1', note: 'x'.repeat(501) }).note,
    ).toEqual(['Notes are at most 500 characters.']);
  });
});

describe('following a challenge', () => {
  it('follows and unfollows with one event each; followers hear of stage moves, not the mover', async () => {
    const owner = await makeUser(db());
    const fan = await makeUser(db());
    // Stage moves are off by default (decision 019): both asked to hear of them.
    await hearsAbout(db(), fan.id, ['stages']);
    await hearsAbout(db(), owner.id, ['stages']);
    const challenge = await makeChallenge(db(), owner, { stage: 'open' });
    await expectOneEvent(
      db(),
      () => followChallenge(db(), { actor: fan, challengeId: challenge.id }),
      'challenge.followed',
    );
    // Following twice changes nothing.
    expect(await followChallenge(db(), { actor: fan, challengeId: challenge.id })).toBe(false);
    await followChallenge(db(), { actor: owner, challengeId: challenge.id });
    await changeStage(db(), { actor: owner, challengeId: challenge.id, to: 'voting' });
    expect((await notificationsOf(fan.id)).map((n) => n.kind)).toEqual(['stage']);
    expect(await notificationsOf(owner.id)).toEqual([]);
    await expectOneEvent(
      db(),
      () => unfollowChallenge(db(), { actor: fan, challengeId: challenge.id }),
      'challenge.unfollowed',
    );
    await changeStage(db(), { actor: owner, challengeId: challenge.id, to: 'review' });
    expect(await notificationsOf(fan.id)).toHaveLength(1);
  });

  it('tells followers of a move by the schedule (no actor)', async () => {
    const owner = await makeUser(db());
    const fan = await makeUser(db());
    await hearsAbout(db(), fan.id, ['stages']);
    const challenge = await makeChallenge(db(), owner, { stage: 'open' });
    await followChallenge(db(), { actor: fan, challengeId: challenge.id });
    await db()
      .update(challenges)
      .set({ votingAt: new Date('2026-01-01T00:00:00Z') })
      .where(eq(challenges.id, challenge.id));
    await moveStageBySchedule(db(), {
      challengeId: challenge.id,
      clock: testClock('2026-01-02T00:00:00Z'),
    });
    expect((await notificationsOf(fan.id)).map((n) => [n.kind, n.actorId])).toEqual([
      ['stage', null],
    ]);
  });

  it('refuses to follow a draft of another brand (404) or a challenge that does not exist', async () => {
    const owner = await makeUser(db());
    const stranger = await makeUser(db());
    const draft = await makeChallenge(db(), owner);
    await expectRefused(
      db(),
      () => followChallenge(db(), { actor: stranger, challengeId: draft.id }),
      'NotFound',
    );
    await expectRefused(
      db(),
      () => followChallenge(db(), { actor: stranger, challengeId: 2_000_000_000 }),
      'NotFound',
    );
  });
});

describe('scorecards', () => {
  it('computes the weighted average Σ score × weight / 100', () => {
    expect(weightedScore([5, 3], CRITERIA)).toBe(3.8);
    expect(weightedScore([1, 1], CRITERIA)).toBe(1);
  });

  it('saves a draft seen only by its judge, then submits it for good with its weighted score', async () => {
    const { owner, manager, challenge, ideas: list } = await reviewSetup();
    const idea = list[0]!;
    const draft = await saveScorecard(db(), {
      actor: owner,
      ideaId: idea.id,
      scores: [4, 2],
      submit: false,
    });
    expect(draft).toMatchObject({ scores: [4, 2], weighted: null, submittedAt: null });
    // The manager has not submitted: no averages, and the owner's draft is not theirs to see.
    let board = await judgingBoard(db(), manager, challenge);
    expect(board!.ideas.find((i) => i.id === idea.id)).toMatchObject({
      myScores: null,
      average: null,
      judges: null,
    });
    const { result, event } = await expectOneEvent(
      db(),
      () => saveScorecard(db(), { actor: owner, ideaId: idea.id, scores: [5, 3], submit: true }),
      'scorecard.submitted',
    );
    expect(result.weighted).toBeCloseTo(3.8);
    expect(event).toMatchObject({ actorId: owner.id, challengeId: challenge.id, ideaId: idea.id });
    // Still hidden from the manager until they submit theirs.
    board = await judgingBoard(db(), manager, challenge);
    expect(board!.ideas.find((i) => i.id === idea.id)!.average).toBeNull();
    await saveScorecard(db(), { actor: manager, ideaId: idea.id, scores: [3, 3], submit: true });
    board = await judgingBoard(db(), manager, challenge);
    expect(board!.ideas.find((i) => i.id === idea.id)).toMatchObject({
      mySubmitted: true,
      average: 3.4,
      judges: 2,
    });
    // Submitted scorecards are final.
    await expectRefused(
      db(),
      () => saveScorecard(db(), { actor: owner, ideaId: idea.id, scores: [1, 1], submit: false }),
      'Conflict',
      /final/,
    );
  });

  it('refuses a non-member (403), outside review (409), bad scores (400) and another challenge’s idea', async () => {
    const { owner, challenge, ideas: list } = await reviewSetup();
    const other = await reviewSetup();
    const stranger = await makeUser(db());
    const ideaId = list[0]!.id;
    const score =
      (overrides: Partial<Parameters<typeof saveScorecard>[1]> = {}) =>
      () =>
        saveScorecard(db(), { actor: owner, ideaId, scores: [3, 3], submit: true, ...overrides });
    await expectRefused(db(), score({ actor: stranger }), 'Forbidden', /Only members/);
    await expectRefused(db(), score({ actor: other.owner }), 'Forbidden');
    for (const scores of [[0, 3], [6, 3], [2.5, 3], [3], [3, 3, 3], [-1, 3]])
      await expectRefused(db(), score({ scores }), 'Invalid');
    await expectRefused(
      db(),
      score({ challengeId: other.challenge.id }),
      'Invalid',
      /not one of this challenge/,
    );
    await expectRefused(db(), score({ ideaId: 2_000_000_000 }), 'NotFound');
    for (const stage of ['voting', 'awarded'] as const) {
      await db().update(challenges).set({ stage }).where(eq(challenges.id, challenge.id));
      await expectRefused(db(), score(), 'Conflict', /in review/);
    }
  });

  it('refuses scores when the challenge has no criteria: judges shortlist without them', async () => {
    const { owner, ideas: list } = await reviewSetup({ criteria: [] });
    await expectRefused(
      db(),
      () => saveScorecard(db(), { actor: owner, ideaId: list[0]!.id, scores: [], submit: true }),
      'Conflict',
      /no judging criteria/,
    );
    await shortlistIdea(db(), { actor: owner, ideaId: list[0]!.id });
    expect(await statusOf(list[0]!.id)).toBe('shortlisted');
  });
});

describe('the shortlist', () => {
  it('shortlists a published idea (event, notification to the author), and takes it off again', async () => {
    const { manager, ideas: list, authors } = await reviewSetup();
    const idea = list[0]!;
    const { event } = await expectOneEvent(
      db(),
      () => shortlistIdea(db(), { actor: manager, ideaId: idea.id }),
      'idea.shortlisted',
    );
    expect(event).toMatchObject({
      subjectUserId: authors[0]!.id,
      payload: { status: 'shortlisted' },
    });
    expect(await statusOf(idea.id)).toBe('shortlisted');
    expect((await notificationsOf(authors[0]!.id)).map((n) => [n.kind, n.ideaId])).toEqual([
      ['shortlisted', idea.id],
    ]);
    await expectRefused(
      db(),
      () => shortlistIdea(db(), { actor: manager, ideaId: idea.id }),
      'Conflict',
    );
    await expectOneEvent(
      db(),
      () => unshortlistIdea(db(), { actor: manager, ideaId: idea.id }),
      'idea.unshortlisted',
    );
    expect(await statusOf(idea.id)).toBe('published');
    await expectRefused(
      db(),
      () => unshortlistIdea(db(), { actor: manager, ideaId: idea.id }),
      'Conflict',
    );
  });

  it('refuses non-members, other stages and withdrawn ideas', async () => {
    const { owner, challenge, ideas: list } = await reviewSetup();
    const stranger = await makeUser(db());
    await expectRefused(
      db(),
      () => shortlistIdea(db(), { actor: stranger, ideaId: list[0]!.id }),
      'Forbidden',
    );
    await db().update(ideas).set({ status: 'withdrawn' }).where(eq(ideas.id, list[1]!.id));
    await expectRefused(
      db(),
      () => shortlistIdea(db(), { actor: owner, ideaId: list[1]!.id }),
      'Conflict',
    );
    await db().update(challenges).set({ stage: 'voting' }).where(eq(challenges.id, challenge.id));
    await expectRefused(
      db(),
      () => shortlistIdea(db(), { actor: owner, ideaId: list[0]!.id }),
      'Conflict',
    );
  });
});

/** Shortlists every idea given, by the owner. */
async function shortlistAll(owner: TestUser, ids: number[]) {
  for (const ideaId of ids) await shortlistIdea(db(), { actor: owner, ideaId });
}

describe('awardChallenge', () => {
  it('writes rewards, winners, events, notifications and the move to awarded in one go', async () => {
    const { owner, manager, challenge, ideas: list, authors } = await reviewSetup({ ideas: 4 });
    const fan = await makeUser(db());
    // Results of followed challenges are off by default (decision 019): the fan asked for them.
    await hearsAbout(db(), fan.id, ['follows', 'stages']);
    await followChallenge(db(), { actor: fan, challengeId: challenge.id });
    await shortlistAll(
      owner,
      list.map((i) => i.id),
    );
    const result = await awardChallenge(db(), {
      actor: manager,
      challengeId: challenge.id,
      winners: [
        { rank: 2, ideaId: list[1]!.id },
        { rank: 1, ideaId: list[0]!.id },
        { rank: 3, ideaId: list[2]!.id },
      ],
    });
    expect(result.challenge.stage).toBe('awarded');
    const winners = await winnersOf(db(), challenge.id);
    expect(winners.map((w) => [w.rank, w.ideaId, w.points, w.prize, w.status])).toEqual([
      [1, list[0]!.id, 500, 'A prototype meeting', 'pending'],
      [2, list[1]!.id, 300, '', 'pending'],
      [3, list[2]!.id, 200, 'A year of coffee', 'pending'],
    ]);
    expect(await statusOf(list[0]!.id)).toBe('winner');
    expect(await statusOf(list[3]!.id)).toBe('shortlisted');
    const written = await db().select().from(events).where(eq(events.challengeId, challenge.id));
    const fresh = written.filter(
      (e) => e.type === 'reward.granted' || e.type === 'challenge.stage_changed',
    );
    const granted = fresh.filter((e) => e.type === 'reward.granted').map((e) => e.payload);
    // Appended in the winners' user-id order (decision 016), so compared by rank.
    expect(granted.sort((a, b) => Number(a.rank) - Number(b.rank))).toEqual([
      { rewardId: winners[0]!.id, rank: 1, points: 500, prize: 'A prototype meeting' },
      { rewardId: winners[1]!.id, rank: 2, points: 300, prize: '' },
      { rewardId: winners[2]!.id, rank: 3, points: 200, prize: 'A year of coffee' },
    ]);
    expect(fresh.filter((e) => e.type === 'challenge.stage_changed').at(-1)!.payload).toEqual({
      from: 'review',
      to: 'awarded',
      winners: 3,
    });
    for (const [i, author] of authors.slice(0, 3).entries())
      expect(
        (await notificationsOf(author.id)).map((n) => n.kind),
        `winner ${i}`,
      ).toContain('reward');
    expect((await notificationsOf(fan.id)).map((n) => n.kind)).toEqual(['results']);
    // The winner's profile reads it.
    expect(await rewardsOfUser(db(), authors[0]!.id)).toMatchObject([
      {
        rank: 1,
        points: 500,
        challengeSlug: challenge.slug,
        ideaId: list[0]!.id,
        status: 'pending',
      },
    ]);
  });

  it('refuses awarding twice (409) and stage moves to awarded without winners', async () => {
    const {
      owner,
      challenge,
      ideas: list,
    } = await reviewSetup({ prizes: [{ points: 100, item: '' }] });
    await expectRefused(
      db(),
      () => changeStage(db(), { actor: owner, challengeId: challenge.id, to: 'awarded' }),
      'Conflict',
      /award form/,
    );
    await shortlistAll(owner, [list[0]!.id, list[1]!.id]);
    await awardChallenge(db(), {
      actor: owner,
      challengeId: challenge.id,
      winners: [{ rank: 1, ideaId: list[0]!.id }],
    });
    await expectRefused(
      db(),
      () =>
        awardChallenge(db(), {
          actor: owner,
          challengeId: challenge.id,
          winners: [{ rank: 1, ideaId: list[1]!.id }],
        }),
      'Conflict',
      /already been awarded/,
    );
  });

  it('refuses bad awards and writes nothing', async () => {
    const { owner, challenge, ideas: list } = await reviewSetup({ ideas: 4 });
    const other = await reviewSetup({ ideas: 1 });
    const stranger = await makeUser(db());
    await shortlistAll(owner, [list[0]!.id, list[1]!.id, list[2]!.id]);
    await shortlistAll(other.owner, [other.ideas[0]!.id]);
    const full = [
      { rank: 1, ideaId: list[0]!.id },
      { rank: 2, ideaId: list[1]!.id },
      { rank: 3, ideaId: list[2]!.id },
    ];
    const award =
      (winners: { rank: number; ideaId: number }[], actor: TestUser = owner) =>
      () =>
        awardChallenge(db(), { actor, challengeId: challenge.id, winners });
    await expectRefused(db(), award(full, stranger), 'Forbidden', /Only members/);
    await expectRefused(db(), award(full, other.owner), 'Forbidden');
    await expectRefused(db(), award([]), 'Invalid', /at least one winner/);
    await expectRefused(db(), award(full.slice(0, 2)), 'Invalid', /place 3/);
    await expectRefused(
      db(),
      award([...full, { rank: 4, ideaId: list[3]!.id }]),
      'Invalid',
      /3 places/,
    );
    await expectRefused(
      db(),
      award([full[0]!, full[1]!, { rank: 3, ideaId: list[0]!.id }]),
      'Invalid',
      /only one place/,
    );
    await expectRefused(
      db(),
      award([full[0]!, full[1]!, { rank: 2, ideaId: list[2]!.id }]),
      'Invalid',
      /twice/,
    );
    await expectRefused(
      db(),
      award([full[0]!, full[1]!, { rank: 3, ideaId: other.ideas[0]!.id }]),
      'Invalid',
      /not an idea of this challenge/,
    );
    await expectRefused(
      db(),
      award([full[0]!, full[1]!, { rank: 3, ideaId: list[3]!.id }]),
      'Conflict',
      /not shortlisted/,
    );
    await expectRefused(
      db(),
      award([full[0]!, full[1]!, { rank: 3, ideaId: 2_000_000_000 }]),
      'Invalid',
    );
    await expectRefused(db(), award([{ rank: 0, ideaId: list[0]!.id }]), 'Invalid');
    await db().update(challenges).set({ stage: 'voting' }).where(eq(challenges.id, challenge.id));
    await expectRefused(db(), award(full), 'Conflict', /in review/);
  });

  it('is one transaction: a failure at the second winner leaves nothing of the first', async () => {
    const { owner, challenge, ideas: list } = await reviewSetup({ ideas: 3 });
    await shortlistAll(
      owner,
      list.map((i) => i.id),
    );
    // A reward row already recorded for the 3rd winner's idea (as if awarded elsewhere) makes the
    // third insert fail after the first two were written.
    const otherChallenge = await makeChallenge(db(), owner, { stage: 'review' });
    await db().insert(rewards).values({
      challengeId: otherChallenge.id,
      ideaId: list[2]!.id,
      userId: owner.id,
      rank: 1,
    });
    await expectRefused(
      db(),
      () =>
        awardChallenge(db(), {
          actor: owner,
          challengeId: challenge.id,
          winners: [
            { rank: 1, ideaId: list[0]!.id },
            { rank: 2, ideaId: list[1]!.id },
            { rank: 3, ideaId: list[2]!.id },
          ],
        }),
      'Conflict',
    );
    expect(await statusOf(list[0]!.id)).toBe('shortlisted');
    expect(await db().select().from(rewards).where(eq(rewards.challengeId, challenge.id))).toEqual(
      [],
    );
  });

  it('without a split: a pool goes whole to first place; no pool allows ranks 1…n at 0 points', async () => {
    const pooled = await reviewSetup({ prizes: [], pool: 700 });
    await shortlistAll(pooled.owner, [pooled.ideas[0]!.id]);
    expect((await awardChoices(db(), pooled.challenge)).ranks).toHaveLength(1);
    await awardChallenge(db(), {
      actor: pooled.owner,
      challengeId: pooled.challenge.id,
      winners: [{ rank: 1, ideaId: pooled.ideas[0]!.id }],
    });
    expect((await winnersOf(db(), pooled.challenge.id)).map((w) => w.points)).toEqual([700]);

    const free = await reviewSetup({ prizes: [], pool: 0 });
    await shortlistAll(free.owner, [free.ideas[0]!.id, free.ideas[1]!.id]);
    await expectRefused(
      db(),
      () =>
        awardChallenge(db(), {
          actor: free.owner,
          challengeId: free.challenge.id,
          winners: [{ rank: 2, ideaId: free.ideas[0]!.id }],
        }),
      'Invalid',
      /place 1/,
    );
    await awardChallenge(db(), {
      actor: free.owner,
      challengeId: free.challenge.id,
      winners: [
        { rank: 1, ideaId: free.ideas[1]!.id },
        { rank: 2, ideaId: free.ideas[0]!.id },
      ],
    });
    expect((await winnersOf(db(), free.challenge.id)).map((w) => [w.rank, w.points])).toEqual([
      [1, 0],
      [2, 0],
    ]);
  });
});

describe('rewards lifecycle', () => {
  async function awarded() {
    const setup = await reviewSetup({ ideas: 1, prizes: [{ points: 100, item: 'A visit' }] });
    await shortlistAll(setup.owner, [setup.ideas[0]!.id]);
    const { rewards: granted } = await awardChallenge(db(), {
      actor: setup.owner,
      challengeId: setup.challenge.id,
      winners: [{ rank: 1, ideaId: setup.ideas[0]!.id }],
    });
    return { ...setup, reward: granted[0]! };
  }

  it('fulfils a pending reward once, with its note, telling the winner', async () => {
    const { manager, reward, authors } = await awarded();
    const clock = testClock('2026-03-12T10:00:00Z');
    const { result, event } = await expectOneEvent(
      db(),
      () =>
        fulfilReward(db(), {
          actor: manager,
          rewardId: reward.id,
          note: 'Prototype meeting held 12 March',
          clock,
        }),
      'reward.fulfilled',
    );
    expect(result).toMatchObject({
      status: 'fulfilled',
      note: 'Prototype meeting held 12 March',
      decidedBy: manager.id,
      decidedAt: clock.now(),
    });
    expect(event.payload).toEqual({ rewardId: reward.id, note: 'Prototype meeting held 12 March' });
    expect((await notificationsOf(authors[0]!.id)).map((n) => n.kind)).toContain(
      'reward_fulfilled',
    );
    // A fulfilled reward was handed over: it cannot be revoked or fulfilled again.
    await expectRefused(
      db(),
      () => revokeReward(db(), { actor: manager, rewardId: reward.id, note: 'changed our mind' }),
      'Conflict',
      /final/,
    );
    await expectRefused(
      db(),
      () => fulfilReward(db(), { actor: manager, rewardId: reward.id, note: 'again' }),
      'Conflict',
    );
  });

  it('revokes a pending reward once (the idea stays a winner), refusing a second revocation', async () => {
    const { owner, reward, ideas: list, authors } = await awarded();
    await expectOneEvent(
      db(),
      () => revokeReward(db(), { actor: owner, rewardId: reward.id, note: 'The idea was copied.' }),
      'reward.revoked',
    );
    expect(await statusOf(list[0]!.id)).toBe('winner');
    expect((await notificationsOf(authors[0]!.id)).map((n) => n.kind)).toContain('reward_revoked');
    await expectRefused(
      db(),
      () => revokeReward(db(), { actor: owner, rewardId: reward.id, note: 'twice' }),
      'Conflict',
      /already revoked/,
    );
  });

  it('lets a moderator decide, refuses anyone else, an empty or long note and an unknown reward', async () => {
    const { reward } = await awarded();
    const stranger = await makeUser(db());
    const moderator = await makeUser(db(), { role: 'moderator' });
    await expectRefused(
      db(),
      () => revokeReward(db(), { actor: stranger, rewardId: reward.id, note: 'not mine' }),
      'Forbidden',
    );
    await expectRefused(
      db(),
      () => fulfilReward(db(), { actor: moderator, rewardId: reward.id, note: '  ' }),
      'Invalid',
    );
    await expectRefused(
      db(),
      () => fulfilReward(db(), { actor: moderator, rewardId: reward.id, note: 'x'.repeat(501) }),
      'Invalid',
    );
    await expectRefused(
      db(),
      () => fulfilReward(db(), { actor: moderator, rewardId: 2_000_000_000, note: 'unknown' }),
      'NotFound',
    );
    const done = await fulfilReward(db(), {
      actor: moderator,
      rewardId: reward.id,
      note: '<b>sent</b> by post',
    });
    // Stored as typed: it is shown as text, never as HTML.
    expect(done.note).toBe('<b>sent</b> by post');
  });
});

// Two brand members press "award" at the same moment: the challenge row's lock lets one through,
// and the other then finds it awarded. PostgreSQL only: PGlite has one connection.
describe.skipIf(!process.env.DATABASE_URL)('two awards at the same moment (PostgreSQL)', () => {
  it('lets exactly one succeed', async () => {
    for (let round = 0; round < 3; round++) {
      const {
        owner,
        manager,
        challenge,
        ideas: list,
      } = await reviewSetup({
        ideas: 2,
        prizes: [{ points: 100, item: '' }],
      });
      await shortlistAll(
        owner,
        list.map((i) => i.id),
      );
      const results = await Promise.allSettled([
        awardChallenge(db(), {
          actor: owner,
          challengeId: challenge.id,
          winners: [{ rank: 1, ideaId: list[0]!.id }],
        }),
        awardChallenge(db(), {
          actor: manager,
          challengeId: challenge.id,
          winners: [{ rank: 1, ideaId: list[1]!.id }],
        }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason.message).toMatch(/already been awarded/);
      expect(
        await db().select().from(rewards).where(eq(rewards.challengeId, challenge.id)),
      ).toHaveLength(1);
      const winners = await db()
        .select()
        .from(ideas)
        .where(
          and(
            inArray(
              ideas.id,
              list.map((i) => i.id),
            ),
            eq(ideas.status, 'winner'),
          ),
        );
      expect(winners).toHaveLength(1);
      const moves = await db()
        .select()
        .from(events)
        .where(
          and(eq(events.challengeId, challenge.id), eq(events.type, 'challenge.stage_changed')),
        );
      expect(moves).toHaveLength(1);
    }
  });
});
