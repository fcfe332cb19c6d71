import { useFormatter, useTranslations } from 'use-intl';
import type { NonConsentingSummary } from '#app/domain/community/access.server';

/**
 * How many people the table lists, and the people who took part without sharing anything: one
 * count and their summed activity, never a row (they are not linked to their activity).
 */
export function CommunitySummary({
  listed,
  others,
  brand,
  filtered,
}: {
  listed: number;
  others: NonConsentingSummary;
  brand: string;
  filtered: boolean;
}) {
  const t = useTranslations();
  const format = useFormatter();
  return (
    <section className="community-summary" aria-label={t('community.summary.label')}>
      <p>
        <strong>{format.number(listed)}</strong>{' '}
        {filtered
          ? t('community.summary.listedFiltered', { count: listed })
          : t('community.summary.listed', { count: listed, brand })}
      </p>
      <p>
        <strong>{format.number(others.people)}</strong>{' '}
        {t('community.summary.others', {
          count: others.people,
          ideas: others.ideas,
          votes: others.votes,
          comments: others.comments,
        })}
      </p>
    </section>
  );
}
