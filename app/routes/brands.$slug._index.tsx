import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { FormError, SubmitButton, TextField, useActionError } from '../components/forms';
import { EmptyState, StageBadge, Tags } from '../components/ui';
import {
  addManager,
  addManagerSchema,
  getBrandBySlug,
  getBrandPage,
  removeManager,
} from '../domain/brands.server';
import { shortenExcerpt } from '../domain/markdown';
import { formatDate, plural } from '../utils/format';
import {
  parseInput,
  redirectWithFlash,
  requireViewer,
  runAction,
  runLoader,
} from '../utils/http.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.brand.name} · Cocrea` : 'Brand not found · Cocrea' },
];

export async function loader({ params, context }: LoaderFunctionArgs) {
  return runLoader(async () => {
    const page = await getBrandPage(context.db, context.viewer, params.slug ?? '');
    return {
      ...page,
      description: shortenExcerpt(page.brand.descriptionExcerpt ?? page.brand.description, 2000),
    };
  });
}

const intentSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('add-manager') }).merge(addManagerSchema),
    z.object({ intent: z.literal('remove-manager') }).merge(addManagerSchema),
  ],
  { errorMap: () => ({ message: 'Unknown action.' }) },
);

export async function action({ params, request, context }: ActionFunctionArgs) {
  return runAction(request, async (form) => {
    const viewer = requireViewer(context);
    await context.limits.consume('write', viewer.id);
    const brand = await getBrandBySlug(context.db, params.slug ?? '');
    const input = parseInput(intentSchema, form);
    if (input.intent === 'add-manager') {
      const user = await addManager(context.db, viewer, brand.id, input.handle);
      return redirectWithFlash(
        context,
        `/brands/${brand.slug}`,
        `@${user.handle} is now a manager of ${brand.name}.`,
      );
    }
    await removeManager(context.db, viewer, brand.id, input.handle);
    return redirectWithFlash(context, `/brands/${brand.slug}`, 'Manager removed.');
  });
}

export default function BrandPage() {
  const { brand, description, members, viewerRole, canManage, challenges } =
    useLoaderData<typeof loader>();
  const result = useActionError();
  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">Brand · since {formatDate(brand.createdAt)}</p>
          <h1>{brand.name}</h1>
          {description ? <p>{description}</p> : null}
          {brand.website ? (
            <p>
              <a href={brand.website} rel="nofollow noopener noreferrer">
                {brand.website.replace(/^https?:\/\//, '')}
              </a>
            </p>
          ) : null}
        </div>
        {canManage ? (
          <Link to={`/brands/${brand.slug}/challenges/new`} className="button">
            New challenge
          </Link>
        ) : null}
      </div>
      <div className="split">
        <section aria-labelledby="challenges-heading">
          <h2 id="challenges-heading">Challenges</h2>
          {challenges.length ? (
            <ul className="idea-list">
              {challenges.map((c) => (
                <li key={c.id} className="card">
                  <p className="eyebrow">
                    <StageBadge stage={c.stage} />
                  </p>
                  <h3>
                    <Link to={`/challenges/${c.slug}`}>{c.title}</Link>
                  </h3>
                  <Tags tags={c.tags} />
                  <p className="meta">
                    <span>{plural(c.ideaCount, 'idea')}</span>
                    <span>created {formatDate(c.createdAt)}</span>
                  </p>
                </li>
              ))}
            </ul>
          ) : (
            <EmptyState title="No challenges yet.">
              {canManage ? (
                <p>
                  <Link to={`/brands/${brand.slug}/challenges/new`}>Create the first one</Link>.
                </p>
              ) : (
                <p>Check back soon.</p>
              )}
            </EmptyState>
          )}
        </section>
        <aside>
          <section className="panel" aria-labelledby="team-heading">
            <h2 id="team-heading">Team</h2>
            <ul className="member-list">
              {members.map((m) => (
                <li key={m.handle}>
                  <span>
                    <Link to={`/u/${m.handle}`}>@{m.handle}</Link>{' '}
                    <span className="muted">{m.role}</span>
                  </span>
                  {viewerRole === 'owner' && m.role === 'manager' ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove-manager" />
                      <input type="hidden" name="handle" value={m.handle} />
                      <button
                        type="submit"
                        className="link-button link-button--danger"
                        aria-label={`Remove @${m.handle}`}
                      >
                        Remove
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
          {viewerRole === 'owner' ? (
            <section className="panel" aria-labelledby="add-heading">
              <h2 id="add-heading">Add a manager</h2>
              <Form method="post" className="form" noValidate>
                <input type="hidden" name="intent" value="add-manager" />
                <FormError error={result?.error} />
                <TextField
                  name="handle"
                  label="Handle"
                  required
                  maxLength={30}
                  errors={result?.fieldErrors}
                  hint="The person's @handle, without the @."
                />
                <SubmitButton pendingText="Adding…">Add manager</SubmitButton>
              </Form>
            </section>
          ) : null}
        </aside>
      </div>
    </>
  );
}
