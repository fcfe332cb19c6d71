// Privileges by reputation (PRODUCT.md "Reputation, trust, rewards"): pure rules the commands
// check and the pages reuse for their locked controls. Browser-safe.
import { PRIVILEGES, type Privilege } from './rules';

export type Standing = {
  /** The person's reputation (ledger total, never below 1). */
  reputation: number;
  /**
   * Whether a role grants the power regardless of points: a member of the brand concerned, or a
   * site moderator or admin.
   */
  roleOverride: boolean;
};

/** What a locked control says: the threshold that unlocks it and what the person has now. */
export type PrivilegeRefusal = { privilege: Privilege; threshold: number; reputation: number };

/** Why the person may not use a privilege yet, or null when they may. */
export function privilegeRefusal(
  privilege: Privilege,
  { reputation, roleOverride }: Standing,
): PrivilegeRefusal | null {
  const threshold = PRIVILEGES[privilege];
  if (roleOverride || reputation >= threshold) return null;
  return { privilege, threshold, reputation };
}

export const hasPrivilege = (privilege: Privilege, standing: Standing) =>
  privilegeRefusal(privilege, standing) === null;
