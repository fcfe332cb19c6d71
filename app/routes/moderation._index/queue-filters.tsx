// The queue's filters: a brand (for moderators and for members of several brands) and a kind
// (flagged items or first posts). A plain GET form: it works without JavaScript.
import { Form } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import type { QueueKind } from '#app/domain/moderation/queue';

export function QueueFilters({
  filters,
  brands,
}: {
  filters: { brand: string | null; kind: QueueKind | null };
  brands: { slug: string; name: string }[];
}) {
  const t = useTranslations();
  return (
    <Form method="get" className="filters" role="search" aria-label={t('queue.filters.label')}>
      {brands.length > 1 || (filters.brand && brands.length) ? (
        <div className="field">
          <label htmlFor="queue-brand">{t('queue.filters.brand')}</label>
          <select id="queue-brand" name="brand" defaultValue={filters.brand ?? ''}>
            <option value="">{t('queue.filters.anyBrand')}</option>
            {brands.map((b) => (
              <option key={b.slug} value={b.slug}>
                {b.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="queue-kind">{t('queue.filters.kind')}</label>
        <select id="queue-kind" name="kind" defaultValue={filters.kind ?? ''}>
          <option value="">{t('queue.filters.anyKind')}</option>
          <option value="flagged">{t('queue.filters.flagged')}</option>
          <option value="new">{t('queue.filters.new')}</option>
        </select>
      </div>
      <div>
        <button type="submit" className="button button--ghost">
          {t('queue.filters.apply')}
        </button>
      </div>
    </Form>
  );
}
