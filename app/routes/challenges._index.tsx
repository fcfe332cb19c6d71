import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useSubmit } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import { z } from 'zod';
import { ChallengeCard } from '#app/components/challenge-card';
import { KeysetPager } from '#app/components/keyset-pager';
import { EmptyState } from '#app/components/ui';
import { listBrands } from '#app/domain/brands/queries.server';
import { listChallenges, popularChallengeTags } from '#app/domain/challenges/queries.server';
import { PUBLIC_STAGES } from '#app/domain/challenges/policy';
import { shortenExcerpt } from '#app/domain/markdown/markdown';
import { STAGE_KEYS } from '#app/utils/format';
import { runLoader } from '#app/utils/http.server';
import { metaTranslator } from '#app/utils/meta';

export const meta: MetaFunction = ({ matches }) => [
  { title: metaTranslator(matches)('challenges.meta.listTitle') },
];

const filtersSchema = z.object({
  stage: z.enum(['open', 'voting', 'review', 'awarded', 'archived']).optional().catch(undefined),
  brand: z.string().trim().max(60).optional().catch(undefined),
  tag: z.string().trim().toLowerCase().max(30).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  // Opaque page cursors, checked by listChallenges (a bad one is a 400).
  after: z.string().optional(),
  before: z.string().optional(),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  return runLoader(context, async () => {
    const params = Object.fromEntries(new URL(request.url).searchParams);
    const raw = filtersSchema.parse(params);
    const filters = {
      stage: raw.stage,
      brand: raw.brand || undefined,
      tag: raw.tag || undefined,
      q: raw.q || undefined,
    };
    const [result, brands, tags] = await Promise.all([
      listChallenges(context.db, { ...filters, after: raw.after, before: raw.before }),
      listBrands(context.db),
      popularChallengeTags(context.db),
    ]);
    return {
      filters,
      brands: brands.map((b) => ({ slug: b.slug, name: b.name })),
      tags,
      ...result,
      items: result.items.map((c) => ({ ...c, excerpt: shortenExcerpt(c.excerpt, 160) })),
    };
  });
}

export default function Challenges() {
  const data = useLoaderData<typeof loader>();
  const submit = useSubmit();
  const t = useTranslations();
  const { filters } = data;
  const filtered = Boolean(filters.stage || filters.brand || filters.tag || filters.q);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t('challenges.list.heading')}</h1>
          <p>
            {filtered
              ? t('challenges.list.countFiltered', { count: data.total })
              : t('challenges.list.count', { count: data.total })}
          </p>
        </div>
      </div>
      <Form
        method="get"
        className="filters"
        role="search"
        aria-label={t('challenges.list.filters')}
        onChange={(e) => {
          // Selects apply at once; the search box applies on Enter or the button.
          if ((e.target as HTMLElement).tagName === 'SELECT')
            submit(e.currentTarget, { replace: true, preventScrollReset: true });
        }}
      >
        <div className="field">
          <label htmlFor="q">{t('challenges.list.search')}</label>
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={filters.q ?? ''}
            placeholder={t('challenges.list.searchPlaceholder')}
            maxLength={100}
          />
        </div>
        <div className="field">
          <label htmlFor="stage">{t('challenges.list.stage')}</label>
          <select id="stage" name="stage" defaultValue={filters.stage ?? ''}>
            <option value="">{t('challenges.list.anyStage')}</option>
            {PUBLIC_STAGES.map((s) => (
              <option key={s} value={s}>
                {t(STAGE_KEYS[s])}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="brand">{t('challenges.list.brand')}</label>
          <select id="brand" name="brand" defaultValue={filters.brand ?? ''}>
            <option value="">{t('challenges.list.anyBrand')}</option>
            {data.brands.map((b) => (
              <option key={b.slug} value={b.slug}>
                {b.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="tag">{t('challenges.list.tag')}</label>
          <select id="tag" name="tag" defaultValue={filters.tag ?? ''}>
            <option value="">{t('challenges.list.anyTag')}</option>
            {filters.tag && !data.tags.includes(filters.tag) ? (
              <option value={filters.tag}>#{filters.tag}</option>
            ) : null}
            {data.tags.map((tag) => (
              <option key={tag} value={tag}>
                #{tag}
              </option>
            ))}
          </select>
        </div>
        <div className="form-actions">
          <button type="submit" className="button">
            {t('challenges.list.apply')}
          </button>
          {filtered ? <Link to="/challenges">{t('challenges.list.clear')}</Link> : null}
        </div>
      </Form>
      {/* Past the end of the list (its challenges moved or went away) only the pager shows. */}
      {data.items.length ? (
        <div className="grid">
          {data.items.map((c) => (
            <ChallengeCard key={c.id} c={c} headingLevel={2} />
          ))}
        </div>
      ) : data.first ? (
        <EmptyState
          title={
            filtered ? t('challenges.list.emptyFilteredTitle') : t('challenges.list.emptyTitle')
          }
        >
          {filtered ? (
            <p>
              {t.rich('challenges.list.emptyFilteredBody', {
                link: (chunks) => <Link to="/challenges">{chunks}</Link>,
              })}
            </p>
          ) : (
            <p>
              {t.rich('challenges.list.emptyBody', {
                link: (chunks) => <Link to="/brands">{chunks}</Link>,
              })}
            </p>
          )}
        </EmptyState>
      ) : null}
      <KeysetPager pages={data} />
    </>
  );
}
