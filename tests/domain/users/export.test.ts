import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  brandConsentsOrNull,
  collect,
  EXPORT_SECTIONS,
  twoPeopleActingOnEachOther,
} from './export.fixtures';
import { ideas, notifications, rewards, userBadges, votes } from '../../../db/schema';
import { testClock } from '#app/domain/core/clock';
import { exportUserData, EXPORT_FORMAT } from '#app/domain/users/export.server';
import { useTestDatabase } from '../../support/db';
import { makeChallenge, makeUser } from '../../support/factories';
import { isDomainError } from '#app/domain/core/errors';

const db = useTestDatabase();

describe('exportUserData', () => {
  it('writes one JSON document with every section, dated by the clock', async () => {
    const { a } = await twoPeopleActingOnEachOther(db());
    const clock = testClock('2026-03-04T05:06:07.000Z');
    const { doc } = await collect(await exportUserData(db(), a.id, { clock }));
    for (const key of ['exportedAt', 'format', 'profile', 'reputation', ...EXPORT_SECTIONS])
      expect(doc, key).toHaveProperty(key);
    if (!(await brandConsentsOrNull(db()))) expect(doc).not.toHaveProperty('consents');
    expect(doc.exportedAt).toBe('2026-03-04T05:06:07.000Z');
    expect(doc.format).toBe(EXPORT_FORMAT);
    expect(doc.profile).toMatchObject({ handle: a.handle, email: a.email, role: 'prosumer' });
    expect(doc.profile.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('holds their idea, comment, vote, ledger entry, badge, reward and notification', async () => {
    const { a, b, ideaOfA, ideaOfB, commentOfA } = await twoPeopleActingOnEachOther(db());
    await db()
      .insert(userBadges)
      .values({ userId: a.id, badge: 'firstIdea', earnedAt: new Date() });
    const [reward] = await db()
      .insert(rewards)
      .values({
        challengeId: ideaOfA.challengeId,
        ideaId: ideaOfA.id,
        userId: a.id,
        rank: 1,
        points: 50,
        prize: 'A test prize',
      })
      .returning();
    const { doc } = await collect(await exportUserData(db(), a.id));

    expect(doc.ideas.map((i: { id: number }) => i.id)).toEqual([ideaOfA.id]);
    expect(doc.ideas[0]).toMatchObject({ title: ideaOfA.title, body: ideaOfA.body });
    expect(doc.comments).toEqual([
      expect.objectContaining({ id: commentOfA.id, body: commentOfA.body, deleted: false }),
    ]);
    expect(doc.votes).toEqual([
      expect.objectContaining({ ideaId: ideaOfB.id, ideaTitle: ideaOfB.title, value: 1 }),
    ]);
    // B's support gave A a ledger entry; it names no voter.
    expect(doc.ledger).toEqual([
      expect.objectContaining({ rule: 'supportReceived', ideaId: ideaOfA.id, causeUserId: null }),
    ]);
    expect(doc.ledger[0].points).toBeGreaterThan(0);
    expect(doc.reputation.points).toBe(doc.ledger[0].points);
    expect(doc.badges).toEqual([expect.objectContaining({ badge: 'firstIdea' })]);
    expect(doc.rewards).toEqual([
      expect.objectContaining({ id: reward!.id, prize: 'A test prize', points: 50 }),
    ]);
    const mine = await db().select().from(notifications).where(eq(notifications.userId, a.id));
    expect(mine.length).toBeGreaterThan(0);
    expect(doc.notifications.map((n: { id: number }) => n.id).sort()).toEqual(
      mine.map((n) => n.id).sort(),
    );
    expect(doc.events.some((e: { type: string }) => e.type === 'idea.created')).toBe(true);
    expect(doc.events.some((e: { type: string }) => e.type === 'comment.created')).toBe(true);
    expect(doc.events.every((e: { txid?: unknown }) => e.txid === undefined)).toBe(true);
    expect(b.id).not.toBe(a.id);
  });

  it('names nobody who voted on their ideas, nor anyone else’s email or notifications', async () => {
    const { a, b } = await twoPeopleActingOnEachOther(db());
    for (const [me, other] of [
      [a, b],
      [b, a],
    ] as const) {
      const { doc, text } = await collect(await exportUserData(db(), me.id));
      expect(text).toContain(me.email);
      expect(text.toLowerCase()).not.toContain(other.email.toLowerCase());
      // A vote on their idea is in their events, without who cast it.
      const received = doc.events.filter(
        (e: { type: string; subjectUserId: string }) =>
          e.type.startsWith('vote.') && e.subjectUserId === me.id,
      );
      expect(received.length).toBeGreaterThan(0);
      for (const e of received) expect(e.actorId).toBeNull();
      for (const n of doc.notifications) {
        if (n.kind === 'vote' || n.kind === 'oppose') expect(n.actorId).toBeNull();
      }
      for (const p of doc.ledger) expect(p.causeUserId).not.toBe(other.id);
      // Their own votes still say they cast them.
      const cast = doc.events.filter(
        (e: { type: string; actorId: string }) => e.type.startsWith('vote.') && e.actorId === me.id,
      );
      expect(cast.length).toBeGreaterThan(0);
      // The other's notifications are not there.
      const theirs = await db()
        .select()
        .from(notifications)
        .where(eq(notifications.userId, other.id));
      expect(theirs.length).toBeGreaterThan(0);
      const ids = new Set(doc.notifications.map((n: { id: number }) => n.id));
      for (const n of theirs) expect(ids.has(n.id)).toBe(false);
      // The voter's id appears nowhere in what was received about votes.
      const votesReceived = JSON.stringify([
        received,
        doc.notifications.filter((n: { kind: string }) => n.kind === 'vote'),
        doc.ledger,
      ]);
      expect(votesReceived).not.toContain(other.id);
    }
  });

  it('includes the consents they gave to brands when the consent table exists', async () => {
    const { a, b, challenge } = await twoPeopleActingOnEachOther(db());
    const present = await brandConsentsOrNull(db());
    if (present) {
      await db().execute(
        sql`insert into brand_consents (user_id, brand_id, level) values (${a.id}, ${challenge.brandId}, 'profile'), (${b.id}, ${challenge.brandId}, 'activity')`,
      );
    }
    const { doc } = await collect(await exportUserData(db(), a.id));
    if (!present) {
      expect(doc).not.toHaveProperty('consents');
      return;
    }
    expect(doc.consents).toEqual([
      expect.objectContaining({ brand_id: challenge.brandId, level: 'profile' }),
    ]);
    expect(doc.consents[0]).not.toHaveProperty('user_id');
  });

  it('streams a person with 1,200 votes page by page', async () => {
    const owner = await makeUser(db());
    const author = await makeUser(db());
    const voter = await makeUser(db());
    const challenge = await makeChallenge(db(), owner, { stage: 'open' });
    const made = await db()
      .insert(ideas)
      .values(
        Array.from({ length: 1200 }, (_, i) => ({
          challengeId: challenge.id,
          authorId: author.id,
          title: `Bulk idea number ${i}`,
          body: 'A bulk idea body.',
        })),
      )
      .returning({ id: ideas.id });
    await db()
      .insert(votes)
      .values(made.map((m) => ({ ideaId: m.id, userId: voter.id, value: 1 })));

    const { doc, chunks } = await collect(await exportUserData(db(), voter.id));
    expect(doc.votes).toHaveLength(1200);
    expect(new Set(doc.votes.map((v: { ideaId: number }) => v.ideaId)).size).toBe(1200);
    // Three pages of votes (500, 500, 200), each its own chunk: never one string for the whole.
    const voteChunks = chunks.filter((c) => c.includes('"ideaTitle"'));
    expect(voteChunks).toHaveLength(3);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(
      chunks.reduce((n, c) => n + c.length, 0) / 2,
    );

    // A smaller page size still gives the same document.
    const small = await collect(await exportUserData(db(), voter.id, { pageSize: 7 }));
    expect(small.doc.votes).toEqual(doc.votes);
  });

  it('refuses an account that does not exist before sending anything', async () => {
    const error = await exportUserData(db(), 'no-such-user').catch((e: unknown) => e);
    expect(isDomainError(error)).toBe(true);
    expect((error as { status: number }).status).toBe(404);
  });
});
