// POST /me/delete: "Delete my account" (app/domain/users/erase.server.ts). The password again,
// rate-limited like signing in; on success the session cookie is cleared and the browser goes home
// with a message. A GET goes back to /me. Cross-site POSTs are refused before any route by the
// origin check in server.ts.
//
// The form on /me (app/components/delete-account-section.tsx) posts through a fetcher, which reads
// a refusal as data (4xx) and shows it by the field. Without JavaScript the browser posts a
// document: a refusal sends it back to /me with the failing field named in the query, where the
// section shows the same message by that field.
import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { forgetCachedViewer } from '#app/auth/lucia.server';
import { isDomainError } from '#app/domain/core/errors';
import { deleteAccount } from '#app/domain/users/erase.server';
import { deleteAccountSchema } from '#app/domain/users/schema';
import { getTranslator } from '#app/i18n/translator';
import { flashHeader } from '#app/utils/flash.server';
import { errorTranslator, parseInput, requireViewer, runAction } from '#app/utils/http.server';
import {
  DELETE_ERROR_PARAM,
  DELETE_SECTION_ID,
  documentErrorsOf,
} from '#app/components/delete-account-section';

export function loader() {
  throw redirect('/me');
}

/** A browser's own form submission (not the app's fetch), which must be answered with a page. */
const isDocument = (request: Request) =>
  request.headers.get('Accept')?.includes('text/html') ?? false;

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== 'POST')
    return Response.json(
      { error: errorTranslator(context)('errors.generic.usePost') },
      { status: 405, headers: { Allow: 'POST' } },
    );
  return runAction(
    { request, context },
    async (form) => {
      if (!context.viewer && isDocument(request)) throw redirect('/signin?redirectTo=%2Fme');
      const viewer = requireViewer(context);
      try {
        const input = parseInput(deleteAccountSchema, form);
        const key = `${context.clientIp}:${viewer.handle.toLowerCase()}`;
        await context.limits.consume('signInIp', context.clientIp);
        await context.limits.consume('signIn', key);
        await deleteAccount(context.db, {
          actor: viewer,
          password: input.password,
          content: input.content,
          clock: context.clock,
        });
        await context.limits.reward('signIn', key);
      } catch (e) {
        // Back to the form, the failing fields named (never what was typed).
        if (isDocument(request) && isDomainError(e)) {
          const query = documentErrorsOf(e)
            .map((name) => `${DELETE_ERROR_PARAM}=${name}`)
            .join('&');
          throw redirect(`/me?${query}#${DELETE_SECTION_ID}`);
        }
        throw e;
      }
      forgetCachedViewer(context.auth, viewer.id);
      const headers = new Headers();
      headers.append('Set-Cookie', context.auth.createBlankSessionCookie().serialize());
      const { 'Set-Cookie': flash } = await flashHeader(
        context.flash,
        getTranslator(context.locale)('mydata.delete.done'),
      );
      headers.append('Set-Cookie', flash);
      return redirect('/', { headers });
    },
    { whileSuspended: true },
  );
}
