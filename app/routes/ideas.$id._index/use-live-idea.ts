import { useState } from 'react';
import { useLiveRoom, useSoonRevalidate } from '#app/live/live';
import type { Position } from '#app/live/protocol';

export type LiveVotes = {
  supportCount: number;
  opposeCount: number;
  /** The event that carried them: its id orders the idea's changes, its position the page's. */
  id: number;
  position: Position;
};

/** Vote counts pushed live, and a quiet reload when comments or the idea itself change. */
export function useLiveIdea(ideaId: number, cursor: Position) {
  const [votes, setVotes] = useState<LiveVotes | null>(null);
  const reload = useSoonRevalidate();
  useLiveRoom(`idea:${ideaId}`, cursor, (m) => {
    if ('data' in m && m.type.startsWith('vote.')) {
      const { supportCount, opposeCount } = m.data;
      if (typeof supportCount !== 'number' || typeof opposeCount !== 'number') return;
      // Counts are absolute, and the newest write to the idea has the highest event id (votes
      // take the idea's row lock before appending), whatever order the log delivers them in.
      setVotes((v) =>
        v && v.id > m.id ? v : { supportCount, opposeCount, id: m.id, position: m.position },
      );
    } else reload(); // new, edited or deleted comments; edits; withdrawal; or too much missed
  });
  return votes;
}
