import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import {
  FormError,
  useActionError,
  useSubmittedValues,
  SubmitButton,
  TextArea,
  TextField,
} from '#app/components/forms';
import { brandSchema } from '#app/domain/brands/schema';
import { createBrand } from '#app/domain/brands/commands.server';
import { getTranslator } from '#app/i18n/translator';
import { metaTranslator } from '#app/utils/meta';
import {
  parseInput,
  redirectWithFlash,
  requireViewer,
  requireViewerOrRedirect,
  runAction,
} from '#app/utils/http.server';

export const meta: MetaFunction = ({ matches }) => [
  { title: metaTranslator(matches)('brands.meta.newTitle') },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireViewerOrRedirect(context, request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  return runAction({ request, context }, async (form) => {
    const viewer = requireViewer(context);
    await context.limits.consume('write', viewer.id);
    const input = parseInput(brandSchema, form);
    const brand = await createBrand(context.db, {
      actor: viewer,
      brand: input,
      clock: context.clock,
    });
    return redirectWithFlash(
      context,
      `/brands/${brand.slug}`,
      getTranslator(context.locale)('brands.new.created', { name: brand.name }),
    );
  });
}

export default function NewBrand() {
  const result = useActionError();
  const values = useSubmittedValues();
  const t = useTranslations();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t('brands.new.heading')}</h1>
          <p>{t('brands.new.lead')}</p>
        </div>
      </div>
      <div className="card">
        <Form method="post" className="form" noValidate>
          <FormError error={result?.error} />
          <TextField
            name="name"
            label={t('brands.new.name')}
            required
            maxLength={80}
            defaultValue={values.name}
            errors={result?.fieldErrors}
            hint={t('brands.new.nameHint')}
          />
          <TextArea
            name="description"
            label={t('brands.new.description')}
            rows={4}
            maxLength={2000}
            defaultValue={values.description}
            errors={result?.fieldErrors}
            hint={t('brands.new.descriptionHint')}
          />
          <TextField
            name="website"
            label={t('brands.new.website')}
            type="url"
            maxLength={200}
            defaultValue={values.website}
            errors={result?.fieldErrors}
            hint={t('brands.new.websiteHint')}
          />
          <div className="form-actions">
            <SubmitButton pendingText={t('brands.new.creating')}>
              {t('brands.new.create')}
            </SubmitButton>
            <Link to="/brands">{t('brands.new.cancel')}</Link>
          </div>
        </Form>
      </div>
    </>
  );
}
