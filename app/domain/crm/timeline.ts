// The participant's timeline on /me (issue 14 item 1): the kinds it can be filtered by, what each
// entry says (a message key of the `relationships` namespace) and the page's query parameters.
// Browser-safe: the page's filter form and the server share these lists.
import { z } from 'zod';

/** The groups the timeline can be filtered by (the "kind" select). */
export const TIMELINE_KINDS = [
  'ideas',
  'buildsOn',
  'votes',
  'comments',
  'shortlists',
  'rewards',
  'badges',
  'moderation',
  'consent',
  'brandWork',
  'intents',
  'other',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** What a timeline entry says, one sentence per kind of event and the person's part in it. */
export const TIMELINE_KEYS = [
  // What the person did.
  'joined',
  'ideaCreated',
  'ideaBuiltOn',
  'ideaUpdated',
  'ideaWithdrawn',
  'supported',
  'opposed',
  'voteChangedToSupport',
  'voteChangedToOppose',
  'voteWithdrawn',
  'commented',
  'replied',
  'commentEdited',
  'commentDeleted',
  'followed',
  'unfollowed',
  'consentChanged',
  'brandCreated',
  'managerAdded',
  'managerRemoved',
  'challengeCreated',
  'stageMoved',
  'scored',
  'shortlistedIdea',
  'unshortlistedIdea',
  'awarded',
  'rewardFulfilledBy',
  'rewardRevokedBy',
  // What happened to them.
  'builtOnYours',
  'supportReceived',
  'opposeReceived',
  'voteChangedReceived',
  'voteWithdrawnReceived',
  'commentReceived',
  'replyReceived',
  'shortlisted',
  'unshortlisted',
  'won',
  'rewardFulfilled',
  'rewardRevoked',
  'badgeEarned',
  'ideaHidden',
  'commentHidden',
  'addedToTeam',
  'removedFromTeam',
  // Intents (issue 17): the author's own steps and what brands did about their intents...
  'intentPublished',
  'intentClosed',
  'intentExpired',
  'offerReceived',
  'offerUpdatedReceived',
  'offerWithdrawnReceived',
  'offerAccepted',
  'offerDeclined',
  'messageSent',
  'messageReceived',
  // ...and a brand member's own work on intents addressed to their brand.
  'offerMade',
  'offerUpdated',
  'offerWithdrawn',
  'brandMessageSent',
] as const;
export type TimelineKey = (typeof TIMELINE_KEYS)[number];

/** Entries about an intent seen from the brand's side: their link goes to the brand's page of it. */
const BRAND_SIDE_KEYS: ReadonlySet<TimelineKey> = new Set([
  'offerMade',
  'offerUpdated',
  'offerWithdrawn',
  'brandMessageSent',
]);

/**
 * Where an entry's intent links to: the author's page of it, or for a brand member's work the
 * brand's page of it (null when the entry names no intent the person may open).
 */
export function intentHref(
  item: Pick<TimelineItem<unknown>, 'key' | 'intent' | 'brand'>,
): string | null {
  if (!item.intent) return null;
  if (!BRAND_SIDE_KEYS.has(item.key)) return `/intents/${item.intent.id}`;
  return item.brand ? `/brands/${item.brand.slug}/intents/${item.intent.id}` : null;
}

/** Entries per page. */
export const TIMELINE_PAGE_SIZE = 20;

/** The largest event id a cursor may name (ids are bigint; JavaScript numbers are exact below this). */
const MAX_CURSOR = Number.MAX_SAFE_INTEGER;

/** A select's "all" option sends an empty value: no filter. */
const blankIsNone = (v: unknown) => (v === '' ? undefined : v);

/**
 * The page's query: `kind` (one of TIMELINE_KINDS), `brand` (a brand's slug) and `after` (the id
 * of the last entry seen: the page starts with the next older one). Anything else is ignored.
 */
export const timelineQuerySchema = z.object({
  kind: z.preprocess(blankIsNone, z.enum(TIMELINE_KINDS).optional()),
  brand: z.preprocess(
    blankIsNone,
    z
      .string()
      .max(80)
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
      .optional(),
  ),
  after: z.preprocess(
    blankIsNone,
    z
      .string()
      .regex(/^[1-9]\d{0,15}$/)
      .transform(Number)
      .refine((n) => n <= MAX_CURSOR)
      .optional(),
  ),
});
export type TimelineQuery = z.infer<typeof timelineQuerySchema>;

/**
 * One line of the timeline. `at` is a Date on the server and its ISO string once the page's data
 * has travelled to the browser.
 */
export type TimelineItem<When = Date> = {
  id: number;
  at: When;
  key: TimelineKey;
  /** The idea it is about, when the person may see it; `ideaGone` when it is no longer public. */
  idea: { id: number; title: string } | null;
  ideaGone: boolean;
  /** For builds-on: the idea built on. */
  original: { id: number; title: string } | null;
  originalGone: boolean;
  /**
   * The intent it is about (issue 17), when the person may open it: their own, or one their brand
   * dealt with while they are still its member. Null otherwise (the sentence says "an intent").
   */
  intent: { id: number; title: string } | null;
  challenge: { slug: string; title: string; language: string } | null;
  brand: { slug: string; name: string } | null;
  /** The other person the sentence names (null handle: a deleted account), when it names one. */
  person: { handle: string | null } | null;
  /** A stage, consent levels, a rank, a badge: what the sentence says besides the links. */
  stage: string | null;
  from: string | null;
  to: string | null;
  rank: number | null;
  badge: string | null;
  /** What the ledger gave the person for this event (sum of its entries), or null for none. */
  points: number | null;
  /** The start of the comment, for comments made and received while it stands. */
  excerpt: string | null;
};
