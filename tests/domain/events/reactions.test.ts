// In-transaction reactions: appendEvent runs the reactions declared for an event's type inside the
// command's transaction, so what they write commits with the command or not at all.
import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { events, ideas, notifications, votes, type Event } from '../../../db/schema';
import type { Db } from '../../../db/client.server';
import type * as ReactionsModule from '#app/domain/events/reactions.server';
import { castVote } from '#app/domain/votes/commands.server';
import { useTestDatabase } from '../../support/db';
import { hearsAbout } from '../../support/notification-preferences';
import { makeChallenge, makeIdea, makeUser } from '../../support/factories';
import { canOppose } from '../../support/reputation';

/** A probe reaction added after the real ones for vote.cast; it records what it saw. */
const probe = vi.hoisted(() => ({
  fail: false,
  seen: [] as { event: Event; eventVisible: boolean; voteVisible: boolean }[],
}));

vi.mock('#app/domain/events/reactions.server', async (importOriginal) => {
  const original = await importOriginal<typeof ReactionsModule>();
  const { events, votes } = await import('../../../db/schema');
  const { and, eq } = await import('drizzle-orm');
  const probeReaction = async (tx: Db, event: Event) => {
    const [inLog] = await tx.select().from(events).where(eq(events.id, event.id));
    const [vote] = await tx
      .select()
      .from(votes)
      .where(and(eq(votes.ideaId, event.ideaId!), eq(votes.userId, event.actorId!)));
    probe.seen.push({ event, eventVisible: !!inLog, voteVisible: !!vote });
    if (probe.fail) throw new Error('The probe reaction failed.');
  };
  return {
    ...original,
    reactionsFor: (type: string) =>
      type === 'vote.cast'
        ? [...original.reactionsFor(type), probeReaction]
        : original.reactionsFor(type),
  };
});

const db = useTestDatabase();

async function anIdea() {
  const owner = await makeUser(db());
  const author = await makeUser(db());
  const challenge = await makeChallenge(db(), owner, { stage: 'open' });
  const idea = await makeIdea(db(), author, challenge.id);
  // Votes are off by default (decision 019): this author asked to hear of them.
  await hearsAbout(db(), author.id, ['votes']);
  return { author, idea };
}

beforeEach(() => {
  probe.fail = false;
  probe.seen = [];
});

describe('reactions', () => {
  it("run inside the event's transaction, after the insert, with the event row and its id", async () => {
    const { author, idea } = await anIdea();
    const voter = await makeUser(db());
    await castVote(db(), { actor: voter, ideaId: idea.id, value: 1 });

    expect(probe.seen).toHaveLength(1);
    const { event, eventVisible, voteVisible } = probe.seen[0]!;
    // The reaction saw the uncommitted event and vote through the command's transaction.
    expect(eventVisible).toBe(true);
    expect(voteVisible).toBe(true);
    const [logged] = await db().select().from(events).where(eq(events.id, event.id));
    expect(logged).toEqual(event);
    expect(event).toMatchObject({ type: 'vote.cast', ideaId: idea.id, actorId: voter.id });
    // The real reaction (the author is told) ran for the same event.
    const told = await db().select().from(notifications).where(eq(notifications.userId, author.id));
    expect(told.map((n) => [n.kind, n.eventId])).toEqual([['vote', event.id]]);
  });

  it('run only for the types they are declared for', async () => {
    const { idea } = await anIdea();
    const voter = await makeUser(db());
    await canOppose(db(), voter.id);
    await castVote(db(), { actor: voter, ideaId: idea.id, value: 1 });
    await castVote(db(), { actor: voter, ideaId: idea.id, value: -1 });
    await castVote(db(), { actor: voter, ideaId: idea.id, value: 0 });
    expect(probe.seen.map((s) => s.event.type)).toEqual(['vote.cast']);
  });

  it('undo the whole command when one throws: no vote, no count, no event, no notification', async () => {
    const { author, idea } = await anIdea();
    const voter = await makeUser(db());
    probe.fail = true;

    await expect(castVote(db(), { actor: voter, ideaId: idea.id, value: 1 })).rejects.toThrow(
      'The probe reaction failed.',
    );

    expect(probe.seen).toHaveLength(1);
    const failed = probe.seen[0]!.event;
    expect(await db().select().from(events).where(eq(events.id, failed.id))).toEqual([]);
    expect(
      await db()
        .select()
        .from(votes)
        .where(and(eq(votes.ideaId, idea.id), eq(votes.userId, voter.id))),
    ).toEqual([]);
    const [counts] = await db()
      .select({ support: ideas.supportCount, oppose: ideas.opposeCount })
      .from(ideas)
      .where(eq(ideas.id, idea.id));
    expect(counts).toEqual({ support: 0, oppose: 0 });
    expect(
      await db().select().from(notifications).where(eq(notifications.userId, author.id)),
    ).toEqual([]);
    expect(
      await db()
        .select()
        .from(events)
        .where(and(eq(events.ideaId, idea.id), eq(events.type, 'vote.cast'))),
    ).toEqual([]);
  });
});
