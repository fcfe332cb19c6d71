import { useRevalidator } from '@remix-run/react';
import { useState } from 'react';
import { useLiveRoom, useSoonRevalidate } from '#app/live/live';
import { comparePosition, type Position } from '#app/live/protocol';

export type Counts = { supportCount: number; opposeCount: number; commentCount: number };
type CountKey = keyof Counts;
const COUNT_KEYS: readonly CountKey[] = ['supportCount', 'opposeCount', 'commentCount'];

/** One live count and the event that carried it. */
type LiveCount = { value: number; id: number; position: Position };

/**
 * Live state of a challenge page: vote and comment counts that changed after the page's data was
 * read (events after its cursor), new ideas waiting to be shown, and reloads for bigger changes.
 * Events just after the cursor may already be in the page's data, so every update is idempotent:
 * counts are absolute, new ideas are counted once each.
 */
export function useLiveChallenge(challengeId: number, cursor: Position) {
  const [changes, setChanges] = useState<Record<number, Partial<Record<CountKey, LiveCount>>>>({});
  const [newIdeas, setNewIdeas] = useState<Map<number, Position>>(new Map());
  const reload = useSoonRevalidate();
  const { revalidate } = useRevalidator();
  useLiveRoom(`challenge:${challengeId}`, cursor, (m) => {
    if (m.type === 'idea.created' && m.ideaId !== null) {
      const ideaId = m.ideaId;
      setNewIdeas((ideas) => (ideas.has(ideaId) ? ideas : new Map(ideas).set(ideaId, m.position)));
    } else if (
      'data' in m &&
      m.ideaId !== null &&
      (m.type.startsWith('vote.') || m.type.startsWith('comment.'))
    ) {
      const ideaId = m.ideaId;
      setChanges((c) => {
        const idea = { ...c[ideaId] };
        for (const key of COUNT_KEYS) {
          const value = m.data[key];
          // The newest write to the idea has the highest event id (it held the idea's row lock
          // after the others), whatever order the log delivers the events in.
          if (typeof value === 'number' && !(idea[key] && idea[key].id > m.id))
            idea[key] = { value, id: m.id, position: m.position };
        }
        return { ...c, [ideaId]: idea };
      });
    } else {
      // Stage moves, edits, withdrawals, content hidden or restored by moderation (the list drops
      // or regains the idea, or a comment count changes), or too much missed: reload the data.
      reload();
    }
  });
  return {
    newIdeas: [...newIdeas.values()].filter((p) => comparePosition(p, cursor) > 0).length,
    showNew: () => revalidate(),
    counts(idea: Counts & { id: number }): Counts {
      const change = changes[idea.id];
      if (!change) return idea;
      const counts = { ...idea };
      for (const key of COUNT_KEYS) {
        const live = change[key];
        if (live && comparePosition(live.position, cursor) > 0) counts[key] = live.value;
      }
      return counts;
    },
  };
}
