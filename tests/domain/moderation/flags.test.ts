// Flags (issue 15): who may flag what, the form's rules, and the third flag from distinct people
// hiding an idea or a comment at once, with its event and audit entry.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  auditLog,
  challenges,
  comments,
  events,
  flagBans,
  flags,
  ideas,
  pointEntries,
  type ChallengeStage,
} from '../../../db/schema';
import { addComment, deleteComment } from '#app/domain/comments/commands.server';
import { countComments, listComments } from '#app/domain/comments/queries.server';
import type { Actor } from '#app/domain/core/actor';
import { testClock } from '#app/domain/core/clock';
import { getIdea } from '#app/domain/ideas/queries.server';
import { withdrawIdea } from '#app/domain/ideas/commands.server';
import {
  AUTO_HIDE_FLAGS,
  flagRefusal,
  flagSchema,
  ideaIdFromText,
} from '#app/domain/moderation/flags';
import { flagContent, flagControlsOf } from '#app/domain/moderation/flags.server';
import { useTestDatabase } from '../../support/db';
import { makeChallenge, makeIdea, makeUser } from '../../support/factories';
import { giveReputation } from '../../support/reputation';
import { expectRefused, fieldErrors, repeat, snapshot } from '../../support/assertions';

const db = useTestDatabase();

async function world(stage: ChallengeStage = 'open') {
  const owner = await makeUser(db());
  const author = await makeUser(db());
  const challenge = await makeChallenge(db(), owner, { stage: 'open' });
  const idea = await makeIdea(db(), author, challenge.id);
  if (stage !== 'open')
    await db().update(challenges).set({ stage }).where(eq(challenges.id, challenge.id));
  return { owner, author, challenge, idea };
}

/** Someone with the flag privilege (15 reputation). */
async function flagger() {
  const user = await makeUser(db());
  await giveReputation(db(), user.id, 15);
  return user;
}

const flag = (
  actor: Actor | null,
  ideaId: number,
  extra: Partial<Parameters<typeof flagContent>[1]> = {},
) => flagContent(db(), { actor, ideaId, reason: 'spam', note: '', ...extra });

const ideaRow = async (id: number) => (await db().select().from(ideas).where(eq(ideas.id, id)))[0]!;
const eventsOf = async (ideaId: number, type: string) =>
  (await db().select().from(events).where(eq(events.ideaId, ideaId))).filter(
    (e) => e.type === type,
  );
const auditOf = (ideaId: number) =>
  db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.ideaId, ideaId), eq(auditLog.action, 'content.auto_hidden')));

describe('the flag form (flagSchema)', () => {
  it('reads a duplicate-of as a number, a path or a whole address', () => {
    expect(ideaIdFromText('42')).toBe(42);
    expect(ideaIdFromText('/ideas/42')).toBe(42);
    expect(ideaIdFromText('https://cocrea.example/ideas/42?comments=3#c')).toBe(42);
    expect(ideaIdFromText('http://localhost:3000/ideas/42/')).toBe(42);
    for (const bad of [
      '',
      '0',
      '-4',
      '4.5',
      '/challenges/42',
      '/ideas/abc',
      'javascript:/ideas/4',
      '99999999999',
    ])
      expect(ideaIdFromText(bad), bad).toBeNull();
  });

  it('parses a duplicate flag and ignores a duplicate-of sent with another reason', () => {
    expect(flagSchema.parse({ reason: 'duplicate', duplicateOf: ' /ideas/7 ' })).toEqual({
      reason: 'duplicate',
      duplicateOfId: 7,
      note: '',
    });
    expect(flagSchema.parse({ reason: 'spam', duplicateOf: 'whatever', note: ' x ' })).toEqual({
      reason: 'spam',
      duplicateOfId: null,
      note: 'x',
    });
  });

  it('refuses a missing or unknown reason, a duplicate without its original, and "other" without a note', () => {
    expect(fieldErrors(flagSchema, {})).toEqual({
      reason: [expect.stringMatching(/Choose a reason/)],
    });
    expect(fieldErrors(flagSchema, { reason: 'boring' })).toHaveProperty('reason');
    expect(fieldErrors(flagSchema, { reason: ['spam', 'other'] })).toHaveProperty('reason');
    expect(fieldErrors(flagSchema, { reason: 'duplicate' })).toEqual({
      duplicateOf: ['Give the original idea: its link or number.'],
    });
    expect(fieldErrors(flagSchema, { reason: 'duplicate', duplicateOf: '/brands/3' })).toEqual({
      duplicateOf: ['Give the original as a link such as /ideas/42, or its number.'],
    });
    expect(fieldErrors(flagSchema, { reason: 'other', note: '   ' })).toEqual({
      note: ['Say in the note what is wrong.'],
    });
    expect(fieldErrors(flagSchema, { reason: 'spam', note: repeat(501) })).toEqual({
      note: ['The note is at most 500 characters.'],
    });
    expect(fieldErrors(flagSchema, { reason: 'spam', note: ['a', 'b'] })).toHaveProperty('note');
  });

  it('keeps a note with markup as the text it is', () => {
    const note = '<script>alert(1)</script>';
    expect(flagSchema.parse({ reason: 'other', note }).note).toBe(note);
  });
});

describe('flagRefusal', () => {
  const standing = { reputation: 15, roleOverride: false, bannedUntil: null };
  const item = { own: false, gone: false, flagged: false };
  it('explains in order: gone, signed out, own, flagged, banned, below the threshold', () => {
    expect(flagRefusal({ id: 'a' }, standing, item)).toBeNull();
    expect(flagRefusal({ id: 'a' }, standing, { ...item, gone: true })).toBe('gone');
    expect(flagRefusal(null, null, item)).toBe('signIn');
    expect(flagRefusal({ id: 'a' }, standing, { ...item, own: true })).toBe('own');
    expect(flagRefusal({ id: 'a' }, standing, { ...item, flagged: true })).toBe('flagged');
    expect(flagRefusal({ id: 'a' }, { ...standing, bannedUntil: new Date() }, item)).toBe('banned');
    expect(flagRefusal({ id: 'a' }, { ...standing, reputation: 14 }, item)).toBe('privilege');
    // Brand members and moderators need no reputation, but a ban stops them too.
    expect(
      flagRefusal({ id: 'a' }, { ...standing, reputation: 1, roleOverride: true }, item),
    ).toBeNull();
    expect(
      flagRefusal(
        { id: 'a' },
        { reputation: 1, roleOverride: true, bannedUntil: new Date() },
        item,
      ),
    ).toBe('banned');
  });
});

describe('flagContent: who may flag', () => {
  it('asks a signed-out visitor to sign in (401)', async () => {
    const { idea } = await world();
    await expectRefused(db(), () => flag(null, idea.id), 'Unauthorized', /sign in to flag/);
  });

  it('refuses someone below 15 reputation (403), saying what unlocks it', async () => {
    const { idea } = await world();
    const newcomer = await makeUser(db());
    await giveReputation(db(), newcomer.id, 13);
    const e = await expectRefused(
      db(),
      () => flag(newcomer, idea.id),
      'Forbidden',
      /15 reputation; you have 13/,
    );
    expect(e.values).toEqual({ threshold: 15, reputation: 13 });
  });

  it('lets moderators and the brand’s members flag without the reputation', async () => {
    const { owner, idea } = await world();
    const moderator = await makeUser(db(), { role: 'moderator' });
    await expect(flag(moderator, idea.id)).resolves.toMatchObject({ hidden: false });
    await expect(flag(owner, idea.id)).resolves.toMatchObject({ hidden: false });
  });

  it('refuses a person under a flag ban until it ends (403 with the date)', async () => {
    const clock = testClock('2026-05-01T12:00:00.000Z');
    const { idea } = await world();
    const banned = await flagger();
    await db()
      .insert(flagBans)
      .values({
        userId: banned.id,
        startsAt: new Date('2026-04-28T12:00:00.000Z'),
        endsAt: new Date('2026-05-05T12:00:00.000Z'),
      });
    const e = await expectRefused(
      db(),
      () => flag(banned, idea.id, { clock }),
      'Forbidden',
      /May 5, 2026/,
    );
    expect(e.values).toEqual({ until: new Date('2026-05-05T12:00:00.000Z').getTime() });
    clock.set('2026-05-05T12:00:01.000Z');
    await expect(flag(banned, idea.id, { clock })).resolves.toMatchObject({ hidden: false });
  });

  it('refuses flagging one’s own idea or comment (403)', async () => {
    const { author, idea } = await world();
    await giveReputation(db(), author.id, 50);
    await expectRefused(db(), () => flag(author, idea.id), 'Forbidden', /your own content/);
    const c = await addComment(db(), {
      actor: author,
      ideaId: idea.id,
      comment: { body: 'Mine', parentId: null },
    });
    await expectRefused(
      db(),
      () => flag(author, idea.id, { commentId: c.id }),
      'Forbidden',
      /your own content/,
    );
  });

  it('refuses a second flag on the same item (409), but the idea and its comment are two items', async () => {
    const { author, idea } = await world();
    const c = await addComment(db(), {
      actor: author,
      ideaId: idea.id,
      comment: { body: 'Hi', parentId: null },
    });
    const someone = await flagger();
    await flag(someone, idea.id);
    await expectRefused(
      db(),
      () => flag(someone, idea.id, { reason: 'offensive' }),
      'Conflict',
      /already flagged/,
    );
    await flag(someone, idea.id, { commentId: c.id });
    await expectRefused(
      db(),
      () => flag(someone, idea.id, { commentId: c.id }),
      'Conflict',
      /already flagged/,
    );
    expect(await db().select().from(flags).where(eq(flags.flaggerId, someone.id))).toHaveLength(2);
  });

  it('refuses a second flag even after the first was dismissed (one per person per item, ever)', async () => {
    const { idea } = await world();
    const someone = await flagger();
    const reviewer = await makeUser(db(), { role: 'moderator' });
    const { flagId } = await flag(someone, idea.id);
    await db()
      .update(flags)
      .set({ resolvedAt: new Date(), resolvedBy: reviewer.id, outcome: 'dismissed' })
      .where(eq(flags.id, flagId));
    await expectRefused(db(), () => flag(someone, idea.id), 'Conflict', /already flagged/);
  });
});

describe('flagContent: what there is to flag', () => {
  it('does not find an unknown idea, a draft challenge’s idea, or a comment of another idea (404)', async () => {
    const { idea, author } = await world();
    const other = await world();
    const someone = await flagger();
    await expectRefused(db(), () => flag(someone, 2_000_000_000), 'NotFound', /idea was not found/);
    const c = await addComment(db(), {
      actor: author,
      ideaId: idea.id,
      comment: { body: 'Hi', parentId: null },
    });
    await expectRefused(
      db(),
      () => flag(someone, other.idea.id, { commentId: c.id }),
      'NotFound',
      /comment was not found/,
    );
    await expectRefused(
      db(),
      () => flag(someone, idea.id, { commentId: 2_000_000_000 }),
      'NotFound',
      /comment was not found/,
    );
    await db()
      .update(challenges)
      .set({ stage: 'draft' })
      .where(eq(challenges.id, idea.challengeId));
    await expectRefused(db(), () => flag(someone, idea.id), 'NotFound', /idea was not found/);
  });

  it('does not find a withdrawn idea (404) and refuses a merged one (409)', async () => {
    const { author, idea, challenge } = await world();
    const someone = await flagger();
    await withdrawIdea(db(), { actor: author, ideaId: idea.id });
    await expectRefused(db(), () => flag(someone, idea.id), 'NotFound', /idea was not found/);
    const original = await makeIdea(db(), author, challenge.id);
    const duplicate = await makeIdea(db(), author, challenge.id);
    await db()
      .update(ideas)
      .set({ status: 'merged', mergedIntoId: original.id })
      .where(eq(ideas.id, duplicate.id));
    await expectRefused(db(), () => flag(someone, duplicate.id), 'Conflict', /merged into another/);
  });

  it('refuses a hidden idea: not found for most, "already hidden" (409) for a reviewer', async () => {
    const { owner, idea } = await world();
    await db()
      .update(ideas)
      .set({
        status: 'hidden',
        hiddenAt: new Date(),
        hiddenFrom: 'published',
        hiddenReason: 'Spam',
      })
      .where(eq(ideas.id, idea.id));
    const someone = await flagger();
    await expectRefused(db(), () => flag(someone, idea.id), 'NotFound', /idea was not found/);
    await expectRefused(db(), () => flag(owner, idea.id), 'Conflict', /already hidden/);
  });

  it('refuses a deleted comment (409) and a hidden one (404 for others)', async () => {
    const { author, idea } = await world();
    const someone = await flagger();
    const gone = await addComment(db(), {
      actor: author,
      ideaId: idea.id,
      comment: { body: 'Bye', parentId: null },
    });
    await deleteComment(db(), { actor: author, commentId: gone.id });
    await expectRefused(
      db(),
      () => flag(someone, idea.id, { commentId: gone.id }),
      'Conflict',
      /was deleted/,
    );
    const hidden = await addComment(db(), {
      actor: author,
      ideaId: idea.id,
      comment: { body: 'Hm', parentId: null },
    });
    await db().update(comments).set({ hiddenAt: new Date() }).where(eq(comments.id, hidden.id));
    await expectRefused(
      db(),
      () => flag(someone, idea.id, { commentId: hidden.id }),
      'NotFound',
      /comment was not found/,
    );
  });
});

describe('flagContent: duplicate of', () => {
  it('stores the original of a duplicate flag', async () => {
    const { author, idea, challenge } = await world();
    const original = await makeIdea(db(), author, challenge.id);
    const someone = await flagger();
    const { flagId } = await flag(someone, idea.id, {
      reason: 'duplicate',
      duplicateOfId: original.id,
    });
    const [row] = await db().select().from(flags).where(eq(flags.id, flagId));
    expect(row).toMatchObject({ reason: 'duplicate', duplicateOfId: original.id, note: '' });
  });

  it('refuses (400) an original that is missing, the idea itself, another challenge’s, or not public', async () => {
    const { author, idea, challenge } = await world();
    const elsewhere = await world();
    const withdrawn = await makeIdea(db(), author, challenge.id);
    await withdrawIdea(db(), { actor: author, ideaId: withdrawn.id });
    const someone = await flagger();
    const cases: [number | null, RegExp][] = [
      [null, /Give the original idea/],
      [2_000_000_000, /No public idea has that number/],
      [idea.id, /duplicate of itself/],
      [elsewhere.idea.id, /same challenge/],
      [withdrawn.id, /No public idea has that number/],
    ];
    for (const [duplicateOfId, message] of cases) {
      const e = await expectRefused(
        db(),
        () => flag(someone, idea.id, { reason: 'duplicate', duplicateOfId }),
        'Invalid',
        message,
      );
      expect(e.fieldErrors).toHaveProperty('duplicateOf');
    }
  });

  it('refuses a comment flagged as a duplicate (400)', async () => {
    const { author, idea, challenge } = await world();
    const original = await makeIdea(db(), author, challenge.id);
    const c = await addComment(db(), {
      actor: author,
      ideaId: idea.id,
      comment: { body: 'Hi', parentId: null },
    });
    const someone = await flagger();
    await expectRefused(
      db(),
      () =>
        flag(someone, idea.id, {
          commentId: c.id,
          reason: 'duplicate',
          duplicateOfId: original.id,
        }),
      'Invalid',
      /Only ideas are duplicates/,
    );
  });
});

describe('flagContent: hiding after three flags', () => {
  it('hides an idea at the third flag from distinct people, not before, once', async () => {
    const clock = testClock('2026-06-01T09:00:00.000Z');
    const { author, idea } = await world();
    const [a, b, c, d] = [await flagger(), await flagger(), await flagger(), await flagger()];
    expect(AUTO_HIDE_FLAGS).toBe(3);
    expect(await flag(a, idea.id, { clock })).toMatchObject({ hidden: false });
    expect(await flag(b, idea.id, { reason: 'offensive', clock })).toMatchObject({ hidden: false });
    expect((await ideaRow(idea.id)).status).toBe('published');
    expect(await auditOf(idea.id)).toHaveLength(0);
    expect(await flag(c, idea.id, { clock })).toMatchObject({ hidden: true });

    const row = await ideaRow(idea.id);
    expect(row).toMatchObject({
      status: 'hidden',
      hiddenAt: clock.now(),
      hiddenFrom: 'published',
      hiddenReason: null,
    });
    expect(await eventsOf(idea.id, 'content.flagged')).toHaveLength(3);
    const [hidden, ...more] = await eventsOf(idea.id, 'content.auto_hidden');
    expect(more).toEqual([]);
    expect(hidden).toMatchObject({
      actorId: c.id,
      subjectUserId: author.id,
      commentId: null,
      payload: { kind: 'idea' },
    });
    const [entry, ...others] = await auditOf(idea.id);
    expect(others).toEqual([]);
    expect(entry).toMatchObject({
      actorId: null,
      targetKind: 'idea',
      targetId: String(idea.id),
      subjectUserId: author.id,
      challengeId: idea.challengeId,
      reason: '3 flags: spam, offensive',
      before: { status: 'published' },
      after: { status: 'hidden' },
    });
    // No penalty here: only an upheld hide costs the author points.
    expect(
      await db().select().from(pointEntries).where(eq(pointEntries.userId, author.id)),
    ).toEqual([]);
    // A fourth person finds nothing to flag.
    await expectRefused(db(), () => flag(d, idea.id), 'NotFound');
  });

  it('counts only open flags: a dismissed one does not bring the item closer', async () => {
    const { idea } = await world();
    const reviewer = await makeUser(db(), { role: 'moderator' });
    const [a, b, c] = [await flagger(), await flagger(), await flagger()];
    const first = await flag(a, idea.id);
    await db()
      .update(flags)
      .set({ resolvedAt: new Date(), resolvedBy: reviewer.id, outcome: 'dismissed' })
      .where(eq(flags.id, first.flagId));
    await flag(b, idea.id);
    expect(await flag(c, idea.id)).toMatchObject({ hidden: false });
    expect((await ideaRow(idea.id)).status).toBe('published');
  });

  it('remembers what a shortlisted idea was, to restore it', async () => {
    const { idea } = await world();
    await db().update(ideas).set({ status: 'shortlisted' }).where(eq(ideas.id, idea.id));
    for (let i = 0; i < 3; i++) await flag(await flagger(), idea.id);
    expect(await ideaRow(idea.id)).toMatchObject({ status: 'hidden', hiddenFrom: 'shortlisted' });
  });

  it('hides a comment at its third flag: not counted, shown to its author and reviewers only', async () => {
    const { owner, author, idea } = await world();
    const commenter = await makeUser(db());
    const bystander = await makeUser(db());
    const c = await addComment(db(), {
      actor: commenter,
      ideaId: idea.id,
      comment: { body: 'Buy pills', parentId: null },
    });
    const kept = await addComment(db(), {
      actor: author,
      ideaId: idea.id,
      comment: { body: 'Fine', parentId: null },
    });
    expect((await ideaRow(idea.id)).commentCount).toBe(2);
    // Flags on the idea do not count toward the comment, nor the other way round.
    await flag(await flagger(), idea.id);
    await flag(await flagger(), idea.id, { commentId: kept.id });
    await flag(await flagger(), idea.id, { commentId: c.id });
    await flag(await flagger(), idea.id, { commentId: c.id, reason: 'offensive' });
    expect((await ideaRow(idea.id)).status).toBe('published');
    const third = await flag(await flagger(), idea.id, { commentId: c.id });
    expect(third.hidden).toBe(true);

    const [row] = await db().select().from(comments).where(eq(comments.id, c.id));
    expect(row!.hiddenAt).not.toBeNull();
    expect(row!.hiddenReason).toBeNull();
    expect((await ideaRow(idea.id)).commentCount).toBe(1);
    expect(await countComments(db(), idea.id)).toBe(1);
    const [event] = await eventsOf(idea.id, 'content.auto_hidden');
    expect(event).toMatchObject({
      commentId: c.id,
      subjectUserId: commenter.id,
      payload: { kind: 'comment' },
    });
    const [entry] = await auditOf(idea.id);
    expect(entry).toMatchObject({
      targetKind: 'comment',
      targetId: String(c.id),
      reason: '3 flags: spam, offensive',
    });

    const ids = async (viewer: Actor | null, reviewer = false) =>
      (await listComments(db(), idea.id, viewer, { reviewer })).threads.map((t) => t.id);
    expect(await ids(null)).toEqual([kept.id]);
    expect(await ids(bystander)).toEqual([kept.id]);
    expect(await ids(commenter)).toEqual([c.id, kept.id]);
    expect(await ids(owner, true)).toEqual([c.id, kept.id]);
    const mine = (await listComments(db(), idea.id, commenter)).threads[0]!;
    expect(mine.hidden).toEqual({ by: 'flags', flags: 3, reasons: ['spam', 'offensive'] });
  });

  it('keeps the idea’s count exact when the author then deletes their hidden comment', async () => {
    const { idea } = await world();
    const commenter = await makeUser(db());
    const c = await addComment(db(), {
      actor: commenter,
      ideaId: idea.id,
      comment: { body: 'Buy pills', parentId: null },
    });
    for (let i = 0; i < 3; i++) await flag(await flagger(), idea.id, { commentId: c.id });
    expect((await ideaRow(idea.id)).commentCount).toBe(0);
    await deleteComment(db(), { actor: commenter, commentId: c.id });
    expect((await ideaRow(idea.id)).commentCount).toBe(0);
    expect(await countComments(db(), idea.id)).toBe(0);
  });

  it('shows others a hidden comment with replies as a placeholder with no author and no text', async () => {
    const { author, idea } = await world();
    const commenter = await makeUser(db());
    const c = await addComment(db(), {
      actor: commenter,
      ideaId: idea.id,
      comment: { body: 'Secret words', parentId: null },
    });
    const reply = await addComment(db(), {
      actor: author,
      ideaId: idea.id,
      comment: { body: 'A reply', parentId: c.id },
    });
    for (let i = 0; i < 3; i++) await flag(await flagger(), idea.id, { commentId: c.id });
    const page = await listComments(db(), idea.id, null);
    expect(page.threads).toHaveLength(1);
    const [placeholder] = page.threads;
    expect(placeholder).toMatchObject({
      id: c.id,
      withheld: true,
      body: null,
      authorHandle: null,
      authorName: null,
      hidden: null,
    });
    expect(placeholder!.replies.map((r) => r.id)).toEqual([reply.id]);
    expect(JSON.stringify(page)).not.toContain('Secret words');
    expect(JSON.stringify(page)).not.toContain(commenter.handle);
  });
});

describe('what the idea page shows of a hidden idea', () => {
  it('shows it to its author with why, to moderators and brand members; to anyone else it is not found', async () => {
    const { owner, author, idea } = await world();
    for (const reason of ['spam', 'off_topic', 'spam'] as const)
      await flag(await flagger(), idea.id, { reason });
    const seen = await getIdea(db(), author, idea.id);
    expect(seen.hidden).toEqual({ by: 'flags', flags: 3, reasons: ['spam', 'off_topic'] });
    expect(seen.can).toMatchObject({ vote: false, comment: false, buildOn: false });
    expect(seen.commentsOpen).toBe(false);
    await expect(
      getIdea(db(), await makeUser(db(), { role: 'moderator' }), idea.id),
    ).resolves.toMatchObject({ hidden: { by: 'flags' } });
    await expect(getIdea(db(), owner, idea.id)).resolves.toMatchObject({ hidden: { by: 'flags' } });
    await expect(getIdea(db(), null, idea.id)).rejects.toMatchObject({
      status: 404,
      key: 'errors.notFound.idea',
    });
    await expect(getIdea(db(), await flagger(), idea.id)).rejects.toMatchObject({
      status: 404,
      key: 'errors.notFound.idea',
    });
  });

  it('gives a moderator’s reason when a moderator hid it', async () => {
    const { author, idea } = await world();
    await db()
      .update(ideas)
      .set({
        status: 'hidden',
        hiddenAt: new Date(),
        hiddenFrom: 'published',
        hiddenReason: 'Advertising',
      })
      .where(eq(ideas.id, idea.id));
    expect((await getIdea(db(), author, idea.id)).hidden).toEqual({
      by: 'moderator',
      reason: 'Advertising',
    });
  });
});

describe('flagControlsOf (the idea page’s controls)', () => {
  it('says why each viewer may or may not flag the idea and each comment', async () => {
    const { author, idea, challenge } = await world();
    const c = await addComment(db(), {
      actor: author,
      ideaId: idea.id,
      comment: { body: 'Hi', parentId: null },
    });
    const controls = async (viewer: Actor | null) => {
      const view = await getIdea(db(), viewer, idea.id);
      const page = await listComments(db(), idea.id, viewer);
      return flagControlsOf(db(), viewer, {
        ideaId: idea.id,
        brandId: challenge.brandId,
        isAuthor: view.isAuthor,
        status: view.idea.status,
        stage: view.challenge.stage,
        threads: page.threads,
        now: new Date(),
      });
    };
    expect(await controls(null)).toMatchObject({
      idea: 'signIn',
      comments: { [c.id]: 'signIn' },
      lock: null,
    });
    expect(await controls(author)).toMatchObject({ idea: 'own', comments: { [c.id]: 'own' } });
    const newcomer = await makeUser(db());
    expect(await controls(newcomer)).toMatchObject({
      idea: 'privilege',
      lock: { threshold: 15, reputation: 1 },
    });
    const someone = await flagger();
    expect(await controls(someone)).toMatchObject({ idea: null, comments: { [c.id]: null } });
    const before = await snapshot(db());
    await controls(someone);
    expect(await snapshot(db())).toEqual(before);
    await flag(someone, idea.id, { commentId: c.id });
    expect(await controls(someone)).toMatchObject({ idea: null, comments: { [c.id]: 'flagged' } });
  });
});
