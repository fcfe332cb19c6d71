// The reputation ledger: append-only point entries, written by the reputation reactions in the
// transaction of the event that caused them. Totals (per person, brand, challenge and UTC day) are
// kept from it by a trigger (migration 0009); nothing here updates or deletes an entry.
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../db/client.server';
import { pointEntries, type Event, type PointEntry } from '../../../db/schema';
import { RULES, pointsGiven, utcDay, type Rule } from './rules';

/** What an entry links to: what earned it, and who caused it when someone other than its owner did. */
export type EntryLinks = {
  brandId?: number | null;
  challengeId?: number | null;
  ideaId?: number | null;
  commentId?: number | null;
  rewardId?: number | null;
  causeUserId?: string | null;
};

export type NewEntry = EntryLinks & {
  userId: string;
  rule: Rule;
  /** The event that caused it, already appended: the entry takes its id and its time. */
  event: Pick<Event, 'id' | 'createdAt'>;
  /** What a 'reward' entry is worth (the rules' entries are worth what RULES says). */
  nominal?: number;
};

function nominalOf(rule: Rule, nominal: number | undefined): number {
  if (rule === 'reward') {
    if (nominal === undefined || !Number.isSafeInteger(nominal) || nominal < 0)
      throw new Error(`addEntry: a reward is a whole number of points, 0 or more: ${nominal}`);
    return nominal;
  }
  if (nominal !== undefined && nominal !== RULES[rule].points)
    throw new Error(`addEntry: ${rule} is worth ${RULES[rule].points}, not ${nominal}`);
  return RULES[rule].points;
}

/**
 * Locks the person's total, then their row of the day, and reads what votes already gave them that
 * day, in one statement: concurrent gains for one person then pass the cap one after another, each
 * reading what the previous one gave (the entry's insert updates this same row through the
 * trigger). The total comes first because every writer of a person's entries locks it first (the
 * trigger, migration 0009): it is their one lock order, whatever days their entries count on.
 */
async function lockVoteGain(tx: Db, userId: string, day: string, at: Date): Promise<number> {
  const [row] = rowsOf<{ vote_gain: number }>(
    await tx.execute(sql`
      with total as (
        insert into reputation_totals as t (user_id, points, updated_at)
        values (${userId}, 0, ${at.toISOString()}::timestamptz)
        on conflict (user_id) do update set points = t.points
        returning 1
      )
      insert into reputation_daily as d (user_id, day)
      select ${userId}, ${day}::date from total
      on conflict (user_id, day) do update set vote_gain = d.vote_gain
      returning d.vote_gain`),
  );
  return Number(row!.vote_gain);
}

/**
 * Writes one entry for a rule. A gain from votes gives what the daily cap leaves (possibly 0) and
 * records both what the rule is worth (`nominal`) and what it gave (`points`), so a later reversal
 * takes back exactly what was given; everything else gives its worth in full.
 */
export async function addEntry(
  tx: Db,
  { userId, rule, event, nominal: rewardPoints, ...links }: NewEntry,
): Promise<PointEntry> {
  const nominal = nominalOf(rule, rewardPoints);
  const fromVotes = rule !== 'reward' && RULES[rule].fromVotes;
  const day = utcDay(event.createdAt);
  const points =
    fromVotes && nominal > 0
      ? pointsGiven(nominal, await lockVoteGain(tx, userId, day, event.createdAt), true)
      : nominal;
  const [entry] = await tx
    .insert(pointEntries)
    .values({
      userId,
      rule,
      nominal,
      points,
      fromVotes: fromVotes ? 1 : 0,
      day,
      eventId: event.id,
      ...links,
      createdAt: event.createdAt,
    })
    .returning();
  return entry!;
}

/**
 * Takes an entry back with a compensating one: minus what it was worth and minus what it gave,
 * same rule, links and UTC day (so the day's cap gets back exactly what the entry used). An entry
 * is reversed at most once (point_entries_reverses_key): a second reversal is refused.
 */
export async function reverseEntry(
  tx: Db,
  entry: PointEntry,
  event: Pick<Event, 'id' | 'createdAt'>,
): Promise<PointEntry> {
  if (entry.reversesId !== null) throw new Error(`reverseEntry: entry ${entry.id} is a reversal`);
  const [reversal] = await tx
    .insert(pointEntries)
    .values({
      userId: entry.userId,
      rule: entry.rule,
      nominal: -entry.nominal,
      points: -entry.points,
      fromVotes: entry.fromVotes,
      day: entry.day,
      eventId: event.id,
      reversesId: entry.id,
      brandId: entry.brandId,
      challengeId: entry.challengeId,
      ideaId: entry.ideaId,
      commentId: entry.commentId,
      rewardId: entry.rewardId,
      causeUserId: entry.causeUserId,
      createdAt: event.createdAt,
    })
    .returning();
  return reversal!;
}

/** Entries neither reversed nor themselves reversals: what still counts and could be taken back. */
const isOpen = sql`${pointEntries.reversesId} is null and not exists (
  select 1 from point_entries r where r.reverses_id = ${pointEntries.id})`;

/** One person's open entries for a rule on an idea, further narrowed by `which`, oldest first. */
function openOf(tx: Db, key: { userId: string; rule: Rule; ideaId: number }, which: SQL) {
  return tx
    .select()
    .from(pointEntries)
    .where(
      and(
        eq(pointEntries.userId, key.userId),
        eq(pointEntries.rule, key.rule),
        eq(pointEntries.ideaId, key.ideaId),
        which,
        isOpen,
      ),
    )
    .orderBy(pointEntries.id);
}

/**
 * The open entries of one person for a rule on an idea, caused by `causeUserId` (null: by nobody
 * else), oldest first: what a vote, a shortlist gave and its withdrawal takes back.
 */
export function openEntries(
  tx: Db,
  key: { userId: string; rule: Rule; ideaId: number; causeUserId: string | null },
): Promise<PointEntry[]> {
  return openOf(
    tx,
    key,
    key.causeUserId === null
      ? isNull(pointEntries.causeUserId)
      : eq(pointEntries.causeUserId, key.causeUserId),
  );
}

/**
 * The open entries of one person for a rule on one idea (commentId null) or on one of its comments:
 * an idea's entry and its comments' entries are told apart, so restoring a comment never takes
 * back what hiding the idea cost (content.hidden / content.restored).
 */
export function openItemEntries(
  tx: Db,
  key: { userId: string; rule: Rule; ideaId: number; commentId: number | null },
): Promise<PointEntry[]> {
  return openOf(
    tx,
    key,
    key.commentId === null
      ? isNull(pointEntries.commentId)
      : eq(pointEntries.commentId, key.commentId),
  );
}

/** The open entries a reward gave (its win and its points): what revoking it takes back. */
export function openRewardEntries(tx: Db, rewardId: number): Promise<PointEntry[]> {
  return tx
    .select()
    .from(pointEntries)
    .where(and(eq(pointEntries.rewardId, rewardId), isOpen))
    .orderBy(pointEntries.userId, pointEntries.id);
}
