import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useLocation, useRevalidator } from '@remix-run/react';
import { useState } from 'react';
import { useFormatter, useTranslations } from 'use-intl';
import { z } from 'zod';
import { useContentLang } from '#app/components/challenge-card';
import { FormError, SubmitButton, useActionError } from '#app/components/forms';
import {
  EmptyState,
  Markdown,
  Pagination,
  Score,
  StageBadge,
  StatusBadge,
  Tags,
} from '#app/components/ui';
import { changeStage } from '#app/domain/challenges/commands.server';
import { getChallengeBySlug } from '#app/domain/challenges/queries.server';
import { stageChangeSchema } from '#app/domain/challenges/schema';
import { IDEA_SORTS, STAGES, canSubmitIdeas, nextStage } from '#app/domain/challenges/policy';
import { pageField } from '#app/domain/core/fields';
import { latestEventId } from '#app/domain/events/log.server';
import { ideaCountForAuthor, listIdeas } from '#app/domain/ideas/queries.server';
import { PresenceLine, useLiveRoom, useSoonRevalidate } from '#app/live/live';
import { plainTextHtml, shortenExcerpt } from '#app/domain/markdown/markdown';
import { getTranslator } from '#app/i18n/translator';
import { STAGE_KEYS } from '#app/utils/format';
import { metaTranslator } from '#app/utils/meta';
import {
  parseInput,
  redirectWithFlash,
  requireViewer,
  runAction,
  runLoader,
} from '#app/utils/http.server';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaTranslator(matches);
  return data
    ? [
        { title: t('challenges.meta.title', { title: data.challenge.title }) },
        { name: 'description', content: data.excerpt },
      ]
    : [{ title: t('challenges.meta.notFound') }];
};

const querySchema = z.object({ sort: z.enum(IDEA_SORTS).catch('top'), page: pageField });

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  return runLoader(context, async () => {
    const cursor = await latestEventId(context.db);
    const {
      challenge: { briefHtml, briefExcerpt, ...challenge },
      brand,
      canManage,
    } = await getChallengeBySlug(context.db, context.viewer, params.slug ?? '');
    const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const ideas = await listIdeas(context.db, challenge.id, query);
    const mine = context.viewer
      ? await ideaCountForAuthor(context.db, challenge.id, context.viewer.id)
      : 0;
    return {
      challenge,
      brand,
      canManage,
      // Rendered when written; a row not yet backfilled shows its text as typed.
      briefHtml: briefHtml ?? plainTextHtml(challenge.brief),
      excerpt: shortenExcerpt(briefExcerpt ?? challenge.brief, 180),
      sort: query.sort,
      ideas: {
        ...ideas,
        items: ideas.items.map((i) => ({ ...i, excerpt: shortenExcerpt(i.excerpt, 200) })),
      },
      myIdeaCount: mine,
      next: nextStage(challenge.stage),
      cursor,
    };
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  return runAction({ request, context }, async (form) => {
    const viewer = requireViewer(context);
    await context.limits.consume('write', viewer.id);
    const { challenge } = await getChallengeBySlug(context.db, viewer, params.slug ?? '');
    const { to } = parseInput(stageChangeSchema, form);
    await changeStage(context.db, viewer, challenge.id, to);
    const t = getTranslator(context.locale);
    return redirectWithFlash(
      context,
      `/challenges/${challenge.slug}`,
      t('challenges.page.moved', { stage: t(STAGE_KEYS[to]) }),
    );
  });
}

const SORT_KEYS = {
  top: 'challenges.page.sortTop',
  new: 'challenges.page.sortNew',
  trending: 'challenges.page.sortTrending',
} as const;

type Counts = { supportCount: number; opposeCount: number; commentCount: number };

/**
 * Live state of a challenge page: vote and comment counts that changed after the page's data was
 * read (events newer than its cursor), new ideas waiting to be shown, and reloads for bigger changes.
 */
function useLiveChallenge(challengeId: number, cursor: number) {
  const [changes, setChanges] = useState<Record<number, Partial<Counts> & { at: number }>>({});
  const [newIdeaIds, setNewIdeaIds] = useState<number[]>([]);
  const reload = useSoonRevalidate();
  const { revalidate } = useRevalidator();
  useLiveRoom(`challenge:${challengeId}`, cursor, (m) => {
    if (m.type === 'idea.created') setNewIdeaIds((ids) => [...ids, m.id]);
    else if (
      'data' in m &&
      m.ideaId !== null &&
      (m.type.startsWith('vote.') || m.type.startsWith('comment.'))
    ) {
      const ideaId = m.ideaId;
      const update: Partial<Counts> = {};
      for (const key of ['supportCount', 'opposeCount', 'commentCount'] as const) {
        const v = m.data[key];
        if (typeof v === 'number') update[key] = v;
      }
      setChanges((c) => ({ ...c, [ideaId]: { ...c[ideaId], ...update, at: m.id } }));
    } else reload(); // stage moves, edits, withdrawals, or too much missed: reload the page's data
  });
  return {
    newIdeas: newIdeaIds.filter((id) => id > cursor).length,
    showNew: () => revalidate(),
    counts(idea: Counts & { id: number }): Counts {
      const change = changes[idea.id];
      return change && change.at > cursor ? { ...idea, ...change } : idea;
    },
  };
}

export default function ChallengePage() {
  const { challenge, brand, canManage, briefHtml, ideas, sort, myIdeaCount, next, cursor } =
    useLoaderData<typeof loader>();
  const live = useLiveChallenge(challenge.id, cursor);
  const result = useActionError();
  const location = useLocation();
  const stageIndex = STAGES.indexOf(challenge.stage);
  const open = canSubmitIdeas(challenge.stage);
  const limitReached = myIdeaCount >= challenge.maxIdeasPerUser;
  const t = useTranslations();
  const format = useFormatter();
  const lang = useContentLang(challenge.language);
  const date = (value: string | Date) => format.dateTime(new Date(value), { dateStyle: 'medium' });
  const stageName = t(STAGE_KEYS[challenge.stage]);
  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <Link to={`/brands/${brand.slug}`}>{brand.name}</Link> ·{' '}
            <StageBadge stage={challenge.stage} />
          </p>
          <h1 lang={lang}>{challenge.title}</h1>
          <Tags
            tags={challenge.tags}
            hrefFor={(tag) => `/challenges?tag=${encodeURIComponent(tag)}`}
          />
          <PresenceLine room={`challenge:${challenge.id}`} />
        </div>
        {open ? (
          limitReached ? (
            <p className="muted">{t('challenges.page.limitReached', { count: myIdeaCount })}</p>
          ) : (
            <Link to={`/challenges/${challenge.slug}/ideas/new`} className="button">
              {t('challenges.page.submit')}
            </Link>
          )
        ) : null}
      </div>
      <div className="split">
        <div>
          <article className="card" lang={lang} aria-label={t('challenges.page.brief')}>
            <Markdown html={briefHtml} />
          </article>

          <section className="section" aria-labelledby="ideas-heading">
            <div className="section-head">
              <h2 id="ideas-heading">
                {t('challenges.page.ideas')}{' '}
                <span className="muted">({format.number(ideas.total)})</span>
              </h2>
            </div>
            {live.newIdeas > 0 ? (
              <div className="new-ideas" role="status">
                <button type="button" className="button" onClick={live.showNew}>
                  {t('challenges.page.showNew', { count: live.newIdeas })}
                </button>
              </div>
            ) : null}
            <nav className="tabs" aria-label={t('challenges.page.sortLabel')}>
              {IDEA_SORTS.map((s) => (
                <Link
                  key={s}
                  to={s === 'top' ? '?' : `?sort=${s}`}
                  aria-current={s === sort ? 'page' : undefined}
                  preventScrollReset
                >
                  {t(SORT_KEYS[s])}
                </Link>
              ))}
            </nav>
            {ideas.items.length ? (
              <ul className="idea-list" aria-label={t('challenges.page.ideas')}>
                {ideas.items.map((idea) => (
                  <li key={idea.id} className="card idea-row">
                    <Score
                      support={live.counts(idea).supportCount}
                      oppose={live.counts(idea).opposeCount}
                    />
                    <div>
                      <h3 lang={lang}>
                        <Link to={`/ideas/${idea.id}`} prefetch="intent">
                          {idea.title}
                        </Link>
                      </h3>
                      <p lang={lang}>{idea.excerpt}</p>
                      <p className="meta">
                        <span>
                          {t.rich('ideas.byline', {
                            handle: idea.authorHandle,
                            link: (chunks) => <Link to={`/u/${idea.authorHandle}`}>{chunks}</Link>,
                          })}
                        </span>
                        <span>{date(idea.createdAt)}</span>
                        <span>
                          {t('ideas.comments', { count: live.counts(idea).commentCount })}
                        </span>
                        <StatusBadge status={idea.status} />
                      </p>
                    </div>
                  </li>
                ))}
              </ul>
            ) : (
              <EmptyState title={t('challenges.page.emptyTitle')}>
                {open ? (
                  <p>{t('challenges.page.emptyOpen')}</p>
                ) : challenge.stage === 'draft' ? (
                  <p>{t('challenges.page.emptyDraft')}</p>
                ) : (
                  <p>{t('challenges.page.emptyClosed')}</p>
                )}
              </EmptyState>
            )}
            <Pagination page={ideas.page} pageCount={ideas.pageCount} search={location.search} />
          </section>
        </div>

        <aside>
          <section className="panel" aria-labelledby="stage-heading">
            <h2 id="stage-heading">{t('challenges.page.stage')}</h2>
            <ol
              className="stage-track"
              aria-label={t('challenges.page.stageTrack', {
                index: stageIndex + 1,
                total: STAGES.length,
                stage: stageName,
              })}
            >
              {STAGES.map((s, i) => (
                <li
                  key={s}
                  className={i <= stageIndex ? 'done' : undefined}
                  title={t(STAGE_KEYS[s])}
                />
              ))}
            </ol>
            <dl>
              <dt>{t('challenges.page.now')}</dt>
              <dd>{stageName}</dd>
              {challenge.opensAt ? (
                <>
                  <dt>{t('challenges.dates.opens')}</dt>
                  <dd>{date(challenge.opensAt)}</dd>
                </>
              ) : null}
              {challenge.votingAt ? (
                <>
                  <dt>{t('challenges.dates.voting')}</dt>
                  <dd>{date(challenge.votingAt)}</dd>
                </>
              ) : null}
              {challenge.reviewAt ? (
                <>
                  <dt>{t('challenges.dates.review')}</dt>
                  <dd>{date(challenge.reviewAt)}</dd>
                </>
              ) : null}
              {challenge.awardedAt ? (
                <>
                  <dt>{t('challenges.dates.winners')}</dt>
                  <dd>{date(challenge.awardedAt)}</dd>
                </>
              ) : null}
              <dt>{t('challenges.page.limit')}</dt>
              <dd>{t('challenges.page.limitValue', { count: challenge.maxIdeasPerUser })}</dd>
            </dl>
          </section>
          {challenge.rewardPoints > 0 || challenge.rewardDescription ? (
            <section className="panel" aria-labelledby="reward-heading">
              <h2 id="reward-heading">{t('challenges.page.reward')}</h2>
              {challenge.rewardPoints > 0 ? (
                <p className="reward">
                  {t('challenges.page.rewardPool', { points: challenge.rewardPoints })}
                </p>
              ) : null}
              {challenge.rewardDescription ? (
                <p lang={lang}>{challenge.rewardDescription}</p>
              ) : null}
            </section>
          ) : null}
          {challenge.criteria.length ? (
            <section className="panel" aria-labelledby="criteria-heading">
              <h2 id="criteria-heading">{t('challenges.page.criteria')}</h2>
              <ul className="criteria" lang={lang}>
                {challenge.criteria.map((c) => (
                  <li key={c.name}>
                    <span>{c.name}</span>
                    <strong>{c.weight}%</strong>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {canManage ? (
            <section className="panel" aria-labelledby="manage-heading">
              <h2 id="manage-heading">{t('challenges.page.manage')}</h2>
              <FormError error={result?.error} />
              <div className="stack">
                {challenge.stage !== 'archived' ? (
                  <p>
                    <Link to={`/challenges/${challenge.slug}/edit`}>
                      {t('challenges.page.edit')}
                    </Link>
                  </p>
                ) : null}
                {next ? (
                  <Form
                    method="post"
                    onSubmit={(e) => {
                      if (
                        !confirm(t('challenges.page.moveConfirm', { stage: t(STAGE_KEYS[next]) }))
                      )
                        e.preventDefault();
                    }}
                  >
                    <input type="hidden" name="to" value={next} />
                    <SubmitButton pendingText={t('challenges.page.moving')}>
                      {t('challenges.page.move', { stage: t(STAGE_KEYS[next]) })}
                    </SubmitButton>
                  </Form>
                ) : (
                  <p className="muted">{t('challenges.page.archived')}</p>
                )}
              </div>
            </section>
          ) : null}
        </aside>
      </div>
    </>
  );
}
