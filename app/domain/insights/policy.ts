// Who may see a brand's dashboard (issue 16): the brand's own team, its owner and managers, as for
// its community (decision 017) — not site moderators or admins, whose powers are over content. The
// dashboard shows people only as consent allows, but its figures are the brand's business data.
// Pure, shared by the reads and the pages' links.
import type { BrandStanding } from '#app/domain/brands/policy';

export function canSeeInsights({ actor, memberRole }: BrandStanding): boolean {
  return !!actor && memberRole !== null;
}
