import { useActionError } from '../components/forms';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { ChallengeForm, type ChallengeFormValues } from '../components/challenge-form';
import { challengeSchema, getChallengeBySlug, updateChallenge } from '../domain/challenges.server';
import { forbidden } from '../domain/errors';
import { isoDate } from '../utils/format';
import {
  parseInput,
  redirectWithFlash,
  requireViewer,
  requireViewerOrRedirect,
  runAction,
  runLoader,
} from '../utils/http.server';

export const meta: MetaFunction = () => [{ title: 'Edit challenge · Cocrea' }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const viewer = requireViewerOrRedirect(context, request);
  return runLoader(async () => {
    const { challenge, brand, canManage } = await getChallengeBySlug(
      context.db,
      viewer,
      params.slug ?? '',
    );
    if (!canManage) throw forbidden('Only members of this brand can edit its challenges.');
    const values: ChallengeFormValues = {
      title: challenge.title,
      brief: challenge.brief,
      tags: challenge.tags.join(', '),
      language: challenge.language,
      rewardDescription: challenge.rewardDescription,
      rewardPoints: String(challenge.rewardPoints),
      criteria: challenge.criteria.map((c) => `${c.name}: ${c.weight}`).join('\n'),
      maxIdeasPerUser: String(challenge.maxIdeasPerUser),
      opensAt: isoDate(challenge.opensAt),
      votingAt: isoDate(challenge.votingAt),
      reviewAt: isoDate(challenge.reviewAt),
      awardedAt: isoDate(challenge.awardedAt),
    };
    return { slug: challenge.slug, title: challenge.title, brand, values };
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  return runAction(request, async (form) => {
    const viewer = requireViewer(context);
    await context.limits.consume('write', viewer.id);
    const { challenge } = await getChallengeBySlug(context.db, viewer, params.slug ?? '');
    const input = parseInput(challengeSchema, form);
    await updateChallenge(context.db, viewer, challenge.id, input);
    return redirectWithFlash(context, `/challenges/${challenge.slug}`, 'Challenge saved.');
  });
}

export default function EditChallenge() {
  const { slug, title, brand, values } = useLoaderData<typeof loader>();
  const result = useActionError();
  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <Link to={`/brands/${brand.slug}`}>{brand.name}</Link> ·{' '}
            <Link to={`/challenges/${slug}`}>{title}</Link>
          </p>
          <h1>Edit challenge</h1>
        </div>
      </div>
      <div className="card">
        <ChallengeForm
          values={(result?.values as ChallengeFormValues | undefined) ?? values}
          error={result?.error}
          fieldErrors={result?.fieldErrors}
          submitLabel="Save changes"
          cancelTo={`/challenges/${slug}`}
        />
      </div>
    </>
  );
}
