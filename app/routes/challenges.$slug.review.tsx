// The judging page of a challenge in review, for its brand's members and moderators: a scorecard
// per idea (draft, then submitted for good), the shortlist, and the award form that names the
// winners and moves the challenge to awarded.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import { z } from 'zod';
import { useContentLang } from '#app/components/challenge-card';
import { FormError, SubmitButton, useActionError } from '#app/components/forms';
import { Pagination, StatusBadge } from '#app/components/ui';
import { pageField } from '#app/domain/core/fields';
import { forbidden } from '#app/domain/core/errors';
import { getChallengeBySlug } from '#app/domain/challenges/queries.server';
import {
  awardChallenge,
  saveScorecard,
  shortlistIdea,
  unshortlistIdea,
} from '#app/domain/judging/commands.server';
import { awardChoices, judgingBoard } from '#app/domain/judging/queries.server';
import { SCORE_MAX, SCORE_MIN, judgingOpen } from '#app/domain/judging/policy';
import { awardSchema, ideaActionSchema, scorecardSchema } from '#app/domain/judging/schema';
import { getTranslator } from '#app/i18n/translator';
import { metaTranslator } from '#app/utils/meta';
import {
  parseInput,
  redirectWithFlash,
  requireViewer,
  requireViewerOrRedirect,
  runAction,
  runLoader,
} from '#app/utils/http.server';

export const meta: MetaFunction = ({ matches }) => [
  { title: metaTranslator(matches)('challenges.meta.reviewTitle') },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const viewer = requireViewerOrRedirect(context, request);
  return runLoader(context, async () => {
    const { challenge, brand, can } = await getChallengeBySlug(
      context.db,
      viewer,
      params.slug ?? '',
    );
    if (!can.manage) throw forbidden('errors.judging.scoreNotMember');
    const page = pageField.parse(new URL(request.url).searchParams.get('page') ?? 1);
    const board = await judgingBoard(context.db, viewer, challenge, page);
    return {
      challenge: {
        id: challenge.id,
        slug: challenge.slug,
        title: challenge.title,
        stage: challenge.stage,
        language: challenge.language,
        criteria: challenge.criteria,
      },
      brand,
      open: judgingOpen(challenge.stage),
      board,
      award: board ? await awardChoices(context.db, challenge) : null,
    };
  });
}

const intentSchema = z.object({
  intent: z.enum(['save', 'submit', 'shortlist', 'unshortlist', 'award'], {
    errorMap: () => ({ message: 'errors.field.invalidChoice' }),
  }),
});

export async function action({ params, request, context }: ActionFunctionArgs) {
  return runAction({ request, context }, async (form) => {
    const viewer = requireViewer(context);
    await context.limits.consume('write', viewer.id);
    const { challenge } = await getChallengeBySlug(context.db, viewer, params.slug ?? '');
    const { intent } = parseInput(intentSchema, form);
    const t = getTranslator(context.locale);
    const base = { actor: viewer, clock: context.clock };
    const here = `/challenges/${challenge.slug}/review`;
    switch (intent) {
      case 'save':
      case 'submit': {
        const { ideaId, score } = parseInput(scorecardSchema, form);
        await saveScorecard(context.db, {
          ...base,
          challengeId: challenge.id,
          ideaId,
          scores: score,
          submit: intent === 'submit',
        });
        return redirectWithFlash(
          context,
          `${here}#idea-${ideaId}`,
          t(intent === 'submit' ? 'challenges.review.submitted' : 'challenges.review.saved'),
        );
      }
      case 'shortlist':
      case 'unshortlist': {
        const { ideaId } = parseInput(ideaActionSchema, form);
        await (intent === 'shortlist' ? shortlistIdea : unshortlistIdea)(context.db, {
          ...base,
          challengeId: challenge.id,
          ideaId,
        });
        return redirectWithFlash(
          context,
          `${here}#idea-${ideaId}`,
          t(
            intent === 'shortlist'
              ? 'challenges.review.shortlisted'
              : 'challenges.review.unshortlisted',
          ),
        );
      }
      case 'award': {
        const winners = parseInput(awardSchema, form);
        await awardChallenge(context.db, { ...base, challengeId: challenge.id, winners });
        return redirectWithFlash(
          context,
          `/challenges/${challenge.slug}#winners`,
          t('challenges.review.awarded'),
        );
      }
    }
  });
}

export default function ReviewPage() {
  const { challenge, brand, open, board, award } = useLoaderData<typeof loader>();
  const result = useActionError();
  const location = useLocation();
  const t = useTranslations();
  const lang = useContentLang(challenge.language);
  const failedIdea = result?.values?.ideaId;
  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <Link to={`/brands/${brand.slug}`}>{brand.name}</Link> ·{' '}
            <Link to={`/challenges/${challenge.slug}`} lang={lang}>
              {challenge.title}
            </Link>
          </p>
          <h1>{t('challenges.review.heading')}</h1>
          <p>
            {challenge.criteria.length
              ? t('challenges.review.lead', { min: SCORE_MIN, max: SCORE_MAX })
              : t('challenges.review.noCriteria')}
          </p>
        </div>
      </div>
      {!open || !board ? (
        <p className="alert alert--info">{t('challenges.review.closed')}</p>
      ) : (
        <div className="split">
          <div>
            {failedIdea === undefined && result?.values?.intent !== 'award' ? (
              <FormError error={result?.error} />
            ) : null}
            <ol className="judging-board">
              {board.ideas.map((idea) => (
                <li key={idea.id} id={`idea-${idea.id}`} className="card scorecard">
                  <h2>
                    <Link to={`/ideas/${idea.id}`} lang={lang}>
                      {idea.title}
                    </Link>{' '}
                    <StatusBadge status={idea.status} />
                  </h2>
                  <p className="muted">
                    {idea.authorHandle === null
                      ? t('mydata.deleted.reviewMeta', {
                          support: idea.supportCount,
                          oppose: idea.opposeCount,
                        })
                      : t('challenges.review.ideaMeta', {
                          handle: idea.authorHandle,
                          support: idea.supportCount,
                          oppose: idea.opposeCount,
                        })}
                  </p>
                  {String(failedIdea) === String(idea.id) ? (
                    <FormError error={result?.error} />
                  ) : null}
                  {idea.mySubmitted ? (
                    <p>
                      {t('challenges.review.average', {
                        average: idea.average ?? 0,
                        judges: idea.judges ?? 0,
                        mine: idea.myWeighted ?? 0,
                      })}
                    </p>
                  ) : null}
                  {challenge.criteria.length ? (
                    <Form method="post" className="form">
                      <input type="hidden" name="ideaId" value={idea.id} />
                      <fieldset disabled={idea.mySubmitted}>
                        <legend className="visually-hidden">
                          {t('challenges.review.scoresFor', { title: idea.title })}
                        </legend>
                        <div className="score-grid">
                          {challenge.criteria.map((c, i) => (
                            <label key={c.name}>
                              <span lang={lang}>
                                {c.name} ({c.weight}%)
                              </span>
                              <input
                                type="number"
                                name="score"
                                min={SCORE_MIN}
                                max={SCORE_MAX}
                                step={1}
                                required
                                defaultValue={idea.myScores?.[i] ?? ''}
                              />
                            </label>
                          ))}
                        </div>
                      </fieldset>
                      {idea.mySubmitted ? (
                        <p className="muted">{t('challenges.review.final')}</p>
                      ) : (
                        <div className="form-actions">
                          <SubmitButton name="intent" value="save" className="button button--ghost">
                            {t('challenges.review.save')}
                          </SubmitButton>
                          <SubmitButton name="intent" value="submit">
                            {t('challenges.review.submit')}
                          </SubmitButton>
                        </div>
                      )}
                    </Form>
                  ) : null}
                  <Form method="post">
                    <input type="hidden" name="ideaId" value={idea.id} />
                    {idea.status === 'shortlisted' ? (
                      <SubmitButton
                        name="intent"
                        value="unshortlist"
                        className="button button--ghost"
                      >
                        {t('challenges.review.unshortlist')}
                      </SubmitButton>
                    ) : (
                      <SubmitButton
                        name="intent"
                        value="shortlist"
                        className="button button--secondary"
                      >
                        {t('challenges.review.shortlist')}
                      </SubmitButton>
                    )}
                  </Form>
                </li>
              ))}
            </ol>
            {board.ideas.length ? null : <p>{t('challenges.review.empty')}</p>}
            <Pagination page={board.page} pageCount={board.pageCount} search={location.search} />
          </div>
          <aside>
            {award ? (
              <section className="panel" aria-labelledby="award-heading" id="award">
                <h2 id="award-heading">{t('challenges.review.awardHeading')}</h2>
                {result?.values?.intent === 'award' ? <FormError error={result.error} /> : null}
                {award.shortlisted.length ? (
                  <Form
                    method="post"
                    className="form"
                    onSubmit={(e) => {
                      if (!confirm(t('challenges.review.awardConfirm'))) e.preventDefault();
                    }}
                  >
                    <p className="hint">
                      {award.open
                        ? t('challenges.review.awardOpenHint')
                        : t('challenges.review.awardHint')}
                    </p>
                    {award.ranks.map((prize, i) => {
                      const rank = i + 1;
                      const error = result?.fieldErrors?.[`rank${rank}`]?.[0];
                      return (
                        <div className="field" key={rank}>
                          <label htmlFor={`rank${rank}`}>
                            {t('challenges.winners.rank', { rank })}
                            {prize.points > 0
                              ? ` · ${t('challenges.winners.points', { points: prize.points })}`
                              : ''}
                            {prize.item ? ` · ${prize.item}` : ''}
                          </label>
                          <select
                            id={`rank${rank}`}
                            name={`rank${rank}`}
                            required={!award.open || rank === 1}
                            defaultValue={
                              (result?.values?.[`rank${rank}`] as string | undefined) ?? ''
                            }
                            aria-invalid={error ? true : undefined}
                          >
                            <option value="">{t('challenges.review.noWinner')}</option>
                            {award.shortlisted.map((idea) => (
                              <option key={idea.id} value={idea.id}>
                                {idea.average === null
                                  ? t('challenges.review.choiceUnscored', { title: idea.title })
                                  : t('challenges.review.choice', {
                                      title: idea.title,
                                      average: idea.average,
                                      judges: idea.judges,
                                    })}
                              </option>
                            ))}
                          </select>
                          {error ? (
                            <p className="field-error" role="alert">
                              {error}
                            </p>
                          ) : null}
                        </div>
                      );
                    })}
                    <SubmitButton name="intent" value="award">
                      {t('challenges.review.award')}
                    </SubmitButton>
                  </Form>
                ) : (
                  <p className="muted">{t('challenges.review.awardNeedsShortlist')}</p>
                )}
              </section>
            ) : null}
          </aside>
        </div>
      )}
    </>
  );
}
