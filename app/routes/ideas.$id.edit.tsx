import { useActionError } from '../components/forms';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { IdeaForm, type IdeaFormValues } from '../components/idea-form';
import { forbidden } from '../domain/errors';
import { buildableIdeas, editIdea, getIdea, ideaSchema } from '../domain/ideas.server';
import {
  intParam,
  parseInput,
  redirectWithFlash,
  requireViewer,
  requireViewerOrRedirect,
  runAction,
  runLoader,
} from '../utils/http.server';

export const meta: MetaFunction = () => [{ title: 'Edit idea · Cocrea' }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const viewer = requireViewerOrRedirect(context, request);
  const id = intParam(params.id, 'That idea');
  return runLoader(async () => {
    const { idea, isAuthor } = await getIdea(context.db, viewer, id);
    if (!isAuthor) throw forbidden('Only the author can edit this idea.');
    const buildable = await buildableIdeas(context.db, idea.challengeId, idea.id);
    const values: IdeaFormValues = {
      title: idea.title,
      body: idea.body,
      tags: idea.tags.join(', '),
      buildsOnId: idea.buildsOnId ? String(idea.buildsOnId) : '',
    };
    return { id: idea.id, title: idea.title, values, buildable };
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const id = intParam(params.id, 'That idea');
  return runAction(request, async (form) => {
    const viewer = requireViewer(context);
    await context.limits.consume('write', viewer.id);
    const input = parseInput(ideaSchema, form);
    await editIdea(context.db, viewer, id, input);
    return redirectWithFlash(context, `/ideas/${id}`, 'Idea updated.');
  });
}

export default function EditIdea() {
  const { id, title, values, buildable } = useLoaderData<typeof loader>();
  const result = useActionError();
  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <Link to={`/ideas/${id}`}>{title}</Link>
          </p>
          <h1>Edit your idea</h1>
        </div>
      </div>
      <div className="card">
        <IdeaForm
          values={(result?.values as IdeaFormValues | undefined) ?? values}
          error={result?.error}
          fieldErrors={result?.fieldErrors}
          buildable={buildable}
          submitLabel="Save changes"
          cancelTo={`/ideas/${id}`}
        />
      </div>
    </>
  );
}
