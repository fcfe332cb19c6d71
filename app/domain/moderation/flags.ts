// Flags (issue 15): the reasons, the numbers, the form's schema and who may flag what. Browser-safe:
// the flag form and flagContent (flags.server.ts) read the same schema, and the idea page's locked
// controls come from the same policy the command checks.
import { z } from 'zod';
import type { FlagReason } from '../../../db/schema';
import { MAX_ID } from '#app/domain/core/fields';
import { privilegeRefusal, type Standing } from '#app/domain/reputation/policy';
import { PRIVILEGES } from '#app/domain/reputation/rules';

export type { FlagReason };

/** In the order the form offers them. */
export const FLAG_REASONS = [
  'spam',
  'offensive',
  'off_topic',
  'duplicate',
  'other',
] as const satisfies readonly FlagReason[];

/** Open flags from this many distinct people hide an item at once, pending review. */
export const AUTO_HIDE_FLAGS = 3;

/**
 * A person whose flags were dismissed `dismissals` times within `withinDays` days may not flag for
 * `days` days (the review queue's dismiss action imposes it).
 */
export const FLAG_BAN = { dismissals: 3, withinDays: 30, days: 7 } as const;

export const FLAG_NOTE_MAX = 500;

/** The reputation that unlocks flagging (reputation/rules.ts). */
export const FLAG_THRESHOLD = PRIVILEGES.flag;

/**
 * "123", "/ideas/123" or a whole address ending in /ideas/123 (a query or fragment after it is
 * fine): the idea's id, or null when the text is none of these.
 */
export function ideaIdFromText(text: string): number | null {
  const match =
    /^(\d{1,10})$/.exec(text) ??
    /^(?:https?:\/\/[^/\s]+)?\/ideas\/(\d{1,10})\/?(?:[?#]\S*)?$/i.exec(text);
  if (!match) return null;
  const id = Number(match[1]);
  return id >= 1 && id <= MAX_ID ? id : null;
}

const reasonField = z.enum(FLAG_REASONS, {
  errorMap: () => ({ message: 'flags.errors.reason' }),
});

/**
 * The flag form: a reason; for 'duplicate' the original (its number or its address, pasted); a
 * note, required for 'other'. A duplicate-of field sent with another reason is ignored (the form
 * always has the field).
 */
export const flagSchema = z
  .object({
    reason: reasonField,
    duplicateOf: z
      .string({ invalid_type_error: 'flags.errors.duplicateFormat' })
      .trim()
      .max(300, 'flags.errors.duplicateFormat')
      .optional(),
    note: z
      .string({ invalid_type_error: 'flags.errors.noteType' })
      .trim()
      .max(FLAG_NOTE_MAX, 'flags.errors.noteLength')
      .optional()
      .default(''),
  })
  .transform(({ reason, duplicateOf, note }, ctx) => {
    let duplicateOfId: number | null = null;
    if (reason === 'duplicate') {
      if (!duplicateOf) {
        ctx.addIssue({
          code: 'custom',
          path: ['duplicateOf'],
          message: 'flags.errors.duplicateRequired',
        });
        return z.NEVER;
      }
      duplicateOfId = ideaIdFromText(duplicateOf);
      if (duplicateOfId === null) {
        ctx.addIssue({
          code: 'custom',
          path: ['duplicateOf'],
          message: 'flags.errors.duplicateFormat',
        });
        return z.NEVER;
      }
    }
    if (reason === 'other' && note === '') {
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'flags.errors.noteRequired' });
      return z.NEVER;
    }
    return { reason, duplicateOfId, note };
  });

export type FlagInput = z.output<typeof flagSchema>;

/** The flagger's standing: reputation and role powers, and the end of a flag ban in force. */
export type FlagStanding = Standing & { bannedUntil: Date | string | null };

/** What is being flagged, as the viewer meets it. */
export type FlagItem = {
  /** The viewer wrote it. */
  own: boolean;
  /** Nothing to flag: hidden, merged, withdrawn, deleted or not public. */
  gone: boolean;
  /** The viewer flagged it already (one flag per person per item, ever). */
  flagged: boolean;
};

/**
 * Why the viewer may not flag the item, in the order a page explains it; null when they may.
 * Moderators and members of the item's brand need an account like anyone but not the reputation
 * (their `roleOverride`); a flag ban stops everyone.
 */
export type FlagRefusal = 'gone' | 'signIn' | 'own' | 'flagged' | 'banned' | 'privilege';

export function flagRefusal(
  actor: { id: string } | null | undefined,
  standing: FlagStanding | null,
  item: FlagItem,
): FlagRefusal | null {
  if (item.gone) return 'gone';
  if (!actor || !standing) return 'signIn';
  if (item.own) return 'own';
  if (item.flagged) return 'flagged';
  if (standing.bannedUntil) return 'banned';
  if (privilegeRefusal('flag', standing)) return 'privilege';
  return null;
}

/**
 * Why content is hidden, as its author (and reviewers) see it: by the flags of several people,
 * pending review (how many, for which reasons — never who), or by a moderator, with their reason.
 */
export type HiddenNotice =
  { by: 'flags'; flags: number; reasons: FlagReason[] } | { by: 'moderator'; reason: string };
