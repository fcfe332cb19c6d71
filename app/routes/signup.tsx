import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useSearchParams } from '@remix-run/react';
import { signUp } from '#app/domain/users/commands.server';
import { signUpSchema } from '#app/domain/users/schema';
import {
  FormError,
  useActionError,
  useSubmittedValues,
  SubmitButton,
  TextField,
} from '#app/components/forms';
import { tellOwnerOfSignUpAttempt } from '#app/mail/sign-up-attempt.server';
import { getTranslator } from '#app/i18n/translator';
import { parseInput, redirectWithFlash, runAction, safeRedirect } from '#app/utils/http.server';
import { useTranslations } from 'use-intl';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Cocrea' }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  if (context.viewer)
    throw redirect(safeRedirect(new URL(request.url).searchParams.get('redirectTo'), request));
  return { title: getTranslator(context.locale)('auth.signUp.metaTitle') };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return runAction({ request, context }, async (form) => {
    // Decided before the account is created, so a bad value can never fail a completed sign-up.
    const to = safeRedirect(form.redirectTo, request, '/challenges');
    await context.limits.consume('signUp', context.clientIp);
    const input = parseInput(signUpSchema, form);
    const outcome = await signUp(context.db, {
      ...input,
      role: 'prosumer',
      locale: context.locale,
      clock: context.clock,
    });
    if (outcome.status === 'emailTaken') tellOwnerOfSignUpAttempt(outcome.owner);
    // One answer whether the email was new or taken (docs/decisions/007-signup-enumeration.md):
    // no session starts here, as being signed in or not would tell the two apart.
    return redirectWithFlash(
      context,
      `/signin?${new URLSearchParams({ redirectTo: to })}`,
      getTranslator(context.locale)('auth.signUp.thanks', { handle: input.handle }),
    );
  });
}

export default function SignUp() {
  const result = useActionError();
  const [params] = useSearchParams();
  const values = useSubmittedValues();
  const t = useTranslations();
  return (
    <section className="card auth-card">
      <h1>{t('auth.signUp.heading')}</h1>
      <p className="muted">{t('auth.signUp.intro')}</p>
      <Form method="post" className="form" noValidate>
        <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? ''} />
        <FormError error={result?.error} />
        <TextField
          name="handle"
          label={t('auth.signUp.handle')}
          required
          autoComplete="username"
          maxLength={30}
          defaultValue={values.handle}
          errors={result?.fieldErrors}
          hint={t('auth.signUp.handleHint')}
        />
        <TextField
          name="displayName"
          label={t('auth.signUp.displayName')}
          autoComplete="name"
          maxLength={60}
          defaultValue={values.displayName}
          errors={result?.fieldErrors}
        />
        <TextField
          name="email"
          label={t('auth.signUp.email')}
          type="email"
          required
          autoComplete="email"
          maxLength={254}
          defaultValue={values.email}
          errors={result?.fieldErrors}
          hint={t('auth.signUp.emailHint')}
        />
        <TextField
          name="password"
          label={t('auth.signUp.password')}
          type="password"
          required
          autoComplete="new-password"
          minLength={10}
          maxLength={200}
          errors={result?.fieldErrors}
          hint={t('auth.signUp.passwordHint')}
        />
        <div className="form-actions">
          <SubmitButton pendingText={t('auth.signUp.pending')}>
            {t('auth.signUp.submit')}
          </SubmitButton>
          <span className="muted">
            {t('auth.signUp.haveOne')}{' '}
            <Link to={`/signin${params.toString() ? `?${params}` : ''}`}>
              {t('auth.signUp.signIn')}
            </Link>
          </span>
        </div>
      </Form>
    </section>
  );
}
