// Notification preferences: quiet by default (only replies, mentions and rewards), each topic in the
// app, also in the email digest, or off — honoured by notify() itself, so every writer (votes,
// comments, builds, judging, badges) follows them.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { challenges, notifications, notificationPreferences } from '../../../db/schema';
import { awardBadge } from '#app/domain/badges/commands.server';
import { changeStage } from '#app/domain/challenges/commands.server';
import { addComment } from '#app/domain/comments/commands.server';
import { commentSchema } from '#app/domain/comments/schema';
import { appendEvent } from '#app/domain/events/log.server';
import { followChallenge, shortlistIdea } from '#app/domain/judging/commands.server';
import { DEFAULT_CHANNEL, TOPICS, TOPIC_OF_KIND } from '#app/domain/notifications/preferences';
import { preferencesOf, savePreferences } from '#app/domain/notifications/preferences.server';
import { notificationSettingsSchema } from '#app/domain/notifications/schema';
import { castVote } from '#app/domain/votes/commands.server';
import { expectRefused, fieldErrors } from '../../support/assertions';
import { useTestDatabase } from '../../support/db';
import { makeChallenge, makeIdea, makeUser, type TestUser } from '../../support/factories';
import { hearsAbout } from '../../support/notification-preferences';

const db = useTestDatabase();

async function anIdea() {
  const owner = await makeUser(db());
  const author = await makeUser(db());
  const challenge = await makeChallenge(db(), owner, { stage: 'open' });
  const idea = await makeIdea(db(), author, challenge.id);
  return { owner, author, challenge, idea };
}

async function rowsOf(user: TestUser) {
  return db()
    .select({ kind: notifications.kind, digest: notifications.digest })
    .from(notifications)
    .where(eq(notifications.userId, user.id))
    .orderBy(notifications.id);
}

const comment = (body: string, parentId?: number) =>
  commentSchema.parse({ body, parentId: parentId ? String(parentId) : undefined });

describe('the quiet defaults', () => {
  it('are in the app for replies, mentions, rewards, moderation and intents, off for everything else', async () => {
    expect(DEFAULT_CHANNEL).toEqual({
      replies: 'in_app',
      mentions: 'in_app',
      rewards: 'in_app',
      moderation: 'in_app',
      // Offers, answers and messages about intents (issue 17).
      intents: 'in_app',
      comments: 'off',
      votes: 'off',
      builds: 'off',
      follows: 'off',
      stages: 'off',
    });
    // Every kind of notification belongs to a topic someone can choose.
    for (const topic of Object.values(TOPIC_OF_KIND)) expect(TOPICS).toContain(topic);
    const someone = await makeUser(db());
    expect(await preferencesOf(db(), someone.id)).toEqual({
      channels: DEFAULT_CHANNEL,
      frequency: 'daily',
    });
  });

  it('write no row for a vote, a comment, a build or a stage move of a followed challenge', async () => {
    const { owner, author, challenge, idea } = await anIdea();
    const other = await makeUser(db());
    await castVote(db(), { actor: other, ideaId: idea.id, value: 1 });
    await addComment(db(), { actor: other, ideaId: idea.id, comment: comment('Nice one.') });
    await makeIdea(db(), other, challenge.id, { buildsOnId: idea.id });
    await followChallenge(db(), { actor: author, challengeId: challenge.id });
    await changeStage(db(), { actor: owner, challengeId: challenge.id, to: 'voting' });
    expect(await rowsOf(author)).toEqual([]);
  });

  it('write a row (in the app only) for a reply, a mention and a shortlist', async () => {
    const { owner, author, challenge, idea } = await anIdea();
    const other = await makeUser(db());
    const first = await addComment(db(), {
      actor: author,
      ideaId: idea.id,
      comment: comment('My own first thought.'),
    });
    await addComment(db(), {
      actor: other,
      ideaId: idea.id,
      comment: comment('A reply to you.', first.id),
    });
    const otherIdea = await makeIdea(db(), other, challenge.id);
    await addComment(db(), {
      actor: other,
      ideaId: otherIdea.id,
      comment: comment(`What do you think, @${author.handle}?`),
    });
    await db().update(challenges).set({ stage: 'review' }).where(eq(challenges.id, challenge.id));
    await shortlistIdea(db(), { actor: owner, ideaId: idea.id });
    expect(await rowsOf(author)).toEqual([
      { kind: 'reply', digest: false },
      { kind: 'mention', digest: false },
      { kind: 'shortlisted', digest: false },
    ]);
  });
});

describe('a person’s choices', () => {
  it('turn a topic on in the app, or in the digest (a row marked for it)', async () => {
    const { author, idea } = await anIdea();
    await hearsAbout(db(), author.id, ['votes'], 'in_app');
    await hearsAbout(db(), author.id, ['comments'], 'digest');
    const other = await makeUser(db());
    await castVote(db(), { actor: other, ideaId: idea.id, value: 1 });
    await addComment(db(), { actor: other, ideaId: idea.id, comment: comment('Lovely.') });
    expect(await rowsOf(author)).toEqual([
      { kind: 'vote', digest: false },
      { kind: 'comment', digest: true },
    ]);
  });

  it('turn a default topic off: no row at all', async () => {
    const { author, idea } = await anIdea();
    await hearsAbout(db(), author.id, ['replies', 'mentions'], 'off');
    const first = await addComment(db(), {
      actor: author,
      ideaId: idea.id,
      comment: comment('Thinking aloud.'),
    });
    const other = await makeUser(db());
    await addComment(db(), {
      actor: other,
      ideaId: idea.id,
      comment: comment(`Hello @${author.handle}`, first.id),
    });
    expect(await rowsOf(author)).toEqual([]);
  });

  it('give someone named twice the first kind they want: a reply they turned off comes as a comment', async () => {
    const { author, idea } = await anIdea();
    await hearsAbout(db(), author.id, ['replies'], 'off');
    await hearsAbout(db(), author.id, ['comments'], 'in_app');
    const first = await addComment(db(), {
      actor: author,
      ideaId: idea.id,
      comment: comment('On my own idea.'),
    });
    await addComment(db(), {
      actor: await makeUser(db()),
      ideaId: idea.id,
      comment: comment('Replying here.', first.id),
    });
    expect(await rowsOf(author)).toEqual([{ kind: 'comment', digest: false }]);
  });

  it('are honoured for badges too (rewards off: no badge notification)', async () => {
    const person = await makeUser(db());
    await hearsAbout(db(), person.id, ['rewards'], 'off');
    const at = new Date();
    const event = await db().transaction(async (tx) => {
      const id = await appendEvent(tx, {
        type: 'user.joined',
        actorId: null,
        subjectUserId: person.id,
        at,
      });
      return { id, createdAt: at };
    });
    await db().transaction((tx) =>
      awardBadge(tx, {
        userId: person.id,
        badge: 'firstIdea',
        event: { ...event, type: 'user.joined' } as never,
        now: at,
      }),
    );
    expect(await rowsOf(person)).toEqual([]);
    const fan = await makeUser(db());
    await db().transaction((tx) =>
      awardBadge(tx, {
        userId: fan.id,
        badge: 'firstIdea',
        event: { ...event, type: 'user.joined' } as never,
        now: at,
      }),
    );
    expect(await rowsOf(fan)).toEqual([{ kind: 'badge', digest: false }]);
  });

  it('are only ever the person’s own, and saving twice changes nothing more', async () => {
    const a = await makeUser(db());
    const b = await makeUser(db());
    await savePreferences(db(), {
      userId: a.id,
      input: { channels: { votes: 'in_app' }, frequency: 'weekly' },
      emailEnabled: true,
    });
    const [first] = await db()
      .select()
      .from(notificationPreferences)
      .where(
        and(eq(notificationPreferences.userId, a.id), eq(notificationPreferences.topic, 'votes')),
      );
    await savePreferences(db(), {
      userId: a.id,
      input: { channels: { votes: 'in_app' } },
      emailEnabled: true,
    });
    const [again] = await db()
      .select()
      .from(notificationPreferences)
      .where(
        and(eq(notificationPreferences.userId, a.id), eq(notificationPreferences.topic, 'votes')),
      );
    // Unchanged value: the row (and when it last changed) stays as it was.
    expect(again).toEqual(first);
    expect((await preferencesOf(db(), a.id)).frequency).toBe('weekly');
    expect(await preferencesOf(db(), b.id)).toEqual({
      channels: DEFAULT_CHANNEL,
      frequency: 'daily',
    });
  });

  it('take what waited for the digest out of it when a topic leaves the digest', async () => {
    const { author, idea } = await anIdea();
    await hearsAbout(db(), author.id, ['comments'], 'digest');
    await addComment(db(), {
      actor: await makeUser(db()),
      ideaId: idea.id,
      comment: comment('Into the digest.'),
    });
    expect(await rowsOf(author)).toEqual([{ kind: 'comment', digest: true }]);
    await hearsAbout(db(), author.id, ['comments'], 'in_app');
    expect(await rowsOf(author)).toEqual([{ kind: 'comment', digest: false }]);
  });

  it('refuse the digest while this site sends no email, writing nothing', async () => {
    const person = await makeUser(db());
    await expectRefused(
      db(),
      () =>
        savePreferences(db(), {
          userId: person.id,
          input: { channels: { votes: 'digest' } },
          emailEnabled: false,
        }),
      'Invalid',
      /Email is off on this site/,
    );
  });
});

describe('the settings form', () => {
  const all = Object.fromEntries(TOPICS.map((t) => [t, 'in_app']));

  it('takes one choice per topic and a frequency', () => {
    expect(notificationSettingsSchema.parse({ ...all, frequency: 'weekly' })).toEqual({
      ...all,
      frequency: 'weekly',
    });
    // While email is off, the frequency is not sent.
    expect(notificationSettingsSchema.parse(all)).toEqual(all);
  });

  it('refuses an unknown topic, a bad value, a missing topic, a repeated field and script tags', () => {
    expect(fieldErrors(notificationSettingsSchema, { ...all, likes: 'in_app' })).toEqual({
      '': ['The form holds a setting that does not exist. Reload the page and try again.'],
    });
    expect(fieldErrors(notificationSettingsSchema, { ...all, votes: 'loud' })).toEqual({
      votes: ['Choose in the app, in the email digest or off.'],
    });
    const { votes: _votes, ...missing } = all;
    expect(Object.keys(fieldErrors(notificationSettingsSchema, missing))).toEqual(['votes']);
    expect(
      Object.keys(fieldErrors(notificationSettingsSchema, { ...all, votes: ['off', 'in_app'] })),
    ).toEqual(['votes']);
    expect(
      Object.keys(
        fieldErrors(notificationSettingsSchema, { ...all, votes: '<script>alert(1)</script>' }),
      ),
    ).toEqual(['votes']);
    expect(
      fieldErrors(notificationSettingsSchema, { ...all, frequency: 'hourly' }).frequency,
    ).toEqual(['Choose a daily or a weekly digest.']);
    expect(Object.keys(fieldErrors(notificationSettingsSchema, { ...all, votes: 1 }))).toEqual([
      'votes',
    ]);
  });
});
