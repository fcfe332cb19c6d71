// Consent per brand: what each brand may see about the person (none, activity, profile).
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { brandConsents, brands } from '../../../db/schema';
import type { Actor } from '#app/domain/core/actor';
import { nowFrom, type Timed } from '#app/domain/core/clock';
import { notFound } from '#app/domain/core/errors';
import { appendEvent } from '#app/domain/events/log.server';
import { DEFAULT_CONSENT } from './policy';
import type { ConsentLevel } from './schema';

export type ConsentResult = { brandId: number; level: ConsentLevel; changed: boolean };

/**
 * Sets what `brandId` may see about the actor. Only ever the actor's own consent: there is no
 * way to name another person. Answering for the first time (even `none`, "Not now") writes the
 * row, so the question is not asked again; the `consent.changed` event is appended only when the
 * level differs from what it was (no row counts as `none`). Concurrent answers of one person for
 * one brand apply one after another: the row is locked, or its insert waits on the other's.
 */
export async function setConsent(
  db: Db,
  {
    actor,
    brandId,
    level,
    ...timed
  }: { actor: Actor; brandId: number; level: ConsentLevel } & Timed,
): Promise<ConsentResult> {
  const now = nowFrom(timed);
  return db.transaction(async (tx) => {
    const [brand] = await tx.select({ id: brands.id }).from(brands).where(eq(brands.id, brandId));
    if (!brand) throw notFound('errors.notFound.brand');
    const mine = and(eq(brandConsents.userId, actor.id), eq(brandConsents.brandId, brandId));
    // Insert first: a concurrent first answer then waits here until the other commits, and the
    // locked read below sees the level it left.
    const inserted = await tx
      .insert(brandConsents)
      .values({ userId: actor.id, brandId, level, createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning({ level: brandConsents.level });
    let from: ConsentLevel = DEFAULT_CONSENT;
    if (inserted.length === 0) {
      const [row] = await tx
        .select({ level: brandConsents.level })
        .from(brandConsents)
        .where(mine)
        .for('update');
      from = row!.level;
      if (from !== level) await tx.update(brandConsents).set({ level, updatedAt: now }).where(mine);
    }
    const changed = from !== level;
    if (changed)
      await appendEvent(tx, {
        type: 'consent.changed',
        actorId: actor.id,
        subjectUserId: actor.id,
        brandId,
        payload: { from, to: level },
        at: now,
      });
    return { brandId, level, changed };
  });
}
