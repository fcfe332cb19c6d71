import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import { BRAND_ROLE_KEYS } from '#app/components/brand-role';
import { EmptyState } from '#app/components/ui';
import { brandsOf, listBrands } from '#app/domain/brands/queries.server';
import { shortenExcerpt } from '#app/domain/markdown/markdown';
import { metaTranslator } from '#app/utils/meta';

export const meta: MetaFunction = ({ matches }) => [
  { title: metaTranslator(matches)('brands.meta.listTitle') },
];

export async function loader({ context }: LoaderFunctionArgs) {
  const [brands, mine] = await Promise.all([
    listBrands(context.db),
    context.viewer ? brandsOf(context.db, context.viewer.id) : Promise.resolve([]),
  ]);
  return {
    brands: brands.map((b) => ({ ...b, excerpt: shortenExcerpt(b.excerpt, 160) })),
    mine,
    signedIn: Boolean(context.viewer),
  };
}

export default function Brands() {
  const { brands, mine, signedIn } = useLoaderData<typeof loader>();
  const t = useTranslations();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t('brands.list.heading')}</h1>
          <p>{t('brands.list.lead')}</p>
        </div>
        <Link to={signedIn ? '/brands/new' : '/signin?redirectTo=/brands/new'} className="button">
          {t('brands.list.create')}
        </Link>
      </div>
      {mine.length ? (
        <div className="alert alert--info">
          {t('brands.yours')}{' '}
          {mine.map((b, i) => (
            <span key={b.id}>
              {i ? ', ' : ''}
              <Link to={`/brands/${b.slug}`}>{b.name}</Link> ({t(BRAND_ROLE_KEYS[b.role])})
            </span>
          ))}
        </div>
      ) : null}
      {brands.length ? (
        <div className="grid">
          {brands.map((b) => (
            <article key={b.id} className="card challenge-card">
              <h2 className="h3">
                <Link to={`/brands/${b.slug}`}>{b.name}</Link>
              </h2>
              <p className="challenge-card__brief">{b.excerpt || t('brands.list.noDescription')}</p>
              <div className="challenge-card__foot">
                <span>{t('brands.list.challenges', { count: b.challengeCount })}</span>
              </div>
            </article>
          ))}
        </div>
      ) : (
        <EmptyState title={t('brands.list.emptyTitle')}>
          <p>{t('brands.list.emptyBody')}</p>
        </EmptyState>
      )}
    </>
  );
}
