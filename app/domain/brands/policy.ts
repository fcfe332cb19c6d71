// Who may do what with a brand: pure rules shared by the brand commands, the queries that hide
// drafts, and the pages' `can` flags. Browser-safe; the caller fetches the viewer's role.
import type { BrandRole } from '../../../db/schema';
import { isModerator, type Actor } from '#app/domain/core/actor';

/** A viewer and their role in the brand (null when not a member). */
export type BrandStanding = { actor: Actor | null | undefined; memberRole: BrandRole | null };

/** Brand members (owner, managers) and site moderators and admins manage a brand's challenges. */
export function canManageBrand({ actor, memberRole }: BrandStanding) {
  if (!actor) return false;
  return isModerator(actor) || memberRole !== null;
}

/** The brand's owner, or a site admin, adds and removes its managers. */
export function canAddManagers({ actor, memberRole }: BrandStanding) {
  if (!actor) return false;
  return memberRole === 'owner' || actor.role === 'admin';
}
