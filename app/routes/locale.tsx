// The language switcher's target: remembers the choice (cookie, and the account when signed in)
// and goes back to the page it was made on.
import { data, redirect, type ActionFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { setUserLocale } from '#app/domain/users/commands.server';
import { LOCALES } from '#app/i18n/locales';
import { getTranslator } from '#app/i18n/translator';
import { errorTranslator, readForm, safeRedirect } from '#app/utils/http.server';

const schema = z.object({
  locale: z.enum(LOCALES),
  redirectTo: z.string().optional(),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const read = await readForm(request, errorTranslator(context));
  if ('refused' in read) return data(read.refused, { status: read.status });
  const parsed = schema.safeParse(read.form);
  if (!parsed.success) {
    const t = getTranslator(context.locale);
    return data({ error: t('common.language.unknown') }, { status: 400 });
  }
  const { locale, redirectTo } = parsed.data;
  if (context.viewer) await setUserLocale(context.db, { userId: context.viewer.id, locale });
  return redirect(safeRedirect(redirectTo, request), {
    headers: { 'Set-Cookie': await context.localeCookie.serialize(locale) },
  });
}

export async function loader() {
  return redirect('/');
}
