// What the reputation concept does, inside the transaction, when an event that earns or costs
// points is appended: the ledger entries (app/domain/reputation/ledger.server.ts), each carrying
// the event's brand, challenge and idea, and its time.
import type { Db } from '../../../db/client.server';
import type { Event } from '../../../db/schema';
import type { Reaction, Reactions } from '#app/domain/events/reactions.server';
import {
  addEntry,
  openEntries,
  openItemEntries,
  openRewardEntries,
  reverseEntry,
  type EntryLinks,
} from './ledger.server';
import { voteEntries, type Rule } from './rules';

/** One entry to add or take back, for one person. */
type Step = {
  userId: string;
  rule: Rule;
  kind: 'reverse' | 'apply';
  causeUserId: string | null;
};

const linksOf = (event: Event): EntryLinks => ({
  brandId: event.brandId,
  challengeId: event.challengeId,
  ideaId: event.ideaId,
  commentId: event.commentId,
});

/**
 * Runs the steps in user-id order (reversals before additions for each person), so two events
 * that each write for the same two people lock their rows in the same order and never deadlock
 * (two people opposing each other's ideas at once). Reversals come first so that a support
 * changed to an oppose frees its share of the day's cap before anything else is counted.
 */
async function runSteps(tx: Db, event: Event, steps: Step[]) {
  const ordered = [...steps].sort(
    (a, b) =>
      (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0) ||
      (a.kind === b.kind ? 0 : a.kind === 'reverse' ? -1 : 1),
  );
  for (const step of ordered) {
    if (step.kind === 'apply') {
      await addEntry(tx, {
        userId: step.userId,
        rule: step.rule,
        event,
        ...linksOf(event),
        causeUserId: step.causeUserId,
      });
      continue;
    }
    // Nothing open when the vote predates the ledger: there is then nothing to take back.
    for (const entry of await openEntries(tx, {
      userId: step.userId,
      rule: step.rule,
      ideaId: event.ideaId!,
      causeUserId: step.causeUserId,
    }))
      await reverseEntry(tx, entry, event);
  }
}

const voteValue = (v: unknown): -1 | 0 | 1 => {
  if (v === 1 || v === -1 || v === 0) return v;
  throw new Error(`reputation: a vote event carries ${String(v)} as a vote`);
};

/**
 * A vote cast, changed or withdrawn: the author gets supportReceived/opposeReceived caused by the
 * voter, the voter opposeCast; whatever the previous vote gave is taken back exactly.
 */
const onVote: Reaction = async (tx, event) => {
  const voter = event.actorId;
  const author = event.subjectUserId;
  if (!voter || !author || event.ideaId === null) return;
  const { reverse, apply } = voteEntries(
    voteValue(event.payload.from),
    voteValue(event.payload.to),
  );
  const step = (rule: Rule, kind: Step['kind']): Step =>
    rule === 'opposeCast'
      ? { userId: voter, rule, kind, causeUserId: null }
      : { userId: author, rule, kind, causeUserId: voter };
  await runSteps(tx, event, [
    ...reverse.map((rule) => step(rule, 'reverse')),
    ...apply.map((rule) => step(rule, 'apply')),
  ]);
};

export const reputationReactions: Reactions = {
  'vote.cast': onVote,
  'vote.changed': onVote,
  'vote.withdrawn': onVote,

  // An idea building on someone else's: its original's author (the event's subject) gets +5.
  'idea.created': async (tx, event) => {
    const original = event.subjectUserId;
    if (!event.payload.buildsOnId || !original || original === event.actorId) return;
    await addEntry(tx, {
      userId: original,
      rule: 'builtOn',
      event,
      ...linksOf(event),
      causeUserId: event.actorId,
    });
  },

  // +25 while the idea stays shortlisted: a shortlist of an idea already shortlisted adds nothing.
  'idea.shortlisted': async (tx, event) => {
    const author = event.subjectUserId;
    if (!author || event.ideaId === null) return;
    const open = await openEntries(tx, {
      userId: author,
      rule: 'shortlisted',
      ideaId: event.ideaId,
      causeUserId: null,
    });
    if (open.length === 0)
      await addEntry(tx, { userId: author, rule: 'shortlisted', event, ...linksOf(event) });
  },
  'idea.unshortlisted': async (tx, event) => {
    const author = event.subjectUserId;
    if (!author || event.ideaId === null) return;
    await runSteps(tx, event, [
      { userId: author, rule: 'shortlisted', kind: 'reverse', causeUserId: null },
    ]);
  },

  // The winner: +100, and the reward's points as their own entry; neither counts toward the cap.
  'reward.granted': async (tx, event) => {
    const winner = event.subjectUserId;
    const rewardId = Number(event.payload.rewardId);
    if (!winner || !Number.isSafeInteger(rewardId))
      throw new Error(`reputation: reward.granted ${event.id} names no winner or reward`);
    const links = { ...linksOf(event), rewardId };
    await addEntry(tx, { userId: winner, rule: 'winner', event, ...links });
    const points = event.payload.points ?? 0;
    if (typeof points !== 'number' || !Number.isSafeInteger(points) || points < 0)
      throw new Error(`reputation: reward.granted ${event.id} carries ${String(points)} points`);
    if (points > 0)
      await addEntry(tx, { userId: winner, rule: 'reward', nominal: points, event, ...links });
  },
  // Revoking takes back everything the reward still gives (the win and its points).
  'reward.revoked': async (tx, event) => {
    const rewardId = Number(event.payload.rewardId);
    if (!Number.isSafeInteger(rewardId))
      throw new Error(`reputation: reward.revoked ${event.id} names no reward`);
    for (const entry of await openRewardEntries(tx, rewardId)) await reverseEntry(tx, entry, event);
  },

  // Content hidden on an upheld flag: −50 to its author, once while it stays hidden (a second
  // hide of the same idea or comment costs nothing more).
  'content.hidden': async (tx, event) => {
    if (!event.subjectUserId || event.ideaId === null) return;
    const open = await openItemEntries(tx, {
      userId: event.subjectUserId,
      rule: 'hidden',
      ideaId: event.ideaId,
      commentId: event.commentId,
    });
    if (open.length === 0)
      await addEntry(tx, { userId: event.subjectUserId, rule: 'hidden', event, ...linksOf(event) });
  },
  // Restored by a reviewer: what the hide cost is given back (nothing when it was hidden only
  // automatically, pending review, which costs nothing).
  'content.restored': async (tx, event) => {
    if (!event.subjectUserId || event.ideaId === null) return;
    for (const entry of await openItemEntries(tx, {
      userId: event.subjectUserId,
      rule: 'hidden',
      ideaId: event.ideaId,
      commentId: event.commentId,
    }))
      await reverseEntry(tx, entry, event);
  },
};
