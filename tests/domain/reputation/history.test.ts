// The points history of a profile: newest first in pages of 25, each entry linked to what earned
// it, and never who voted (votes are secret).
import { describe, expect, it } from 'vitest';
import { events, pointEntries } from '../../../db/schema';
import { isDomainError } from '#app/domain/core/errors';
import { HISTORY_PAGE_SIZE, pointsHistory } from '#app/domain/reputation/history.server';
import { utcDay, type Rule } from '#app/domain/reputation/rules';
import { useTestDatabase } from '../../support/db';
import {
  makeChallenge,
  makeIdea,
  makeUser,
  type TestUser,
  setIdeaStatus,
} from '../../support/factories';

const db = useTestDatabase();

async function entry(
  user: TestUser,
  rule: Rule,
  values: {
    nominal: number;
    points?: number;
    ideaId?: number;
    challengeId?: number;
    causeUserId?: string;
    reversesId?: number;
  },
) {
  const at = new Date();
  const [event] = await db()
    .insert(events)
    .values({ type: 'vote.cast', subjectUserId: user.id, createdAt: at })
    .returning();
  const [row] = await db()
    .insert(pointEntries)
    .values({
      userId: user.id,
      rule,
      nominal: values.nominal,
      points: values.points ?? values.nominal,
      day: utcDay(at),
      eventId: event!.id,
      ideaId: values.ideaId ?? null,
      challengeId: values.challengeId ?? null,
      causeUserId: values.causeUserId ?? null,
      reversesId: values.reversesId ?? null,
      createdAt: at,
    })
    .returning();
  return row!;
}

async function scene() {
  const owner = await makeUser(db());
  const author = await makeUser(db());
  const voter = await makeUser(db());
  const challenge = await makeChallenge(db(), owner, { stage: 'open' });
  const idea = await makeIdea(db(), author, challenge.id, { title: 'Refill stations downtown' });
  const theirs = await makeIdea(db(), voter, challenge.id, { title: 'Deposit on every bottle' });
  return { author, voter, challenge, idea, theirs };
}

describe('points history', () => {
  it('says what earned each entry and links to it, never naming the voter', async () => {
    const { author, voter, challenge, idea } = await scene();
    const support = await entry(author, 'supportReceived', {
      nominal: 10,
      ideaId: idea.id,
      challengeId: challenge.id,
      causeUserId: voter.id,
    });
    await entry(author, 'supportReceived', {
      nominal: -10,
      ideaId: idea.id,
      challengeId: challenge.id,
      causeUserId: voter.id,
      reversesId: support.id,
    });
    await entry(author, 'supportReceived', {
      nominal: 10,
      points: 0,
      ideaId: idea.id,
      challengeId: challenge.id,
      causeUserId: voter.id,
    });
    const history = await pointsHistory(db(), { userId: author.id, viewerId: null });
    expect(history.items.map((e) => [e.rule, e.points, e.reversal, e.capped])).toEqual([
      ['supportReceived', 0, false, true],
      ['supportReceived', -10, true, false],
      ['supportReceived', 10, false, false],
    ]);
    expect(history.items[0]!.idea).toEqual({ id: idea.id, title: 'Refill stations downtown' });
    expect(history.items[0]!.challenge).toEqual({ slug: challenge.slug, title: challenge.title });
    const text = JSON.stringify(history);
    expect(text).not.toContain(voter.id);
    expect(text).not.toContain(voter.handle);
  });

  it('shows an oppose cast with its idea to its owner only', async () => {
    const { voter, challenge, idea } = await scene();
    await entry(voter, 'opposeCast', { nominal: -1, ideaId: idea.id, challengeId: challenge.id });
    const own = await pointsHistory(db(), { userId: voter.id, viewerId: voter.id });
    expect(own.items[0]).toMatchObject({ rule: 'opposeCast', idea: { id: idea.id } });
    const seen = await pointsHistory(db(), { userId: voter.id, viewerId: null });
    expect(seen.items[0]).toMatchObject({ rule: 'opposeCast', idea: null, challenge: null });
    expect(JSON.stringify(seen)).not.toContain(idea.title);
  });

  it('names an idea no longer public to its author only', async () => {
    const { author, challenge, idea } = await scene();
    await entry(author, 'supportReceived', {
      nominal: 10,
      ideaId: idea.id,
      challengeId: challenge.id,
    });
    await setIdeaStatus(db(), idea.id, 'hidden');
    expect((await pointsHistory(db(), { userId: author.id, viewerId: null })).items[0]!.idea).toBe(
      null,
    );
    expect(
      (await pointsHistory(db(), { userId: author.id, viewerId: author.id })).items[0]!.idea,
    ).toMatchObject({ id: idea.id });
  });

  it('pages by 25 along the entry ids, and refuses a forged cursor', async () => {
    const person = await makeUser(db());
    const made = [];
    for (let i = 0; i < 27; i++) made.push(await entry(person, 'reward', { nominal: i }));
    const first = await pointsHistory(db(), { userId: person.id, viewerId: null });
    expect(first.items).toHaveLength(HISTORY_PAGE_SIZE);
    expect(first.items[0]!.id).toBe(made[26]!.id);
    const second = await pointsHistory(db(), {
      userId: person.id,
      viewerId: null,
      position: { after: first.next! },
    });
    expect(second.items.map((e) => e.id)).toEqual([made[1]!.id, made[0]!.id]);
    expect(second.next).toBeNull();
    for (const after of ['garbage!', Buffer.from('["profile",1]').toString('base64url')]) {
      const refused = await pointsHistory(db(), {
        userId: person.id,
        viewerId: null,
        position: { after },
      }).catch((e) => e);
      expect(isDomainError(refused) && refused.status).toBe(400);
    }
  });
});
