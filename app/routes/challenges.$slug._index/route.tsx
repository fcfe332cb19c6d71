import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import { z } from 'zod';
import { useContentLang } from '#app/components/challenge-card';
import { Markdown, StageBadge, Tags } from '#app/components/ui';
import { changeStage } from '#app/domain/challenges/commands.server';
import { getChallengeBySlug } from '#app/domain/challenges/queries.server';
import { TopFive } from '#app/components/leaderboard';
import { topFive } from '#app/domain/reputation/leaderboards.server';
import { stageChangeSchema } from '#app/domain/challenges/schema';
import { consentQuestion } from '#app/domain/consent/queries.server';
import { isFollowing, winnersOf } from '#app/domain/judging/queries.server';
import { judgingOpen } from '#app/domain/judging/policy';
import * as judging from './judging.server';
import {
  IDEA_SORTS,
  canSubmitIdeas,
  challengeEditable,
  nextStage,
} from '#app/domain/challenges/policy';
import { ideaLimitReached } from '#app/domain/ideas/policy';
import { logHorizon } from '#app/domain/events/log.server';
import { countPageVisit } from '#app/domain/insights/visits.server';
import { maySeeInsights } from '#app/domain/insights/page.server';
import { ideaCountForAuthor, listIdeas } from '#app/domain/ideas/queries.server';
import { PresenceLine } from '#app/live/live';
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
import { ConsentQuestion } from './consent-question';
import { CriteriaPanel } from './criteria-panel';
import { IdeaList } from './idea-list';
import { FollowButton } from './follow-button';
import { ManagePanel } from './manage-panel';
import { WinnersSection } from './winners-section';
import { RewardPanel } from './reward-panel';
import { StagePanel } from './stage-panel';
import { useLiveChallenge } from './use-live-challenge';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaTranslator(matches);
  return data
    ? [
        { title: t('challenges.meta.title', { title: data.challenge.title }) },
        { name: 'description', content: data.excerpt },
      ]
    : [{ title: t('challenges.meta.notFound') }];
};

// `after`/`before` are opaque page cursors, checked by listIdeas (a bad one is a 400).
const querySchema = z.object({
  sort: z.enum(IDEA_SORTS).catch('top'),
  after: z.string().optional(),
  before: z.string().optional(),
});

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  return runLoader(context, async () => {
    const cursor = await logHorizon(context.db);
    const {
      challenge: { briefHtml, briefExcerpt, ...challenge },
      brand,
      can: { manage },
    } = await getChallengeBySlug(context.db, context.viewer, params.slug ?? '');
    const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    // The dashboard's unique visitors (a salted daily hash, nothing kept): counted beside the page,
    // which neither waits for it nor fails with it; a failure is logged by countPageVisit.
    void countPageVisit(context.db, {
      challengeId: challenge.id,
      brandId: brand.id,
      stage: challenge.stage,
      ip: context.clientIp,
      userAgent: request.headers.get('user-agent') ?? '',
      now: context.clock.now(),
    });
    const ideas = await listIdeas(context.db, challenge.id, query);
    const mine = context.viewer
      ? await ideaCountForAuthor(context.db, challenge.id, context.viewer.id)
      : 0;
    const next = nextStage(challenge.stage);
    const accepting = canSubmitIdeas(challenge.stage);
    const limitReached = accepting && ideaLimitReached(mine, challenge.maxIdeasPerUser);
    const awarded = challenge.stage === 'awarded' || challenge.stage === 'archived';
    return {
      challenge,
      brand,
      // Rendered when written; a row not yet backfilled shows its text as typed.
      briefHtml: briefHtml ?? plainTextHtml(challenge.brief),
      excerpt: shortenExcerpt(briefExcerpt ?? challenge.brief, 180),
      sort: query.sort,
      ideas: {
        ...ideas,
        // Kept with the challenge (migration 0008), never counted per request.
        total: challenge.ideaCount,
        items: ideas.items.map((i) => ({ ...i, excerpt: shortenExcerpt(i.excerpt, 200) })),
      },
      myIdeaCount: mine,
      following: await isFollowing(context.db, context.viewer?.id, challenge.id),
      winners: awarded ? await winnersOf(context.db, challenge.id) : [],
      next,
      accepting,
      limitReached,
      can: {
        submit: accepting && !limitReached,
        manage,
        edit: manage && challengeEditable(challenge.stage),
        // Awarded comes with the winners, from the judging page's award form.
        move: manage && next !== null && next !== 'awarded',
        judge: manage && judgingOpen(challenge.stage),
        follow: context.viewer !== null,
        // The brand's dashboard for this challenge: its team only (app/domain/insights/policy.ts).
        insights: await maySeeInsights(context.db, context.viewer, brand.id),
      },
      cursor,
      topFive: await topFive(context.db, { challengeId: challenge.id }),
      // Whether to ask the viewer what this brand may see about them (once, after they took part).
      askConsent: context.viewer
        ? await consentQuestion(context.db, context.viewer.id, brand.id)
        : false,
    };
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  return runAction({ request, context }, async (form) => {
    const viewer = requireViewer(context);
    await context.limits.consume('write', viewer.id);
    const { challenge } = await getChallengeBySlug(context.db, viewer, params.slug ?? '');
    if (form.intent !== undefined && form.intent !== 'stage')
      return judging.challengeIntent({ context, viewer, challenge, form });
    const { to } = parseInput(stageChangeSchema, form);
    await changeStage(context.db, {
      actor: viewer,
      challengeId: challenge.id,
      to,
      clock: context.clock,
    });
    const t = getTranslator(context.locale);
    return redirectWithFlash(
      context,
      `/challenges/${challenge.slug}`,
      t('challenges.page.moved', { stage: t(STAGE_KEYS[to]) }),
    );
  });
}

export default function ChallengePage() {
  const data = useLoaderData<typeof loader>();
  const { challenge, brand, can, briefHtml, ideas, sort, myIdeaCount, next, cursor } = data;
  const live = useLiveChallenge(challenge.id, cursor);
  const t = useTranslations();
  const lang = useContentLang(challenge.language);
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
          {can.follow ? <FollowButton following={data.following} /> : null}
          {can.insights ? (
            <p>
              <Link
                to={`/brands/${brand.slug}/insights?challenge=${encodeURIComponent(challenge.slug)}`}
              >
                {t('insights.links.challenge')}
              </Link>
            </p>
          ) : null}
        </div>
        {can.submit ? (
          <Link to={`/challenges/${challenge.slug}/ideas/new`} className="button">
            {t('challenges.page.submit')}
          </Link>
        ) : data.limitReached ? (
          <p className="muted">{t('challenges.page.limitReached', { count: myIdeaCount })}</p>
        ) : null}
      </div>
      {data.askConsent ? <ConsentQuestion brand={brand} /> : null}
      <div className="split">
        <div>
          {data.winners.length ? (
            <WinnersSection winners={data.winners} canDecide={can.manage} lang={lang} />
          ) : null}
          <article className="card" lang={lang} aria-label={t('challenges.page.brief')}>
            <Markdown html={briefHtml} />
          </article>
          <IdeaList
            ideas={ideas}
            sort={sort}
            live={live}
            empty={data.accepting ? 'open' : challenge.stage === 'draft' ? 'draft' : 'closed'}
          />
        </div>
        <aside>
          <StagePanel challenge={challenge} />
          <RewardPanel challenge={challenge} lang={lang} />
          <CriteriaPanel criteria={challenge.criteria} lang={lang} />
          <TopFive rows={data.topFive} board="challenge" slug={challenge.slug} />
          {can.manage ? (
            <ManagePanel
              challenge={challenge}
              next={can.move ? next : null}
              canEdit={can.edit}
              canJudge={can.judge}
            />
          ) : null}
        </aside>
      </div>
    </>
  );
}
