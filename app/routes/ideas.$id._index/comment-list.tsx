import { Form, Link, useLocation, useNavigate } from '@remix-run/react';
import { useEffect } from 'react';
import { useFormatter, useTranslations } from 'use-intl';
import { useContentLang } from '#app/components/challenge-card';
import { DeletedAccount } from '#app/components/deleted-account';
import { splitMentions } from '#app/domain/comments/mentions';
import type { CommentPage, CommentView } from '#app/domain/comments/queries.server';
import type { FlagRefusal } from '#app/domain/moderation/flags';
import { CommentForm } from './comment-form';
import { CommentFlag } from './flag-form';
import { HiddenCommentNotice, WithheldComment } from './hidden-notice';

/** Comment text with @handles linked to their profiles (the text itself stays plain, never HTML). */
function WithMentions({ text }: { text: string }) {
  return (
    <>
      {splitMentions(text).map((part, i) =>
        'handle' in part ? (
          <Link key={i} to={`/u/${part.handle}`}>
            @{part.handle}
          </Link>
        ) : (
          part.text
        ),
      )}
    </>
  );
}

export function CommentItem({
  c,
  canReply,
  flags,
}: {
  c: CommentView;
  /** Replies go one level deep, so only top-level comments offer one. */
  canReply: boolean;
  /** Why the viewer may not flag each comment, or null when they may (issue 15). */
  flags?: Record<number, FlagRefusal | null>;
}) {
  const t = useTranslations();
  const format = useFormatter();
  // Each comment's own language (detected when written, issue 16), not its idea's or challenge's.
  const bodyLang = useContentLang(c.language);
  const flag = flags?.[c.id];
  const replies = c.replies.length ? (
    <ul className="replies">
      {c.replies.map((r) => (
        <CommentItem key={r.id} c={r} canReply={false} flags={flags} />
      ))}
    </ul>
  ) : null;
  // Hidden, seen by someone who may not see it: a placeholder holding its replies, nothing more.
  if (c.withheld)
    return (
      <li className="comment" id={`comment-${c.id}`}>
        <WithheldComment />
        {replies}
      </li>
    );
  return (
    <li className="comment" id={`comment-${c.id}`}>
      <div className="comment__head">
        {c.authorHandle === null ? (
          <DeletedAccount start />
        ) : (
          <Link to={`/u/${c.authorHandle}`}>@{c.authorHandle}</Link>
        )}
        <time dateTime={new Date(c.createdAt).toISOString()}>
          {format.dateTime(new Date(c.createdAt), { dateStyle: 'medium' })}
        </time>
        {!c.deleted && new Date(c.updatedAt).getTime() - new Date(c.createdAt).getTime() > 1000 ? (
          <span>{t('ideas.comment.edited')}</span>
        ) : null}
      </div>
      {c.deleted ? (
        <p className="comment__deleted">{t('ideas.comment.deleted')}</p>
      ) : (
        <div className="comment__body" lang={bodyLang}>
          <WithMentions text={c.body ?? ''} />
        </div>
      )}
      <HiddenCommentNotice hidden={c.hidden} />
      {!c.deleted &&
      (c.canEdit || c.canDelete || canReply || flag === null || flag === 'flagged') ? (
        <div className="comment__actions">
          {c.canEdit ? (
            <details>
              <summary>{t('ideas.comment.edit')}</summary>
              <Form method="post" className="inline-form" preventScrollReset>
                <input type="hidden" name="intent" value="edit-comment" />
                <input type="hidden" name="commentId" value={c.id} />
                <label htmlFor={`edit-${c.id}`} className="visually-hidden">
                  {t('ideas.comment.editLabel')}
                </label>
                <textarea
                  id={`edit-${c.id}`}
                  name="body"
                  rows={3}
                  maxLength={5000}
                  required
                  defaultValue={c.body ?? ''}
                />
                <div>
                  <button type="submit" className="button button--small">
                    {t('ideas.comment.save')}
                  </button>
                </div>
              </Form>
            </details>
          ) : null}
          {c.canDelete ? (
            <Form
              method="post"
              preventScrollReset
              onSubmit={(e) => {
                if (!confirm(t('ideas.comment.deleteConfirm'))) e.preventDefault();
              }}
            >
              <input type="hidden" name="intent" value="delete-comment" />
              <input type="hidden" name="commentId" value={c.id} />
              {c.canEdit ? null : (
                // Someone else's comment: a moderator's deletion, whose reason the audit log keeps.
                <span className="comment__delete-reason">
                  <label htmlFor={`delete-reason-${c.id}`}>{t('audit.commentDelete.reason')}</label>
                  <input id={`delete-reason-${c.id}`} name="reason" type="text" maxLength={500} />
                </span>
              )}
              <button type="submit" className="link-button link-button--danger">
                {c.canEdit ? t('ideas.comment.delete') : t('audit.commentDelete.submit')}
              </button>
            </Form>
          ) : null}
          <CommentFlag commentId={c.id} refusal={flag} />
          {canReply ? (
            <details>
              <summary>{t('ideas.comment.reply')}</summary>
              <CommentForm
                parentId={c.id}
                label={
                  c.authorHandle === null
                    ? t('mydata.deleted.replyTo')
                    : t('ideas.comment.replyTo', { handle: c.authorHandle })
                }
              />
            </details>
          ) : null}
        </div>
      ) : null}
      {replies}
    </li>
  );
}

/**
 * After posting or editing, the page is sent to `#comment-<id>`; in a long discussion that comment
 * may be on a later page than the one shown. With JavaScript, go to the page that holds it.
 */
function useFindLinkedComment(ideaId: number) {
  const location = useLocation();
  const navigate = useNavigate();
  useEffect(() => {
    const id = /^#comment-(\d+)$/.exec(location.hash)?.[1];
    if (!id || document.getElementById(`comment-${id}`)) return;
    // Already on its page (a deleted comment shows nowhere): stop there.
    if (new URLSearchParams(location.search).get('comments') === id) return;
    navigate(`/ideas/${ideaId}?comments=${id}${location.hash}`, { replace: true });
  }, [ideaId, location.hash, location.search, navigate]);
}

/** The discussion: a page of the thread, links to more, then the form to join it (or why not). */
export function CommentList({
  comments,
  ideaId,
  open,
  canComment,
  flags,
}: {
  comments: CommentPage;
  ideaId: number;
  /** Whether the discussion takes new comments at all, and whether this viewer may add one. */
  open: boolean;
  canComment: boolean;
  /** Why the viewer may not flag each comment, or null when they may (issue 15). */
  flags?: Record<number, FlagRefusal | null>;
}) {
  const t = useTranslations();
  useFindLinkedComment(ideaId);
  return (
    <section className="section" id="comments" aria-labelledby="comments-heading">
      <h2 id="comments-heading">{t('ideas.page.discussion')}</h2>
      {comments.threads.length ? (
        <ul className="comments">
          {comments.threads.map((c) => (
            <CommentItem key={c.id} c={c} canReply={canComment} flags={flags} />
          ))}
        </ul>
      ) : comments.first ? (
        <p className="muted">{t('ideas.page.noComments')}</p>
      ) : null}
      {comments.next !== null || !comments.first ? (
        // Plain links, so more comments load without JavaScript too.
        <nav className="pagination" aria-label={t('common.pagination.label')}>
          {comments.first ? null : (
            <Link to={`/ideas/${ideaId}#comments`}>{t('ideas.page.firstComments')}</Link>
          )}
          {comments.next !== null ? (
            <Link to={`/ideas/${ideaId}?comments=${comments.next}#comments`} rel="next">
              {t('ideas.page.moreComments')}
            </Link>
          ) : null}
        </nav>
      ) : null}
      {open ? (
        canComment ? (
          <div className="card" style={{ marginTop: 16 }}>
            <CommentForm label={t('ideas.comment.add')} />
          </div>
        ) : (
          <p className="muted">
            {t.rich('ideas.page.signInToComment', {
              link: (chunks) => <Link to={`/signin?redirectTo=/ideas/${ideaId}`}>{chunks}</Link>,
            })}
          </p>
        )
      ) : (
        <p className="muted">{t('ideas.page.commentsClosed')}</p>
      )}
    </section>
  );
}
