// Socket.IO abuse: who voted must not leak through public rooms, one subscribe must not replay the
// same backlog again and again, presence must not be inflated by opening sockets, one address
// cannot open sockets without end, impossible ids never reach the database, and a signed-out
// session's sockets stop receiving its notifications.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sessions } from '../../db/schema';
import { logHorizon } from '#app/domain/events/log.server';
import { castVote } from '#app/domain/votes/commands.server';
import { LOG_START } from '#app/live/protocol';
import { action as signOut } from '#app/routes/signout';
import { makeChallenge, makeIdea, makeUser } from '../support/factories';
import { makeOpposer } from '../support/reputation';
import { hearsAbout } from '../support/notification-preferences';
import {
  connectClient,
  connectOutcome,
  sleep,
  startLiveServer,
  useLiveServer,
  waitUntil,
  type LiveClient,
} from '../support/live';

// Room for the 41 sockets of the presence test (the limit itself is tested on a server of its own).
const live = useLiveServer({ realtime: { maxSocketsPerAddress: 100 } });

async function votedIdea() {
  const db = live().db;
  const owner = await makeUser(db);
  const author = await makeUser(db);
  const challenge = await makeChallenge(db, owner, { stage: 'open' });
  const idea = await makeIdea(db, author, challenge.id);
  const voters = [];
  for (let i = 0; i < 4; i++) {
    const voter = await makeOpposer(db);
    await castVote(db, { actor: voter, ideaId: idea.id, value: i % 2 ? -1 : 1 });
    voters.push(voter);
  }
  return { owner, author, challenge, idea, voters };
}

/** Waits until the pump has published everything and a short quiet period passed. */
async function settle() {
  await live().poke();
  await sleep(150);
}

function closed(client: LiveClient) {
  return waitUntil(() => !client.socket.connected, {
    describe: () => 'the socket is still connected',
  });
}

describe('public rooms carry counts, never people', () => {
  it('an anonymous replay of a challenge and an idea names no voter, author or owner', async () => {
    const { owner, author, challenge, idea, voters } = await votedIdea();
    const client = await live().connect();
    await client.subscribeOk([
      { room: `challenge:${challenge.id}`, since: LOG_START },
      { room: `idea:${idea.id}`, since: LOG_START },
    ]);
    // Replayed votes, then a live one.
    await client.waitForMessages(4 + 1);
    const lateVoter = await makeOpposer(live().db);
    await castVote(live().db, { actor: lateVoter, ideaId: idea.id, value: -1 });
    await live().poke();
    await client.waitForMessage((m) => 'data' in m && m.data.opposeCount === 3);
    const votes = client.liveEvents().filter((m) => m.type.startsWith('vote.'));
    expect(votes).toHaveLength(5);
    const wire = JSON.stringify(client.messages);
    expect(wire).not.toContain('actorId');
    for (const person of [owner, author, lateVoter, ...voters])
      expect(wire).not.toContain(person.id);
  });

  it("the author's own notification says someone voted, not who", async () => {
    const db = live().db;
    const owner = await makeUser(db);
    const author = await makeUser(db);
    const challenge = await makeChallenge(db, owner, { stage: 'open' });
    const idea = await makeIdea(db, author, challenge.id);
    // Votes are off by default (decision 019): this author asked to hear of them.
    await hearsAbout(db, author.id, ['votes']);
    const since = await logHorizon(db);
    const voter = await makeOpposer(db);
    await castVote(db, { actor: voter, ideaId: idea.id, value: -1 });
    const client = await live().connectAs(author.id);
    await client.subscribeOk([{ room: 'me', since }]);
    const note = await client.waitForMessage((m) => m.type === 'notification');
    expect(note).toMatchObject({ ideaId: idea.id });
    expect(JSON.stringify(client.messages)).not.toContain(voter.id);
    expect(JSON.stringify(client.messages)).not.toContain('actorId');
  });
});

describe('replay amplification', () => {
  it('asking again for a room already joined replays nothing', async () => {
    const { challenge } = await votedIdea();
    const client = await live().connect();
    const room = `challenge:${challenge.id}` as const;
    await client.subscribeOk([{ room, since: LOG_START }]);
    const first = await client.waitForMessages(5);
    await settle();
    expect(client.messages).toHaveLength(first.length);
    for (let i = 0; i < 3; i++)
      expect(await client.subscribe([{ room, since: LOG_START }])).toMatchObject({
        ok: true,
        joined: [room],
      });
    await settle();
    expect(client.messages).toHaveLength(first.length);
  });
});

describe('presence', () => {
  it('40 anonymous sockets of one browser count as one person; a second browser makes two', async () => {
    const { challenge } = await votedIdea();
    const room = `challenge:${challenge.id}` as const;
    const since = await logHorizon(live().db);
    const browserA = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36';
    const sockets = await Promise.all(
      Array.from({ length: 40 }, () => live().connect({ userAgent: browserA })),
    );
    for (const socket of sockets) await socket.subscribeOk([{ room, since }]);
    const watcher = sockets[0]!;
    await watcher.waitForPresence(room, 1);
    const browserB = await live().connect({ userAgent: 'Mozilla/5.0 (Macintosh) Firefox/133.0' });
    await browserB.subscribeOk([{ room, since }]);
    await watcher.waitForPresence(room, 2);
    await browserB.waitForPresence(room, 2);
    // Nothing ever announced more people than there were browsers.
    expect(Math.max(...watcher.presence.map((p) => p.count))).toBe(2);
    for (const socket of [...sockets, browserB]) socket.close();
  });

  it('refuses a socket beyond the per-address limit at the handshake, and accepts one after a close', async () => {
    const server = await startLiveServer({
      database: live().database,
      realtime: { maxSocketsPerAddress: 3 },
    });
    try {
      const open = await Promise.all(Array.from({ length: 3 }, () => server.connect()));
      const refused = await connectOutcome(server.url);
      expect(refused).toBeInstanceOf(Error);
      expect((refused as Error).message).toMatch(/too many live connections/i);
      // A refused handshake does not take a slot either.
      expect(await connectOutcome(server.url)).toBeInstanceOf(Error);
      open[0]!.close();
      await waitUntil(() => server.realtime.io.of('/').sockets.size < 3);
      expect(await connectOutcome(server.url)).toBe('connected');
    } finally {
      await server.close();
    }
  });
});

describe('impossible ids', () => {
  it('refuses ids beyond PostgreSQL integers in the schema, before any query', async () => {
    const client = await live().connect();
    for (const room of ['idea:9999999999', 'challenge:2147483648']) {
      const reply = await client.subscribe([{ room, since: LOG_START }]);
      expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/each like/) });
    }
    // The largest possible id is a well-formed request for a room that does not exist.
    expect(await client.subscribe([{ room: 'idea:2147483647', since: LOG_START }])).toMatchObject({
      ok: true,
      joined: [],
      denied: ['idea:2147483647'],
    });
  });
});

describe('signing out', () => {
  it("signing out ends that session's sockets, in every process", async () => {
    const db = live().db;
    const user = await makeUser(db);
    const session = await live().auth.createSession(user.id, {});
    const cookie = `${live().auth.sessionCookieName}=${session.id}`;
    // A second process on the same database hears the sign-out too.
    const other = await startLiveServer({ database: live().database });
    try {
      const here = await live().connect({ cookie });
      const there = await other.connect({ cookie });
      const otherSession = await live().connectAs(user.id);
      for (const client of [here, there, otherSession])
        await client.subscribeOk([{ room: 'me', since: LOG_START }]);

      const response = await signOut({
        request: new Request('http://localhost/signout', { method: 'POST' }),
        params: {},
        context: { db, auth: live().auth, sessionId: session.id } as never,
      });
      expect(response.status).toBe(302);
      await closed(here);
      await closed(there);
      // The same person's other session (another device) stays connected.
      expect(otherSession.socket.connected).toBe(true);
      expect((await otherSession.health()).ok).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('a subscribe from a socket whose session is gone is refused and the socket ended', async () => {
    const db = live().db;
    const user = await makeUser(db);
    const session = await live().auth.createSession(user.id, {});
    const client = await connectClient(live().url, {
      cookie: `${live().auth.sessionCookieName}=${session.id}`,
    });
    try {
      await client.subscribeOk([{ room: 'me', since: LOG_START }]);
      // Deleted behind the live layer's back (expired, or a sign-out whose notice was lost).
      await db.delete(sessions).where(eq(sessions.id, session.id));
      const reply = await client.subscribe([{ room: 'idea:1', since: LOG_START }]);
      expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/session has ended/) });
      await closed(client);
    } finally {
      client.close();
    }
  });
});
