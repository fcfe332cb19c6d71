import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  challenges,
  comments,
  ideas,
  type ChallengeStage,
  type IdeaStatus,
} from '../../../db/schema';
import { addComment, deleteComment, editComment } from '#app/domain/comments/commands.server';
import { commentEditSchema, commentSchema } from '#app/domain/comments/schema';
import { countComments, listComments } from '#app/domain/comments/queries.server';
import { renderMarkdown } from '#app/domain/markdown/render.server';
import { CHECK_VIOLATION } from '#app/domain/core/pg-errors.server';
import type { Actor } from '#app/domain/core/actor';
import { testClock } from '#app/domain/core/clock';
import { useTestDatabase } from '../../support/db';
import { makeChallenge, makeIdea, makeUser, setIdeaStatus } from '../../support/factories';
import {
  expectOneEvent,
  expectRefused,
  fieldErrors,
  repeat,
  sqlStateOfRefused,
} from '../../support/assertions';

const db = useTestDatabase();

async function anIdea(stage: ChallengeStage = 'open') {
  const owner = await makeUser(db());
  const author = await makeUser(db());
  const commenter = await makeUser(db());
  const challenge = await makeChallenge(db(), owner, { stage: 'open' });
  const idea = await makeIdea(db(), author, challenge.id);
  if (stage !== 'open')
    await db().update(challenges).set({ stage }).where(eq(challenges.id, challenge.id));
  return { owner, author, commenter, challenge, idea };
}
const say = (body: string, parentId: number | null = null) => ({ body, parentId });
async function commentCount(ideaId: number) {
  const [row] = await db()
    .select({ n: ideas.commentCount })
    .from(ideas)
    .where(eq(ideas.id, ideaId));
  return row!.n;
}

describe('commentSchema', () => {
  it('reads a body and an optional comment to reply to', () => {
    expect(commentSchema.parse({ body: '  Nice idea ' })).toEqual({
      body: 'Nice idea',
      parentId: null,
    });
    expect(commentSchema.parse({ body: 'Nice', parentId: '' })).toEqual({
      body: 'Nice',
      parentId: null,
    });
    expect(commentSchema.parse({ body: 'Nice', parentId: '17' })).toEqual({
      body: 'Nice',
      parentId: 17,
    });
  });

  it('asks for a comment and refuses empty, blank or over-long ones', () => {
    expect(fieldErrors(commentSchema, {}).body).toEqual(['Write a comment.']);
    expect(fieldErrors(commentSchema, { body: '' }).body).toEqual(['Write a comment.']);
    expect(fieldErrors(commentSchema, { body: ' \n\t ' }).body).toEqual(['Write a comment.']);
    expect(fieldErrors(commentSchema, { body: repeat(5001) }).body).toEqual([
      'Comments are at most 5,000 characters.',
    ]);
    expect(commentSchema.parse({ body: repeat(5000) }).body).toHaveLength(5000);
  });

  it('refuses a body that is not text and a parent that is not a positive whole number', () => {
    expect(fieldErrors(commentSchema, { body: 42 }).body).toHaveLength(1);
    for (const parentId of ['abc', '0', '-1', '2.5']) {
      expect(
        fieldErrors(commentSchema, { body: 'Nice', parentId }).parentId,
        parentId,
      ).toHaveLength(1);
    }
  });

  it('keeps markup as text, which renderMarkdown then shows inert', async () => {
    const body = '<script>fetch("/steal?c="+document.cookie)</script><img src=x onerror=alert(1)>';
    expect(commentSchema.parse({ body }).body).toBe(body);
    expect((await renderMarkdown(body)).html).not.toMatch(/<script|<img|onerror=/i);
  });
});

describe('commentEditSchema', () => {
  it('reads a body with the same limits', () => {
    expect(commentEditSchema.parse({ body: ' Better ' })).toEqual({ body: 'Better' });
    expect(fieldErrors(commentEditSchema, { body: '   ' }).body).toEqual(['Write a comment.']);
    expect(fieldErrors(commentEditSchema, { body: repeat(5001) }).body).toEqual([
      'Comments are at most 5,000 characters.',
    ]);
  });
});

describe('addComment', () => {
  it('adds a top-level comment, counts it, and logs comment.created for the idea author', async () => {
    const { author, commenter, challenge, idea } = await anIdea();
    const { result, event } = await expectOneEvent(
      db(),
      () => addComment(db(), { actor: commenter, ideaId: idea.id, comment: say('Love it') }),
      'comment.created',
    );
    expect(result).toMatchObject({
      ideaId: idea.id,
      authorId: commenter.id,
      parentId: null,
      body: 'Love it',
      deletedAt: null,
    });
    expect(event).toMatchObject({
      actorId: commenter.id,
      brandId: challenge.brandId,
      challengeId: challenge.id,
      ideaId: idea.id,
      commentId: result.id,
      subjectUserId: author.id,
      payload: { parentId: null, commentCount: 1 },
    });
    expect(event.createdAt).toEqual(result.createdAt);
    expect(await commentCount(idea.id)).toBe(1);
  });

  it('adds a reply and notifies the author of the comment replied to', async () => {
    const { commenter, idea } = await anIdea();
    const replier = await makeUser(db());
    const top = await addComment(db(), {
      actor: commenter,
      ideaId: idea.id,
      comment: say('First'),
    });
    const { result, event } = await expectOneEvent(
      db(),
      () => addComment(db(), { actor: replier, ideaId: idea.id, comment: say('Reply', top.id) }),
      'comment.created',
    );
    expect(result.parentId).toBe(top.id);
    expect(event).toMatchObject({ subjectUserId: commenter.id, payload: { parentId: top.id } });
    expect(await commentCount(idea.id)).toBe(2);
  });

  it('keeps replies one level deep: a reply to a reply is refused', async () => {
    const { commenter, idea } = await anIdea();
    const top = await addComment(db(), {
      actor: commenter,
      ideaId: idea.id,
      comment: say('First'),
    });
    const reply = await addComment(db(), {
      actor: commenter,
      ideaId: idea.id,
      comment: say('Reply', top.id),
    });
    const error = await expectRefused(
      db(),
      () =>
        addComment(db(), { actor: commenter, ideaId: idea.id, comment: say('Deeper', reply.id) }),
      'Invalid',
    );
    expect(error.fieldErrors).toEqual({ parentId: ['Reply to the top comment instead.'] });
  });

  it('refuses a reply to a comment on another idea', async () => {
    const { commenter, idea } = await anIdea();
    const other = await anIdea();
    const elsewhere = await addComment(db(), {
      actor: commenter,
      ideaId: other.idea.id,
      comment: say('Elsewhere'),
    });
    const error = await expectRefused(
      db(),
      () =>
        addComment(db(), {
          actor: commenter,
          ideaId: idea.id,
          comment: say('Reply', elsewhere.id),
        }),
      'Invalid',
    );
    expect(error.fieldErrors).toEqual({ parentId: ['Reply to a comment on this idea.'] });
  });

  it('refuses a reply to a comment that does not exist', async () => {
    const { commenter, idea } = await anIdea();
    await expectRefused(
      db(),
      () =>
        addComment(db(), {
          actor: commenter,
          ideaId: idea.id,
          comment: say('Reply', 2_000_000_000),
        }),
      'Invalid',
    );
  });

  it('refuses a reply to a deleted comment', async () => {
    const { commenter, idea } = await anIdea();
    const top = await addComment(db(), {
      actor: commenter,
      ideaId: idea.id,
      comment: say('First'),
    });
    await deleteComment(db(), { actor: commenter, commentId: top.id });
    await expectRefused(
      db(),
      () => addComment(db(), { actor: commenter, ideaId: idea.id, comment: say('Reply', top.id) }),
      'Conflict',
    );
  });

  it('treats withdrawn, hidden and merged ideas, drafts and unknown ideas as not found', async () => {
    for (const status of ['withdrawn', 'hidden', 'merged'] as IdeaStatus[]) {
      const { commenter, idea } = await anIdea();
      await setIdeaStatus(db(), idea.id, status);
      await expectRefused(
        db(),
        () => addComment(db(), { actor: commenter, ideaId: idea.id, comment: say('Hello') }),
        'NotFound',
      );
    }
    const draft = await anIdea('draft');
    await expectRefused(
      db(),
      () =>
        addComment(db(), { actor: draft.commenter, ideaId: draft.idea.id, comment: say('Hello') }),
      'NotFound',
    );
    await expectRefused(
      db(),
      () =>
        addComment(db(), { actor: draft.commenter, ideaId: 2_000_000_000, comment: say('Hello') }),
      'NotFound',
    );
  });

  it('keeps conversation open through review and awarding, and closes it when archived', async () => {
    for (const stage of ['voting', 'review', 'awarded'] as const) {
      const { commenter, idea } = await anIdea(stage);
      await expectOneEvent(
        db(),
        () =>
          addComment(db(), { actor: commenter, ideaId: idea.id, comment: say('Still talking') }),
        'comment.created',
      );
    }
    const archived = await anIdea('archived');
    await expectRefused(
      db(),
      () =>
        addComment(db(), {
          actor: archived.commenter,
          ideaId: archived.idea.id,
          comment: say('Too late'),
        }),
      'Conflict',
    );
  });

  it('lets the idea author comment on their own idea', async () => {
    const { author, idea } = await anIdea();
    await expectOneEvent(
      db(),
      () => addComment(db(), { actor: author, ideaId: idea.id, comment: say('Thanks all') }),
      'comment.created',
    );
  });

  it('counts every one of many simultaneous comments', async () => {
    const { idea } = await anIdea();
    const people = await Promise.all(Array.from({ length: 12 }, () => makeUser(db())));
    await Promise.all(
      people.map((p) =>
        addComment(db(), { actor: p, ideaId: idea.id, comment: say(`From ${p.handle}`) }),
      ),
    );
    expect(await commentCount(idea.id)).toBe(12);
    expect(await countComments(db(), idea.id)).toBe(12);
  });
});

describe('editComment', () => {
  it('lets the author edit and logs comment.updated', async () => {
    const { commenter, challenge, idea } = await anIdea();
    const comment = await addComment(db(), {
      actor: commenter,
      ideaId: idea.id,
      comment: say('Frist'),
    });
    const { result, event } = await expectOneEvent(
      db(),
      () => editComment(db(), { actor: commenter, commentId: comment.id, body: 'First' }),
      'comment.updated',
    );
    expect(result).toMatchObject({ id: comment.id, body: 'First' });
    expect(result.updatedAt.getTime()).toBeGreaterThanOrEqual(comment.updatedAt.getTime());
    expect(event).toMatchObject({
      actorId: commenter.id,
      commentId: comment.id,
      ideaId: idea.id,
      challengeId: challenge.id,
      brandId: challenge.brandId,
    });
  });

  it("refuses to edit someone else's comment, even for a moderator or the idea author", async () => {
    const { author, commenter, idea } = await anIdea();
    const moderator = await makeUser(db(), { role: 'moderator' });
    const comment = await addComment(db(), {
      actor: commenter,
      ideaId: idea.id,
      comment: say('Mine'),
    });
    for (const actor of [author, moderator]) {
      await expectRefused(
        db(),
        () => editComment(db(), { actor, commentId: comment.id, body: 'Theirs now' }),
        'Forbidden',
        'You can only change your own comments.',
      );
    }
  });

  it('treats deleted and unknown comments as not found', async () => {
    const { commenter, idea } = await anIdea();
    const comment = await addComment(db(), {
      actor: commenter,
      ideaId: idea.id,
      comment: say('Soon gone'),
    });
    await deleteComment(db(), { actor: commenter, commentId: comment.id });
    await expectRefused(
      db(),
      () => editComment(db(), { actor: commenter, commentId: comment.id, body: 'Back' }),
      'NotFound',
    );
    await expectRefused(
      db(),
      () => editComment(db(), { actor: commenter, commentId: 2_000_000_000, body: 'Nope' }),
      'NotFound',
    );
  });

  it('treats a comment of another idea than the one given as not found', async () => {
    const { commenter, idea } = await anIdea();
    const other = await anIdea();
    const comment = await addComment(db(), {
      actor: commenter,
      ideaId: idea.id,
      comment: say('Here'),
    });
    await expectRefused(
      db(),
      () =>
        editComment(db(), {
          actor: commenter,
          commentId: comment.id,
          body: 'There',
          ideaId: other.idea.id,
        }),
      'NotFound',
    );
    await expectOneEvent(
      db(),
      () =>
        editComment(db(), {
          actor: commenter,
          commentId: comment.id,
          body: 'Still here',
          ideaId: idea.id,
        }),
      'comment.updated',
    );
  });

  it('refuses edits once the challenge is archived or the idea is no longer public', async () => {
    const { commenter, challenge, idea } = await anIdea();
    const comment = await addComment(db(), {
      actor: commenter,
      ideaId: idea.id,
      comment: say('Before'),
    });
    await db().update(challenges).set({ stage: 'archived' }).where(eq(challenges.id, challenge.id));
    await expectRefused(
      db(),
      () => editComment(db(), { actor: commenter, commentId: comment.id, body: 'After' }),
      'Conflict',
    );
    const hidden = await anIdea();
    const onHidden = await addComment(db(), {
      actor: hidden.commenter,
      ideaId: hidden.idea.id,
      comment: say('Before'),
    });
    await setIdeaStatus(db(), hidden.idea.id, 'hidden');
    await expectRefused(
      db(),
      () => editComment(db(), { actor: hidden.commenter, commentId: onHidden.id, body: 'After' }),
      'Conflict',
    );
  });
});

describe('deleteComment', () => {
  it('lets the author delete, erasing the text and the count, and logs comment.deleted', async () => {
    const { commenter, idea } = await anIdea();
    const comment = await addComment(db(), {
      actor: commenter,
      ideaId: idea.id,
      comment: say('Regrettable words'),
    });
    const { event } = await expectOneEvent(
      db(),
      () => deleteComment(db(), { actor: commenter, commentId: comment.id }),
      'comment.deleted',
    );
    expect(event).toMatchObject({
      actorId: commenter.id,
      commentId: comment.id,
      ideaId: idea.id,
      payload: { commentCount: 0 },
    });
    const [row] = await db().select().from(comments).where(eq(comments.id, comment.id));
    expect(row!.deletedAt).not.toBeNull();
    expect(row!.body).not.toContain('Regrettable');
    expect(await commentCount(idea.id)).toBe(0);
    expect(JSON.stringify(await listComments(db(), idea.id))).not.toContain('Regrettable');
  });

  it('lets moderators and admins delete anyone’s comment', async () => {
    for (const role of ['moderator', 'admin'] as const) {
      const { commenter, idea } = await anIdea();
      const moderator = await makeUser(db(), { role });
      const comment = await addComment(db(), {
        actor: commenter,
        ideaId: idea.id,
        comment: say('Spam spam spam'),
      });
      const { event } = await expectOneEvent(
        db(),
        () => deleteComment(db(), { actor: moderator, commentId: comment.id }),
        'comment.deleted',
      );
      expect(event.actorId).toBe(moderator.id);
    }
  });

  it("refuses to delete someone else's comment, even for the idea author or the brand owner", async () => {
    const { owner, author, commenter, idea } = await anIdea();
    const comment = await addComment(db(), {
      actor: commenter,
      ideaId: idea.id,
      comment: say('Mine'),
    });
    for (const actor of [author, owner]) {
      await expectRefused(
        db(),
        () => deleteComment(db(), { actor, commentId: comment.id }),
        'Forbidden',
      );
    }
  });

  it('treats a comment of another idea than the one given as not found', async () => {
    const { commenter, idea } = await anIdea();
    const other = await anIdea();
    const comment = await addComment(db(), {
      actor: commenter,
      ideaId: idea.id,
      comment: say('Here'),
    });
    await expectRefused(
      db(),
      () => deleteComment(db(), { actor: commenter, commentId: comment.id, ideaId: other.idea.id }),
      'NotFound',
    );
    await expectOneEvent(
      db(),
      () => deleteComment(db(), { actor: commenter, commentId: comment.id, ideaId: idea.id }),
      'comment.deleted',
    );
  });

  it('refuses to delete twice, so the count drops only once', async () => {
    const { commenter, idea } = await anIdea();
    const keep = await addComment(db(), {
      actor: commenter,
      ideaId: idea.id,
      comment: say('Keep'),
    });
    const gone = await addComment(db(), {
      actor: commenter,
      ideaId: idea.id,
      comment: say('Gone'),
    });
    await deleteComment(db(), { actor: commenter, commentId: gone.id });
    await expectRefused(
      db(),
      () => deleteComment(db(), { actor: commenter, commentId: gone.id }),
      'NotFound',
    );
    expect(await commentCount(idea.id)).toBe(1);
    expect(keep.id).toBeDefined();
  });

  it('counts a deletion once even when it is requested twice at the same time', async () => {
    const { commenter, idea } = await anIdea();
    const comment = await addComment(db(), {
      actor: commenter,
      ideaId: idea.id,
      comment: say('Double click'),
    });
    const results = await Promise.allSettled([
      deleteComment(db(), { actor: commenter, commentId: comment.id }),
      deleteComment(db(), { actor: commenter, commentId: comment.id }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await commentCount(idea.id)).toBe(0);
  });
});

describe('listComments', () => {
  it('returns a two-level thread, oldest first', async () => {
    const { author, commenter, idea } = await anIdea();
    const first = await addComment(db(), {
      actor: commenter,
      ideaId: idea.id,
      comment: say('First'),
    });
    const second = await addComment(db(), {
      actor: author,
      ideaId: idea.id,
      comment: say('Second'),
    });
    const reply1 = await addComment(db(), {
      actor: author,
      ideaId: idea.id,
      comment: say('Reply one', first.id),
    });
    const reply2 = await addComment(db(), {
      actor: commenter,
      ideaId: idea.id,
      comment: say('Reply two', first.id),
    });
    const { threads: thread } = await listComments(db(), idea.id);
    expect(thread.map((c) => c.id)).toEqual([first.id, second.id]);
    expect(thread[0]).toMatchObject({
      body: 'First',
      authorHandle: commenter.handle,
      canEdit: false,
      canDelete: false,
      deleted: false,
    });
    expect(thread[0]).not.toHaveProperty('authorId');
    expect(thread[0]!.replies.map((r) => [r.id, r.body])).toEqual([
      [reply1.id, 'Reply one'],
      [reply2.id, 'Reply two'],
    ]);
    expect(thread[1]!.replies).toEqual([]);
  });

  it('tells the viewer which comments they may edit (their own) and delete (theirs, or any as a moderator)', async () => {
    const { author, commenter, idea } = await anIdea();
    const moderator = await makeUser(db(), { role: 'moderator' });
    await addComment(db(), { actor: commenter, ideaId: idea.id, comment: say('By the commenter') });
    await addComment(db(), { actor: author, ideaId: idea.id, comment: say('By the author') });
    const rights = async (viewer: Actor | null) =>
      (await listComments(db(), idea.id, viewer)).threads.map((c) => [c.canEdit, c.canDelete]);
    expect(await rights(commenter)).toEqual([
      [true, true],
      [false, false],
    ]);
    expect(await rights(author)).toEqual([
      [false, false],
      [true, true],
    ]);
    expect(await rights(moderator)).toEqual([
      [false, true],
      [false, true],
    ]);
    expect(await rights(null)).toEqual([
      [false, false],
      [false, false],
    ]);
  });

  it('keeps a deleted comment with live replies as an empty placeholder', async () => {
    const { commenter, author, idea } = await anIdea();
    const top = await addComment(db(), {
      actor: commenter,
      ideaId: idea.id,
      comment: say('Secret text'),
    });
    await addComment(db(), { actor: author, ideaId: idea.id, comment: say('An answer', top.id) });
    await deleteComment(db(), { actor: commenter, commentId: top.id });
    const [placeholder] = (await listComments(db(), idea.id)).threads;
    expect(placeholder).toMatchObject({ id: top.id, body: null, deleted: true });
    expect(placeholder!.replies.map((r) => r.body)).toEqual(['An answer']);
    expect(JSON.stringify(placeholder)).not.toContain('Secret text');
  });

  it('drops deleted replies, and deleted comments with nothing left under them', async () => {
    const { commenter, author, idea } = await anIdea();
    const top = await addComment(db(), { actor: commenter, ideaId: idea.id, comment: say('Top') });
    const reply = await addComment(db(), {
      actor: author,
      ideaId: idea.id,
      comment: say('Reply', top.id),
    });
    const lonely = await addComment(db(), {
      actor: commenter,
      ideaId: idea.id,
      comment: say('Lonely'),
    });
    await deleteComment(db(), { actor: author, commentId: reply.id });
    await deleteComment(db(), { actor: commenter, commentId: lonely.id });
    const { threads: thread } = await listComments(db(), idea.id);
    expect(thread.map((c) => c.id)).toEqual([top.id]);
    expect(thread[0]!.replies).toEqual([]);
    await deleteComment(db(), { actor: commenter, commentId: top.id });
    expect((await listComments(db(), idea.id)).threads).toEqual([]);
  });

  it('pages by top-level comment, each with its replies, without repeating or skipping any', async () => {
    const { author, commenter, idea } = await anIdea();
    // One clock that stands still: every comment has the same time, only the id orders them.
    const clock = testClock('2026-03-01T10:00:00Z');
    const tops = [];
    for (let i = 0; i < 7; i++)
      tops.push(
        await addComment(db(), { actor: commenter, ideaId: idea.id, comment: say(`T${i}`), clock }),
      );
    const reply = await addComment(db(), {
      actor: author,
      ideaId: idea.id,
      comment: say('Reply to T4', tops[4]!.id),
      clock,
    });
    const pages = [];
    let from: number | undefined;
    do {
      const page = await listComments(db(), idea.id, null, { from, size: 3 });
      pages.push(page);
      from = page.next ?? undefined;
    } while (from !== undefined);
    expect(pages.map((p) => p.threads.map((c) => c.body))).toEqual([
      ['T0', 'T1', 'T2'],
      ['T3', 'T4', 'T5'],
      ['T6'],
    ]);
    expect(pages.map((p) => p.first)).toEqual([true, false, false]);
    expect(pages[1]!.threads[1]!.replies.map((r) => r.id)).toEqual([reply.id]);
    // A page asked for by a reply starts at the thread it belongs to.
    const ofReply = await listComments(db(), idea.id, null, { from: reply.id, size: 3 });
    expect(ofReply.threads.map((c) => c.body)).toEqual(['T4', 'T5', 'T6']);
    // A comment of another idea (or none) names no page of this discussion.
    const other = await anIdea();
    const elsewhere = await addComment(db(), {
      actor: other.commenter,
      ideaId: other.idea.id,
      comment: say('Elsewhere'),
    });
    for (const bad of [elsewhere.id, 2_000_000_000])
      await expectRefused(db(), () => listComments(db(), idea.id, null, { from: bad }), 'Invalid');
  });

  it('keeps comment_count equal to the comments still shown', async () => {
    const { commenter, author, idea } = await anIdea();
    const a = await addComment(db(), { actor: commenter, ideaId: idea.id, comment: say('A') });
    const b = await addComment(db(), { actor: author, ideaId: idea.id, comment: say('B', a.id) });
    await addComment(db(), { actor: author, ideaId: idea.id, comment: say('C') });
    await deleteComment(db(), { actor: author, commentId: b.id });
    await deleteComment(db(), { actor: commenter, commentId: a.id });
    expect(await commentCount(idea.id)).toBe(1);
    expect(await countComments(db(), idea.id)).toBe(1);
    const { threads: thread } = await listComments(db(), idea.id);
    expect(thread.reduce((n, c) => n + (c.deleted ? 0 : 1) + c.replies.length, 0)).toBe(1);
  });
});

describe('the comments table, as a last line of defence', () => {
  it('refuses a reply to a reply, written directly', async () => {
    const { author, idea } = await anIdea();
    const [top] = await db()
      .insert(comments)
      .values({ ideaId: idea.id, authorId: author.id, body: 'Top' })
      .returning();
    const [reply] = await db()
      .insert(comments)
      .values({ ideaId: idea.id, authorId: author.id, body: 'Reply', parentId: top!.id })
      .returning();
    const deeper = { ideaId: idea.id, authorId: author.id, body: 'Deeper', parentId: reply!.id };
    expect(await sqlStateOfRefused(db(), () => db().insert(comments).values(deeper))).toBe('P0001');
  });

  it('refuses a reply attached to a comment on another idea, written directly', async () => {
    const { author, idea } = await anIdea();
    const other = await anIdea();
    const [top] = await db()
      .insert(comments)
      .values({ ideaId: other.idea.id, authorId: author.id, body: 'Elsewhere' })
      .returning();
    const reply = { ideaId: idea.id, authorId: author.id, body: 'Reply', parentId: top!.id };
    expect(await sqlStateOfRefused(db(), () => db().insert(comments).values(reply))).toBe('P0001');
  });

  it('refuses empty and over-long bodies, written directly', async () => {
    const { author, idea } = await anIdea();
    for (const body of ['', repeat(5001)]) {
      expect(
        await sqlStateOfRefused(db(), () =>
          db().insert(comments).values({ ideaId: idea.id, authorId: author.id, body }),
        ),
      ).toBe(CHECK_VIOLATION);
    }
  });
});
