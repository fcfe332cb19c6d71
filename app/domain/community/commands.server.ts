// Saved segments of a brand's community: a named filter, saved and deleted by the brand's members.
import { and, count, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { communitySegments } from '../../../db/schema';
import type { Actor } from '#app/domain/core/actor';
import { nowFrom, type Timed } from '#app/domain/core/clock';
import { conflict, msg, notFound } from '#app/domain/core/errors';
import { UNIQUE_VIOLATION, pgErrorCode } from '#app/domain/core/pg-errors.server';
import { appendEvent } from '#app/domain/events/log.server';
import { openCommunity } from './access.server';
import { MAX_SEGMENTS, communityFilterSchema, type CommunityFilter } from './schema';

const taken = (name: string) =>
  conflict(
    'errors.community.segmentTaken',
    { name },
    { name: msg('errors.community.segmentTaken', { name }) },
  );

/**
 * Saves `filter` as the segment `name` of the brand (a member only). Names are unique per brand
 * whatever their case; a brand keeps at most MAX_SEGMENTS.
 */
export async function saveSegment(
  db: Db,
  {
    actor,
    brandId,
    name,
    filter,
    ...timed
  }: { actor: Actor; brandId: number; name: string; filter: CommunityFilter } & Timed,
) {
  const now = nowFrom(timed);
  // Stored only in the shape the page reads back.
  const stored = communityFilterSchema.parse(filter);
  try {
    return await db.transaction(async (tx) => {
      const scope = await openCommunity(tx, actor, { id: brandId });
      const [same] = await tx
        .select({ id: communitySegments.id })
        .from(communitySegments)
        .where(
          and(
            eq(communitySegments.brandId, scope.brandId),
            sql`lower(${communitySegments.name}) = lower(${name})`,
          ),
        );
      if (same) throw taken(name);
      const [held] = await tx
        .select({ n: count() })
        .from(communitySegments)
        .where(eq(communitySegments.brandId, scope.brandId));
      if ((held?.n ?? 0) >= MAX_SEGMENTS)
        throw conflict('errors.community.tooManySegments', { max: MAX_SEGMENTS });
      const [segment] = await tx
        .insert(communitySegments)
        .values({
          brandId: scope.brandId,
          name,
          filter: stored,
          createdBy: actor.id,
          createdAt: now,
        })
        .returning({ id: communitySegments.id, name: communitySegments.name });
      await appendEvent(tx, {
        type: 'community.segment_saved',
        actorId: actor.id,
        brandId: scope.brandId,
        payload: { segmentId: segment!.id },
        at: now,
      });
      return { id: segment!.id, name: segment!.name, filter: stored };
    });
  } catch (e) {
    // Two members saving the same name at once: the unique index decides.
    if (pgErrorCode(e) === UNIQUE_VIOLATION) throw taken(name);
    throw e;
  }
}

/** Deletes one of the brand's segments (a member only); another brand's segment is not found. */
export async function deleteSegment(
  db: Db,
  {
    actor,
    brandId,
    segmentId,
    ...timed
  }: { actor: Actor; brandId: number; segmentId: number } & Timed,
) {
  const now = nowFrom(timed);
  return db.transaction(async (tx) => {
    const scope = await openCommunity(tx, actor, { id: brandId });
    const [gone] = await tx
      .delete(communitySegments)
      .where(and(eq(communitySegments.id, segmentId), eq(communitySegments.brandId, scope.brandId)))
      .returning({ id: communitySegments.id, name: communitySegments.name });
    if (!gone) throw notFound('errors.community.segmentNotFound');
    await appendEvent(tx, {
      type: 'community.segment_deleted',
      actorId: actor.id,
      brandId: scope.brandId,
      payload: { segmentId: gone.id },
      at: now,
    });
    return gone;
  });
}
