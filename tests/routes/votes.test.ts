// Voting on an idea through the idea page's action (intent=vote).
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as ideaPage from '#app/routes/ideas.$id._index/route';
import { castVote } from '#app/domain/votes/commands.server';
import { challenges, ideas, votes, type ChallengeStage } from '../../db/schema';
import {
  callAction,
  callLoader,
  formRequest,
  makeContext,
  type TestViewer,
} from '../support/context';
import { makeChallenge, makeIdea, makeUser } from '../support/factories';
import { canOppose } from '../support/reputation';
import { expectAccepted, expectRefused } from '../support/route-assertions';
import { useTestDatabase } from '../support/db';
import { hearsAbout } from '../support/notification-preferences';

const db = useTestDatabase();

async function ideaIn(stage: ChallengeStage = 'open') {
  const owner = await makeUser(db());
  const author = await makeUser(db());
  const challenge = await makeChallenge(db(), owner, { stage: 'open' });
  const idea = await makeIdea(db(), author, challenge.id);
  if (stage !== 'open')
    await db().update(challenges).set({ stage }).where(eq(challenges.id, challenge.id));
  return { owner, author, challenge, idea };
}

const vote = (
  viewer: TestViewer | null,
  id: string | number,
  fields: Record<string, string>,
  options?: { rateLimits?: boolean },
) =>
  callAction(ideaPage, {
    params: { id: String(id) },
    request: formRequest(`/ideas/${id}`, { intent: 'vote', ...fields }),
    context: makeContext(db(), viewer, options),
  });

describe('ideas.$id._index vote', () => {
  it('asks a signed-out visitor to sign in to vote (401)', async () => {
    const { idea } = await ideaIn();
    await expectRefused(db(), () => vote(null, idea.id, { value: '1' }), 401, {
      sent: { intent: 'vote', value: '1' },
      error: 'Please sign in to vote.',
    });
  });

  it.each([
    ['"2"', { value: '2' }],
    ['"abc"', { value: 'abc' }],
    ['"+1"', { value: '+1' }],
    ['an empty value', { value: '' }],
    ['a missing value', {}],
  ])('refuses the value %s (400)', async (_label, fields: Record<string, string>) => {
    const { idea } = await ideaIn();
    const voter = await makeUser(db());
    const result = await expectRefused(db(), () => vote(voter, idea.id, fields), 400, {
      sent: { intent: 'vote', ...fields },
      fields: ['value'],
    });
    expect(result.body.fieldErrors.value).toEqual([
      'A vote is 1 (support), -1 (oppose) or 0 (withdraw).',
    ]);
  });

  it('refuses a vote on one’s own idea (403)', async () => {
    const { author, idea } = await ideaIn();
    await expectRefused(db(), () => vote(author, idea.id, { value: '1' }), 403, {
      error: 'You cannot vote on your own idea.',
    });
  });

  it('refuses the same vote twice (409) and withdrawing a vote never cast (409)', async () => {
    const { idea } = await ideaIn();
    const voter = await makeUser(db());
    await castVote(db(), { actor: voter, ideaId: idea.id, value: 1 });
    await expectRefused(db(), () => vote(voter, idea.id, { value: '1' }), 409, {
      error: 'You already support this idea.',
    });
    const other = await makeUser(db());
    await expectRefused(db(), () => vote(other, idea.id, { value: '0' }), 409, {
      error: 'You have not voted on this idea.',
    });
  });

  it.each(['review', 'awarded', 'archived'] as ChallengeStage[])(
    'refuses votes once the challenge is in %s (409)',
    async (stage) => {
      const { idea } = await ideaIn(stage);
      const voter = await makeUser(db());
      await expectRefused(db(), () => vote(voter, idea.id, { value: '1' }), 409, {
        sent: { intent: 'vote', value: '1' },
        error: 'Voting is closed for this challenge.',
      });
    },
  );

  it('answers 404 for an idea that does not exist, a draft’s idea and a withdrawn idea', async () => {
    const voter = await makeUser(db());
    await expectRefused(db(), () => vote(voter, 999999, { value: '1' }), 404, {
      sent: { intent: 'vote', value: '1' },
      error: 'That idea was not found.',
    });
    const { idea: draftIdea } = await ideaIn('draft');
    await expectRefused(db(), () => vote(voter, draftIdea.id, { value: '1' }), 404);
    const { author, idea } = await ideaIn();
    await db().update(ideas).set({ status: 'withdrawn' }).where(eq(ideas.id, idea.id));
    expect(author.id).not.toBe(voter.id);
    await expectRefused(db(), () => vote(voter, idea.id, { value: '1' }), 404);
  });

  it.each(['abc', '0', '-1', '1.5', '2147483648', ''])(
    'answers 404 for the idea id %j before reading the form',
    async (id) => {
      const voter = await makeUser(db());
      const result = await expectRefused(db(), () => vote(voter, id, { value: '1' }), 404, {
        error: 'That idea was not found.',
      });
      expect(result.thrown).toBe(true);
    },
  );

  it('rate-limits votes per account when limits are on (429 with Retry-After)', async () => {
    // Votes refused because voting is closed still spend the allowance (malformed ones do not), so this writes nothing.
    const { idea } = await ideaIn('review');
    const voter = await makeUser(db());
    const context = makeContext(db(), voter, { rateLimits: true });
    const send = (value: string) =>
      callAction(ideaPage, {
        params: { id: String(idea.id) },
        request: formRequest(`/ideas/${idea.id}`, { intent: 'vote', value }),
        context,
      });
    for (let i = 0; i < 120; i++) expect((await send('1')).status).toBe(409);
    const result = await expectRefused(db(), () => send('1'), 429, {
      sent: { intent: 'vote', value: '1' },
      error: /Too many attempts/,
    });
    expect(Number(result.headers.get('Retry-After'))).toBeGreaterThan(0);
  });

  it('counts a support vote (200 with the new counts, one row, one event), then changes and withdraws it', async () => {
    const { idea, author } = await ideaIn('voting');
    // Votes are off by default (decision 019): this author asked to hear of them.
    await hearsAbout(db(), author.id, ['votes']);
    const voter = await makeUser(db());
    await canOppose(db(), voter.id);
    const cast = await expectAccepted(db(), () => vote(voter, idea.id, { value: '1' }), {
      status: 200,
      events: ['vote.cast'],
    });
    expect(cast.result.body).toEqual({
      ok: true,
      vote: { ideaId: idea.id, value: 1, supportCount: 1, opposeCount: 0 },
    });
    // The idea's author is told about the support, and gets their first ledger entry (+10) with
    // its totals (person, brand, challenge, day).
    expect(cast.added).toEqual({
      votes: 1,
      events: 1,
      notifications: 1,
      point_entries: 1,
      reputation_totals: 1,
      reputation_brand_totals: 1,
      reputation_challenge_totals: 1,
      reputation_daily: 1,
    });
    const changed = await expectAccepted(db(), () => vote(voter, idea.id, { value: '-1' }), {
      status: 200,
      events: ['vote.changed'],
    });
    expect(changed.result.body.vote).toMatchObject({ value: -1, supportCount: 0, opposeCount: 1 });
    const withdrawn = await expectAccepted(db(), () => vote(voter, idea.id, { value: '0' }), {
      status: 200,
      events: ['vote.withdrawn'],
    });
    // The oppose's two entries (author −2, voter −1) are taken back by two more.
    expect(withdrawn.added).toEqual({ votes: -1, events: 1, point_entries: 2 });
    expect(
      await db()
        .select()
        .from(votes)
        .where(and(eq(votes.ideaId, idea.id), eq(votes.userId, voter.id))),
    ).toEqual([]);
  });

  it('loader: 404 for a malformed or unknown id, and a withdrawn idea for strangers', async () => {
    const load = (id: string, viewer: TestViewer | null = null) =>
      callLoader(ideaPage, { params: { id }, context: makeContext(db(), viewer) });
    expect(await load('abc')).toMatchObject({
      status: 404,
      thrown: true,
      body: { message: 'That idea was not found.' },
    });
    expect(await load('999999')).toMatchObject({
      status: 404,
      thrown: true,
      body: { message: 'That idea was not found.' },
    });
    const { author, idea } = await ideaIn();
    await db().update(ideas).set({ status: 'withdrawn' }).where(eq(ideas.id, idea.id));
    expect(await load(String(idea.id))).toMatchObject({
      status: 404,
      body: { message: 'That idea was withdrawn by its author.' },
    });
    expect((await load(String(idea.id), author)).status).toBe(200);
  });
});
