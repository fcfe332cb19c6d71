// Creating, editing and moving challenges through their stages, through the route actions.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as challengePage from '#app/routes/challenges.$slug._index/route';
import * as editChallenge from '#app/routes/challenges.$slug.edit';
import * as newChallenge from '#app/routes/brands.$slug.challenges.new';
import { addManager } from '#app/domain/brands/commands.server';
import { challenges, type ChallengeStage } from '../../db/schema';
import {
  callAction,
  callLoader,
  formRequest,
  getRequest,
  makeContext,
  type TestViewer,
} from '../support/context';
import { makeBrand, makeChallenge, makeIdea, makeUser } from '../support/factories';
import { expectAccepted, expectRefused, repeat, unique } from '../support/route-assertions';
import { useTestDatabase } from '../support/db';

const db = useTestDatabase();

const BRIEF = 'How might we cut packaging waste in our stores by half?';
const challengeFields = (overrides: Record<string, string> = {}) => ({
  title: unique('Less packaging '),
  brief: BRIEF,
  tags: 'packaging, eco',
  language: 'en',
  rewardPoints: '500',
  rewardDescription: 'A visit to our lab.',
  criteria: 'Originality: 40\nFeasibility: 60',
  maxIdeasPerUser: '3',
  opensAt: '',
  votingAt: '',
  reviewAt: '',
  awardedAt: '',
  ...overrides,
});

async function brandWithOwner() {
  const owner = await makeUser(db());
  const brand = await makeBrand(db(), owner);
  return { owner, brand };
}

describe('brands.$slug.challenges.new action', () => {
  const create = (viewer: TestViewer | null, slug: string, fields: Record<string, string>) =>
    callAction(newChallenge, {
      params: { slug },
      request: formRequest(`/brands/${slug}/challenges/new`, fields),
      context: makeContext(db(), viewer),
    });

  it('asks a signed-out visitor to sign in (401)', async () => {
    const { brand } = await brandWithOwner();
    const sent = challengeFields();
    await expectRefused(db(), () => create(null, brand.slug, sent), 401, { sent });
  });

  it('refuses someone who is not a member of the brand (403) and creates no challenge', async () => {
    const { brand } = await brandWithOwner();
    const stranger = await makeUser(db());
    const sent = challengeFields();
    await expectRefused(db(), () => create(stranger, brand.slug, sent), 403, {
      sent,
      error: 'Only members of this brand can create its challenges.',
    });
    expect(await db().select().from(challenges).where(eq(challenges.brandId, brand.id))).toEqual(
      [],
    );
  });

  it('refuses a member of another brand (403)', async () => {
    const { brand } = await brandWithOwner();
    const other = await brandWithOwner();
    const sent = challengeFields();
    await expectRefused(db(), () => create(other.owner, brand.slug, sent), 403, { sent });
  });

  it('says when the brand does not exist (404)', async () => {
    const { owner } = await brandWithOwner();
    const sent = challengeFields();
    await expectRefused(db(), () => create(owner, 'no-such-brand', sent), 404, {
      sent,
      error: 'That brand was not found.',
    });
  });

  it.each([
    ['a missing title', { title: '' }, 'title', 'Titles are 5–120 characters.'],
    [
      'a title of 121 characters',
      { title: repeat(121, 't') },
      'title',
      'Titles are 5–120 characters.',
    ],
    [
      'a brief under 20 characters',
      { brief: 'Too short a brief.' },
      'brief',
      'Briefs are 20–20,000 characters.',
    ],
    [
      'a brief over 20,000 characters',
      { brief: repeat(20_001) },
      'brief',
      'Briefs are 20–20,000 characters.',
    ],
    [
      'a negative reward',
      { rewardPoints: '-5' },
      'rewardPoints',
      'The reward pool cannot be negative.',
    ],
    [
      'a reward that is not a number',
      { rewardPoints: 'abc' },
      'rewardPoints',
      'The reward pool is a number of points.',
    ],
    [
      'a reward of 1e9',
      { rewardPoints: '1e9' },
      'rewardPoints',
      'The reward pool is at most 1,000,000 points.',
    ],
    [
      'a fractional reward',
      { rewardPoints: '10.5' },
      'rewardPoints',
      'The reward pool is a whole number of points.',
    ],
    [
      '0 ideas per person',
      { maxIdeasPerUser: '0' },
      'maxIdeasPerUser',
      'Allow 1–50 ideas per person.',
    ],
    [
      '51 ideas per person',
      { maxIdeasPerUser: '51' },
      'maxIdeasPerUser',
      'Allow 1–50 ideas per person.',
    ],
    [
      'dates out of order',
      { opensAt: '2030-05-01', votingAt: '2030-04-01' },
      'votingAt',
      'Stage dates must be in order: opening, voting, review, award.',
    ],
    [
      'a malformed date',
      { opensAt: '01/05/2030' },
      'opensAt',
      'Opening date: use a date like 2026-12-31.',
    ],
    [
      'an impossible date',
      { reviewAt: '2030-13-45' },
      'reviewAt',
      'Review date is not a real date.',
    ],
    [
      'a criterion without weight',
      { criteria: 'Originality' },
      'criteria',
      /Name: weight.*"Originality"/,
    ],
    ['a criterion weighing 0', { criteria: 'Originality: 0' }, 'criteria', /weight from 1 to 100/],
    [
      'more than 8 criteria',
      { criteria: Array.from({ length: 9 }, (_, i) => `Criterion ${i}: 10`).join('\n') },
      'criteria',
      'Use at most 8 judging criteria.',
    ],
    [
      'more than 8 tags',
      { tags: 'a1, b2, c3, d4, e5, f6, g7, h8, i9' },
      'tags',
      'Use at most 8 tags.',
    ],
    ['a tag with markup', { tags: '<b>bold</b>' }, 'tags', /Tags are 2–30 letters/],
    ['an unknown language', { language: 'fr' }, 'language', 'Choose English, Spanish or Italian.'],
  ])('refuses %s (400)', async (_label, overrides: Record<string, string>, field, message) => {
    const { owner, brand } = await brandWithOwner();
    const sent = challengeFields(overrides);
    const result = await expectRefused(db(), () => create(owner, brand.slug, sent), 400, {
      sent,
      error: /correct/,
      fields: [field],
    });
    const messages = result.body.fieldErrors[field] as string[];
    if (typeof message === 'string') expect(messages).toContain(message);
    else
      expect(
        messages.some((m) => message.test(m)),
        messages.join(' / '),
      ).toBe(true);
  });

  it('saves a draft with one event and redirects to it', async () => {
    const { owner, brand } = await brandWithOwner();
    const sent = challengeFields({
      title: 'Less packaging, please',
      opensAt: '2030-01-01',
      votingAt: '2030-02-01',
    });
    const { result, added, events } = await expectAccepted(
      db(),
      () => create(owner, brand.slug, sent),
      {
        location: /^\/challenges\/less-packaging-please/,
        events: ['challenge.created'],
      },
    );
    expect(added).toEqual({ challenges: 1, events: 1 });
    const [row] = await db()
      .select()
      .from(challenges)
      .where(eq(challenges.id, events[0]!.challengeId!));
    expect(row).toMatchObject({
      brandId: brand.id,
      stage: 'draft',
      title: 'Less packaging, please',
      tags: ['packaging', 'eco'],
      rewardPoints: 500,
      maxIdeasPerUser: 3,
      criteria: [
        { name: 'Originality', weight: 40 },
        { name: 'Feasibility', weight: 60 },
      ],
    });
    expect(result.headers.get('Location')).toBe(`/challenges/${row!.slug}`);
  });

  it('lets a manager (not only the owner) create one', async () => {
    const { owner, brand } = await brandWithOwner();
    const manager = await makeUser(db());
    await addManager(db(), { actor: owner, brandId: brand.id, handle: manager.handle });
    await expectAccepted(db(), () => create(manager, brand.slug, challengeFields()), {
      events: ['challenge.created'],
    });
  });
});

describe('challenges.$slug.edit', () => {
  const edit = (viewer: TestViewer | null, slug: string, fields: Record<string, string>) =>
    callAction(editChallenge, {
      params: { slug },
      request: formRequest(`/challenges/${slug}/edit`, fields),
      context: makeContext(db(), viewer),
    });

  it('refuses a member of another brand (403) on a public challenge', async () => {
    const { owner, brand } = await brandWithOwner();
    const challenge = await makeChallenge(db(), owner, { brandId: brand.id, stage: 'open' });
    const other = await brandWithOwner();
    const sent = challengeFields();
    await expectRefused(db(), () => edit(other.owner, challenge.slug, sent), 403, {
      sent,
      error: 'Only members of this brand can edit its challenges.',
    });
  });

  it('hides a draft from a member of another brand (404)', async () => {
    const { owner } = await brandWithOwner();
    const draft = await makeChallenge(db(), owner);
    const other = await brandWithOwner();
    const sent = challengeFields();
    await expectRefused(db(), () => edit(other.owner, draft.slug, sent), 404, {
      sent,
      error: 'That challenge was not found.',
    });
  });

  it('asks a signed-out visitor to sign in (401)', async () => {
    const { owner } = await brandWithOwner();
    const challenge = await makeChallenge(db(), owner, { stage: 'open' });
    await expectRefused(db(), () => edit(null, challenge.slug, challengeFields()), 401);
  });

  it('validates like creation (400)', async () => {
    const { owner } = await brandWithOwner();
    const challenge = await makeChallenge(db(), owner);
    const sent = challengeFields({ title: repeat(121), rewardPoints: '-5' });
    await expectRefused(db(), () => edit(owner, challenge.slug, sent), 400, {
      sent,
      fields: ['title', 'rewardPoints'],
    });
  });

  it('refuses to edit an archived challenge (400)', async () => {
    const { owner } = await brandWithOwner();
    const challenge = await makeChallenge(db(), owner, { stage: 'archived' });
    await expectRefused(db(), () => edit(owner, challenge.slug, challengeFields()), 400, {
      error: /Archived/,
    });
  });

  it('saves an edit by a member with one event and redirects', async () => {
    const { owner } = await brandWithOwner();
    const challenge = await makeChallenge(db(), owner);
    const { added } = await expectAccepted(
      db(),
      () => edit(owner, challenge.slug, challengeFields({ title: 'A better title' })),
      {
        location: new RegExp(`^/challenges/${challenge.slug}$`),
        events: ['challenge.updated'],
      },
    );
    expect(added).toEqual({ events: 1 });
    const [row] = await db().select().from(challenges).where(eq(challenges.id, challenge.id));
    expect(row!.title).toBe('A better title');
    expect(row!.slug).toBe(challenge.slug);
  });

  it('loader: a draft is not found (404) for a stranger, forbidden (403) on a public one, and signs out visitors in', async () => {
    const { owner } = await brandWithOwner();
    const draft = await makeChallenge(db(), owner);
    const open = await makeChallenge(db(), owner, { stage: 'open' });
    const stranger = await makeUser(db());
    const load = (viewer: TestViewer | null, slug: string) =>
      callLoader(editChallenge, {
        params: { slug },
        request: getRequest(`/challenges/${slug}/edit`),
        context: makeContext(db(), viewer),
      });
    expect(await load(stranger, draft.slug)).toMatchObject({
      status: 404,
      thrown: true,
      body: { message: 'That challenge was not found.' },
    });
    expect(await load(stranger, open.slug)).toMatchObject({
      status: 403,
      thrown: true,
      body: { message: 'Only members of this brand can edit its challenges.' },
    });
    const signedOut = await load(null, draft.slug);
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get('Location')).toBe(
      `/signin?redirectTo=${encodeURIComponent(`/challenges/${draft.slug}/edit`)}`,
    );
    const mine = await load(owner, draft.slug);
    expect(mine.status).toBe(200);
    expect(mine.body.values).toMatchObject({ title: draft.title, maxIdeasPerUser: '3' });
  });
});

describe('challenges.$slug._index stage changes', () => {
  const move = (viewer: TestViewer | null, slug: string, to: string) =>
    callAction(challengePage, {
      params: { slug },
      request: formRequest(`/challenges/${slug}`, { to }),
      context: makeContext(db(), viewer),
    });
  const stageOf = async (id: number) =>
    (
      await db().select({ stage: challenges.stage }).from(challenges).where(eq(challenges.id, id))
    )[0]!.stage;

  it('asks a signed-out visitor to sign in (401)', async () => {
    const { owner } = await brandWithOwner();
    const challenge = await makeChallenge(db(), owner, { stage: 'open' });
    await expectRefused(db(), () => move(null, challenge.slug, 'voting'), 401, {
      sent: { to: 'voting' },
      error: 'Please sign in to do that.',
    });
  });

  it('refuses a stranger (403) on a public challenge, and hides a draft from them (404)', async () => {
    const { owner } = await brandWithOwner();
    const open = await makeChallenge(db(), owner, { stage: 'open' });
    const draft = await makeChallenge(db(), owner);
    const stranger = await makeUser(db());
    await expectRefused(db(), () => move(stranger, open.slug, 'voting'), 403, {
      sent: { to: 'voting' },
      error: /Only members of this brand or moderators/,
    });
    await expectRefused(db(), () => move(stranger, draft.slug, 'open'), 404, {
      sent: { to: 'open' },
    });
  });

  it.each([
    ['draft', 'voting'],
    ['draft', 'archived'],
    ['open', 'open'],
    ['voting', 'open'],
    ['archived', 'open'],
  ] as [ChallengeStage, string][])('refuses the illegal move %s → %s (409)', async (from, to) => {
    const { owner } = await brandWithOwner();
    const challenge = await makeChallenge(db(), owner, { stage: from });
    await expectRefused(db(), () => move(owner, challenge.slug, to), 409, {
      sent: { to },
      error: from === 'archived' ? /stay archived/ : /can only move to/,
    });
    expect(await stageOf(challenge.id)).toBe(from);
  });

  it.each(['banana', '', 'draft'])('refuses the stage %j (400)', async (to) => {
    const { owner } = await brandWithOwner();
    const challenge = await makeChallenge(db(), owner);
    const result = await expectRefused(db(), () => move(owner, challenge.slug, to), 400, {
      sent: { to },
      fields: ['to'],
    });
    expect(result.body.fieldErrors.to).toEqual(['Choose a stage to move to.']);
  });

  it('moves a draft to open for its owner, with one event', async () => {
    const { owner } = await brandWithOwner();
    const challenge = await makeChallenge(db(), owner);
    const { events, added } = await expectAccepted(
      db(),
      () => move(owner, challenge.slug, 'open'),
      {
        location: new RegExp(`^/challenges/${challenge.slug}$`),
        events: ['challenge.stage_changed'],
      },
    );
    // The event and its audit entry (stage moves are brand administration).
    expect(added).toEqual({ events: 1, audit_log: 1 });
    expect(events[0]!.payload).toEqual({ from: 'draft', to: 'open' });
    expect(await stageOf(challenge.id)).toBe('open');
  });

  it('lets a moderator move any challenge', async () => {
    const { owner } = await brandWithOwner();
    const challenge = await makeChallenge(db(), owner, { stage: 'open' });
    const moderator = await makeUser(db(), { role: 'moderator' });
    await expectAccepted(db(), () => move(moderator, challenge.slug, 'voting'), {
      events: ['challenge.stage_changed'],
    });
  });

  it('loader: an unknown challenge or a draft seen by a stranger is 404', async () => {
    const { owner } = await brandWithOwner();
    const draft = await makeChallenge(db(), owner);
    const stranger = await makeUser(db());
    const load = (viewer: TestViewer | null, slug: string) =>
      callLoader(challengePage, {
        params: { slug },
        request: getRequest(`/challenges/${slug}`),
        context: makeContext(db(), viewer),
      });
    expect(await load(stranger, draft.slug)).toMatchObject({
      status: 404,
      body: { message: 'That challenge was not found.' },
    });
    expect(await load(null, 'no-such-challenge')).toMatchObject({ status: 404 });
    expect((await load(owner, draft.slug)).status).toBe(200);
  });
});

describe('challenges.$slug._index loader can flags', () => {
  const load = async (viewer: TestViewer | null, slug: string) =>
    (
      await callLoader(challengePage, {
        params: { slug },
        request: getRequest(`/challenges/${slug}`),
        context: makeContext(db(), viewer),
      })
    ).body;

  it('lets the brand manage and move the challenge, and others submit until their limit', async () => {
    const { owner } = await brandWithOwner();
    const challenge = await makeChallenge(db(), owner, { stage: 'open', maxIdeasPerUser: 1 });
    const author = await makeUser(db());
    expect(await load(owner, challenge.slug)).toMatchObject({
      can: { submit: true, manage: true, edit: true, move: true },
      next: 'voting',
    });
    expect(await load(author, challenge.slug)).toMatchObject({
      can: { submit: true, manage: false, edit: false, move: false },
      limitReached: false,
    });
    await makeIdea(db(), author, challenge.id);
    expect(await load(author, challenge.slug)).toMatchObject({
      can: { submit: false },
      limitReached: true,
      myIdeaCount: 1,
    });
  });

  it('stops submissions after the open stage and edits once archived', async () => {
    const { owner } = await brandWithOwner();
    const voting = await makeChallenge(db(), owner, { stage: 'voting' });
    expect(await load(owner, voting.slug)).toMatchObject({
      can: { submit: false, edit: true, move: true },
      accepting: false,
      limitReached: false,
    });
    const archived = await makeChallenge(db(), owner, { stage: 'archived' });
    expect(await load(owner, archived.slug)).toMatchObject({
      can: { submit: false, manage: true, edit: false, move: false },
      next: null,
    });
  });
});
