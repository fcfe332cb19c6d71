// The audit log: append-only in the database, and one entry (actor, target, reason, before/after)
// from each brand-administration command and a moderator's comment deletion, written in the
// command's transaction, so a refused command leaves no entry.
import { and, desc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, challenges, type AuditAction } from '../../../db/schema';
import { addManager, removeManager } from '#app/domain/brands/commands.server';
import { addComment, deleteComment } from '#app/domain/comments/commands.server';
import {
  changeStage,
  moveStageBySchedule,
  updateChallenge,
} from '#app/domain/challenges/commands.server';
import { challengeSchema } from '#app/domain/challenges/schema';
import {
  awardChallenge,
  fulfilReward,
  revokeReward,
  saveScorecard,
  shortlistIdea,
  unshortlistIdea,
} from '#app/domain/judging/commands.server';
import { testClock } from '#app/domain/core/clock';
import { recordAudit } from '#app/domain/audit/log.server';
import { useTestDatabase } from '../../support/db';
import { makeBrand, makeChallenge, makeIdea, makeUser } from '../../support/factories';
import { expectRefused, sqlStateOfRefused } from '../../support/assertions';

const db = useTestDatabase();

async function entries(action: AuditAction, targetId?: string | number) {
  return db()
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.action, action),
        targetId === undefined ? undefined : eq(auditLog.targetId, String(targetId)),
      ),
    )
    .orderBy(desc(auditLog.id));
}

async function reviewSetup() {
  const owner = await makeUser(db());
  const manager = await makeUser(db());
  const brand = await makeBrand(db(), owner);
  await addManager(db(), { actor: owner, brandId: brand.id, handle: manager.handle });
  const challenge = await makeChallenge(db(), owner, { brandId: brand.id, stage: 'open' });
  const author = await makeUser(db());
  const other = await makeUser(db());
  const idea = await makeIdea(db(), author, challenge.id);
  const second = await makeIdea(db(), other, challenge.id);
  const [reviewed] = await db()
    .update(challenges)
    .set({
      stage: 'review',
      criteria: [
        { name: 'Originality', weight: 40 },
        { name: 'Feasibility', weight: 60 },
      ],
      prizes: [{ points: 100, item: 'A mug' }],
      rewardPoints: 100,
    })
    .where(eq(challenges.id, challenge.id))
    .returning();
  return { owner, manager, brand, challenge: reviewed!, author, idea, second };
}

describe('the audit log table', () => {
  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    const actor = await makeUser(db());
    await db().transaction((tx) =>
      recordAudit(tx, {
        at: new Date(),
        actorId: actor.id,
        action: 'user.role_changed',
        target: { kind: 'user', id: actor.id },
        reason: 'a test',
      }),
    );
    for (const statement of [
      sql`update audit_log set reason = 'rewritten'`,
      sql`delete from audit_log`,
      sql`truncate audit_log`,
    ]) {
      const state = await sqlStateOfRefused(db(), () => db().execute(statement));
      expect(state).toBe('P0001');
    }
  });
});

describe('a comment deleted by a moderator', () => {
  it('records who deleted whose comment, why, and an excerpt of what it said', async () => {
    const owner = await makeUser(db());
    const challenge = await makeChallenge(db(), owner, { stage: 'open' });
    const author = await makeUser(db());
    const idea = await makeIdea(db(), author, challenge.id);
    const comment = await addComment(db(), {
      actor: author,
      ideaId: idea.id,
      comment: { body: 'Buy cheap pills at example.test', parentId: null },
    });
    const moderator = await makeUser(db(), { role: 'moderator' });
    await deleteComment(db(), {
      actor: moderator,
      commentId: comment.id,
      reason: 'Spam link',
    });
    const [entry] = await entries('comment.deleted', comment.id);
    expect(entry).toMatchObject({
      actorId: moderator.id,
      targetKind: 'comment',
      ideaId: idea.id,
      challengeId: challenge.id,
      brandId: challenge.brandId,
      subjectUserId: author.id,
      reason: 'Spam link',
      before: { body: 'Buy cheap pills at example.test' },
      after: { body: '[deleted]' },
    });
  });

  it('records nothing when authors delete their own comment', async () => {
    const owner = await makeUser(db());
    const challenge = await makeChallenge(db(), owner, { stage: 'open' });
    const author = await makeUser(db());
    const idea = await makeIdea(db(), author, challenge.id);
    const comment = await addComment(db(), {
      actor: author,
      ideaId: idea.id,
      comment: { body: 'Never mind', parentId: null },
    });
    await deleteComment(db(), { actor: author, commentId: comment.id });
    expect(await entries('comment.deleted', comment.id)).toEqual([]);
  });

  it('writes nothing when someone who is not a moderator tries', async () => {
    const owner = await makeUser(db());
    const challenge = await makeChallenge(db(), owner, { stage: 'open' });
    const author = await makeUser(db());
    const idea = await makeIdea(db(), author, challenge.id);
    const comment = await addComment(db(), {
      actor: author,
      ideaId: idea.id,
      comment: { body: 'Mine', parentId: null },
    });
    const stranger = await makeUser(db());
    await expectRefused(
      db(),
      () => deleteComment(db(), { actor: stranger, commentId: comment.id, reason: 'x' }),
      'Forbidden',
    );
  });
});

describe('judging', () => {
  it('records a submitted scorecard with its weighted score, not a draft', async () => {
    const { manager, idea, author } = await reviewSetup();
    await saveScorecard(db(), { actor: manager, ideaId: idea.id, scores: [3, 4], submit: false });
    expect(await entries('idea.scored', idea.id)).toEqual([]);
    await saveScorecard(db(), { actor: manager, ideaId: idea.id, scores: [3, 4], submit: true });
    const [entry] = await entries('idea.scored', idea.id);
    expect(entry).toMatchObject({
      actorId: manager.id,
      targetKind: 'idea',
      subjectUserId: author.id,
      after: { weighted: 3.6, scores: [3, 4] },
    });
  });

  it('records shortlisting, unshortlisting, the award, the stage move and the rewards', async () => {
    const { owner, manager, idea, brand, challenge, author } = await reviewSetup();
    await shortlistIdea(db(), { actor: manager, ideaId: idea.id });
    await unshortlistIdea(db(), { actor: manager, ideaId: idea.id });
    await shortlistIdea(db(), { actor: manager, ideaId: idea.id });
    const [on, off] = [
      await entries('idea.shortlisted', idea.id),
      await entries('idea.unshortlisted', idea.id),
    ];
    expect(on).toHaveLength(2);
    expect(on[0]).toMatchObject({
      actorId: manager.id,
      brandId: brand.id,
      before: { status: 'published' },
      after: { status: 'shortlisted' },
    });
    expect(off[0]).toMatchObject({
      before: { status: 'shortlisted' },
      after: { status: 'published' },
    });

    const { rewards } = await awardChallenge(db(), {
      actor: owner,
      challengeId: challenge.id,
      winners: [{ rank: 1, ideaId: idea.id }],
    });
    const [granted] = await entries('reward.granted', rewards[0]!.id);
    expect(granted).toMatchObject({
      actorId: owner.id,
      targetKind: 'reward',
      ideaId: idea.id,
      subjectUserId: author.id,
      after: { rank: 1, points: 100, prize: 'A mug', status: 'pending' },
    });
    const [moved] = await entries('challenge.stage_moved', challenge.id);
    expect(moved).toMatchObject({
      actorId: owner.id,
      before: { stage: 'review' },
      after: { stage: 'awarded' },
    });

    await fulfilReward(db(), { actor: manager, rewardId: rewards[0]!.id, note: 'Mug posted' });
    const [fulfilled] = await entries('reward.fulfilled', rewards[0]!.id);
    expect(fulfilled).toMatchObject({
      actorId: manager.id,
      reason: 'Mug posted',
      before: { status: 'pending' },
      after: { status: 'fulfilled' },
    });
  });

  it('records a revoked reward with its note', async () => {
    const { owner, idea, challenge } = await reviewSetup();
    await shortlistIdea(db(), { actor: owner, ideaId: idea.id });
    const { rewards } = await awardChallenge(db(), {
      actor: owner,
      challengeId: challenge.id,
      winners: [{ rank: 1, ideaId: idea.id }],
    });
    await revokeReward(db(), { actor: owner, rewardId: rewards[0]!.id, note: 'Copied idea' });
    const [revoked] = await entries('reward.revoked', rewards[0]!.id);
    expect(revoked).toMatchObject({ reason: 'Copied idea', after: { status: 'revoked' } });
  });

  it('writes no entry when a stranger tries to shortlist or score', async () => {
    const { idea } = await reviewSetup();
    const stranger = await makeUser(db());
    await expectRefused(
      db(),
      () => shortlistIdea(db(), { actor: stranger, ideaId: idea.id }),
      'Forbidden',
    );
    await expectRefused(
      db(),
      () => saveScorecard(db(), { actor: stranger, ideaId: idea.id, scores: [1, 1], submit: true }),
      'Forbidden',
    );
  });
});

describe('challenges', () => {
  const input = (over: Record<string, string> = {}) =>
    challengeSchema.parse({
      title: 'Less packaging waste',
      brief: 'How might we cut packaging waste by half this year?',
      tags: 'packaging',
      ...over,
    });

  it('records stage moves by hand and by the schedule (the system)', async () => {
    const owner = await makeUser(db());
    const challenge = await makeChallenge(db(), owner);
    await changeStage(db(), { actor: owner, challengeId: challenge.id, to: 'open' });
    const [byHand] = await entries('challenge.stage_moved', challenge.id);
    expect(byHand).toMatchObject({
      actorId: owner.id,
      brandId: challenge.brandId,
      before: { stage: 'draft' },
      after: { stage: 'open' },
    });
    const clock = testClock('2030-01-01T00:00:00Z');
    await db()
      .update(challenges)
      .set({ votingAt: new Date('2029-12-31T00:00:00Z') })
      .where(eq(challenges.id, challenge.id));
    await moveStageBySchedule(db(), { challengeId: challenge.id, clock });
    const [bySchedule] = await entries('challenge.stage_moved', challenge.id);
    expect(bySchedule).toMatchObject({
      actorId: null,
      before: { stage: 'open' },
      after: { stage: 'voting', by: 'schedule' },
    });
  });

  it('records edits after opening with only the fields that changed; a draft is not audited', async () => {
    const owner = await makeUser(db());
    const challenge = await makeChallenge(db(), owner, { title: 'Less packaging waste' });
    await updateChallenge(db(), {
      actor: owner,
      challengeId: challenge.id,
      challenge: input({ title: 'Less packaging waste now' }),
    });
    expect(await entries('challenge.edited', challenge.id)).toEqual([]);
    await changeStage(db(), { actor: owner, challengeId: challenge.id, to: 'open' });
    await updateChallenge(db(), {
      actor: owner,
      challengeId: challenge.id,
      challenge: input({ title: 'Less packaging waste now', tags: 'packaging, reuse' }),
    });
    const [edited] = await entries('challenge.edited', challenge.id);
    expect(edited).toMatchObject({
      actorId: owner.id,
      before: { tags: ['packaging'] },
      after: { tags: ['packaging', 'reuse'] },
    });
    expect(Object.keys(edited!.after!)).toEqual(['tags']);
  });

  it('does not take an unchanged prize split for a change (jsonb keeps its own key order)', async () => {
    const owner = await makeUser(db());
    const challenge = await makeChallenge(db(), owner, { stage: 'open' });
    const withPrizes = input({ rewardPoints: '100', prizes: '100 | A mug' });
    await updateChallenge(db(), { actor: owner, challengeId: challenge.id, challenge: withPrizes });
    expect(await entries('challenge.edited', challenge.id)).toHaveLength(1);
    await updateChallenge(db(), { actor: owner, challengeId: challenge.id, challenge: withPrizes });
    expect(await entries('challenge.edited', challenge.id)).toHaveLength(1);
  });

  it('writes nothing when a stranger tries to move the stage', async () => {
    const owner = await makeUser(db());
    const challenge = await makeChallenge(db(), owner);
    const stranger = await makeUser(db());
    await expectRefused(
      db(),
      () => changeStage(db(), { actor: stranger, challengeId: challenge.id, to: 'open' }),
      'Forbidden',
    );
  });
});

describe('brand managers', () => {
  it('records a manager added and removed, the person as subject', async () => {
    const owner = await makeUser(db());
    const brand = await makeBrand(db(), owner);
    const manager = await makeUser(db());
    await addManager(db(), { actor: owner, brandId: brand.id, handle: manager.handle });
    await removeManager(db(), { actor: owner, brandId: brand.id, handle: manager.handle });
    const [added] = await entries('brand.member_added', manager.id);
    const [removed] = await entries('brand.member_removed', manager.id);
    expect(added).toMatchObject({
      actorId: owner.id,
      brandId: brand.id,
      targetKind: 'user',
      subjectUserId: manager.id,
      after: { role: 'manager' },
    });
    expect(removed).toMatchObject({ before: { role: 'manager' }, after: null });
  });

  it('writes nothing when a manager tries to add another', async () => {
    const owner = await makeUser(db());
    const brand = await makeBrand(db(), owner);
    const manager = await makeUser(db());
    await addManager(db(), { actor: owner, brandId: brand.id, handle: manager.handle });
    const other = await makeUser(db());
    await expectRefused(
      db(),
      () => addManager(db(), { actor: manager, brandId: brand.id, handle: other.handle }),
      'Forbidden',
    );
  });
});
