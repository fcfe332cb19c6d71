// POST /api/ideas/:id/vote — JSON endpoint for votes (scripts, other clients, the live benchmark).
// Body: JSON {"value": 1 | -1 | 0} (numbers only) or a form with value=1|-1|0. Answers JSON, 4xx
// with {error}.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { DomainError, invalid, isDomainError, msg, notFound } from '#app/domain/core/errors';
import { castVote } from '#app/domain/votes/commands.server';
import { assertNotSuspended } from '#app/domain/moderation/suspensions';
import { voteSchema } from '#app/domain/votes/schema';
import {
  errorTranslator,
  intParam,
  parseInput,
  readForm,
  requireViewer,
} from '#app/utils/http.server';

export async function action({ request, params, context }: ActionFunctionArgs) {
  // Errors answer in the request's language (a script can send Accept-Language or the cookie).
  const t = errorTranslator(context);
  if (request.method !== 'POST')
    return Response.json(
      { error: t('errors.vote.usePost') },
      { status: 405, headers: { Allow: 'POST' } },
    );
  try {
    const id = parseId(params.id);
    const viewer = requireViewer(context, 'errors.generic.signInToVote');
    assertNotSuspended(viewer, context.clock.now());
    await context.limits.consume('vote', viewer.id);
    const { value } = parseInput(voteSchema, await readBody(request, t));
    return Response.json(
      await castVote(context.db, { actor: viewer, ideaId: id, value, clock: context.clock }),
    );
  } catch (e) {
    if (isDomainError(e)) {
      return Response.json(e.render(t), {
        status: e.status,
        headers: e.retryAfterSeconds ? { 'Retry-After': String(e.retryAfterSeconds) } : undefined,
      });
    }
    if (e instanceof Response) return e;
    throw e;
  }
}

function parseId(raw: string | undefined): number {
  try {
    return intParam(raw);
  } catch {
    throw notFound('errors.notFound.idea');
  }
}

/** The vote as the text voteSchema reads; JSON must carry a number, not "1", [1] or true. */
async function readBody(
  request: Request,
  t: ReturnType<typeof errorTranslator>,
): Promise<{ value: string | string[] | undefined }> {
  const type = request.headers.get('content-type') ?? '';
  if (type.includes('application/json')) {
    const text = await request.text();
    if (text.length > 1000) throw new DomainError('Invalid', 'errors.vote.bodyTooLarge');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      throw invalid('errors.vote.jsonObject');
    const { value } = parsed as { value?: unknown };
    if (typeof value !== 'number')
      throw invalid('errors.vote.choice', undefined, { value: msg('errors.vote.choice') });
    return { value: String(value) };
  }
  const read = await readForm(request, t);
  if ('refused' in read)
    throw Response.json({ error: read.refused.error }, { status: read.status });
  return { value: read.form.value };
}

export async function loader({ context }: LoaderFunctionArgs) {
  return Response.json(
    { error: errorTranslator(context)('errors.vote.usePostJson') },
    { status: 405, headers: { Allow: 'POST' } },
  );
}
