import { useState } from 'react';
import { useLiveRoom, useSoonRevalidate } from '#app/live/live';

/** Vote counts pushed live, and a quiet reload when comments or the idea itself change. */
export function useLiveIdea(ideaId: number, cursor: number) {
  const [votes, setVotes] = useState<{
    supportCount: number;
    opposeCount: number;
    at: number;
  } | null>(null);
  const reload = useSoonRevalidate();
  useLiveRoom(`idea:${ideaId}`, cursor, (m) => {
    if ('data' in m && m.type.startsWith('vote.')) {
      const { supportCount, opposeCount } = m.data;
      if (typeof supportCount === 'number' && typeof opposeCount === 'number')
        setVotes({ supportCount, opposeCount, at: m.id });
    } else reload(); // new, edited or deleted comments; edits; withdrawal; or too much missed
  });
  return votes;
}
