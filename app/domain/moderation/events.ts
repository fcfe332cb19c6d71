// The event types of moderation (see app/domain/events/registry.ts for what the fields mean). Room
// messages carry ids and kinds only: never who flagged, hid or suspended.
import type { EventDeclarations } from '#app/domain/events/registry';

export const moderationEvents = {
  /**
   * Someone flagged an idea (commentId null) or a comment. Goes to no room: flags are seen by
   * reviewers only. actor: the flagger; subject: the author. payload: { reason, flagId }
   */
  'content.flagged': { rooms: [], published: [] },
  /**
   * The third flag from distinct people hid the item by itself, pending review; the open pages drop
   * it. actor: the last flagger; subject: the author. payload: { kind: 'idea' | 'comment' }
   */
  'content.auto_hidden': { rooms: ['challenge', 'idea'], published: ['kind'] },
  /**
   * An idea or comment hidden on an upheld flag (or by a reviewer directly); subject is its author,
   * who loses points for it. payload: { kind: 'idea' | 'comment' }
   */
  'content.hidden': { rooms: ['challenge', 'idea'], published: ['kind'] },
  /**
   * A reviewer restored hidden content (or dismissed the flags that hid it). If it had been hidden
   * on an upheld flag, the penalty is taken back. payload: { kind: 'idea' | 'comment' }
   */
  'content.restored': { rooms: ['challenge', 'idea'], published: ['kind'] },
  /** A reviewer dismissed the open flags of an item that stays as it was. payload: { kind, flags } */
  'flags.dismissed': { rooms: [], published: [] },
  /** A reviewer let a new account's first post be (it leaves the queue). payload: { kind } */
  'content.approved': { rooms: [], published: [] },
  /** A reviewer changed an idea's tags. payload: { tags } */
  'idea.retagged': { rooms: ['challenge', 'idea'], published: [] },
  /**
   * Idea B (ideaId) merged into A; its votes moved there. The open pages of B go to A.
   * payload: { intoId, moved, dropped, supportCount, opposeCount } (A's counts after the merge)
   */
  'idea.merged': {
    rooms: ['challenge', 'idea'],
    published: ['intoId', 'supportCount', 'opposeCount'],
  },
  /**
   * Idea A (ideaId) received a merged duplicate: its open pages update their counts.
   * payload: { fromId, supportCount, opposeCount }
   */
  'idea.merge_received': {
    rooms: ['idea'],
    published: ['fromId', 'supportCount', 'opposeCount'],
  },
  /** A person suspended until a date; subject: them. payload: { suspensionId, until } */
  'user.suspended': { rooms: [], published: [] },
  /** A suspension ended, early (actor: the moderator) or by the job (actor null). */
  'user.unsuspended': { rooms: [], published: [] },
  /** An admin changed a person's site role. payload: { from, to } */
  'user.role_changed': { rooms: [], published: [] },
} as const satisfies EventDeclarations;
