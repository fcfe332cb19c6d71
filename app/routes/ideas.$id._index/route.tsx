import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useFormatter, useTranslations } from 'use-intl';
import { z } from 'zod';
import { useContentLang } from '#app/components/challenge-card';
import { Byline } from '#app/components/deleted-account';
import { FormError, useActionError } from '#app/components/forms';
import { Markdown, StageBadge, StatusBadge, Tags } from '#app/components/ui';
import { listComments } from '#app/domain/comments/queries.server';
import { consentQuestion } from '#app/domain/consent/queries.server';
import { invalid } from '#app/domain/core/errors';
import { MAX_ID } from '#app/domain/core/fields';
import { logHorizon } from '#app/domain/events/log.server';
import { getIdea } from '#app/domain/ideas/queries.server';
import { rewardOfIdea } from '#app/domain/judging/queries.server';
import { plainTextHtml, shortenExcerpt } from '#app/domain/markdown/markdown';
import { privilegeLockOf } from '#app/domain/reputation/queries.server';
import { flagControlsOf } from '#app/domain/moderation/flags.server';
import { comparePosition } from '#app/live/protocol';
import { metaTranslator } from '#app/utils/meta';
import { intParam, parseInput, requireViewer, runAction, runLoader } from '#app/utils/http.server';
import { AuthorPanel } from './author-panel';
import { BuildsPanel } from './builds-panel';
import { ConsentQuestion } from './consent-question';
import { CommentList } from './comment-list';
import * as intents from './intents.server';
import { IdeaFlagPanel } from './flag-form';
import { HiddenIdeaNotice, IdeaGone } from './hidden-notice';
import { useLiveHidden } from './use-live-hidden';
import { MergedCredits, MergedNotice } from './merged-credits';
import { MergedDiscussions } from './merged-discussion';
import { mergedRedirectTo, mergedView } from './merged-view.server';
import { useLiveIdea } from './use-live-idea';
import { VotePanel } from './vote-panel';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaTranslator(matches);
  return data
    ? [
        { title: t('ideas.meta.title', { title: data.idea.title }) },
        { name: 'description', content: data.excerpt },
      ]
    : [{ title: t('ideas.meta.notFound') }];
};

/** `?comments=<id>`: the page of the discussion that starts at that comment's thread. */
const commentPageSchema = z.object({
  comments: z
    .string()
    .regex(/^[1-9]\d{0,9}$/)
    .transform(Number)
    .refine((n) => n <= MAX_ID)
    .optional(),
});

function commentPageOf(request: Request) {
  const parsed = commentPageSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw invalid('errors.page.cursor');
  return parsed.data.comments;
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const id = intParam(params.id, 'errors.notFound.idea', context);
  return runLoader(context, async () => {
    // Read before the data: live updates resume from there (decision 013).
    const cursor = await logHorizon(context.db);
    const view = await getIdea(context.db, context.viewer, id);
    // A merged duplicate lives on in its original: its readers go there, with a notice.
    if (view.idea.status === 'merged' && view.idea.mergedIntoId !== null)
      throw redirect(mergedRedirectTo(id, view.idea.mergedIntoId));
    const comments = await listComments(context.db, id, context.viewer, {
      from: commentPageOf(request),
      reviewer: view.can.manage,
    });
    const { bodyHtml, bodyExcerpt, ...idea } = view.idea;
    return {
      ...view,
      idea,
      // Rendered when written; a row not yet backfilled shows its text as typed.
      bodyHtml: bodyHtml ?? plainTextHtml(idea.body),
      excerpt: shortenExcerpt(bodyExcerpt ?? idea.body, 180),
      comments,
      // The flag controls of the idea and of each comment shown (issue 15).
      flags: await flagControlsOf(context.db, context.viewer, {
        ideaId: id,
        brandId: view.challenge.brandId,
        isAuthor: view.isAuthor,
        status: view.idea.status,
        stage: view.challenge.stage,
        threads: comments.threads,
        now: context.clock.now(),
      }),
      merged: await mergedView(context.db, id, request),
      cursor,
      // A winning idea's place and points, for its badge (judging).
      reward: idea.status === 'winner' ? await rewardOfIdea(context.db, id) : null,
      // What unlocks the oppose control and what the viewer has (null: it is not locked).
      opposeLock: await privilegeLockOf(context.db, context.viewer, 'oppose', {
        brandMember: view.can.manage,
      }),
      // Whether to ask the viewer what this brand may see about them (once, after they took part).
      askConsent: context.viewer
        ? await consentQuestion(context.db, context.viewer.id, view.challenge.brandId)
        : false,
    };
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const ideaId = intParam(params.id, 'errors.notFound.idea', context);
  return runAction({ request, context }, async (form) => {
    const viewer = requireViewer(context, intents.signInKey(form.intent));
    const input = parseInput(intents.intentSchema, form);
    switch (input.intent) {
      case 'vote':
        return intents.vote({ context, viewer, ideaId, input });
      case 'comment':
        return intents.comment({ context, viewer, ideaId, input });
      case 'edit-comment':
        return intents.editOwnComment({ context, viewer, ideaId, input });
      case 'delete-comment':
        return intents.removeComment({ context, viewer, ideaId, input });
      case 'withdraw':
        return intents.withdraw({ context, viewer, ideaId, input });
      case 'flag':
        return intents.flag({ context, viewer, ideaId, input });
    }
  });
}

export default function IdeaPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionError();
  const { idea, author, challenge, brand, buildsOn, builtUpon, comments, can } = data;
  const liveVotes = useLiveIdea(idea.id, data.cursor);
  const counts =
    liveVotes && comparePosition(liveVotes.position, data.cursor) > 0 ? liveVotes : idea;
  const topError = result && result.values?.intent !== 'comment' ? result.error : null;
  const t = useTranslations();
  const format = useFormatter();
  const lang = useContentLang(challenge.language);
  // The idea's own language (detected when written, issue 16) for its title and body.
  const ideaLang = useContentLang(idea.language);
  const gone = useLiveHidden(idea.id, data.cursor, data.isAuthor || can.manage);
  if (gone) return <IdeaGone challenge={challenge} />;
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
            <span lang={ideaLang}>{idea.title}</span>{' '}
            {data.reward ? (
              <span className="badge badge--status-winner">
                {data.reward.status === 'revoked'
                  ? t('challenges.winners.ideaBadgeRevoked', { rank: data.reward.rank })
                  : t('challenges.winners.ideaBadge', {
                      rank: data.reward.rank,
                      points: data.reward.points,
                    })}
              </span>
            ) : (
              <StatusBadge status={idea.status} />
            )}
          </h1>
          <ul className="meta">
            <li>
              {author.handle === null ? (
                <Byline handle={null} />
              ) : (
                t.rich('ideas.page.author', {
                  name: author.displayName ?? '',
                  handle: author.handle,
                  link: (chunks) => <Link to={`/u/${author.handle}`}>{chunks}</Link>,
                })
              )}
            </li>
            <li>{format.dateTime(new Date(idea.createdAt), { dateStyle: 'medium' })}</li>
            <li>{t('ideas.comments', { count: idea.commentCount })}</li>
          </ul>
        </div>
      </div>
      <FormError error={topError} />
      {data.askConsent ? (
        <ConsentQuestion brand={{ id: challenge.brandId, name: brand.name }} />
      ) : null}
      <MergedNotice title={data.merged.noticeTitle} lang={lang} />
      <HiddenIdeaNotice hidden={data.hidden} />
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
            <div lang={ideaLang}>
              <Markdown html={data.bodyHtml} />
            </div>
            <div style={{ marginTop: 16 }}>
              <Tags tags={idea.tags} />
            </div>
          </article>
          <CommentList
            comments={comments}
            ideaId={idea.id}
            open={data.commentsOpen}
            canComment={can.comment}
            flags={data.flags.comments}
          />
          <MergedDiscussions discussions={data.merged.discussions} ideaId={idea.id} lang={lang} />
        </div>
        <aside>
          <VotePanel
            support={counts.supportCount}
            oppose={counts.opposeCount}
            myVote={data.myVote}
            refusal={data.voteRefusal}
            opposeLock={data.opposeLock}
          />
          <MergedCredits credits={data.merged.credits} lang={lang} />
          <IdeaFlagPanel flags={data.flags} />
          {can.withdraw ? <AuthorPanel ideaId={idea.id} canEdit={can.edit} /> : null}
          <BuildsPanel
            builtUpon={builtUpon}
            lang={lang}
            buildOnHref={
              can.buildOn ? `/challenges/${challenge.slug}/ideas/new?buildsOn=${idea.id}` : null
            }
          />
        </aside>
      </div>
    </>
  );
}
