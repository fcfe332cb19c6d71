// A merged idea's pages (issue 15 item 3): B's page sends its readers to A with a notice, A credits
// B's author and shows B's discussion read-only, and nothing of B can be edited or acted on.
import { describe, expect, it } from 'vitest';
import * as editIdeaRoute from '#app/routes/ideas.$id.edit';
import * as ideaPage from '#app/routes/ideas.$id._index/route';
import { addComment } from '#app/domain/comments/commands.server';
import { commentSchema } from '#app/domain/comments/schema';
import { mergeIdeas } from '#app/domain/moderation/merge.server';
import { castVote } from '#app/domain/votes/commands.server';
import {
  callAction,
  callLoader,
  formRequest,
  getRequest,
  makeContext,
  type TestViewer,
} from '../support/context';
import { makeChallenge, makeIdea, makeUser } from '../support/factories';
import { expectRefused } from '../support/route-assertions';
import { useTestDatabase } from '../support/db';

const db = useTestDatabase();

/** A, and B merged into it: B had a vote and a short discussion (a comment and its reply). */
async function mergedPair() {
  const owner = await makeUser(db());
  const moderator = await makeUser(db(), { role: 'moderator' });
  const challenge = await makeChallenge(db(), owner, { stage: 'open' });
  const authorA = await makeUser(db());
  const authorB = await makeUser(db());
  const A = await makeIdea(db(), authorA, challenge.id, { title: 'Refill stations at checkout' });
  const B = await makeIdea(db(), authorB, challenge.id, { title: 'Refill stations near tills' });
  const voter = await makeUser(db());
  await castVote(db(), { actor: voter, ideaId: B.id, value: 1 });
  const said = await addComment(db(), {
    actor: voter,
    ideaId: B.id,
    comment: commentSchema.parse({ body: 'Tills are where the queue is, good spot.' }),
  });
  await addComment(db(), {
    actor: authorB,
    ideaId: B.id,
    comment: commentSchema.parse({ body: 'Thanks, that was the idea.', parentId: String(said.id) }),
  });
  await mergeIdeas(db(), { actor: moderator, fromId: B.id, intoId: A.id, reason: 'Duplicate' });
  return { owner, moderator, challenge, authorA, authorB, voter, A, B, said };
}

const page = (id: number, viewer: TestViewer | null = null, query = '') =>
  callLoader(ideaPage, {
    params: { id: String(id) },
    request: getRequest(`/ideas/${id}${query}`),
    context: makeContext(db(), viewer),
  });

describe('a merged idea’s page', () => {
  it('redirects B to A (302) with the notice asked for, for visitors and its author alike', async () => {
    const { authorB, moderator, A, B } = await mergedPair();
    for (const viewer of [null, authorB, moderator]) {
      const answer = await page(B.id, viewer);
      expect(answer.status).toBe(302);
      expect(answer.headers.get('Location')).toBe(`/ideas/${A.id}?merged=${B.id}`);
    }
    const landing = await page(A.id, null, `?merged=${B.id}`);
    expect(landing.status).toBe(200);
    expect(landing.body.merged.noticeTitle).toBe('Refill stations near tills');
  });

  it('shows no notice for an id that was not merged into A, or that is not an id', async () => {
    const { challenge, A } = await mergedPair();
    const other = await makeIdea(db(), await makeUser(db()), challenge.id);
    for (const query of [`?merged=${other.id}`, `?merged=${A.id}`, '?merged=abc', '?merged=-1']) {
      const answer = await page(A.id, null, query);
      expect(answer.status, query).toBe(200);
      expect(answer.body.merged.noticeTitle, query).toBeNull();
    }
  });

  it('credits B’s author on A, whose counts include B’s vote', async () => {
    const { authorB, A, B } = await mergedPair();
    const { body } = await page(A.id);
    expect(body.merged.credits).toEqual([
      expect.objectContaining({
        id: B.id,
        title: 'Refill stations near tills',
        authorHandle: authorB.handle,
      }),
    ]);
    expect(body.idea).toMatchObject({ supportCount: 1, opposeCount: 0 });
    // Nothing on the page gives away user ids.
    expect(JSON.stringify(body.merged)).not.toContain(authorB.id);
  });

  it('shows B’s discussion on A, read-only even to the comments’ authors', async () => {
    const { voter, authorB, A, B } = await mergedPair();
    for (const viewer of [null, voter, authorB]) {
      const { body } = await page(A.id, viewer);
      expect(body.merged.discussions).toHaveLength(1);
      const [discussion] = body.merged.discussions;
      expect(discussion.idea).toMatchObject({ id: B.id, title: 'Refill stations near tills' });
      const [thread] = discussion.comments.threads;
      expect(thread).toMatchObject({
        body: 'Tills are where the queue is, good spot.',
        authorHandle: voter.handle,
        canEdit: false,
        canDelete: false,
      });
      expect(thread.replies).toEqual([
        expect.objectContaining({
          body: 'Thanks, that was the idea.',
          authorHandle: authorB.handle,
          canEdit: false,
          canDelete: false,
        }),
      ]);
      // A's own discussion stays A's.
      expect(body.comments.threads).toEqual([]);
    }
  });

  it('pages a merged discussion by one of its comments, and refuses a comment of another idea (400)', async () => {
    const { A, said, challenge } = await mergedPair();
    const paged = await page(A.id, null, `?mergedComments=${said.id}`);
    expect(paged.status).toBe(200);
    expect(paged.body.merged.discussions[0].comments.threads[0].id).toBe(said.id);

    const elsewhere = await makeIdea(db(), await makeUser(db()), challenge.id);
    const foreign = await addComment(db(), {
      actor: await makeUser(db()),
      ideaId: elsewhere.id,
      comment: commentSchema.parse({ body: 'Not part of this discussion at all.' }),
    });
    for (const query of [
      `?mergedComments=${foreign.id}`,
      '?mergedComments=x',
      '?mergedComments=0',
    ]) {
      const answer = await page(A.id, null, query);
      expect(answer.status, query).toBe(400);
      expect(typeof answer.body.message).toBe('string');
    }
  });

  it('has no edit page for B (404), even for its author', async () => {
    const { authorB, B } = await mergedPair();
    const answer = await callLoader(editIdeaRoute, {
      params: { id: String(B.id) },
      request: getRequest(`/ideas/${B.id}/edit`),
      context: makeContext(db(), authorB),
    });
    expect(answer.status).toBe(404);
  });

  it('refuses every action on B: edit (409), vote and comment (404), withdraw (409)', async () => {
    const { authorB, B } = await mergedPair();
    const someone = await makeUser(db());
    await expectRefused(
      db(),
      () =>
        callAction(editIdeaRoute, {
          params: { id: String(B.id) },
          request: formRequest(`/ideas/${B.id}/edit`, {
            title: 'Refill stations near the tills',
            body: 'An idea body long enough to pass validation.',
            tags: 'test',
            buildsOnId: '',
          }),
          context: makeContext(db(), authorB),
        }),
      409,
    );
    const act = (viewer: TestViewer, fields: Record<string, string>) =>
      callAction(ideaPage, {
        params: { id: String(B.id) },
        request: formRequest(`/ideas/${B.id}`, fields),
        context: makeContext(db(), viewer),
      });
    await expectRefused(db(), () => act(someone, { intent: 'vote', value: '1' }), 404);
    await expectRefused(
      db(),
      () => act(someone, { intent: 'comment', body: 'Still here?', parentId: '' }),
      404,
    );
    await expectRefused(db(), () => act(authorB, { intent: 'withdraw' }), 409);
  });
});
