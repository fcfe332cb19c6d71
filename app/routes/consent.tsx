// The consent form's target (the question card on idea and challenge pages, and /me): sets what a
// brand may see about the signed-in person — always the viewer's own consent — and goes back.
import { data, redirect, type ActionFunctionArgs } from '@remix-run/node';
import { setConsent } from '#app/domain/consent/commands.server';
import { consentFormSchema } from '#app/domain/consent/schema';
import { forbidden } from '#app/domain/core/errors';
import { getTranslator } from '#app/i18n/translator';
import {
  errorTranslator,
  parseInput,
  redirectWithFlash,
  requireViewer,
  runAction,
  safeRedirect,
} from '#app/utils/http.server';

/** A request whose Origin names another site (the server refuses those too; this is the belt). */
function crossSite(request: Request) {
  const origin = request.headers.get('Origin');
  return origin !== null && origin !== new URL(request.url).origin;
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (crossSite(request))
    return data(
      { error: errorTranslator(context)('errors.http.crossSite') },
      { status: forbidden().status },
    );
  return runAction(
    { request, context },
    async (form) => {
      const viewer = requireViewer(context);
      await context.limits.consume('write', viewer.id);
      const { brandId, level, redirectTo } = parseInput(consentFormSchema, form);
      await setConsent(context.db, { actor: viewer, brandId, level, clock: context.clock });
      const t = getTranslator(context.locale);
      return redirectWithFlash(
        context,
        safeRedirect(redirectTo, request, '/me'),
        t(level === 'none' ? 'consent.saved.none' : 'consent.saved.shared'),
      );
    },
    { whileSuspended: true },
  );
}

export async function loader() {
  return redirect('/me');
}
