import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useFetcher, useLoaderData, useLocation } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { useFormatter, useTranslations } from 'use-intl';
import { z } from 'zod';
import { useContentLang } from '#app/components/challenge-card';
import { FormError, SubmitButton, useActionError } from '#app/components/forms';
import { Markdown, StageBadge, StatusBadge, Tags } from '#app/components/ui';
import { canVote } from '#app/domain/challenges/policy';
import { addComment, deleteComment, editComment } from '#app/domain/comments/commands.server';
import { commentEditSchema, commentSchema } from '#app/domain/comments/schema';
import { listComments, type CommentView } from '#app/domain/comments/queries.server';
import { idField } from '#app/domain/core/fields';
import { latestEventId } from '#app/domain/events/log.server';
import { getIdea } from '#app/domain/ideas/queries.server';
import { withdrawIdea } from '#app/domain/ideas/commands.server';
import { useLiveRoom, useSoonRevalidate } from '#app/live/live';
import { plainTextHtml, shortenExcerpt } from '#app/domain/markdown/markdown';
import { castVote } from '#app/domain/votes/commands.server';
import { voteSchema } from '#app/domain/votes/schema';
import type { ActionError } from '#app/domain/core/errors';
import { getTranslator } from '#app/i18n/translator';
import { metaTranslator } from '#app/utils/meta';
import {
  intParam,
  parseInput,
  redirectWithFlash,
  requireViewer,
  runAction,
  runLoader,
} from '#app/utils/http.server';
import { useViewer } from '#app/root';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaTranslator(matches);
  return data
    ? [
        { title: t('ideas.meta.title', { title: data.idea.title }) },
        { name: 'description', content: data.excerpt },
      ]
    : [{ title: t('ideas.meta.notFound') }];
};

export async function loader({ params, context }: LoaderFunctionArgs) {
  const id = intParam(params.id, 'errors.notFound.idea', context);
  return runLoader(context, async () => {
    const cursor = await latestEventId(context.db);
    const view = await getIdea(context.db, context.viewer, id);
    const comments = await listComments(context.db, id, context.viewer);
    const { bodyHtml, bodyExcerpt, ...idea } = view.idea;
    return {
      ...view,
      idea,
      // Rendered when written; a row not yet backfilled shows its text as typed.
      bodyHtml: bodyHtml ?? plainTextHtml(idea.body),
      excerpt: shortenExcerpt(bodyExcerpt ?? idea.body, 180),
      comments,
      votingOpen: canVote(view.challenge.stage),
      cursor,
    };
  });
}

const intentSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('vote') }).merge(voteSchema),
    z.object({ intent: z.literal('comment') }).merge(commentSchema),
    z
      .object({ intent: z.literal('edit-comment'), commentId: idField('comment') })
      .merge(commentEditSchema),
    z.object({ intent: z.literal('delete-comment'), commentId: idField('comment') }),
    z.object({ intent: z.literal('withdraw') }),
  ],
  { errorMap: () => ({ message: 'errors.generic.unknownAction' }) },
);

export async function action({ params, request, context }: ActionFunctionArgs) {
  const id = intParam(params.id, 'errors.notFound.idea', context);
  return runAction({ request, context }, async (form) => {
    const intent = typeof form.intent === 'string' ? form.intent : '';
    const viewer = requireViewer(
      context,
      intent === 'vote'
        ? 'errors.generic.signInToVote'
        : intent === 'comment'
          ? 'errors.generic.signInToComment'
          : undefined,
    );
    const input = parseInput(intentSchema, form);
    const t = getTranslator(context.locale);
    switch (input.intent) {
      case 'vote': {
        await context.limits.consume('vote', viewer.id);
        const result = await castVote(context.db, viewer, id, input.value);
        return { ok: true as const, vote: result };
      }
      case 'comment': {
        await context.limits.consume('comment', viewer.id);
        const comment = await addComment(context.db, viewer, id, input);
        return redirectWithFlash(
          context,
          `/ideas/${id}#comment-${comment.id}`,
          input.parentId ? t('ideas.comment.replyPosted') : t('ideas.comment.posted'),
        );
      }
      case 'edit-comment': {
        await context.limits.consume('comment', viewer.id);
        await editComment(context.db, viewer, input.commentId, input.body, id);
        return redirectWithFlash(
          context,
          `/ideas/${id}#comment-${input.commentId}`,
          t('ideas.comment.updated'),
        );
      }
      case 'delete-comment': {
        await context.limits.consume('write', viewer.id);
        await deleteComment(context.db, viewer, input.commentId, id);
        return redirectWithFlash(context, `/ideas/${id}#comments`, t('ideas.comment.removed'));
      }
      case 'withdraw': {
        await context.limits.consume('write', viewer.id);
        const idea = await withdrawIdea(context.db, viewer, id);
        return redirectWithFlash(context, `/ideas/${idea.id}`, t('ideas.page.withdrawn'));
      }
    }
  });
}

/** Vote counts pushed live, and a quiet reload when comments or the idea itself change. */
function useLiveIdea(ideaId: number, cursor: number) {
  const [votes, setVotes] = useState<{
    supportCount: number;
    opposeCount: number;
    at: number;
  } | null>(null);
  const reload = useSoonRevalidate();
  useLiveRoom(`idea:${ideaId}`, cursor, (m) => {
    if ('data' in m && m.type.startsWith('vote.')) {
      const { supportCount, opposeCount } = m.data;
      if (typeof supportCount === 'number' && typeof opposeCount === 'number')
        setVotes({ supportCount, opposeCount, at: m.id });
    } else reload(); // new, edited or deleted comments; edits; withdrawal; or too much missed
  });
  return votes;
}

type VoteData =
  { ok: true; vote: { value: number; supportCount: number; opposeCount: number } } | ActionError;

function VoteBox({
  support,
  oppose,
  myVote,
  open,
  voter,
}: {
  support: number;
  oppose: number;
  myVote: number;
  open: boolean;
  /** Who is looking: a possible voter, the idea's author, or a visitor who must sign in. */
  voter: 'yes' | 'author' | 'signed-out';
}) {
  const canAct = voter === 'yes';
  const fetcher = useFetcher<VoteData>();
  const location = useLocation();
  // Optimistic: while a vote is on its way, show what it will do.
  let shown = { support, oppose, mine: myVote };
  const pendingValue = fetcher.formData?.get('value');
  if (pendingValue != null) {
    const next = Number(pendingValue);
    shown = {
      support: support + (next === 1 ? 1 : 0) - (myVote === 1 ? 1 : 0),
      oppose: oppose + (next === -1 ? 1 : 0) - (myVote === -1 ? 1 : 0),
      mine: next,
    };
  }
  const error = fetcher.data && 'error' in fetcher.data ? fetcher.data.error : null;
  const t = useTranslations();
  return (
    <section className="panel" aria-labelledby="votes-heading">
      <h2 id="votes-heading">{t('ideas.vote.heading')}</h2>
      <div className="vote-box">
        <span className="vote-count" aria-live="polite">
          {t.rich('ideas.vote.score', {
            score: shown.support - shown.oppose,
            // Announced as "Score: 3" rather than a bare number when a vote changes it.
            hidden: (chunks) => <span className="visually-hidden">{chunks}</span>,
          })}
        </span>
        <span className="vote-split">
          {t('ideas.vote.split', { support: shown.support, oppose: shown.oppose })}
        </span>
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {!open ? (
        <p className="muted">{t('ideas.vote.closed')}</p>
      ) : voter === 'author' ? (
        <p className="muted">{t('ideas.vote.own')}</p>
      ) : !canAct ? (
        <p className="muted">
          {t.rich('ideas.vote.signIn', {
            link: (chunks) => (
              <Link to={`/signin?redirectTo=${encodeURIComponent(location.pathname)}`}>
                {chunks}
              </Link>
            ),
          })}
        </p>
      ) : (
        <fetcher.Form method="post" className="vote-box" style={{ marginTop: 12 }}>
          <input type="hidden" name="intent" value="vote" />
          <button
            type="submit"
            name="value"
            value={shown.mine === 1 ? '0' : '1'}
            className="button"
            aria-pressed={shown.mine === 1}
          >
            {shown.mine === 1 ? t('ideas.vote.supported') : t('ideas.vote.support')}
          </button>
          <button
            type="submit"
            name="value"
            value={shown.mine === -1 ? '0' : '-1'}
            className="button button--ghost button--oppose"
            aria-pressed={shown.mine === -1}
          >
            {shown.mine === -1 ? t('ideas.vote.opposed') : t('ideas.vote.oppose')}
          </button>
        </fetcher.Form>
      )}
      {open && canAct && shown.mine !== 0 ? (
        <p className="hint" style={{ marginTop: 8 }}>
          {t('ideas.vote.withdrawHint')}
        </p>
      ) : null}
    </section>
  );
}

function CommentForm({
  parentId,
  onDone,
  label,
}: {
  parentId?: number;
  onDone?: () => void;
  label: string;
}) {
  const result = useActionError();
  const t = useTranslations();
  const ref = useRef<HTMLFormElement>(null);
  const location = useLocation();
  useEffect(() => {
    if (result) return;
    // Posted: empty the box and fold the reply panel away.
    ref.current?.reset();
    ref.current?.closest('details')?.removeAttribute('open');
  }, [location.key, result]);
  const fieldId = parentId ? `reply-${parentId}` : 'comment-body';
  const mine =
    result &&
    (result.values?.parentId ?? '') === (parentId ? String(parentId) : '') &&
    result.values?.intent === 'comment';
  return (
    <Form method="post" className="inline-form" ref={ref} preventScrollReset onSubmit={onDone}>
      <input type="hidden" name="intent" value="comment" />
      {parentId ? <input type="hidden" name="parentId" value={parentId} /> : null}
      <label htmlFor={fieldId} className={parentId ? 'visually-hidden' : undefined}>
        {label}
      </label>
      <textarea
        id={fieldId}
        name="body"
        rows={parentId ? 2 : 3}
        maxLength={5000}
        required
        defaultValue={mine ? String(result.values?.body ?? '') : undefined}
        aria-invalid={mine && result.fieldErrors?.body ? true : undefined}
        aria-describedby={mine && result.error ? `${fieldId}-error` : undefined}
      />
      {mine && result.error ? (
        <p className="field-error" id={`${fieldId}-error`} role="alert">
          {result.fieldErrors?.body?.[0] ?? result.error}
        </p>
      ) : null}
      <div>
        <SubmitButton className="button button--small" pendingText={t('ideas.comment.posting')}>
          {parentId ? t('ideas.comment.reply') : t('ideas.comment.post')}
        </SubmitButton>
      </div>
    </Form>
  );
}

/** Comment text with @handles linked to their profiles (the text itself stays plain, never HTML). */
function WithMentions({ text }: { text: string }) {
  const parts = text.split(/(@[A-Za-z0-9_]{3,30})\b/g);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <Link key={i} to={`/u/${part.slice(1)}`}>
            {part}
          </Link>
        ) : (
          part
        ),
      )}
    </>
  );
}

function CommentItem({
  c,
  signedIn,
  canReply,
  lang,
}: {
  c: CommentView;
  signedIn: boolean;
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
      {!c.deleted && signedIn ? (
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
            <CommentItem key={r.id} c={r} signedIn={signedIn} canReply={false} lang={lang} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

export default function IdeaPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionError();
  const viewer = useViewer();
  const {
    idea,
    author,
    challenge,
    brand,
    buildsOn,
    builtUpon,
    comments,
    isAuthor,
    votingOpen,
    cursor,
  } = data;
  const liveVotes = useLiveIdea(idea.id, cursor);
  const counts = liveVotes && liveVotes.at > cursor ? liveVotes : idea;
  const commentsOpen = challenge.stage !== 'archived' && idea.status !== 'withdrawn';
  const topError = result && result.values?.intent !== 'comment' ? result.error : null;
  const t = useTranslations();
  const format = useFormatter();
  const lang = useContentLang(challenge.language);
  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <Link to={`/brands/${brand.slug}`}>{brand.name}</Link> ·{' '}
            <Link to={`/challenges/${challenge.slug}`} lang={lang}>
              {challenge.title}
            </Link>{' '}
            · <StageBadge stage={challenge.stage} />
          </p>
          <h1>
            <span lang={lang}>{idea.title}</span> <StatusBadge status={idea.status} />
          </h1>
          <ul className="meta">
            <li>
              {t.rich('ideas.page.author', {
                name: author.displayName,
                handle: author.handle,
                link: (chunks) => <Link to={`/u/${author.handle}`}>{chunks}</Link>,
              })}
            </li>
            <li>{format.dateTime(new Date(idea.createdAt), { dateStyle: 'medium' })}</li>
            <li>{t('ideas.comments', { count: idea.commentCount })}</li>
          </ul>
        </div>
      </div>
      <FormError error={topError} />
      {idea.status === 'withdrawn' ? (
        <p className="alert alert--info">{t('ideas.page.withdrawnNotice')}</p>
      ) : null}
      <div className="split">
        <div>
          <article className="card">
            {buildsOn ? (
              <p className="alert alert--info">
                {t.rich('ideas.page.buildsOn', {
                  title: buildsOn.title,
                  link: (chunks) => (
                    <Link to={`/ideas/${buildsOn.id}`} lang={lang}>
                      {chunks}
                    </Link>
                  ),
                })}
              </p>
            ) : null}
            <div lang={lang}>
              <Markdown html={data.bodyHtml} />
            </div>
            <div style={{ marginTop: 16 }}>
              <Tags tags={idea.tags} />
            </div>
          </article>

          <section className="section" id="comments" aria-labelledby="comments-heading">
            <h2 id="comments-heading">{t('ideas.page.discussion')}</h2>
            {comments.length ? (
              <ul className="comments">
                {comments.map((c) => (
                  <CommentItem
                    key={c.id}
                    c={c}
                    signedIn={Boolean(viewer)}
                    canReply={commentsOpen}
                    lang={lang}
                  />
                ))}
              </ul>
            ) : (
              <p className="muted">{t('ideas.page.noComments')}</p>
            )}
            {commentsOpen ? (
              viewer ? (
                <div className="card" style={{ marginTop: 16 }}>
                  <CommentForm label={t('ideas.comment.add')} />
                </div>
              ) : (
                <p className="muted">
                  {t.rich('ideas.page.signInToComment', {
                    link: (chunks) => (
                      <Link to={`/signin?redirectTo=/ideas/${idea.id}`}>{chunks}</Link>
                    ),
                  })}
                </p>
              )
            ) : (
              <p className="muted">{t('ideas.page.commentsClosed')}</p>
            )}
          </section>
        </div>
        <aside>
          <VoteBox
            support={counts.supportCount}
            oppose={counts.opposeCount}
            myVote={data.myVote}
            open={votingOpen && idea.status !== 'withdrawn'}
            voter={!viewer ? 'signed-out' : isAuthor ? 'author' : 'yes'}
          />
          {isAuthor && idea.status === 'published' ? (
            <section className="panel" aria-labelledby="yours-heading">
              <h2 id="yours-heading">{t('ideas.page.yours')}</h2>
              <div className="stack">
                {votingOpen ? (
                  <p>
                    <Link to={`/ideas/${idea.id}/edit`}>{t('ideas.page.edit')}</Link>
                  </p>
                ) : null}
                <Form
                  method="post"
                  onSubmit={(e) => {
                    if (!confirm(t('ideas.page.withdrawConfirm'))) e.preventDefault();
                  }}
                >
                  <input type="hidden" name="intent" value="withdraw" />
                  <button type="submit" className="button button--danger button--small">
                    {t('ideas.page.withdraw')}
                  </button>
                </Form>
              </div>
            </section>
          ) : null}
          <section className="panel" aria-labelledby="build-heading">
            <h2 id="build-heading">{t('ideas.page.builtUpon')}</h2>
            {builtUpon.length ? (
              <ul className="criteria">
                {builtUpon.map((b) => (
                  <li key={b.id}>
                    <Link to={`/ideas/${b.id}`} lang={lang}>
                      {b.title}
                    </Link>
                    <span className="muted">@{b.authorHandle}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t('ideas.page.noBuilds')}</p>
            )}
            {challenge.stage === 'open' && viewer && !isAuthor ? (
              <p style={{ marginTop: 10 }}>
                <Link to={`/challenges/${challenge.slug}/ideas/new?buildsOn=${idea.id}`}>
                  {t('ideas.page.buildOn')}
                </Link>
              </p>
            ) : null}
          </section>
        </aside>
      </div>
    </>
  );
}
