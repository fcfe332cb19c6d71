// What each consent level lets a brand see about a person: pure, shared by the brand-side reads and the UI.
import type { ConsentLevel } from './schema';

/** What a brand can be let see: `activity` (what they did on its challenges, under their handle), `profile` (name, interests, contact email). */
export type ConsentScope = 'activity' | 'profile';

const RANK: Record<ConsentLevel, number> = { none: 0, activity: 1, profile: 2 };

/** The level a person is at when they never answered. */
export const DEFAULT_CONSENT: ConsentLevel = 'none';

/** Whether a brand given `level` may see `scope` about the person; `none` sees nothing linked to them. */
export function brandMaySee(level: ConsentLevel | null | undefined, scope: ConsentScope): boolean {
  return RANK[level ?? DEFAULT_CONSENT] >= RANK[scope];
}
