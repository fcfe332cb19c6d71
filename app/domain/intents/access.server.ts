// Who reaches an intent (issue 17), as SQL the commands and the queries share, so a brand that may
// not see an intent can neither read it nor act on it. Brand members are the brand's owner and
// managers (brand_members); site admins and moderators get nothing here.
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { brandMembers, brands, type BrandRole } from '../../../db/schema';
import type { Actor } from '#app/domain/core/actor';
import { notFound } from '#app/domain/core/errors';

/**
 * The intent row's columns, table-qualified: drizzle writes a column bare ("id") in a select list,
 * where a subquery over another table with a column of that name would take its own.
 */
export const I = {
  id: sql.raw('"intents"."id"'),
  status: sql.raw('"intents"."status"'),
  audience: sql.raw('"intents"."audience"'),
  authorId: sql.raw('"intents"."author_id"'),
  tags: sql.raw('"intents"."tags"'),
  contactEmail: sql.raw('"intents"."contact_email"'),
};

/**
 * Whether brand `brandId` may read intent `intents` (the row in scope): a published intent
 * addressed to it (any brand; picked, and it is among the picked; participated, and the author
 * took part in its challenges: brand_participants), or any intent it has made an offer on (read
 * only, after it closes or expires, or its audience is narrowed). Drafts never.
 */
export function visibleToBrand(brandId: number | SQL): SQL {
  return sql`(
    (${I.status} = 'published' and (
      ${I.audience} = 'any'
      or (${I.audience} = 'picked' and exists (
        select 1 from intent_brands ib where ib.intent_id = ${I.id} and ib.brand_id = ${brandId}))
      or (${I.audience} = 'participated' and exists (
        select 1 from brand_participants bp
        where bp.brand_id = ${brandId} and bp.user_id = ${I.authorId}))
    ))
    or (${I.status} <> 'draft' and exists (
      select 1 from intent_offers vo where vo.intent_id = ${I.id} and vo.brand_id = ${brandId}))
  )`;
}

/** Whether the published intent is addressed to the brand (what may take a new offer or a first message). */
export function addressedToBrand(brandId: number | SQL): SQL {
  return sql`(${I.status} = 'published' and (
      ${I.audience} = 'any'
      or (${I.audience} = 'picked' and exists (
        select 1 from intent_brands ib where ib.intent_id = ${I.id} and ib.brand_id = ${brandId}))
      or (${I.audience} = 'participated' and exists (
        select 1 from brand_participants bp
        where bp.brand_id = ${brandId} and bp.user_id = ${I.authorId}))
    ))`;
}

/** The actor's role in the brand: owner or manager; null for anyone else (site staff included). */
export async function brandRoleOf(
  db: Db,
  actor: Actor | null | undefined,
  brandId: number,
): Promise<BrandRole | null> {
  if (!actor) return null;
  const [row] = await db
    .select({ role: brandMembers.role })
    .from(brandMembers)
    .where(and(eq(brandMembers.brandId, brandId), eq(brandMembers.userId, actor.id)));
  return row?.role ?? null;
}

export type BrandRef = { id: number; slug: string; name: string };

/** The brand by slug; 404 when there is none. */
export async function brandBySlug(db: Db, slug: string): Promise<BrandRef> {
  const [row] = await db
    .select({ id: brands.id, slug: brands.slug, name: brands.name })
    .from(brands)
    .where(eq(brands.slug, slug));
  if (!row) throw notFound('errors.notFound.brand');
  return row;
}

/** The people a brand's side is told about when no offer writer is left: owners (and managers). */
export async function brandPeople(
  db: Db,
  brandId: number,
  roles: readonly BrandRole[] = ['owner'],
): Promise<string[]> {
  const rows = await db
    .select({ userId: brandMembers.userId, role: brandMembers.role })
    .from(brandMembers)
    .where(eq(brandMembers.brandId, brandId));
  return rows.filter((r) => roles.includes(r.role)).map((r) => r.userId);
}
