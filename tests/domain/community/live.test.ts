// The community's live path (issue 14, item 6): the consumer appends one `community.changed` per
// brand per batch, with counts and never who; the brand's room takes only its members; a member
// on the page is told when someone new takes part or changes their consent; other consumers
// ignore the event.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { events, userBadges } from '../../../db/schema';
import { castVote } from '#app/domain/votes/commands.server';
import { participantsOf } from '#app/domain/crm/participation.server';
import { logHorizon } from '#app/domain/events/log.server';
import { LOG_START, type LiveEvent } from '#app/live/protocol';
import { ConsumerRunner } from '../../../jobs/consumers.server';
import { badgesConsumer } from '../../../jobs/badges.server';
import { trendingConsumer } from '../../../jobs/trending.server';
import { toLiveEvent } from '../../../realtime/router.server';
import { makeBrand, makeChallenge, makeIdea, makeUser } from '../../support/factories';
import { catchUpCommunity, consent } from '../../support/community';
import { useLiveServer } from '../../support/live';

const live = useLiveServer();
const db = () => live().db;

async function setting() {
  const owner = await makeUser(db());
  const stranger = await makeUser(db());
  const brand = await makeBrand(db(), owner);
  const other = await makeBrand(db(), stranger);
  const challenge = await makeChallenge(db(), owner, { brandId: brand.id, stage: 'open' });
  const elsewhere = await makeChallenge(db(), stranger, { brandId: other.id, stage: 'open' });
  const author = await makeUser(db());
  const idea = await makeIdea(db(), author, challenge.id);
  await catchUpCommunity(db());
  return { owner, stranger, brand, other, challenge, elsewhere, author, idea };
}

const communityEvents = (brandId: number) =>
  db()
    .select()
    .from(events)
    .where(and(eq(events.type, 'community.changed'), eq(events.brandId, brandId)))
    .orderBy(asc(events.id));

describe('community.changed', () => {
  it('is appended once per brand per batch, with counts only, and publishes counts only', async () => {
    const { brand, other, idea, elsewhere } = await setting();
    const before = (await communityEvents(brand.id)).length;
    const voters = await Promise.all([makeUser(db()), makeUser(db()), makeUser(db())]);
    for (const voter of voters) await castVote(db(), { actor: voter, ideaId: idea.id, value: 1 });
    await makeIdea(db(), voters[0]!, elsewhere.id);
    await catchUpCommunity(db());
    const mine = (await communityEvents(brand.id)).slice(before);
    expect(mine).toHaveLength(1);
    const [event] = mine;
    expect(event).toMatchObject({
      actorId: null,
      subjectUserId: null,
      challengeId: null,
      ideaId: null,
      // The author's row changes too (votes received move nothing in it, but it is recomputed).
      payload: { joined: 3, left: 0, consents: 0 },
    });
    expect(Object.keys(event!.payload).sort()).toEqual(['consents', 'joined', 'left', 'updated']);
    expect((await communityEvents(other.id)).at(-1)?.payload).toMatchObject({ joined: 1 });
    const message = toLiveEvent(event!);
    expect(message.data).toEqual(event!.payload);
    const text = JSON.stringify(message);
    for (const voter of voters) {
      expect(text).not.toContain(voter.id);
      expect(text).not.toContain(voter.handle);
    }
  });

  it('is appended when someone changes what the brand may see', async () => {
    const { brand, author } = await setting();
    const before = (await communityEvents(brand.id)).length;
    await consent(db(), author, brand.id, 'profile');
    await catchUpCommunity(db());
    const mine = (await communityEvents(brand.id)).slice(before);
    expect(mine.map((e) => e.payload)).toEqual([{ joined: 0, updated: 0, left: 0, consents: 1 }]);
  });

  it('is ignored by the other consumers, and by the community consumer itself', async () => {
    const { brand } = await setting();
    const [event] = await communityEvents(brand.id);
    expect(participantsOf(event!)).toEqual([]);
    const badgesBefore = await db().select().from(userBadges);
    const runner = new ConsumerRunner({
      db: db(),
      consumers: [trendingConsumer(), badgesConsumer()],
    });
    await runner.start();
    await runner.poke();
    await runner.stop();
    // Whatever they earned from the real events, nothing came from community.changed; and the
    // community consumer, reading its own events, appends nothing more.
    const badgesAfter = await db().select().from(userBadges);
    expect(badgesAfter.length).toBeGreaterThanOrEqual(badgesBefore.length);
    const count = (await communityEvents(brand.id)).length;
    await catchUpCommunity(db());
    await catchUpCommunity(db());
    expect((await communityEvents(brand.id)).length).toBe(count);
  });
});

describe('the brand room', () => {
  it('takes members only: a visitor, a stranger and another brand’s owner are denied', async () => {
    const { owner, stranger, brand } = await setting();
    const room = `brand:${brand.id}` as const;
    const visitor = await live().connect();
    expect(await visitor.subscribe([{ room, since: LOG_START }])).toMatchObject({
      ok: true,
      joined: [],
      denied: [room],
    });
    const outsider = await live().connectAs(stranger.id);
    expect(await outsider.subscribe([{ room, since: LOG_START }])).toMatchObject({
      denied: [room],
    });
    const moderator = await makeUser(db(), { role: 'moderator' });
    const mod = await live().connectAs(moderator.id);
    expect(await mod.subscribe([{ room, since: LOG_START }])).toMatchObject({ denied: [room] });
    const member = await live().connectAs(owner.id);
    expect(await member.subscribe([{ room, since: LOG_START }])).toMatchObject({
      joined: [room],
      denied: [],
    });
    // Crafted room names are refused by the request schema.
    for (const bad of ['brand:0', 'brand:abc', 'brand:99999999999', 'brands:1'])
      expect(await member.subscribe([{ room: bad, since: LOG_START }])).toMatchObject({
        ok: false,
      });
  });

  it('tells a member on the page that someone took part, with counts only; others hear nothing', async () => {
    const { owner, stranger, brand, idea, challenge } = await setting();
    const since = await logHorizon(db());
    const member = await live().connectAs(owner.id);
    await member.subscribeOk([{ room: `brand:${brand.id}`, since }]);
    const watcher = await live().connectAs(stranger.id);
    await watcher.subscribeOk([{ room: `challenge:${challenge.id}`, since }]);
    const voter = await makeUser(db());
    await castVote(db(), { actor: voter, ideaId: idea.id, value: 1 });
    await catchUpCommunity(db());
    await live().poke();
    const message = (await member.waitForMessage(
      (m) => m.type === 'community.changed',
    )) as LiveEvent;
    expect(message).toMatchObject({ brandId: brand.id, data: { joined: 1 } });
    expect(JSON.stringify(message)).not.toContain(voter.id);
    expect(JSON.stringify(message)).not.toContain(voter.handle);
    await watcher.waitForMessage((m) => m.type === 'vote.cast');
    expect(watcher.messages.some((m) => m.type === 'community.changed')).toBe(false);
    // The challenge room's messages say nothing about brands.
    expect(watcher.liveEvents().every((m) => m.brandId === undefined)).toBe(true);
  });

  it('replays what a member missed, from the log', async () => {
    const { owner, brand, idea } = await setting();
    const since = await logHorizon(db());
    const voter = await makeUser(db());
    await castVote(db(), { actor: voter, ideaId: idea.id, value: 1 });
    await catchUpCommunity(db());
    await live().poke();
    const member = await live().connectAs(owner.id);
    await member.subscribeOk([{ room: `brand:${brand.id}`, since }]);
    const message = await member.waitForMessage((m) => m.type === 'community.changed');
    const stored = await db()
      .select({ id: events.id })
      .from(events)
      .where(and(eq(events.brandId, brand.id), inArray(events.type, ['community.changed'])));
    expect(stored.map((e) => e.id)).toContain(message.id);
  });
});
