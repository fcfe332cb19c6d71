import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useSearchParams } from '@remix-run/react';
import { signUp, signUpSchema } from '../domain/users.server';
import {
  FormError,
  useActionError,
  useSubmittedValues,
  SubmitButton,
  TextField,
} from '../components/forms';
import { tellOwnerOfSignUpAttempt } from '../mail/sign-up-attempt.server';
import { parseInput, redirectWithFlash, runAction, safeRedirect } from '../utils/http.server';

export const meta: MetaFunction = () => [{ title: 'Join Cocrea' }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  if (context.viewer)
    throw redirect(safeRedirect(new URL(request.url).searchParams.get('redirectTo'), request));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  return runAction(request, async (form) => {
    // Decided before the account is created, so a bad value can never fail a completed sign-up.
    const to = safeRedirect(form.redirectTo, request, '/challenges');
    await context.limits.consume('signUp', context.clientIp);
    const input = parseInput(signUpSchema, form);
    const outcome = await signUp(context.db, input);
    if (outcome.status === 'emailTaken') tellOwnerOfSignUpAttempt(outcome.owner);
    // One answer whether the email was new or taken (docs/decisions/007-signup-enumeration.md):
    // no session starts here, as being signed in or not would tell the two apart.
    return redirectWithFlash(
      context,
      `/signin?${new URLSearchParams({ redirectTo: to })}`,
      `Thanks for joining, @${input.handle}! Sign in with your new password to start. Already had an account with that email? Sign in to that one instead.`,
    );
  });
}

export default function SignUp() {
  const result = useActionError();
  const [params] = useSearchParams();
  const values = useSubmittedValues();
  return (
    <section className="card auth-card">
      <h1>Join Cocrea</h1>
      <p className="muted">Share ideas with brands, build on others' ideas and earn recognition.</p>
      <Form method="post" className="form" noValidate>
        <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? ''} />
        <FormError error={result?.error} />
        <TextField
          name="handle"
          label="Handle"
          required
          autoComplete="username"
          maxLength={30}
          defaultValue={values.handle}
          errors={result?.fieldErrors}
          hint="3–30 letters, digits or underscores. Shown as @handle."
        />
        <TextField
          name="displayName"
          label="Name"
          autoComplete="name"
          maxLength={60}
          defaultValue={values.displayName}
          errors={result?.fieldErrors}
        />
        <TextField
          name="email"
          label="Email"
          type="email"
          required
          autoComplete="email"
          maxLength={254}
          defaultValue={values.email}
          errors={result?.fieldErrors}
          hint="Never shown to others."
        />
        <TextField
          name="password"
          label="Password"
          type="password"
          required
          autoComplete="new-password"
          minLength={10}
          maxLength={200}
          errors={result?.fieldErrors}
          hint="At least 10 characters. A short sentence works well."
        />
        <div className="form-actions">
          <SubmitButton pendingText="Creating your account…">Create account</SubmitButton>
          <span className="muted">
            Already have one?{' '}
            <Link to={`/signin${params.toString() ? `?${params}` : ''}`}>Sign in</Link>
          </span>
        </div>
      </Form>
    </section>
  );
}
