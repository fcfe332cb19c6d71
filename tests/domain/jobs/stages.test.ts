// The stage scheduler: challenges move by themselves when their next stage date passes.
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.server';
import { challenges, events, jobs } from '../../../db/schema';
import { changeStage } from '#app/domain/challenges/commands.server';
import { testClock } from '#app/domain/core/clock';
import { JobRunner } from '../../../jobs/runner.server';
import { STAGE_CHECK_EVERY_MS, stageJobs } from '../../../jobs/stages.server';
import { createTestDatabase } from '../../support/database';
import { makeChallenge, makeUser } from '../../support/factories';

let database: Database & { name: string };
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const HOUR = 60 * 60_000;
const START = new Date('2030-05-01T09:00:00Z');
const at = (hours: number) => new Date(START.getTime() + hours * HOUR);

type Dates = Partial<
  Record<'opensAt' | 'votingAt' | 'reviewAt' | 'awardedAt' | 'archivedAt', Date | null>
>;

async function scheduledChallenge(dates: Dates) {
  const owner = await makeUser(database.db);
  const challenge = await makeChallenge(database.db, owner);
  const none = { opensAt: null, votingAt: null, reviewAt: null, awardedAt: null, archivedAt: null };
  await database.db
    .update(challenges)
    .set({ ...none, ...dates })
    .where(eq(challenges.id, challenge.id));
  return { owner, id: challenge.id };
}

async function stageOf(id: number) {
  const [row] = await database.db.select().from(challenges).where(eq(challenges.id, id));
  return row!.stage;
}

async function stageEvents(id: number) {
  return database.db
    .select({ actorId: events.actorId, payload: events.payload })
    .from(events)
    .where(and(eq(events.challengeId, id), eq(events.type, 'challenge.stage_changed')))
    .orderBy(asc(events.id));
}

describe('the stage scheduler', () => {
  it('moves a challenge whose date passed, by schedule, and leaves one whose date did not', async () => {
    const clock = testClock(START);
    const runner = new JobRunner({
      db: database.db,
      definitions: stageJobs,
      clock,
      pollMs: 3_600_000,
      log: { error: () => {}, warn: () => {} },
    });
    const soon = await scheduledChallenge({ opensAt: at(1), votingAt: at(48) });
    const later = await scheduledChallenge({ opensAt: at(24) });
    // Several dates already passed, but review has none: it stops at voting, one event per stage.
    const behind = await scheduledChallenge({
      opensAt: at(0.5),
      votingAt: at(1),
      awardedAt: at(1),
    });
    const undated = await scheduledChallenge({});

    await runner.start();
    await runner.poke();
    expect(await stageOf(soon.id)).toBe('draft');

    clock.set(at(2));
    await runner.poke();
    expect(await stageOf(soon.id)).toBe('open');
    expect(await stageOf(later.id)).toBe('draft');
    expect(await stageOf(behind.id)).toBe('voting');
    expect(await stageOf(undated.id)).toBe('draft');

    expect(await stageEvents(soon.id)).toEqual([
      {
        actorId: null,
        payload: {
          from: 'draft',
          to: 'open',
          by: 'schedule',
          scheduledFor: at(1).toISOString(),
        },
      },
    ]);
    expect((await stageEvents(behind.id)).map((e) => e.payload)).toEqual([
      expect.objectContaining({ from: 'draft', to: 'open', by: 'schedule' }),
      expect.objectContaining({ from: 'open', to: 'voting', by: 'schedule' }),
    ]);
    const [moved] = await database.db.select().from(challenges).where(eq(challenges.id, soon.id));
    expect(moved!.stageChangedAt).toEqual(at(2));

    // The brand moves one by hand before its date; the schedule carries on from there.
    await changeStage(database.db, { actor: later.owner, challengeId: later.id, to: 'open' });
    await database.db
      .update(challenges)
      .set({ votingAt: at(3) })
      .where(eq(challenges.id, later.id));
    clock.set(at(3));
    await runner.poke();
    expect(await stageOf(later.id)).toBe('voting');
    expect((await stageEvents(later.id)).map((e) => [e.actorId, e.payload.by])).toEqual([
      [later.owner.id, undefined],
      [null, 'schedule'],
    ]);

    // Moved by hand past its dates: the schedule never moves it back.
    await changeStage(database.db, { actor: soon.owner, challengeId: soon.id, to: 'voting' });
    await changeStage(database.db, { actor: soon.owner, challengeId: soon.id, to: 'review' });
    clock.set(at(72));
    await runner.poke();
    expect(await stageOf(soon.id)).toBe('review');

    // Every move ran as its own job, and the check stays scheduled once.
    const pending = await database.db
      .select({ name: jobs.name, runAt: jobs.runAt })
      .from(jobs)
      .where(eq(jobs.status, 'pending'));
    expect(pending).toEqual([{ name: 'stages.check', runAt: expect.any(Date) }]);
    expect(pending[0]!.runAt.getTime()).toBeLessThanOrEqual(
      at(72).getTime() + STAGE_CHECK_EVERY_MS,
    );
    await runner.stop();
  });
});
