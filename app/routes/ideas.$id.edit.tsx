import { useActionError } from '#app/components/forms';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import { useContentLang } from '#app/components/challenge-card';
import { IdeaForm, type IdeaFormValues } from '#app/components/idea-form';
import { forbidden, notFound } from '#app/domain/core/errors';
import { buildableIdeas, getIdea } from '#app/domain/ideas/queries.server';
import { editIdea } from '#app/domain/ideas/commands.server';
import { ideaSchema } from '#app/domain/ideas/schema';
import { getTranslator } from '#app/i18n/translator';
import { metaTranslator } from '#app/utils/meta';
import {
  intParam,
  parseInput,
  redirectWithFlash,
  requireViewer,
  requireViewerOrRedirect,
  runAction,
  runLoader,
} from '#app/utils/http.server';

export const meta: MetaFunction = ({ matches }) => [
  { title: metaTranslator(matches)('ideas.meta.editTitle') },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const viewer = requireViewerOrRedirect(context, request);
  const id = intParam(params.id, 'errors.notFound.idea', context);
  return runLoader(context, async () => {
    const { idea, isAuthor, challenge } = await getIdea(context.db, viewer, id);
    // A merged duplicate has no page of its own any more (issue 15): nothing to edit.
    if (idea.status === 'merged') throw notFound('errors.notFound.idea');
    if (!isAuthor) throw forbidden('errors.idea.onlyAuthorEdit');
    const buildable = await buildableIdeas(context.db, idea.challengeId, idea.id);
    const values: IdeaFormValues = {
      title: idea.title,
      body: idea.body,
      tags: idea.tags.join(', '),
      buildsOnId: idea.buildsOnId ? String(idea.buildsOnId) : '',
    };
    return { id: idea.id, title: idea.title, language: challenge.language, values, buildable };
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const id = intParam(params.id, 'errors.notFound.idea', context);
  return runAction({ request, context }, async (form) => {
    const viewer = requireViewer(context);
    await context.limits.consume('write', viewer.id);
    const input = parseInput(ideaSchema, form);
    await editIdea(context.db, { actor: viewer, ideaId: id, idea: input, clock: context.clock });
    return redirectWithFlash(
      context,
      `/ideas/${id}`,
      getTranslator(context.locale)('ideas.edit.saved'),
    );
  });
}

export default function EditIdea() {
  const { id, title, language, values, buildable } = useLoaderData<typeof loader>();
  const result = useActionError();
  const t = useTranslations();
  const lang = useContentLang(language);
  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <Link to={`/ideas/${id}`} lang={lang}>
              {title}
            </Link>
          </p>
          <h1>{t('ideas.edit.heading')}</h1>
        </div>
      </div>
      <div className="card">
        <IdeaForm
          values={(result?.values as IdeaFormValues | undefined) ?? values}
          error={result?.error}
          fieldErrors={result?.fieldErrors}
          buildable={buildable}
          submitLabel={t('ideas.edit.save')}
          cancelTo={`/ideas/${id}`}
        />
      </div>
    </>
  );
}
