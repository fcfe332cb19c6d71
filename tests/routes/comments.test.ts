// Commenting on an idea through the idea page's action (intent=comment, edit-comment, delete-comment).
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as ideaPage from '#app/routes/ideas.$id._index/route';
import { addComment } from '#app/domain/comments/commands.server';
import { challenges, comments, ideas } from '../../db/schema';
import { callAction, formRequest, makeContext, type TestViewer } from '../support/context';
import { makeChallenge, makeIdea, makeUser } from '../support/factories';
import { expectAccepted, expectRefused, repeat } from '../support/route-assertions';
import { useTestDatabase } from '../support/db';
import { hearsAbout } from '../support/notification-preferences';

const db = useTestDatabase();

async function ideaWithComment() {
  const owner = await makeUser(db());
  const author = await makeUser(db());
  const commenter = await makeUser(db());
  const challenge = await makeChallenge(db(), owner, { stage: 'open' });
  const idea = await makeIdea(db(), author, challenge.id);
  const comment = await addComment(db(), {
    actor: commenter,
    ideaId: idea.id,
    comment: { body: 'First!', parentId: null },
  });
  return { owner, author, commenter, challenge, idea, comment };
}

const post = (
  viewer: TestViewer | null,
  id: string | number,
  fields: Record<string, string | string[]>,
) =>
  callAction(ideaPage, {
    params: { id: String(id) },
    request: formRequest(`/ideas/${id}`, fields),
    context: makeContext(db(), viewer),
  });

describe('ideas.$id._index comment', () => {
  it('asks a signed-out visitor to sign in to comment (401)', async () => {
    const { idea } = await ideaWithComment();
    const sent = { intent: 'comment', body: 'Nice idea' };
    await expectRefused(db(), () => post(null, idea.id, sent), 401, {
      sent,
      error: 'Please sign in to comment.',
    });
  });

  it.each([
    ['an empty body', ''],
    ['a body of only spaces', '   \n  '],
    ['a body of 5,001 characters', repeat(5001, 'c')],
  ])('refuses %s (400)', async (_label, body) => {
    const { idea, author } = await ideaWithComment();
    const sent = { intent: 'comment', body };
    const result = await expectRefused(db(), () => post(author, idea.id, sent), 400, {
      sent,
      fields: ['body'],
    });
    expect(result.body.fieldErrors.body[0]).toMatch(/Write a comment\.|at most 5,000 characters/);
  });

  it('refuses a missing body (400)', async () => {
    const { idea, author } = await ideaWithComment();
    await expectRefused(db(), () => post(author, idea.id, { intent: 'comment' }), 400, {
      sent: { intent: 'comment' },
      fields: ['body'],
    });
  });

  it('refuses a reply to a reply (400)', async () => {
    const { idea, author, comment } = await ideaWithComment();
    const reply = await addComment(db(), {
      actor: author,
      ideaId: idea.id,
      comment: { body: 'Thanks', parentId: comment.id },
    });
    const sent = { intent: 'comment', body: 'Reply to the reply', parentId: String(reply.id) };
    await expectRefused(db(), () => post(author, idea.id, sent), 400, {
      sent,
      error: /one level deep/,
      fields: ['parentId'],
    });
  });

  it('refuses a reply to a comment on another idea (400)', async () => {
    const { idea, author } = await ideaWithComment();
    const elsewhere = await ideaWithComment();
    const sent = {
      intent: 'comment',
      body: 'Wrong thread',
      parentId: String(elsewhere.comment.id),
    };
    await expectRefused(db(), () => post(author, idea.id, sent), 400, {
      sent,
      error: 'The comment you reply to is not on this idea.',
      fields: ['parentId'],
    });
  });

  it.each(['abc', '-1', '0', '999999'])('refuses the parentId %j (400)', async (parentId) => {
    const { idea, author } = await ideaWithComment();
    const sent = { intent: 'comment', body: 'Hello', parentId };
    await expectRefused(db(), () => post(author, idea.id, sent), 400, {
      sent,
      fields: ['parentId'],
    });
  });

  it('refuses a reply to a deleted comment (409)', async () => {
    const { idea, author, comment } = await ideaWithComment();
    await db()
      .update(comments)
      .set({ deletedAt: new Date(), body: '[deleted]' })
      .where(eq(comments.id, comment.id));
    const sent = { intent: 'comment', body: 'Too late', parentId: String(comment.id) };
    await expectRefused(db(), () => post(author, idea.id, sent), 409, {
      sent,
      error: 'That comment was deleted.',
    });
  });

  it('refuses comments on an archived challenge (409) and on a missing idea (404)', async () => {
    const { idea, author, challenge } = await ideaWithComment();
    await db().update(challenges).set({ stage: 'archived' }).where(eq(challenges.id, challenge.id));
    const sent = { intent: 'comment', body: 'Anyone?' };
    await expectRefused(db(), () => post(author, idea.id, sent), 409, { sent, error: /archived/ });
    await expectRefused(db(), () => post(author, 999999, sent), 404, {
      sent,
      error: 'That idea was not found.',
    });
  });

  it('posts a comment and a reply (302 to the comment, one row and one event each)', async () => {
    const { idea, author, commenter, comment } = await ideaWithComment();
    // Comments are off by default (decision 019): this author asked to hear of them.
    await hearsAbout(db(), author.id, ['comments']);
    const top = await expectAccepted(
      db(),
      () => post(commenter, idea.id, { intent: 'comment', body: '  Love it  ', parentId: '' }),
      {
        location: new RegExp(`^/ideas/${idea.id}\\?comments=(\\d+)#comment-\\1$`),
        events: ['comment.created'],
      },
    );
    // The idea's author is told about the comment.
    expect(top.added).toEqual({ comments: 1, events: 1, notifications: 1 });
    const id = top.events[0]!.commentId!;
    const [row] = await db().select().from(comments).where(eq(comments.id, id));
    expect(row).toMatchObject({ body: 'Love it', parentId: null, authorId: commenter.id });
    expect(top.events[0]!.subjectUserId).toBe(author.id);

    const reply = await expectAccepted(
      db(),
      () =>
        post(author, idea.id, {
          intent: 'comment',
          body: 'Thank you',
          parentId: String(comment.id),
        }),
      {
        events: ['comment.created'],
      },
    );
    expect(reply.events[0]!.subjectUserId).toBe(commenter.id);
    const [counted] = await db()
      .select({ n: ideas.commentCount })
      .from(ideas)
      .where(eq(ideas.id, idea.id));
    expect(counted!.n).toBe(3);
  });
});

describe('ideas.$id._index edit-comment and delete-comment', () => {
  it('refuses to edit someone else’s comment (403), even for a moderator', async () => {
    const { idea, author, comment } = await ideaWithComment();
    const sent = { intent: 'edit-comment', commentId: String(comment.id), body: 'Hijacked' };
    await expectRefused(db(), () => post(author, idea.id, sent), 403, {
      sent,
      error: 'You can only change your own comments.',
    });
    const moderator = await makeUser(db(), { role: 'moderator' });
    await expectRefused(db(), () => post(moderator, idea.id, sent), 403, { sent });
  });

  it('refuses an edit with an empty or too long body, or a bad commentId (400)', async () => {
    const { idea, commenter, comment } = await ideaWithComment();
    const cases: Record<string, string>[] = [
      { commentId: String(comment.id), body: '' },
      { commentId: String(comment.id), body: repeat(5001) },
      { commentId: 'abc', body: 'Fine' },
      { body: 'Fine' },
    ];
    for (const fields of cases) {
      const sent = { intent: 'edit-comment', ...fields };
      await expectRefused(db(), () => post(commenter, idea.id, sent), 400, { sent });
    }
  });

  it('says when the comment to edit does not exist (404)', async () => {
    const { idea, commenter } = await ideaWithComment();
    await expectRefused(
      db(),
      () => post(commenter, idea.id, { intent: 'edit-comment', commentId: '999999', body: 'Fine' }),
      404,
    );
  });

  it('saves an edit by the comment’s author (302, one event)', async () => {
    const { idea, commenter, comment } = await ideaWithComment();
    await expectAccepted(
      db(),
      () =>
        post(commenter, idea.id, {
          intent: 'edit-comment',
          commentId: String(comment.id),
          body: 'Second thoughts',
        }),
      {
        location: new RegExp(`^/ideas/${idea.id}\\?comments=${comment.id}#comment-${comment.id}$`),
        events: ['comment.updated'],
      },
    );
    const [row] = await db().select().from(comments).where(eq(comments.id, comment.id));
    expect(row!.body).toBe('Second thoughts');
  });

  it('refuses to delete someone else’s comment for a non-moderator (403), even the idea’s author or brand owner', async () => {
    const { idea, author, owner, comment } = await ideaWithComment();
    const sent = { intent: 'delete-comment', commentId: String(comment.id) };
    await expectRefused(db(), () => post(author, idea.id, sent), 403, {
      sent,
      error: 'You can only change your own comments.',
    });
    await expectRefused(db(), () => post(owner, idea.id, sent), 403, { sent });
  });

  it('lets a moderator delete any comment (302, one event), and a second delete is 404', async () => {
    const { idea, comment } = await ideaWithComment();
    const moderator = await makeUser(db(), { role: 'moderator' });
    const sent = { intent: 'delete-comment', commentId: String(comment.id) };
    const { added } = await expectAccepted(db(), () => post(moderator, idea.id, sent), {
      location: new RegExp(`^/ideas/${idea.id}#comments$`),
      events: ['comment.deleted'],
    });
    // A moderator's deletion of someone else's comment leaves an audit entry.
    expect(added).toEqual({ events: 1, audit_log: 1 });
    const [row] = await db().select().from(comments).where(eq(comments.id, comment.id));
    expect(row!.deletedAt).not.toBeNull();
    expect(row!.body).toBe('[deleted]');
    await expectRefused(db(), () => post(moderator, idea.id, sent), 404, {
      sent,
      error: 'That comment was not found.',
    });
  });

  it('lets the author delete their own comment (302, one event)', async () => {
    const { idea, commenter, comment } = await ideaWithComment();
    await expectAccepted(
      db(),
      () => post(commenter, idea.id, { intent: 'delete-comment', commentId: String(comment.id) }),
      { events: ['comment.deleted'] },
    );
  });
});

describe('ideas.$id._index unknown intents', () => {
  it.each([
    ['an unknown intent', { intent: 'hack' }],
    ['no intent', { body: 'Hello' }],
    ['an intent sent twice', { intent: ['vote', 'comment'], value: '1' }],
  ])(
    'refuses %s with "Unknown action." (400)',
    async (_label, sent: Record<string, string | string[]>) => {
      const { idea, author } = await ideaWithComment();
      const result = await expectRefused(db(), () => post(author, idea.id, sent), 400, {
        sent,
        fields: ['intent'],
      });
      expect(result.body.fieldErrors.intent).toEqual(['Unknown action.']);
    },
  );

  it('asks a signed-out visitor to sign in before anything else (401)', async () => {
    const { idea } = await ideaWithComment();
    await expectRefused(db(), () => post(null, idea.id, { intent: 'hack' }), 401, {
      sent: { intent: 'hack' },
      error: 'Please sign in to do that.',
    });
  });
});
