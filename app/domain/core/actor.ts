import type { UserRole } from '../../../db/schema';

/** Whoever performs a domain action: a signed-in user with a site role. */
export type Actor = { id: string; role: UserRole };

export const isModerator = (actor: Actor | null | undefined) =>
  actor?.role === 'moderator' || actor?.role === 'admin';
