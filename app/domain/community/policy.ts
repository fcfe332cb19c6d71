// Who may see a brand's community (PRODUCT.md "CRM profile"): the brand's own team, its owner and
// managers, and nobody else — not site moderators or admins either, whose powers are over content,
// not over what participants shared with one brand. Pure, shared by the reads and the pages' links.
import type { BrandStanding } from '#app/domain/brands/policy';

export function canSeeCommunity({ actor, memberRole }: BrandStanding): boolean {
  return !!actor && memberRole !== null;
}
