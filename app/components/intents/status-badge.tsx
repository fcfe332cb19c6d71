// The state of an intent or an offer as a small badge, named for screen readers too.
import { useTranslations } from 'use-intl';
import type { IntentStatus, OfferStatus } from '../../../db/schema';
import { INTENT_STATUS_KEYS, OFFER_STATUS_KEYS } from './labels';

// The badge colours the site already has: open/draft/closed states read the same everywhere.
const INTENT_BADGE: Record<IntentStatus, string> = {
  draft: 'badge badge--draft',
  published: 'badge badge--open',
  closed: 'badge badge--status-withdrawn',
  expired: 'badge badge--status-withdrawn',
};

const OFFER_BADGE: Record<OfferStatus, string> = {
  open: 'badge badge--voting',
  accepted: 'badge badge--open',
  declined: 'badge badge--status-withdrawn',
  withdrawn: 'badge badge--status-withdrawn',
  lapsed: 'badge badge--status-withdrawn',
};

export function IntentStatusBadge({ status }: { status: IntentStatus }) {
  const t = useTranslations();
  return (
    <span className={INTENT_BADGE[status]}>
      <span className="visually-hidden">{t('intents.status.label')}</span>{' '}
      {t(INTENT_STATUS_KEYS[status])}
    </span>
  );
}

export function OfferStatusBadge({ status }: { status: OfferStatus }) {
  const t = useTranslations();
  return (
    <span className={OFFER_BADGE[status]}>
      <span className="visually-hidden">{t('intents.offerStatus.label')}</span>{' '}
      {t(OFFER_STATUS_KEYS[status])}
    </span>
  );
}
