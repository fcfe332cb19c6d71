// The demo's history as a timeline: every action the content implies, each at its own moment over
// the past weeks. Pure: the same content, day and random seed give the same timeline.
import type { VoteValue } from '#app/domain/votes/schema';
import type { CommunityFilter } from '#app/domain/community/schema';
import type { ConsentLevel } from '#app/domain/consent/schema';
import { STAGES } from '#app/domain/challenges/policy';
import type { ChallengeStage } from '../db/schema';
import {
  AUTHOR,
  type BrandContent,
  type ChallengeContent,
  type CommentContent,
  type IdeaContent,
  type SeedContent,
} from './content';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The one who spams in the demo: joins minutes before doing it, and a moderator deletes it. */
const SPAMMER = 'deals_4u_uk';

/** Reference to something an earlier step creates, resolved when the step runs. */
export type Ref = { kind: 'brand' | 'challenge' | 'idea' | 'comment'; key: string };

export type Action =
  | { type: 'signUp'; handle: string }
  | { type: 'createBrand'; brand: BrandContent; ref: Ref }
  | { type: 'addManager'; brand: Ref; handle: string }
  | { type: 'createChallenge'; brand: Ref; challenge: ChallengeContent; ref: Ref }
  | { type: 'changeStage'; challenge: Ref; to: ChallengeStage; title: string }
  | { type: 'submitIdea'; challenge: Ref; idea: IdeaContent; buildsOn: Ref | null; ref: Ref }
  | { type: 'withdrawIdea'; idea: Ref }
  | { type: 'addComment'; idea: Ref; text: string; parent: Ref | null; ref: Ref }
  | { type: 'deleteComment'; comment: Ref }
  | { type: 'vote'; idea: Ref; value: VoteValue }
  | { type: 'follow'; challenge: Ref }
  | { type: 'score'; idea: Ref; scores: number[] }
  | { type: 'shortlist'; idea: Ref }
  | { type: 'award'; challenge: Ref; winners: Ref[]; title: string }
  | { type: 'fulfilReward'; idea: Ref; note: string }
  | { type: 'readNotifications' }
  | { type: 'consent'; brand: Ref; level: ConsentLevel }
  | { type: 'saveSegment'; brand: Ref; name: string; filter: CommunityFilter };

/** One thing someone did, at `at` (ms since the epoch); `by` is a handle. */
export type Step = { at: number; by: string; action: Action };

/** mulberry32: a small seeded generator, so every seed writes the same data. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A moment between a and b (ms), at fraction r; never before a. */
const between = (a: number, b: number, r: number) => Math.round(a + Math.max(0, b - a) * r);

/**
 * Every action of the demo with its moment, oldest first. Ties keep the order they were planned
 * in, and anything that depends on an earlier action (a reply on its comment, a vote on its idea,
 * a stage's votes on the stage move) is planned strictly later, so running the steps in order
 * never meets a missing row or a closed stage.
 */
export function planSeed(content: SeedContent, now: Date, rand = seededRandom(20_260_214)): Step[] {
  const nowMs = now.getTime();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  /** A stage begins at midnight UTC of its day, as the scheduler would move it. */
  const dayStart = (offset: number) => today + offset * DAY;
  const latest = nowMs - MINUTE;

  const steps: Step[] = [];
  const add = (at: number, by: string, action: Action) => {
    steps.push({ at: Math.min(at, latest), by, action });
  };
  const people = new Map(content.people.map((p) => [p.handle, p]));
  const staffOf = new Map(content.brands.map((b) => [b.key, new Set([b.owner, ...b.managers])]));
  const allStaff = new Set([...staffOf.values()].flatMap((s) => [...s]));
  // Judging draws from its own sequence, so the votes and comments stay those of the content alone.
  const judgeRand = seededRandom(20_260_301);
  const followed = new Set<string>();
  const follow = (at: number, by: string, challenge: Ref) => {
    if (followed.has(`${by} ${challenge.key}`)) return;
    followed.add(`${by} ${challenge.key}`);
    add(at, by, { type: 'follow', challenge });
  };

  const challengeCreated = new Map<string, number>(); // brand key → first challenge's creation
  for (const brand of content.brands) {
    const brandRef: Ref = { kind: 'brand', key: brand.key };
    for (const [ci, c] of brand.challenges.entries()) {
      const challengeRef: Ref = { kind: 'challenge', key: `${brand.key}/${c.language}/${ci}` };
      const target = STAGES.indexOf(c.stage);
      const s = c.schedule;
      // When it entered open, voting, review, awarded and archived.
      const stageAt = [s.opens, s.voting, s.review, s.awarded, s.awarded + 12].map(dayStart);
      const createdAt =
        target === 0
          ? nowMs - 3 * DAY + between(0, 2 * HOUR, rand())
          : stageAt[0]! - between(3 * DAY, 8 * DAY, rand());
      challengeCreated.set(
        brand.key,
        Math.min(challengeCreated.get(brand.key) ?? Infinity, createdAt),
      );
      add(createdAt, c.by, {
        type: 'createChallenge',
        brand: brandRef,
        challenge: c,
        ref: challengeRef,
      });
      const ideaRef = (key: string): Ref => ({ kind: 'idea', key: `${challengeRef.key}/${key}` });
      for (let stage = 1; stage <= target; stage++) {
        const by = c.movers?.[stage - 1] ?? c.by;
        // Awarding names the winners and moves the challenge on, in one step.
        if (STAGES[stage] === 'awarded')
          add(stageAt[stage - 1]!, by, {
            type: 'award',
            challenge: challengeRef,
            winners: (c.judging?.winners ?? []).map(ideaRef),
            title: c.title,
          });
        else
          add(stageAt[stage - 1]!, by, {
            type: 'changeStage',
            challenge: challengeRef,
            to: STAGES[stage]!,
            title: c.title,
          });
      }
      if (target === 0) continue;
      // The demo prosumer follows every challenge from the day it opens.
      follow(stageAt[0]! + between(HOUR, 6 * HOUR, judgeRand()), 'demo_prosumer', challengeRef);

      // Review: the brand's judges score the shortlist, then the owner shortlists it; an awarded
      // challenge's rewards are fulfilled in the days after, with a note of how.
      if (c.judging && target >= STAGES.indexOf('review')) {
        const reviewStart = stageAt[2]!;
        const reviewEnd = target >= STAGES.indexOf('awarded') ? stageAt[3]! : nowMs - HOUR;
        const span = reviewEnd - reviewStart;
        const criteria = (c.fields.criteria ?? '').split('\n').filter((l) => l.trim()).length;
        const appealOf = new Map(c.ideas.map((i) => [i.key, i.appeal]));
        for (const [n, key] of c.judging.shortlist.entries()) {
          for (const judge of staffOf.get(brand.key) ?? []) {
            const scores = Array.from({ length: criteria }, () =>
              Math.min(
                5,
                Math.max(1, Math.round(1 + 4 * appealOf.get(key)! + (judgeRand() - 0.5) * 1.6)),
              ),
            );
            add(reviewStart + HOUR + Math.round(span * 0.5 * judgeRand()), judge, {
              type: 'score',
              idea: ideaRef(key),
              scores,
            });
          }
          add(reviewStart + Math.round(span * 0.6) + n * 7 * MINUTE, c.by, {
            type: 'shortlist',
            idea: ideaRef(key),
          });
        }
        for (const [rank, note] of Object.entries(c.judging.fulfilled)) {
          const winner = c.judging.winners[Number(rank) - 1]!;
          add(stageAt[3]! + between(2 * DAY, 9 * DAY, judgeRand()), c.by, {
            type: 'fulfilReward',
            idea: ideaRef(winner),
            note,
          });
        }
      }

      const reachesVoting = target >= STAGES.indexOf('voting');
      const openEnd = reachesVoting ? stageAt[1]! : nowMs - 30 * MINUTE;
      const votingEnd = target >= STAGES.indexOf('review') ? stageAt[2]! : nowMs - 30 * MINUTE;
      const talkEnd = reachesVoting ? votingEnd : openEnd;

      // Ideas arrive over the open period in the order they are listed (so builds-on comes later).
      const slots = c.ideas.map(() => rand()).sort((a, b) => a - b);
      const ideaAt = new Map<string, number>();
      const live: { idea: IdeaContent; ref: Ref; at: number }[] = [];
      for (const [i, idea] of c.ideas.entries()) {
        const ref: Ref = { kind: 'idea', key: `${challengeRef.key}/${idea.key}` };
        const at = between(stageAt[0]! + 2 * HOUR, openEnd - 6 * HOUR, slots[i]!) + i;
        ideaAt.set(idea.key, at);
        const buildsOn: Ref | null = idea.buildsOn
          ? { kind: 'idea', key: `${challengeRef.key}/${idea.buildsOn}` }
          : null;
        add(at, idea.by, { type: 'submitIdea', challenge: challengeRef, idea, buildsOn, ref });
        // Half the authors follow the challenge they wrote for.
        if (judgeRand() < 0.5) follow(at + MINUTE, idea.by, challengeRef);

        // Its conversation: top-level comments in order, each reply soon after its parent.
        const tops = idea.comments.map(() => rand()).sort((a, b) => a - b);
        let last = at;
        const comment = (
          cm: CommentContent | CommentContent['replies'][number],
          when: number,
          parent: Ref | null,
          n: string,
        ) => {
          const commentRef: Ref = { kind: 'comment', key: `${ref.key}/${n}` };
          add(when, cm.by === AUTHOR ? idea.by : cm.by, {
            type: 'addComment',
            idea: ref,
            text: cm.text,
            parent,
            ref: commentRef,
          });
          if (cm.deletedBy)
            add(when + between(HOUR, 6 * HOUR, rand()), cm.deletedBy, {
              type: 'deleteComment',
              comment: commentRef,
            });
          last = Math.max(last, when);
          return commentRef;
        };
        for (const [j, top] of idea.comments.entries()) {
          const topAt = between(at + 20 * MINUTE, talkEnd, tops[j]! ** 1.4);
          const parent = comment(top, topAt, null, String(j));
          for (const [k, reply] of top.replies.entries()) {
            const replyAt =
              between(topAt + 10 * MINUTE, Math.min(topAt + 2 * DAY, talkEnd), rand()) + k;
            comment(reply, replyAt, parent, `${j}.${k}`);
          }
        }
        if (idea.withdraw) add(last + 30 * MINUTE, idea.by, { type: 'withdrawIdea', idea: ref });
        else live.push({ idea, ref, at });
      }

      // Who votes: people drawn by the idea's appeal, more so in their own language.
      type Planned = { ref: Ref; voter: string; value: VoteValue; at: number };
      const planned: Planned[] = [];
      for (const { idea, ref, at: postedAt } of live) {
        for (const voter of content.people) {
          if (voter.handle === idea.by || voter.role === 'admin' || voter.handle === SPAMMER)
            continue;
          if (staffOf.get(brand.key)?.has(voter.handle)) continue;
          let weight =
            voter.handle === 'demo_prosumer' ? 0.75 : voter.lang === c.language ? 1 : 0.35;
          if (voter.role === 'moderator' || allStaff.has(voter.handle)) weight *= 0.4;
          if (rand() >= idea.appeal * weight) continue;
          const value: VoteValue = rand() < 0.05 + 0.2 * (1 - idea.appeal) ? -1 : 1;
          const duringVoting = reachesVoting && rand() >= 0.45;
          const r = rand() ** 1.5;
          const at = duringVoting
            ? between(stageAt[1]! + 5 * MINUTE, votingEnd - 5 * MINUTE, r)
            : between(postedAt + 10 * MINUTE, openEnd - 5 * MINUTE, r);
          planned.push({ ref, voter: voter.handle, value, at });
        }
      }
      for (const v of planned) add(v.at, v.voter, { type: 'vote', idea: v.ref, value: v.value });
      // During voting one person changes their mind and another takes their vote back.
      if (reachesVoting && planned.length >= 2) {
        const flip = planned[Math.floor(rand() * planned.length)]!;
        add(
          between(Math.max(flip.at, stageAt[1]!) + MINUTE, votingEnd - MINUTE, rand()),
          flip.voter,
          {
            type: 'vote',
            idea: flip.ref,
            value: flip.value === 1 ? -1 : 1,
          },
        );
        const others = planned.filter((v) => v !== flip);
        const taken = others[Math.floor(rand() * others.length)]!;
        add(
          between(Math.max(taken.at, stageAt[1]!) + MINUTE, votingEnd - MINUTE, rand()),
          taken.voter,
          {
            type: 'vote',
            idea: taken.ref,
            value: 0,
          },
        );
      }
    }
  }

  // Brands come some weeks before their first challenge; managers join in the days after.
  for (const brand of content.brands) {
    const ref: Ref = { kind: 'brand', key: brand.key };
    const brandAt =
      (challengeCreated.get(brand.key) ?? nowMs - 30 * DAY) - between(10 * DAY, 20 * DAY, rand());
    add(brandAt, brand.owner, { type: 'createBrand', brand, ref });
    for (const handle of brand.managers)
      add(brandAt + between(DAY, 5 * DAY, rand()), brand.owner, {
        type: 'addManager',
        brand: ref,
        handle,
      });
  }

  // The consent question: after their first idea, vote or comment on a brand's challenge, most
  // people answer it within hours — profile, activity or "not now" — and some never do. Drawn from
  // a sequence of its own, in the order of those first actions, so the rest of the demo is as it was.
  const consentRand = seededRandom(20_260_402);
  const firstAction = new Map<string, { at: number; by: string; brand: string }>();
  const ordered = steps
    .map((step, i) => ({ step, i }))
    .sort((a, b) => a.step.at - b.step.at || a.i - b.i);
  for (const { step } of ordered) {
    const { action } = step;
    const ref =
      action.type === 'submitIdea'
        ? action.challenge
        : action.type === 'addComment' || (action.type === 'vote' && action.value !== 0)
          ? action.idea
          : null;
    if (!ref) continue;
    const brand = ref.key.split('/')[0]!;
    if (staffOf.get(brand)?.has(step.by)) continue;
    const key = `${brand} ${step.by}`;
    if (!firstAction.has(key)) firstAction.set(key, { at: step.at, by: step.by, brand });
  }
  for (const { at, by, brand } of firstAction.values()) {
    const r = consentRand();
    const level: ConsentLevel | null =
      r < 0.45 ? 'profile' : r < 0.75 ? 'activity' : r < 0.9 ? 'none' : null;
    const answeredAt = at + between(2 * MINUTE, 3 * HOUR, consentRand());
    if (level)
      add(answeredAt, by, { type: 'consent', brand: { kind: 'brand', key: brand }, level });
  }
  // Each brand's owner saved one segment of their community, in the last days.
  for (const brand of content.brands)
    if (brand.segment)
      add(nowMs - between(2 * HOUR, 3 * DAY, consentRand()), brand.owner, {
        type: 'saveSegment',
        brand: { kind: 'brand', key: brand.key },
        name: brand.segment.name,
        filter: brand.segment.filter,
      });

  // Everyone joins before the first thing they do.
  const firstSeen = new Map<string, number>();
  const seen = (handle: string, at: number) =>
    firstSeen.set(handle, Math.min(firstSeen.get(handle) ?? Infinity, at));
  for (const step of steps) {
    seen(step.by, step.at);
    // A new manager must have an account to be added by.
    if (step.action.type === 'addManager') seen(step.action.handle, step.at);
  }
  for (const p of people.values()) {
    const first = firstSeen.get(p.handle);
    const joined =
      first === undefined
        ? nowMs - between(140 * DAY, 160 * DAY, rand())
        : p.handle === SPAMMER
          ? first - between(5 * MINUTE, 30 * MINUTE, rand())
          : first - between(DAY, 25 * DAY, rand());
    add(joined, p.handle, { type: 'signUp', handle: p.handle });
    // Anything older than a week has been read.
    if (joined < nowMs - 7 * DAY) add(nowMs - 7 * DAY, p.handle, { type: 'readNotifications' });
  }

  // Stable: equal moments keep their planned order.
  return steps
    .map((step, i) => ({ step, i }))
    .sort((a, b) => a.step.at - b.step.at || a.i - b.i)
    .map(({ step }) => step);
}
