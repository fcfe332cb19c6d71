import { useActionError } from '#app/components/forms';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import { ChallengeForm, type ChallengeFormValues } from '#app/components/challenge-form';
import { canManageBrandOf, getBrandBySlug } from '#app/domain/brands/queries.server';
import { challengeSchema } from '#app/domain/challenges/schema';
import { createChallenge } from '#app/domain/challenges/commands.server';
import { forbidden } from '#app/domain/core/errors';
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
  { title: metaTranslator(matches)('challenges.meta.newTitle') },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const viewer = requireViewerOrRedirect(context, request);
  return runLoader(context, async () => {
    const brand = await getBrandBySlug(context.db, params.slug ?? '');
    if (!(await canManageBrandOf(context.db, viewer, brand.id)))
      throw forbidden('errors.challenge.createNotMember');
    return { brand: { slug: brand.slug, name: brand.name } };
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  return runAction({ request, context }, async (form) => {
    const viewer = requireViewer(context);
    await context.limits.consume('write', viewer.id);
    const brand = await getBrandBySlug(context.db, params.slug ?? '');
    const input = parseInput(challengeSchema, form);
    const challenge = await createChallenge(context.db, {
      actor: viewer,
      brandId: brand.id,
      challenge: input,
      clock: context.clock,
    });
    return redirectWithFlash(
      context,
      `/challenges/${challenge.slug}`,
      getTranslator(context.locale)('challenges.new.saved'),
    );
  });
}

export default function NewChallenge() {
  const { brand } = useLoaderData<typeof loader>();
  const result = useActionError();
  const t = useTranslations();
  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <Link to={`/brands/${brand.slug}`}>{brand.name}</Link>
          </p>
          <h1>{t('challenges.new.heading')}</h1>
          <p>{t('challenges.new.lead')}</p>
        </div>
      </div>
      <div className="card">
        <ChallengeForm
          values={(result?.values ?? {}) as ChallengeFormValues}
          error={result?.error}
          fieldErrors={result?.fieldErrors}
          submitLabel={t('challenges.new.save')}
          cancelTo={`/brands/${brand.slug}`}
        />
      </div>
    </>
  );
}
