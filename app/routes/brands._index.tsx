import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { EmptyState } from '../components/ui';
import { brandsOf, listBrands } from '../domain/brands.server';
import { shortenExcerpt } from '../domain/markdown';
import { plural } from '../utils/format';

export const meta: MetaFunction = () => [{ title: 'Brands · Cocrea' }];

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
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Brands</h1>
          <p>Companies and teams asking their community for ideas.</p>
        </div>
        <Link to={signedIn ? '/brands/new' : '/signin?redirectTo=/brands/new'} className="button">
          Create a brand
        </Link>
      </div>
      {mine.length ? (
        <div className="alert alert--info">
          Your brands:{' '}
          {mine.map((b, i) => (
            <span key={b.id}>
              {i ? ', ' : ''}
              <Link to={`/brands/${b.slug}`}>{b.name}</Link> ({b.role})
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
              <p className="challenge-card__brief">{b.excerpt || 'No description yet.'}</p>
              <div className="challenge-card__foot">
                <span>{plural(b.challengeCount, 'challenge')}</span>
              </div>
            </article>
          ))}
        </div>
      ) : (
        <EmptyState title="No brands yet.">
          <p>Create the first one and launch a challenge.</p>
        </EmptyState>
      )}
    </>
  );
}
