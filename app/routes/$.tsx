import { data, type LoaderFunctionArgs } from '@remix-run/node';
import { useRouteError } from '@remix-run/react';
import { getTranslator } from '#app/i18n/translator';
import { ErrorPage } from '#app/root';

export async function loader({ context }: LoaderFunctionArgs) {
  const t = getTranslator(context.locale);
  throw data({ message: t('common.error.notFoundRoute') }, { status: 404 });
}

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
