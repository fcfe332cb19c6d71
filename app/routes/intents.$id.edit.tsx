// /intents/:id/edit: the author changes a draft (and may publish it) or a published intent. Closed
// and expired intents are kept as they were. Anyone but the author gets a 404.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import { useActionError } from '#app/components/forms';
import { IntentForm, type IntentFormValues } from '#app/components/intent-form';
import { listBrands } from '#app/domain/brands/queries.server';
import { conflict } from '#app/domain/core/errors';
import { updateIntent } from '#app/domain/intents/commands.server';
import { canEditIntent, expiresOnOf } from '#app/domain/intents/policy';
import { intentForAuthor } from '#app/domain/intents/queries.server';
import { intentFormSchema } from '#app/domain/intents/schema';
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
  { title: metaTranslator(matches)('intents.meta.editTitle') },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const viewer = requireViewerOrRedirect(context, request);
  const id = intParam(params.id, 'errors.notFound.page', context);
  return runLoader(context, async () => {
    const { intent, pickedBrands } = await intentForAuthor(context.db, viewer, id);
    if (!canEditIntent(intent))
      throw conflict('errors.intents.notEditable', { status: intent.status });
    const brands = await listBrands(context.db);
    const values: IntentFormValues = {
      title: intent.title,
      body: intent.body,
      tags: intent.tags.join(', '),
      place: intent.place ?? '',
      startsOn: intent.startsOn ?? '',
      endsOn: intent.endsOn ?? '',
      budgetMin: intent.budgetMin === null ? '' : String(intent.budgetMin),
      budgetMax: intent.budgetMax === null ? '' : String(intent.budgetMax),
      currency: intent.currency ?? '',
      audience: intent.audience,
      brandIds: pickedBrands.map((b) => String(b.id)),
      accepts: intent.accepts,
      contactEmail: intent.contactEmail,
      expiresOn: expiresOnOf(new Date(intent.expiresAt)),
    };
    return {
      id: intent.id,
      title: intent.title,
      draft: intent.status === 'draft',
      brands: brands.map((b) => ({ id: b.id, name: b.name })),
      values,
    };
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const id = intParam(params.id, 'errors.notFound.page', context);
  return runAction({ request, context }, async (form) => {
    const viewer = requireViewer(context);
    await context.limits.consume('write', viewer.id);
    const input = parseInput(intentFormSchema, form);
    const updated = await updateIntent(context.db, {
      actor: viewer,
      intentId: id,
      input,
      clock: context.clock,
    });
    const t = getTranslator(context.locale);
    const published = input.intent === 'publish' && updated.status === 'published';
    return redirectWithFlash(
      context,
      `/intents/${id}`,
      published ? t('intents.new.published') : t('intents.edit.saved'),
    );
  });
}

export default function EditIntent() {
  const { id, title, draft, brands, values } = useLoaderData<typeof loader>();
  const result = useActionError();
  const t = useTranslations();
  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <Link to={`/intents/${id}`}>{title}</Link>
          </p>
          <h1>{t('intents.edit.heading')}</h1>
        </div>
      </div>
      <div className="card">
        <IntentForm
          values={(result?.values as IntentFormValues | undefined) ?? values}
          error={result?.error}
          fieldErrors={result?.fieldErrors}
          brands={brands}
          draft={draft}
          cancelTo={`/intents/${id}`}
        />
      </div>
    </>
  );
}
