// The measures badges are thresholds on (app/domain/badges/catalog.ts), counted AS OF an event: from
// rows created at or before the event's time and the event log up to it, so replaying old history
// (the backfill on first start) earns each badge on the day it was really earned. Each is one
// indexed query on one person's rows (ideas_author_idx, comments_author_idx, comments_parent_idx,
// events_actor_idx, events_subject_idx, point_entries_user_idx).
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../db/client.server';
import type { Event } from '../../../db/schema';
import { reputationOf } from '#app/domain/reputation/rules';
import { MEASURES, type MeasureKey } from './catalog';

type Measure = {
  /** The person the event moves this measure for, or null when it moves nobody's. */
  person(tx: Db, event: Event): Promise<string | null>;
  /** The measure's value for that person right after the event. */
  value(tx: Db, userId: string, event: Event): Promise<number>;
};

async function one(tx: Db, query: ReturnType<typeof sql>): Promise<number> {
  const [row] = rowsOf<{ n: number | string | null }>(await tx.execute(query));
  return Number(row?.n ?? 0);
}

const actor = async (_tx: Db, event: Event) => event.actorId;
const subject = async (_tx: Db, event: Event) => event.subjectUserId;
const DAY_MS = 86_400_000;
/** An event this recent is measured from the person's current totals back (see `reputation`). */
const RECENT_MS = 60 * 60_000;

/** A time as a query parameter (text cast in SQL: both drivers read it the same way). */
const stamp = (at: Date) => sql`${at.toISOString()}::timestamptz`;
/** The event's time: everything counted happened at or before it. */
const asOf = (event: Event) => stamp(event.createdAt);

/** The start of the UTC day `days` before the one `at` falls in. */
function utcDayStart(at: Date, days = 0): Date {
  const start = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  return new Date(start - days * DAY_MS);
}

/** Events of `type` whose subject is the person, up to the event's time. */
const subjectEvents = (type: string, userId: string, event: Event, extra = sql``) => sql`
  select count(*) as n from events e
  where e.subject_user_id = ${userId} and e.type = ${type} and e.created_at <= ${asOf(event)}
  ${extra}`;

export const MEASURE_IMPLEMENTATIONS: Record<MeasureKey, Measure> = {
  ideas: {
    person: actor,
    value: (tx, userId, event) =>
      one(
        tx,
        sql`select count(*) as n from ideas
            where author_id = ${userId} and created_at <= ${asOf(event)}`,
      ),
  },
  votesCast: {
    person: actor,
    value: (tx, userId, event) =>
      one(
        tx,
        sql`select count(distinct idea_id) as n from events
            where actor_id = ${userId} and type = 'vote.cast' and created_at <= ${asOf(event)}`,
      ),
  },
  comments: {
    person: actor,
    value: (tx, userId, event) =>
      one(
        tx,
        sql`select count(*) as n from comments
            where author_id = ${userId} and created_at <= ${asOf(event)}`,
      ),
  },
  ideaSupporters: {
    person: async (_tx, event) =>
      typeof event.payload.supportCount === 'number' ? event.subjectUserId : null,
    // The vote event carries the idea's counts right after it.
    value: async (_tx, _userId, event) => Number(event.payload.supportCount) || 0,
  },
  builtOn: {
    person: async (_tx, event) =>
      event.subjectUserId && event.subjectUserId !== event.actorId ? event.subjectUserId : null,
    value: (tx, userId, event) =>
      one(
        tx,
        subjectEvents(
          'idea.created',
          userId,
          event,
          sql`and e.actor_id is distinct from ${userId}`,
        ),
      ),
  },
  commentReplies: {
    // The author of the comment replied to (who is not the one replying).
    person: async (tx, event) => {
      const parentId = event.payload.parentId;
      if (typeof parentId !== 'number' || !event.actorId) return null;
      const [row] = rowsOf<{ author_id: string }>(
        await tx.execute(sql`select author_id from comments where id = ${parentId}`),
      );
      return row && row.author_id !== event.actorId ? row.author_id : null;
    },
    value: (tx, userId, event) =>
      one(
        tx,
        sql`select count(*) as n from comments
            where parent_id = ${Number(event.payload.parentId)} and author_id <> ${userId}
              and created_at <= ${asOf(event)}
              and (deleted_at is null or deleted_at > ${asOf(event)})`,
      ),
  },
  shortlists: {
    person: subject,
    value: (tx, userId, event) => one(tx, subjectEvents('idea.shortlisted', userId, event)),
  },
  wins: {
    person: subject,
    // Rewards granted up to the event and not revoked by then.
    value: (tx, userId, event) =>
      one(
        tx,
        subjectEvents(
          'reward.granted',
          userId,
          event,
          sql`and not exists (
            select 1 from events r
            where r.subject_user_id = ${userId} and r.type = 'reward.revoked'
              and r.payload->>'rewardId' = e.payload->>'rewardId'
              and r.created_at <= ${asOf(event)})`,
        ),
      ),
  },
  activeDays: {
    person: actor,
    // Only the last seven days are read: a streak of 7 is all a badge asks for.
    value: async (tx, userId, event) => {
      const days = await tx.execute(sql`
        select distinct (created_at at time zone 'UTC')::date::text as day from events
        where actor_id = ${userId} and created_at >= ${stamp(utcDayStart(event.createdAt, 6))}
          and created_at <= ${asOf(event)}`);
      const active = new Set(rowsOf<{ day: string }>(days).map((r) => r.day));
      let streak = 0;
      while (
        streak < 7 &&
        active.has(utcDayStart(event.createdAt, streak).toISOString().slice(0, 10))
      )
        streak++;
      return streak;
    },
  },
  reputation: {
    person: subject,
    // The ledger's sum up to the event. For an event of the last hour (the consumer keeping up)
    // that is the person's total (reputation_totals, the sum of all their entries, kept by a
    // trigger) less the few entries after it: summing a popular author's whole ledger on every
    // vote they receive grew with every vote (thousands of rows per vote on one hot idea).
    // Replaying history, the entries before the event are the few ones.
    value: async (tx, userId, event) =>
      reputationOf(
        await one(
          tx,
          Date.now() - event.createdAt.getTime() < RECENT_MS
            ? sql`select coalesce((select points from reputation_totals where user_id = ${userId}), 0)
                - coalesce((select sum(points) from point_entries
                    where user_id = ${userId} and created_at > ${asOf(event)}), 0) as n`
            : sql`select coalesce(sum(points), 0) as n from point_entries
                where user_id = ${userId} and created_at <= ${asOf(event)}`,
        ),
      ),
  },
};

/** The measures an event of this type can move. */
export function measuresFor(type: string): MeasureKey[] {
  return (Object.keys(MEASURES) as MeasureKey[]).filter((m) => {
    const events: readonly string[] | 'any' = MEASURES[m].events;
    return events === 'any' || events.includes(type);
  });
}
