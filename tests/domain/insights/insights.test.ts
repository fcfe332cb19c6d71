// The brand dashboard's figures, read from the aggregates the insights consumer built from a
// hand-built week (fixture.ts), each checked against the value counted by hand from the timeline;
// consent in "most influential participants"; another brand's data never included; the period's
// bounds included; who may read; the CSV rows; and the rebuild from the raw tables agreeing with
// the consumer.
import { beforeAll, describe, expect, it } from 'vitest';
import { openInsights } from '#app/domain/insights/access.server';
import { loadInsights, insightRows, type InsightsQuery } from '#app/domain/insights/queries.server';
import { rebuildInsights } from '#app/domain/insights/rebuild.server';
import { recordVisit } from '#app/domain/insights/visits.server';
import { INSIGHT_TABLES, type Insights, type InsightsPeriod } from '#app/domain/insights/types';
import type { Actor } from '#app/domain/core/actor';
import { backfillInsights } from '../../../jobs/insights.server';
import { makeUser } from '../../support/factories';
import { useTestDatabase } from '../../support/db';
import { buildFixture, PERIOD, type Fixture } from './fixture';

const db = useTestDatabase();
let f: Fixture;
let insights: Insights;

/** What the page does: the access check once, then the reads with the scope it gives. */
async function scoped(q: {
  brandId: number;
  challengeId?: number;
  period: InsightsPeriod;
  viewer: Actor | null;
}): Promise<InsightsQuery> {
  const scope = await openInsights(db(), q.viewer, { id: q.brandId });
  return { scope, challengeId: q.challengeId, period: q.period };
}
const read = async (q: Parameters<typeof scoped>[0]) => loadInsights(db(), await scoped(q));

const day = (d: string, ideas: number, votes: number, comments: number) => ({
  day: `2026-05-0${d}`,
  ideas,
  votes,
  comments,
});

beforeAll(async () => {
  f = await buildFixture(db());
  const visit = (challengeId: number, ip: string, now: string) =>
    recordVisit(db(), {
      challengeId,
      brandId: f.brand.id,
      ip,
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0',
      now: new Date(now),
    });
  // C1: one visitor twice on 05-02 (one), again on 05-03 (one more); C2: another visitor on 05-03;
  // C1 on 05-08, after the period.
  await visit(f.c1.id, '203.0.113.7', '2026-05-02T10:00:00Z');
  await visit(f.c1.id, '203.0.113.7', '2026-05-02T18:00:00Z');
  await visit(f.c1.id, '203.0.113.7', '2026-05-03T10:00:00Z');
  await visit(f.c2.id, '198.51.100.4', '2026-05-03T11:00:00Z');
  await visit(f.c1.id, '198.51.100.4', '2026-05-08T11:00:00Z');
  await backfillInsights(db());
  insights = await read({ brandId: f.brand.id, period: PERIOD, viewer: f.owner });
}, 60_000);

describe('loadInsights for a brand', () => {
  it('gives the funnel: visitors, participants, ideas, votes, shortlisted, winners', () => {
    expect(insights.period).toEqual(PERIOD);
    expect(insights.funnel).toEqual({
      visitors: 3,
      participants: 5,
      ideas: 3,
      votes: 5,
      shortlisted: 2,
      winners: 1,
    });
  });

  it('gives the activity of every day of the period, zeros included, bounds included', () => {
    expect(insights.activity).toEqual([
      day('1', 2, 0, 0),
      day('2', 0, 3, 0),
      day('3', 0, 0, 1),
      day('4', 0, 0, 1),
      day('5', 0, 0, 0),
      day('6', 1, 2, 0),
      day('7', 0, 0, 1),
    ]);
  });

  it('gives the sentiment of what was written, a null sentiment counted as neutral', () => {
    expect(insights.sentiment.share).toEqual({ positive: 2, neutral: 3, negative: 1 });
    const s = (d: string, positive: number, neutral: number, negative: number) => ({
      day: `2026-05-0${d}`,
      positive,
      neutral,
      negative,
    });
    expect(insights.sentiment.days).toEqual([
      s('1', 1, 1, 0),
      s('2', 0, 0, 0),
      s('3', 1, 0, 0),
      s('4', 0, 0, 1),
      s('5', 0, 0, 0),
      s('6', 0, 1, 0),
      s('7', 0, 1, 0),
    ]);
  });

  it('gives the top terms per language: stems counted, stop-words and short words out, the last word written shown', () => {
    expect(insights.terms.en).toEqual([
      { word: 'batteries', uses: 3 },
      { word: 'panels', uses: 3 },
      { word: 'schools', uses: 3 },
      { word: 'solar', uses: 2 },
      { word: 'brilliant', uses: 1 },
      { word: 'cheaply', uses: 1 },
      { word: 'expensive', uses: 1 },
      { word: 'home', uses: 1 },
      { word: 'idea', uses: 1 },
      { word: 'power', uses: 1 },
      { word: 'storage', uses: 1 },
      { word: 'store', uses: 1 },
      { word: 'sun', uses: 1 },
    ]);
    expect(insights.terms.es).toEqual([
      { word: 'agua', uses: 3 },
      { word: 'limpia', uses: 2 },
      // Not a Spanish stop-word.
      { word: 'cada', uses: 1 },
      { word: 'escuela', uses: 1 },
      { word: 'filtros', uses: 1 },
      { word: 'gusta', uses: 1 },
    ]);
    expect(insights.terms.it).toEqual([]);
  });

  it('gives trending tags against the same number of days before', () => {
    expect(insights.tags).toEqual([
      { tag: 'solar', ideas: 2, votes: 3, previousIdeas: 1, previousVotes: 0 },
      { tag: 'agua', ideas: 1, votes: 2, previousIdeas: 0, previousVotes: 0 },
      { tag: 'storage', ideas: 1, votes: 2, previousIdeas: 0, previousVotes: 0 },
    ]);
  });

  it('names influential participants only as their consent to this brand allows', () => {
    const { ana, emma } = f.people;
    expect(insights.influencers).toEqual([
      // Two supporters.
      { person: { handle: emma.handle, displayName: emma.handle }, supporters: 2, builds: 0 },
      // Two supports, one changed to oppose; ben built on her idea. Profile: her name.
      { person: { handle: ana.handle, displayName: 'Ana Solar' }, supporters: 1, builds: 1 },
      // ben shares nothing with this brand (his profile consent is to the other brand).
      { person: null, supporters: 1, builds: 0 },
    ]);
  });

  it('gives the hour-of-week heat map in UTC, Monday first, all 168 cells', () => {
    expect(insights.heatmap).toHaveLength(168);
    const busy = insights.heatmap.filter((c) => c.actions > 0);
    expect(busy).toEqual([
      { dow: 0, hour: 11, actions: 1 },
      { dow: 2, hour: 12, actions: 1 },
      { dow: 2, hour: 13, actions: 2 },
      { dow: 3, hour: 23, actions: 1 },
      { dow: 4, hour: 0, actions: 1 },
      { dow: 4, hour: 10, actions: 1 },
      { dow: 5, hour: 14, actions: 2 },
      { dow: 5, hour: 15, actions: 1 },
      { dow: 6, hour: 8, actions: 1 },
    ]);
    expect(insights.heatmap.slice(0, 3).map((c) => [c.dow, c.hour])).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
    ]);
  });

  it('gives the brand challenges with activity, most ideas first', () => {
    expect(insights.challenges).toEqual([
      {
        slug: f.c1.slug,
        title: f.c1.title,
        language: f.c1.language,
        ideas: 2,
        votes: 3,
        comments: 2,
        participants: 4,
      },
      {
        slug: f.c2.slug,
        title: f.c2.title,
        language: f.c2.language,
        ideas: 1,
        votes: 2,
        comments: 1,
        participants: 4,
      },
    ]);
  });
});

describe('loadInsights for one challenge and other periods', () => {
  it('narrows every figure to the challenge', async () => {
    const one = await read({
      brandId: f.brand.id,
      challengeId: f.c2.id,
      period: PERIOD,
      viewer: f.owner,
    });
    expect(one.funnel).toEqual({
      visitors: 1,
      participants: 4,
      ideas: 1,
      votes: 2,
      shortlisted: 0,
      winners: 0,
    });
    expect(one.terms.en).toEqual([]);
    expect(one.tags.map((t) => t.tag)).toEqual(['agua']);
    expect(one.influencers).toEqual([
      {
        person: { handle: f.people.emma.handle, displayName: f.people.emma.handle },
        supporters: 2,
        builds: 0,
      },
    ]);
    expect(one.challenges.map((c) => c.slug)).toEqual([f.c2.slug]);
  });

  it('includes both ends of a one-day period and nothing beyond them', async () => {
    const first = await read({
      brandId: f.brand.id,
      period: { from: '2026-05-01', to: '2026-05-01' },
      viewer: f.owner,
    });
    expect(first.funnel).toMatchObject({ ideas: 2, votes: 0, participants: 2 });
    expect(first.activity).toEqual([day('1', 2, 0, 0)]);
    const last = await read({
      brandId: f.brand.id,
      period: { from: '2026-05-07', to: '2026-05-07' },
      viewer: f.owner,
    });
    expect(last.activity).toEqual([day('7', 0, 0, 1)]);
    const before = await read({
      brandId: f.brand.id,
      period: { from: '2026-04-30', to: '2026-04-30' },
      viewer: f.owner,
    });
    expect(before.activity).toEqual([{ day: '2026-04-30', ideas: 0, votes: 0, comments: 1 }]);
  });

  it('shows an empty period as zeros and empty lists', async () => {
    const empty = await read({
      brandId: f.brand.id,
      period: { from: '2025-01-01', to: '2025-01-03' },
      viewer: f.owner,
    });
    expect(empty.funnel).toEqual({
      visitors: 0,
      participants: 0,
      ideas: 0,
      votes: 0,
      shortlisted: 0,
      winners: 0,
    });
    expect(empty.activity).toHaveLength(3);
    expect(empty.terms).toEqual({ en: [], es: [], it: [] });
    expect([empty.tags, empty.influencers, empty.challenges]).toEqual([[], [], []]);
  });
});

describe("another brand's data", () => {
  it('is never included, and its own dashboard shows only its own', async () => {
    const other = await read({
      brandId: f.other.id,
      period: PERIOD,
      viewer: f.otherOwner,
    });
    expect(other.funnel).toEqual({
      visitors: 0,
      participants: 2,
      ideas: 1,
      votes: 1,
      shortlisted: 0,
      winners: 0,
    });
    expect(other.tags).toEqual([
      { tag: 'solar', ideas: 1, votes: 1, previousIdeas: 0, previousVotes: 0 },
    ]);
    // ana shares nothing with the other brand.
    expect(other.influencers).toEqual([{ person: null, supporters: 1, builds: 0 }]);
  });
});

describe('who may read the dashboard', () => {
  it('refuses visitors, non-members, admins and unknown brands before any read', async () => {
    const stranger = await makeUser(db());
    const admin = await makeUser(db(), { role: 'admin' });
    const q = { brandId: f.brand.id, period: PERIOD };
    await expect(read({ ...q, viewer: null })).rejects.toMatchObject({ status: 401 });
    await expect(read({ ...q, viewer: stranger })).rejects.toMatchObject({ status: 403 });
    await expect(read({ ...q, viewer: admin })).rejects.toMatchObject({ status: 403 });
    await expect(read({ ...q, viewer: f.otherOwner })).rejects.toMatchObject({ status: 403 });
    await expect(read({ ...q, brandId: 2_000_000_000, viewer: f.owner })).rejects.toMatchObject({
      status: 404,
    });
    await expect(openInsights(db(), stranger, { slug: f.brand.slug })).rejects.toMatchObject({
      status: 403,
    });
  });

  it('reads nothing of a challenge of another brand through this brand’s scope', async () => {
    const foreign = await read({
      brandId: f.brand.id,
      challengeId: f.x.id,
      period: PERIOD,
      viewer: f.owner,
    });
    expect(foreign.funnel).toEqual({
      visitors: 0,
      participants: 0,
      ideas: 0,
      votes: 0,
      shortlisted: 0,
      winners: 0,
    });
    expect([foreign.tags, foreign.influencers, foreign.challenges]).toEqual([[], [], []]);
    expect(foreign.terms).toEqual({ en: [], es: [], it: [] });
  });
});

describe('insightRows (CSV)', () => {
  it('gives each table as a header and rows, a non-consenting person without a name', async () => {
    const q = { brandId: f.brand.id, period: PERIOD, viewer: f.owner };
    for (const table of INSIGHT_TABLES) {
      const rows = await insightRows(db(), await scoped(q), table);
      expect(rows.length).toBeGreaterThan(1);
      for (const row of rows) expect(row).toHaveLength(rows[0]!.length);
    }
    expect(await insightRows(db(), await scoped(q), 'funnel')).toEqual([
      ['stage', 'count'],
      ['visitors', 3],
      ['participants', 5],
      ['ideas', 3],
      ['votes', 5],
      ['shortlisted', 2],
      ['winners', 1],
    ]);
    expect(await insightRows(db(), await scoped(q), 'influencers')).toEqual([
      ['handle', 'display_name', 'supporters', 'builds'],
      [f.people.emma.handle, f.people.emma.handle, 2, 0],
      [f.people.ana.handle, 'Ana Solar', 1, 1],
      ['', '', 1, 0],
    ]);
    expect((await insightRows(db(), await scoped(q), 'heatmap')).length).toBe(169);
  });
});

describe('rebuildInsights', () => {
  it('recomputes from the raw tables what the consumer built, and the consumer carries on from there', async () => {
    const periods = [PERIOD, { from: '2026-04-20', to: '2026-05-10' }];
    const readAll = () =>
      Promise.all(
        periods.flatMap((period) => [
          read({ brandId: f.brand.id, period, viewer: f.owner }),
          read({ brandId: f.other.id, period, viewer: f.otherOwner }),
          read({
            brandId: f.brand.id,
            challengeId: f.c1.id,
            period,
            viewer: f.owner,
          }),
        ]),
      );
    const byConsumer = await readAll();
    await rebuildInsights(db());
    expect(await readAll()).toEqual(byConsumer);
    // Nothing after the rebuild's horizon: the consumer finds nothing to count twice.
    expect(await backfillInsights(db())).toBe(0);
    expect(await readAll()).toEqual(byConsumer);
  });
});
