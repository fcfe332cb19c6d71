import { useActionError } from '#app/components/forms';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import { useContentLang } from '#app/components/challenge-card';
import { IdeaForm, type IdeaFormValues } from '#app/components/idea-form';
import { EmptyState } from '#app/components/ui';
import { canSubmitIdeas } from '#app/domain/challenges/commands.server';
import { getChallengeBySlug } from '#app/domain/challenges/queries.server';
import { buildableIdeas, ideaCountForAuthor } from '#app/domain/ideas/queries.server';
import { ideaSchema } from '#app/domain/ideas/schema';
import { submitIdea } from '#app/domain/ideas/commands.server';
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
  { title: metaTranslator(matches)('ideas.meta.newTitle') },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const viewer = requireViewerOrRedirect(context, request);
  return runLoader(context, async () => {
    const { challenge, brand } = await getChallengeBySlug(context.db, viewer, params.slug ?? '');
    const [buildable, mine] = await Promise.all([
      buildableIdeas(context.db, challenge.id),
      ideaCountForAuthor(context.db, challenge.id, viewer.id),
    ]);
    return {
      challenge: {
        slug: challenge.slug,
        title: challenge.title,
        stage: challenge.stage,
        maxIdeasPerUser: challenge.maxIdeasPerUser,
        language: challenge.language,
      },
      brand,
      open: canSubmitIdeas(challenge.stage),
      remaining: Math.max(0, challenge.maxIdeasPerUser - mine),
      buildable,
    };
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  return runAction({ request, context }, async (form) => {
    const viewer = requireViewer(context, 'errors.generic.signInToSubmitIdea');
    await context.limits.consume('idea', viewer.id);
    const { challenge } = await getChallengeBySlug(context.db, viewer, params.slug ?? '');
    const input = parseInput(ideaSchema, form);
    const idea = await submitIdea(context.db, {
      actor: viewer,
      challengeId: challenge.id,
      idea: input,
      clock: context.clock,
    });
    return redirectWithFlash(
      context,
      `/ideas/${idea.id}`,
      getTranslator(context.locale)('ideas.new.published'),
    );
  });
}

export default function NewIdea() {
  const { challenge, brand, open, remaining, buildable } = useLoaderData<typeof loader>();
  const result = useActionError();
  const [params] = useSearchParams();
  const t = useTranslations();
  const lang = useContentLang(challenge.language);
  const values = (result?.values ?? { buildsOnId: params.get('buildsOn') ?? '' }) as IdeaFormValues;
  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">
            {brand.name} ·{' '}
            <Link to={`/challenges/${challenge.slug}`} lang={lang}>
              {challenge.title}
            </Link>
          </p>
          <h1>{t('ideas.new.heading')}</h1>
          {open ? <p>{t('ideas.new.remaining', { count: remaining })}</p> : null}
        </div>
      </div>
      {!open ? (
        <EmptyState title={t('ideas.new.closedTitle')}>
          <p>
            <Link to={`/challenges/${challenge.slug}`}>{t('ideas.new.back')}</Link>
          </p>
        </EmptyState>
      ) : remaining === 0 && !result ? (
        <EmptyState title={t('ideas.new.limitTitle', { count: challenge.maxIdeasPerUser })}>
          <p>
            {t('ideas.new.limitBody')}{' '}
            <Link to={`/challenges/${challenge.slug}`}>{t('ideas.new.back')}</Link>
          </p>
        </EmptyState>
      ) : (
        <div className="card">
          <IdeaForm
            values={values}
            error={result?.error}
            fieldErrors={result?.fieldErrors}
            buildable={buildable}
            submitLabel={t('ideas.new.publish')}
            cancelTo={`/challenges/${challenge.slug}`}
          />
        </div>
      )}
    </>
  );
}
