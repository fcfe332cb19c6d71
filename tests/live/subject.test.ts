// The `subject` room (issue 17): an event whose type declares it goes, live and on replay, to the
// user room of the person it is about (its subject_user_id), as a copy flagged `subject` that the
// browser files under 'me'; never to anyone else's. What passes between an intent's author and a
// brand also goes to that brand's room, to its members only, without the flag. Played through the
// intents commands.
import { describe, expect, it } from 'vitest';
import { testClock } from '#app/domain/core/clock';
import { logHorizon } from '#app/domain/events/log.server';
import { declineOffer, expireIntents, makeOffer } from '#app/domain/intents/commands.server';
import { LOG_START, roomsOf, type LiveEvent, type LiveMessage } from '#app/live/protocol';
import { makeBrand, makeUser } from '../support/factories';
import { offerInput, publishIntent } from '../support/intent-world';
import { sleep, useLiveServer } from '../support/live';

const live = useLiveServer();
const db = () => live().db;

async function world() {
  const clock = testClock(new Date());
  const author = await makeUser(db());
  const owner = await makeUser(db());
  const stranger = await makeUser(db());
  const brand = await makeBrand(db(), owner);
  const otherOwner = await makeUser(db());
  const other = await makeBrand(db(), otherOwner);
  const intent = await publishIntent(db(), author, clock, { title: 'secret-title' });
  const offer = (by = owner, brandId = brand.id, intentId = intent.id) =>
    makeOffer(db(), {
      actor: by,
      brandId,
      intentId,
      input: offerInput(clock, { body: 'secret-body' }),
      clock,
    });
  return { clock, author, owner, stranger, brand, other, otherOwner, intent, offer };
}

async function settle() {
  await live().poke();
  await sleep(200);
}

const events = (messages: LiveMessage[]) => messages.filter((m): m is LiveEvent => !('kind' in m));

describe('the subject room', { timeout: 60_000 }, () => {
  it('sends an offer to its author’s own connection, flagged, with their notification, and to the brand’s members only', async () => {
    const { author, owner, stranger, brand, other, otherOwner, intent, offer } = await world();
    const mine = await live().connectAs(author.id);
    await mine.subscribeOk([{ room: 'me', since: LOG_START }]);
    const member = await live().connectAs(owner.id);
    await member.subscribeOk([
      { room: 'me', since: LOG_START },
      { room: `brand:${brand.id}`, since: LOG_START },
    ]);
    const outsider = await live().connectAs(stranger.id);
    expect(
      await outsider.subscribe([
        { room: 'me', since: LOG_START },
        { room: `brand:${brand.id}`, since: LOG_START },
      ]),
    ).toMatchObject({ ok: true, joined: ['me'], denied: [`brand:${brand.id}`] });
    const rival = await live().connectAs(otherOwner.id);
    await rival.subscribeOk([
      { room: 'me', since: LOG_START },
      { room: `brand:${other.id}`, since: LOG_START },
    ]);
    await settle();
    for (const c of [mine, member, outsider, rival]) c.clear();

    const made = await offer();
    await settle();

    await mine.waitForMessages(2);
    const [toAuthor, note] = mine.messages;
    expect(toAuthor).toMatchObject({
      type: 'offer.made',
      subject: true,
      data: { intentId: intent.id, offerId: made.id },
    });
    expect(roomsOf(toAuthor!)).toEqual(['me']);
    // The notification of the same event (same position) follows it.
    expect(note).toMatchObject({ type: 'notification', kind: 'offer', id: toAuthor!.id });
    const [toMember] = await member.waitForMessages(1);
    expect(toMember).toMatchObject({ id: toAuthor!.id, type: 'offer.made', brandId: brand.id });
    expect(toMember).not.toHaveProperty('subject');
    // A member's 'me' is not told about someone else's intent: the copy belongs to the brand room.
    expect(roomsOf(toMember!)).toEqual([`brand:${brand.id}`]);
    await settle();
    expect(member.messages).toHaveLength(1);
    expect(mine.messages).toHaveLength(2);
    // Ids only: never whose room it is, who acted or what was written.
    for (const message of [toAuthor, toMember]) {
      const text = JSON.stringify(message);
      for (const secret of [author.id, owner.id, author.handle, owner.handle, 'secret-'])
        expect(text).not.toContain(secret);
    }
    expect(outsider.messages).toEqual([]);
    expect(rival.messages).toEqual([]);
  });

  it('sends the author’s own steps nowhere and an expiry to the author only', async () => {
    const { clock, author, owner, brand, stranger } = await world();
    const elsewhere = await live().connectAs(stranger.id);
    await elsewhere.subscribeOk([{ room: 'me', since: LOG_START }]);
    const mine = await live().connectAs(author.id);
    await mine.subscribeOk([{ room: 'me', since: LOG_START }]);
    const member = await live().connectAs(owner.id);
    await member.subscribeOk([{ room: `brand:${brand.id}`, since: LOG_START }]);
    await settle();
    for (const c of [elsewhere, mine, member]) c.clear();

    // Created and published: nobody is told live.
    const second = await publishIntent(db(), author, clock, { title: 'secret-second' });
    await settle();
    expect(mine.messages).toEqual([]);
    // Past their expiry, the job expires both intents: the author hears of each, nobody else.
    clock.advance(40 * 86_400_000);
    expect(await expireIntents(db(), { clock })).toBeGreaterThanOrEqual(2);
    await settle();
    await mine.waitForMessages(4);
    await settle();
    const expired = events(mine.messages);
    expect(expired.map((m) => m.type)).toEqual(['intent.expired', 'intent.expired']);
    expect(expired.every((m) => m.subject === true)).toBe(true);
    expect(expired.map((m) => m.data.intentId)).toContain(second.id);
    expect(
      mine.messages.filter((m) => m.type === 'notification').map((m) => 'kind' in m && m.kind),
    ).toEqual(['intent_expired', 'intent_expired']);
    expect(elsewhere.messages).toEqual([]);
    expect(member.messages).toEqual([]);
  });

  it('replays what a reconnecting author missed, events and notifications in log order, and only theirs', async () => {
    const { clock, author, owner, stranger, brand, offer } = await world();
    const theirs = await publishIntent(db(), stranger, clock);
    const first = await live().connectAs(author.id);
    await first.subscribeOk([{ room: 'me', since: LOG_START }]);
    await settle();
    const since = await logHorizon(db());
    first.close();

    const made = await offer();
    // An offer on someone else's intent: not this author's.
    await offer(owner, brand.id, theirs.id);
    await declineOffer(db(), { actor: author, offerId: made.id, reason: 'secret-reason', clock });
    await settle();

    const again = await live().connectAs(author.id);
    const reply = await again.subscribeOk([{ room: 'me', since }]);
    expect(reply).toMatchObject({ joined: ['me'], refetch: [] });
    await again.waitForMessages(3);
    await settle();
    const [event, note] = again.messages;
    // Of one event, the event about the author first, then its notification (as live).
    expect(again.messages.map((m) => m.type)).toEqual([
      'offer.made',
      'notification',
      'offer.declined',
    ]);
    expect(note!.id).toBe(event!.id);
    expect(events(again.messages).every((m) => m.subject === true)).toBe(true);
    expect(events(again.messages).every((m) => m.data.offerId === made.id)).toBe(true);
    expect(JSON.stringify(again.messages)).not.toContain('secret-');

    // A member of the brand reconnecting gets the brand room's copies and its own notification
    // of the answer, never the author's copies.
    const member = await live().connectAs(owner.id);
    await member.subscribeOk([
      { room: 'me', since },
      { room: `brand:${brand.id}`, since },
    ]);
    await member.waitForMessages(4);
    await settle();
    expect(member.messages.map((m) => m.type)).toEqual([
      'offer.made',
      'offer.made',
      'offer.declined',
      'notification',
    ]);
    expect(events(member.messages).every((m) => m.subject === undefined)).toBe(true);
    expect(events(member.messages).every((m) => roomsOf(m)[0] === `brand:${brand.id}`)).toBe(true);

    // The other author's replay has only their own offer.
    const other = await live().connectAs(stranger.id);
    await other.subscribeOk([{ room: 'me', since }]);
    await other.waitForMessages(2);
    await settle();
    expect(other.messages.map((m) => m.type)).toEqual(['offer.made', 'notification']);
    expect(events(other.messages)[0]!.data.intentId).toBe(theirs.id);
  });

  it('replays an event about the author only to a subscribe from before it', async () => {
    const { author, offer } = await world();
    const since = await logHorizon(db());
    await offer();
    await settle();
    const client = await live().connectAs(author.id);
    // Nothing missed when subscribing from the log's end; the offer when from before it.
    const horizon = await logHorizon(db());
    expect(await client.subscribeOk([{ room: 'me', since: horizon }])).toMatchObject({
      joined: ['me'],
      refetch: [],
    });
    await settle();
    expect(client.messages).toEqual([]);
    const later = await live().connectAs(author.id);
    await later.subscribeOk([{ room: 'me', since }]);
    await later.waitForMessages(2);
    expect(later.messages[0]).toMatchObject({ type: 'offer.made', subject: true });
  });
});
