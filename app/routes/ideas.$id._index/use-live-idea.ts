import { useNavigate } from '@remix-run/react';
import { useState } from 'react';
import { useLiveRoom, useSoonRevalidate } from '#app/live/live';
import type { Position } from '#app/live/protocol';
import { isIdeaHidden } from './use-live-hidden';

export type LiveVotes = {
  supportCount: number;
  opposeCount: number;
  /** The event that carried them: its id orders the idea's changes, its position the page's. */
  id: number;
  position: Position;
};

/**
 * Vote counts pushed live, and a quiet reload when comments or the idea itself change. A merge
 * (issue 15) takes the page of the merged idea to its original; the original's counts take the
 * moved votes, and its credits and discussions come with the reload.
 */
export function useLiveIdea(ideaId: number, cursor: Position) {
  const [votes, setVotes] = useState<LiveVotes | null>(null);
  const reload = useSoonRevalidate();
  const navigate = useNavigate();
  useLiveRoom(`idea:${ideaId}`, cursor, (m) => {
    if ('data' in m && m.type === 'idea.merged' && typeof m.data.intoId === 'number') {
      navigate(`/ideas/${m.data.intoId}?merged=${ideaId}`, { replace: true });
      return;
    }
    const received = m.type === 'idea.merge_received';
    if ('data' in m && (m.type.startsWith('vote.') || received)) {
      const { supportCount, opposeCount } = m.data;
      if (typeof supportCount !== 'number' || typeof opposeCount !== 'number') return;
      // Counts are absolute, and the newest write to the idea has the highest event id (votes
      // take the idea's row lock before appending), whatever order the log delivers them in.
      setVotes((v) =>
        v && v.id > m.id ? v : { supportCount, opposeCount, id: m.id, position: m.position },
      );
      if (received) reload();
    } else if (isIdeaHidden(m)) {
      // useLiveHidden decides: most readers may no longer see it, and a reload would 404.
    } else reload(); // comments (new, edited, deleted, hidden, restored); edits; withdrawal; or too much missed
  });
  return votes;
}
