// The dashboard over long periods reads monthly rollups (whole months, the edge days added or taken
// away) and linked active days (distinct participants). Here a brand's activity over five months,
// played through the real commands with a test clock, is read for periods with partial months at
// both ends, whole months, a period inside one month and one across a month's end, and every
// figure is checked against the same figure computed from the day rows alone. Moderation that
// hides a text takes its words out of the terms and a restore puts them back, for the consumer
// and the rebuild alike.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../../db/client.server';
import { CONTENT_LANGUAGES } from '../../../db/schema/columns';
import { addComment } from '#app/domain/comments/commands.server';
import type { Actor } from '#app/domain/core/actor';
import { testClock } from '#app/domain/core/clock';
import { submitIdea } from '#app/domain/ideas/commands.server';
import { ideaSchema } from '#app/domain/ideas/schema';
import { openInsights } from '#app/domain/insights/access.server';
import { addDays, periodPlan } from '#app/domain/insights/period';
import { loadInsights, TOP_INFLUENCERS, TOP_TERMS } from '#app/domain/insights/queries.server';
import { rebuildInsights } from '#app/domain/insights/rebuild.server';
import type { Insights, InsightsPeriod } from '#app/domain/insights/types';
import { hideContent, restoreContent } from '#app/domain/moderation/queue.server';
import { castVote } from '#app/domain/votes/commands.server';
import { backfillInsights } from '../../../jobs/insights.server';
import { useTestDatabase } from '../../support/db';
import { makeBrand, makeChallenge, makeUser, type TestUser } from '../../support/factories';

const db = useTestDatabase();

const WORDS = ['solar', 'garden', 'bicycle', 'market', 'library', 'recycling', 'water', 'music'];
const TAGS = ['green', 'city', 'food', 'art'];

let owner: TestUser;
let brandId: number;
let challengeIds: number[];
let spam: { ideaId: number; commentId: number };

beforeAll(async () => {
  const clock = testClock('2026-01-01T08:00:00Z');
  owner = await makeUser(db());
  const brand = await makeBrand(db(), owner);
  brandId = brand.id;
  const c1 = await makeChallenge(db(), owner, { brandId, stage: 'open', clock });
  const c2 = await makeChallenge(db(), owner, { brandId, stage: 'open', clock });
  challengeIds = [c1.id, c2.id];
  const people = await Promise.all(Array.from({ length: 7 }, () => makeUser(db())));
  // Days from 2026-01-03 to 2026-05-28, a few apart, so every month has activity at its start,
  // middle and end, and people come back after gaps.
  const ideasSoFar: { id: number; authorId: string; challengeId: number }[] = [];
  let k = 0;
  for (let day = '2026-01-03'; day <= '2026-05-28'; day = addDays(day, 5 + (k % 4))) {
    k++;
    const author = people[k % people.length]!;
    const challengeId = challengeIds[k % 3 === 0 ? 1 : 0]!;
    clock.set(`${day}T${String(6 + (k % 15)).padStart(2, '0')}:20:00Z`);
    const words = [WORDS[k % WORDS.length]!, WORDS[(k * 3) % WORDS.length]!];
    const idea = await submitIdea(db(), {
      actor: author,
      challengeId,
      idea: ideaSchema.parse({
        title: `A ${words[0]} idea number ${k}`,
        body: `More ${words[1]} and ${words[0]} for the ${words[1]} people.`,
        tags: `${TAGS[k % TAGS.length]}, ${TAGS[(k + 1) % TAGS.length]}`,
        buildsOnId: String(
          (k % 4 === 0 && ideasSoFar.findLast((i) => i.challengeId === challengeId)?.id) || '',
        ),
      }),
      clock,
    });
    ideasSoFar.push({ id: idea.id, authorId: author.id, challengeId });
    // Votes on this idea and an earlier one, the same day and the next.
    for (let v = 1; v <= 3; v++) {
      const voter = people[(k + v) % people.length]!;
      const target = v === 3 && ideasSoFar.length > 2 ? ideasSoFar.at(-3)! : ideasSoFar.at(-1)!;
      if (voter.id === target.authorId) continue;
      clock.set(`${v === 3 ? addDays(day, 1) : day}T${String(10 + v).padStart(2, '0')}:05:00Z`);
      await castVote(db(), { actor: voter, ideaId: target.id, value: 1, clock }).catch(() => {});
    }
    if (k % 2 === 0) {
      clock.set(`${addDays(day, 2)}T19:45:00Z`);
      await addComment(db(), {
        actor: people[(k + 4) % people.length]!,
        ideaId: idea.id,
        comment: {
          body: `The ${words[1]} part is the best ${WORDS[(k + 5) % WORDS.length]}`,
          parentId: null,
        },
        clock,
      });
    }
  }
  // Spam, written in March and hidden in April: its words must not count.
  clock.set('2026-03-11T12:00:00Z');
  const spammer = people[0]!;
  const spamIdea = await submitIdea(db(), {
    actor: spammer,
    challengeId: c1.id,
    idea: ideaSchema.parse({
      title: 'Cheap watches casino',
      body: 'Casino casino cheap watches.',
      tags: 'green',
    }),
    clock,
  });
  clock.set('2026-03-12T12:00:00Z');
  const spamComment = await addComment(db(), {
    actor: spammer,
    ideaId: ideasSoFar[3]!.id,
    comment: { body: 'Casino bonus casino', parentId: null },
    clock,
  });
  spam = { ideaId: spamIdea.id, commentId: spamComment.id };
  await backfillInsights(db());
}, 240_000);

const moderator = async (): Promise<Actor> => makeUser(db(), { role: 'moderator' });

async function read(period: InsightsPeriod, challengeId?: number): Promise<Insights> {
  const scope = await openInsights(db(), owner, { id: brandId });
  return loadInsights(db(), { scope, challengeId, period });
}

/** The same figures from the day rows only (no rollup, no linked days). */
async function fromDays(period: InsightsPeriod, challengeId?: number) {
  const scope =
    challengeId === undefined
      ? sql`t.brand_id = ${brandId}`
      : sql`t.brand_id = ${brandId} and t.challenge_id = ${challengeId}`;
  const days = (p: InsightsPeriod) => sql`t.day between ${p.from}::date and ${p.to}::date`;
  const q = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await db().execute(query));
  const [participants] = await q<{ n: number }>(sql`
    select count(distinct t.user_id)::int as n from insight_actors t where ${scope} and ${days(period)}`);
  const terms = await q<{ language: string; stem: string; uses: number; word: string }>(sql`
    select t.language, t.stem, sum(t.uses)::int as uses,
      (array_agg(t.word order by t.day desc, t.challenge_id desc))[1] as word
    from insight_terms t where ${scope} and ${days(period)}
    group by t.language, t.stem
    order by t.language, sum(t.uses) desc, t.stem collate "C"`);
  const before = {
    from: addDays(period.from, -(Date.parse(period.to) - Date.parse(period.from)) / 86_400_000 - 1),
    to: addDays(period.from, -1),
  };
  const tags = await q<{
    tag: string;
    ideas: number;
    votes: number;
    previous_ideas: number;
    previous_votes: number;
  }>(sql`
    select t.tag,
      coalesce(sum(t.ideas) filter (where t.day >= ${period.from}::date), 0)::int as ideas,
      coalesce(sum(t.votes) filter (where t.day >= ${period.from}::date), 0)::int as votes,
      coalesce(sum(t.ideas) filter (where t.day < ${period.from}::date), 0)::int as previous_ideas,
      coalesce(sum(t.votes) filter (where t.day < ${period.from}::date), 0)::int as previous_votes
    from insight_tags t where ${scope} and t.day between ${before.from}::date and ${period.to}::date
    group by t.tag`);
  const influence = await q<{ supporters: number; builds: number }>(sql`
    select sum(t.supporters)::int as supporters, sum(t.builds)::int as builds
    from insight_influence t where ${scope} and ${days(period)}
    group by t.user_id having sum(t.supporters) + sum(t.builds) > 0
    order by sum(t.supporters) + sum(t.builds) desc, sum(t.supporters) desc, t.user_id
    limit ${TOP_INFLUENCERS}`);
  const heat = await q<{ dow: number; hod: number; actions: number }>(sql`
    select extract(isodow from t.hour at time zone 'UTC')::int - 1 as dow,
      extract(hour from t.hour at time zone 'UTC')::int as hod,
      sum(t.ideas + t.votes + t.comments)::int as actions
    from insight_hours t
    where ${scope} and t.hour >= ${`${period.from}T00:00:00Z`}::timestamptz
      and t.hour < ${`${addDays(period.to, 1)}T00:00:00Z`}::timestamptz
    group by 1, 2`);
  return { participants: participants!.n, terms, tags, influence, heat };
}

async function expectSameAsDays(period: InsightsPeriod, challengeId?: number) {
  const got = await read(period, challengeId);
  const want = await fromDays(period, challengeId);
  expect(got.funnel.participants).toBe(want.participants);
  for (const language of CONTENT_LANGUAGES) {
    const top = want.terms.filter((t) => t.language === language).slice(0, TOP_TERMS);
    expect(got.terms[language]).toEqual(top.map((t) => ({ word: t.word, uses: t.uses })));
  }
  const tags = want.tags
    .filter((t) => t.ideas + t.votes > 0)
    .sort(
      (a, b) =>
        b.ideas + b.votes - (a.ideas + a.votes) || b.ideas - a.ideas || (a.tag < b.tag ? -1 : 1),
    )
    .slice(0, 10);
  expect(got.tags).toEqual(
    tags.map((t) => ({
      tag: t.tag,
      ideas: t.ideas,
      votes: t.votes,
      previousIdeas: t.previous_ideas,
      previousVotes: t.previous_votes,
    })),
  );
  expect(got.influencers.map((i) => [i.supporters, i.builds])).toEqual(
    want.influence.map((i) => [i.supporters, i.builds]),
  );
  const heat = new Map(want.heat.map((c) => [`${c.dow}|${c.hod}`, c.actions]));
  expect(got.heatmap.filter((c) => c.actions !== 0)).toEqual(
    got.heatmap
      .map((c) => ({ ...c, actions: heat.get(`${c.dow}|${c.hour}`) ?? 0 }))
      .filter((c) => c.actions !== 0),
  );
  return got;
}

const PERIODS: InsightsPeriod[] = [
  // Partial months at both ends, three whole months between.
  { from: '2026-01-20', to: '2026-05-10' },
  // Less than half of the first month, more than half of the last.
  { from: '2026-01-25', to: '2026-04-22' },
  // Whole months only.
  { from: '2026-02-01', to: '2026-04-30' },
  // Inside one month, most of it (the month less its ends).
  { from: '2026-03-04', to: '2026-03-27' },
  // Across a month's end, little of each.
  { from: '2026-02-20', to: '2026-03-08' },
  // Everything.
  { from: '2026-01-01', to: '2026-05-31' },
];

describe('long periods from the monthly rollups', () => {
  it('reads periods that mix months added, days added and days taken away', () => {
    const plans = PERIODS.map(periodPlan);
    expect(plans.some((p) => p.months && p.minus.length && p.plus.length)).toBe(true);
    expect(plans.some((p) => p.months && !p.plus.length && !p.minus.length)).toBe(true);
    expect(plans.some((p) => !p.months)).toBe(true);
  });

  it.each(PERIODS)('gives the brand the figures of its day rows, $from to $to', async (period) => {
    const got = await expectSameAsDays(period);
    expect(got.funnel.participants).toBeGreaterThan(0);
  });

  it.each(PERIODS)(
    'gives one challenge the figures of its day rows, $from to $to',
    async (period) => {
      await expectSameAsDays(period, challengeIds[0]);
      await expectSameAsDays(period, challengeIds[1]);
    },
  );

  it('counts a person active in several months once, and in two challenges once for the brand', async () => {
    const year = { from: '2026-01-01', to: '2026-05-31' };
    const brand = await read(year);
    const one = await read(year, challengeIds[0]);
    const two = await read(year, challengeIds[1]);
    expect(brand.funnel.participants).toBe(7);
    expect(brand.funnel.participants).toBeLessThan(
      one.funnel.participants + two.funnel.participants,
    );
  });

  it('shows sentiment per week over more than 90 days, per day up to 90', async () => {
    const long = await read({ from: '2026-01-07', to: '2026-05-10' });
    expect(long.sentiment.step).toBe('week');
    // The first week starts on the period's first day (a Wednesday), the others on Mondays.
    expect(long.sentiment.days[0]!.day).toBe('2026-01-07');
    expect(long.sentiment.days.slice(1).every((d) => new Date(d.day).getUTCDay() === 1)).toBe(true);
    const total = (days: Insights['sentiment']['days']) =>
      days.reduce((n, d) => n + d.positive + d.neutral + d.negative, 0);
    const s = long.sentiment.share;
    expect(total(long.sentiment.days)).toBe(s.positive + s.neutral + s.negative);
    expect(total(long.sentiment.days)).toBeGreaterThan(0);
    const short = await read({ from: '2026-02-01', to: '2026-05-01' });
    expect(short.sentiment.step).toBe('day');
    expect(short.sentiment.days).toHaveLength(90);
  });
});

describe('hidden texts and the terms', () => {
  const everything = { from: '2026-01-01', to: '2026-05-31' };
  const casino = async () =>
    (await read(everything)).terms.en.find((t) => t.word === 'casino')?.uses ?? 0;

  it('takes the words of hidden texts out, puts them back when restored, and the rebuild agrees', async () => {
    expect(await casino()).toBe(5);
    const mod = await moderator();
    const clock = testClock('2026-04-02T10:00:00Z');
    await hideContent(db(), {
      actor: mod,
      item: { kind: 'idea', id: spam.ideaId },
      reason: 'Spam',
      clock,
    });
    await hideContent(db(), {
      actor: mod,
      item: { kind: 'comment', id: spam.commentId },
      reason: 'Spam',
      clock,
    });
    await backfillInsights(db());
    expect(await casino()).toBe(0);
    await expectSameAsDays(everything);
    await expectSameAsDays({ from: '2026-03-05', to: '2026-03-20' });
    const byConsumer = await read(everything);
    await rebuildInsights(db());
    expect(await read(everything)).toEqual(byConsumer);

    await restoreContent(db(), {
      actor: mod,
      item: { kind: 'comment', id: spam.commentId },
      reason: 'Not spam after all',
      clock,
    });
    await backfillInsights(db());
    expect(await casino()).toBe(2);
    await expectSameAsDays(everything);
    const restored = await read(everything);
    await rebuildInsights(db());
    expect(await read(everything)).toEqual(restored);
  });
});
