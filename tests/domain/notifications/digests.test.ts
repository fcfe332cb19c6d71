// Email digests, delivered through a real SMTP server in the test process: one mail per person and
// period (daily or weekly, UTC) with what they sent to the digest, in their language, with absolute
// links and one-click unsubscribe; never twice, even when the job runs again or concurrently; none
// at all without SMTP.
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { digestSends, jobs, notifications, users } from '../../../db/schema';
import { addComment } from '#app/domain/comments/commands.server';
import { commentSchema } from '#app/domain/comments/schema';
import { testClock, type TestClock } from '#app/domain/core/clock';
import {
  dueDigests,
  lastEndedPeriod,
  MAIL_ITEMS_LIMIT,
  periodStartingAt,
  sendDigest,
  waitingForDigest,
} from '#app/domain/notifications/digests.server';
import { readUnsubscribeToken, unsubscribe } from '#app/domain/notifications/unsubscribe.server';
import { preferencesOf } from '#app/domain/notifications/preferences.server';
import { castVote } from '#app/domain/votes/commands.server';
import { parseEnv } from '#app/env.server';
import { mailerFromEnv, type Mailer } from '#app/utils/mail.server';
import { JobRunner } from '../../../jobs/runner.server';
import { mailJobs } from '../../../jobs/mail.server';
import { useTestDatabase } from '../../support/db';
import { makeChallenge, makeIdea, makeUser, type TestUser } from '../../support/factories';
import { hearsAbout } from '../../support/notification-preferences';
import { startSmtpSink, type SmtpSink } from '../../support/smtp';

const db = useTestDatabase();
const KEY = Buffer.from('a test key for unsubscribe links, 32+ bytes long');
const APP_URL = 'https://cocrea.test';

let sink: SmtpSink;
let mailer: Mailer;
beforeAll(async () => {
  sink = await startSmtpSink();
  mailer = mailerFromEnv(
    parseEnv({
      ...process.env,
      SMTP_URL: sink.url,
      APP_URL,
      MAIL_FROM: 'Cocrea <digest@cocrea.test>',
    }),
  )!;
});
afterAll(async () => {
  await sink?.close();
});
beforeEach(() => sink.clear());

// A Wednesday, mid-morning (UTC).
const WEDNESDAY = new Date('2031-01-08T10:00:00Z');
const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

function runnerAt(clock: TestClock, options: { mailer?: Mailer | null; id?: string } = {}) {
  return new JobRunner({
    db: db(),
    clock,
    id: options.id,
    definitions: mailJobs({
      mailer: () => (options.mailer === undefined ? mailer : options.mailer),
      unsubscribeKey: () => KEY,
    }),
    pollMs: 3_600_000,
    backoff: { baseMs: 1_000, maxMs: 1_000 },
    log: { error: () => {}, warn: () => {} },
  });
}

/**
 * The recurring check is due at the clock's time: tests move the clock back and forth, so the copy
 * an earlier run scheduled may lie in this test's future.
 */
async function checkNow(clock: TestClock) {
  await db()
    .update(jobs)
    .set({ runAt: clock.now() })
    .where(and(eq(jobs.name, 'mail.digests'), eq(jobs.status, 'pending')));
}

/** Runs the digest check and the sends it enqueued, at the clock's time. */
async function runJobs(clock: TestClock, options: { mailer?: Mailer | null } = {}) {
  await checkNow(clock);
  const runner = runnerAt(clock, options);
  await runner.start();
  await runner.poke();
  await runner.stop();
}

/** An idea by `author` that gets a comment from someone else at the clock's time. */
async function commentedIdea(author: TestUser, clock: TestClock, text = 'What a good idea.') {
  const owner = await makeUser(db());
  const challenge = await makeChallenge(db(), owner, { stage: 'open' });
  const idea = await makeIdea(db(), author, challenge.id, {
    clock,
    title: `Idea of ${author.handle}`,
  });
  const commenter = await makeUser(db());
  await addComment(db(), {
    actor: commenter,
    ideaId: idea.id,
    comment: commentSchema.parse({ body: text }),
    clock,
  });
  return { idea, commenter };
}

async function digestPerson(options: { frequency?: 'daily' | 'weekly'; locale?: string } = {}) {
  const person = await makeUser(db());
  await hearsAbout(db(), person.id, ['comments', 'votes'], 'digest', {
    frequency: options.frequency,
  });
  if (options.locale)
    await db().update(users).set({ locale: options.locale }).where(eq(users.id, person.id));
  return person;
}

const mailsTo = (person: TestUser) => sink.messages.filter((m) => m.to.includes(person.email));

async function sendsOf(person: TestUser) {
  return db()
    .select()
    .from(digestSends)
    .where(eq(digestSends.userId, person.id))
    .orderBy(asc(digestSends.id));
}

describe('periods', () => {
  it('are whole UTC days, or weeks from Monday to Monday', () => {
    expect(lastEndedPeriod('daily', WEDNESDAY)).toEqual({
      start: new Date('2031-01-07T00:00:00Z'),
      end: new Date('2031-01-08T00:00:00Z'),
    });
    expect(lastEndedPeriod('weekly', WEDNESDAY)).toEqual({
      start: new Date('2030-12-30T00:00:00Z'),
      end: new Date('2031-01-06T00:00:00Z'),
    });
    // On a Monday just after midnight, last week has just ended.
    expect(lastEndedPeriod('weekly', new Date('2031-01-13T00:05:00Z')).end).toEqual(
      new Date('2031-01-13T00:00:00Z'),
    );
    expect(periodStartingAt('weekly', new Date('2031-01-07T00:00:00Z'))).toBeNull();
    expect(periodStartingAt('daily', new Date('2031-01-07T00:00:01Z'))).toBeNull();
  });
});

describe('a daily digest', () => {
  it('waits for the day to end, then mails what went to the digest once, with links and unsubscribe', async () => {
    const clock = testClock(WEDNESDAY);
    const person = await digestPerson();
    const { idea, commenter } = await commentedIdea(person, clock, 'Love the <b>bold</b> part.');
    expect(await waitingForDigest(db(), person.id)).toBe(1);

    clock.set(new Date(WEDNESDAY.getTime() + 12 * HOUR)); // 22:00, the day is not over
    await runJobs(clock);
    expect(mailsTo(person)).toEqual([]);

    clock.set(new Date('2031-01-09T00:20:00Z'));
    await runJobs(clock);
    const [mail, ...more] = mailsTo(person);
    expect(more).toEqual([]);
    expect(mail!.to).toEqual([person.email]);
    expect(mail!.subject).toBe('Your Cocrea digest: 1 new notification');
    expect(mail!.headers.get('from')).toMatchObject({
      value: [{ name: 'Cocrea', address: 'digest@cocrea.test' }],
    });
    expect(mail!.text).toContain(`Hello @${person.handle},`);
    expect(mail!.text).toContain(
      `@${commenter.handle} commented on your idea Idea of ${person.handle}`,
    );
    expect(mail!.text).toContain(`${APP_URL}/ideas/${idea.id}#comment-`);
    expect(mail!.text).toContain(`${APP_URL}/settings/notifications`);
    // The comment's text is quoted, and in the HTML it stays text.
    expect(mail!.text).toContain('“Love the <b>bold</b> part.”');
    expect(mail!.html).toContain('Love the &lt;b&gt;bold&lt;/b&gt; part.');
    expect(mail!.html).toContain(`<a href="${APP_URL}/ideas/${idea.id}#comment-`);
    expect(mail!.html).toContain('lang="en"');

    // One-click unsubscribe: the header names a signed link for this person, and POST is offered.
    const listUnsubscribe = mail!.header('List-Unsubscribe');
    expect(mail!.header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const url = new URL(listUnsubscribe.match(/<([^>]+)>/)?.[1] ?? JSON.stringify(listUnsubscribe));
    expect(url.origin + url.pathname).toBe(`${APP_URL}/unsubscribe`);
    expect(readUnsubscribeToken(KEY, url.searchParams.get('token'))).toMatchObject({
      userId: person.id,
      scope: 'all',
    });
    expect(mail!.text).toContain(url.toString());

    // Recorded: the period's row, sent; the notification covered by it.
    const [send] = await sendsOf(person);
    expect(send).toMatchObject({
      frequency: 'daily',
      periodStart: new Date('2031-01-08T00:00:00Z'),
      periodEnd: new Date('2031-01-09T00:00:00Z'),
      items: 1,
    });
    expect(send!.sentAt).not.toBeNull();
    expect(await waitingForDigest(db(), person.id)).toBe(0);

    // Running again — later the same day, or enqueueing the same send by hand — mails nothing more.
    clock.advance(HOUR);
    await runJobs(clock);
    expect(
      await sendDigest(db(), {
        userId: person.id,
        frequency: 'daily',
        periodStart: new Date('2031-01-08T00:00:00Z'),
        mailer,
        unsubscribeKey: KEY,
        clock,
      }),
    ).toEqual({ status: 'already' });
    expect(mailsTo(person)).toHaveLength(1);
  });

  it('leaves out what is in the app only, and votes name nobody', async () => {
    const clock = testClock(WEDNESDAY);
    const person = await makeUser(db());
    await hearsAbout(db(), person.id, ['votes'], 'digest');
    await hearsAbout(db(), person.id, ['comments'], 'in_app');
    const { idea } = await commentedIdea(person, clock);
    const voter = await makeUser(db());
    await castVote(db(), { actor: voter, ideaId: idea.id, value: 1, clock });
    clock.set(new Date('2031-01-09T00:20:00Z'));
    await runJobs(clock);
    const [mail] = mailsTo(person);
    expect(mail!.subject).toBe('Your Cocrea digest: 1 new notification');
    expect(mail!.text).toContain('Someone supported your idea');
    expect(mail!.text).not.toContain('commented');
    expect(mail!.raw).not.toContain(voter.handle);
    // The comment is in the app all the same.
    const kinds = await db()
      .select({ kind: notifications.kind })
      .from(notifications)
      .where(eq(notifications.userId, person.id));
    expect(kinds.map((k) => k.kind).sort()).toEqual(['comment', 'vote']);
  });

  it('is written in the person’s language', async () => {
    const clock = testClock(WEDNESDAY);
    const person = await digestPerson({ locale: 'es' });
    await commentedIdea(person, clock);
    clock.set(new Date('2031-01-09T00:20:00Z'));
    await runJobs(clock);
    const [mail] = mailsTo(person);
    expect(mail!.subject).toBe('Tu resumen de Cocrea: 1 notificación nueva');
    expect(mail!.text).toContain(`Hola, @${person.handle}:`);
    expect(mail!.text).toContain('ha comentado tu idea');
    expect(mail!.text).toContain('Dejar de recibir todos los resúmenes');
    expect(mail!.html).toContain('lang="es"');

    const italian = await digestPerson({ locale: 'it' });
    clock.set(WEDNESDAY);
    await commentedIdea(italian, clock);
    clock.set(new Date('2031-01-09T00:40:00Z'));
    await runJobs(clock);
    expect(mailsTo(italian)[0]!.subject).toBe('Il tuo riepilogo di Cocrea: 1 nuova notifica');
  });

  it('lists at most 50 items and counts the rest', async () => {
    const clock = testClock(WEDNESDAY);
    const person = await digestPerson();
    const owner = await makeUser(db());
    const challenge = await makeChallenge(db(), owner, { stage: 'open' });
    const idea = await makeIdea(db(), person, challenge.id, { clock });
    const commenter = await makeUser(db());
    for (let i = 0; i < MAIL_ITEMS_LIMIT + 3; i++)
      await addComment(db(), {
        actor: commenter,
        ideaId: idea.id,
        comment: commentSchema.parse({ body: `Comment number ${i}.` }),
        clock,
      });
    clock.set(new Date('2031-01-09T00:20:00Z'));
    await runJobs(clock);
    const [mail] = mailsTo(person);
    expect(mail!.subject).toBe(`Your Cocrea digest: ${MAIL_ITEMS_LIMIT + 3} new notifications`);
    expect(mail!.text.match(/^- /gm)).toHaveLength(MAIL_ITEMS_LIMIT);
    expect(mail!.text).toContain('And 3 more notifications in the app.');
    expect(await waitingForDigest(db(), person.id)).toBe(0);
  });
});

describe('a weekly digest', () => {
  it('comes once, after the week ends on Monday, and a daily one does not wait', async () => {
    const clock = testClock(WEDNESDAY);
    const weekly = await digestPerson({ frequency: 'weekly' });
    const daily = await digestPerson();
    await commentedIdea(weekly, clock);
    await commentedIdea(daily, clock);

    clock.set(new Date('2031-01-09T00:20:00Z')); // Thursday
    await runJobs(clock);
    expect(mailsTo(daily)).toHaveLength(1);
    expect(mailsTo(weekly)).toEqual([]);

    clock.set(new Date('2031-01-12T23:50:00Z')); // Sunday night: the week is not over
    await runJobs(clock);
    expect(mailsTo(weekly)).toEqual([]);

    clock.set(new Date('2031-01-13T00:10:00Z')); // Monday
    await runJobs(clock);
    const [mail] = mailsTo(weekly);
    expect(mail!.text).toContain('Your weekly summary of what happened on Cocrea:');
    expect((await sendsOf(weekly))[0]).toMatchObject({
      frequency: 'weekly',
      periodStart: new Date('2031-01-06T00:00:00Z'),
      periodEnd: new Date('2031-01-13T00:00:00Z'),
    });
    clock.advance(DAY);
    await runJobs(clock);
    expect(mailsTo(weekly)).toHaveLength(1);
    expect(mailsTo(daily)).toHaveLength(1);
  });
});

describe('exactly one mail per person and period', () => {
  it('when two runners check and send at the same time', async () => {
    const clock = testClock(WEDNESDAY);
    const person = await digestPerson();
    await commentedIdea(person, clock);
    clock.set(new Date('2031-01-09T00:20:00Z'));
    await checkNow(clock);
    const a = runnerAt(clock, { id: 'runner-a' });
    const b = runnerAt(clock, { id: 'runner-b' });
    await Promise.all([a.start(), b.start()]);
    await Promise.all([a.poke(), b.poke(), a.poke(), b.poke()]);
    await Promise.all([a.stop(), b.stop()]);
    expect(mailsTo(person)).toHaveLength(1);
    expect(await sendsOf(person)).toHaveLength(1);
  });

  it('when the same send runs twice at once', async () => {
    const clock = testClock(WEDNESDAY);
    const person = await digestPerson();
    await commentedIdea(person, clock);
    clock.set(new Date('2031-01-09T00:20:00Z'));
    const send = () =>
      sendDigest(db(), {
        userId: person.id,
        frequency: 'daily',
        periodStart: new Date('2031-01-08T00:00:00Z'),
        mailer,
        unsubscribeKey: KEY,
        clock,
      });
    const outcomes = await Promise.all([send(), send(), send()]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['already', 'already', 'sent']);
    expect(mailsTo(person)).toHaveLength(1);
  });

  it('when the mail server refuses: the claim is released and the retry sends it once', async () => {
    const clock = testClock(WEDNESDAY);
    const person = await digestPerson();
    await commentedIdea(person, clock);
    clock.set(new Date('2031-01-09T00:20:00Z'));
    sink.refuse(1);
    await checkNow(clock);
    const runner = runnerAt(clock);
    await runner.start();
    await runner.poke();
    expect(mailsTo(person)).toEqual([]);
    expect(await sendsOf(person)).toEqual([]);
    expect(await waitingForDigest(db(), person.id)).toBe(1);
    const [retry] = await db()
      .select({ status: jobs.status, lastError: jobs.lastError })
      .from(jobs)
      .where(and(eq(jobs.name, 'mail.digest'), sql`${jobs.payload}->>'userId' = ${person.id}`));
    expect(retry).toMatchObject({ status: 'pending' });
    expect(retry!.lastError).toMatch(/451|Try again later/);
    clock.advance(60_000);
    await runner.poke();
    await runner.stop();
    expect(mailsTo(person)).toHaveLength(1);
    expect(await waitingForDigest(db(), person.id)).toBe(0);
  });
});

describe('no digest', () => {
  it('without SMTP: the check enqueues nothing and nothing is sent', async () => {
    const clock = testClock(WEDNESDAY);
    const person = await digestPerson();
    await commentedIdea(person, clock);
    clock.set(new Date('2031-01-09T00:20:00Z'));
    const before = await db().$count(jobs, eq(jobs.name, 'mail.digest'));
    await runJobs(clock, { mailer: null });
    expect(await db().$count(jobs, eq(jobs.name, 'mail.digest'))).toBe(before);
    expect(mailsTo(person)).toEqual([]);
    expect(await sendsOf(person)).toEqual([]);
    expect(await waitingForDigest(db(), person.id)).toBe(1);
    // Nor does the default mailer without SMTP_URL exist.
    expect(mailerFromEnv(parseEnv({ ...process.env, SMTP_URL: '' }))).toBeNull();
  });

  it('for someone with nothing in the digest, or who deleted their account', async () => {
    const clock = testClock(WEDNESDAY);
    const quiet = await makeUser(db());
    await commentedIdea(quiet, clock); // comments are off by default
    const gone = await digestPerson();
    await commentedIdea(gone, clock);
    await db()
      .update(users)
      .set({ deletedAt: clock.now(), email: null, passwordHash: null })
      .where(eq(users.id, gone.id));
    clock.set(new Date('2031-01-09T00:20:00Z'));
    const due = await dueDigests(db(), clock.now());
    expect(due.map((d) => d.userId)).not.toContain(quiet.id);
    expect(due.map((d) => d.userId)).not.toContain(gone.id);
    await runJobs(clock);
    expect(mailsTo(quiet)).toEqual([]);
    expect(
      await sendDigest(db(), {
        userId: gone.id,
        frequency: 'daily',
        periodStart: new Date('2031-01-08T00:00:00Z'),
        mailer,
        unsubscribeKey: KEY,
        clock,
      }),
    ).toEqual({ status: 'no-address' });
  });

  it('after unsubscribing with the link of the last one', async () => {
    const clock = testClock(WEDNESDAY);
    const person = await digestPerson();
    await commentedIdea(person, clock);
    clock.set(new Date('2031-01-09T00:20:00Z'));
    await runJobs(clock);
    const [mail] = mailsTo(person);
    const header = mail!.header('List-Unsubscribe');
    const token = new URL(header.slice(1, -1)).searchParams.get('token');
    const claim = readUnsubscribeToken(KEY, token)!;
    clock.advance(HOUR);
    expect((await unsubscribe(db(), { claim, clock })).sort()).toEqual(['comments', 'votes']);
    expect((await preferencesOf(db(), person.id)).channels).toMatchObject({
      comments: 'in_app',
      votes: 'in_app',
    });
    clock.set(new Date('2031-01-09T10:00:00Z'));
    await commentedIdea(person, clock);
    clock.set(new Date('2031-01-10T00:20:00Z'));
    await runJobs(clock);
    expect(mailsTo(person)).toHaveLength(1);
  });
});
