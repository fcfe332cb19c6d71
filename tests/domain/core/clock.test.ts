// Commands take their time from the clock they are given, read once: the rows a command writes,
// the event it logs and the notifications its reactions write all tell the same moment, and later
// changes (edits, vote changes, deletions, reading) follow the clock as it moves.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { brandMembers, comments, ideas, notifications, votes } from '../../../db/schema';
import { createBrand } from '#app/domain/brands/commands.server';
import { changeStage, createChallenge } from '#app/domain/challenges/commands.server';
import { challengeSchema } from '#app/domain/challenges/schema';
import { testClock } from '#app/domain/core/clock';
import { addComment, deleteComment, editComment } from '#app/domain/comments/commands.server';
import { editIdea, submitIdea, withdrawIdea } from '#app/domain/ideas/commands.server';
import { ideaSchema } from '#app/domain/ideas/schema';
import { markRead } from '#app/domain/notifications/commands.server';
import { castVote } from '#app/domain/votes/commands.server';
import { expectOneEvent } from '../../support/assertions';
import { useTestDatabase } from '../../support/db';
import { hearsAbout } from '../../support/notification-preferences';
import { makeChallenge, makeIdea, makeUser } from '../../support/factories';
import { canOppose } from '../../support/reputation';

const db = useTestDatabase();

const START = '2026-03-01T10:00:00Z';
const HOUR = 60 * 60 * 1000;

const ideaInput = (overrides: { title?: string; buildsOnId?: number } = {}) =>
  ideaSchema.parse({
    title: overrides.title ?? 'An idea on a clock',
    body: 'An idea body long enough to pass validation.',
    tags: 'time',
    buildsOnId: overrides.buildsOnId ? String(overrides.buildsOnId) : '',
  });

async function openChallenge() {
  const owner = await makeUser(db());
  const author = await makeUser(db());
  const challenge = await makeChallenge(db(), owner, { stage: 'open' });
  // Votes, comments and builds are off by default (decision 019): this author hears of them.
  await hearsAbout(db(), author.id);
  return { owner, author, challenge };
}

/** The notifications an event caused: whom, of what kind, and when. */
async function notificationsOf(eventId: number) {
  return db()
    .select({
      userId: notifications.userId,
      kind: notifications.kind,
      createdAt: notifications.createdAt,
    })
    .from(notifications)
    .where(eq(notifications.eventId, eventId));
}

async function ideaRow(id: number) {
  const [row] = await db().select().from(ideas).where(eq(ideas.id, id));
  return row!;
}

describe('a command reads its clock once', () => {
  it('stamps a new brand, its owner and a new challenge with the clock’s time', async () => {
    const clock = testClock(START);
    const at = clock.now();
    const owner = await makeUser(db());
    const { result: brand, event: brandEvent } = await expectOneEvent(
      db(),
      () =>
        createBrand(db(), {
          actor: owner,
          brand: { name: `Clockwork ${Date.now()}`, description: 'Ticks.', website: undefined },
          clock,
        }),
      'brand.created',
    );
    const [member] = await db()
      .select()
      .from(brandMembers)
      .where(eq(brandMembers.brandId, brand.id));
    expect([brand.createdAt, member!.createdAt, brandEvent.createdAt]).toEqual([at, at, at]);

    const challengeInput = challengeSchema.parse({
      title: `A timed challenge ${Date.now()}`,
      brief: 'A brief long enough to pass validation, written by a test.',
      tags: 'time',
      maxIdeasPerUser: '3',
    });
    const { result: challenge, event } = await expectOneEvent(
      db(),
      () =>
        createChallenge(db(), {
          actor: owner,
          brandId: brand.id,
          challenge: challengeInput,
          clock,
        }),
      'challenge.created',
    );
    expect([
      challenge.createdAt,
      challenge.updatedAt,
      challenge.stageChangedAt,
      event.createdAt,
    ]).toEqual([at, at, at, at]);
  });

  it('stores the time in a new idea, its event and the notification to the author it builds on', async () => {
    const { author, challenge } = await openChallenge();
    const original = await makeIdea(db(), author, challenge.id);
    const builder = await makeUser(db());
    const clock = testClock(START);
    const at = clock.now();
    const { result: idea, event } = await expectOneEvent(
      db(),
      () =>
        submitIdea(db(), {
          actor: builder,
          challengeId: challenge.id,
          idea: ideaInput({ buildsOnId: original.id }),
          clock,
        }),
      'idea.created',
    );
    expect([idea.createdAt, idea.updatedAt, idea.lastActivityAt, event.createdAt]).toEqual([
      at,
      at,
      at,
      at,
    ]);
    expect(await notificationsOf(event.id)).toEqual([
      { userId: author.id, kind: 'build', createdAt: at },
    ]);
  });

  it('stores the time in a comment, the idea’s last activity, the event and the notification', async () => {
    const { author, challenge } = await openChallenge();
    const idea = await makeIdea(db(), author, challenge.id);
    const commenter = await makeUser(db());
    const clock = testClock(START);
    const at = clock.now();
    const { result: comment, event } = await expectOneEvent(
      db(),
      () =>
        addComment(db(), {
          actor: commenter,
          ideaId: idea.id,
          comment: { body: 'Right on time.', parentId: null },
          clock,
        }),
      'comment.created',
    );
    expect([comment.createdAt, comment.updatedAt, event.createdAt]).toEqual([at, at, at]);
    expect((await ideaRow(idea.id)).lastActivityAt).toEqual(at);
    expect(await notificationsOf(event.id)).toEqual([
      { userId: author.id, kind: 'comment', createdAt: at },
    ]);
  });

  it('stores the time in a vote, the idea’s last activity, the event and the notification', async () => {
    const { author, challenge } = await openChallenge();
    const idea = await makeIdea(db(), author, challenge.id);
    const voter = await makeUser(db());
    const clock = testClock(START);
    const at = clock.now();
    const { event } = await expectOneEvent(
      db(),
      () => castVote(db(), { actor: voter, ideaId: idea.id, value: 1, clock }),
      'vote.cast',
    );
    const [vote] = await db().select().from(votes).where(eq(votes.ideaId, idea.id));
    expect([vote!.createdAt, vote!.updatedAt, event.createdAt]).toEqual([at, at, at]);
    expect((await ideaRow(idea.id)).lastActivityAt).toEqual(at);
    expect(await notificationsOf(event.id)).toEqual([
      { userId: author.id, kind: 'vote', createdAt: at },
    ]);
  });

  it('stores the time of a stage move in the challenge and its event', async () => {
    const { owner, challenge } = await openChallenge();
    const clock = testClock(START);
    const at = clock.now();
    const { result: moved, event } = await expectOneEvent(
      db(),
      () => changeStage(db(), { actor: owner, challengeId: challenge.id, to: 'voting', clock }),
      'challenge.stage_changed',
    );
    expect([moved.stageChangedAt, moved.updatedAt, event.createdAt]).toEqual([at, at, at]);
  });
});

describe('later changes follow the clock', () => {
  it('edits, vote changes, comment edits and deletions, reading and withdrawing each take the time they happen', async () => {
    const { author, challenge } = await openChallenge();
    const voter = await makeUser(db());
    await canOppose(db(), voter.id);
    const clock = testClock(START);
    const start = clock.now();
    const idea = await submitIdea(db(), {
      actor: author,
      challengeId: challenge.id,
      idea: ideaInput(),
      clock,
    });
    await castVote(db(), { actor: voter, ideaId: idea.id, value: 1, clock });
    const comment = await addComment(db(), {
      actor: voter,
      ideaId: idea.id,
      comment: { body: 'First thoughts.', parentId: null },
      clock,
    });

    clock.advance(HOUR);
    const edited = await editIdea(db(), {
      actor: author,
      ideaId: idea.id,
      idea: ideaInput({ title: 'An idea, edited later' }),
      clock,
    });
    expect([edited.createdAt, edited.updatedAt, edited.lastActivityAt]).toEqual([
      start,
      clock.now(),
      clock.now(),
    ]);

    clock.advance(HOUR);
    await castVote(db(), { actor: voter, ideaId: idea.id, value: -1, clock });
    const [vote] = await db().select().from(votes).where(eq(votes.ideaId, idea.id));
    expect([vote!.createdAt, vote!.updatedAt]).toEqual([start, clock.now()]);
    expect((await ideaRow(idea.id)).lastActivityAt).toEqual(clock.now());

    clock.advance(HOUR);
    const rewritten = await editComment(db(), {
      actor: voter,
      commentId: comment.id,
      body: 'Second thoughts.',
      clock,
    });
    expect([rewritten.createdAt, rewritten.updatedAt]).toEqual([start, clock.now()]);

    clock.advance(HOUR);
    await deleteComment(db(), { actor: voter, commentId: comment.id, clock });
    const [deleted] = await db().select().from(comments).where(eq(comments.id, comment.id));
    expect(deleted!.deletedAt).toEqual(clock.now());

    clock.advance(HOUR);
    expect(await markRead(db(), { userId: author.id, clock })).toBe(2);
    const read = await db()
      .select({ createdAt: notifications.createdAt, readAt: notifications.readAt })
      .from(notifications)
      .where(eq(notifications.userId, author.id));
    expect(read).toEqual([
      { createdAt: start, readAt: clock.now() },
      { createdAt: start, readAt: clock.now() },
    ]);

    clock.advance(HOUR);
    const withdrawn = await withdrawIdea(db(), { actor: author, ideaId: idea.id, clock });
    expect([withdrawn.status, withdrawn.updatedAt]).toEqual(['withdrawn', clock.now()]);
  });
});
