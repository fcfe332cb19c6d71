// Votes over the socket (issue 15, item 4): the `vote` client event casts a vote through castVote
// and answers the counts; a suspended person is refused with 403 and the end date, nothing
// written, even on a socket opened before the suspension; their sockets close as it commits; and
// malformed votes, signed-out ones and floods get a clear refusal.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { ideas, users, votes } from '../../db/schema';
import { suspendUser } from '#app/domain/moderation/suspensions.server';
import { LOG_START } from '#app/live/protocol';
import { createRateLimits } from '#app/utils/rate-limit.server';
import type { VoteReply } from '../../realtime/io.server';
import { snapshot } from '../support/assertions';
import { makeChallenge, makeIdea, makeUser } from '../support/factories';
import { useLiveServer, waitUntil, type LiveClient } from '../support/live';

const live = useLiveServer({ realtime: { limits: createRateLimits(true) } });
const DAY = 86_400_000;

const vote = (client: LiveClient, payload: unknown) =>
  client.socket.timeout(5000).emitWithAck('vote', payload) as Promise<VoteReply>;

const longDate = (d: Date) =>
  new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(d);

async function world() {
  const db = live().db;
  const owner = await makeUser(db);
  const author = await makeUser(db);
  const voter = await makeUser(db);
  const moderator = await makeUser(db, { role: 'moderator' });
  const challenge = await makeChallenge(db, owner, { stage: 'open' });
  const idea = await makeIdea(db, author, challenge.id);
  return { owner, author, voter, moderator, challenge, idea };
}

async function counts(ideaId: number) {
  const [row] = await live().db.select().from(ideas).where(eq(ideas.id, ideaId));
  return { support: row!.supportCount, oppose: row!.opposeCount };
}

describe('a vote over the socket', () => {
  it('is cast, answers the counts, reaches the idea’s room, and can be withdrawn', async () => {
    const { voter, idea } = await world();
    const watcher = await live().connect();
    await watcher.subscribeOk([{ room: `idea:${idea.id}`, since: LOG_START }]);
    const client = await live().connectAs(voter.id);
    expect(await vote(client, { ideaId: idea.id, value: 1 })).toEqual({
      ok: true,
      supportCount: 1,
      opposeCount: 0,
      value: 1,
    });
    expect(await counts(idea.id)).toEqual({ support: 1, oppose: 0 });
    await live().poke();
    await watcher.waitForMessage((m) => m.type === 'vote.cast');
    expect(await vote(client, { ideaId: idea.id, value: 0 })).toMatchObject({
      ok: true,
      supportCount: 0,
      value: 0,
    });
    // The same refusals as over HTTP, in the socket's language.
    expect(await vote(client, { ideaId: idea.id, value: 0 })).toEqual({
      ok: false,
      status: 409,
      error: 'You have not voted on this idea.',
    });
  });

  it('answers in the socket’s language', async () => {
    const { author, idea } = await world();
    await live().db.update(users).set({ locale: 'it' }).where(eq(users.id, author.id));
    const client = await live().connectAs(author.id);
    const reply = await vote(client, { ideaId: idea.id, value: 1 });
    expect(reply).toEqual({ ok: false, status: 403, error: 'Non puoi votare la tua idea.' });
  });

  it('refuses signed-out, malformed and unknown votes with a clear message, writing nothing', async () => {
    const { voter, idea } = await world();
    const anonymous = await live().connect();
    const client = await live().connectAs(voter.id);
    const before = await snapshot(live().db);
    expect(await vote(anonymous, { ideaId: idea.id, value: 1 })).toEqual({
      ok: false,
      status: 401,
      error: 'Please sign in to vote.',
    });
    const bad: [unknown, number][] = [
      [{ ideaId: idea.id, value: 2 }, 400],
      [{ ideaId: idea.id, value: '1' }, 400],
      [{ ideaId: idea.id }, 400],
      [{ ideaId: idea.id, value: 1, userId: 'someone-else' }, 400],
      ['<script>alert(1)</script>', 400],
      [null, 400],
      [{ ideaId: 'x', value: 1 }, 404],
      [{ ideaId: -1, value: 1 }, 404],
      [{ ideaId: 2 ** 31, value: 1 }, 404],
      [{ ideaId: 999_999, value: 1 }, 404],
    ];
    for (const [payload, status] of bad) {
      const reply = await vote(client, payload);
      expect(reply, JSON.stringify(payload)).toMatchObject({ ok: false, status });
      expect(!reply.ok && reply.error.length > 5).toBe(true);
    }
    expect(await snapshot(live().db)).toEqual(before);
  });
});

describe('a suspended person’s sockets', () => {
  it('are closed as the suspension commits, and only theirs', async () => {
    const { voter, author, moderator } = await world();
    const first = await live().connectAs(voter.id);
    const second = await live().connectAs(voter.id);
    const bystander = await live().connectAs(author.id);
    const closed: string[] = [];
    first.socket.once('disconnect', (reason) => closed.push(`first:${reason}`));
    second.socket.once('disconnect', (reason) => closed.push(`second:${reason}`));
    await suspendUser(live().db, { actor: moderator, userId: voter.id, days: 3, reason: 'Spam' });
    await waitUntil(() => closed.length === 2, { describe: () => closed.join(', ') });
    expect(closed.sort()).toEqual(['first:io server disconnect', 'second:io server disconnect']);
    expect(bystander.socket.connected).toBe(true);
    expect((await bystander.health()).ok).toBe(true);
  });

  it('refuse a vote with 403 and the end date once signed in again, and write nothing', async () => {
    const { voter, moderator, idea } = await world();
    const { until } = await suspendUser(live().db, {
      actor: moderator,
      userId: voter.id,
      days: 5,
      reason: 'Vote ring',
    });
    // Signing in again is allowed: the new socket reads the suspension.
    const client = await live().connectAs(voter.id);
    const before = await snapshot(live().db);
    const reply = await vote(client, { ideaId: idea.id, value: 1 });
    expect(reply).toMatchObject({ ok: false, status: 403 });
    expect(reply.ok ? '' : reply.error).toContain(`suspended until ${longDate(until)}`);
    expect(await snapshot(live().db)).toEqual(before);
    expect(await counts(idea.id)).toEqual({ support: 0, oppose: 0 });
  });

  it('refuse a vote on a socket opened before the suspension (read afresh on each vote)', async () => {
    const { voter, idea } = await world();
    const client = await live().connectAs(voter.id);
    // As if the sign-out notice were lost: the session stays, the row says suspended.
    const until = new Date(Date.now() + 2 * DAY);
    await live().db.update(users).set({ suspendedUntil: until }).where(eq(users.id, voter.id));
    const reply = await vote(client, { ideaId: idea.id, value: 1 });
    expect(reply).toMatchObject({ ok: false, status: 403 });
    expect(reply.ok ? '' : reply.error).toContain(longDate(until));
    expect(await live().db.select().from(votes).where(eq(votes.userId, voter.id))).toEqual([]);
    // A passed end date refuses nothing (the job need not have run).
    await live()
      .db.update(users)
      .set({ suspendedUntil: new Date(Date.now() - 1000) })
      .where(eq(users.id, voter.id));
    expect(await vote(client, { ideaId: idea.id, value: 1 })).toMatchObject({ ok: true });
  });
});

describe('flooding the vote event', () => {
  it('is rate limited like the socket’s other requests (429)', async () => {
    const { voter } = await world();
    const client = await live().connectAs(voter.id);
    const replies = await Promise.all(
      Array.from({ length: 32 }, () => vote(client, { ideaId: 'nope', value: 1 })),
    );
    expect(replies.some((r) => !r.ok && r.status === 429)).toBe(true);
  });
});
