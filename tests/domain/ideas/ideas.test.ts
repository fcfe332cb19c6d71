import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { challenges, ideas, votes, type IdeaStatus } from '../../../db/schema';
import { addManager } from '#app/domain/brands/commands.server';
import { addComment } from '#app/domain/comments/commands.server';
import { editIdea, submitIdea, withdrawIdea } from '#app/domain/ideas/commands.server';
import { getIdea, listIdeas, trendingIdeas } from '#app/domain/ideas/queries.server';
import { rebuildReadModels } from '#app/domain/ideas/read-model.server';
import { ideaSchema } from '#app/domain/ideas/schema';
import { renderMarkdown } from '#app/domain/markdown/render.server';
import { CHECK_VIOLATION } from '#app/domain/core/pg-errors.server';
import { castVote } from '#app/domain/votes/commands.server';
import { useTestDatabase } from '../../support/db';
import {
  makeChallenge,
  makeIdea,
  makeUser,
  type TestUser,
  setIdeaStatus,
} from '../../support/factories';
import { canOppose } from '../../support/reputation';
import {
  expectOneEvent,
  expectRefused,
  fieldErrors,
  repeat,
  sqlStateOfRefused,
  unique,
} from '../../support/assertions';

const db = useTestDatabase();

const BODY = 'Put refill stations next to the checkout.';
const input = (overrides: Record<string, unknown> = {}) =>
  ideaSchema.parse({ title: `Refill ${unique('i')}`, body: BODY, ...overrides });

async function setStatus(ideaId: number, status: IdeaStatus) {
  await setIdeaStatus(db(), ideaId, status);
}
async function setStage(
  challengeId: number,
  stage: 'draft' | 'open' | 'voting' | 'review' | 'awarded' | 'archived',
) {
  await db().update(challenges).set({ stage }).where(eq(challenges.id, challengeId));
}
/** An open challenge, its owner and an author with an idea in it. */
async function openChallengeWithIdea(options: { maxIdeasPerUser?: number } = {}) {
  const owner = await makeUser(db());
  const author = await makeUser(db());
  const challenge = await makeChallenge(db(), owner, {
    stage: 'open',
    maxIdeasPerUser: options.maxIdeasPerUser ?? 10,
  });
  const idea = await makeIdea(db(), author, challenge.id);
  return { owner, author, challenge, idea };
}

describe('ideaSchema', () => {
  it('parses a title, a body, tags and an optional idea to build on', () => {
    expect(
      ideaSchema.parse({
        title: '  Refill stations ',
        body: ` ${BODY} `,
        tags: 'Eco, Reuse',
        buildsOnId: '12',
      }),
    ).toEqual({
      title: 'Refill stations',
      body: BODY,
      tags: ['eco', 'reuse'],
      buildsOnId: 12,
    });
    expect(
      ideaSchema.parse({ title: 'Refill stations', body: BODY, buildsOnId: '' }).buildsOnId,
    ).toBeNull();
    expect(ideaSchema.parse({ title: 'Refill stations', body: BODY })).toMatchObject({
      tags: [],
      buildsOnId: null,
    });
  });

  it('asks for a title and a body', () => {
    expect(fieldErrors(ideaSchema, {})).toEqual({
      title: ['Give your idea a title.'],
      body: ['Describe your idea.'],
    });
  });

  it('refuses fields of the wrong type', () => {
    expect(
      Object.keys(
        fieldErrors(ideaSchema, { title: 5, body: ['x'], tags: 3, buildsOnId: 'abc' }),
      ).sort(),
    ).toEqual(['body', 'buildsOnId', 'tags', 'title']);
  });

  it('refuses titles outside 5–120 and bodies outside 20–10,000 characters', () => {
    expect(fieldErrors(ideaSchema, { title: 'abcd', body: BODY }).title).toEqual([
      'Titles are 5–120 characters.',
    ]);
    expect(fieldErrors(ideaSchema, { title: repeat(121), body: BODY }).title).toEqual([
      'Titles are 5–120 characters.',
    ]);
    expect(fieldErrors(ideaSchema, { title: 'Valid', body: `   ${repeat(19)}   ` }).body).toEqual([
      'Descriptions are 20–10,000 characters.',
    ]);
    expect(fieldErrors(ideaSchema, { title: 'Valid', body: repeat(10_001) }).body).toEqual([
      'Descriptions are 20–10,000 characters.',
    ]);
    expect(ideaSchema.parse({ title: repeat(120), body: repeat(10_000) }).body).toHaveLength(
      10_000,
    );
  });

  it('refuses an idea to build on that is not a positive whole number', () => {
    for (const buildsOnId of ['abc', '0', '-4', '1.5', '99999999999']) {
      expect(
        fieldErrors(ideaSchema, { title: 'Valid', body: BODY, buildsOnId }).buildsOnId,
        buildsOnId,
      ).toHaveLength(1);
    }
  });

  it('refuses bad tags', () => {
    expect(fieldErrors(ideaSchema, { title: 'Valid', body: BODY, tags: 'x' }).tags).toEqual([
      'Tags are 2–30 letters, digits or hyphens, separated by commas.',
    ]);
    expect(
      fieldErrors(ideaSchema, { title: 'Valid', body: BODY, tags: 'a1,b1,c1,d1,e1,f1,g1,h1,i1' })
        .tags,
    ).toEqual(['Use at most 8 tags.']);
  });

  it('keeps markup in a body as text, which renderMarkdown then shows inert', async () => {
    const body =
      'My idea <script>document.cookie</script> <iframe src="https://evil.example"></iframe>';
    expect(ideaSchema.parse({ title: 'Valid', body }).body).toBe(body);
    expect((await renderMarkdown(body)).html).not.toMatch(/<script|<iframe/i);
  });
});

describe('submitIdea', () => {
  it('publishes an idea to an open challenge and logs idea.created', async () => {
    const owner = await makeUser(db());
    const author = await makeUser(db());
    const challenge = await makeChallenge(db(), owner, { stage: 'open' });
    const data = input({ tags: 'eco' });
    const { result: idea, event } = await expectOneEvent(
      db(),
      () => submitIdea(db(), { actor: author, challengeId: challenge.id, idea: data }),
      'idea.created',
    );
    expect(idea).toMatchObject({
      challengeId: challenge.id,
      authorId: author.id,
      title: data.title,
      body: BODY,
      tags: ['eco'],
      status: 'published',
      supportCount: 0,
      opposeCount: 0,
      commentCount: 0,
      buildsOnId: null,
    });
    expect(event).toMatchObject({
      actorId: author.id,
      brandId: challenge.brandId,
      challengeId: challenge.id,
      ideaId: idea.id,
      subjectUserId: null,
      payload: { title: data.title, buildsOnId: null },
    });
    expect(event.createdAt).toEqual(idea.createdAt);
  });

  it('treats a draft challenge as not found', async () => {
    const owner = await makeUser(db());
    const author = await makeUser(db());
    const draft = await makeChallenge(db(), owner);
    await expectRefused(
      db(),
      () => submitIdea(db(), { actor: author, challengeId: draft.id, idea: input() }),
      'NotFound',
    );
    await expectRefused(
      db(),
      () => submitIdea(db(), { actor: author, challengeId: 2_000_000_000, idea: input() }),
      'NotFound',
    );
  });

  it('accepts ideas only while the challenge is open', async () => {
    const owner = await makeUser(db());
    const author = await makeUser(db());
    for (const stage of ['voting', 'review', 'awarded', 'archived'] as const) {
      const challenge = await makeChallenge(db(), owner, { stage });
      await expectRefused(
        db(),
        () => submitIdea(db(), { actor: author, challengeId: challenge.id, idea: input() }),
        'Conflict',
        'This challenge is not accepting ideas right now.',
      );
    }
  });

  it("enforces the challenge's limit of ideas per person, and withdrawing frees a place", async () => {
    const owner = await makeUser(db());
    const author = await makeUser(db());
    const other = await makeUser(db());
    const challenge = await makeChallenge(db(), owner, { stage: 'open', maxIdeasPerUser: 2 });
    const first = await submitIdea(db(), {
      actor: author,
      challengeId: challenge.id,
      idea: input(),
    });
    await submitIdea(db(), { actor: author, challengeId: challenge.id, idea: input() });
    await expectRefused(
      db(),
      () => submitIdea(db(), { actor: author, challengeId: challenge.id, idea: input() }),
      'Conflict',
      "You have reached this challenge's limit of 2 ideas per person.",
    );
    // Other people have their own allowance.
    await submitIdea(db(), { actor: other, challengeId: challenge.id, idea: input() });
    await withdrawIdea(db(), { actor: author, ideaId: first.id });
    await submitIdea(db(), { actor: author, challengeId: challenge.id, idea: input() });
  });

  it('says "1 idea" for a limit of one', async () => {
    const owner = await makeUser(db());
    const author = await makeUser(db());
    const challenge = await makeChallenge(db(), owner, { stage: 'open', maxIdeasPerUser: 1 });
    await submitIdea(db(), { actor: author, challengeId: challenge.id, idea: input() });
    await expectRefused(
      db(),
      () => submitIdea(db(), { actor: author, challengeId: challenge.id, idea: input() }),
      'Conflict',
      "You have reached this challenge's limit of 1 idea per person.",
    );
  });

  it('holds the limit when one person submits many ideas at once', async () => {
    const owner = await makeUser(db());
    const author = await makeUser(db());
    const challenge = await makeChallenge(db(), owner, { stage: 'open', maxIdeasPerUser: 2 });
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        submitIdea(db(), { actor: author, challengeId: challenge.id, idea: input() }),
      ),
    );
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(results.length - rejected.length).toBe(2);
    for (const r of rejected) expect(r.reason).toMatchObject({ kind: 'Conflict' });
    const rows = await db()
      .select()
      .from(ideas)
      .where(and(eq(ideas.challengeId, challenge.id), eq(ideas.authorId, author.id)));
    expect(rows).toHaveLength(2);
    const [{ n } = { n: 0 }] = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(sql`events`)
      .where(sql`type = 'idea.created' and challenge_id = ${challenge.id}`);
    expect(n).toBe(2);
  });

  it('lets many people submit to one challenge at once', async () => {
    const owner = await makeUser(db());
    const challenge = await makeChallenge(db(), owner, { stage: 'open', maxIdeasPerUser: 1 });
    const authors = await Promise.all(Array.from({ length: 8 }, () => makeUser(db())));
    const results = await Promise.allSettled(
      authors.map((a) => submitIdea(db(), { actor: a, challengeId: challenge.id, idea: input() })),
    );
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
  });

  it('builds on a public idea and credits its author in the event', async () => {
    const { author, challenge, idea: original } = await openChallengeWithIdea();
    const builder = await makeUser(db());
    const { result, event } = await expectOneEvent(
      db(),
      () =>
        submitIdea(db(), {
          actor: builder,
          challengeId: challenge.id,
          idea: input({ buildsOnId: String(original.id) }),
        }),
      'idea.created',
    );
    expect(result.buildsOnId).toBe(original.id);
    expect(event).toMatchObject({ subjectUserId: author.id, payload: { buildsOnId: original.id } });
  });

  it('refuses to build on an idea that is not public or does not exist', async () => {
    const { challenge, author } = await openChallengeWithIdea();
    const builder = await makeUser(db());
    for (const status of ['hidden', 'withdrawn', 'merged'] as const) {
      const target = await makeIdea(db(), author, challenge.id);
      await setStatus(target.id, status);
      const error = await expectRefused(
        db(),
        () =>
          submitIdea(db(), {
            actor: builder,
            challengeId: challenge.id,
            idea: input({ buildsOnId: String(target.id) }),
          }),
        'Invalid',
      );
      expect(error.fieldErrors).toEqual({ buildsOnId: ['Choose a published idea to build on.'] });
    }
    await expectRefused(
      db(),
      () =>
        submitIdea(db(), {
          actor: builder,
          challengeId: challenge.id,
          idea: input({ buildsOnId: '2000000000' }),
        }),
      'Invalid',
    );
  });

  it('refuses to build on an idea of a draft challenge', async () => {
    const { challenge, idea } = await openChallengeWithIdea();
    await setStage(challenge.id, 'draft');
    const owner = await makeUser(db());
    const builder = await makeUser(db());
    const other = await makeChallenge(db(), owner, { stage: 'open' });
    await expectRefused(
      db(),
      () =>
        submitIdea(db(), {
          actor: builder,
          challengeId: other.id,
          idea: input({ buildsOnId: String(idea.id) }),
        }),
      'Invalid',
    );
  });

  it('refuses to build on a public idea of another challenge', async () => {
    const { idea } = await openChallengeWithIdea();
    const owner = await makeUser(db());
    const builder = await makeUser(db());
    const other = await makeChallenge(db(), owner, { stage: 'open' });
    const error = await expectRefused(
      db(),
      () =>
        submitIdea(db(), {
          actor: builder,
          challengeId: other.id,
          idea: input({ buildsOnId: String(idea.id) }),
        }),
      'Invalid',
    );
    expect(error.fieldErrors).toEqual({
      buildsOnId: ['Choose an idea from this challenge to build on.'],
    });
  });
});

describe('editIdea', () => {
  it('lets the author edit while the challenge is open or voting, and logs idea.updated', async () => {
    const { author, challenge, idea } = await openChallengeWithIdea();
    const { result, event } = await expectOneEvent(
      db(),
      () =>
        editIdea(db(), {
          actor: author,
          ideaId: idea.id,
          idea: input({ title: 'Refill stations v2', tags: 'v2' }),
        }),
      'idea.updated',
    );
    expect(result).toMatchObject({
      title: 'Refill stations v2',
      tags: ['v2'],
      status: 'published',
    });
    expect(event).toMatchObject({
      actorId: author.id,
      ideaId: idea.id,
      challengeId: challenge.id,
      brandId: challenge.brandId,
      payload: { title: 'Refill stations v2' },
    });
    await setStage(challenge.id, 'voting');
    await expectOneEvent(
      db(),
      () =>
        editIdea(db(), {
          actor: author,
          ideaId: idea.id,
          idea: input({ title: 'Refill stations v3' }),
        }),
      'idea.updated',
    );
  });

  it('refuses everyone but the author, even the brand owner and moderators', async () => {
    const { owner, idea } = await openChallengeWithIdea();
    const stranger = await makeUser(db());
    const moderator = await makeUser(db(), { role: 'moderator' });
    for (const actor of [stranger, owner, moderator]) {
      await expectRefused(
        db(),
        () => editIdea(db(), { actor, ideaId: idea.id, idea: input() }),
        'Forbidden',
        'Only the author can change this idea.',
      );
    }
  });

  it('refuses edits once the challenge is in review or later', async () => {
    const { author, challenge, idea } = await openChallengeWithIdea();
    for (const stage of ['review', 'awarded', 'archived'] as const) {
      await setStage(challenge.id, stage);
      await expectRefused(
        db(),
        () => editIdea(db(), { actor: author, ideaId: idea.id, idea: input() }),
        'Conflict',
      );
    }
  });

  it('refuses edits to withdrawn, hidden or shortlisted ideas', async () => {
    const { author, idea } = await openChallengeWithIdea();
    for (const status of ['withdrawn', 'hidden', 'shortlisted'] as const) {
      await setStatus(idea.id, status);
      await expectRefused(
        db(),
        () => editIdea(db(), { actor: author, ideaId: idea.id, idea: input() }),
        'Conflict',
        `This idea is ${status} and can no longer be edited.`,
      );
    }
  });

  it('refuses to make an idea build on itself or on a hidden idea', async () => {
    const { author, challenge, idea } = await openChallengeWithIdea();
    const self = await expectRefused(
      db(),
      () =>
        editIdea(db(), {
          actor: author,
          ideaId: idea.id,
          idea: input({ buildsOnId: String(idea.id) }),
        }),
      'Invalid',
    );
    expect(self.fieldErrors).toEqual({ buildsOnId: ['An idea cannot build on itself.'] });
    const hidden = await makeIdea(db(), await makeUser(db()), challenge.id);
    await setStatus(hidden.id, 'hidden');
    await expectRefused(
      db(),
      () =>
        editIdea(db(), {
          actor: author,
          ideaId: idea.id,
          idea: input({ buildsOnId: String(hidden.id) }),
        }),
      'Invalid',
    );
  });

  it('lets the author add and remove a link to a public idea', async () => {
    const { author, challenge, idea } = await openChallengeWithIdea();
    const other = await makeIdea(db(), await makeUser(db()), challenge.id);
    expect(
      (
        await editIdea(db(), {
          actor: author,
          ideaId: idea.id,
          idea: input({ buildsOnId: String(other.id) }),
        })
      ).buildsOnId,
    ).toBe(other.id);
    expect(
      (await editIdea(db(), { actor: author, ideaId: idea.id, idea: input({ buildsOnId: '' }) }))
        .buildsOnId,
    ).toBeNull();
  });

  it('says NotFound for an unknown idea', async () => {
    const author = await makeUser(db());
    await expectRefused(
      db(),
      () => editIdea(db(), { actor: author, ideaId: 2_000_000_000, idea: input() }),
      'NotFound',
    );
  });
});

describe('withdrawIdea', () => {
  it('lets the author withdraw a published idea and logs idea.withdrawn', async () => {
    const { author, challenge, idea } = await openChallengeWithIdea();
    const { result, event } = await expectOneEvent(
      db(),
      () => withdrawIdea(db(), { actor: author, ideaId: idea.id }),
      'idea.withdrawn',
    );
    expect(result.status).toBe('withdrawn');
    expect(event).toMatchObject({
      actorId: author.id,
      ideaId: idea.id,
      challengeId: challenge.id,
      brandId: challenge.brandId,
    });
  });

  it('refuses everyone but the author', async () => {
    const { owner, idea } = await openChallengeWithIdea();
    const moderator = await makeUser(db(), { role: 'moderator' });
    await expectRefused(
      db(),
      () => withdrawIdea(db(), { actor: owner, ideaId: idea.id }),
      'Forbidden',
    );
    await expectRefused(
      db(),
      () => withdrawIdea(db(), { actor: moderator, ideaId: idea.id }),
      'Forbidden',
    );
  });

  it('refuses to withdraw twice, or to withdraw a shortlisted idea', async () => {
    const { author, challenge, idea } = await openChallengeWithIdea();
    await withdrawIdea(db(), { actor: author, ideaId: idea.id });
    await expectRefused(
      db(),
      () => withdrawIdea(db(), { actor: author, ideaId: idea.id }),
      'Conflict',
      'This idea is withdrawn and cannot be withdrawn.',
    );
    const shortlisted = await makeIdea(db(), author, challenge.id);
    await setStatus(shortlisted.id, 'shortlisted');
    await expectRefused(
      db(),
      () => withdrawIdea(db(), { actor: author, ideaId: shortlisted.id }),
      'Conflict',
    );
  });

  it('says NotFound for an unknown idea', async () => {
    const author = await makeUser(db());
    await expectRefused(
      db(),
      () => withdrawIdea(db(), { actor: author, ideaId: 2_000_000_000 }),
      'NotFound',
    );
  });
});

describe('getIdea', () => {
  it('shows a public idea to visitors with its author, challenge, brand and links', async () => {
    const { author, challenge, idea } = await openChallengeWithIdea();
    const builder = await makeUser(db());
    const child = await makeIdea(db(), builder, challenge.id, { buildsOnId: idea.id });
    const view = await getIdea(db(), null, idea.id);
    expect(view).toMatchObject({
      idea: { id: idea.id, title: idea.title },
      author: { handle: author.handle },
      challenge: { id: challenge.id, slug: challenge.slug, stage: 'open' },
      buildsOn: null,
      builtUpon: [{ id: child.id, title: child.title, authorHandle: builder.handle }],
      myVote: 0,
      isAuthor: false,
      can: { manage: false },
    });
    expect((await getIdea(db(), null, child.id)).buildsOn).toEqual({
      id: idea.id,
      title: idea.title,
    });
  });

  it("shows the viewer's own vote and whether they wrote it", async () => {
    const { author, idea } = await openChallengeWithIdea();
    const voter = await makeUser(db());
    await canOppose(db(), voter.id);
    await castVote(db(), { actor: voter, ideaId: idea.id, value: -1 });
    expect((await getIdea(db(), voter, idea.id)).myVote).toBe(-1);
    expect((await getIdea(db(), author, idea.id)).isAuthor).toBe(true);
  });

  it('hides ideas of draft challenges from everyone outside the brand', async () => {
    const { owner, author, challenge, idea } = await openChallengeWithIdea();
    await setStage(challenge.id, 'draft');
    await expectRefused(db(), () => getIdea(db(), null, idea.id), 'NotFound');
    await expectRefused(db(), () => getIdea(db(), author, idea.id), 'NotFound');
    expect((await getIdea(db(), owner, idea.id)).can.manage).toBe(true);
  });

  it('hides hidden ideas from visitors, but not from moderators or the brand', async () => {
    const { owner, idea } = await openChallengeWithIdea();
    const moderator = await makeUser(db(), { role: 'moderator' });
    const manager = await makeUser(db());
    await addManager(db(), {
      actor: owner,
      brandId: (await getIdea(db(), owner, idea.id)).challenge.brandId,
      handle: manager.handle,
    });
    await setStatus(idea.id, 'hidden');
    await expectRefused(db(), () => getIdea(db(), null, idea.id), 'NotFound');
    const stranger = await makeUser(db());
    await expectRefused(db(), () => getIdea(db(), stranger, idea.id), 'NotFound');
    expect((await getIdea(db(), moderator, idea.id)).idea.status).toBe('hidden');
    expect((await getIdea(db(), manager, idea.id)).idea.status).toBe('hidden');
  });

  it('shows a withdrawn idea to its author and the brand only', async () => {
    const { owner, author, idea } = await openChallengeWithIdea();
    await withdrawIdea(db(), { actor: author, ideaId: idea.id });
    const error = await expectRefused(db(), () => getIdea(db(), null, idea.id), 'NotFound');
    expect(error.message).toBe('That idea was withdrawn by its author.');
    expect((await getIdea(db(), author, idea.id)).idea.status).toBe('withdrawn');
    expect((await getIdea(db(), owner, idea.id)).idea.status).toBe('withdrawn');
  });

  it('does not link to an idea it builds on once that one is no longer public', async () => {
    const { challenge, idea } = await openChallengeWithIdea();
    const child = await makeIdea(db(), await makeUser(db()), challenge.id, { buildsOnId: idea.id });
    await setStatus(idea.id, 'hidden');
    expect((await getIdea(db(), null, child.id)).buildsOn).toBeNull();
  });

  it('says NotFound for an unknown idea', async () => {
    await expectRefused(db(), () => getIdea(db(), null, 2_000_000_000), 'NotFound');
  });
});

describe('listIdeas', () => {
  async function challengeWithIdeas(count: number) {
    const owner = await makeUser(db());
    const challenge = await makeChallenge(db(), owner, { stage: 'open' });
    const authors: TestUser[] = [];
    const list = [];
    for (let i = 0; i < count; i++) {
      const author = await makeUser(db());
      authors.push(author);
      list.push(await makeIdea(db(), author, challenge.id, { title: `Idea number ${i}` }));
    }
    return { owner, challenge, authors, ideas: list };
  }
  const ids = (page: { items: { id: number }[] }) => page.items.map((i) => i.id);

  it('lists only published, shortlisted and winning ideas', async () => {
    const {
      challenge,
      ideas: [published, shortlisted, winner, hidden, withdrawn, merged],
    } = await challengeWithIdeas(6);
    await setStatus(shortlisted!.id, 'shortlisted');
    await setStatus(winner!.id, 'winner');
    await setStatus(hidden!.id, 'hidden');
    await setStatus(withdrawn!.id, 'withdrawn');
    await setStatus(merged!.id, 'merged');
    const page = await listIdeas(db(), challenge.id, { sort: 'new' });
    expect(ids(page).sort()).toEqual([published!.id, shortlisted!.id, winner!.id].sort());
    const [{ ideaCount } = { ideaCount: -1 }] = await db()
      .select({ ideaCount: challenges.ideaCount })
      .from(challenges)
      .where(eq(challenges.id, challenge.id));
    expect(ideaCount).toBe(3);
  });

  it('sorts top by support minus oppose, newest first among equals', async () => {
    const {
      challenge,
      ideas: [a, b, c, d],
    } = await challengeWithIdeas(4);
    const counts: [number, number, number][] = [
      [a!.id, 5, 1],
      [b!.id, 2, 0],
      [c!.id, 10, 3],
      [d!.id, 3, 1],
    ];
    for (const [id, supportCount, opposeCount] of counts)
      await db().update(ideas).set({ supportCount, opposeCount }).where(eq(ideas.id, id));
    expect(ids(await listIdeas(db(), challenge.id, { sort: 'top' }))).toEqual([
      c!.id,
      a!.id,
      d!.id,
      b!.id,
    ]);
  });

  it('sorts new by creation time, newest first', async () => {
    const { challenge, ideas: list } = await challengeWithIdeas(3);
    const [a, b, c] = list;
    await db()
      .update(ideas)
      .set({ createdAt: new Date('2026-01-03T00:00:00Z') })
      .where(eq(ideas.id, a!.id));
    await db()
      .update(ideas)
      .set({ createdAt: new Date('2026-01-01T00:00:00Z') })
      .where(eq(ideas.id, b!.id));
    await db()
      .update(ideas)
      .set({ createdAt: new Date('2026-01-02T00:00:00Z') })
      .where(eq(ideas.id, c!.id));
    expect(ids(await listIdeas(db(), challenge.id, { sort: 'new' }))).toEqual([
      a!.id,
      c!.id,
      b!.id,
    ]);
  });

  it('sorts trending by recent votes and comments, decaying with age', async () => {
    const {
      challenge,
      ideas: [hot, old, chatty, quiet, stale],
    } = await challengeWithIdeas(5);
    const voters = await Promise.all(Array.from({ length: 3 }, () => makeUser(db())));
    for (const voter of voters) {
      await castVote(db(), { actor: voter, ideaId: hot!.id, value: 1 });
      await castVote(db(), { actor: voter, ideaId: old!.id, value: 1 });
      await castVote(db(), { actor: voter, ideaId: stale!.id, value: 1 });
    }
    await addComment(db(), {
      actor: voters[0]!,
      ideaId: chatty!.id,
      comment: { body: 'Nice one', parentId: null },
    });
    await addComment(db(), {
      actor: voters[1]!,
      ideaId: chatty!.id,
      comment: { body: 'Agreed', parentId: null },
    });
    // Same votes as `hot`, but posted two days ago.
    await db()
      .update(ideas)
      .set({ createdAt: sql`now() - interval '2 days'` })
      .where(eq(ideas.id, old!.id));
    // Votes more than a week old no longer count.
    await db()
      .update(votes)
      .set({ updatedAt: sql`now() - interval '10 days'` })
      .where(eq(votes.ideaId, stale!.id));
    // Stored scores: recomputed here, as the trending consumer and decay job would.
    await rebuildReadModels(db());
    const order = ids(await listIdeas(db(), challenge.id, { sort: 'trending' }));
    expect(order.slice(0, 3)).toEqual([hot!.id, chatty!.id, old!.id]);
    expect(order.slice(3).sort()).toEqual([quiet!.id, stale!.id].sort());
  });

  for (const sort of ['top', 'new', 'trending'] as const) {
    it(`pages through ${sort} ideas by cursor without repeating or skipping any, even when all tie`, async () => {
      const owner = await makeUser(db());
      const author = await makeUser(db());
      const challenge = await makeChallenge(db(), owner, { stage: 'open', maxIdeasPerUser: 50 });
      const list = [];
      for (let i = 0; i < 30; i++) list.push(await makeIdea(db(), author, challenge.id));
      // Equal scores, equal ages: only a final tie-breaker keeps pages from overlapping.
      await db()
        .update(ideas)
        .set({ createdAt: new Date('2026-01-01T00:00:00Z') })
        .where(eq(ideas.challengeId, challenge.id));
      const pages = [await listIdeas(db(), challenge.id, { sort, pageSize: 4 })];
      while (pages.at(-1)!.next)
        pages.push(
          await listIdeas(db(), challenge.id, { sort, pageSize: 4, after: pages.at(-1)!.next! }),
        );
      expect(pages.map((p) => p.items.length)).toEqual([4, 4, 4, 4, 4, 4, 4, 2]);
      expect(pages.flatMap(ids).sort()).toEqual(list.map((i) => i.id).sort());
      // And back again from the last page, by the previous-page cursors.
      const back = [pages.at(-1)!];
      while (back.at(-1)!.prev)
        back.push(
          await listIdeas(db(), challenge.id, { sort, pageSize: 4, before: back.at(-1)!.prev! }),
        );
      expect(back.reverse().map(ids)).toEqual(pages.map(ids));
    });
  }

  it('uses 12 ideas per page by default', async () => {
    const { challenge } = await challengeWithIdeas(13);
    const first = await listIdeas(db(), challenge.id, { sort: 'new' });
    expect(first.items).toHaveLength(12);
    expect(first).toMatchObject({ first: true, prev: null });
    expect(first.next).not.toBeNull();
  });

  it('refuses a cursor of another order, or a garbled one, as Invalid', async () => {
    const { challenge } = await challengeWithIdeas(3);
    const top = await listIdeas(db(), challenge.id, { sort: 'top', pageSize: 1 });
    await expectRefused(
      db(),
      () => listIdeas(db(), challenge.id, { sort: 'new', after: top.next! }),
      'Invalid',
    );
    for (const after of ['%%%', top.next!.slice(0, -3), 'W10', 'WyJ0b3AiXQ'])
      await expectRefused(
        db(),
        () => listIdeas(db(), challenge.id, { sort: 'top', after }),
        'Invalid',
      );
  });
});

describe('trendingIdeas', () => {
  it('lists the hottest public ideas of every challenge that is not a draft, hottest first', async () => {
    const owner = await makeUser(db());
    const open = await makeChallenge(db(), owner, { stage: 'open', maxIdeasPerUser: 10 });
    const voting = await makeChallenge(db(), owner, { stage: 'open', maxIdeasPerUser: 10 });
    const review = await makeChallenge(db(), owner, { stage: 'open', maxIdeasPerUser: 10 });
    const draft = await makeChallenge(db(), owner, { stage: 'open', maxIdeasPerUser: 10 });
    const author = await makeUser(db());
    const hot = await makeIdea(db(), author, open.id);
    const cold = await makeIdea(db(), author, open.id);
    const inVoting = await makeIdea(db(), author, voting.id);
    const inReview = await makeIdea(db(), author, review.id);
    const inDraft = await makeIdea(db(), author, draft.id);
    const hidden = await makeIdea(db(), author, open.id);
    const voters = await Promise.all(Array.from({ length: 4 }, () => makeUser(db())));
    for (const voter of voters) {
      for (const idea of [hot, inVoting, inReview, inDraft, hidden])
        await castVote(db(), { actor: voter, ideaId: idea.id, value: 1 });
    }
    await addComment(db(), {
      actor: voters[0]!,
      ideaId: hot.id,
      comment: { body: 'Hot take', parentId: null },
    });
    await setStage(voting.id, 'voting');
    await setStage(review.id, 'review');
    await setStage(draft.id, 'draft');
    await setStatus(hidden.id, 'hidden');
    await rebuildReadModels(db());

    const all = await trendingIdeas(db(), 10_000);
    const order = all.map((i) => i.id);
    expect(order).toContain(hot.id);
    expect(order).toContain(cold.id);
    expect(order).toContain(inVoting.id);
    expect(order).toContain(inReview.id);
    expect(order).not.toContain(inDraft.id);
    expect(order).not.toContain(hidden.id);
    expect(order.indexOf(hot.id)).toBeLessThan(order.indexOf(inVoting.id));
    expect(order.indexOf(inVoting.id)).toBeLessThan(order.indexOf(cold.id));
    expect(all.find((i) => i.id === hot.id)).toMatchObject({
      supportCount: 4,
      commentCount: 1,
      authorHandle: author.handle,
      challengeSlug: open.slug,
    });
  });

  it('returns at most the requested number, 6 by default', async () => {
    const { challenge, author } = await openChallengeWithIdea({ maxIdeasPerUser: 10 });
    for (let i = 0; i < 7; i++) await makeIdea(db(), author, challenge.id);
    expect(await trendingIdeas(db())).toHaveLength(6);
    expect(await trendingIdeas(db(), 2)).toHaveLength(2);
  });
});

describe('the ideas table, as a last line of defence', () => {
  it('refuses negative counts written directly', async () => {
    const { idea } = await openChallengeWithIdea();
    for (const change of [{ supportCount: -1 }, { opposeCount: -1 }, { commentCount: -1 }]) {
      expect(
        await sqlStateOfRefused(db(), () =>
          db().update(ideas).set(change).where(eq(ideas.id, idea.id)),
        ),
      ).toBe(CHECK_VIOLATION);
    }
  });

  it('refuses an idea that builds on itself, written directly', async () => {
    const { idea } = await openChallengeWithIdea();
    expect(
      await sqlStateOfRefused(db(), () =>
        db().update(ideas).set({ buildsOnId: idea.id }).where(eq(ideas.id, idea.id)),
      ),
    ).toBe(CHECK_VIOLATION);
  });

  it('refuses titles outside 5–120 characters, written directly', async () => {
    const { idea } = await openChallengeWithIdea();
    expect(
      await sqlStateOfRefused(db(), () =>
        db().update(ideas).set({ title: 'abcd' }).where(eq(ideas.id, idea.id)),
      ),
    ).toBe(CHECK_VIOLATION);
  });
});
