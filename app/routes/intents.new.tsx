// /intents/new: write an intent (issue 17) and save it as a draft or publish it at once.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import { useActionError } from '#app/components/forms';
import { IntentForm, type IntentFormValues } from '#app/components/intent-form';
import { listBrands } from '#app/domain/brands/queries.server';
import { createIntent } from '#app/domain/intents/commands.server';
import { dayAfter } from '#app/domain/intents/policy';
import { intentFormSchema } from '#app/domain/intents/schema';
import { getUserById } from '#app/domain/users/queries.server';
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

/** A new intent takes offers for a month unless its author says otherwise. */
const DEFAULT_EXPIRY_DAYS = 30;

export const meta: MetaFunction = ({ matches }) => [
  { title: metaTranslator(matches)('intents.meta.newTitle') },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireViewerOrRedirect(context, request);
  return runLoader(context, async () => {
    const brands = await listBrands(context.db);
    const me = await getUserById(context.db, viewer.id);
    const defaults: IntentFormValues = {
      audience: 'any',
      accepts: 'one',
      // The author's own account email, theirs to change: it reaches a brand only on acceptance.
      contactEmail: me?.email ?? '',
      expiresOn: dayAfter(context.clock.now(), DEFAULT_EXPIRY_DAYS),
    };
    return { brands: brands.map((b) => ({ id: b.id, name: b.name })), defaults };
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  return runAction({ request, context }, async (form) => {
    const viewer = requireViewer(context);
    await context.limits.consume('write', viewer.id);
    const input = parseInput(intentFormSchema, form);
    const intent = await createIntent(context.db, {
      actor: viewer,
      input,
      locale: context.locale,
      clock: context.clock,
    });
    const t = getTranslator(context.locale);
    return redirectWithFlash(
      context,
      `/intents/${intent.id}`,
      intent.status === 'published' ? t('intents.new.published') : t('intents.new.saved'),
    );
  });
}

export default function NewIntent() {
  const { brands, defaults } = useLoaderData<typeof loader>();
  const result = useActionError();
  const t = useTranslations();
  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <Link to="/intents">{t('intents.list.heading')}</Link>
          </p>
          <h1>{t('intents.new.heading')}</h1>
          <p>{t('intents.new.lead')}</p>
        </div>
      </div>
      <div className="card">
        <IntentForm
          values={(result?.values as IntentFormValues | undefined) ?? defaults}
          error={result?.error}
          fieldErrors={result?.fieldErrors}
          brands={brands}
          draft
          cancelTo="/intents"
        />
      </div>
    </>
  );
}
