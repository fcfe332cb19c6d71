// The stage scheduler: a recurring check finds challenges whose next stage date has passed and
// enqueues one job per move, so a challenge that fails to move is retried (and parked) on its own
// without holding up the others.
import { z } from 'zod';
import { challengesDueToMove, moveStageBySchedule } from '#app/domain/challenges/commands.server';
import { defineJob, enqueue, type JobDefinition } from './runner.server';

/** How often the schedule is checked: a stage moves at most this long after its date. */
export const STAGE_CHECK_EVERY_MS = 60_000;

export const stageMove = defineJob({
  name: 'stages.move',
  schema: z.object({ challengeId: z.number().int().positive() }),
  async handle({ challengeId }, { db, clock }) {
    // Several passed dates: one stage per transaction, each with its own event, until none is due.
    while (await moveStageBySchedule(db, { challengeId, clock }));
  },
});

export const stageCheck = defineJob({
  name: 'stages.check',
  schema: z.object({}),
  everyMs: STAGE_CHECK_EVERY_MS,
  async handle(_payload, { db, clock }) {
    const now = clock.now();
    for (const challengeId of await challengesDueToMove(db, now, 500)) {
      // One live move per challenge: a check that comes round while a move waits adds nothing.
      await enqueue(
        db,
        { name: stageMove.name, payload: { challengeId }, dedupeKey: `stage:${challengeId}` },
        clock,
      );
    }
  },
});

export const stageJobs: readonly JobDefinition[] = [stageCheck, stageMove];
