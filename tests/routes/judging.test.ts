// Judging through the forms: the prize split on the challenge form, following, the judging page's
// scorecards, shortlist and award, and reward decisions; every refusal a 4xx with a message and
// nothing written.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as challengePage from '#app/routes/challenges.$slug._index/route';
import * as reviewPage from '#app/routes/challenges.$slug.review';
import * as newChallenge from '#app/routes/brands.$slug.challenges.new';
import { addManager } from '#app/domain/brands/commands.server';
import { awardChallenge, shortlistIdea } from '#app/domain/judging/commands.server';
import { challenges, rewards } from '../../db/schema';
import {
  callAction,
  callLoader,
  formRequest,
  getRequest,
  makeContext,
  type TestViewer,
} from '../support/context';
import { makeBrand, makeChallenge, makeIdea, makeUser } from '../support/factories';
import { expectAccepted, expectRefused, unique } from '../support/route-assertions';
import { useTestDatabase } from '../support/db';

const db = useTestDatabase();

async function reviewSetup() {
  const owner = await makeUser(db());
  const manager = await makeUser(db());
  const brand = await makeBrand(db(), owner);
  await addManager(db(), { actor: owner, brandId: brand.id, handle: manager.handle });
  const challenge = await makeChallenge(db(), owner, { brandId: brand.id, stage: 'open' });
  const author = await makeUser(db());
  const idea = await makeIdea(db(), author, challenge.id);
  const second = await makeIdea(db(), await makeUser(db()), challenge.id);
  const [reviewed] = await db()
    .update(challenges)
    .set({
      stage: 'review',
      criteria: [
        { name: 'Originality', weight: 40 },
        { name: 'Feasibility', weight: 60 },
      ],
      prizes: [{ points: 500, item: 'A prototype meeting' }],
      rewardPoints: 500,
    })
    .where(eq(challenges.id, challenge.id))
    .returning();
  return { owner, manager, brand, challenge: reviewed!, idea, second, author };
}

const review = (
  viewer: TestViewer | null,
  slug: string,
  fields: Record<string, string | string[]>,
) =>
  callAction(reviewPage, {
    params: { slug },
    request: formRequest(`/challenges/${slug}/review`, fields),
    context: makeContext(db(), viewer),
  });

const onPage = (viewer: TestViewer | null, slug: string, fields: Record<string, string>) =>
  callAction(challengePage, {
    params: { slug },
    request: formRequest(`/challenges/${slug}`, fields),
    context: makeContext(db(), viewer),
  });

describe('the prize split on the new-challenge form', () => {
  const fields = (overrides: Record<string, string>) => ({
    title: unique('Less packaging '),
    brief: 'How might we cut packaging waste in our stores by half?',
    rewardPoints: '1000',
    criteria: 'Originality: 40\nFeasibility: 60',
    maxIdeasPerUser: '3',
    ...overrides,
  });
  const create = async (sent: Record<string, string>) => {
    const owner = await makeUser(db());
    const brand = await makeBrand(db(), owner);
    return {
      brand,
      run: () =>
        callAction(newChallenge, {
          params: { slug: brand.slug },
          request: formRequest(`/brands/${brand.slug}/challenges/new`, sent),
          context: makeContext(db(), owner),
        }),
    };
  };

  it.each([
    ['a split that does not sum to the pool', { prizes: '500\n300' }, 'prizes', /pool is 1,000/],
    ['negative points', { prizes: '-1000' }, 'prizes', /whole number/],
    ['fractional points', { prizes: '999.5\n0.5' }, 'prizes', /whole number/],
    [
      'criteria that do not sum to 100',
      { prizes: '', criteria: 'Originality: 40\nCost: 40' },
      'criteria',
      /add up to 100/,
    ],
  ])(
    'refuses %s (400) with a message and writes nothing',
    async (_name, overrides, field, error) => {
      const sent = fields(overrides);
      const { run } = await create(sent);
      const result = await expectRefused(db(), run, 400, { sent, fields: [field] });
      expect(result.body.fieldErrors[field][0]).toMatch(error);
    },
  );

  it('stores the split and shows it back on the edit form', async () => {
    const sent = fields({ prizes: '600 | A prototype meeting\n400\n0 | A year of coffee' });
    const { run, brand } = await create(sent);
    await expectAccepted(db(), run, { events: ['challenge.created'] });
    const [stored] = await db().select().from(challenges).where(eq(challenges.brandId, brand.id));
    expect(stored!.prizes).toEqual([
      { points: 600, item: 'A prototype meeting' },
      { points: 400, item: '' },
      { points: 0, item: 'A year of coffee' },
    ]);
  });
});

describe('following from the challenge page', () => {
  it('follows and unfollows without JavaScript, and asks a visitor to sign in', async () => {
    const owner = await makeUser(db());
    const fan = await makeUser(db());
    const challenge = await makeChallenge(db(), owner, { stage: 'open' });
    await expectRefused(db(), () => onPage(null, challenge.slug, { intent: 'follow' }), 401);
    await expectAccepted(db(), () => onPage(fan, challenge.slug, { intent: 'follow' }), {
      events: ['challenge.followed'],
    });
    const page = await callLoader(challengePage, {
      params: { slug: challenge.slug },
      request: getRequest(`/challenges/${challenge.slug}`),
      context: makeContext(db(), fan),
    });
    expect(page.body.following).toBe(true);
    await expectAccepted(db(), () => onPage(fan, challenge.slug, { intent: 'unfollow' }), {
      events: ['challenge.unfollowed'],
    });
    await expectRefused(db(), () => onPage(fan, challenge.slug, { intent: '<script>' }), 400);
  });

  it('refuses a bare move to awarded: winners come from the award form', async () => {
    const { owner, challenge } = await reviewSetup();
    await expectRefused(db(), () => onPage(owner, challenge.slug, { to: 'awarded' }), 409, {
      error: /award form/,
    });
  });
});

describe('the judging page', () => {
  it('is for the brand’s members only (403), and lists the ideas for them', async () => {
    const { owner, challenge, idea } = await reviewSetup();
    const stranger = await makeUser(db());
    const refused = await callLoader(reviewPage, {
      params: { slug: challenge.slug },
      request: getRequest(`/challenges/${challenge.slug}/review`),
      context: makeContext(db(), stranger),
    });
    expect(refused.status).toBe(403);
    const page = await callLoader(reviewPage, {
      params: { slug: challenge.slug },
      request: getRequest(`/challenges/${challenge.slug}/review`),
      context: makeContext(db(), owner),
    });
    expect(page.body.board.ideas.map((i: { id: number }) => i.id)).toContain(idea.id);
  });

  it('saves and submits a scorecard', async () => {
    const { owner, challenge, idea } = await reviewSetup();
    const score = { ideaId: String(idea.id), score: ['4', '2'] };
    const saved = await expectAccepted(
      db(),
      () => review(owner, challenge.slug, { intent: 'save', ...score }),
      {
        events: [],
      },
    );
    expect(saved.added).toEqual({ scorecards: 1 });
    await expectAccepted(
      db(),
      () => review(owner, challenge.slug, { intent: 'submit', ...score }),
      {
        events: ['scorecard.submitted'],
      },
    );
  });

  it.each([
    ['a score above 5', { score: ['6', '3'] }, 400, /1 to 5/],
    ['a score below 1', { score: ['0', '3'] }, 400, /1 to 5/],
    ['a fractional score', { score: ['2.5', '3'] }, 400, /1 to 5/],
    ['a script tag', { score: ['<script>alert(1)</script>', '3'] }, 400, /1 to 5/],
    ['too few scores', { score: '3' }, 400, /exactly 2 scores/],
    ['no scores', {}, 400, /score/],
    ['a bad idea id', { ideaId: 'abc', score: ['3', '3'] }, 400, /./],
  ])('refuses %s with a message and writes nothing', async (_name, overrides, status, error) => {
    const { owner, challenge, idea } = await reviewSetup();
    const sent = { intent: 'submit', ideaId: String(idea.id), ...overrides };
    const result = await expectRefused(db(), () => review(owner, challenge.slug, sent), status, {
      sent,
    });
    expect(JSON.stringify(result.body)).toMatch(error);
  });

  it('refuses a non-member (403), an idea of another challenge, and scoring outside review', async () => {
    const { owner, challenge, idea } = await reviewSetup();
    const other = await reviewSetup();
    const stranger = await makeUser(db());
    const sent = { intent: 'submit', ideaId: String(idea.id), score: ['3', '3'] };
    await expectRefused(db(), () => review(stranger, challenge.slug, sent), 403, {
      error: /Only members/,
    });
    await expectRefused(
      db(),
      () => review(owner, challenge.slug, { ...sent, ideaId: String(other.idea.id) }),
      400,
      { error: /not one of this challenge/ },
    );
    await db().update(challenges).set({ stage: 'voting' }).where(eq(challenges.id, challenge.id));
    await expectRefused(db(), () => review(owner, challenge.slug, sent), 409, {
      error: /in review/,
    });
  });

  it('shortlists, then awards once (a second award is 409)', async () => {
    const { owner, manager, challenge, idea, second, author } = await reviewSetup();
    await expectAccepted(
      db(),
      () => review(manager, challenge.slug, { intent: 'shortlist', ideaId: String(idea.id) }),
      { events: ['idea.shortlisted'] },
    );
    await shortlistIdea(db(), { actor: owner, ideaId: second.id });
    await expectRefused(db(), () => review(owner, challenge.slug, { intent: 'award' }), 400, {
      fields: ['rank1'],
    });
    await expectRefused(
      db(),
      () => review(owner, challenge.slug, { intent: 'award', rank1: '2000000000' }),
      400,
    );
    const { events } = await expectAccepted(
      db(),
      () => review(owner, challenge.slug, { intent: 'award', rank1: String(idea.id) }),
      { events: ['reward.granted', 'challenge.stage_changed'], location: /#winners$/ },
    );
    expect(events[0]!.subjectUserId).toBe(author.id);
    await expectRefused(
      db(),
      () => review(manager, challenge.slug, { intent: 'award', rank1: String(second.id) }),
      409,
      { error: /already been awarded/ },
    );
  });
});

describe('reward decisions on the challenge page', () => {
  it('needs a note, refuses non-members, and decides once', async () => {
    const { owner, challenge, idea } = await reviewSetup();
    await shortlistIdea(db(), { actor: owner, ideaId: idea.id });
    await awardChallenge(db(), {
      actor: owner,
      challengeId: challenge.id,
      winners: [{ rank: 1, ideaId: idea.id }],
    });
    const [reward] = await db().select().from(rewards).where(eq(rewards.challengeId, challenge.id));
    const stranger = await makeUser(db());
    const sent = {
      intent: 'fulfil',
      rewardId: String(reward!.id),
      note: 'Prototype meeting held 12 March',
    };
    await expectRefused(db(), () => onPage(stranger, challenge.slug, sent), 403);
    await expectRefused(db(), () => onPage(owner, challenge.slug, { ...sent, note: '' }), 400, {
      fields: ['note'],
    });
    await expectRefused(
      db(),
      () => onPage(owner, challenge.slug, { ...sent, note: 'x'.repeat(501) }),
      400,
      { fields: ['note'] },
    );
    await expectAccepted(db(), () => onPage(owner, challenge.slug, sent), {
      events: ['reward.fulfilled'],
    });
    await expectRefused(
      db(),
      () => onPage(owner, challenge.slug, { ...sent, intent: 'revoke' }),
      409,
      {
        error: /final/,
      },
    );
    const page = await callLoader(challengePage, {
      params: { slug: challenge.slug },
      request: getRequest(`/challenges/${challenge.slug}`),
      context: makeContext(db(), null),
    });
    expect(page.body.winners).toMatchObject([
      {
        rank: 1,
        ideaId: idea.id,
        points: 500,
        status: 'fulfilled',
        note: 'Prototype meeting held 12 March',
      },
    ]);
  });
});
