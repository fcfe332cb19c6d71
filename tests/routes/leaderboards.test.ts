// /leaderboards and the profile's reputation parts through their loaders: 200 for every board, a
// clear 400 for a bad board, page or cursor, 404 for what does not exist (or may not be seen).
import { describe, expect, it } from 'vitest';
import { events, pointEntries } from '../../db/schema';
import * as leaderboards from '#app/routes/leaderboards';
import * as profilePage from '#app/routes/u.$handle';
import * as challengePage from '#app/routes/challenges.$slug._index/route';
import * as brandPage from '#app/routes/brands.$slug._index';
import { BADGE_KEYS } from '#app/domain/badges/catalog';
import { utcDay } from '#app/domain/reputation/rules';
import { callLoader, getRequest, makeContext } from '../support/context';
import { makeBrand, makeChallenge, makeIdea, makeUser, type TestUser } from '../support/factories';
import { useTestDatabase } from '../support/db';

const db = useTestDatabase();

const load = (
  route: Parameters<typeof callLoader>[0],
  path: string,
  params: Record<string, string> = {},
  viewer: TestUser | null = null,
) => callLoader(route, { params, request: getRequest(path), context: makeContext(db(), viewer) });

async function give(
  user: TestUser,
  points: number,
  links: { challengeId?: number; brandId?: number; ideaId?: number; causeUserId?: string } = {},
) {
  const at = new Date();
  const [event] = await db()
    .insert(events)
    .values({ type: 'vote.cast', subjectUserId: user.id, createdAt: at })
    .returning();
  await db()
    .insert(pointEntries)
    .values({
      userId: user.id,
      rule: 'supportReceived',
      nominal: points,
      points,
      fromVotes: 1,
      day: utcDay(at),
      eventId: event!.id,
      ...links,
      createdAt: at,
    });
}

async function scene() {
  const owner = await makeUser(db());
  const brand = await makeBrand(db(), owner);
  const challenge = await makeChallenge(db(), owner, { brandId: brand.id, stage: 'open' });
  const author = await makeUser(db());
  const voter = await makeUser(db());
  const idea = await makeIdea(db(), author, challenge.id);
  await give(author, 10, {
    challengeId: challenge.id,
    brandId: brand.id,
    ideaId: idea.id,
    causeUserId: voter.id,
  });
  return { owner, brand, challenge, author, voter, idea };
}

describe('/leaderboards', () => {
  it('answers every board, with the challenge or brand picked', async () => {
    const { brand, challenge, author } = await scene();
    for (const path of ['/leaderboards', '/leaderboards?board=all', '/leaderboards?board=30d']) {
      const page = await load(leaderboards, path);
      expect(page.status, path).toBe(200);
      expect(page.body.rows.map((r: { handle: string }) => r.handle)).toContain(author.handle);
    }
    const picker = await load(leaderboards, '/leaderboards?board=challenge');
    expect(picker.status).toBe(200);
    expect(picker.body.rows).toEqual([]);
    expect(picker.body.choices.map((c: { slug: string }) => c.slug)).toContain(challenge.slug);
    const byChallenge = await load(
      leaderboards,
      `/leaderboards?board=challenge&challenge=${challenge.slug}`,
    );
    expect(byChallenge.status).toBe(200);
    expect(byChallenge.body.subject).toEqual({ slug: challenge.slug, title: challenge.title });
    expect(byChallenge.body.rows).toMatchObject([{ rank: 1, handle: author.handle, points: 10 }]);
    const byBrand = await load(leaderboards, `/leaderboards?board=brand&brand=${brand.slug}`);
    expect(byBrand.status).toBe(200);
    expect(byBrand.body.rows).toMatchObject([{ rank: 1, handle: author.handle, points: 10 }]);
  });

  it('refuses a bad board or page with a 400 and a message', async () => {
    const paths = [
      '/leaderboards?board=everyone',
      '/leaderboards?board=<script>alert(1)</script>',
      '/leaderboards?board=all&page=0',
      '/leaderboards?board=all&page=abc',
      '/leaderboards?board=all&page=1.5',
      '/leaderboards?board=all&page=99999999999',
      `/leaderboards?board=challenge&challenge=${'x'.repeat(500)}`,
    ];
    for (const path of paths) {
      const page = await load(leaderboards, path);
      expect(page.status, path).toBe(400);
      expect(String(page.body.message).length, path).toBeGreaterThan(10);
    }
    const board = await load(leaderboards, '/leaderboards?board=everyone');
    expect(board.body.message).toMatch(/boards/);
  });

  it('answers 404 for an unknown challenge or brand, and for a draft to a visitor', async () => {
    const owner = await makeUser(db());
    const draft = await makeChallenge(db(), owner);
    for (const path of [
      '/leaderboards?board=challenge&challenge=no-such-challenge',
      '/leaderboards?board=brand&brand=no-such-brand',
      `/leaderboards?board=challenge&challenge=${draft.slug}`,
    ]) {
      const page = await load(leaderboards, path);
      expect(page.status, path).toBe(404);
      expect(typeof page.body.message).toBe('string');
    }
    expect(
      (await load(leaderboards, `/leaderboards?board=challenge&challenge=${draft.slug}`, {}, owner))
        .status,
    ).toBe(200);
  });

  it('puts the top five on the challenge page and the brand page', async () => {
    const { brand, challenge, author } = await scene();
    const onChallenge = await load(challengePage, `/challenges/${challenge.slug}`, {
      slug: challenge.slug,
    });
    expect(onChallenge.status).toBe(200);
    expect(onChallenge.body.topFive).toMatchObject([{ handle: author.handle, points: 10 }]);
    const onBrand = await load(brandPage, `/brands/${brand.slug}`, { slug: brand.slug });
    expect(onBrand.status).toBe(200);
    expect(onBrand.body.topFive).toMatchObject([{ handle: author.handle, points: 10 }]);
  });
});

describe('the profile', () => {
  it('shows reputation, level and the way to the next privilege, badges, rewards and points', async () => {
    const { author, voter, idea } = await scene();
    const page = await load(profilePage, `/u/${author.handle}`, { handle: author.handle });
    expect(page.status).toBe(200);
    const { reputation } = page.body;
    expect(reputation).toMatchObject({
      reputation: 10,
      level: 1,
      next: { threshold: 15, missing: 5, unlocks: ['flag'] },
    });
    expect(reputation.badges.map((b: { key: string }) => b.key)).toEqual(BADGE_KEYS);
    expect(reputation.rewards).toEqual([]);
    expect(reputation.history.items).toMatchObject([
      { rule: 'supportReceived', points: 10, idea: { id: idea.id } },
    ]);
    // Votes are secret: nothing on the page says who supported.
    expect(JSON.stringify(page.body)).not.toContain(voter.id);
    expect(JSON.stringify(page.body)).not.toContain(voter.handle);
  });

  it('refuses a broken points cursor with a 400 and an unknown person with a 404', async () => {
    const { author } = await scene();
    for (const cursor of [
      'garbage!',
      'x'.repeat(5_000),
      Buffer.from('["points","1"]').toString('base64url'),
    ]) {
      const page = await load(profilePage, `/u/${author.handle}?pointsAfter=${cursor}`, {
        handle: author.handle,
      });
      expect(page.status).toBe(400);
      expect(page.body.message).toMatch(/page link/);
    }
    const missing = await load(profilePage, '/u/nobody_here_at_all', {
      handle: 'nobody_here_at_all',
    });
    expect(missing.status).toBe(404);
  });
});
