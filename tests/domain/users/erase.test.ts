// "Delete my account" (app/domain/users/erase.server.ts, docs/decisions/018): what goes (email,
// password, name, bio, sessions, notifications, follows, memberships, consents → none, content when
// "remove"), what stays (ledger, events, votes and their counts, content when "anonymise", shown as
// "a deleted account"), the handle held for 30 days, and refusals that write nothing. The live
// sockets of the person closing at once: tests/live/delete-account.test.ts.
import { and, asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../db/client.server';
import {
  brandConsents,
  brandMembers,
  challengeFollows,
  challenges,
  comments,
  events,
  handleReservations,
  ideas,
  notifications,
  pointEntries,
  reputationTotals,
  sessions,
  users,
  votes,
} from '../../../db/schema';
import { createAuth } from '#app/auth/lucia.server';
import { addComment } from '#app/domain/comments/commands.server';
import { listComments } from '#app/domain/comments/queries.server';
import { commentSchema } from '#app/domain/comments/schema';
import { setConsent } from '#app/domain/consent/commands.server';
import { testClock } from '#app/domain/core/clock';
import { getIdea, listIdeas, trendingIdeas } from '#app/domain/ideas/queries.server';
import {
  awardChallenge,
  followChallenge,
  shortlistIdea,
} from '#app/domain/judging/commands.server';
import { winnersOf } from '#app/domain/judging/queries.server';
import { listNotifications } from '#app/domain/notifications/queries.server';
import { readLeaderboard } from '#app/domain/reputation/leaderboards.server';
import { hashPassword, signUp, verifyCredentials } from '#app/domain/users/commands.server';
import {
  HANDLE_RESERVATION_DAYS,
  REMOVED_TEXT,
  deleteAccount,
} from '#app/domain/users/erase.server';
import { exportUserData } from '#app/domain/users/export.server';
import { findUserByHandle, getPublicProfile } from '#app/domain/users/queries.server';
import { deleteAccountSchema, signUpSchema } from '#app/domain/users/schema';
import { castVote } from '#app/domain/votes/commands.server';
import { useTestDatabase } from '../../support/db';
import {
  FACTORY_PASSWORD,
  makeBrand,
  makeChallenge,
  makeIdea,
  makeUser,
} from '../../support/factories';
import { expectRefused, fieldErrors, snapshot, unique } from '../../support/assertions';
import { collect } from './export.fixtures';

const db = useTestDatabase();
const DAY = 86_400_000;

const say = (body: string, parentId?: number) =>
  commentSchema.parse({ body, parentId: parentId ? String(parentId) : '' });

/**
 * The leaver and a neighbour acting on each other on a brand's open challenge: ideas, votes both
 * ways, comments and a reply each way, a consent, a follow, a brand of the leaver's own, two
 * sessions; the leaver has notifications (a reply and a mention) and ledger entries.
 */
async function world(database: Db = db()) {
  const owner = await makeUser(database);
  const brand = await makeBrand(database, owner);
  const challenge = await makeChallenge(database, owner, { brandId: brand.id, stage: 'open' });
  const leaver = await makeUser(database);
  const neighbour = await makeUser(database);
  const ideaOfLeaver = await makeIdea(database, leaver, challenge.id);
  const ideaOfNeighbour = await makeIdea(database, neighbour, challenge.id);
  await castVote(database, { actor: neighbour, ideaId: ideaOfLeaver.id, value: 1 });
  await castVote(database, { actor: leaver, ideaId: ideaOfNeighbour.id, value: 1 });
  const neighbourSays = await addComment(database, {
    actor: neighbour,
    ideaId: ideaOfLeaver.id,
    comment: say(`Nice one @${leaver.handle}`),
  });
  const leaverReplies = await addComment(database, {
    actor: leaver,
    ideaId: ideaOfLeaver.id,
    comment: say(`Thanks @${neighbour.handle}!`, neighbourSays.id),
  });
  const leaverSays = await addComment(database, {
    actor: leaver,
    ideaId: ideaOfNeighbour.id,
    comment: say('I would add a second step.'),
  });
  const neighbourReplies = await addComment(database, {
    actor: neighbour,
    ideaId: ideaOfNeighbour.id,
    comment: say('Good point, thank you.', leaverSays.id),
  });
  await setConsent(database, { actor: leaver, brandId: brand.id, level: 'profile' });
  await followChallenge(database, { actor: leaver, challengeId: challenge.id });
  const ownBrand = await makeBrand(database, leaver);
  const auth = createAuth(database, { secureCookies: false });
  await auth.createSession(leaver.id, {});
  await auth.createSession(leaver.id, {});
  return {
    owner,
    brand,
    challenge,
    leaver,
    neighbour,
    ideaOfLeaver,
    ideaOfNeighbour,
    neighbourSays,
    leaverReplies,
    leaverSays,
    neighbourReplies,
    ownBrand,
  };
}

async function userRow(id: string) {
  const [row] = await db().select().from(users).where(eq(users.id, id));
  return row!;
}

async function ideaRow(id: number) {
  const [row] = await db().select().from(ideas).where(eq(ideas.id, id));
  return row!;
}

async function commentRow(id: number) {
  const [row] = await db().select().from(comments).where(eq(comments.id, id));
  return row!;
}

/** Everything that must stay exactly as it was, whatever the choice. */
async function lasting(w: Awaited<ReturnType<typeof world>>) {
  const ledger = await db()
    .select()
    .from(pointEntries)
    .where(eq(pointEntries.userId, w.leaver.id))
    .orderBy(asc(pointEntries.id));
  const [total] = await db()
    .select()
    .from(reputationTotals)
    .where(eq(reputationTotals.userId, w.leaver.id));
  const theirEvents = await db()
    .select()
    .from(events)
    .where(eq(events.actorId, w.leaver.id))
    .orderBy(asc(events.id));
  const theirVotes = await db()
    .select()
    .from(votes)
    .where(eq(votes.userId, w.leaver.id))
    .orderBy(asc(votes.ideaId));
  const neighbourIdea = await ideaRow(w.ideaOfNeighbour.id);
  return {
    ledger,
    total,
    theirEvents,
    theirVotes,
    counts: { support: neighbourIdea.supportCount, oppose: neighbourIdea.opposeCount },
  };
}

describe('deleteAccountSchema', () => {
  const valid = { password: FACTORY_PASSWORD, content: 'anonymise', confirm: 'yes' };

  it('takes the password, a choice for the content and the confirmation', () => {
    expect(deleteAccountSchema.parse(valid)).toEqual(valid);
    expect(deleteAccountSchema.parse({ ...valid, content: 'remove' }).content).toBe('remove');
  });

  it('names each missing field in words', () => {
    expect(fieldErrors(deleteAccountSchema, {})).toEqual({
      password: ['Enter your password.'],
      content: ['Choose what happens to your ideas and comments.'],
      confirm: ['Tick the box to confirm that you want to delete your account.'],
    });
  });

  it('refuses wrong types, unknown choices, an unticked box and an over-long password', () => {
    expect(
      fieldErrors(deleteAccountSchema, {
        password: ['a', 'b'],
        content: '<script>alert(1)</script>',
        confirm: 'no',
      }),
    ).toEqual({
      password: ['Enter your password.'],
      content: ['Choose what happens to your ideas and comments.'],
      confirm: ['Tick the box to confirm that you want to delete your account.'],
    });
    expect(fieldErrors(deleteAccountSchema, { ...valid, password: 'x'.repeat(201) })).toEqual({
      password: ['Passwords are at most 200 characters.'],
    });
    expect(fieldErrors(deleteAccountSchema, { ...valid, password: '' })).toEqual({
      password: ['Enter your password.'],
    });
    expect(fieldErrors(deleteAccountSchema, { ...valid, content: 42 })).toHaveProperty('content');
  });
});

describe('deleteAccount: anonymise', () => {
  it('erases who the person was and ends what was theirs alone', async () => {
    const w = await world();
    const clock = testClock('2031-03-01T10:00:00Z');
    expect(await db().$count(notifications, eq(notifications.userId, w.leaver.id))).toBeGreaterThan(
      0,
    );
    const result = await deleteAccount(db(), {
      actor: w.leaver,
      password: FACTORY_PASSWORD,
      content: 'anonymise',
      clock,
    });

    const row = await userRow(w.leaver.id);
    expect(row).toMatchObject({
      email: null,
      passwordHash: null,
      displayName: '',
      bio: '',
      role: 'prosumer',
      deletedAt: clock.now(),
    });
    expect(row.handle).toMatch(/^deleted_[0-9a-f]{16}$/);
    expect(row.handle).toBe(result.handle);
    expect(result).toMatchObject({
      reservedHandle: w.leaver.handle.toLowerCase(),
      removedIdeas: 0,
      removedComments: 0,
      endedSessions: 2,
    });
    expect(await db().$count(sessions, eq(sessions.userId, w.leaver.id))).toBe(0);
    expect(await db().$count(notifications, eq(notifications.userId, w.leaver.id))).toBe(0);
    expect(await db().$count(challengeFollows, eq(challengeFollows.userId, w.leaver.id))).toBe(0);
    expect(await db().$count(brandMembers, eq(brandMembers.userId, w.leaver.id))).toBe(0);
    const consents = await db()
      .select({ level: brandConsents.level, updatedAt: brandConsents.updatedAt })
      .from(brandConsents)
      .where(eq(brandConsents.userId, w.leaver.id));
    expect(consents).toEqual([{ level: 'none', updatedAt: clock.now() }]);
    // Nothing of theirs is stored under their old handle, whatever its case.
    expect(await findUserByHandle(db(), w.leaver.handle.toUpperCase())).toBeNull();
    expect(await findUserByHandle(db(), row.handle)).toBeNull();
    const [stored] = await db()
      .select()
      .from(users)
      .where(sql`lower(${users.email}) = lower(${w.leaver.email})`);
    expect(stored).toBeUndefined();
  });

  it('keeps the ledger, the events, the votes and their counts, attached to the detached row', async () => {
    const w = await world();
    const before = await lasting(w);
    expect(before.ledger.length).toBeGreaterThan(0);
    await deleteAccount(db(), {
      actor: w.leaver,
      password: FACTORY_PASSWORD,
      content: 'anonymise',
    });
    const after = await lasting(w);
    expect(after.ledger).toEqual(before.ledger);
    expect(after.total).toEqual(before.total);
    expect(after.theirVotes).toEqual(before.theirVotes);
    expect(after.counts).toEqual({ support: 1, oppose: 0 });
    expect(after.counts).toEqual(before.counts);
    // Every event they appended is still there; deleting added its own.
    expect(after.theirEvents.slice(0, before.theirEvents.length)).toEqual(before.theirEvents);
    const added = after.theirEvents.slice(before.theirEvents.length).map((e) => e.type);
    expect(added).toEqual(['consent.changed', 'brand.member_removed', 'user.deleted']);
    const deleted = after.theirEvents.at(-1)!;
    expect(deleted).toMatchObject({
      subjectUserId: w.leaver.id,
      payload: { content: 'anonymise', ideas: 0, comments: 0 },
    });
    const consent = after.theirEvents.find(
      (e) => e.type === 'consent.changed' && e.id > before.theirEvents.at(-1)!.id,
    );
    expect(consent).toMatchObject({
      brandId: w.brand.id,
      payload: { from: 'profile', to: 'none' },
    });
  });

  it('keeps their ideas and comments, shown as by "a deleted account" everywhere', async () => {
    const w = await world();
    const idea = await ideaRow(w.ideaOfLeaver.id);
    const comment = await commentRow(w.leaverSays.id);
    await deleteAccount(db(), {
      actor: w.leaver,
      password: FACTORY_PASSWORD,
      content: 'anonymise',
    });
    expect(await ideaRow(w.ideaOfLeaver.id)).toEqual(idea);
    expect(await commentRow(w.leaverSays.id)).toEqual(comment);

    const page = await getIdea(db(), null, w.ideaOfLeaver.id);
    expect(page.author).toEqual({ handle: null, displayName: null });
    expect(page.idea.title).toBe(idea.title);
    const ideasOfChallenge = await listIdeas(db(), w.challenge.id, { sort: 'new' });
    const listed = ideasOfChallenge.items.find((i) => i.id === w.ideaOfLeaver.id)!;
    expect(listed).toMatchObject({ authorHandle: null, authorName: null });
    expect(ideasOfChallenge.items.find((i) => i.id === w.ideaOfNeighbour.id)!.authorHandle).toBe(
      w.neighbour.handle,
    );
    const trending = await trendingIdeas(db(), 50);
    expect(trending.find((i) => i.id === w.ideaOfLeaver.id)!.authorHandle).toBeNull();

    const discussion = await listComments(db(), w.ideaOfNeighbour.id);
    const theirs = discussion.threads.find((c) => c.id === w.leaverSays.id)!;
    expect(theirs).toMatchObject({ authorHandle: null, authorName: null, body: comment.body });
    expect(theirs.replies[0]).toMatchObject({ authorHandle: w.neighbour.handle });

    // The neighbour's reply notification names nobody, and says the account is gone.
    const told = await listNotifications(db(), w.neighbour.id, 1);
    const reply = told.items.find((n) => n.kind === 'reply' || n.kind === 'mention');
    expect(reply).toMatchObject({ actorHandle: null, actorDeleted: true });
    const rows = JSON.stringify(told.items);
    expect(rows).not.toContain(w.leaver.handle);

    // Their points stay on the board, without a name.
    const board = await readLeaderboard(
      db(),
      { board: 'challenge', challengeId: w.challenge.id },
      { size: 100 },
    );
    const gone = board.rows.filter((r) => r.handle === null);
    expect(gone).toHaveLength(1);
    expect(gone[0]).toMatchObject({ displayName: null, points: 10 });
    expect(board.rows.map((r) => r.handle)).toContain(w.neighbour.handle);
    expect(JSON.stringify(board)).not.toContain(w.leaver.handle);

    // Their profile is not found, under the old handle or the new one.
    await expect(getPublicProfile(db(), w.leaver.handle)).rejects.toMatchObject({
      kind: 'NotFound',
    });
    const { handle } = await userRow(w.leaver.id);
    await expect(getPublicProfile(db(), handle)).rejects.toMatchObject({ kind: 'NotFound' });
  });

  it('names a deleted winner as nobody on the winners list, and keeps the reward', async () => {
    const w = await world();
    await db().update(challenges).set({ stage: 'review' }).where(eq(challenges.id, w.challenge.id));
    await shortlistIdea(db(), { actor: w.owner, ideaId: w.ideaOfLeaver.id });
    await awardChallenge(db(), {
      actor: w.owner,
      challengeId: w.challenge.id,
      winners: [{ rank: 1, ideaId: w.ideaOfLeaver.id }],
    });
    const [before] = await winnersOf(db(), w.challenge.id);
    expect(before!.authorHandle).toBe(w.leaver.handle);
    await deleteAccount(db(), {
      actor: w.leaver,
      password: FACTORY_PASSWORD,
      content: 'anonymise',
    });
    const [after] = await winnersOf(db(), w.challenge.id);
    expect(after).toEqual({ ...before, authorHandle: null, authorName: null });
  });
});

describe('deleteAccount: remove', () => {
  it('withdraws their ideas and deletes their comments, erasing the text, with counts and events', async () => {
    const w = await world();
    const clock = testClock('2031-04-01T08:00:00Z');
    const [challengeBefore] = await db()
      .select({ ideaCount: challenges.ideaCount })
      .from(challenges)
      .where(eq(challenges.id, w.challenge.id));
    const neighbourIdeaBefore = await ideaRow(w.ideaOfNeighbour.id);
    const before = await lasting(w);
    const result = await deleteAccount(db(), {
      actor: w.leaver,
      password: FACTORY_PASSWORD,
      content: 'remove',
      clock,
    });
    expect(result).toMatchObject({ removedIdeas: 1, removedComments: 2 });

    const idea = await ideaRow(w.ideaOfLeaver.id);
    expect(idea).toMatchObject({
      status: 'withdrawn',
      title: REMOVED_TEXT,
      body: '',
      bodyHtml: '',
      bodyExcerpt: '',
      tags: [],
      updatedAt: clock.now(),
    });
    const [challengeAfter] = await db()
      .select({ ideaCount: challenges.ideaCount })
      .from(challenges)
      .where(eq(challenges.id, w.challenge.id));
    expect(challengeAfter!.ideaCount).toBe(challengeBefore!.ideaCount - 1);
    for (const id of [w.leaverSays.id, w.leaverReplies.id])
      expect(await commentRow(id)).toMatchObject({ body: REMOVED_TEXT, deletedAt: clock.now() });
    // Others' words stay; the counts follow the comments still live.
    expect((await commentRow(w.neighbourReplies.id)).deletedAt).toBeNull();
    expect((await commentRow(w.neighbourSays.id)).deletedAt).toBeNull();
    expect((await ideaRow(w.ideaOfNeighbour.id)).commentCount).toBe(
      neighbourIdeaBefore.commentCount - 1,
    );
    expect(idea.commentCount).toBe(1);

    // The public no longer finds the idea; the neighbour's discussion keeps the reply under
    // "a deleted account" with the text gone.
    await expect(getIdea(db(), null, w.ideaOfLeaver.id)).rejects.toMatchObject({
      kind: 'NotFound',
    });
    const discussion = await listComments(db(), w.ideaOfNeighbour.id);
    expect(discussion.threads[0]).toMatchObject({
      id: w.leaverSays.id,
      deleted: true,
      body: null,
      authorHandle: null,
    });
    expect(discussion.threads[0]!.replies.map((r) => r.id)).toEqual([w.neighbourReplies.id]);

    // One event per change, as the person's own commands write them, then user.deleted.
    const added = await db()
      .select()
      .from(events)
      .where(
        and(
          eq(events.actorId, w.leaver.id),
          sql`${events.createdAt} = ${clock.now().toISOString()}::timestamptz`,
        ),
      )
      .orderBy(asc(events.id));
    expect(added.map((e) => e.type)).toEqual([
      'idea.withdrawn',
      'comment.deleted',
      'comment.deleted',
      'consent.changed',
      'brand.member_removed',
      'user.deleted',
    ]);
    expect(added[0]).toMatchObject({
      ideaId: w.ideaOfLeaver.id,
      challengeId: w.challenge.id,
      brandId: w.brand.id,
    });
    const deletions = added.filter((e) => e.type === 'comment.deleted');
    expect(deletions.map((e) => e.commentId).sort()).toEqual(
      [w.leaverReplies.id, w.leaverSays.id].sort(),
    );
    expect(added.at(-1)!.payload).toEqual({ content: 'remove', ideas: 1, comments: 2 });

    // Votes stay, and so do the counts and the ledger.
    const after = await lasting(w);
    expect(after.theirVotes).toEqual(before.theirVotes);
    expect(after.counts).toEqual(before.counts);
    expect(after.ledger).toEqual(before.ledger);
    expect(idea.supportCount).toBe(1);
  });
});

describe('deleteAccount: refusals', () => {
  it('refuses a wrong or empty password and writes nothing', async () => {
    const w = await world();
    for (const password of [
      'not my password at all',
      '',
      '<script>alert(1)</script>',
      w.leaver.email,
    ])
      await expectRefused(
        db(),
        () => deleteAccount(db(), { actor: w.leaver, password, content: 'remove' }),
        'Invalid',
        /not your password/,
      );
    expect((await userRow(w.leaver.id)).deletedAt).toBeNull();
  });

  it('takes only the actor’s own password, for the actor’s own account and no other', async () => {
    const w = await world();
    // Someone with another password cannot use the leaver's (the factory one) on their account.
    const other = await makeUser(db());
    await db()
      .update(users)
      .set({ passwordHash: await hashPassword('a different pass phrase') })
      .where(eq(users.id, other.id));
    await expectRefused(
      db(),
      () => deleteAccount(db(), { actor: other, password: FACTORY_PASSWORD, content: 'remove' }),
      'Invalid',
    );
    // An actor no account stands behind is refused the same way.
    await expectRefused(
      db(),
      () =>
        deleteAccount(db(), {
          actor: { id: 'no-such-user-id', role: 'prosumer' },
          password: FACTORY_PASSWORD,
          content: 'remove',
        }),
      'Invalid',
    );
    // The command names no other person: deleting one account leaves every other as it was.
    const neighbourBefore = await userRow(w.neighbour.id);
    await deleteAccount(db(), {
      actor: other,
      password: 'a different pass phrase',
      content: 'remove',
    });
    expect(await userRow(w.neighbour.id)).toEqual(neighbourBefore);
    expect((await userRow(w.leaver.id)).deletedAt).toBeNull();
  });

  it('refuses to delete an account twice, writing nothing the second time', async () => {
    const w = await world();
    await deleteAccount(db(), {
      actor: w.leaver,
      password: FACTORY_PASSWORD,
      content: 'anonymise',
    });
    await expectRefused(
      db(),
      () => deleteAccount(db(), { actor: w.leaver, password: FACTORY_PASSWORD, content: 'remove' }),
      'Invalid',
    );
  });

  it('signs nobody in with a deleted account’s old credentials, nor with the decoy', async () => {
    const w = await world();
    await deleteAccount(db(), {
      actor: w.leaver,
      password: FACTORY_PASSWORD,
      content: 'anonymise',
    });
    const { handle } = await userRow(w.leaver.id);
    for (const login of [w.leaver.handle, w.leaver.email, handle])
      for (const password of [FACTORY_PASSWORD, 'decoy password that matches nothing'])
        await expect(verifyCredentials(db(), { login, password })).rejects.toMatchObject({
          kind: 'Invalid',
          key: 'errors.user.credentials',
        });
  });
});

describe('the handle of a deleted account', () => {
  const input = (handle: string) =>
    signUpSchema.parse({
      handle,
      email: `${unique('new')}@example.com`,
      password: 'a long enough pass phrase',
    });

  it('is held for 30 days, refused like a taken handle, then free', async () => {
    const clock = testClock('2031-05-01T12:00:00Z');
    const leaver = await makeUser(db(), { handle: unique('Keep_') });
    await deleteAccount(db(), {
      actor: leaver,
      password: FACTORY_PASSWORD,
      content: 'anonymise',
      clock,
    });
    const [held] = await db()
      .select()
      .from(handleReservations)
      .where(eq(handleReservations.handle, leaver.handle.toLowerCase()));
    expect(held!.until).toEqual(new Date(clock.now().getTime() + HANDLE_RESERVATION_DAYS * DAY));

    for (const handle of [
      leaver.handle,
      leaver.handle.toLowerCase(),
      leaver.handle.toUpperCase(),
    ]) {
      clock.set('2031-05-31T11:59:59Z');
      const before = await snapshot(db());
      const refused = await signUp(db(), { ...input(handle), clock }).catch((e: unknown) => e);
      expect(refused).toMatchObject({ kind: 'Conflict', key: 'errors.user.handleTaken' });
      expect(refused).toMatchObject({
        fieldErrors: { handle: ['That handle is taken. Try another.'] },
      });
      expect(await snapshot(db())).toEqual(before);
    }
    // Another handle is not held.
    expect((await signUp(db(), { ...input(unique('other')), clock })).status).toBe('created');

    clock.set('2031-05-31T12:00:01Z');
    const outcome = await signUp(db(), { ...input(leaver.handle), clock });
    expect(outcome.status).toBe('created');
  });

  it('is held again from a second deletion after the first hold ran out', async () => {
    const clock = testClock('2031-06-01T00:00:00Z');
    const handle = unique('Twice_');
    const first = await makeUser(db(), { handle });
    await deleteAccount(db(), {
      actor: first,
      password: FACTORY_PASSWORD,
      content: 'anonymise',
      clock,
    });
    clock.advance(40 * DAY);
    const outcome = await signUp(db(), { ...input(handle), password: FACTORY_PASSWORD, clock });
    if (outcome.status !== 'created') throw new Error('expected a new account');
    const second = { id: outcome.user.id, role: outcome.user.role };
    await deleteAccount(db(), {
      actor: second,
      password: FACTORY_PASSWORD,
      content: 'anonymise',
      clock,
    });
    const [held] = await db()
      .select()
      .from(handleReservations)
      .where(eq(handleReservations.handle, handle.toLowerCase()));
    expect(held!.until).toEqual(new Date(clock.now().getTime() + HANDLE_RESERVATION_DAYS * DAY));
  });

  it('cannot be taken by a sign-up racing the deletion', async () => {
    for (let round = 0; round < 5; round++) {
      const leaver = await makeUser(db(), { handle: unique('race_') });
      const [deleted, signedUp] = await Promise.allSettled([
        deleteAccount(db(), { actor: leaver, password: FACTORY_PASSWORD, content: 'anonymise' }),
        signUp(db(), input(leaver.handle)),
      ]);
      expect(deleted.status).toBe('fulfilled');
      expect(signedUp.status).toBe('rejected');
      expect((signedUp as PromiseRejectedResult).reason).toMatchObject({ kind: 'Conflict' });
    }
  });
});

describe('exports after a deletion', () => {
  it('another person’s export holds nothing that names the deleted person', async () => {
    const w = await world();
    // The neighbour's own comment mentions the leaver's old handle: their words, kept as written.
    const mentions = w.leaver.handle;
    await deleteAccount(db(), {
      actor: w.leaver,
      password: FACTORY_PASSWORD,
      content: 'anonymise',
    });
    const { handle } = await userRow(w.leaver.id);
    const { text, doc } = await collect(await exportUserData(db(), w.neighbour.id));
    expect(text).not.toContain(w.leaver.email);
    expect(text).not.toContain(handle);
    expect(doc.profile.handle).toBe(w.neighbour.handle);
    expect(text.split(mentions).length - 1).toBe(
      doc.comments.filter((c: { body: string }) => c.body.includes(mentions)).length,
    );
  });
});
