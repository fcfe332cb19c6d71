import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useLocation, useSubmit } from '@remix-run/react';
import { z } from 'zod';
import { ChallengeCard } from '../components/challenge-card';
import { EmptyState, Pagination } from '../components/ui';
import { listBrands } from '../domain/brands.server';
import { listChallenges, popularChallengeTags } from '../domain/challenges.server';
import { PUBLIC_STAGES } from '../domain/lifecycle';
import { pageField } from '../domain/fields';
import { shortenExcerpt } from '../domain/markdown';
import { plural, stageLabel } from '../utils/format';

export const meta: MetaFunction = () => [{ title: 'Challenges · Cocrea' }];

const filtersSchema = z.object({
  stage: z.enum(['open', 'voting', 'review', 'awarded', 'archived']).optional().catch(undefined),
  brand: z.string().trim().max(60).optional().catch(undefined),
  tag: z.string().trim().toLowerCase().max(30).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  page: pageField,
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const raw = filtersSchema.parse(params);
  const filters = {
    stage: raw.stage,
    brand: raw.brand || undefined,
    tag: raw.tag || undefined,
    q: raw.q || undefined,
    page: raw.page,
  };
  const [result, brands, tags] = await Promise.all([
    listChallenges(context.db, filters),
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
}

export default function Challenges() {
  const data = useLoaderData<typeof loader>();
  const location = useLocation();
  const submit = useSubmit();
  const { filters } = data;
  const filtered = Boolean(filters.stage || filters.brand || filters.tag || filters.q);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Challenges</h1>
          <p>
            {plural(data.total, 'challenge')}
            {filtered ? ' match your filters' : ''}
          </p>
        </div>
      </div>
      <Form
        method="get"
        className="filters"
        role="search"
        aria-label="Filter challenges"
        onChange={(e) => {
          // Selects apply at once; the search box applies on Enter or the button.
          if ((e.target as HTMLElement).tagName === 'SELECT')
            submit(e.currentTarget, { replace: true, preventScrollReset: true });
        }}
      >
        <div className="field">
          <label htmlFor="q">Search</label>
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={filters.q ?? ''}
            placeholder="Search challenges"
            maxLength={100}
          />
        </div>
        <div className="field">
          <label htmlFor="stage">Stage</label>
          <select id="stage" name="stage" defaultValue={filters.stage ?? ''}>
            <option value="">Any stage</option>
            {PUBLIC_STAGES.map((s) => (
              <option key={s} value={s}>
                {stageLabel[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="brand">Brand</label>
          <select id="brand" name="brand" defaultValue={filters.brand ?? ''}>
            <option value="">Any brand</option>
            {data.brands.map((b) => (
              <option key={b.slug} value={b.slug}>
                {b.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="tag">Tag</label>
          <select id="tag" name="tag" defaultValue={filters.tag ?? ''}>
            <option value="">Any tag</option>
            {filters.tag && !data.tags.includes(filters.tag) ? (
              <option value={filters.tag}>#{filters.tag}</option>
            ) : null}
            {data.tags.map((t) => (
              <option key={t} value={t}>
                #{t}
              </option>
            ))}
          </select>
        </div>
        <div className="form-actions">
          <button type="submit" className="button">
            Apply
          </button>
          {filtered ? <Link to="/challenges">Clear</Link> : null}
        </div>
      </Form>
      {data.items.length ? (
        <div className="grid">
          {data.items.map((c) => (
            <ChallengeCard key={c.id} c={c} headingLevel={2} />
          ))}
        </div>
      ) : (
        <EmptyState
          title={filtered ? 'No challenge matches these filters.' : 'There are no challenges yet.'}
        >
          {filtered ? (
            <p>
              <Link to="/challenges">Clear the filters</Link> to see them all.
            </p>
          ) : (
            <p>
              Brands can <Link to="/brands">launch the first one</Link>.
            </p>
          )}
        </EmptyState>
      )}
      <Pagination page={data.page} pageCount={data.pageCount} search={location.search} />
    </>
  );
}
