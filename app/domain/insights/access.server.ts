// Who may read a brand's dashboard, checked once per request (issue 16): `openInsights` looks the
// brand up and checks the viewer is on its team (policy.ts, the community's rule), and hands out an
// `InsightsScope`, which every read of the dashboard needs (queries.server.ts) and which nothing
// else can make. So a read cannot be made without the check, and the check is not repeated by the
// reads — as the community's `openCommunity` does (app/domain/community/access.server.ts).
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { brands, type BrandRole } from '../../../db/schema';
import type { Actor } from '#app/domain/core/actor';
import { forbidden, notFound, unauthorized } from '#app/domain/core/errors';
import { memberRole } from '#app/domain/brands/queries.server';
import { canSeeInsights } from './policy';

const SCOPE = Symbol('insights scope');

/** A brand whose dashboard the viewer may read: only `openInsights` makes one. */
export type InsightsScope = {
  readonly brandId: number;
  readonly brand: { readonly id: number; readonly slug: string; readonly name: string };
  readonly role: BrandRole;
  readonly [SCOPE]: true;
};

/** Whether `value` is a scope `openInsights` made (a forged object is not). */
export const isInsightsScope = (value: unknown): value is InsightsScope =>
  typeof value === 'object' && value !== null && (value as { [SCOPE]?: true })[SCOPE] === true;

/**
 * The dashboard of the brand `slug` (or with id `id`), for a member of its team: an unknown brand
 * is a 404, a visitor a 401, anyone else (site moderators and admins too) a 403.
 */
export async function openInsights(
  db: Db,
  viewer: Actor | null | undefined,
  brand: { slug: string } | { id: number },
): Promise<InsightsScope> {
  const [row] = await db
    .select({ id: brands.id, slug: brands.slug, name: brands.name })
    .from(brands)
    .where('slug' in brand ? eq(brands.slug, brand.slug) : eq(brands.id, brand.id));
  if (!row) throw notFound('errors.notFound.brand');
  if (!viewer) throw unauthorized();
  const role = await memberRole(db, viewer.id, row.id);
  if (!canSeeInsights({ actor: viewer, memberRole: role }) || role === null)
    throw forbidden('insights.errors.notMember');
  return { brandId: row.id, brand: row, role, [SCOPE]: true };
}
