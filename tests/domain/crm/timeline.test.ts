// The participant's timeline (/me, issue 14 item 1): every kind of entry reaches the right person
// and only them, votes received never name the voter, the ledger's points are joined, filters by
// kind and brand, keyset pages without gaps or repeats, and the scans go along the log's indexes.
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../../../db/client.server';
import { challenges, events } from '../../../db/schema';
import { addManager } from '#app/domain/brands/commands.server';
import { awardBadge } from '#app/domain/badges/commands.server';
import { addComment, deleteComment, editComment } from '#app/domain/comments/commands.server';
import { setConsent } from '#app/domain/consent/commands.server';
import { testClock } from '#app/domain/core/clock';
import { TIMELINE_KINDS, type TimelineKey } from '#app/domain/crm/timeline';
import { timelineIdsSql, timelineOf, type TimelineItem } from '#app/domain/crm/timeline.server';
import { appendEvent } from '#app/domain/events/log.server';
import { editIdea, withdrawIdea } from '#app/domain/ideas/commands.server';
import { ideaSchema } from '#app/domain/ideas/schema';
import {
  awardChallenge,
  followChallenge,
  fulfilReward,
  saveScorecard,
  shortlistIdea,
  unfollowChallenge,
} from '#app/domain/judging/commands.server';
import { castVote } from '#app/domain/votes/commands.server';
import { useTestDatabase } from '../../support/db';
import {
  makeBrand,
  makeChallenge,
  makeIdea,
  makeUser,
  type TestUser,
} from '../../support/factories';
import { makeOpposer } from '../../support/reputation';

const db = useTestDatabase();

/** Every entry of a person's timeline (one big page), newest first. */
async function all(
  userId: string,
  filter: { kind?: (typeof TIMELINE_KINDS)[number]; brandId?: number } = {},
) {
  return (await timelineOf(db(), { userId, ...filter }, 1000)).items;
}

const keys = (items: TimelineItem[]) => items.map((i) => i.key);
const only = (items: TimelineItem[], key: TimelineKey) => items.filter((i) => i.key === key);

const comment = (body: string, parentId: number | null = null) => ({ body, parentId });

/**
 * A little world played through the real commands: Ana writes and builds on, Ben votes and comments
 * on her idea, Vic only votes (secretly), the brand shortlists and awards Ana's idea, and Zoe, a
 * stranger, acts on another brand's challenge.
 */
async function world() {
  const clock = testClock('2026-03-02T09:00:00Z');
  const tick = () => clock.advance(60_000);
  const owner = await makeUser(db());
  const manager = await makeUser(db());
  const ana = await makeUser(db());
  const ben = await makeUser(db());
  const vic = await makeOpposer(db());
  const zoe = await makeUser(db());
  const brand = await makeBrand(db(), owner);
  await addManager(db(), { actor: owner, brandId: brand.id, handle: manager.handle, clock });
  const challenge = await makeChallenge(db(), owner, { brandId: brand.id, stage: 'open' });
  const otherBrand = await makeBrand(db(), owner);
  const elsewhere = await makeChallenge(db(), owner, { brandId: otherBrand.id, stage: 'open' });

  const anaIdea = await makeIdea(db(), ana, challenge.id, { title: 'Ana refills', clock });
  tick();
  const benIdea = await makeIdea(db(), ben, challenge.id, { title: 'Ben bottles', clock });
  tick();
  const built = await makeIdea(db(), ana, challenge.id, {
    title: 'Ana builds on Ben',
    buildsOnId: benIdea.id,
    clock,
  });
  tick();
  await castVote(db(), { actor: ben, ideaId: anaIdea.id, value: 1, clock });
  await castVote(db(), { actor: vic, ideaId: anaIdea.id, value: -1, clock });
  await castVote(db(), { actor: ana, ideaId: benIdea.id, value: 1, clock });
  tick();
  const benSays = await addComment(db(), {
    actor: ben,
    ideaId: anaIdea.id,
    comment: comment('Nice refill idea'),
    clock,
  });
  const anaAnswers = await addComment(db(), {
    actor: ana,
    ideaId: anaIdea.id,
    comment: comment('Thanks Ben', benSays.id),
    clock,
  });
  await editComment(db(), {
    actor: ana,
    commentId: anaAnswers.id,
    ideaId: anaIdea.id,
    body: 'Thanks, Ben!',
    clock,
  });
  const anaNote = await addComment(db(), {
    actor: ana,
    ideaId: benIdea.id,
    comment: comment('A note to delete'),
    clock,
  });
  await deleteComment(db(), { actor: ana, commentId: anaNote.id, ideaId: benIdea.id, clock });
  await editIdea(db(), {
    actor: ana,
    ideaId: anaIdea.id,
    idea: ideaSchema.parse({
      title: 'Ana refills, edited',
      body: 'An idea body long enough to pass validation.',
      tags: 'test',
      buildsOnId: '',
    }),
    clock,
  });
  await castVote(db(), { actor: vic, ideaId: anaIdea.id, value: 0, clock });
  tick();
  await followChallenge(db(), { actor: ana, challengeId: challenge.id, clock });
  await unfollowChallenge(db(), { actor: ana, challengeId: challenge.id, clock });
  await setConsent(db(), { actor: ana, brandId: brand.id, level: 'profile', clock });
  await setConsent(db(), { actor: ana, brandId: brand.id, level: 'activity', clock });

  // Zoe, on the other brand: nothing of hers concerns Ana.
  const zoeIdea = await makeIdea(db(), zoe, elsewhere.id, { title: 'Zoe elsewhere', clock });
  await castVote(db(), { actor: ben, ideaId: zoeIdea.id, value: 1, clock });
  await addComment(db(), { actor: ana, ideaId: zoeIdea.id, comment: comment('Hi Zoe'), clock });

  // Review: shortlist and award Ana's idea, then the reward is fulfilled.
  tick();
  await db()
    .update(challenges)
    .set({
      stage: 'review',
      criteria: [{ name: 'Impact', weight: 100 }],
      prizes: [{ points: 300, item: 'A trip' }],
      rewardPoints: 300,
    })
    .where(eq(challenges.id, challenge.id));
  await saveScorecard(db(), {
    actor: manager,
    ideaId: anaIdea.id,
    scores: [4],
    submit: true,
    clock,
  });
  await shortlistIdea(db(), { actor: owner, ideaId: anaIdea.id, clock });
  tick();
  const award = await awardChallenge(db(), {
    actor: manager,
    challengeId: challenge.id,
    winners: [{ rank: 1, ideaId: anaIdea.id }],
    clock,
  });
  await fulfilReward(db(), {
    actor: owner,
    rewardId: award.rewards[0]!.id,
    note: 'Trip booked',
    clock,
  });
  // A badge, as the badge consumer awards it, and a moderation outcome, as the moderation queue
  // will append it (no command appends content.hidden yet; the ledger already reacts to it).
  const [created] = await db()
    .select()
    .from(events)
    .where(eq(events.ideaId, anaIdea.id))
    .orderBy(events.id)
    .limit(1);
  await db().transaction((tx) =>
    awardBadge(tx, { userId: ana.id, badge: 'firstIdea', event: created!, now: clock.now() }),
  );
  tick();
  await db().transaction((tx) =>
    appendEvent(tx, {
      type: 'content.hidden',
      actorId: owner.id,
      brandId: brand.id,
      challengeId: challenge.id,
      ideaId: built.id,
      subjectUserId: ana.id,
      payload: { kind: 'idea' },
      at: clock.now(),
    }),
  );
  return {
    owner,
    manager,
    ana,
    ben,
    vic,
    zoe,
    brand,
    otherBrand,
    challenge,
    anaIdea,
    benIdea,
    built,
    zoeIdea,
  };
}

describe('the timeline', () => {
  it('shows each person what they did and what happened to them, newest first', async () => {
    const w = await world();
    const ana = await all(w.ana.id);
    expect(keys(ana)).toEqual([
      'ideaHidden',
      'badgeEarned',
      'rewardFulfilled',
      'won',
      'shortlisted',
      'commented', // on Zoe's idea, another brand
      'consentChanged',
      'consentChanged',
      'unfollowed',
      'followed',
      'voteWithdrawnReceived',
      'ideaUpdated',
      'commentDeleted',
      'commented',
      'commentEdited',
      'replied',
      'commentReceived',
      'supported',
      'opposeReceived',
      'supportReceived',
      'ideaBuiltOn',
      'ideaCreated',
    ]);
    const ids = ana.map((i) => i.id);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);

    const ben = keys(await all(w.ben.id));
    expect(ben).toEqual([
      'supported', // Zoe's idea
      'commentReceived',
      'replyReceived',
      'commented',
      'supportReceived',
      'supported',
      'builtOnYours',
      'ideaCreated',
    ]);
    const owner = keys(await all(w.owner.id));
    expect(owner).toEqual(
      expect.arrayContaining([
        'rewardFulfilledBy',
        'shortlistedIdea',
        'managerAdded',
        'challengeCreated',
        'brandCreated',
      ]),
    );
    const manager = keys(await all(w.manager.id));
    expect(manager).toEqual(['stageMoved', 'awarded', 'scored', 'addedToTeam']);
  });

  it('never shows a stranger’s events, and a vote received never names its voter', async () => {
    const w = await world();
    const ana = await all(w.ana.id);
    const text = JSON.stringify(ana);
    expect(text).not.toContain(w.vic.handle);
    expect(text).not.toContain(w.vic.id);
    expect(text).not.toContain(w.zoe.handle);
    for (const item of [
      ...only(ana, 'supportReceived'),
      ...only(ana, 'opposeReceived'),
      ...only(ana, 'voteWithdrawnReceived'),
    ])
      expect(item.person).toBeNull();
    // Comments and builds-on received name their author, as the notifications do.
    expect(only(ana, 'commentReceived')[0]!.person).toEqual({ handle: w.ben.handle });
    expect(only(ana, 'replied')[0]!.person).toEqual({ handle: w.ben.handle });
    const ben = await all(w.ben.id);
    expect(only(ben, 'builtOnYours')[0]).toMatchObject({
      person: { handle: w.ana.handle },
      idea: { id: w.built.id },
      original: { id: w.benIdea.id, title: 'Ben bottles' },
    });
    // Shortlists, awards and moderation name nobody.
    for (const key of ['shortlisted', 'won', 'rewardFulfilled', 'ideaHidden'] as const)
      expect(only(ana, key)[0]!.person).toBeNull();
    // A stranger's timeline has nothing of Ana's, Ben's or the brand's.
    const zoe = await all(w.zoe.id);
    expect(keys(zoe)).toEqual(['commentReceived', 'supportReceived', 'ideaCreated']);
    expect(only(zoe, 'supportReceived')[0]!.person).toBeNull();
  });

  it('joins what the ledger gave the person for each event', async () => {
    const w = await world();
    const ana = await all(w.ana.id);
    expect(only(ana, 'supportReceived')[0]!.points).toBe(10);
    expect(only(ana, 'opposeReceived')[0]!.points).toBe(-2);
    expect(only(ana, 'voteWithdrawnReceived')[0]!.points).toBe(2);
    expect(only(ana, 'shortlisted')[0]!.points).toBe(25);
    expect(only(ana, 'won')[0]!).toMatchObject({ points: 400, rank: 1 });
    expect(only(ana, 'ideaHidden')[0]!.points).toBe(-50);
    expect(only(ana, 'ideaCreated')[0]!.points).toBeNull();
    const ben = await all(w.ben.id);
    expect(only(ben, 'builtOnYours')[0]!.points).toBe(5);
    // The voter's own cost of opposing shows on their side only.
    const vic = await all(w.vic.id);
    expect(vic.map((i) => [i.key, i.points])).toEqual([
      ['voteWithdrawn', 1],
      ['opposed', -1],
    ]);
    // The sum of what the timeline shows is the person's ledger total (giveOpposePrivilege aside).
    const [total] = rowsOf<{ points: number }>(
      await db().execute(sql`select points from reputation_totals where user_id = ${w.ana.id}`),
    );
    expect(ana.reduce((s, i) => s + (i.points ?? 0), 0)).toBe(Number(total!.points));
  });

  it('says what each entry is about: ideas, challenges, brands, levels and badges', async () => {
    const w = await world();
    const ana = await all(w.ana.id);
    expect(only(ana, 'ideaCreated')[0]).toMatchObject({
      idea: { id: w.anaIdea.id, title: 'Ana refills, edited' },
      challenge: { slug: w.challenge.slug, title: w.challenge.title },
      brand: { slug: w.brand.slug, name: w.brand.name },
    });
    expect(only(ana, 'consentChanged').map((i) => [i.from, i.to])).toEqual([
      ['profile', 'activity'],
      ['none', 'profile'],
    ]);
    expect(only(ana, 'badgeEarned')[0]!.badge).toBe('firstIdea');
    expect(only(ana, 'commentEdited')[0]!.excerpt).toBe('Thanks, Ben!');
    expect(only(ana, 'commentDeleted')[0]!.excerpt).toBeNull();
    // Her own hidden idea is still named to her.
    expect(only(ana, 'ideaHidden')[0]!.idea).toEqual({
      id: w.built.id,
      title: 'Ana builds on Ben',
    });
  });

  it('names an idea that is no longer public only to its author', async () => {
    const w = await world();
    await withdrawIdea(db(), { actor: w.zoe, ideaId: w.zoeIdea.id });
    const ben = await all(w.ben.id);
    const onZoe = ben.find((i) => i.key === 'supported' && i.brand?.slug === w.otherBrand.slug)!;
    expect(onZoe).toMatchObject({ idea: null, ideaGone: true });
    expect(JSON.stringify(ben)).not.toContain('Zoe elsewhere');
    const zoe = await all(w.zoe.id);
    expect(zoe[0]).toMatchObject({ key: 'ideaWithdrawn', idea: { title: 'Zoe elsewhere' } });
  });

  it('filters by kind: each kind holds its own entries only', async () => {
    const w = await world();
    const by = async (kind: (typeof TIMELINE_KINDS)[number]) => keys(await all(w.ana.id, { kind }));
    expect(await by('ideas')).toEqual(['ideaUpdated', 'ideaBuiltOn', 'ideaCreated']);
    expect(await by('buildsOn')).toEqual(['ideaBuiltOn']);
    expect(await by('votes')).toEqual([
      'voteWithdrawnReceived',
      'supported',
      'opposeReceived',
      'supportReceived',
    ]);
    expect(await by('comments')).toEqual([
      'commented',
      'commentDeleted',
      'commented',
      'commentEdited',
      'replied',
      'commentReceived',
    ]);
    expect(await by('shortlists')).toEqual(['shortlisted']);
    expect(await by('rewards')).toEqual(['rewardFulfilled', 'won']);
    expect(await by('badges')).toEqual(['badgeEarned']);
    expect(await by('moderation')).toEqual(['ideaHidden']);
    expect(await by('consent')).toEqual(['consentChanged', 'consentChanged']);
    expect(await by('other')).toEqual(['unfollowed', 'followed']);
    expect(await by('brandWork')).toEqual([]);
    expect(keys(await all(w.ben.id, { kind: 'buildsOn' }))).toEqual(['builtOnYours']);
    // Every entry is in at least one kind.
    const everything = await all(w.ana.id);
    const inKinds = new Set<number>();
    for (const kind of TIMELINE_KINDS)
      for (const item of await all(w.ana.id, { kind })) inKinds.add(item.id);
    expect(inKinds.size).toBe(everything.length);
  });

  it('filters by brand, alone and with a kind', async () => {
    const w = await world();
    const onOther = await all(w.ana.id, { brandId: w.otherBrand.id });
    expect(keys(onOther)).toEqual(['commented']);
    expect(onOther[0]!.idea).toMatchObject({ id: w.zoeIdea.id });
    const onBrand = await all(w.ana.id, { brandId: w.brand.id });
    expect(onBrand.every((i) => i.brand?.slug === w.brand.slug)).toBe(true);
    // Everything but the comment on the other brand and the badge, which names no brand.
    expect(onBrand).toHaveLength((await all(w.ana.id)).length - 2);
    expect(keys(await all(w.ana.id, { brandId: w.otherBrand.id, kind: 'votes' }))).toEqual([]);
    expect(keys(await all(w.ben.id, { brandId: w.otherBrand.id, kind: 'votes' }))).toEqual([
      'supported',
    ]);
  });
});

describe('timeline pages', () => {
  async function busy(n: number) {
    const owner = await makeUser(db());
    const challenge = await makeChallenge(db(), owner, { stage: 'open', maxIdeasPerUser: 50 });
    const me = await makeUser(db());
    const fans: TestUser[] = [];
    for (let i = 0; i < 3; i++) fans.push(await makeUser(db()));
    const mine = [];
    for (let i = 0; i < n; i++) {
      const idea = await makeIdea(db(), me, challenge.id);
      mine.push(idea);
      // What others do to my ideas interleaves with what I do.
      await castVote(db(), { actor: fans[i % 3]!, ideaId: idea.id, value: 1 });
    }
    return { me, challenge };
  }

  it('pages newest first by the last id seen, with no gaps and no repeats, to the end', async () => {
    const { me } = await busy(23);
    const everything = (await timelineOf(db(), { userId: me.id }, 1000)).items.map((i) => i.id);
    expect(everything).toHaveLength(46);
    const seen: number[] = [];
    let after: number | undefined;
    let pages = 0;
    for (;;) {
      const page = await timelineOf(db(), { userId: me.id, after });
      pages += 1;
      expect(page.first).toBe(after === undefined);
      expect(page.items.length).toBeLessThanOrEqual(20);
      seen.push(...page.items.map((i) => i.id));
      if (page.next === null) break;
      expect(page.next).toBe(page.items.at(-1)!.id);
      after = page.next;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(everything);
    // Entries added meanwhile do not shift an older page.
    const second = await timelineOf(db(), { userId: me.id, after: everything[19] });
    expect(second.items.map((i) => i.id)).toEqual(everything.slice(20, 40));
  });

  it('pages a filtered timeline the same way, and an exact multiple of the page ends cleanly', async () => {
    const { me } = await busy(20);
    const first = await timelineOf(db(), { userId: me.id, kind: 'votes' });
    expect(first.items).toHaveLength(20);
    expect(first.items.every((i) => i.key === 'supportReceived')).toBe(true);
    expect(first.next).toBeNull();
    const ideas = await timelineOf(db(), { userId: me.id, kind: 'ideas' });
    expect(ideas.items.every((i) => i.key === 'ideaCreated')).toBe(true);
    expect(ideas.next).toBeNull();
    const past = await timelineOf(db(), { userId: me.id, after: 1 });
    expect(past).toEqual({ items: [], next: null, first: false });
  });

  it('reads the page along the actor and subject indexes of the log', async () => {
    // A few thousand events of many people, so the planner has a real choice.
    const people = Array.from({ length: 60 }, (_, i) => `explain-user-${i}`);
    await db().execute(sql`
      insert into events (type, actor_id, subject_user_id, brand_id, payload, created_at)
      select (array['vote.cast', 'comment.created', 'idea.created', 'challenge.updated'])[1 + g % 4],
             (${sql.param(people)}::text[])[1 + g % 60],
             (${sql.param(people)}::text[])[1 + (g * 7) % 60],
             1 + g % 5, '{}'::jsonb, now() - (g || ' minutes')::interval
      from generate_series(1, 4000) g`);
    await db().execute(sql`analyze events`);
    for (const filter of [
      { userId: people[3]! },
      { userId: people[3]!, kind: 'votes' as const, brandId: 2 },
      { userId: people[3]!, after: 3000 },
    ]) {
      const plan = rowsOf<Record<string, string>>(
        await db().execute(sql`explain ${timelineIdsSql(filter, 21)}`),
      )
        .map((r) => Object.values(r)[0])
        .join('\n');
      expect(plan).toContain('events_actor_idx');
      expect(plan).toContain('events_subject_idx');
      expect(plan).not.toMatch(/Seq Scan on events/);
    }
  });
});
