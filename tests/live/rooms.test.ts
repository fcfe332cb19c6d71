// Who may listen where: room joins follow the pages' rules (drafts for the brand, withdrawn ideas for
// their author, "me" for signed-in people), malformed requests are refused, connections are limited,
// cross-site handshakes are refused, and notifications reach only the person they are for.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { events } from '../../db/schema';
import { logHorizon } from '#app/domain/events/log.server';
import { withdrawIdea } from '#app/domain/ideas/commands.server';
import { castVote } from '#app/domain/votes/commands.server';
import {
  LOG_START,
  MAX_ROOMS_PER_SOCKET,
  formatPosition,
  type LiveNotification,
} from '#app/live/protocol';
import { makeChallenge, makeIdea, makeUser } from '../support/factories';
import { makeOpposer } from '../support/reputation';
import { hearsAbout } from '../support/notification-preferences';
import { connectOutcome, sleep, useLiveServer } from '../support/live';

const live = useLiveServer();

async function world() {
  const db = live().db;
  const owner = await makeUser(db);
  const author = await makeUser(db);
  const stranger = await makeUser(db);
  const draft = await makeChallenge(db, owner);
  const open = await makeChallenge(db, owner, { stage: 'open' });
  const idea = await makeIdea(db, author, open.id);
  return { owner, author, stranger, draft, open, idea };
}

describe('joining rooms', () => {
  it('an anonymous client is denied "me" and a draft challenge, and may join an open challenge and a published idea', async () => {
    const { draft, open, idea } = await world();
    const client = await live().connect();
    const reply = await client.subscribe([
      { room: 'me', since: LOG_START },
      { room: `challenge:${draft.id}`, since: LOG_START },
      { room: `challenge:${open.id}`, since: LOG_START },
      { room: `idea:${idea.id}`, since: LOG_START },
    ]);
    expect(reply).toMatchObject({
      ok: true,
      joined: [`challenge:${open.id}`, `idea:${idea.id}`],
      denied: ['me', `challenge:${draft.id}`],
      refetch: [],
    });
  });

  it('a signed-in non-member is denied a draft challenge; a brand member is allowed it', async () => {
    const { owner, stranger, draft, open } = await world();
    const outsider = await live().connectAs(stranger.id);
    expect(
      await outsider.subscribe([
        { room: `challenge:${draft.id}`, since: LOG_START },
        { room: `challenge:${open.id}`, since: LOG_START },
        { room: 'me', since: LOG_START },
      ]),
    ).toMatchObject({
      ok: true,
      joined: [`challenge:${open.id}`, 'me'],
      denied: [`challenge:${draft.id}`],
    });
    const member = await live().connectAs(owner.id);
    expect(
      await member.subscribe([{ room: `challenge:${draft.id}`, since: LOG_START }]),
    ).toMatchObject({
      ok: true,
      joined: [`challenge:${draft.id}`],
      denied: [],
    });
  });

  it('a withdrawn idea is denied to others but allowed to its author', async () => {
    const { author, stranger, idea } = await world();
    await withdrawIdea(live().db, { actor: author, ideaId: idea.id });
    const room = `idea:${idea.id}` as const;
    expect(await (await live().connect()).subscribe([{ room, since: LOG_START }])).toMatchObject({
      ok: true,
      joined: [],
      denied: [room],
    });
    expect(
      await (await live().connectAs(stranger.id)).subscribe([{ room, since: LOG_START }]),
    ).toMatchObject({ ok: true, joined: [], denied: [room] });
    expect(
      await (await live().connectAs(author.id)).subscribe([{ room, since: LOG_START }]),
    ).toMatchObject({ ok: true, joined: [room], denied: [] });
  });

  it('rooms that do not exist are denied', async () => {
    const client = await live().connect();
    expect(
      await client.subscribe([
        { room: 'challenge:999999', since: LOG_START },
        { room: 'idea:999999', since: LOG_START },
      ]),
    ).toMatchObject({
      ok: true,
      joined: [],
      denied: ['challenge:999999', 'idea:999999'],
    });
  });

  it('refuses malformed subscribe payloads with {ok: false, error}', async () => {
    const { open } = await world();
    const client = await live().connect();
    const good = { room: `challenge:${open.id}`, since: LOG_START };
    const malformed: [string, unknown][] = [
      ['not an object', 'challenge:1'],
      ['null', null],
      ['rooms not an array', { rooms: good }],
      ['no rooms', { rooms: [] }],
      [
        '21 rooms',
        {
          rooms: Array.from({ length: MAX_ROOMS_PER_SOCKET + 1 }, (_, i) => ({
            room: `idea:${i + 1}`,
            since: LOG_START,
          })),
        },
      ],
      ['challenge:abc', { rooms: [{ room: 'challenge:abc', since: LOG_START }] }],
      ['challenge:0', { rooms: [{ room: 'challenge:0', since: LOG_START }] }],
      ['user:xyz', { rooms: [{ room: 'user:xyz', since: LOG_START }] }],
      ['since a number', { rooms: [{ ...good, since: 5 }] }],
      ['since without an id', { rooms: [{ ...good, since: '5' }] }],
      ['since negative', { rooms: [{ ...good, since: '-1.0' }] }],
      ['since a fraction', { rooms: [{ ...good, since: '1.5.0' }] }],
      ['since with leading zeros', { rooms: [{ ...good, since: '01.1' }] }],
      ['since beyond safe integers', { rooms: [{ ...good, since: '9007199254740993.1' }] }],
      ['since missing', { rooms: [{ room: good.room }] }],
      ['an extra key in a room', { rooms: [{ ...good, extra: true }] }],
      ['an extra key at the top', { rooms: [good], extra: true }],
    ];
    for (const [what, payload] of malformed) {
      const reply = await client.subscribe(payload);
      expect(reply, what).toMatchObject({ ok: false, error: expect.stringMatching(/1–20 rooms/) });
    }
    // Nothing was joined along the way, and the connection still works.
    expect(await client.subscribe([good])).toMatchObject({ ok: true, joined: [good.room] });
  });

  it(`refuses more than ${MAX_ROOMS_PER_SOCKET} rooms in total per connection`, async () => {
    const db = live().db;
    const owner = await makeUser(db);
    const author = await makeUser(db);
    const challenge = await makeChallenge(db, owner, { stage: 'open', maxIdeasPerUser: 30 });
    const ideas = [];
    for (let i = 0; i < MAX_ROOMS_PER_SOCKET + 1; i++)
      ideas.push(await makeIdea(db, author, challenge.id));
    const client = await live().connect();
    const rooms = ideas.map((idea) => ({ room: `idea:${idea.id}` as const, since: LOG_START }));
    expect(await client.subscribe(rooms.slice(0, 12))).toMatchObject({ ok: true });
    const over = await client.subscribe(rooms.slice(12));
    expect(over).toEqual({
      ok: false,
      error: `At most ${MAX_ROOMS_PER_SOCKET} rooms per connection.`,
    });
    // Asking again for rooms already joined does not count twice, and filling up to the limit works.
    expect(await client.subscribe(rooms.slice(0, 12))).toMatchObject({ ok: true });
    expect(await client.subscribe(rooms.slice(12, MAX_ROOMS_PER_SOCKET))).toMatchObject({
      ok: true,
      joined: rooms.slice(12, MAX_ROOMS_PER_SOCKET).map((r) => r.room),
    });
    expect(
      await client.subscribe([{ room: `challenge:${challenge.id}`, since: LOG_START }]),
    ).toMatchObject({ ok: false });
    // Leaving a room makes space again.
    expect(await client.unsubscribe([rooms[0]!.room])).toEqual({ ok: true });
    expect(
      await client.subscribe([{ room: `challenge:${challenge.id}`, since: LOG_START }]),
    ).toMatchObject({ ok: true, joined: [`challenge:${challenge.id}`] });
  });

  it('rate-limits each connection: beyond 30 requests per 10 s the answer is "Too many requests", and persistent abuse disconnects', async () => {
    const client = await live().connect();
    const replies = [];
    for (let i = 0; i < 30; i++) replies.push(await client.health());
    expect(replies.every((r) => r.ok)).toBe(true);
    for (let strike = 1; strike <= 5; strike++)
      expect(await client.health()).toEqual({ ok: false, error: 'Too many requests: slow down.' });
    expect(client.socket.connected).toBe(true);
    // The sixth strike closes the connection.
    const disconnected = new Promise<string>((resolve) =>
      client.socket.once('disconnect', resolve),
    );
    client.socket.emit('health', () => {});
    expect(await Promise.race([disconnected, sleep(3000).then(() => 'still connected')])).toBe(
      'io server disconnect',
    );
    // Another connection has its own budget.
    const other = await live().connect();
    expect(await other.health()).toMatchObject({ ok: true });
  });

  it('refuses a websocket handshake with a cross-site Origin and accepts the same-host origin', async () => {
    const { url, port } = live();
    const refused = await connectOutcome(url, { origin: 'http://evil.example' });
    expect(refused).toBeInstanceOf(Error);
    expect(
      await connectOutcome(url, { origin: `http://127.0.0.1:${port}.evil.example` }),
    ).toBeInstanceOf(Error);
    expect(await connectOutcome(url, { origin: `http://127.0.0.1:${port}` })).toBe('connected');
    expect(await connectOutcome(url)).toBe('connected');
  });
});

describe('notifications on "me"', () => {
  it('a person receives their own notification when someone votes on their idea; another person does not', async () => {
    const { author, stranger, idea } = await world();
    // Votes are off by default (decision 019): both asked to hear of them.
    await hearsAbout(live().db, author.id, ['votes']);
    await hearsAbout(live().db, stranger.id, ['votes']);
    const voter = await makeOpposer(live().db);
    const since = await logHorizon(live().db);
    const authorClient = await live().connectAs(author.id);
    const otherClient = await live().connectAs(stranger.id);
    expect(await authorClient.subscribe([{ room: 'me', since }])).toMatchObject({
      ok: true,
      joined: ['me'],
    });
    expect(await otherClient.subscribe([{ room: 'me', since }])).toMatchObject({
      ok: true,
      joined: ['me'],
    });

    await castVote(live().db, { actor: voter, ideaId: idea.id, value: 1 });
    await live().poke();
    const note = (await authorClient.waitForMessage(
      (m) => m.type === 'notification',
      3000,
    )) as LiveNotification;
    const [vote] = await live()
      .db.select()
      .from(events)
      .where(and(eq(events.ideaId, idea.id), eq(events.type, 'vote.cast')));
    // It points at the vote's event, and sits at its place in the log.
    expect(note).toMatchObject({
      type: 'notification',
      kind: 'vote',
      ideaId: idea.id,
      id: vote!.id,
      position: formatPosition(vote!),
    });
    // The author sees that someone voted, never who (votes are secret).
    expect(JSON.stringify(note)).not.toContain(voter.id);
    await sleep(300);
    expect(otherClient.messages).toEqual([]);
    expect(authorClient.messages).toHaveLength(1);

    // Changing a vote notifies no one; only the first vote does.
    await castVote(live().db, { actor: voter, ideaId: idea.id, value: -1 });
    await live().poke();
    await sleep(200);
    expect(authorClient.messages).toHaveLength(1);

    // A reconnecting author gets the notification again from the log.
    const again = await live().connectAs(author.id);
    expect(await again.subscribe([{ room: 'me', since }])).toMatchObject({
      ok: true,
      joined: ['me'],
    });
    await again.waitForMessages(1, 3000);
    expect(again.messages).toMatchObject([{ type: 'notification', kind: 'vote', id: note.id }]);
  });
});
