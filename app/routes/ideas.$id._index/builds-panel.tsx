import { Link } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import { DeletedAccount } from '#app/components/deleted-account';

/** Ideas that build on this one, and the way to add another. */
export function BuildsPanel({
  builtUpon,
  buildOnHref,
  lang,
}: {
  /** authorHandle is null for a deleted account. */
  builtUpon: { id: number; title: string; authorHandle: string | null }[];
  /** Where to build on this idea, or null when the viewer may not. */
  buildOnHref: string | null;
  lang: string | undefined;
}) {
  const t = useTranslations();
  return (
    <section className="panel" aria-labelledby="build-heading">
      <h2 id="build-heading">{t('ideas.page.builtUpon')}</h2>
      {builtUpon.length ? (
        <ul className="criteria">
          {builtUpon.map((b) => (
            <li key={b.id}>
              <Link to={`/ideas/${b.id}`} lang={lang}>
                {b.title}
              </Link>
              {b.authorHandle === null ? (
                <DeletedAccount />
              ) : (
                <span className="muted">@{b.authorHandle}</span>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('ideas.page.noBuilds')}</p>
      )}
      {buildOnHref ? (
        <p style={{ marginTop: 10 }}>
          <Link to={buildOnHref}>{t('ideas.page.buildOn')}</Link>
        </p>
      ) : null}
    </section>
  );
}
