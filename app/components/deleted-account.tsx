// How pages name a person whose account was deleted (docs/decisions/018-account-deletion.md):
// "a deleted account", with no link and no handle. Queries give such a person a null handle
// (app/domain/users/shown.server.ts); these render either case.
import { Link } from '@remix-run/react';
import { useTranslations } from 'use-intl';

/** "a deleted account" (`start`: "A deleted account", to open a sentence). */
export function DeletedAccount({ start = false }: { start?: boolean }) {
  const t = useTranslations();
  return (
    <span className="deleted-account">
      {start ? t('mydata.deleted.accountStart') : t('mydata.deleted.account')}
    </span>
  );
}

/** "by @handle", linked to their profile; "by a deleted account" when the handle is null. */
export function Byline({
  handle,
  message = 'ideas.byline',
}: {
  handle: string | null;
  /** A message of the form "by <link>@{handle}</link>". */
  message?: 'ideas.byline' | 'challenges.winners.by';
}) {
  const t = useTranslations();
  if (handle === null) return <span className="deleted-account">{t('mydata.deleted.byline')}</span>;
  return (
    <>
      {t.rich(message, {
        handle,
        link: (chunks) => <Link to={`/u/${handle}`}>{chunks}</Link>,
      })}
    </>
  );
}
