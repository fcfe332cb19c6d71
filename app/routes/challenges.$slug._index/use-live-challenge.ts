import { useRevalidator } from '@remix-run/react';
import { useState } from 'react';
import { useLiveRoom, useSoonRevalidate } from '#app/live/live';

export type Counts = { supportCount: number; opposeCount: number; commentCount: number };

/**
 * Live state of a challenge page: vote and comment counts that changed after the page's data was
 * read (events newer than its cursor), new ideas waiting to be shown, and reloads for bigger changes.
 */
export function useLiveChallenge(challengeId: number, cursor: number) {
  const [changes, setChanges] = useState<Record<number, Partial<Counts> & { at: number }>>({});
  const [newIdeaIds, setNewIdeaIds] = useState<number[]>([]);
  const reload = useSoonRevalidate();
  const { revalidate } = useRevalidator();
  useLiveRoom(`challenge:${challengeId}`, cursor, (m) => {
    if (m.type === 'idea.created') setNewIdeaIds((ids) => [...ids, m.id]);
    else if (
      'data' in m &&
      m.ideaId !== null &&
      (m.type.startsWith('vote.') || m.type.startsWith('comment.'))
    ) {
      const ideaId = m.ideaId;
      const update: Partial<Counts> = {};
      for (const key of ['supportCount', 'opposeCount', 'commentCount'] as const) {
        const v = m.data[key];
        if (typeof v === 'number') update[key] = v;
      }
      setChanges((c) => ({ ...c, [ideaId]: { ...c[ideaId], ...update, at: m.id } }));
    } else reload(); // stage moves, edits, withdrawals, or too much missed: reload the page's data
  });
  return {
    newIdeas: newIdeaIds.filter((id) => id > cursor).length,
    showNew: () => revalidate(),
    counts(idea: Counts & { id: number }): Counts {
      const change = changes[idea.id];
      return change && change.at > cursor ? { ...idea, ...change } : idea;
    },
  };
}
