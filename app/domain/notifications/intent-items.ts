// How a notification about an intent (issue 17) is worded and where it leads, for the
// notifications page and the email digest alike. Browser-safe. The fields come from
// notificationItems (queries.server.ts), which selects the author's handle and name only as far as
// they consented to the brand, and names no brand member.

/** The fields of a notification item an intent's sentence and link use. */
export type IntentItemFields = {
  kind: string;
  intentId: number | null;
  intentTitle: string | null;
  intentForAuthor: boolean;
  brandName: string | null;
  brandSlug: string | null;
  step: string | null;
  participantHandle: string | null;
  participantName: string | null;
};

const INTENT_KINDS: ReadonlySet<string> = new Set([
  'offer',
  'offer_answer',
  'intent_message',
  'intent_expired',
]);

export const isIntentKind = (kind: string) => INTENT_KINDS.has(kind);

/**
 * Where the notification leads (a path): the author's page of the intent, or the brand's page of
 * it for a member of the brand; null when it is not about an intent (or the intent is gone).
 */
export function intentPathOf(
  item: Pick<IntentItemFields, 'kind' | 'intentId' | 'intentForAuthor' | 'brandSlug'>,
) {
  if (!isIntentKind(item.kind) || item.intentId === null) return null;
  if (item.intentForAuthor) return `/intents/${item.intentId}`;
  return item.brandSlug
    ? `/brands/${encodeURIComponent(item.brandSlug)}/intents/${item.intentId}`
    : null;
}

type Words = {
  /** "A participant" (a brand member reading about an author who shares nothing with the brand). */
  aParticipant: string;
  /** "an intent" (one that is gone). */
  anIntent: string;
  /** "a brand". */
  aBrand: string;
};

/** The values an intent's sentence takes: `intent`, `brand`, `participant` and `step`. */
export function intentValues(item: IntentItemFields, words: Words) {
  const participant = item.participantHandle
    ? item.participantName
      ? `${item.participantName} (@${item.participantHandle})`
      : `@${item.participantHandle}`
    : words.aParticipant;
  return {
    intent: item.intentTitle ?? words.anIntent,
    brand: item.brandName ?? words.aBrand,
    participant,
    step: item.step ?? 'other',
  };
}
