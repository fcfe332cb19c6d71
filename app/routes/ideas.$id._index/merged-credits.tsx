import { useTranslations } from 'use-intl';
import { Link } from '@remix-run/react';
import { DeletedAccount } from '#app/components/deleted-account';
import type { MergedIdea } from '#app/domain/moderation/merge.server';

/** "Merged in": the duplicates merged into this idea, each credited to its author. */
export function MergedCredits({
  credits,
  lang,
}: {
  credits: MergedIdea[];
  lang: string | undefined;
}) {
  const t = useTranslations();
  if (!credits.length) return null;
  return (
    <section className="panel" aria-labelledby="merged-heading">
      <h2 id="merged-heading">{t('merge.credits.heading')}</h2>
      <ul className="criteria merged-credits">
        {credits.map((m) => (
          <li key={m.id}>
            <span lang={lang}>«{m.title}»</span>{' '}
            {m.authorHandle === null ? (
              <DeletedAccount />
            ) : (
              t.rich('merge.credits.by', {
                handle: m.authorHandle,
                link: (chunks) => <Link to={`/u/${m.authorHandle}`}>{chunks}</Link>,
              })
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The one-shot notice after a merged duplicate's page sent the reader here. */
export function MergedNotice({ title, lang }: { title: string | null; lang: string | undefined }) {
  const t = useTranslations();
  if (title === null) return null;
  return (
    <p className="alert alert--info" role="status">
      {t.rich('merge.notice', {
        title,
        idea: (chunks) => <span lang={lang}>{chunks}</span>,
      })}
    </p>
  );
}
