import { useActionError } from '../components/forms';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { ChallengeForm, type ChallengeFormValues } from '../components/challenge-form';
import { canManageBrand, getBrandBySlug } from '../domain/brands.server';
import { challengeSchema, createChallenge } from '../domain/challenges.server';
import { forbidden } from '../domain/errors';
import {
  parseInput,
  redirectWithFlash,
  requireViewer,
  requireViewerOrRedirect,
  runAction,
  runLoader,
} from '../utils/http.server';

export const meta: MetaFunction = () => [{ title: 'New challenge · Cocrea' }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const viewer = requireViewerOrRedirect(context, request);
  return runLoader(async () => {
    const brand = await getBrandBySlug(context.db, params.slug ?? '');
    if (!(await canManageBrand(context.db, viewer, brand.id)))
      throw forbidden('Only members of this brand can create its challenges.');
    return { brand: { slug: brand.slug, name: brand.name } };
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  return runAction(request, async (form) => {
    const viewer = requireViewer(context);
    await context.limits.consume('write', viewer.id);
    const brand = await getBrandBySlug(context.db, params.slug ?? '');
    const input = parseInput(challengeSchema, form);
    const challenge = await createChallenge(context.db, viewer, brand.id, input);
    return redirectWithFlash(
      context,
      `/challenges/${challenge.slug}`,
      'Draft saved. Only your brand can see it until you open it.',
    );
  });
}

export default function NewChallenge() {
  const { brand } = useLoaderData<typeof loader>();
  const result = useActionError();
  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <Link to={`/brands/${brand.slug}`}>{brand.name}</Link>
          </p>
          <h1>New challenge</h1>
          <p>It starts as a draft, visible only to your brand. Open it when it is ready.</p>
        </div>
      </div>
      <div className="card">
        <ChallengeForm
          values={(result?.values ?? {}) as ChallengeFormValues}
          error={result?.error}
          fieldErrors={result?.fieldErrors}
          submitLabel="Save draft"
          cancelTo={`/brands/${brand.slug}`}
        />
      </div>
    </>
  );
}
