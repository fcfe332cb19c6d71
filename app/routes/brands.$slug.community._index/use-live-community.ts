import { useLiveRoom, useSoonRevalidate } from '#app/live/live';
import type { Position } from '#app/live/protocol';

/**
 * Keeps the community table current: the brand's room (members only) says, with counts and never
 * names, that its participants or their consents changed, and the page reloads its data — which
 * comes through the consent-checking read again, so the live path shows nothing the page would not.
 * Bursts of changes make one reload.
 */
export function useLiveCommunity(brandId: number, cursor: Position) {
  const reload = useSoonRevalidate(400);
  // The brand's room also carries what passes between the brand and intents' authors (offers,
  // answers, messages): the community table reloads only for its own changes, or when told to.
  useLiveRoom(`brand:${brandId}`, cursor, (m) => {
    if (m.type === 'community.changed' || m.type === 'refetch') reload();
  });
}
