// Who may do what with an intent and its offers (issue 17): pure rules shared by the commands, the
// queries' `can` flags and the pages. Browser-safe: the caller passes the rows and the time.
import type { ConsentLevel, IntentStatus, OfferStatus } from '../../../db/schema';
import { brandMaySee } from '#app/domain/consent/policy';
import { PRIVILEGES } from '#app/domain/reputation/rules';

const DAY_MS = 86_400_000;

/** Open intents (draft + published) one person may have at a time. */
export const MAX_OPEN_INTENTS = 5;
/** The same for a new account (see `openIntentLimit`). */
export const NEW_ACCOUNT_OPEN_INTENTS = 2;
/** An account younger than this many days is new. */
export const NEW_ACCOUNT_DAYS = 7;
/**
 * Below this reputation an account is new too: the first threshold that unlocks anything beyond
 * what every account may do (flagging, app/domain/reputation/rules.ts).
 */
export const NEW_ACCOUNT_REPUTATION = PRIVILEGES.flag;

/** How far ahead an intent's expiry date may be: 1 to 180 days after today (UTC). */
export const MIN_EXPIRY_DAYS = 1;
export const MAX_EXPIRY_DAYS = 180;

/** The UTC day of a moment, YYYY-MM-DD. */
export const dayOf = (at: Date) => at.toISOString().slice(0, 10);

/** The UTC day `days` after the day of `now`. */
export const dayAfter = (now: Date, days: number) =>
  dayOf(new Date(Date.parse(`${dayOf(now)}T00:00:00Z`) + days * DAY_MS));

/** When an intent whose expiry date is `expiresOn` stops taking offers: the end of that UTC day. */
export const expiresAtOf = (expiresOn: string) =>
  new Date(Date.parse(`${expiresOn}T00:00:00Z`) + DAY_MS);

/** The expiry date (YYYY-MM-DD) the form shows for a stored expires_at. */
export const expiresOnOf = (expiresAt: Date) => dayOf(new Date(expiresAt.getTime() - 1));

/** Whether `expiresOn` is 1–180 days after today (UTC). */
export const expiryInRange = (expiresOn: string, now: Date) =>
  expiresOn >= dayAfter(now, MIN_EXPIRY_DAYS) && expiresOn <= dayAfter(now, MAX_EXPIRY_DAYS);

type IntentState = { status: IntentStatus };
type LiveIntent = IntentState & { expiresAt: Date };
type OfferState = { status: OfferStatus };

/** The author edits a draft or a published intent (publishing a draft is an edit too). */
export const canEditIntent = (intent: IntentState) =>
  intent.status === 'draft' || intent.status === 'published';

/** The author closes a published intent (a draft is never seen by anyone: it is edited or left). */
export const canCloseIntent = (intent: IntentState) => intent.status === 'published';

/** Brands may offer while the intent is published and not past its expiry. */
export const canOffer = (intent: LiveIntent, now: Date) =>
  intent.status === 'published' && intent.expiresAt.getTime() > now.getTime();

/** The brand edits or withdraws its offer until the author answers it. */
export const canChangeOffer = (offer: OfferState) => offer.status === 'open';

/** Whether the offer is still held by the brand on `now` (valid_until is inclusive). */
export const offerStillValid = (offer: { validUntil: string }, now: Date) =>
  offer.validUntil >= dayOf(now);

/**
 * The author may accept the offer: it is open and still valid, and the intent takes offers. (Only
 * the author answers; the caller checks who the viewer is.)
 */
export const canAnswerOffer = (
  intent: LiveIntent,
  offer: OfferState & { validUntil: string },
  now: Date,
) => canChangeOffer(offer) && canOffer(intent, now) && offerStillValid(offer, now);

/** The author may decline an open offer at any time while it is open (even past valid_until). */
export const canDeclineOffer = (offer: OfferState) => canChangeOffer(offer);

export type AuthorShown = 'profile' | 'handle' | 'anonymous';

/** How a brand sees an intent's author, by the author's consent to that brand. */
export function authorShownAs(level: ConsentLevel | null | undefined): AuthorShown {
  if (brandMaySee(level, 'profile')) return 'profile';
  if (brandMaySee(level, 'activity')) return 'handle';
  return 'anonymous';
}

/**
 * How many open intents (draft + published) a person may have: 2 while their account is new
 * (created less than 7 days ago, or reputation below 15, the flagging threshold), else 5.
 */
export function openIntentLimit(
  person: { createdAt: Date; reputation: number },
  now: Date,
): number {
  const young = now.getTime() - person.createdAt.getTime() < NEW_ACCOUNT_DAYS * DAY_MS;
  return young || person.reputation < NEW_ACCOUNT_REPUTATION
    ? NEW_ACCOUNT_OPEN_INTENTS
    : MAX_OPEN_INTENTS;
}
