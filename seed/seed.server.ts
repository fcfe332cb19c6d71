// Seeds a fresh install with the demo: the content in seed/data played through the real domain
// commands, each at its own moment of a simulated clock, so rows, events and notifications carry a
// history over weeks exactly as real use would have written it.
import { eq, sql } from 'drizzle-orm';
import type { Actor } from '#app/domain/core/actor';
import { isDomainError } from '#app/domain/core/errors';
import { testClock } from '#app/domain/core/clock';
import { addManager, createBrand } from '#app/domain/brands/commands.server';
import { changeStage, createChallenge } from '#app/domain/challenges/commands.server';
import { challengeSchema } from '#app/domain/challenges/schema';
import { addComment, deleteComment } from '#app/domain/comments/commands.server';
import { saveSegment } from '#app/domain/community/commands.server';
import { setConsent } from '#app/domain/consent/commands.server';
import { submitIdea, withdrawIdea } from '#app/domain/ideas/commands.server';
import {
  awardChallenge,
  followChallenge,
  fulfilReward,
  saveScorecard,
  shortlistIdea,
} from '#app/domain/judging/commands.server';
import { markRead } from '#app/domain/notifications/commands.server';
import { TOPICS } from '#app/domain/notifications/preferences';
import { setTopics } from '#app/domain/notifications/preferences.server';
import { signUp } from '#app/domain/users/commands.server';
import { castVote } from '#app/domain/votes/commands.server';
import type { Db } from '../db/client.server';
import { rewards, users } from '../db/schema';
import { DEMO_PASSWORD, loadSeedContent, type SeedContent } from './content';
import { DAY, planSeed, type Ref, type Step } from './plan';
import { backfillCommunity } from '../jobs/community.server';
import { backfillInsights } from '../jobs/insights.server';
import { seedVisitors } from './visitors';
import { moderationScenes, type Scene } from './moderation';
import { intentScenes } from './intents';

export { DEMO_PASSWORD };

export const DEMO_LOGINS = [
  { role: 'prosumer', handle: 'demo_prosumer' },
  { role: 'brand owner', handle: 'demo_owner' },
  { role: 'moderator', handle: 'demo_moderator' },
  { role: 'admin', handle: 'demo_admin' },
] as const;

export type SeedResult = { password: string; logins: { role: string; handle: string }[] };

/**
 * Seeds the demo into a database that has no users yet. Returns null (and writes nothing) when
 * there is anyone in `users`. All of it runs in one transaction, so a failure leaves the database
 * empty rather than half-seeded; an advisory lock keeps two starting servers from both seeding.
 * The history ends at `options.now` (default: the current time): two runs with the same `now`
 * write identical data.
 */
export async function seedIfEmpty(
  db: Db,
  options: { now?: Date; content?: SeedContent } = {},
): Promise<SeedResult | null> {
  if (await hasUsers(db)) return null;
  // Read and checked before anything is written: a mistake in a file names the file.
  const content = options.content ?? loadSeedContent();
  const progress = { step: 'starting' };
  const now = options.now ?? new Date();
  let seeded: SeedResult | null;
  try {
    seeded = await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('cocrea.seed'))`);
      if (await hasUsers(tx)) return null;
      await play(tx, content, now, progress);
      return { password: DEMO_PASSWORD, logins: DEMO_LOGINS.map((l) => ({ ...l })) };
    });
  } catch (e) {
    throw new Error(
      `Seeding the demo data failed while ${progress.step}, and was rolled back, so the database is still empty: ${describeFailure(e)}`,
      { cause: e },
    );
  }
  // The community read model follows the log after commit (its consumer cannot read the seed's
  // own transaction); catch it up now, so the brands' community pages are filled at the first start.
  if (seeded) await backfillCommunity(db, { clock: { now: () => now } });
  // Likewise the brand dashboard's aggregates (jobs/insights.server.ts), then the demo's page visits.
  if (seeded) {
    await backfillInsights(db);
    await seedVisitors(db, now);
  }
  return seeded;
}

/** The root cause, not drizzle's "Failed query: <the whole statement>" wrapper, plus any field errors. */
function describeFailure(error: unknown) {
  let inner = error;
  for (let depth = 0; depth < 5; depth++) {
    const cause = (inner as { cause?: unknown } | null)?.cause;
    if (!cause) break;
    inner = cause;
  }
  const message = inner instanceof Error ? inner.message : String(inner);
  const fieldErrors = (error as { fieldErrors?: unknown } | null)?.fieldErrors;
  return fieldErrors ? `${message} ${JSON.stringify(fieldErrors)}` : message;
}

async function hasUsers(db: Db) {
  const rows = await db.select({ id: users.id }).from(users).limit(1);
  return rows.length > 0;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

async function play(db: Db, content: SeedContent, now: Date, progress: { step: string }) {
  const steps = planSeed(content, now);
  const clock = testClock(new Date(steps[0]?.at ?? now.getTime()));
  const people = new Map(content.people.map((p) => [p.handle, p]));
  const actors = new Map<string, Actor>();
  const ids = new Map<string, number>();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());

  const actor = (handle: string) => {
    const found = actors.get(handle);
    if (!found) throw new Error(`@${handle} acts before joining`);
    return found;
  };
  const id = (ref: Ref) => {
    const found = ids.get(`${ref.kind}:${ref.key}`);
    if (found === undefined) throw new Error(`the ${ref.kind} ${ref.key} is used before it exists`);
    return found;
  };
  const remember = (ref: Ref, value: number) => ids.set(`${ref.kind}:${ref.key}`, value);
  /** Votes (voter and idea) that were to be opposes their voter could not yet cast. */
  const unableToOppose = new Set<string>();

  // The moderation of the last hours (seed/moderation.ts) and the intents of the last days
  // (seed/intents.ts) play among the steps, each scene at its moment, so the log stays in time order.
  const scenes: Scene[] = [...moderationScenes(now.getTime()), ...intentScenes(now.getTime())].sort(
    (a, b) => a.at - b.at,
  );
  const sceneContext = {
    db,
    clock,
    actor,
    idea: (key: string) => id({ kind: 'idea', key }),
    comment: (key: string) => id({ kind: 'comment', key }),
  };
  const playScenesUntil = async (at: number) => {
    while (scenes.length && scenes[0]!.at <= at) {
      const scene = scenes.shift()!;
      clock.set(new Date(scene.at));
      progress.step = scene.what;
      await scene.run(sceneContext);
    }
  };
  for (const step of steps) {
    await playScenesUntil(step.at - 1);
    clock.set(new Date(step.at));
    progress.step = describe(step);
    await run(step);
  }
  await playScenesUntil(Infinity);

  async function run({ by, action }: Step) {
    switch (action.type) {
      case 'signUp': {
        const p = people.get(action.handle)!;
        const outcome = await signUp(db, { ...p.signUp, role: p.role, locale: p.lang, clock });
        if (outcome.status !== 'created') throw new Error(`the email of @${p.handle} is taken`);
        actors.set(p.handle, { id: outcome.user.id, role: outcome.user.role });
        // Notifications are quiet by default (decision 019); the demo sign-ins hear of everything
        // in the app, so their notification pages show every kind.
        if (DEMO_LOGINS.some((l) => l.handle === p.handle)) {
          const everything = Object.fromEntries(TOPICS.map((t) => [t, 'in_app' as const]));
          await setTopics(db, outcome.user.id, everything, { clock });
        }
        // No command edits a profile yet; the bio is part of who the demo person is.
        if (p.bio) await db.update(users).set({ bio: p.bio }).where(eq(users.id, outcome.user.id));
        return;
      }
      case 'createBrand': {
        const brand = await createBrand(db, { actor: actor(by), brand: action.brand.input, clock });
        remember(action.ref, brand.id);
        return;
      }
      case 'addManager':
        await addManager(db, {
          actor: actor(by),
          brandId: id(action.brand),
          handle: action.handle,
          clock,
        });
        return;
      case 'createChallenge': {
        const c = action.challenge;
        const day = (offset: number) => isoDay(today + offset * DAY);
        const input = challengeSchema.parse({
          ...c.fields,
          opensAt: day(c.schedule.opens),
          votingAt: day(c.schedule.voting),
          reviewAt: day(c.schedule.review),
          awardedAt: day(c.schedule.awarded),
        });
        const challenge = await createChallenge(db, {
          actor: actor(by),
          brandId: id(action.brand),
          challenge: input,
          clock,
        });
        remember(action.ref, challenge.id);
        return;
      }
      case 'changeStage':
        await changeStage(db, {
          actor: actor(by),
          challengeId: id(action.challenge),
          to: action.to,
          clock,
        });
        return;
      case 'submitIdea': {
        const idea = await submitIdea(db, {
          actor: actor(by),
          challengeId: id(action.challenge),
          idea: { ...action.idea.input, buildsOnId: action.buildsOn ? id(action.buildsOn) : null },
          clock,
        });
        remember(action.ref, idea.id);
        return;
      }
      case 'withdrawIdea':
        await withdrawIdea(db, { actor: actor(by), ideaId: id(action.idea), clock });
        return;
      case 'addComment': {
        const comment = await addComment(db, {
          actor: actor(by),
          ideaId: id(action.idea),
          comment: { body: action.text, parentId: action.parent ? id(action.parent) : null },
          clock,
        });
        remember(action.ref, comment.id);
        return;
      }
      case 'deleteComment':
        // The demo's deletions are the moderator's, of spam: the audit log keeps why.
        await deleteComment(db, {
          actor: actor(by),
          commentId: id(action.comment),
          reason: 'Advertising for another shop.',
          clock,
        });
        return;
      case 'vote': {
        const key = `${by} ${action.idea.key}`;
        // Opposing needs reputation (app/domain/reputation/rules.ts): someone who has not earned it
        // yet simply does not oppose, and later takes back nothing.
        if (action.value === 0 && unableToOppose.has(key)) return;
        try {
          await castVote(db, {
            actor: actor(by),
            ideaId: id(action.idea),
            value: action.value,
            clock,
          });
          unableToOppose.delete(key);
        } catch (e) {
          if (action.value !== -1 || !isDomainError(e) || e.key !== 'errors.vote.opposeLocked')
            throw e;
          unableToOppose.add(key);
        }
        return;
      }
      case 'readNotifications':
        await markRead(db, { userId: actor(by).id, clock });
        return;
      case 'follow':
        await followChallenge(db, { actor: actor(by), challengeId: id(action.challenge), clock });
        return;
      case 'score':
        await saveScorecard(db, {
          actor: actor(by),
          ideaId: id(action.idea),
          scores: action.scores,
          submit: true,
          clock,
        });
        return;
      case 'shortlist':
        await shortlistIdea(db, { actor: actor(by), ideaId: id(action.idea), clock });
        return;
      case 'award':
        await awardChallenge(db, {
          actor: actor(by),
          challengeId: id(action.challenge),
          winners: action.winners.map((w, i) => ({ rank: i + 1, ideaId: id(w) })),
          clock,
        });
        return;
      case 'consent':
        await setConsent(db, {
          actor: actor(by),
          brandId: id(action.brand),
          level: action.level,
          clock,
        });
        return;
      case 'saveSegment':
        await saveSegment(db, {
          actor: actor(by),
          brandId: id(action.brand),
          name: action.name,
          filter: action.filter,
          clock,
        });
        return;
      case 'fulfilReward': {
        const [reward] = await db
          .select({ id: rewards.id })
          .from(rewards)
          .where(eq(rewards.ideaId, id(action.idea)));
        if (!reward) throw new Error(`the idea ${action.idea.key} has no reward to fulfil`);
        await fulfilReward(db, { actor: actor(by), rewardId: reward.id, note: action.note, clock });
        return;
      }
    }
  }

  function describe({ by, action }: Step): string {
    switch (action.type) {
      case 'signUp':
        return `signing up @${action.handle}`;
      case 'createBrand':
        return `creating the brand ${action.brand.input.name}`;
      case 'addManager':
        return `adding @${action.handle} as a manager`;
      case 'createChallenge':
        return `creating the challenge "${action.challenge.title}"`;
      case 'changeStage':
        return `moving "${action.title}" to ${action.to}`;
      case 'submitIdea':
        return `writing the idea "${action.idea.input.title}"`;
      case 'withdrawIdea':
        return `withdrawing an idea of @${by}`;
      case 'addComment':
        return `writing a comment of @${by}`;
      case 'deleteComment':
        return `deleting a comment as @${by}`;
      case 'vote':
        return `recording a vote of @${by}`;
      case 'readNotifications':
        return `reading the notifications of @${by}`;
      case 'follow':
        return `following a challenge as @${by}`;
      case 'score':
        return `scoring an idea as @${by}`;
      case 'shortlist':
        return `shortlisting an idea as @${by}`;
      case 'award':
        return `awarding "${action.title}"`;
      case 'fulfilReward':
        return `fulfilling a reward as @${by}`;
      case 'consent':
        return `answering what ${action.brand.key} may see as @${by}`;
      case 'saveSegment':
        return `saving the segment "${action.name}"`;
    }
  }
}
