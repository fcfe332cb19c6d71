// The demo's moderation history, played through the real commands after the rest of the seed, in
// the hours before `now`: a spam idea that three people flag (hidden by itself, then upheld by the
// moderator, who suspends the spammer), a duplicate merged into its original with its votes, a flag
// dismissed, and a few flagged items left in the queue, so a new moderator finds a real queue and an
// audit log with entries.
import { and, asc, eq, gte, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.server';
import { brandMembers, comments, ideas, reputationTotals, users, votes } from '../db/schema';
import type { Actor } from '#app/domain/core/actor';
import type { TestClock } from '#app/domain/core/clock';
import { submitIdea } from '#app/domain/ideas/commands.server';
import { flagContent } from '#app/domain/moderation/flags.server';
import { mergeIdeas } from '#app/domain/moderation/merge.server';
import { dismissFlags, hideContent } from '#app/domain/moderation/queue.server';
import { suspendUser } from '#app/domain/moderation/suspensions.server';
import { PRIVILEGES } from '#app/domain/reputation/rules';
import { castVote } from '#app/domain/votes/commands.server';
import { HOUR, MINUTE } from './plan';

/** Where it happens: the open English challenge of the demo (Verdana's refill stations). */
const CHALLENGE = 'verdana/en/1';
const SPAMMER = 'deals_4u_uk';
const MODERATOR = 'demo_moderator';

export type ModerationSeedContext = {
  db: Db;
  clock: TestClock;
  actor: (handle: string) => Actor;
  /** The id of an idea or comment the seed wrote, by its key in the plan. */
  idea: (key: string) => number;
  comment: (key: string) => number;
};

/** One moderation action of the demo, at its moment (ms since the epoch). */
export type Scene = {
  at: number;
  what: string;
  run: (ctx: ModerationSeedContext) => Promise<void>;
};

/**
 * The scenes in time order. The seed plays each at its moment, among the steps of the plan, so the
 * log stays in time order; ids of what earlier scenes wrote are kept here between scenes.
 */
export function moderationScenes(nowMs: number): Scene[] {
  const ago = (ms: number) => nowMs - ms;
  const kept: { flaggers: Actor[]; spam?: number; duplicate?: number; checkoutFlaggers: Actor[] } =
    { flaggers: [], checkoutFlaggers: [] };
  const pick = (exclude: string[], n: number) => {
    const found = kept.flaggers.filter((f) => !exclude.includes(f.id)).slice(0, n);
    if (found.length < n) throw new Error(`the demo has fewer than ${n} people who may flag`);
    return found;
  };
  const scenes: Scene[] = [];
  const scene = (at: number, what: string, run: Scene['run']) => scenes.push({ at, what, run });

  // 1. A duplicate: the bottle deposit written again by someone else, with a few votes of its own
  //    (one from a person who had supported the original too), flagged, and merged into it.
  scene(ago(30 * HOUR), 'a duplicate idea is written', async ({ db, clock, actor, idea }) => {
    // People who may flag (15+ reputation), neither staff of a brand nor of the site, in a fixed
    // order: the seed writes the same data every time. Read once reputation has been earned.
    kept.flaggers = await eligibleFlaggers(db);
    const duplicate = await submitIdea(db, {
      actor: actor('tom_adeyemi'),
      challengeId: await challengeOf(db, idea(`${CHALLENGE}/deposit`)),
      idea: {
        title: 'Pay a deposit on the bottle, get it back at the till',
        body: 'Put a small deposit on every full bottle. Bring the empty one back to any till and get the deposit back. The shop returns the empties for refilling.',
        tags: ['deposit'],
        buildsOnId: null,
      },
      clock,
    });
    kept.duplicate = duplicate.id;
  });
  for (let i = 0; i < 3; i++)
    scene(ago(29 * HOUR - i * 40 * MINUTE), 'a vote on the duplicate', async (ctx) => {
      const original = ctx.idea(`${CHALLENGE}/deposit`);
      const author = ctx.actor('tom_adeyemi').id;
      const onOriginal = await votersOf(ctx.db, original);
      const originalAuthor = await authorOf(ctx.db, original);
      // The first voter supported the original too; the others did not.
      const candidates = kept.flaggers.filter(
        (f) =>
          f.id !== author && f.id !== originalAuthor && (i === 0) === onOriginal.includes(f.id),
      );
      const voter = candidates[i === 0 ? 0 : i - 1];
      if (!voter) return;
      await castVote(ctx.db, { actor: voter, ideaId: kept.duplicate!, value: 1, clock: ctx.clock });
    });
  scene(ago(22 * HOUR), 'the duplicate is flagged', async ({ db, clock, actor, idea }) => {
    const original = idea(`${CHALLENGE}/deposit`);
    const [flagger] = pick([actor('tom_adeyemi').id, await authorOf(db, original)], 1);
    await flagContent(db, {
      actor: flagger!,
      ideaId: kept.duplicate!,
      reason: 'duplicate',
      duplicateOfId: original,
      note: '',
      clock,
    });
  });
  scene(ago(20 * HOUR), 'the duplicate is merged', async ({ db, clock, actor, idea }) => {
    await mergeIdeas(db, {
      actor: actor(MODERATOR),
      fromId: kept.duplicate!,
      intoId: idea(`${CHALLENGE}/deposit`),
      reason:
        'The same idea as the bottle deposit at the till: its votes and discussion are there now.',
      clock,
    });
  });

  // 2. A flag dismissed: a genuine idea reported as spam.
  scene(ago(9 * HOUR), 'a genuine idea is flagged as spam', async ({ db, clock, idea }) => {
    const receipt = idea(`${CHALLENGE}/receipt`);
    const [mistaken] = pick([await authorOf(db, receipt)], 3).slice(-1);
    await flagContent(db, { actor: mistaken!, ideaId: receipt, reason: 'spam', note: '', clock });
  });
  scene(ago(8 * HOUR), 'the mistaken flag is dismissed', async ({ db, clock, actor, idea }) => {
    await dismissFlags(db, {
      actor: actor(MODERATOR),
      item: { kind: 'idea', id: idea(`${CHALLENGE}/receipt`) },
      reason: 'A genuine idea about reminders on the receipt; not spam.',
      clock,
    });
  });

  // 3. Spam: an advertisement posted as an idea; three flags hide it at once, the moderator upholds
  //    the flags and suspends the spammer.
  scene(ago(5 * HOUR), 'spam is posted as an idea', async ({ db, clock, actor, idea }) => {
    const spam = await submitIdea(db, {
      actor: actor(SPAMMER),
      challengeId: await challengeOf(db, idea(`${CHALLENGE}/deposit`)),
      idea: {
        title: 'CHEAP CLEANING DEALS EVERY DAY - 70% OFF',
        body: 'Why refill when you can buy cheap? Visit cheap-clean-deals dot com and use code SAVE70 for 70% off every cleaning brand!!!',
        tags: ['deals'],
        buildsOnId: null,
      },
      clock,
    });
    kept.spam = spam.id;
  });
  for (let i = 0; i < 3; i++)
    scene(ago(4 * HOUR + (50 - i * 10) * MINUTE), 'the spam is flagged', async (ctx) => {
      const flagger = pick([ctx.actor(SPAMMER).id], 3)[i]!;
      await flagContent(ctx.db, {
        actor: flagger,
        ideaId: kept.spam!,
        reason: 'spam',
        note: i === 0 ? 'An advert for another shop, not an idea.' : '',
        clock: ctx.clock,
      });
    });
  scene(ago(4 * HOUR), 'the moderator upholds the flags', async ({ db, clock, actor }) => {
    await hideContent(db, {
      actor: actor(MODERATOR),
      item: { kind: 'idea', id: kept.spam! },
      reason: 'Advertising for another shop: not an idea for this challenge.',
      clock,
    });
  });
  scene(ago(3 * HOUR + 55 * MINUTE), 'the spammer is suspended', async ({ db, clock, actor }) => {
    await suspendUser(db, {
      actor: actor(MODERATOR),
      userId: actor(SPAMMER).id,
      days: 30,
      reason: 'Posted advertising twice in the refill challenge (a comment and an idea).',
      clock,
    });
  });

  // 4. Left for review: an idea with two flags and a comment with one.
  const checkoutFlag = (i: number, reason: 'off_topic' | 'other', note: string) =>
    scene(ago((3 - i) * HOUR), 'an idea is flagged', async ({ db, clock, idea }) => {
      const checkout = idea(`${CHALLENGE}/checkout`);
      kept.checkoutFlaggers = pick([await authorOf(db, checkout)], 2);
      await flagContent(db, {
        actor: kept.checkoutFlaggers[i]!,
        ideaId: checkout,
        reason,
        note,
        clock,
      });
    });
  checkoutFlag(0, 'off_topic', 'This is about the tills, not about the refill stations.');
  checkoutFlag(1, 'other', 'Looks like an advert for a payment app.');
  scene(ago(40 * MINUTE), 'a comment is flagged', async ({ db, clock, idea, comment }) => {
    const beer = comment(`${CHALLENGE}/deposit/1`);
    const [flagger] = pick(
      [await commentAuthorOf(db, beer), ...kept.checkoutFlaggers.map((f) => f.id)],
      1,
    );
    await flagContent(db, {
      actor: flagger!,
      ideaId: idea(`${CHALLENGE}/deposit`),
      commentId: beer,
      reason: 'off_topic',
      note: '',
      clock,
    });
  });
  return scenes;
}

async function eligibleFlaggers(db: Db): Promise<Actor[]> {
  const staff = db.select({ id: brandMembers.userId }).from(brandMembers);
  return db
    .select({ id: users.id, role: users.role })
    .from(users)
    .innerJoin(reputationTotals, eq(reputationTotals.userId, users.id))
    .where(
      and(
        gte(reputationTotals.points, PRIVILEGES.flag),
        eq(users.role, 'prosumer'),
        notInArray(users.id, staff),
        sql`${users.handle} not like 'demo\\_%'`,
        sql`${users.handle} <> ${SPAMMER}`,
      ),
    )
    .orderBy(asc(users.handle));
}

async function ideaRow(db: Db, ideaId: number) {
  const [row] = await db
    .select({ challengeId: ideas.challengeId, authorId: ideas.authorId })
    .from(ideas)
    .where(eq(ideas.id, ideaId));
  if (!row) throw new Error(`the demo idea ${ideaId} is missing`);
  return row;
}

const challengeOf = async (db: Db, ideaId: number) => (await ideaRow(db, ideaId)).challengeId;
const authorOf = async (db: Db, ideaId: number) => (await ideaRow(db, ideaId)).authorId;

async function commentAuthorOf(db: Db, commentId: number): Promise<string> {
  const [row] = await db
    .select({ authorId: comments.authorId })
    .from(comments)
    .where(eq(comments.id, commentId));
  if (!row) throw new Error(`the demo comment ${commentId} is missing`);
  return row.authorId;
}

async function votersOf(db: Db, ideaId: number): Promise<string[]> {
  const rows = await db
    .select({ userId: votes.userId })
    .from(votes)
    .where(eq(votes.ideaId, ideaId));
  return rows.map((r) => r.userId);
}
