import { data } from '@remix-run/node';
import { useRouteError } from '@remix-run/react';
import { ErrorPage } from '../root';

export async function loader() {
  throw data(
    { message: 'We could not find that page. Check the address, or start from the challenges.' },
    { status: 404 },
  );
}

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
