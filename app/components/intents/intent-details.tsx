// The facts of an intent as its author sees them: where, when, budget, who may see it, how many
// offers may be accepted, until when it takes offers, and the contact email kept back until an
// offer is accepted.
import { useFormatter, useTranslations } from 'use-intl';
import type { IntentAudience, IntentStatus } from '../../../db/schema';
import { useIntentFactsText } from './facts-text';
import { AUDIENCE_KEYS } from './labels';

export type IntentFacts = {
  status: IntentStatus;
  place: string | null;
  startsOn: string | null;
  endsOn: string | null;
  budgetMin: number | null;
  budgetMax: number | null;
  currency: string | null;
  audience: IntentAudience;
  accepts: 'one' | 'several';
  contactEmail: string;
  expiresAt: string;
  publishedAt: string | null;
  closedAt: string | null;
};

export function IntentDetails({
  intent,
  pickedBrands,
}: {
  intent: IntentFacts;
  pickedBrands: { id: number; slug: string; name: string }[];
}) {
  const t = useTranslations();
  const format = useFormatter();
  const facts = useIntentFactsText();
  const moment = (iso: string) => format.dateTime(new Date(iso), { dateStyle: 'medium' });
  const window = facts.window(intent);
  const budget = facts.budget(intent);
  const lastDay = facts.lastDay(intent.expiresAt);
  return (
    <dl className="intent-details">
      {intent.place ? (
        <div>
          <dt>{t('intents.details.place')}</dt>
          <dd>{intent.place}</dd>
        </div>
      ) : null}
      {window ? (
        <div>
          <dt>{t('intents.details.window')}</dt>
          <dd>{window}</dd>
        </div>
      ) : null}
      {budget ? (
        <div>
          <dt>{t('intents.details.budget')}</dt>
          <dd>{budget}</dd>
        </div>
      ) : null}
      <div>
        <dt>{t('intents.details.audience')}</dt>
        <dd>
          {t(AUDIENCE_KEYS[intent.audience])}
          {intent.audience === 'picked' && pickedBrands.length ? (
            <ul className="intent-details__brands">
              {pickedBrands.map((b) => (
                <li key={b.id}>{b.name}</li>
              ))}
            </ul>
          ) : null}
        </dd>
      </div>
      <div>
        <dt>{t('intents.details.accepts')}</dt>
        <dd>
          {intent.accepts === 'one'
            ? t('intents.details.acceptsOne')
            : t('intents.details.acceptsSeveral')}
        </dd>
      </div>
      <div>
        <dt>{t('intents.details.expiry')}</dt>
        <dd>
          {intent.status === 'expired'
            ? t('intents.details.expiredOn', { date: lastDay })
            : intent.status === 'closed' && intent.closedAt
              ? t('intents.details.closedOn', { date: moment(intent.closedAt) })
              : t('intents.details.openUntil', { date: lastDay })}
        </dd>
      </div>
      <div>
        <dt>{t('intents.details.contact')}</dt>
        <dd>
          {intent.contactEmail}
          <p className="hint">{t('intents.details.contactHint')}</p>
        </dd>
      </div>
    </dl>
  );
}
