import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { endSession } from '#app/auth/lucia.server';

export async function action({ context }: ActionFunctionArgs) {
  if (context.sessionId) await endSession(context.auth, context.db, context.sessionId);
  return redirect('/', {
    headers: { 'Set-Cookie': context.auth.createBlankSessionCookie().serialize() },
  });
}

export async function loader() {
  return redirect('/');
}
