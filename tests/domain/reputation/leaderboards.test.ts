// Leaderboards read the totals the ledger trigger keeps: order, ties, the 30-day window by the
// clock, per challenge and per brand, pages of 25.
import { describe, expect, it } from 'vitest';
import { events, pointEntries } from '../../../db/schema';
import { isDomainError } from '#app/domain/core/errors';
import {
  LEADERBOARD_PAGE_SIZE,
  readLeaderboard,
  recentWindowStart,
  topFive,
} from '#app/domain/reputation/leaderboards.server';
import { utcDay } from '#app/domain/reputation/rules';
import { useTestDatabase } from '../../support/db';
import { makeUser, type TestUser } from '../../support/factories';

const db = useTestDatabase();
const DAY = 86_400_000;
let scope = 10_000;
/** A challenge or brand id nobody else's entries name, so each test's board is its own. */
const freshScope = () => ++scope;

/** Ledger entries as the reactions write them (the trigger keeps every total). */
async function give(
  user: TestUser,
  points: number,
  options: { at?: Date; challengeId?: number; brandId?: number } = {},
) {
  const at = options.at ?? new Date();
  const [event] = await db()
    .insert(events)
    .values({ type: 'reward.granted', subjectUserId: user.id, createdAt: at })
    .returning();
  await db()
    .insert(pointEntries)
    .values({
      userId: user.id,
      rule: points >= 0 ? 'reward' : 'hidden',
      nominal: points,
      points,
      day: utcDay(at),
      eventId: event!.id,
      challengeId: options.challengeId ?? null,
      brandId: options.brandId ?? null,
      createdAt: at,
    });
}

const byId = (a: TestUser, b: TestUser) => (a.id < b.id ? -1 : 1);

describe('leaderboards', () => {
  it('all time: most points first, ties by user id, nobody at 0 or below, with levels', async () => {
    const [a, b, c, d] = [
      await makeUser(db()),
      await makeUser(db()),
      await makeUser(db()),
      await makeUser(db()),
    ];
    await give(a, 900_000);
    await give(b, 800_000);
    await give(c, 800_000);
    await give(d, 10);
    await give(d, -20);
    const board = await readLeaderboard(db(), { board: 'all' });
    const [first, second] = [b, c].sort(byId);
    expect(board.rows.slice(0, 3)).toEqual([
      { rank: 1, handle: a.handle, displayName: a.handle, points: 900_000, level: 4 },
      { rank: 2, handle: first!.handle, displayName: first!.handle, points: 800_000, level: 4 },
      { rank: 3, handle: second!.handle, displayName: second!.handle, points: 800_000, level: 4 },
    ]);
    expect(board.rows.map((r) => r.handle)).not.toContain(d.handle);
  });

  it('per challenge: only that challenge’s points, in pages of 25', async () => {
    const challengeId = freshScope();
    const people: TestUser[] = [];
    for (let i = 0; i < 27; i++) {
      const person = await makeUser(db());
      people.push(person);
      await give(person, 100 + i, { challengeId });
    }
    // Points elsewhere do not count here.
    await give(people[0]!, 1_000, { challengeId: freshScope() });
    const first = await readLeaderboard(db(), { board: 'challenge', challengeId });
    expect(first.rows).toHaveLength(LEADERBOARD_PAGE_SIZE);
    expect(first.hasNext).toBe(true);
    expect(first.rows[0]).toMatchObject({ rank: 1, handle: people[26]!.handle, points: 126 });
    const second = await readLeaderboard(db(), { board: 'challenge', challengeId }, { page: 2 });
    expect(second.hasNext).toBe(false);
    expect(second.rows.map((r) => [r.rank, r.handle, r.points])).toEqual([
      [26, people[1]!.handle, 101],
      [27, people[0]!.handle, 100],
    ]);
    // The level is the person's overall one: 1,100 points in all is level 4.
    expect(second.rows[1]!.level).toBe(4);
    expect((await topFive(db(), { challengeId })).map((r) => r.handle)).toEqual(
      people
        .slice(22)
        .reverse()
        .map((p) => p.handle),
    );
  });

  it('per brand: only that brand’s points', async () => {
    const brandId = freshScope();
    const [a, b] = [await makeUser(db()), await makeUser(db())];
    await give(a, 30, { brandId });
    await give(b, 50, { brandId });
    await give(a, 40, { brandId });
    await give(b, 500, { brandId: freshScope() });
    const board = await readLeaderboard(db(), { board: 'brand', brandId });
    expect(board.rows.map((r) => [r.handle, r.points])).toEqual([
      [a.handle, 70],
      [b.handle, 50],
    ]);
    expect(await topFive(db(), { brandId: freshScope() })).toEqual([]);
  });

  it('last 30 days: the UTC days of the window by the clock, summed per person', async () => {
    const now = new Date('2031-05-31T12:00:00Z');
    expect(recentWindowStart(now)).toBe('2031-05-02');
    const [inside, edge, outside] = [
      await makeUser(db()),
      await makeUser(db()),
      await makeUser(db()),
    ];
    await give(inside, 7_000_001, { at: new Date(now.getTime() - DAY) });
    await give(inside, 7_000_001, { at: new Date(now.getTime() - 5 * DAY) });
    await give(edge, 7_000_000, { at: new Date('2031-05-02T00:00:00Z') });
    await give(outside, 9_000_000, { at: new Date('2031-05-01T23:59:59Z') });
    const board = await readLeaderboard(db(), { board: '30d', now });
    expect(board.rows.slice(0, 2).map((r) => [r.handle, r.points])).toEqual([
      [inside.handle, 14_000_002],
      [edge.handle, 7_000_000],
    ]);
    expect(board.rows.map((r) => r.handle)).not.toContain(outside.handle);
    // A day later the edge day has left the window.
    const later = await readLeaderboard(db(), { board: '30d', now: new Date(now.getTime() + DAY) });
    expect(later.rows.map((r) => r.handle)).not.toContain(edge.handle);
    expect(later.rows[0]!.handle).toBe(inside.handle);
  });

  it('refuses a page number that is not a page', async () => {
    for (const page of [0, -1, 1.5, 401]) {
      const refused = await readLeaderboard(db(), { board: 'all' }, { page }).catch((e) => e);
      expect(isDomainError(refused) && refused.status).toBe(400);
    }
  });
});
