// Merging a duplicate idea into its original (issue 15 item 3): votes moved or dropped, exact counts,
// the merged idea's status, events, audit entry and notifications — and every refusal writes nothing.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, ideas, notifications, pointEntries, votes } from '../../../db/schema';
import { testClock } from '#app/domain/core/clock';
import { withdrawIdea } from '#app/domain/ideas/commands.server';
import { canMerge, mergeFormSchema } from '#app/domain/moderation/merge';
import { mergeIdeas, mergedIdeasOf, mergedTitle } from '#app/domain/moderation/merge.server';
import { castVote } from '#app/domain/votes/commands.server';
import { useTestDatabase } from '../../support/db';
import {
  makeBrand,
  makeChallenge,
  makeIdea,
  makeUser,
  type TestUser,
} from '../../support/factories';
import {
  eventsSince,
  expectRefused,
  fieldErrors,
  lastEventId,
  repeat,
  voteTally,
} from '../../support/assertions';
import { makeOpposer } from '../../support/reputation';

const db = useTestDatabase();
const REASON = 'Same refill idea, posted twice.';

/** A challenge open for votes, its brand's owner, a moderator, and two ideas by two authors. */
async function pair() {
  const owner = await makeUser(db());
  const moderator = await makeUser(db(), { role: 'moderator' });
  const challenge = await makeChallenge(db(), owner, { stage: 'open' });
  const authorA = await makeUser(db());
  const authorB = await makeUser(db());
  const A = await makeIdea(db(), authorA, challenge.id, { title: 'Refill stations at checkout' });
  const B = await makeIdea(db(), authorB, challenge.id, { title: 'Refill stations near tills' });
  return { owner, moderator, challenge, authorA, authorB, A, B };
}

const vote = (actor: TestUser, ideaId: number, value: 1 | -1) =>
  castVote(db(), { actor, ideaId, value });

const votesOn = (ideaId: number) =>
  db()
    .select({ userId: votes.userId, value: votes.value })
    .from(votes)
    .where(eq(votes.ideaId, ideaId))
    .orderBy(asc(votes.userId));

const ideaRow = async (id: number) => (await db().select().from(ideas).where(eq(ideas.id, id)))[0]!;

describe('canMerge and the merge form', () => {
  it('lets moderators, admins and the brand’s members merge, and nobody else', () => {
    expect(canMerge({ id: 'm', role: 'moderator' }, { memberRole: null })).toBe(true);
    expect(canMerge({ id: 'a', role: 'admin' }, { memberRole: null })).toBe(true);
    expect(canMerge({ id: 'o', role: 'prosumer' }, { memberRole: 'owner' })).toBe(true);
    expect(canMerge({ id: 'g', role: 'prosumer' }, { memberRole: 'manager' })).toBe(true);
    expect(canMerge({ id: 'p', role: 'prosumer' }, { memberRole: null })).toBe(false);
    expect(canMerge(null, { memberRole: 'owner' })).toBe(false);
  });

  it('takes an idea id and a reason of 1–500 characters', () => {
    expect(mergeFormSchema.parse({ intoId: '12', reason: '  dup  ' })).toEqual({
      intoId: 12,
      reason: 'dup',
    });
    expect(fieldErrors(mergeFormSchema, { intoId: '12', reason: '   ' }).reason).toEqual([
      'Say why these ideas are being merged.',
    ]);
    expect(fieldErrors(mergeFormSchema, { intoId: '12' }).reason).toEqual([
      'Say why these ideas are being merged.',
    ]);
    expect(fieldErrors(mergeFormSchema, { intoId: '12', reason: repeat(501) }).reason).toEqual([
      'The reason can be at most 500 characters.',
    ]);
    expect(fieldErrors(mergeFormSchema, { intoId: 'x1', reason: 'ok' }).intoId).toBeDefined();
    expect(fieldErrors(mergeFormSchema, { intoId: ['1', '2'], reason: 'ok' }).intoId).toBeDefined();
  });
});

describe('mergeIdeas', () => {
  it('moves B’s votes to A, keeps one vote per voter on A, and counts exactly', async () => {
    const { moderator, authorA, A, B } = await pair();
    const onlyB = await makeUser(db());
    const onlyBOpposer = await makeOpposer(db());
    const both = await makeUser(db());
    const bothOpposite = await makeOpposer(db());
    const onlyA = await makeUser(db());
    await vote(onlyB, B.id, 1);
    await vote(onlyBOpposer, B.id, -1);
    await vote(both, B.id, 1);
    await vote(both, A.id, 1);
    await vote(bothOpposite, B.id, 1);
    await vote(bothOpposite, A.id, -1);
    await vote(onlyA, A.id, 1);
    // A's author supported B: moved, it would be a vote on their own idea, so it goes.
    await vote(authorA, B.id, 1);

    const result = await mergeIdeas(db(), {
      actor: moderator,
      fromId: B.id,
      intoId: A.id,
      reason: REASON,
    });
    expect(result).toEqual({ intoId: A.id, moved: 2, dropped: 3 });

    const expected = [
      { userId: onlyB.id, value: 1 },
      { userId: onlyBOpposer.id, value: -1 },
      { userId: both.id, value: 1 },
      { userId: bothOpposite.id, value: -1 },
      { userId: onlyA.id, value: 1 },
    ].sort((x, y) => (x.userId < y.userId ? -1 : 1));
    expect(await votesOn(A.id)).toEqual(expected);
    expect(await votesOn(B.id)).toEqual([]);
    expect(await voteTally(db(), A.id)).toEqual({
      stored: { support: 3, oppose: 2 },
      actual: { support: 3, oppose: 2 },
    });
    expect(await voteTally(db(), B.id)).toEqual({
      stored: { support: 0, oppose: 0 },
      actual: { support: 0, oppose: 0 },
    });
  });

  it('marks B merged into A, which is where its page now sends readers', async () => {
    const { owner, A, B } = await pair();
    const clock = testClock('2026-05-04T10:00:00.000Z');
    await mergeIdeas(db(), { actor: owner, fromId: B.id, intoId: A.id, reason: REASON, clock });
    const b = await ideaRow(B.id);
    expect(b.status).toBe('merged');
    expect(b.mergedIntoId).toBe(A.id);
    expect(b.lastActivityAt.toISOString()).toBe('2026-05-04T10:00:00.000Z');
    expect((await ideaRow(A.id)).lastActivityAt.toISOString()).toBe('2026-05-04T10:00:00.000Z');
    expect(await mergedTitle(db(), A.id, B.id)).toBe('Refill stations near tills');
    expect(await mergedTitle(db(), B.id, A.id)).toBeNull();
  });

  it('credits B’s author on A, and leaves everyone’s points as they were', async () => {
    const { moderator, authorB, A, B } = await pair();
    const voter = await makeUser(db());
    await vote(voter, B.id, 1);
    const entriesBefore = await db().select().from(pointEntries).orderBy(asc(pointEntries.id));
    await mergeIdeas(db(), { actor: moderator, fromId: B.id, intoId: A.id, reason: REASON });
    expect(await mergedIdeasOf(db(), A.id)).toEqual([
      {
        id: B.id,
        title: 'Refill stations near tills',
        authorHandle: authorB.handle,
        authorName: authorB.handle,
        commentCount: 0,
      },
    ]);
    expect(await db().select().from(pointEntries).orderBy(asc(pointEntries.id))).toEqual(
      entriesBefore,
    );
    // Withdrawing the moved vote on A takes back nothing B's author earned from it.
    await castVote(db(), { actor: voter, ideaId: A.id, value: 0 });
    const reversals = await db()
      .select()
      .from(pointEntries)
      .where(eq(pointEntries.userId, authorB.id));
    expect(reversals.filter((e) => e.reversesId !== null)).toEqual([]);
    expect(await voteTally(db(), A.id)).toEqual({
      stored: { support: 0, oppose: 0 },
      actual: { support: 0, oppose: 0 },
    });
  });

  it('appends idea.merged and idea.merge_received with A’s counts, and one audit entry', async () => {
    const { moderator, authorA, authorB, challenge, A, B } = await pair();
    const voter = await makeUser(db());
    const twice = await makeUser(db());
    await vote(voter, B.id, 1);
    await vote(twice, B.id, 1);
    await vote(twice, A.id, 1);
    const since = await lastEventId(db());
    await mergeIdeas(db(), { actor: moderator, fromId: B.id, intoId: A.id, reason: REASON });
    const written = await eventsSince(db(), since);
    expect(written.map((e) => e.type)).toEqual(['idea.merged', 'idea.merge_received']);
    const [merged, received] = written;
    expect(merged).toMatchObject({
      actorId: moderator.id,
      ideaId: B.id,
      challengeId: challenge.id,
      brandId: challenge.brandId,
      subjectUserId: authorB.id,
      payload: { intoId: A.id, moved: 1, dropped: 1, supportCount: 2, opposeCount: 0 },
    });
    expect(received).toMatchObject({
      actorId: moderator.id,
      ideaId: A.id,
      subjectUserId: authorA.id,
      payload: { fromId: B.id, supportCount: 2, opposeCount: 0 },
    });

    const entries = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetKind, 'idea'), eq(auditLog.targetId, String(B.id))));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorId: moderator.id,
      action: 'idea.merged',
      brandId: challenge.brandId,
      challengeId: challenge.id,
      ideaId: B.id,
      subjectUserId: authorB.id,
      reason: REASON,
      before: {
        from: { status: 'published', supportCount: 2, opposeCount: 0 },
        into: { id: A.id, status: 'published', supportCount: 1, opposeCount: 0 },
      },
      after: {
        from: { status: 'merged', supportCount: 0, opposeCount: 0, mergedIntoId: A.id },
        into: { id: A.id, status: 'published', supportCount: 2, opposeCount: 0 },
        moved: 1,
        dropped: 1,
      },
    });
  });

  it('tells B’s author and every voter of B, moved or dropped, once each — not the moderator', async () => {
    const { moderator, authorA, authorB, A, B } = await pair();
    const moved = await makeUser(db());
    const dropped = await makeUser(db());
    const onlyA = await makeUser(db());
    await vote(moved, B.id, 1);
    await vote(dropped, B.id, 1);
    await vote(dropped, A.id, 1);
    await vote(onlyA, A.id, 1);
    await vote(moderator, B.id, 1);
    const since = await lastEventId(db());
    await mergeIdeas(db(), { actor: moderator, fromId: B.id, intoId: A.id, reason: REASON });
    const [merged] = await eventsSince(db(), since);
    const told = await db()
      .select({
        userId: notifications.userId,
        kind: notifications.kind,
        ideaId: notifications.ideaId,
        actorId: notifications.actorId,
        eventId: notifications.eventId,
      })
      .from(notifications)
      .where(
        inArray(notifications.userId, [
          authorA.id,
          authorB.id,
          moved.id,
          dropped.id,
          onlyA.id,
          moderator.id,
        ]),
      );
    const kindsOfMerge = told.filter((n) => n.kind === 'merged');
    expect(kindsOfMerge.map((n) => n.userId).sort()).toEqual(
      [authorB.id, moved.id, dropped.id].sort(),
    );
    for (const n of kindsOfMerge)
      expect(n).toMatchObject({ ideaId: A.id, actorId: moderator.id, eventId: merged!.id });
  });

  it('carries the ideas merged into B over to A, so A credits them all', async () => {
    const { moderator, challenge, A, B } = await pair();
    const C = await makeIdea(db(), await makeUser(db()), challenge.id);
    await mergeIdeas(db(), { actor: moderator, fromId: C.id, intoId: B.id, reason: REASON });
    await mergeIdeas(db(), { actor: moderator, fromId: B.id, intoId: A.id, reason: REASON });
    expect((await ideaRow(C.id)).mergedIntoId).toBe(A.id);
    expect((await mergedIdeasOf(db(), A.id)).map((m) => m.id)).toEqual([C.id, B.id]);
    const [entry] = await db()
      .select({ after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'idea.merged'), eq(auditLog.targetId, String(B.id))));
    expect(entry!.after).toMatchObject({ carried: [C.id] });
  });

  it('lets the brand’s owner merge on their own challenge', async () => {
    const { owner, A, B } = await pair();
    await expect(
      mergeIdeas(db(), { actor: owner, fromId: B.id, intoId: A.id, reason: REASON }),
    ).resolves.toEqual({ intoId: A.id, moved: 0, dropped: 0 });
  });

  it('refuses votes on B once merged (404), and counts a vote on A as usual', async () => {
    const { moderator, A, B } = await pair();
    await mergeIdeas(db(), { actor: moderator, fromId: B.id, intoId: A.id, reason: REASON });
    const late = await makeUser(db());
    await expectRefused(db(), () => vote(late, B.id, 1), 'NotFound');
    await expect(vote(late, A.id, 1)).resolves.toMatchObject({ supportCount: 1 });
  });
});

describe('mergeIdeas refuses, writing nothing', () => {
  it('an idea into itself (400)', async () => {
    const { moderator, B } = await pair();
    const e = await expectRefused(
      db(),
      () => mergeIdeas(db(), { actor: moderator, fromId: B.id, intoId: B.id, reason: REASON }),
      'Invalid',
    );
    expect(e.key).toBe('merge.errors.itself');
  });

  it('into an idea of another challenge (400), even of the same brand', async () => {
    const { owner, moderator, challenge, B } = await pair();
    const other = await makeChallenge(db(), owner, { stage: 'open', brandId: challenge.brandId });
    const elsewhere = await makeIdea(db(), await makeUser(db()), other.id);
    const e = await expectRefused(
      db(),
      () =>
        mergeIdeas(db(), { actor: moderator, fromId: B.id, intoId: elsewhere.id, reason: REASON }),
      'Invalid',
    );
    expect(e.message).toBe('Only ideas of the same challenge can be merged.');
  });

  it('in a cycle: A already merged into B cannot take B in (409)', async () => {
    const { moderator, A, B } = await pair();
    await mergeIdeas(db(), { actor: moderator, fromId: A.id, intoId: B.id, reason: REASON });
    const e = await expectRefused(
      db(),
      () => mergeIdeas(db(), { actor: moderator, fromId: B.id, intoId: A.id, reason: REASON }),
      'Conflict',
    );
    expect(e.key).toBe('merge.errors.cycle');
  });

  it('a B already merged, in either direction of a third idea (409)', async () => {
    const { moderator, challenge, A, B } = await pair();
    const C = await makeIdea(db(), await makeUser(db()), challenge.id);
    await mergeIdeas(db(), { actor: moderator, fromId: B.id, intoId: A.id, reason: REASON });
    const again = await expectRefused(
      db(),
      () => mergeIdeas(db(), { actor: moderator, fromId: B.id, intoId: C.id, reason: REASON }),
      'Conflict',
    );
    expect(again.message).toBe('This idea cannot be merged: it is already merged.');
    const into = await expectRefused(
      db(),
      () => mergeIdeas(db(), { actor: moderator, fromId: C.id, intoId: B.id, reason: REASON }),
      'Conflict',
    );
    expect(into.message).toBe(
      'The original cannot take in this idea: it is merged into another idea.',
    );
  });

  it('a hidden idea, as B or as A (409)', async () => {
    const { moderator, A, B } = await pair();
    await db()
      .update(ideas)
      .set({
        status: 'hidden',
        hiddenAt: new Date(),
        hiddenFrom: 'published',
        hiddenReason: 'spam',
      })
      .where(eq(ideas.id, B.id));
    for (const [fromId, intoId] of [
      [B.id, A.id],
      [A.id, B.id],
    ] as const)
      await expectRefused(
        db(),
        () => mergeIdeas(db(), { actor: moderator, fromId, intoId, reason: REASON }),
        'Conflict',
      );
  });

  it('a withdrawn idea, as B or as A (409)', async () => {
    const { moderator, authorA, A, B } = await pair();
    await withdrawIdea(db(), { actor: authorA, ideaId: A.id });
    const e = await expectRefused(
      db(),
      () => mergeIdeas(db(), { actor: moderator, fromId: B.id, intoId: A.id, reason: REASON }),
      'Conflict',
    );
    expect(e.message).toBe('The original cannot take in this idea: it is withdrawn.');
    await expectRefused(
      db(),
      () => mergeIdeas(db(), { actor: moderator, fromId: A.id, intoId: B.id, reason: REASON }),
      'Conflict',
    );
  });

  it('a prosumer, even the author of either idea (403)', async () => {
    const { authorA, authorB, A, B } = await pair();
    const voter = await makeUser(db());
    await vote(voter, B.id, 1);
    for (const actor of [voter, authorA, authorB]) {
      const e = await expectRefused(
        db(),
        () => mergeIdeas(db(), { actor, fromId: B.id, intoId: A.id, reason: REASON }),
        'Forbidden',
      );
      expect(e.key).toBe('merge.errors.notAllowed');
    }
  });

  it('a member of another brand (403)', async () => {
    const { A, B } = await pair();
    const otherOwner = await makeUser(db());
    await makeBrand(db(), otherOwner);
    await expectRefused(
      db(),
      () => mergeIdeas(db(), { actor: otherOwner, fromId: B.id, intoId: A.id, reason: REASON }),
      'Forbidden',
    );
  });

  it('a brand member merging their idea into another brand’s idea (400)', async () => {
    const { owner, B } = await pair();
    const foreign = await makeIdea(
      db(),
      await makeUser(db()),
      (await makeChallenge(db(), await makeUser(db()), { stage: 'open' })).id,
    );
    await expectRefused(
      db(),
      () => mergeIdeas(db(), { actor: owner, fromId: B.id, intoId: foreign.id, reason: REASON }),
      'Invalid',
    );
    // …and the other way round: B of another brand is not theirs to merge.
    await expectRefused(
      db(),
      () => mergeIdeas(db(), { actor: owner, fromId: foreign.id, intoId: B.id, reason: REASON }),
      'Forbidden',
    );
  });

  it('an idea that does not exist (404)', async () => {
    const { moderator, A } = await pair();
    for (const [fromId, intoId] of [
      [A.id, 2_000_000_000],
      [2_000_000_000, A.id],
    ] as const)
      await expectRefused(
        db(),
        () => mergeIdeas(db(), { actor: moderator, fromId, intoId, reason: REASON }),
        'NotFound',
      );
  });

  it.each([
    ['missing', undefined, 'Say why these ideas are being merged.'],
    ['blank', '   ', 'Say why these ideas are being merged.'],
    ['too long', repeat(501), 'The reason can be at most 500 characters.'],
    ['not text', 42, 'Say why these ideas are being merged.'],
  ])('a %s reason (400)', async (_what, reason, message) => {
    const { moderator, A, B } = await pair();
    const e = await expectRefused(
      db(),
      () =>
        mergeIdeas(db(), {
          actor: moderator,
          fromId: B.id,
          intoId: A.id,
          reason: reason as unknown as string,
        }),
      'Invalid',
    );
    expect(e.message).toBe(message);
  });

  it('keeps a reason with a script tag as plain text', async () => {
    const { moderator, A, B } = await pair();
    const reason = '<script>alert(1)</script> duplicate';
    await mergeIdeas(db(), { actor: moderator, fromId: B.id, intoId: A.id, reason });
    const [entry] = await db()
      .select({ reason: auditLog.reason })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'idea.merged'), eq(auditLog.targetId, String(B.id))));
    expect(entry!.reason).toBe(reason);
  });
});
