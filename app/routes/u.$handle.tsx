import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { EmptyState, Score, StatusBadge } from '../components/ui';
import { brandsOf } from '../domain/brands.server';
import { getPublicProfile } from '../domain/users.server';
import { formatDate, plural } from '../utils/format';
import { runLoader } from '../utils/http.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `${data.profile.displayName} (@${data.profile.handle}) · Cocrea`
      : 'Profile not found · Cocrea',
  },
];

export async function loader({ params, context }: LoaderFunctionArgs) {
  return runLoader(async () => {
    const profile = await getPublicProfile(context.db, params.handle ?? '');
    const viewer = context.viewer;
    const isSelf = viewer?.handle.toLowerCase() === profile.handle.toLowerCase();
    const brands = viewer && isSelf ? await brandsOf(context.db, viewer.id) : [];
    return { profile, isSelf, brands };
  });
}

export default function Profile() {
  const { profile, isSelf, brands } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">
            {profile.role === 'prosumer'
              ? 'Member'
              : profile.role[0]!.toUpperCase() + profile.role.slice(1)}{' '}
            · joined {formatDate(profile.joinedAt)}
          </p>
          <h1>
            {profile.displayName} <span className="muted">@{profile.handle}</span>
          </h1>
          {profile.bio ? <p>{profile.bio}</p> : null}
        </div>
        {isSelf ? (
          <Link to="/brands/new" className="button button--ghost">
            Create a brand
          </Link>
        ) : null}
      </div>
      {isSelf && brands.length ? (
        <div className="alert alert--info">
          Your brands:{' '}
          {brands.map((b, i) => (
            <span key={b.id}>
              {i ? ', ' : ''}
              <Link to={`/brands/${b.slug}`}>{b.name}</Link> ({b.role})
            </span>
          ))}
        </div>
      ) : null}
      <section aria-labelledby="ideas-heading">
        <h2 id="ideas-heading">
          Ideas <span className="muted">({profile.ideas.length})</span>
        </h2>
        {profile.ideas.length ? (
          <ul className="idea-list">
            {profile.ideas.map((i) => (
              <li key={i.id} className="card idea-row">
                <Score support={i.supportCount} oppose={i.opposeCount} />
                <div>
                  <h3>
                    <Link to={`/ideas/${i.id}`}>{i.title}</Link> <StatusBadge status={i.status} />
                  </h3>
                  <p className="meta">
                    <span>
                      in <Link to={`/challenges/${i.challengeSlug}`}>{i.challengeTitle}</Link>
                    </span>
                    <span>{formatDate(i.createdAt)}</span>
                    <span>{plural(i.commentCount, 'comment')}</span>
                  </p>
                </div>
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState
            title={
              isSelf
                ? 'You have not shared an idea yet.'
                : `@${profile.handle} has not shared an idea yet.`
            }
          >
            {isSelf ? (
              <p>
                <Link to="/challenges?stage=open">Find an open challenge</Link> and share your
                first.
              </p>
            ) : null}
          </EmptyState>
        )}
      </section>
    </>
  );
}
