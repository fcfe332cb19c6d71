import { useState } from 'react';
import { useLiveRoom, useSoonRevalidate } from '#app/live/live';
import type { LiveMessage, Position } from '#app/live/protocol';

/** The idea itself (not one of its comments) was just hidden, by flags or by a reviewer. */
export const isIdeaHidden = (m: LiveMessage | { type: string }) =>
  (m.type === 'content.auto_hidden' || m.type === 'content.hidden') &&
  'commentId' in m &&
  m.commentId === null;

/**
 * Whether the open idea page's idea was hidden since the page was read (issue 15). A reader who may
 * still see it (its author, a reviewer) gets the page reloaded, with the notice of why; anyone else
 * gets `true`, and the page gives way to "no longer available" (reloading would only 404). Restored:
 * false again (useLiveIdea reloads the page).
 */
export function useLiveHidden(ideaId: number, cursor: Position, seesHidden: boolean) {
  const [gone, setGone] = useState(false);
  const reload = useSoonRevalidate();
  useLiveRoom(`idea:${ideaId}`, cursor, (m) => {
    if (isIdeaHidden(m)) {
      if (seesHidden) reload();
      else setGone(true);
    } else if (m.type === 'content.restored' && 'commentId' in m && m.commentId === null) {
      setGone(false);
    }
  });
  return gone;
}
