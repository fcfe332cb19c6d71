import { Link } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import type { MergedDiscussion } from '#app/domain/moderation/merge.server';
import { CommentItem } from './comment-list';

/**
 * The discussions of the ideas merged into this one, under "Discussion from «B»": read-only (no
 * reply, edit or delete), with plain links to their further pages.
 */
export function MergedDiscussions({
  discussions,
  ideaId,
  lang,
}: {
  discussions: MergedDiscussion[];
  ideaId: number;
  lang: string | undefined;
}) {
  const t = useTranslations();
  return (
    <>
      {discussions.map(({ idea, comments }) => (
        <section
          key={idea.id}
          className="section merged-discussion"
          id={`merged-${idea.id}`}
          aria-labelledby={`merged-${idea.id}-heading`}
        >
          <h2 id={`merged-${idea.id}-heading`}>
            {t.rich('merge.discussion.heading', {
              title: idea.title,
              idea: (chunks) => <span lang={lang}>{chunks}</span>,
            })}
          </h2>
          <p className="muted">{t('merge.discussion.readOnly')}</p>
          {comments.threads.length ? (
            <ul className="comments">
              {comments.threads.map((c) => (
                <CommentItem key={c.id} c={c} canReply={false} />
              ))}
            </ul>
          ) : null}
          {comments.next !== null || !comments.first ? (
            <nav
              className="pagination"
              aria-label={t('merge.discussion.pages', { title: idea.title })}
            >
              {comments.first ? null : (
                <Link to={`/ideas/${ideaId}#merged-${idea.id}`}>{t('merge.discussion.first')}</Link>
              )}
              {comments.next !== null ? (
                <Link
                  to={`/ideas/${ideaId}?mergedComments=${comments.next}#merged-${idea.id}`}
                  rel="next"
                >
                  {t('merge.discussion.more')}
                </Link>
              ) : null}
            </nav>
          ) : null}
        </section>
      ))}
    </>
  );
}
