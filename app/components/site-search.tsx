import { Form } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import { MAX_QUERY_LENGTH } from '#app/domain/search/schema';

/**
 * The header's search box: a plain GET form to /search, so it works without JavaScript. Narrow
 * until focused (the Spanish and Italian headers are already full), then it grows.
 */
export function SiteSearch() {
  const t = useTranslations();
  return (
    <Form
      method="get"
      action="/search"
      role="search"
      className="site-search"
      aria-label={t('search.header.label')}
    >
      <label htmlFor="site-search-q" className="visually-hidden">
        {t('search.header.label')}
      </label>
      <input
        id="site-search-q"
        name="q"
        type="search"
        placeholder={t('search.header.placeholder')}
        maxLength={MAX_QUERY_LENGTH}
        enterKeyHint="search"
        autoComplete="off"
      />
      <button type="submit" className="site-search__button" aria-label={t('search.header.submit')}>
        <svg
          aria-hidden="true"
          width="18"
          height="18"
          viewBox="0 0 24 24"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
          strokeLinejoin="round"
        >
          <circle cx="11" cy="11" r="7" />
          <path d="m20 20-3.5-3.5" />
        </svg>
      </button>
    </Form>
  );
}
