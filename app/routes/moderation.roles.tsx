// /moderation/roles: admins make and unmake moderators and admins, each change with a reason (kept
// in the audit log). Lists the staff, finds people by handle, and sets a role with one plain form.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { useId } from 'react';
import { useTranslations } from 'use-intl';
import { z } from 'zod';
import type { UserRole } from '../../db/schema';
import { forgetCachedViewer } from '#app/auth/lucia.server';
import {
  FormError,
  SelectField,
  SubmitButton,
  TextArea,
  TextField,
  useActionError,
} from '#app/components/forms';
import { ROLE_KEYS } from '#app/components/audit-labels';
import { ModerationNav } from '#app/components/moderation-nav';
import { EmptyState } from '#app/components/ui';
import { forbidden } from '#app/domain/core/errors';
import { canChangeRoles, changeRole, findPeople, staff } from '#app/domain/users/roles.server';
import { handleSchema } from '#app/domain/users/schema';
import { getTranslator } from '#app/i18n/translator';
import { metaTranslator } from '#app/utils/meta';
import {
  errorTranslator,
  parseInput,
  redirectWithFlash,
  requireViewer,
  requireViewerOrRedirect,
  runAction,
  runLoader,
} from '#app/utils/http.server';

const ROLE_CHOICES = ['prosumer', 'moderator', 'admin'] as const satisfies readonly UserRole[];

export const meta: MetaFunction<typeof loader> = ({ matches }) => [
  { title: metaTranslator(matches)('audit.meta.rolesTitle') },
];

/** `?q=` searches handles by their start; `?handle=` fills the form with a person found. */
const searchSchema = z.object({
  q: z
    .string()
    .trim()
    .max(30, 'audit.roles.errors.query')
    .regex(/^@?[A-Za-z0-9_]*$/, 'audit.roles.errors.query')
    .transform((v) => v.replace(/^@/, ''))
    .optional(),
  handle: z
    .string()
    .max(30)
    .regex(/^[A-Za-z0-9_]*$/)
    .optional()
    .catch(undefined),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireViewerOrRedirect(context, request);
  return runLoader(context, async () => {
    if (!canChangeRoles(viewer)) throw forbidden('audit.roles.errors.adminsOnly');
    const parsed = searchSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    const query = parsed.success ? (parsed.data.q ?? '') : '';
    const page = {
      role: viewer.role,
      staff: await staff(context.db),
      query,
      queryError: parsed.success ? null : errorTranslator(context)(parsed.error.issues[0]!.message),
      found: query ? await findPeople(context.db, query) : null,
      chosen: parsed.success ? (parsed.data.handle ?? '') : '',
    };
    return data(page, { status: page.queryError ? 400 : 200 });
  });
}

const roleSchema = z.object({
  handle: handleSchema,
  role: z.enum(ROLE_CHOICES, { errorMap: () => ({ message: 'audit.roles.errors.roleChoice' }) }),
  reason: z
    .string({ required_error: 'audit.roles.errors.reasonRequired' })
    .trim()
    .min(1, 'audit.roles.errors.reasonRequired')
    .max(500, 'audit.roles.errors.reasonLength'),
});

export async function action({ request, context }: ActionFunctionArgs) {
  return runAction({ request, context }, async (form) => {
    const viewer = requireViewer(context);
    // Admins only, before the form is read: others learn nothing from its messages.
    if (!canChangeRoles(viewer)) throw forbidden('audit.roles.errors.adminsOnly');
    await context.limits.consume('write', viewer.id);
    const input = parseInput(roleSchema, form);
    const changed = await changeRole(context.db, {
      actor: viewer,
      handle: input.handle,
      role: input.role,
      reason: input.reason,
      clock: context.clock,
    });
    // Their sessions in this process read the new role at once; elsewhere within SESSION_CACHE_MS.
    forgetCachedViewer(context.auth, changed.id);
    const t = getTranslator(context.locale);
    return redirectWithFlash(
      context,
      '/moderation/roles',
      t('audit.roles.changed', {
        handle: changed.handle,
        role: t(ROLE_KEYS[changed.to]),
      }),
    );
  });
}

function RoleName({ role }: { role: UserRole }) {
  const t = useTranslations();
  return <>{t(ROLE_KEYS[role])}</>;
}

export default function Roles() {
  const page = useLoaderData<typeof loader>();
  const result = useActionError();
  const t = useTranslations();
  const staffId = useId();
  const searchId = useId();
  const formId = 'set-role';
  const values = (result?.values ?? {}) as Record<string, string>;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t('audit.roles.title')}</h1>
          <p>{t('audit.roles.intro')}</p>
        </div>
      </div>
      <ModerationNav role={page.role} />
      <div className="split">
        <div>
          <section className="section" aria-labelledby={staffId}>
            <h2 id={staffId}>{t('audit.roles.staffHeading')}</h2>
            {page.staff.length ? (
              <ul className="member-list">
                {page.staff.map((p) => (
                  <li key={p.handle}>
                    <span>
                      <Link to={`/u/${p.handle}`}>@{p.handle}</Link>{' '}
                      <span className="muted">
                        <RoleName role={p.role} />
                      </span>
                    </span>
                    <Link
                      to={`?handle=${p.handle}#${formId}`}
                      aria-label={t('audit.roles.setFor', { handle: p.handle })}
                    >
                      {t('audit.roles.formHeading')}
                    </Link>
                  </li>
                ))}
              </ul>
            ) : (
              <EmptyState title={t('audit.roles.noStaff')} />
            )}
          </section>
          <section className="section" aria-labelledby={searchId}>
            <h2 id={searchId}>{t('audit.roles.resultsHeading')}</h2>
            <Form method="get" className="inline-form" role="search">
              <label htmlFor="roles-q">{t('audit.roles.searchLabel')}</label>
              <input
                id="roles-q"
                name="q"
                type="search"
                maxLength={31}
                defaultValue={page.query}
                aria-invalid={page.queryError ? true : undefined}
                aria-describedby={page.queryError ? 'roles-q-error' : undefined}
              />
              <button type="submit" className="button button--small">
                {t('audit.roles.searchButton')}
              </button>
            </Form>
            {page.queryError ? (
              <p className="field-error" id="roles-q-error" role="alert">
                {page.queryError}
              </p>
            ) : null}
            {page.found === null ? null : page.found.length ? (
              <ul className="member-list">
                {page.found.map((p) => (
                  <li key={p.handle}>
                    <span>
                      <Link to={`/u/${p.handle}`}>@{p.handle}</Link>{' '}
                      <span className="muted">
                        <RoleName role={p.role} />
                      </span>
                    </span>
                    <Link
                      to={`?q=${encodeURIComponent(page.query)}&handle=${p.handle}#${formId}`}
                      aria-label={t('audit.roles.setFor', { handle: p.handle })}
                    >
                      {t('audit.roles.formHeading')}
                    </Link>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t('audit.roles.noResults', { query: page.query })}</p>
            )}
          </section>
        </div>
        <aside>
          <section className="panel" aria-labelledby={`${formId}-heading`} id={formId}>
            <h2 id={`${formId}-heading`}>{t('audit.roles.formHeading')}</h2>
            <Form
              method="post"
              className="form"
              noValidate
              aria-labelledby={`${formId}-heading`}
              key={page.chosen}
            >
              <FormError error={result?.error} />
              <TextField
                name="handle"
                label={t('audit.roles.handle')}
                required
                maxLength={30}
                defaultValue={values.handle ?? page.chosen}
                errors={result?.fieldErrors}
              />
              <SelectField
                name="role"
                label={t('audit.roles.role')}
                required
                defaultValue={values.role ?? 'moderator'}
                errors={result?.fieldErrors}
                options={ROLE_CHOICES.map((r) => ({
                  value: r,
                  label: t(ROLE_KEYS[r]),
                }))}
              />
              <TextArea
                name="reason"
                label={t('audit.roles.reason')}
                hint={t('audit.roles.reasonHint')}
                required
                rows={3}
                maxLength={500}
                defaultValue={values.reason}
                errors={result?.fieldErrors}
              />
              <SubmitButton>{t('audit.roles.submit')}</SubmitButton>
            </Form>
          </section>
        </aside>
      </div>
    </>
  );
}
