// Reading a person's consents, and whether to ask them the consent question for a brand.
import { and, desc, eq, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../db/client.server';
import { brandConsents, brands } from '../../../db/schema';
import { DEFAULT_CONSENT } from './policy';
import type { ConsentLevel } from './schema';

/** What `brandId` may see about `userId`: their answer, or `none` when they never gave one. */
export async function consentOf(db: Db, userId: string, brandId: number): Promise<ConsentLevel> {
  const [row] = await db
    .select({ level: brandConsents.level })
    .from(brandConsents)
    .where(and(eq(brandConsents.userId, userId), eq(brandConsents.brandId, brandId)));
  return row?.level ?? DEFAULT_CONSENT;
}

export type BrandConsentRow = {
  brandId: number;
  name: string;
  slug: string;
  level: ConsentLevel;
  updatedAt: Date;
};

/** Every answer the person gave, latest change first (for /me). */
export async function consentsOf(db: Db, userId: string): Promise<BrandConsentRow[]> {
  return db
    .select({
      brandId: brands.id,
      name: brands.name,
      slug: brands.slug,
      level: brandConsents.level,
      updatedAt: brandConsents.updatedAt,
    })
    .from(brandConsents)
    .innerJoin(brands, eq(brands.id, brandConsents.brandId))
    .where(eq(brandConsents.userId, userId))
    .orderBy(desc(brandConsents.updatedAt), brands.name);
}

/** The actions on a brand's challenges that make the consent question due. */
export const CONSENT_ASKING_EVENTS = ['vote.cast', 'idea.created', 'comment.created'] as const;

/**
 * Whether to ask `userId` what `brandId` may see: they never answered for that brand, and they
 * have acted on one of its challenges (an idea, a vote, a comment — read from the event log).
 */
export async function consentQuestion(db: Db, userId: string, brandId: number): Promise<boolean> {
  const [row] = rowsOf<{ ask: boolean }>(
    await db.execute(sql`
      select not exists (select 1 from brand_consents c
          where c.user_id = ${userId} and c.brand_id = ${brandId})
        and exists (select 1 from events e
          where e.actor_id = ${userId} and e.brand_id = ${brandId}
            and e.type in ${[...CONSENT_ASKING_EVENTS]}) as ask`),
  );
  return row?.ask === true;
}
