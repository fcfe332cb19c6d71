// The review queues (issue 15 item 2): who sees which items, in what order, the first posts of
// new accounts, and each action's effects — state, events, audit entries, notifications, the
// ledger's −50 and its reversal, flag bans — with every refusal writing nothing.
import { and, desc, eq, isNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  auditLog,
  challengeFollows,
  comments,
  contentReviews,
  events,
  flagBans,
  flags,
  ideas,
  notifications,
  pointEntries,
  users,
  type FlagReason,
} from '../../../db/schema';
import { addManager } from '#app/domain/brands/commands.server';
import { addComment } from '#app/domain/comments/commands.server';
import type { Actor } from '#app/domain/core/actor';
import { FLAG_BAN } from '#app/domain/moderation/flags';
import { actionSchemas, availableActions, reviewScope } from '#app/domain/moderation/queue';
import {
  approveContent,
  dismissFlags,
  editTags,
  hideContent,
  restoreContent,
  reviewQueue,
  reviewTarget,
} from '#app/domain/moderation/queue.server';
import { reputationOf } from '#app/domain/reputation/queries.server';
import { useTestDatabase } from '../../support/db';
import { makeBrand, makeChallenge, makeIdea, makeUser } from '../../support/factories';
import { giveReputation } from '../../support/reputation';
import { expectRefused, fieldErrors, repeat } from '../../support/assertions';

const db = useTestDatabase();
const DAY = 24 * 60 * 60 * 1000;

/** A brand with an open challenge, its owner, and an author whose account is two days old. */
async function world() {
  const owner = await makeUser(db());
  const brand = await makeBrand(db(), owner);
  const challenge = await makeChallenge(db(), owner, {
    brandId: brand.id,
    stage: 'open',
    maxIdeasPerUser: 10,
  });
  const author = await oldUser();
  return { owner, brand, challenge, author };
}

/** A person whose account is older than a day: their posts are no "first posts". */
async function oldUser(overrides: Parameters<typeof makeUser>[1] = {}) {
  const user = await makeUser(db(), overrides);
  await db()
    .update(users)
    .set({ createdAt: new Date(Date.now() - 2 * DAY) })
    .where(eq(users.id, user.id));
  return user;
}

const moderator = () => oldUser({ role: 'moderator' });

/** Flags written as flagging writes them (flagging itself is tested in flags.test.ts). */
async function flagIt(
  ideaId: number,
  options: { commentId?: number; reason?: FlagReason; at?: Date; by?: Actor; note?: string } = {},
) {
  const by = options.by ?? (await oldUser());
  await db()
    .insert(flags)
    .values({
      ideaId,
      commentId: options.commentId ?? null,
      flaggerId: by.id,
      reason: options.reason ?? 'spam',
      note: options.note ?? '',
      createdAt: options.at ?? new Date(),
    });
  return by;
}

/** The state three flags leave an idea in: hidden, pending review, no reason. */
async function autoHideIdea(ideaId: number) {
  for (let i = 0; i < 3; i++) await flagIt(ideaId);
  await db()
    .update(ideas)
    .set({ status: 'hidden', hiddenAt: new Date(), hiddenFrom: 'published', hiddenReason: null })
    .where(eq(ideas.id, ideaId));
}

const ideaRow = async (id: number) => (await db().select().from(ideas).where(eq(ideas.id, id)))[0]!;
const commentRow = async (id: number) =>
  (await db().select().from(comments).where(eq(comments.id, id)))[0]!;
const openFlagsOf = (ideaId: number) =>
  db()
    .select()
    .from(flags)
    .where(and(eq(flags.ideaId, ideaId), isNull(flags.resolvedAt)));
const eventTypes = async (ideaId: number) =>
  (await db().select({ type: events.type }).from(events).where(eq(events.ideaId, ideaId))).map(
    (e) => e.type,
  );
const auditOf = (ideaId: number) =>
  db().select().from(auditLog).where(eq(auditLog.ideaId, ideaId)).orderBy(auditLog.id);
const hiddenEntries = (userId: string) =>
  db()
    .select()
    .from(pointEntries)
    .where(and(eq(pointEntries.userId, userId), eq(pointEntries.rule, 'hidden')))
    .orderBy(pointEntries.id);
const moderationNotes = (userId: string) =>
  db()
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.kind, 'moderation')));

const queueKeys = async (viewer: Actor, filters: Parameters<typeof reviewQueue>[2] = {}) =>
  (await reviewQueue(db(), viewer, filters)).page.items.map((i) => i.key);

const idea = (id: number) => ({ kind: 'idea' as const, id });
const comment = (id: number) => ({ kind: 'comment' as const, id });

describe('who reviews what', () => {
  it('refuses people with no scope: a prosumer below 500 reputation', async () => {
    const someone = await oldUser();
    await giveReputation(db(), someone.id, 499);
    await expect(reviewQueue(db(), someone)).rejects.toMatchObject({ status: 403 });
    expect(reviewScope(null, { brandIds: [], reputation: 10_000 })).toBeNull();
  });

  it("shows moderators every brand's items, brand members only their own brand's", async () => {
    const a = await world();
    const b = await world();
    const ideaA = await makeIdea(db(), a.author, a.challenge.id);
    const ideaB = await makeIdea(db(), b.author, b.challenge.id);
    await flagIt(ideaA.id);
    await flagIt(ideaB.id);
    const mod = await moderator();
    const all = await queueKeys(mod, { kind: 'flagged' });
    expect(all).toEqual(expect.arrayContaining([`idea-${ideaA.id}`, `idea-${ideaB.id}`]));

    const manager = await oldUser();
    await addManager(db(), { actor: a.owner, brandId: a.brand.id, handle: manager.handle });
    for (const member of [a.owner, manager]) {
      const keys = await queueKeys(member);
      expect(keys).toContain(`idea-${ideaA.id}`);
      expect(keys).not.toContain(`idea-${ideaB.id}`);
      // Filtering by another brand shows nothing of it: the scope is in the query.
      expect(await queueKeys(member, { brandId: b.brand.id })).toEqual([]);
    }
  });

  it('gives people with 500 reputation a light queue of flagged items on challenges they follow', async () => {
    const followed = await world();
    const other = await world();
    const flaggedIdea = await makeIdea(db(), followed.author, followed.challenge.id);
    const quietIdea = await makeIdea(db(), followed.author, followed.challenge.id);
    const elsewhere = await makeIdea(db(), other.author, other.challenge.id);
    await flagIt(flaggedIdea.id);
    await flagIt(elsewhere.id);
    // A young account's first idea on the followed challenge: not for the light queue.
    const newcomer = await makeUser(db());
    const firstPost = await makeIdea(db(), newcomer, followed.challenge.id);

    const reviewer = await oldUser();
    await giveReputation(db(), reviewer.id, 500);
    await db()
      .insert(challengeFollows)
      .values({ challengeId: followed.challenge.id, userId: reviewer.id });
    const { scope, page } = await reviewQueue(db(), reviewer);
    expect(scope).toMatchObject({ staff: false, brandIds: [], light: true });
    const keys = page.items.map((i) => i.key);
    expect(keys).toContain(`idea-${flaggedIdea.id}`);
    expect(keys).not.toContain(`idea-${quietIdea.id}`);
    expect(keys).not.toContain(`idea-${elsewhere.id}`);
    expect(keys).not.toContain(`idea-${firstPost.id}`);
    const item = page.items.find((i) => i.key === `idea-${flaggedIdea.id}`)!;
    expect(item.access).toBe('light');
    expect(item.actions).toEqual(['dismiss', 'hide']);
  });

  it('offers each reviewer only the actions their access and the item allow', async () => {
    const mod = { id: 'm', role: 'moderator' as const };
    const base = {
      kind: 'idea' as const,
      openFlags: 2,
      hidden: false,
      autoHidden: false,
      merged: false,
      author: { id: 'a', role: 'prosumer' as const, deleted: false },
    };
    expect(availableActions(mod, 'staff', base)).toEqual([
      'dismiss',
      'hide',
      'editTags',
      'merge',
      'suspend',
    ]);
    expect(availableActions(mod, 'brand', base)).toEqual(['dismiss', 'hide', 'editTags', 'merge']);
    expect(availableActions(mod, 'light', base)).toEqual(['dismiss', 'hide']);
    expect(
      availableActions(mod, 'staff', { ...base, hidden: true, autoHidden: true, kind: 'comment' }),
    ).toEqual(['dismiss', 'hide', 'restore', 'suspend']);
    expect(availableActions(mod, 'staff', { ...base, openFlags: 0 })).toContain('approve');
    expect(
      availableActions(mod, 'staff', {
        ...base,
        author: { id: 'x', role: 'admin', deleted: false },
      }),
    ).not.toContain('suspend');
  });
});

describe('the order of the queue', () => {
  it('puts the most flagged first, then the oldest first flag, and shows what a card needs', async () => {
    const w = await world();
    const one = await makeIdea(db(), w.author, w.challenge.id, { tags: 'alpha, beta' });
    const three = await makeIdea(db(), w.author, w.challenge.id);
    const olderOne = await makeIdea(db(), w.author, w.challenge.id);
    const original = await makeIdea(db(), w.author, w.challenge.id, { title: 'The original one' });
    const now = Date.now();
    await flagIt(one.id, { at: new Date(now - 1000) });
    await flagIt(olderOne.id, { at: new Date(now - 60_000) });
    await flagIt(three.id, { at: new Date(now - 500), reason: 'offensive' });
    await flagIt(three.id, { at: new Date(now - 400), reason: 'offensive' });
    const dup = await oldUser();
    await db().insert(flags).values({
      ideaId: three.id,
      flaggerId: dup.id,
      reason: 'duplicate',
      duplicateOfId: original.id,
      note: 'same as the other <b>one</b>',
    });
    const { page } = await reviewQueue(db(), w.owner, { kind: 'flagged' });
    expect(page.items.map((i) => i.key)).toEqual([
      `idea-${three.id}`,
      `idea-${olderOne.id}`,
      `idea-${one.id}`,
    ]);
    const top = page.items[0]!;
    expect(top.flags.count).toBe(3);
    expect(top.flags.reasons).toEqual(
      expect.arrayContaining([
        { reason: 'offensive', count: 2 },
        { reason: 'duplicate', count: 1 },
      ]),
    );
    expect(top.flags.duplicates).toEqual([{ id: original.id, title: 'The original one' }]);
    expect(top.flags.notes).toEqual(['same as the other <b>one</b>']);
    expect(top.author.handle).toBe(w.author.handle);
    expect(top.author.young).toBe(false);
    expect(top.status).toBe('visible');
    expect(top.brand.slug).toBe(w.brand.slug);
    expect(page.items[2]!.tags).toEqual(['alpha', 'beta']);
    expect(page.total).toBe(3);
  });
});

describe('first posts of new accounts', () => {
  it('lists the first idea and first comment of accounts younger than a day until reviewed', async () => {
    const w = await world();
    const newcomer = await makeUser(db());
    const first = await makeIdea(db(), newcomer, w.challenge.id);
    const second = await makeIdea(db(), newcomer, w.challenge.id);
    const oldIdea = await makeIdea(db(), w.author, w.challenge.id);
    const talker = await makeUser(db());
    const firstComment = await addComment(db(), {
      actor: talker,
      ideaId: oldIdea.id,
      comment: { body: 'My very first comment', parentId: null },
    });
    await addComment(db(), {
      actor: talker,
      ideaId: oldIdea.id,
      comment: { body: 'My second comment', parentId: null },
    });
    const keys = await queueKeys(w.owner, { kind: 'new' });
    expect(keys).toEqual(
      expect.arrayContaining([`idea-${first.id}`, `comment-${firstComment.id}`]),
    );
    expect(keys).not.toContain(`idea-${second.id}`);
    expect(keys).not.toContain(`idea-${oldIdea.id}`);
    expect(keys).toHaveLength(2);
    const card = (await reviewQueue(db(), w.owner, { kind: 'new' })).page.items.find(
      (i) => i.key === `idea-${first.id}`,
    )!;
    expect(card.author.young).toBe(true);
    expect(card.actions).toContain('approve');

    // A day later the account is no longer new.
    expect(
      await queueKeys(w.owner, {
        kind: 'new',
        clock: { now: () => new Date(Date.now() + 2 * DAY) },
      }),
    ).toEqual([]);

    const before = await lastEventIdOf();
    await approveContent(db(), { actor: w.owner, item: idea(first.id), reason: 'Looks fine' });
    expect(await queueKeys(w.owner, { kind: 'new' })).toEqual([`comment-${firstComment.id}`]);
    const [review] = await db()
      .select()
      .from(contentReviews)
      .where(eq(contentReviews.ideaId, first.id));
    expect(review).toMatchObject({ commentId: null, reviewedBy: w.owner.id });
    expect((await eventsAfter(before)).map((e) => e.type)).toEqual(['content.approved']);
    const [entry] = await auditOf(first.id);
    expect(entry).toMatchObject({
      action: 'content.approved',
      actorId: w.owner.id,
      targetKind: 'idea',
      targetId: String(first.id),
      brandId: w.brand.id,
      challengeId: w.challenge.id,
      subjectUserId: newcomer.id,
      reason: 'Looks fine',
    });
    await expectRefused(
      db(),
      () => approveContent(db(), { actor: w.owner, item: idea(first.id), reason: 'again' }),
      'Conflict',
      /already reviewed/,
    );
  });

  it('moves a flagged first post to the flagged part, where approve is not offered', async () => {
    const w = await world();
    const newcomer = await makeUser(db());
    const first = await makeIdea(db(), newcomer, w.challenge.id);
    await flagIt(first.id);
    expect(await queueKeys(w.owner, { kind: 'new' })).toEqual([]);
    const [item] = (await reviewQueue(db(), w.owner)).page.items;
    expect(item?.key).toBe(`idea-${first.id}`);
    expect(item?.actions).not.toContain('approve');
    await expectRefused(
      db(),
      () => approveContent(db(), { actor: w.owner, item: idea(first.id), reason: 'fine' }),
      'Conflict',
    );
  });
});

async function lastEventIdOf() {
  const [row] = await db().select({ id: events.id }).from(events).orderBy(desc(events.id)).limit(1);
  return row?.id ?? 0;
}
const eventsAfter = async (id: number) =>
  (await db().select().from(events).orderBy(events.id)).filter((e) => e.id > id);

describe('dismiss', () => {
  it('resolves the open flags as dismissed, with its event and audit entry', async () => {
    const w = await world();
    const mod = await moderator();
    const target = await makeIdea(db(), w.author, w.challenge.id);
    await flagIt(target.id);
    await flagIt(target.id);
    const result = await dismissFlags(db(), {
      actor: mod,
      item: idea(target.id),
      reason: 'Not spam at all',
    });
    expect(result).toEqual({ dismissed: 2, restored: false });
    expect(await openFlagsOf(target.id)).toEqual([]);
    const resolved = await db().select().from(flags).where(eq(flags.ideaId, target.id));
    expect(resolved.every((f) => f.outcome === 'dismissed' && f.resolvedBy === mod.id)).toBe(true);
    expect(await eventTypes(target.id)).toContain('flags.dismissed');
    expect(await eventTypes(target.id)).not.toContain('content.restored');
    const [entry] = await auditOf(target.id);
    expect(entry).toMatchObject({
      action: 'flags.dismissed',
      actorId: mod.id,
      brandId: w.brand.id,
      challengeId: w.challenge.id,
      ideaId: target.id,
      subjectUserId: w.author.id,
      reason: 'Not spam at all',
    });
    expect((await ideaRow(target.id)).status).toBe('published');
    expect(await queueKeys(mod, { brandId: w.brand.id })).not.toContain(`idea-${target.id}`);
  });

  it('restores an item the flags hid automatically, without any ledger entry', async () => {
    const w = await world();
    const target = await makeIdea(db(), w.author, w.challenge.id);
    await autoHideIdea(target.id);
    const result = await dismissFlags(db(), {
      actor: w.owner,
      item: idea(target.id),
      reason: 'Fine as it is',
    });
    expect(result.restored).toBe(true);
    const row = await ideaRow(target.id);
    expect(row).toMatchObject({ status: 'published', hiddenAt: null, hiddenFrom: null });
    expect(await eventTypes(target.id)).toEqual(
      expect.arrayContaining(['content.restored', 'flags.dismissed']),
    );
    expect((await auditOf(target.id)).map((a) => a.action)).toEqual([
      'content.restored',
      'flags.dismissed',
    ]);
    expect(await hiddenEntries(w.author.id)).toEqual([]);
    expect(await moderationNotes(w.author.id)).toHaveLength(1);
  });

  it('refuses with 409 when there are no open flags, writing nothing', async () => {
    const w = await world();
    const target = await makeIdea(db(), w.author, w.challenge.id);
    await expectRefused(
      db(),
      () => dismissFlags(db(), { actor: w.owner, item: idea(target.id), reason: 'nothing' }),
      'Conflict',
      /no open flags/,
    );
  });

  it('takes the flag privilege away for a week from someone dismissed again and again', async () => {
    const w = await world();
    const mod = await moderator();
    const serial = await oldUser();
    const targets = [];
    for (let i = 0; i < FLAG_BAN.dismissals; i++) {
      const target = await makeIdea(db(), w.author, w.challenge.id);
      await flagIt(target.id, { by: serial });
      targets.push(target);
    }
    for (const [i, target] of targets.entries()) {
      await dismissFlags(db(), { actor: mod, item: idea(target.id), reason: `wrong flag ${i}` });
      const bans = await db().select().from(flagBans).where(eq(flagBans.userId, serial.id));
      expect(bans).toHaveLength(i === targets.length - 1 ? 1 : 0);
    }
    const [ban] = await db().select().from(flagBans).where(eq(flagBans.userId, serial.id));
    expect(ban!.endsAt.getTime() - ban!.startsAt.getTime()).toBe(FLAG_BAN.days * DAY);
    const [audit] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'user.flag_banned'), eq(auditLog.subjectUserId, serial.id)));
    expect(audit).toMatchObject({ targetKind: 'user', targetId: serial.id, actorId: mod.id });
    expect(await moderationNotes(serial.id)).toHaveLength(1);

    // A further dismissal while the ban runs adds no second ban.
    const another = await makeIdea(db(), w.author, w.challenge.id);
    await flagIt(another.id, { by: serial });
    await dismissFlags(db(), { actor: mod, item: idea(another.id), reason: 'again' });
    expect(await db().select().from(flagBans).where(eq(flagBans.userId, serial.id))).toHaveLength(
      1,
    );
  });
});

describe('hide', () => {
  it('upholds the flags, hides the idea, costs its author 50 points once and tells them', async () => {
    const w = await world();
    const mod = await moderator();
    const target = await makeIdea(db(), w.author, w.challenge.id);
    await giveReputation(db(), w.author.id, 100);
    await flagIt(target.id);
    await hideContent(db(), { actor: mod, item: idea(target.id), reason: 'Advertising' });
    expect(await ideaRow(target.id)).toMatchObject({
      status: 'hidden',
      hiddenFrom: 'published',
      hiddenReason: 'Advertising',
    });
    const resolved = await db().select().from(flags).where(eq(flags.ideaId, target.id));
    expect(resolved.map((f) => f.outcome)).toEqual(['upheld']);
    expect((await hiddenEntries(w.author.id)).map((e) => e.points)).toEqual([-50]);
    expect(await reputationOf(db(), w.author.id)).toBe(50);
    expect(await moderationNotes(w.author.id)).toHaveLength(1);
    const audit = await auditOf(target.id);
    expect(audit.map((a) => a.action)).toEqual(['content.hidden']);
    expect(audit[0]).toMatchObject({ reason: 'Advertising', subjectUserId: w.author.id });
    expect(audit[0]!.after).toMatchObject({ status: 'hidden', hiddenReason: 'Advertising' });

    // Hidden by a reviewer already: a second hide is a conflict and costs nothing more.
    await expectRefused(
      db(),
      () => hideContent(db(), { actor: mod, item: idea(target.id), reason: 'Again' }),
      'Conflict',
    );
    expect(await hiddenEntries(w.author.id)).toHaveLength(1);
  });

  it('upholds an automatic hide with the reviewer’s reason', async () => {
    const w = await world();
    const target = await makeIdea(db(), w.author, w.challenge.id);
    await autoHideIdea(target.id);
    const hiddenAt = (await ideaRow(target.id)).hiddenAt;
    await hideContent(db(), { actor: w.owner, item: idea(target.id), reason: 'Spam indeed' });
    expect(await ideaRow(target.id)).toMatchObject({
      status: 'hidden',
      hiddenAt,
      hiddenFrom: 'published',
      hiddenReason: 'Spam indeed',
    });
    expect(await openFlagsOf(target.id)).toEqual([]);
    expect(await hiddenEntries(w.author.id)).toHaveLength(1);
    expect(await queueKeys(w.owner)).not.toContain(`idea-${target.id}`);
  });

  it('hides a comment and takes it out of the idea’s comment count', async () => {
    const w = await world();
    const target = await makeIdea(db(), w.author, w.challenge.id);
    const commenter = await oldUser();
    const c = await addComment(db(), {
      actor: commenter,
      ideaId: target.id,
      comment: { body: 'Buy cheap watches', parentId: null },
    });
    await flagIt(target.id, { commentId: c.id });
    const before = (await ideaRow(target.id)).commentCount;
    await hideContent(db(), { actor: w.owner, item: comment(c.id), reason: 'Spam' });
    expect(await commentRow(c.id)).toMatchObject({ hiddenReason: 'Spam' });
    expect((await commentRow(c.id)).hiddenAt).not.toBeNull();
    expect((await ideaRow(target.id)).commentCount).toBe(before - 1);
    const [entry] = await hiddenEntries(commenter.id);
    expect(entry).toMatchObject({ points: -50, ideaId: target.id, commentId: c.id });
    const [audit] = await auditOf(target.id);
    expect(audit).toMatchObject({ targetKind: 'comment', targetId: String(c.id) });
  });
});

describe('restore', () => {
  it('brings back a hidden idea and gives back what hiding it cost', async () => {
    const w = await world();
    const mod = await moderator();
    const target = await makeIdea(db(), w.author, w.challenge.id);
    await giveReputation(db(), w.author.id, 100);
    await hideContent(db(), { actor: mod, item: idea(target.id), reason: 'Off-topic' });
    expect(await reputationOf(db(), w.author.id)).toBe(50);
    await restoreContent(db(), { actor: mod, item: idea(target.id), reason: 'It fits after all' });
    expect(await ideaRow(target.id)).toMatchObject({
      status: 'published',
      hiddenAt: null,
      hiddenFrom: null,
      hiddenReason: null,
    });
    expect(await reputationOf(db(), w.author.id)).toBe(100);
    const entries = await hiddenEntries(w.author.id);
    expect(entries.map((e) => e.points)).toEqual([-50, 50]);
    expect(entries[1]!.reversesId).toBe(entries[0]!.id);
    expect(await moderationNotes(w.author.id)).toHaveLength(2);
    expect((await auditOf(target.id)).map((a) => a.action)).toEqual([
      'content.hidden',
      'content.restored',
    ]);
    expect(await eventTypes(target.id)).toEqual(
      expect.arrayContaining(['content.hidden', 'content.restored']),
    );
    // Hidden again after a restore: it costs again, once.
    await hideContent(db(), { actor: mod, item: idea(target.id), reason: 'Off-topic again' });
    expect(await reputationOf(db(), w.author.id)).toBe(50);
  });

  it("restoring a comment gives back the comment's penalty, not its idea's", async () => {
    const w = await world();
    const target = await makeIdea(db(), w.author, w.challenge.id);
    await giveReputation(db(), w.author.id, 200);
    const c = await addComment(db(), {
      actor: w.author,
      ideaId: target.id,
      comment: { body: 'My own comment on my idea', parentId: null },
    });
    const before = (await ideaRow(target.id)).commentCount;
    await hideContent(db(), { actor: w.owner, item: comment(c.id), reason: 'Rude' });
    await hideContent(db(), { actor: w.owner, item: idea(target.id), reason: 'Spam' });
    expect(await reputationOf(db(), w.author.id)).toBe(100);
    await restoreContent(db(), { actor: w.owner, item: comment(c.id), reason: 'Not rude' });
    expect(await reputationOf(db(), w.author.id)).toBe(150);
    const entries = await hiddenEntries(w.author.id);
    const reversed = entries.find((e) => e.reversesId !== null)!;
    expect(reversed).toMatchObject({ commentId: c.id, points: 50 });
    expect((await commentRow(c.id)).hiddenAt).toBeNull();
    expect((await ideaRow(target.id)).commentCount).toBe(before);
  });

  it('refuses to restore what is not hidden', async () => {
    const w = await world();
    const target = await makeIdea(db(), w.author, w.challenge.id);
    await expectRefused(
      db(),
      () => restoreContent(db(), { actor: w.owner, item: idea(target.id), reason: 'why' }),
      'Conflict',
      /not hidden/,
    );
  });
});

describe('edit tags', () => {
  it('replaces the tags, with an idea.retagged event and an audit entry of before and after', async () => {
    const w = await world();
    const target = await makeIdea(db(), w.author, w.challenge.id, { tags: 'old, wrong' });
    const tags = actionSchemas.editTags.parse({
      kind: 'idea',
      id: String(target.id),
      reason: 'Better tags',
      tags: 'Packaging, Reuse ',
    }).tags;
    await editTags(db(), { actor: w.owner, item: idea(target.id), reason: 'Better tags', tags });
    expect((await ideaRow(target.id)).tags).toEqual(['packaging', 'reuse']);
    expect(await eventTypes(target.id)).toContain('idea.retagged');
    const [audit] = await auditOf(target.id);
    expect(audit).toMatchObject({
      action: 'idea.tags_edited',
      before: { tags: ['old', 'wrong'] },
      after: { tags: ['packaging', 'reuse'] },
    });
    await expectRefused(
      db(),
      () => editTags(db(), { actor: w.owner, item: comment(1), reason: 'x', tags: ['a'] }),
      'Conflict',
    );
  });
});

describe('refusals', () => {
  it("refuses a member of another brand on this brand's item, writing nothing", async () => {
    const a = await world();
    const b = await world();
    const target = await makeIdea(db(), a.author, a.challenge.id);
    await autoHideIdea(target.id);
    for (const run of [
      () => dismissFlags(db(), { actor: b.owner, item: idea(target.id), reason: 'mine now' }),
      () => hideContent(db(), { actor: b.owner, item: idea(target.id), reason: 'mine now' }),
      () => restoreContent(db(), { actor: b.owner, item: idea(target.id), reason: 'mine now' }),
      () => editTags(db(), { actor: b.owner, item: idea(target.id), reason: 'x', tags: ['mine'] }),
    ])
      await expectRefused(db(), run, 'Forbidden', /not in your review queue/);
    expect(await openFlagsOf(target.id)).toHaveLength(3);
  });

  it('lets the light queue dismiss and hide only, never restore, merge or suspend', async () => {
    const w = await world();
    const target = await makeIdea(db(), w.author, w.challenge.id);
    await autoHideIdea(target.id);
    const reviewer = await oldUser();
    await giveReputation(db(), reviewer.id, 600);
    await db()
      .insert(challengeFollows)
      .values({ challengeId: w.challenge.id, userId: reviewer.id });
    await expectRefused(
      db(),
      () => restoreContent(db(), { actor: reviewer, item: idea(target.id), reason: 'no' }),
      'Forbidden',
      /does not allow/,
    );
    for (const action of ['merge', 'suspend'] as const)
      await expectRefused(
        db(),
        () => reviewTarget(db(), { actor: reviewer, item: idea(target.id), action }),
        'Forbidden',
      );
    // A follower without 500 reputation has no queue at all.
    const follower = await oldUser();
    await db()
      .insert(challengeFollows)
      .values({ challengeId: w.challenge.id, userId: follower.id });
    await expectRefused(
      db(),
      () => dismissFlags(db(), { actor: follower, item: idea(target.id), reason: 'no' }),
      'Forbidden',
    );
    // Brand members do not suspend either.
    await expectRefused(
      db(),
      () => reviewTarget(db(), { actor: w.owner, item: idea(target.id), action: 'suspend' }),
      'Forbidden',
    );
    await hideContent(db(), { actor: reviewer, item: idea(target.id), reason: 'Spam, really' });
    expect((await ideaRow(target.id)).hiddenReason).toBe('Spam, really');
  });

  it('answers 404 for an unknown item', async () => {
    const mod = await moderator();
    await expectRefused(
      db(),
      () => hideContent(db(), { actor: mod, item: idea(2_000_000_000), reason: 'x' }),
      'NotFound',
    );
    await expectRefused(
      db(),
      () => hideContent(db(), { actor: mod, item: comment(2_000_000_000), reason: 'x' }),
      'NotFound',
    );
  });

  it('requires a reason of 1–500 characters and a real item reference', () => {
    const ok = { kind: 'idea', id: '12', reason: 'Fine' };
    expect(actionSchemas.hide.parse(ok)).toEqual({ kind: 'idea', id: 12, reason: 'Fine' });
    expect(fieldErrors(actionSchemas.hide, { ...ok, reason: undefined }).reason).toBeDefined();
    expect(fieldErrors(actionSchemas.hide, { ...ok, reason: '   ' }).reason).toBeDefined();
    expect(fieldErrors(actionSchemas.hide, { ...ok, reason: repeat(501) }).reason).toBeDefined();
    expect(actionSchemas.hide.parse({ ...ok, reason: repeat(500) }).reason).toHaveLength(500);
    expect(fieldErrors(actionSchemas.hide, { ...ok, kind: 'user' }).kind).toBeDefined();
    expect(fieldErrors(actionSchemas.hide, { ...ok, id: 'abc' }).id).toBeDefined();
    expect(fieldErrors(actionSchemas.suspend, { ...ok, days: '0' }).days).toBeDefined();
    expect(fieldErrors(actionSchemas.suspend, { ...ok, days: '366' }).days).toBeDefined();
    expect(fieldErrors(actionSchemas.suspend, { ...ok, days: 'x' }).days).toBeDefined();
    expect(
      actionSchemas.merge.parse({ ...ok, intoId: 'https://cocrea.example/ideas/42' }).intoId,
    ).toBe(42);
    expect(fieldErrors(actionSchemas.editTags, { ...ok, tags: '<script>' }).tags).toBeDefined();
  });
});
