import { useActionError } from '#app/components/forms';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import { useContentLang } from '#app/components/challenge-card';
import { ChallengeForm, type ChallengeFormValues } from '#app/components/challenge-form';
import { challengeSchema, prizesText } from '#app/domain/challenges/schema';
import { getChallengeBySlug } from '#app/domain/challenges/queries.server';
import { updateChallenge } from '#app/domain/challenges/commands.server';
import { forbidden } from '#app/domain/core/errors';
import { getTranslator } from '#app/i18n/translator';
import { isoDate } from '#app/utils/format';
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
  { title: metaTranslator(matches)('challenges.meta.editTitle') },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const viewer = requireViewerOrRedirect(context, request);
  return runLoader(context, async () => {
    const { challenge, brand, can } = await getChallengeBySlug(
      context.db,
      viewer,
      params.slug ?? '',
    );
    if (!can.manage) throw forbidden('errors.challenge.editNotMember');
    const values: ChallengeFormValues = {
      title: challenge.title,
      brief: challenge.brief,
      tags: challenge.tags.join(', '),
      language: challenge.language,
      rewardDescription: challenge.rewardDescription,
      rewardPoints: String(challenge.rewardPoints),
      prizes: prizesText(challenge.prizes),
      criteria: challenge.criteria.map((c) => `${c.name}: ${c.weight}`).join('\n'),
      maxIdeasPerUser: String(challenge.maxIdeasPerUser),
      opensAt: isoDate(challenge.opensAt),
      votingAt: isoDate(challenge.votingAt),
      reviewAt: isoDate(challenge.reviewAt),
      awardedAt: isoDate(challenge.awardedAt),
    };
    return {
      slug: challenge.slug,
      title: challenge.title,
      language: challenge.language,
      brand,
      values,
    };
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  return runAction({ request, context }, async (form) => {
    const viewer = requireViewer(context);
    await context.limits.consume('write', viewer.id);
    const { challenge } = await getChallengeBySlug(context.db, viewer, params.slug ?? '');
    const input = parseInput(challengeSchema, form);
    await updateChallenge(context.db, {
      actor: viewer,
      challengeId: challenge.id,
      challenge: input,
      clock: context.clock,
    });
    return redirectWithFlash(
      context,
      `/challenges/${challenge.slug}`,
      getTranslator(context.locale)('challenges.edit.saved'),
    );
  });
}

export default function EditChallenge() {
  const { slug, title, language, brand, values } = useLoaderData<typeof loader>();
  const result = useActionError();
  const t = useTranslations();
  const lang = useContentLang(language);
  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <Link to={`/brands/${brand.slug}`}>{brand.name}</Link> ·{' '}
            <Link to={`/challenges/${slug}`} lang={lang}>
              {title}
            </Link>
          </p>
          <h1>{t('challenges.edit.heading')}</h1>
        </div>
      </div>
      <div className="card">
        <ChallengeForm
          values={(result?.values as ChallengeFormValues | undefined) ?? values}
          error={result?.error}
          fieldErrors={result?.fieldErrors}
          submitLabel={t('challenges.edit.save')}
          cancelTo={`/challenges/${slug}`}
        />
      </div>
    </>
  );
}
