// Keeps the author's intent page current: the author's own room ('me') says, with ids only, that
// an offer or a message on one of their intents changed, and the page reloads its data through the
// same author-only read. Bursts of changes make one reload.
import { useEffect, useRef, useState } from 'react';
import { useLiveRoom, useSoonRevalidate } from '#app/live/live';
import type { Position } from '#app/live/protocol';

/** Notifications the author gets about their intents (app/domain/intents/reactions.server.ts). */
const NOTIFICATION_KINDS = new Set(['offer', 'intent_message']);

export function useLiveIntent(intentId: number, cursor: Position, offerCount: number) {
  const reload = useSoonRevalidate(300);
  useLiveRoom('me', cursor, (m) => {
    if (m.type === 'refetch') return reload();
    if ('kind' in m) {
      if (NOTIFICATION_KINDS.has(m.kind)) reload();
      return;
    }
    const about = 'data' in m ? Number(m.data.intentId) : NaN;
    if ((m.type.startsWith('offer.') || m.type.startsWith('intent.')) && about === intentId)
      reload();
  });
  // How many offers arrived since the page was first shown (for the polite announcement).
  const seen = useRef({ intentId, offerCount });
  const [arrived, setArrived] = useState(0);
  useEffect(() => {
    const before = seen.current;
    if (before.intentId !== intentId) setArrived(0);
    else if (offerCount > before.offerCount) setArrived(offerCount - before.offerCount);
    seen.current = { intentId, offerCount };
  }, [intentId, offerCount]);
  return { arrived };
}
