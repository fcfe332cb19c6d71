import { useActionError } from '../components/forms';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { IdeaForm, type IdeaFormValues } from '../components/idea-form';
import { EmptyState } from '../components/ui';
import { canSubmitIdeas, getChallengeBySlug } from '../domain/challenges.server';
import { buildableIdeas, ideaCountForAuthor, ideaSchema, submitIdea } from '../domain/ideas.server';
import {
  parseInput,
  redirectWithFlash,
  requireViewer,
  requireViewerOrRedirect,
  runAction,
  runLoader,
} from '../utils/http.server';

export const meta: MetaFunction = () => [{ title: 'Submit an idea · Cocrea' }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const viewer = requireViewerOrRedirect(context, request);
  return runLoader(async () => {
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
      },
      brand,
      open: canSubmitIdeas(challenge.stage),
      remaining: Math.max(0, challenge.maxIdeasPerUser - mine),
      buildable,
    };
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  return runAction(request, async (form) => {
    const viewer = requireViewer(context, 'Please sign in to submit an idea.');
    await context.limits.consume('idea', viewer.id);
    const { challenge } = await getChallengeBySlug(context.db, viewer, params.slug ?? '');
    const input = parseInput(ideaSchema, form);
    const idea = await submitIdea(context.db, viewer, challenge.id, input);
    return redirectWithFlash(
      context,
      `/ideas/${idea.id}`,
      'Your idea is published. Share it to gather support!',
    );
  });
}

export default function NewIdea() {
  const { challenge, brand, open, remaining, buildable } = useLoaderData<typeof loader>();
  const result = useActionError();
  const [params] = useSearchParams();
  const values = (result?.values ?? { buildsOnId: params.get('buildsOn') ?? '' }) as IdeaFormValues;
  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">
            {brand.name} · <Link to={`/challenges/${challenge.slug}`}>{challenge.title}</Link>
          </p>
          <h1>Submit an idea</h1>
          {open ? (
            <p>
              You can share {remaining} more idea{remaining === 1 ? '' : 's'} in this challenge.
            </p>
          ) : null}
        </div>
      </div>
      {!open ? (
        <EmptyState title="This challenge is not accepting ideas right now.">
          <p>
            <Link to={`/challenges/${challenge.slug}`}>Back to the challenge</Link>
          </p>
        </EmptyState>
      ) : remaining === 0 && !result ? (
        <EmptyState
          title={`You have reached the limit of ${challenge.maxIdeasPerUser} ideas for this challenge.`}
        >
          <p>
            You can still vote and comment on others' ideas.{' '}
            <Link to={`/challenges/${challenge.slug}`}>Back to the challenge</Link>
          </p>
        </EmptyState>
      ) : (
        <div className="card">
          <IdeaForm
            values={values}
            error={result?.error}
            fieldErrors={result?.fieldErrors}
            buildable={buildable}
            submitLabel="Publish idea"
            cancelTo={`/challenges/${challenge.slug}`}
          />
        </div>
      )}
    </>
  );
}
