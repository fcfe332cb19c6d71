import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useSearchParams } from '@remix-run/react';
import { startSession } from '../auth/lucia.server';
import { signInSchema, verifyCredentials } from '../domain/users.server';
import {
  FormError,
  useActionError,
  useSubmittedValues,
  SubmitButton,
  TextField,
} from '../components/forms';
import { parseInput, runAction, safeRedirect } from '../utils/http.server';

export const meta: MetaFunction = () => [{ title: 'Sign in · Cocrea' }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  if (context.viewer)
    throw redirect(safeRedirect(new URL(request.url).searchParams.get('redirectTo'), request));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  return runAction(request, async (form) => {
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
  });
}

export default function SignIn() {
  const result = useActionError();
  const [params] = useSearchParams();
  const values = useSubmittedValues();
  return (
    <section className="card auth-card">
      <h1>Sign in</h1>
      <Form method="post" className="form" noValidate>
        <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? ''} />
        <FormError error={result?.error} />
        <TextField
          name="login"
          label="Handle or email"
          required
          autoComplete="username"
          maxLength={254}
          defaultValue={values.login}
          errors={result?.fieldErrors}
          autoFocus
        />
        <TextField
          name="password"
          label="Password"
          type="password"
          required
          autoComplete="current-password"
          maxLength={200}
          errors={result?.fieldErrors}
        />
        <div className="form-actions">
          <SubmitButton pendingText="Signing in…">Sign in</SubmitButton>
          <span className="muted">
            New here?{' '}
            <Link to={`/signup${params.toString() ? `?${params}` : ''}`}>Create an account</Link>
          </span>
        </div>
      </Form>
    </section>
  );
}
