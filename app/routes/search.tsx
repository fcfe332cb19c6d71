import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import { Highlighted } from '#app/components/highlighted';
import { KeysetPager } from '#app/components/keyset-pager';
import { EmptyState } from '#app/components/ui';
import { PUBLIC_STAGES } from '#app/domain/challenges/policy';
import { invalid } from '#app/domain/core/errors';
import { search, searchableBrands } from '#app/domain/search/queries.server';
import {
  MAX_QUERY_LENGTH,
  SEARCH_KINDS,
  searchParamsSchema,
  type SearchKind,
} from '#app/domain/search/schema';
import { STAGE_KEYS } from '#app/utils/format';
import { runLoader } from '#app/utils/http.server';
import { metaTranslator } from '#app/utils/meta';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaTranslator(matches);
  return [
    {
      title: data?.q ? t('search.meta.titleQuery', { q: data.q }) : t('search.meta.title'),
    },
  ];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  return runLoader(context, async () => {
    const parsed = searchParamsSchema.safeParse(
      Object.fromEntries(new URL(request.url).searchParams),
    );
    if (!parsed.success) {
      // The first problem, said plainly (every message of the schema is a key); other parameters
      // than the filters are ignored.
      const key = parsed.error.issues[0]?.message ?? '';
      throw invalid(/^(search|errors)\.[\w.]+$/.test(key) ? key : 'search.errors.filters');
    }
    const { q: query, ...filters } = parsed.data;
    const input = { ...filters, q: query.q };
    const [result, brands] = await Promise.all([
      search(context.db, context.viewer, input),
      searchableBrands(context.db),
    ]);
    return {
      q: query.q,
      shortened: query.shortened,
      filters: {
        kind: filters.kind,
        brand: filters.brand ?? null,
        challenge: filters.challenge ?? null,
        stage: filters.stage ?? null,
        tag: filters.tag ?? null,
      },
      brands,
      ...result,
    };
  });
}

const KIND_LABELS = {
  all: 'search.kind.all',
  challenges: 'search.kind.challenges',
  ideas: 'search.kind.ideas',
  comments: 'search.kind.comments',
} as const;

const RESULT_LABELS = {
  challenge: 'search.kind.challenge',
  idea: 'search.kind.idea',
  comment: 'search.kind.comment',
} as const;

/** The current URL with some parameters changed (null removes one) and the page cursors dropped. */
function useHrefWith() {
  const location = useLocation();
  return (changes: Record<string, string | null>) => {
    const params = new URLSearchParams(location.search);
    params.delete('after');
    params.delete('before');
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) params.delete(key);
      else params.set(key, value);
    }
    return `/search?${params.toString()}`;
  };
}

export default function Search() {
  const data = useLoaderData<typeof loader>();
  const t = useTranslations();
  const hrefWith = useHrefWith();
  const { filters, counts } = data;
  const total = counts.challenges.count + counts.ideas.count + counts.comments.count;
  const capped = counts.challenges.capped || counts.ideas.capped || counts.comments.capped;
  const countOf = (kind: SearchKind) => (kind === 'all' ? { count: total, capped } : counts[kind]);
  const filtered = Boolean(filters.brand || filters.challenge || filters.stage || filters.tag);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t('search.page.heading')}</h1>
          {data.searched ? (
            <p role="status">
              {capped
                ? t('search.page.countCapped', { count: total })
                : t('search.page.count', { count: total })}
            </p>
          ) : null}
        </div>
      </div>
      <Form
        method="get"
        action="/search"
        className="search-form"
        role="search"
        aria-label={t('search.page.label')}
      >
        <div className="field search-form__query">
          <label htmlFor="search-q">{t('search.page.label')}</label>
          <div className="search-form__row">
            <input
              id="search-q"
              name="q"
              type="search"
              defaultValue={data.q}
              maxLength={MAX_QUERY_LENGTH}
              enterKeyHint="search"
            />
            <button type="submit" className="button">
              {t('search.page.submit')}
            </button>
          </div>
        </div>
        <fieldset className="filters search-form__filters">
          <legend>{t('search.page.filters')}</legend>
          {filters.kind !== 'all' ? <input type="hidden" name="kind" value={filters.kind} /> : null}
          {filters.challenge ? (
            <input type="hidden" name="challenge" value={filters.challenge} />
          ) : null}
          <div className="field">
            <label htmlFor="search-brand">{t('search.page.brand')}</label>
            <select id="search-brand" name="brand" defaultValue={filters.brand ?? ''}>
              <option value="">{t('search.page.anyBrand')}</option>
              {data.brands.map((b) => (
                <option key={b.slug} value={b.slug}>
                  {b.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="search-stage">{t('search.page.stage')}</label>
            <select id="search-stage" name="stage" defaultValue={filters.stage ?? ''}>
              <option value="">{t('search.page.anyStage')}</option>
              {PUBLIC_STAGES.map((s) => (
                <option key={s} value={s}>
                  {t(STAGE_KEYS[s])}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="search-tag">{t('search.page.tag')}</label>
            <input id="search-tag" name="tag" defaultValue={filters.tag ?? ''} maxLength={31} />
          </div>
          <div className="form-actions">
            <button type="submit" className="button button--ghost">
              {t('search.page.apply')}
            </button>
            {filtered ? (
              <Link
                to={hrefWith({ brand: null, challenge: null, stage: null, tag: null })}
                className="search-form__clear"
              >
                {t('search.page.clear')}
              </Link>
            ) : null}
          </div>
        </fieldset>
      </Form>
      {data.shortened ? (
        <p className="alert alert--info" role="status">
          {t('search.page.shortened', { max: MAX_QUERY_LENGTH })}
        </p>
      ) : null}
      {filters.challenge ? (
        <p className="search-chip">
          {t('search.page.inChallenge', { slug: filters.challenge })}{' '}
          <Link to={hrefWith({ challenge: null })}>{t('search.page.removeChallenge')}</Link>
        </p>
      ) : null}
      {data.searched ? (
        <nav className="search-kinds" aria-label={t('search.page.kinds')}>
          {SEARCH_KINDS.map((kind) => {
            const c = countOf(kind);
            const label = t(c.capped ? 'search.kindCountCapped' : 'search.kindCount', {
              label: t(KIND_LABELS[kind]),
              count: c.count,
            });
            return (
              <Link
                key={kind}
                to={hrefWith({ kind: kind === 'all' ? null : kind })}
                aria-current={filters.kind === kind ? 'page' : undefined}
                className={filters.kind === kind ? 'active' : undefined}
              >
                {label}
              </Link>
            );
          })}
        </nav>
      ) : null}
      <Results />
      <KeysetPager pages={data} anchor="search-results" />
    </>
  );
}

function Results() {
  const data = useLoaderData<typeof loader>();
  const t = useTranslations();
  const hrefWith = useHrefWith();
  if (!data.q)
    return (
      <EmptyState title={t('search.empty.startTitle')}>
        <p>{t('search.empty.startBody')}</p>
        <p className="muted">{t('search.page.tips')}</p>
      </EmptyState>
    );
  if (!data.searched)
    return (
      <EmptyState title={t('search.empty.noWordsTitle', { q: data.q })}>
        <p>{t('search.empty.noWordsBody')}</p>
        <p className="muted">{t('search.page.tips')}</p>
      </EmptyState>
    );
  if (!data.items.length) {
    if (!data.first) return null;
    return (
      <EmptyState title={t('search.empty.nothingTitle', { q: data.q })}>
        {data.suggestions.length ? (
          <>
            <p>{t('search.didYouMean')}</p>
            <ul className="search-suggestions">
              {data.suggestions.map((s) => (
                <li key={s.href}>
                  <Link to={s.href}>{s.title}</Link>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <p>{t('search.empty.nothingBody')}</p>
      </EmptyState>
    );
  }
  return (
    <section aria-labelledby="search-results">
      <h2 id="search-results" className="visually-hidden">
        {t('search.page.results')}
      </h2>
      <ol className="search-results">
        {data.items.map((r) => (
          <li key={`${r.kind}-${r.id}`} className="search-result">
            <p className="search-result__meta">
              <span className={`search-result__kind search-result__kind--${r.kind}`}>
                {t(RESULT_LABELS[r.kind])}
              </span>
              {r.kind !== 'challenge' && r.challenge ? (
                <>
                  {' · '}
                  <Link to={`/challenges/${r.challenge.slug}`}>{r.challenge.title}</Link>
                </>
              ) : null}
              {' · '}
              <Link to={`/brands/${r.brand.slug}`}>{r.brand.name}</Link>
            </p>
            <h3 className="search-result__title">
              <Link to={r.href} lang={r.titleLanguage}>
                <Highlighted segments={r.title} />
              </Link>
            </h3>
            {r.snippet.length ? (
              <p className="search-result__snippet" lang={r.language}>
                <Highlighted segments={r.snippet} />
              </p>
            ) : null}
            {r.challenge && r.challenge.slug !== data.filters.challenge ? (
              <p className="search-result__more">
                <Link to={hrefWith({ challenge: r.challenge.slug })}>
                  {t('search.page.searchInChallenge')}
                </Link>
              </p>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
