import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useLocation, useRevalidator } from '@remix-run/react';
import { useState } from 'react';
import { z } from 'zod';
import { FormError, SubmitButton, useActionError } from '../components/forms';
import { EmptyState, Markdown, Pagination, Score, StageBadge, Tags } from '../components/ui';
import { changeStage, getChallengeBySlug, stageChangeSchema } from '../domain/challenges.server';
import { IDEA_SORTS, STAGES, canSubmitIdeas, nextStage } from '../domain/lifecycle';
import { pageField } from '../domain/fields';
import { latestEventId } from '../domain/events.server';
import { ideaCountForAuthor, listIdeas } from '../domain/ideas.server';
import { PresenceLine, useLiveRoom, useSoonRevalidate } from '../live/live';
import { plainTextHtml, shortenExcerpt } from '../domain/markdown';
import { formatDate, plural, stageLabel } from '../utils/format';
import {
  parseInput,
  redirectWithFlash,
  requireViewer,
  runAction,
  runLoader,
} from '../utils/http.server';

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.challenge.title} · Cocrea` },
        { name: 'description', content: data.excerpt },
      ]
    : [{ title: 'Challenge not found · Cocrea' }];

const querySchema = z.object({ sort: z.enum(IDEA_SORTS).catch('top'), page: pageField });

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  return runLoader(async () => {
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
  return runAction(request, async (form) => {
    const viewer = requireViewer(context);
    await context.limits.consume('write', viewer.id);
    const { challenge } = await getChallengeBySlug(context.db, viewer, params.slug ?? '');
    const { to } = parseInput(stageChangeSchema, form);
    await changeStage(context.db, viewer, challenge.id, to);
    return redirectWithFlash(
      context,
      `/challenges/${challenge.slug}`,
      `The challenge is now: ${stageLabel[to]}.`,
    );
  });
}

const sortLabel = { top: 'Top', new: 'New', trending: 'Trending' } as const;

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
  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <Link to={`/brands/${brand.slug}`}>{brand.name}</Link> ·{' '}
            <StageBadge stage={challenge.stage} />
          </p>
          <h1>{challenge.title}</h1>
          <Tags tags={challenge.tags} hrefFor={(t) => `/challenges?tag=${encodeURIComponent(t)}`} />
          <PresenceLine room={`challenge:${challenge.id}`} />
        </div>
        {open ? (
          limitReached ? (
            <p className="muted">
              You have shared {plural(myIdeaCount, 'idea')}, this challenge's limit.
            </p>
          ) : (
            <Link to={`/challenges/${challenge.slug}/ideas/new`} className="button">
              Submit an idea
            </Link>
          )
        ) : null}
      </div>
      <div className="split">
        <div>
          <article className="card">
            <Markdown html={briefHtml} />
          </article>

          <section className="section" aria-labelledby="ideas-heading">
            <div className="section-head">
              <h2 id="ideas-heading">
                Ideas <span className="muted">({ideas.total})</span>
              </h2>
            </div>
            {live.newIdeas > 0 ? (
              <div className="new-ideas" role="status">
                <button type="button" className="button" onClick={live.showNew}>
                  {live.newIdeas === 1 ? 'Show 1 new idea' : `Show ${live.newIdeas} new ideas`}
                </button>
              </div>
            ) : null}
            <nav className="tabs" aria-label="Sort ideas">
              {IDEA_SORTS.map((s) => (
                <Link
                  key={s}
                  to={s === 'top' ? '?' : `?sort=${s}`}
                  aria-current={s === sort ? 'page' : undefined}
                  preventScrollReset
                >
                  {sortLabel[s]}
                </Link>
              ))}
            </nav>
            {ideas.items.length ? (
              <ul className="idea-list">
                {ideas.items.map((idea) => (
                  <li key={idea.id} className="card idea-row">
                    <Score
                      support={live.counts(idea).supportCount}
                      oppose={live.counts(idea).opposeCount}
                    />
                    <div>
                      <h3>
                        <Link to={`/ideas/${idea.id}`} prefetch="intent">
                          {idea.title}
                        </Link>
                      </h3>
                      <p>{idea.excerpt}</p>
                      <p className="meta">
                        <span>
                          by <Link to={`/u/${idea.authorHandle}`}>@{idea.authorHandle}</Link>
                        </span>
                        <span>{formatDate(idea.createdAt)}</span>
                        <span>{plural(live.counts(idea).commentCount, 'comment')}</span>
                        {idea.status !== 'published' ? (
                          <span className="badge badge--status-winner">{idea.status}</span>
                        ) : null}
                      </p>
                    </div>
                  </li>
                ))}
              </ul>
            ) : (
              <EmptyState title="No ideas yet.">
                {open ? (
                  <p>Be the first to share one.</p>
                ) : challenge.stage === 'draft' ? (
                  <p>Ideas will appear here once the challenge opens.</p>
                ) : (
                  <p>This challenge received no ideas.</p>
                )}
              </EmptyState>
            )}
            <Pagination page={ideas.page} pageCount={ideas.pageCount} search={location.search} />
          </section>
        </div>

        <aside>
          <section className="panel" aria-labelledby="stage-heading">
            <h2 id="stage-heading">Stage</h2>
            <ol
              className="stage-track"
              aria-label={`Stage ${stageIndex + 1} of ${STAGES.length}: ${stageLabel[challenge.stage]}`}
            >
              {STAGES.map((s, i) => (
                <li
                  key={s}
                  className={i <= stageIndex ? 'done' : undefined}
                  title={stageLabel[s]}
                />
              ))}
            </ol>
            <dl>
              <dt>Now</dt>
              <dd>{stageLabel[challenge.stage]}</dd>
              {challenge.opensAt ? (
                <>
                  <dt>Opens</dt>
                  <dd>{formatDate(challenge.opensAt)}</dd>
                </>
              ) : null}
              {challenge.votingAt ? (
                <>
                  <dt>Voting</dt>
                  <dd>{formatDate(challenge.votingAt)}</dd>
                </>
              ) : null}
              {challenge.reviewAt ? (
                <>
                  <dt>Review</dt>
                  <dd>{formatDate(challenge.reviewAt)}</dd>
                </>
              ) : null}
              {challenge.awardedAt ? (
                <>
                  <dt>Winners</dt>
                  <dd>{formatDate(challenge.awardedAt)}</dd>
                </>
              ) : null}
              <dt>Limit</dt>
              <dd>{plural(challenge.maxIdeasPerUser, 'idea')} per person</dd>
            </dl>
          </section>
          {challenge.rewardPoints > 0 || challenge.rewardDescription ? (
            <section className="panel" aria-labelledby="reward-heading">
              <h2 id="reward-heading">Reward</h2>
              {challenge.rewardPoints > 0 ? (
                <p className="reward">{challenge.rewardPoints.toLocaleString('en')} points pool</p>
              ) : null}
              {challenge.rewardDescription ? <p>{challenge.rewardDescription}</p> : null}
            </section>
          ) : null}
          {challenge.criteria.length ? (
            <section className="panel" aria-labelledby="criteria-heading">
              <h2 id="criteria-heading">Judging criteria</h2>
              <ul className="criteria">
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
              <h2 id="manage-heading">Manage</h2>
              <FormError error={result?.error} />
              <div className="stack">
                {challenge.stage !== 'archived' ? (
                  <p>
                    <Link to={`/challenges/${challenge.slug}/edit`}>Edit this challenge</Link>
                  </p>
                ) : null}
                {next ? (
                  <Form
                    method="post"
                    onSubmit={(e) => {
                      if (
                        !confirm(
                          `Move this challenge to “${stageLabel[next]}”? Stages only move forward.`,
                        )
                      )
                        e.preventDefault();
                    }}
                  >
                    <input type="hidden" name="to" value={next} />
                    <SubmitButton pendingText="Moving…">Move to “{stageLabel[next]}”</SubmitButton>
                  </Form>
                ) : (
                  <p className="muted">This challenge is archived.</p>
                )}
              </div>
            </section>
          ) : null}
        </aside>
      </div>
    </>
  );
}
