import { Form, Link } from '@remix-run/react';
import { useFormatter, useTranslations } from 'use-intl';
import { splitMentions } from '#app/domain/comments/mentions';
import type { CommentView } from '#app/domain/comments/queries.server';
import { CommentForm } from './comment-form';

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
  lang,
}: {
  c: CommentView;
  /** Replies go one level deep, so only top-level comments offer one. */
  canReply: boolean;
  /** The challenge's language when it is not the page's: comments are most likely written in it. */
  lang: string | undefined;
}) {
  const t = useTranslations();
  const format = useFormatter();
  return (
    <li className="comment" id={`comment-${c.id}`}>
      <div className="comment__head">
        <Link to={`/u/${c.authorHandle}`}>@{c.authorHandle}</Link>
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
        <div className="comment__body" lang={lang}>
          <WithMentions text={c.body ?? ''} />
        </div>
      )}
      {!c.deleted && (c.canEdit || c.canDelete || canReply) ? (
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
              <button type="submit" className="link-button link-button--danger">
                {t('ideas.comment.delete')}
              </button>
            </Form>
          ) : null}
          {canReply ? (
            <details>
              <summary>{t('ideas.comment.reply')}</summary>
              <CommentForm
                parentId={c.id}
                label={t('ideas.comment.replyTo', { handle: c.authorHandle })}
              />
            </details>
          ) : null}
        </div>
      ) : null}
      {c.replies.length ? (
        <ul className="replies">
          {c.replies.map((r) => (
            <CommentItem key={r.id} c={r} canReply={false} lang={lang} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** The discussion: the thread, then the form to join it (or why one cannot). */
export function CommentList({
  comments,
  ideaId,
  open,
  canComment,
  lang,
}: {
  comments: CommentView[];
  ideaId: number;
  /** Whether the discussion takes new comments at all, and whether this viewer may add one. */
  open: boolean;
  canComment: boolean;
  lang: string | undefined;
}) {
  const t = useTranslations();
  return (
    <section className="section" id="comments" aria-labelledby="comments-heading">
      <h2 id="comments-heading">{t('ideas.page.discussion')}</h2>
      {comments.length ? (
        <ul className="comments">
          {comments.map((c) => (
            <CommentItem key={c.id} c={c} canReply={canComment} lang={lang} />
          ))}
        </ul>
      ) : (
        <p className="muted">{t('ideas.page.noComments')}</p>
      )}
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
