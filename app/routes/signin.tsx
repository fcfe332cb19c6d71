import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useSearchParams } from '@remix-run/react';
import { startSession } from '#app/auth/lucia.server';
import { signInSchema } from '#app/domain/users/schema';
import { verifyCredentials } from '#app/domain/users/commands.server';
import {
  FormError,
  useActionError,
  useSubmittedValues,
  SubmitButton,
  TextField,
} from '#app/components/forms';
import { getTranslator } from '#app/i18n/translator';
import { parseInput, runAction, safeRedirect } from '#app/utils/http.server';
import { useTranslations } from 'use-intl';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Cocrea' }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  if (context.viewer)
    throw redirect(safeRedirect(new URL(request.url).searchParams.get('redirectTo'), request));
  return { title: getTranslator(context.locale)('auth.signIn.metaTitle') };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return runAction(
    { request, context },
    async (form) => {
      // Decided before the session is created, so a bad value can never fail a completed sign-in.
      const to = safeRedirect(form.redirectTo, request);
      const input = parseInput(signInSchema, form);
      const key = `${context.clientIp}:${input.login.toLowerCase()}`;
      await context.limits.consume('signInIp', context.clientIp);
      await context.limits.consume('signIn', key);
      const user = await verifyCredentials(context.db, input);
      await context.limits.reward('signIn', key);

      return redirect(to, {
        headers: { 'Set-Cookie': await startSession(context.auth, user.id) },
      });
    },
    { whileSuspended: true },
  );
}

export default function SignIn() {
  const result = useActionError();
  const [params] = useSearchParams();
  const values = useSubmittedValues();
  const t = useTranslations();
  return (
    <section className="card auth-card">
      <h1>{t('auth.signIn.heading')}</h1>
      <Form method="post" className="form" noValidate>
        <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? ''} />
        <FormError error={result?.error} />
        <TextField
          name="login"
          label={t('auth.signIn.login')}
          required
          autoComplete="username"
          maxLength={254}
          defaultValue={values.login}
          errors={result?.fieldErrors}
          autoFocus
        />
        <TextField
          name="password"
          label={t('auth.signIn.password')}
          type="password"
          required
          autoComplete="current-password"
          maxLength={200}
          errors={result?.fieldErrors}
        />
        <div className="form-actions">
          <SubmitButton pendingText={t('auth.signIn.pending')}>
            {t('auth.signIn.submit')}
          </SubmitButton>
          <span className="muted">
            {t('auth.signIn.newHere')}{' '}
            <Link to={`/signup${params.toString() ? `?${params}` : ''}`}>
              {t('auth.signIn.createAccount')}
            </Link>
          </span>
        </div>
      </Form>
    </section>
  );
}
