import { sql, type SQL } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { cacheMismatches } from '../support/reputation';
import { STAGES } from '#app/domain/challenges/commands.server';
import { verifyCredentials } from '#app/domain/users/commands.server';
import { rowsOf, type Db } from '../../db/client.server';
import { DEMO_PASSWORD, seedIfEmpty, type SeedResult } from '../../seed/seed.server';
import { rebuildParticipants } from '#app/domain/crm/participation.server';
import { createTestDatabase, useTestDatabase } from '../support/db';

const db = useTestDatabase();
const NOW = new Date();
const SEED_TIMEOUT = 120_000;

async function query<T>(d: Db, q: SQL) {
  return rowsOf<T>(await d.execute(q));
}

async function one<T>(d: Db, q: SQL) {
  const [row] = await query<T>(d, q);
  if (!row) throw new Error('query returned no row');
  return row;
}

async function tableCounts(d: Db) {
  return one<Record<string, number>>(
    d,
    sql`select
      (select count(*)::int from users) as users,
      (select count(*)::int from brands) as brands,
      (select count(*)::int from brand_members) as brand_members,
      (select count(*)::int from challenges) as challenges,
      (select count(*)::int from ideas) as ideas,
      (select count(*)::int from votes) as votes,
      (select count(*)::int from comments) as comments,
      (select count(*)::int from events) as events`,
  );
}

/** Everything a visitor could tell apart between two seeded databases, timestamps included. */
async function fingerprint(d: Db) {
  const ms = (col: SQL) => sql`(extract(epoch from ${col}) * 1000)::bigint::text`;
  return {
    users: await query(
      d,
      sql`select handle, display_name, role, locale, ${ms(sql`created_at`)} as at from users order by handle`,
    ),
    challenges: await query(
      d,
      sql`select slug, stage, language, tags, criteria, opens_at, voting_at, ${ms(sql`created_at`)} as at, ${ms(sql`stage_changed_at`)} as changed
          from challenges order by slug`,
    ),
    ideas: await query(
      d,
      sql`select c.slug, i.title, u.handle, b.title as builds_on, i.status, i.support_count, i.oppose_count, i.comment_count,
            ${ms(sql`i.created_at`)} as at, ${ms(sql`i.last_activity_at`)} as active
          from ideas i join challenges c on c.id = i.challenge_id join users u on u.id = i.author_id
          left join ideas b on b.id = i.builds_on_id
          order by c.slug, i.title`,
    ),
    votes: await query(
      d,
      sql`select i.title, u.handle, v.value, ${ms(sql`v.created_at`)} as at, ${ms(sql`v.updated_at`)} as changed
          from votes v join ideas i on i.id = v.idea_id join users u on u.id = v.user_id
          order by i.title, u.handle`,
    ),
    comments: await query(
      d,
      sql`select i.title, u.handle, c.body, p.body as parent, ${ms(sql`c.created_at`)} as at, c.deleted_at is not null as deleted
          from comments c join ideas i on i.id = c.idea_id join users u on u.id = c.author_id
          left join comments p on p.id = c.parent_id
          order by i.title, c.created_at, u.handle`,
    ),
    events: await query(
      d,
      sql`select type, count(*)::int as n from events group by type order by type`,
    ),
  };
}

describe('seedIfEmpty', () => {
  let seeded: SeedResult | null = null;

  beforeAll(async () => {
    const started = performance.now();
    seeded = await seedIfEmpty(db(), { now: NOW });
    const where = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
    console.info(`Seeding took ${Math.round(performance.now() - started)} ms on ${where}.`);
  }, SEED_TIMEOUT);

  it('returns one demo password and sign-ins for a prosumer, a brand owner, a moderator and an admin', () => {
    expect(seeded).not.toBeNull();
    expect(seeded!.password).toBe(DEMO_PASSWORD);
    expect(seeded!.password.length).toBeGreaterThanOrEqual(10);
    const handles = seeded!.logins.map((l) => l.handle);
    expect(handles).toEqual(
      expect.arrayContaining(['demo_prosumer', 'demo_owner', 'demo_moderator', 'demo_admin']),
    );
    expect(seeded!.logins).toContainEqual({ role: 'moderator', handle: 'demo_moderator' });
    expect(seeded!.logins).toContainEqual({ role: 'admin', handle: 'demo_admin' });
  });

  it('creates three brands, challenges in every stage, ideas, votes, comments and events', async () => {
    const counts = await tableCounts(db());
    expect(counts.brands).toBe(3);
    expect(counts.users).toBeGreaterThanOrEqual(20);
    expect(counts.challenges).toBeGreaterThanOrEqual(8);
    expect(counts.ideas).toBeGreaterThanOrEqual(55);
    expect(counts.votes).toBeGreaterThanOrEqual(200);
    expect(counts.comments).toBeGreaterThanOrEqual(60);
    expect(counts.events).toBeGreaterThan(counts.ideas! + counts.votes! + counts.comments!);

    const stages = await query<{ stage: string; n: number }>(
      db(),
      sql`select stage, count(*)::int as n from challenges group by stage`,
    );
    const byStage = Object.fromEntries(stages.map((s) => [s.stage, s.n]));
    for (const stage of STAGES)
      expect(byStage[stage], `challenges in "${stage}"`).toBeGreaterThanOrEqual(1);
    expect(byStage.open).toBeGreaterThanOrEqual(2);

    const opposed = await one<{ support: number; oppose: number }>(
      db(),
      sql`select count(*) filter (where value = 1)::int as support, count(*) filter (where value = -1)::int as oppose from votes`,
    );
    expect(opposed.oppose).toBeGreaterThan(0);
    expect(opposed.support).toBeGreaterThan(opposed.oppose * 3);

    const replies = await one<{ n: number }>(
      db(),
      sql`select count(*)::int as n from comments where parent_id is not null`,
    );
    expect(replies.n).toBeGreaterThanOrEqual(10);
  });

  it('writes the event log the domain functions write in real use', async () => {
    const counts = await tableCounts(db());
    const events = await query<{ type: string; n: number }>(
      db(),
      sql`select type, count(*)::int as n from events group by type`,
    );
    const n = Object.fromEntries(events.map((e) => [e.type, e.n]));
    expect(n['user.joined']).toBe(counts.users);
    expect(n['brand.created']).toBe(3);
    expect(n['brand.member_added']).toBeGreaterThanOrEqual(1);
    expect(n['challenge.created']).toBe(counts.challenges);
    expect(n['challenge.stage_changed']).toBeGreaterThanOrEqual(STAGES.length - 1);
    expect(n['idea.created']).toBe(counts.ideas);
    expect(n['comment.created']).toBe(counts.comments);
    // Every vote row was cast once; some were later changed or withdrawn, and a merge drops the
    // votes of people who had voted on both ideas (its event says how many).
    const [merged] = await query<{ dropped: number }>(
      db(),
      sql`select coalesce(sum((payload->>'dropped')::int), 0)::int as dropped
          from events where type = 'idea.merged'`,
    );
    expect(n['vote.cast']! - (n['vote.withdrawn'] ?? 0) - merged!.dropped).toBe(counts.votes);
  });

  it('leaves a real moderation queue and its history in the audit log', async () => {
    const [state] = await query<{
      merged: number;
      hidden: number;
      queued: number;
      suspended: number;
    }>(
      db(),
      sql`select
        (select count(*)::int from ideas where status = 'merged') as merged,
        (select count(*)::int from ideas where status = 'hidden') as hidden,
        (select count(distinct (idea_id, coalesce(comment_id, 0)))::int from flags
           where resolved_at is null) as queued,
        (select count(*)::int from suspensions where ended_at is null) as suspended`,
    );
    expect(state).toEqual({ merged: 1, hidden: 1, queued: 2, suspended: 1 });
    const actions = await query<{ action: string }>(
      db(),
      sql`select distinct action::text from audit_log order by 1`,
    );
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'comment.deleted',
        'content.auto_hidden',
        'content.hidden',
        'flags.dismissed',
        'idea.merged',
        'user.suspended',
      ]),
    );
  });

  it('keeps every idea’s support and oppose counts equal to its rows in votes', async () => {
    const mismatched = await query(
      db(),
      sql`select i.id, i.support_count, i.oppose_count,
                 count(v.*) filter (where v.value = 1) as support, count(v.*) filter (where v.value = -1) as oppose
          from ideas i left join votes v on v.idea_id = i.id
          group by i.id
          having i.support_count <> count(v.*) filter (where v.value = 1)
              or i.oppose_count <> count(v.*) filter (where v.value = -1)`,
    );
    expect(mismatched).toEqual([]);
  });

  it('keeps every idea’s comment count equal to its comments that are not deleted', async () => {
    const mismatched = await query(
      db(),
      sql`select i.id, i.comment_count, count(c.*) filter (where c.deleted_at is null) as live
          from ideas i left join comments c on c.idea_id = i.id
          group by i.id
          having i.comment_count <> count(c.*) filter (where c.deleted_at is null)`,
    );
    expect(mismatched).toEqual([]);
    const deleted = await one<{ n: number }>(
      db(),
      sql`select count(*)::int as n from comments where deleted_at is not null`,
    );
    expect(deleted.n).toBeGreaterThanOrEqual(1);
  });

  it('writes content in English, Spanish and Italian, with tags, Markdown and ideas that build on others', async () => {
    const langs = await query<{ language: string }>(
      db(),
      sql`select distinct language from challenges order by language`,
    );
    expect(langs.map((l) => l.language)).toEqual(['en', 'es', 'it']);
    const untagged = await one<{ n: number }>(
      db(),
      sql`select (select count(*) from challenges where cardinality(tags) = 0) + (select count(*) from ideas where cardinality(tags) = 0) as n`,
    );
    expect(Number(untagged.n)).toBe(0);
    const markdown = await one<{ briefs: number; bodies: number }>(
      db(),
      sql`select (select count(*)::int from challenges where brief like '%**%' and brief ~ '\\n(- |1\\. )') as briefs,
                 (select count(*)::int from ideas where body like '%**%') as bodies`,
    );
    expect(markdown.briefs).toBeGreaterThanOrEqual(4);
    expect(markdown.bodies).toBeGreaterThanOrEqual(5);
    const buildsOn = await one<{ n: number; crossChallenge: number }>(
      db(),
      sql`select count(*)::int as n, count(*) filter (where b.challenge_id <> i.challenge_id)::int as "crossChallenge"
          from ideas i join ideas b on b.id = i.builds_on_id`,
    );
    expect(buildsOn.n).toBeGreaterThanOrEqual(3);
    expect(buildsOn.crossChallenge).toBe(0);
    const criteria = await one<{ n: number }>(
      db(),
      sql`select count(*)::int as n from challenges where jsonb_array_length(criteria) >= 3 and reward_points > 0 and reward_description <> ''`,
    );
    expect(criteria.n).toBe((await tableCounts(db())).challenges);
  });

  it('makes demo_owner the owner of Verdana Home, gives a brand a manager, and lets demo_prosumer write and vote', async () => {
    const owner = await one<{ handle: string }>(
      db(),
      sql`select u.handle from brand_members m join users u on u.id = m.user_id
          join brands b on b.id = m.brand_id where m.role = 'owner' and b.name = 'Verdana Home'`,
    );
    expect(owner.handle).toBe('demo_owner');
    const managers = await one<{ n: number }>(
      db(),
      sql`select count(*)::int as n from brand_members where role = 'manager'`,
    );
    expect(managers.n).toBeGreaterThanOrEqual(1);
    const prosumer = await one<{ ideas: number; votes: number; role: string }>(
      db(),
      sql`select u.role,
                 (select count(*)::int from ideas i where i.author_id = u.id) as ideas,
                 (select count(*)::int from votes v where v.user_id = u.id) as votes
          from users u where u.handle = 'demo_prosumer'`,
    );
    expect(prosumer.role).toBe('prosumer');
    expect(prosumer.ideas).toBeGreaterThanOrEqual(2);
    expect(prosumer.votes).toBeGreaterThanOrEqual(5);
    const roles = await query<{ handle: string; role: string }>(
      db(),
      sql`select handle, role from users where handle in ('demo_moderator', 'demo_admin') order by handle`,
    );
    expect(roles).toEqual([
      { handle: 'demo_admin', role: 'admin' },
      { handle: 'demo_moderator', role: 'moderator' },
    ]);
  });

  it('spreads activity over past weeks in a believable order, and nothing in the future', async () => {
    const now = NOW.toISOString();
    const problems = await one<Record<string, number>>(
      db(),
      sql`select
        (select count(*)::int from ideas where created_at > ${now}::timestamptz or last_activity_at > ${now}::timestamptz
           or last_activity_at < created_at or updated_at < created_at) as ideas_out_of_order,
        (select count(*)::int from votes v join ideas i on i.id = v.idea_id
           where v.created_at < i.created_at or v.updated_at < v.created_at or v.updated_at > ${now}::timestamptz
              or i.last_activity_at < v.updated_at) as votes_out_of_order,
        (select count(*)::int from comments c join ideas i on i.id = c.idea_id
           where c.created_at < i.created_at or c.created_at > ${now}::timestamptz or c.deleted_at < c.created_at) as comments_out_of_order,
        (select count(*)::int from comments c join comments p on p.id = c.parent_id where c.created_at < p.created_at) as replies_before_parent,
        (select count(*)::int from ideas i join challenges c on c.id = i.challenge_id
           where i.created_at < c.opens_at or (c.stage <> 'open' and i.created_at >= c.voting_at)) as ideas_outside_open_stage,
        (select count(*)::int from votes v join ideas i on i.id = v.idea_id join challenges c on c.id = i.challenge_id
           where c.stage in ('review', 'awarded', 'archived') and v.updated_at >= c.review_at) as votes_after_voting_closed,
        (select count(*)::int from challenges where stage <> 'draft' and created_at >= opens_at) as challenges_created_after_opening,
        (select count(*)::int from challenges where not (opens_at < voting_at and voting_at < review_at and review_at < awarded_at)) as challenge_dates_out_of_order,
        (select count(*)::int from users u where u.created_at > least(
           (select min(created_at) from ideas where author_id = u.id),
           (select min(created_at) from votes where user_id = u.id),
           (select min(created_at) from comments where author_id = u.id),
           (select min(created_at) from challenges where created_by = u.id),
           (select min(created_at) from brands where created_by = u.id))) as users_joined_after_acting,
        (select count(*)::int from brands b where b.created_at > (select min(created_at) from challenges where brand_id = b.id)) as brands_after_their_challenges`,
    );
    expect(problems).toEqual(Object.fromEntries(Object.keys(problems).map((k) => [k, 0])));

    const spread = await one<{ oldest_days: number; recent_votes: number; distinct_days: number }>(
      db(),
      sql`select extract(day from ${now}::timestamptz - (select min(created_at) from ideas))::int as oldest_days,
                 (select count(*)::int from votes where updated_at > ${now}::timestamptz - interval '7 days') as recent_votes,
                 (select count(distinct date_trunc('day', created_at))::int from ideas) as distinct_days`,
    );
    expect(spread.oldest_days).toBeGreaterThanOrEqual(28);
    expect(spread.recent_votes).toBeGreaterThan(0);
    expect(spread.distinct_days).toBeGreaterThanOrEqual(20);
  });

  it('plays a history over weeks: events on more than 20 days, each at the moment of the row it records', async () => {
    const now = NOW.toISOString();
    const span = await one<{ days: number; future: number }>(
      db(),
      sql`select count(distinct date_trunc('day', created_at))::int as days,
                 count(*) filter (where created_at > ${now}::timestamptz)::int as future
          from events`,
    );
    expect(span.days).toBeGreaterThan(20);
    expect(span.future).toBe(0);

    const mismatches = await one<Record<string, number>>(
      db(),
      sql`select
        (select count(*)::int from users u join events e on e.type = 'user.joined' and e.subject_user_id = u.id
           where e.created_at <> u.created_at) as users,
        (select count(*)::int from brands b join events e on e.type = 'brand.created' and e.brand_id = b.id
           where e.created_at <> b.created_at) as brands,
        (select count(*)::int from challenges c join events e on e.type = 'challenge.created' and e.challenge_id = c.id
           where e.created_at <> c.created_at) as challenges,
        (select count(*)::int from challenges c
           where c.stage <> 'draft' and c.stage_changed_at <> (select max(e.created_at) from events e
             where e.type = 'challenge.stage_changed' and e.challenge_id = c.id)) as stage_moves,
        (select count(*)::int from ideas i join events e on e.type = 'idea.created' and e.idea_id = i.id
           where e.created_at <> i.created_at) as ideas,
        (select count(*)::int from comments c join events e on e.type = 'comment.created' and e.comment_id = c.id
           where e.created_at <> c.created_at) as comments,
        (select count(*)::int from votes v
           where v.updated_at <> (select max(e.created_at) from events e
             where e.type like 'vote.%' and e.idea_id = v.idea_id and e.actor_id = v.user_id)) as votes,
        (select count(*)::int from notifications n join events e on e.id = n.event_id
           where n.created_at <> e.created_at) as notifications`,
    );
    expect(mismatches).toEqual(Object.fromEntries(Object.keys(mismatches).map((k) => [k, 0])));

    // Ids follow time: the log reads in the order things happened.
    const outOfOrder = await one<{ n: number }>(
      db(),
      sql`select count(*)::int as n from (
            select created_at < lag(created_at) over (order by id) as earlier from events) x
          where earlier`,
    );
    expect(outOfOrder.n).toBe(0);

    const read = await one<{ old_unread: number; recent_unread: number }>(
      db(),
      sql`select count(*) filter (where read_at is null and created_at < ${now}::timestamptz - interval '7 days')::int as old_unread,
                 count(*) filter (where read_at is null and created_at >= ${now}::timestamptz - interval '7 days')::int as recent_unread
          from notifications`,
    );
    expect(read.old_unread).toBe(0);
    expect(read.recent_unread).toBeGreaterThan(0);
  });

  it('judges the challenges that reached review: scorecards, a shortlist, ranked winners and their rewards', async () => {
    const judged = await query<{
      stage: string;
      scorecards: number;
      shortlisted: number;
      winners: number;
      rewards: number;
      fulfilled: number;
      pool: number;
      paid: number;
    }>(
      db(),
      sql`select c.stage,
            (select count(*)::int from scorecards s where s.challenge_id = c.id and s.submitted_at is not null) as scorecards,
            (select count(*)::int from ideas i where i.challenge_id = c.id and i.status = 'shortlisted') as shortlisted,
            (select count(*)::int from ideas i where i.challenge_id = c.id and i.status = 'winner') as winners,
            (select count(*)::int from rewards r where r.challenge_id = c.id) as rewards,
            (select count(*)::int from rewards r where r.challenge_id = c.id and r.status = 'fulfilled') as fulfilled,
            c.reward_points as pool,
            (select coalesce(sum(r.points), 0)::int from rewards r where r.challenge_id = c.id) as paid
          from challenges c where c.stage in ('review', 'awarded', 'archived') order by c.stage`,
    );
    expect(judged.map((j) => j.stage).sort()).toEqual(['archived', 'awarded', 'review']);
    for (const j of judged) {
      expect(j.scorecards, j.stage).toBeGreaterThanOrEqual(3);
      if (j.stage === 'review') {
        expect(j.shortlisted).toBeGreaterThanOrEqual(3);
        expect(j.rewards).toBe(0);
      } else {
        expect(j.winners, j.stage).toBe(3);
        expect(j.rewards, j.stage).toBe(3);
        expect(j.paid, 'the whole pool, split by rank').toBe(j.pool);
        expect(j.fulfilled, j.stage).toBeGreaterThanOrEqual(1);
      }
    }
    // Every reward has its win and its points in the ledger, caused by its reward.granted event.
    const unpaid = await one<{ n: number }>(
      db(),
      sql`select count(*)::int as n from rewards r
          where not exists (select 1 from point_entries p join events e on e.id = p.event_id
            where p.reward_id = r.id and p.rule = 'winner' and e.type = 'reward.granted')
            or (r.points > 0 and not exists (select 1 from point_entries p
              where p.reward_id = r.id and p.rule = 'reward' and p.points = r.points))`,
    );
    expect(unpaid.n).toBe(0);
    const follows = await one<{ n: number }>(
      db(),
      sql`select count(*)::int as n from challenge_follows`,
    );
    expect(follows.n).toBeGreaterThan(5);
  });

  it('earns every reputation by the real rules: no total without its ledger, no entry without its event', async () => {
    expect(await cacheMismatches(db())).toEqual([]);
    const orphans = await one<{ entries: number; ruled: number; people: number }>(
      db(),
      sql`select
            (select count(*)::int from point_entries p where not exists (select 1 from events e where e.id = p.event_id)) as entries,
            (select count(distinct rule)::int from point_entries) as ruled,
            (select count(*)::int from reputation_totals where points > 0) as people`,
    );
    expect(orphans.entries).toBe(0);
    // Supports, opposes, builds-on, shortlists, wins and rewards all happened in the demo.
    expect(orphans.ruled).toBeGreaterThanOrEqual(7);
    expect(orphans.people).toBeGreaterThanOrEqual(15);
    // Some people earned the oppose privilege and used it; the cap left its mark on nobody's day.
    const opposers = await one<{ n: number }>(
      db(),
      sql`select count(distinct user_id)::int as n from point_entries where rule = 'opposeCast'`,
    );
    expect(opposers.n).toBeGreaterThan(0);
    const overCap = await one<{ n: number }>(
      db(),
      sql`select count(*)::int as n from reputation_daily where vote_gain > 200`,
    );
    expect(overCap.n).toBe(0);
  });

  it('fills every brand’s community: participants kept from the log, a mix of consents, a saved segment', async () => {
    const columns = sql`brand_id, user_id, ideas, votes, comments, shortlists, wins,
      ${sql.raw(`(extract(epoch from first_active_at) * 1000)::bigint::text as first_at,
      (extract(epoch from last_active_at) * 1000)::bigint::text as last_at`)}`;
    const kept = await query(
      db(),
      sql`select ${columns} from brand_participants order by brand_id, user_id`,
    );
    expect(kept.length).toBeGreaterThan(30);
    // The consumer's rows are what a rebuild from the source tables gives.
    await rebuildParticipants(db());
    expect(
      await query(db(), sql`select ${columns} from brand_participants order by brand_id, user_id`),
    ).toEqual(kept);
    const levels = await query<{ level: string; n: number }>(
      db(),
      sql`select level::text, count(*)::int as n from brand_consents group by level`,
    );
    const byLevel = Object.fromEntries(levels.map((l) => [l.level, l.n]));
    expect(byLevel.profile).toBeGreaterThanOrEqual(5);
    expect(byLevel.activity).toBeGreaterThanOrEqual(5);
    expect(byLevel.none).toBeGreaterThanOrEqual(1);
    const consentEvents = await one<{ n: number }>(
      db(),
      sql`select count(*)::int as n from events where type = 'consent.changed'`,
    );
    expect(consentEvents.n).toBe((byLevel.profile ?? 0) + (byLevel.activity ?? 0));
    const perBrand = await query<{ name: string; segments: number; listed: number }>(
      db(),
      sql`select b.name,
            (select count(*)::int from community_segments s where s.brand_id = b.id) as segments,
            (select count(*)::int from brand_participants bp join brand_consents c
              on c.user_id = bp.user_id and c.brand_id = bp.brand_id
              where bp.brand_id = b.id and c.level in ('activity', 'profile')) as listed
          from brands b order by b.name`,
    );
    for (const brand of perBrand) {
      expect(brand.segments, brand.name).toBe(1);
      expect(brand.listed, brand.name).toBeGreaterThanOrEqual(3);
    }
  });

  it('writes intents in three languages with offers from the demo brands, one accepted and its contact released to that brand only', async () => {
    const rows = await query<{ language: string; status: string; offers: number }>(
      db(),
      sql`select i.language, i.status::text,
            (select count(*)::int from intent_offers o where o.intent_id = i.id) as offers
          from intents i order by i.id`,
    );
    expect(new Set(rows.map((r) => r.language))).toEqual(new Set(['en', 'es', 'it']));
    expect(rows.map((r) => r.status).sort()).toEqual([
      'closed',
      'draft',
      'published',
      'published',
      'published',
    ]);
    const offers = await query<{ brand: string; status: string }>(
      db(),
      sql`select b.name as brand, o.status::text from intent_offers o join brands b on b.id = o.brand_id order by o.id`,
    );
    expect(new Set(offers.map((o) => o.brand))).toEqual(
      new Set(['Hoteles Brisa', 'Pastificio Aurora', 'Verdana Home']),
    );
    expect(offers.filter((o) => o.status === 'accepted')).toEqual([
      { brand: 'Hoteles Brisa', status: 'accepted' },
    ]);
    const thread = await one<{ n: number }>(
      db(),
      sql`select count(*)::int as n from intent_messages`,
    );
    expect(thread.n).toBe(2);
    // Through the brand's own read: Brisa sees the contact email of the intent it won, Verdana
    // (which offered on another of the same author's intents) does not see it on its own.
    const { intentForBrand } = await import('#app/domain/intents/queries.server');
    const members = await query<{ slug: string; user_id: string; intent_id: number }>(
      db(),
      sql`select b.slug, m.user_id, o.intent_id from intent_offers o
          join brands b on b.id = o.brand_id
          join brand_members m on m.brand_id = b.id and m.role = 'owner'
          order by o.id`,
    );
    for (const m of members) {
      const view = await intentForBrand(db(), {
        actor: { id: m.user_id, role: 'prosumer' },
        brandSlug: m.slug,
        intentId: m.intent_id,
      });
      if (m.slug === 'hoteles-brisa') expect(view.contactEmail).toBe('demo.prosumer@example.com');
      else expect(view.contactEmail).toBeNull();
    }
  });

  it('lets every seeded account sign in with the demo password', async () => {
    const everyone = await query<{ handle: string; email: string }>(
      db(),
      sql`select handle, email from users order by handle`,
    );
    for (const { handle } of everyone) {
      const user = await verifyCredentials(db(), { login: handle, password: seeded!.password });
      expect(user.handle).toBe(handle);
    }
    const prosumer = everyone.find((u) => u.handle === 'demo_prosumer')!;
    const byEmail = await verifyCredentials(db(), {
      login: prosumer.email,
      password: DEMO_PASSWORD,
    });
    expect(byEmail.handle).toBe('demo_prosumer');
    for (const login of seeded!.logins)
      expect(everyone.map((u) => u.handle)).toContain(login.handle);
    await expect(
      verifyCredentials(db(), { login: 'demo_prosumer', password: 'not the password' }),
    ).rejects.toThrow(/do not match/);
  });

  it('returns null and changes nothing when the database already has users', async () => {
    const before = await tableCounts(db());
    await expect(seedIfEmpty(db())).resolves.toBeNull();
    expect(await tableCounts(db())).toEqual(before);
  });

  it(
    'rolls a failed seed back completely, so the next start seeds the same data again',
    async () => {
      const other = await createTestDatabase();
      try {
        // Let users, brands and the first challenge through, then fail on the first idea.
        await other.db.execute(
          sql.raw(
            `create function refuse_ideas() returns trigger language plpgsql as $$ begin raise exception 'no ideas today'; end $$`,
          ),
        );
        await other.db.execute(
          sql.raw(
            `create trigger refuse_ideas before insert on ideas for each row execute function refuse_ideas()`,
          ),
        );
        await expect(seedIfEmpty(other.db, { now: NOW })).rejects.toThrow(
          /failed while writing the idea ".+", and was rolled back, so the database is still empty: no ideas today$/,
        );
        expect(Object.values(await tableCounts(other.db)).every((n) => n === 0)).toBe(true);

        await other.db.execute(sql.raw(`drop trigger refuse_ideas on ideas`));
        await expect(seedIfEmpty(other.db, { now: NOW })).resolves.not.toBeNull();
        expect(await fingerprint(other.db)).toEqual(await fingerprint(db()));
      } finally {
        await other.close();
      }
    },
    SEED_TIMEOUT,
  );
});
