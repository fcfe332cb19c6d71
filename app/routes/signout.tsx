import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';

export async function action({ context }: ActionFunctionArgs) {
  if (context.sessionId) await context.auth.invalidateSession(context.sessionId);
  return redirect('/', {
    headers: { 'Set-Cookie': context.auth.createBlankSessionCookie().serialize() },
  });
}

export async function loader() {
  return redirect('/');
}
