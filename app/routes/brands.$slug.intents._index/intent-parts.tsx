// Pieces the brand's two intent pages share (the list and one intent): how the author is named, the
// facts of a need (place, window, budget, expiry), an offer's status, and the live updates from the
// brand's room with their spoken announcements.
import { Link } from '@remix-run/react';
import { useState } from 'react';
import { useTranslations } from 'use-intl';
import { useIntentFactsText } from '#app/components/intents/facts-text';
import { intentEvents } from '#app/domain/intents/events';
import { useLiveRoom, useSoonRevalidate } from '#app/live/live';
import type { Position } from '#app/live/protocol';

/** How the brand sees the author: as far as their consent to this brand goes, else "a participant". */
export type AuthorView =
  | { shown: 'profile'; displayName: string; handle: string }
  | { shown: 'handle'; handle: string }
  | { shown: 'anonymous' };

type T = ReturnType<typeof useTranslations>;

/** The author in words, for sentences ("… because {author} accepted your offer"). */
export function authorLabel(t: T, author: AuthorView): string {
  if (author.shown === 'profile')
    return t('brandIntents.author.profile', { name: author.displayName, handle: author.handle });
  if (author.shown === 'handle') return t('brandIntents.author.handle', { handle: author.handle });
  return t('brandIntents.author.anonymous');
}

/**
 * "By …": a person who shares their activity with the brand links to their page in its community
 * (which checks consent again); "a participant" is plain text, with nothing to follow.
 */
export function AuthorLine({ author, brandSlug }: { author: AuthorView; brandSlug: string }) {
  const t = useTranslations();
  if (author.shown === 'anonymous')
    return <span>{t('brandIntents.author.by', { author: authorLabel(t, author) })}</span>;
  return (
    <span>
      {t.rich('brandIntents.author.byLinked', {
        author: authorLabel(t, author),
        link: (chunks) => (
          <Link to={`/brands/${brandSlug}/community/${encodeURIComponent(author.handle)}`}>
            {chunks}
          </Link>
        ),
      })}
    </span>
  );
}

// Offer statuses read the same on both sides: the author's badge (app/components/intents).
export { OfferStatusBadge } from '#app/components/intents/status-badge';

export type IntentFactsData = {
  place: string | null;
  startsOn: string | null;
  endsOn: string | null;
  budgetMin: number | null;
  budgetMax: number | null;
  currency: string | null;
  /** ISO 8601. */
  expiresAt: string;
};

/** Place, time window, budget and expiry of an intent, as a description list. */
export function IntentFacts({ intent }: { intent: IntentFactsData }) {
  const t = useTranslations();
  const facts = useIntentFactsText();
  const window = facts.window(intent) ?? t('brandIntents.facts.anyTime');
  const budget = facts.budget(intent) ?? t('brandIntents.facts.noBudget');
  return (
    <dl className="intent-facts">
      <div>
        <dt>{t('brandIntents.facts.place')}</dt>
        <dd>{intent.place ?? t('brandIntents.facts.anywhere')}</dd>
      </div>
      <div>
        <dt>{t('brandIntents.facts.window')}</dt>
        <dd>{window}</dd>
      </div>
      <div>
        <dt>{t('brandIntents.facts.budget')}</dt>
        <dd>{budget}</dd>
      </div>
      <div>
        <dt>{t('brandIntents.facts.expires')}</dt>
        <dd>
          <time dateTime={intent.expiresAt}>{facts.lastDay(intent.expiresAt)}</time>
        </dd>
      </div>
    </dl>
  );
}

const INTENT_TYPES: ReadonlySet<string> = new Set(Object.keys(intentEvents));

/** What the live region says for each event between the brand and an author. */
const ANNOUNCEMENTS: Partial<Record<keyof typeof intentEvents, string>> = {
  'offer.accepted': 'brandIntents.live.accepted',
  'offer.declined': 'brandIntents.live.declined',
  'offer.lapsed': 'brandIntents.live.lapsed',
  'offer.made': 'brandIntents.live.offersChanged',
  'offer.updated': 'brandIntents.live.offersChanged',
  'offer.withdrawn': 'brandIntents.live.offersChanged',
  'intent.message_sent': 'brandIntents.live.message',
};

/**
 * Keeps a page current from the brand's room (its members only): an intent event — of `intentId`
 * when given, of any intent otherwise — reloads the page's data, which comes through the
 * consent-checking reads again, and returns a sentence for the live region. The room carries ids
 * only; nothing shown comes from the message itself.
 */
export function useBrandIntentsLive(brandId: number, cursor: Position, intentId: number | null) {
  const reload = useSoonRevalidate();
  const [said, setSaid] = useState<{ key: string; n: number } | null>(null);
  useLiveRoom(`brand:${brandId}`, cursor, (message) => {
    if (message.type === 'refetch') return reload();
    if (!('data' in message) || !INTENT_TYPES.has(message.type)) return;
    if (intentId !== null && Number(message.data.intentId) !== intentId) return;
    reload();
    const key = ANNOUNCEMENTS[message.type as keyof typeof intentEvents];
    if (key) setSaid((prev) => ({ key, n: (prev?.n ?? 0) + 1 }));
  });
  return said?.key ?? null;
}

/** The polite live region: always in the page, so a sentence appearing in it is announced. */
export function LiveAnnouncement({ messageKey }: { messageKey: string | null }) {
  const t = useTranslations();
  return (
    <div className="brand-intent-live" role="status">
      {messageKey ? <p className="alert alert--info">{t(messageKey)}</p> : null}
    </div>
  );
}
