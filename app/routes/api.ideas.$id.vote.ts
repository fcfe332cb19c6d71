// POST /api/ideas/:id/vote — JSON endpoint for votes (scripts, other clients, the live benchmark).
// Body: JSON {"value": 1 | -1 | 0} or a form with value=1|-1|0. Answers JSON, 4xx with {error}.
import type { ActionFunctionArgs } from '@remix-run/node';
import { DomainError, notFound } from '../domain/errors';
import { castVote, voteSchema } from '../domain/votes.server';
import { formToObject, parseInput, requireViewer } from '../utils/http.server';

export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== 'POST')
    return Response.json({ error: 'Use POST.' }, { status: 405, headers: { Allow: 'POST' } });
  try {
    const id = Number(params.id);
    if (!Number.isInteger(id) || id <= 0 || id > 2_147_483_647) throw notFound('That idea');
    const viewer = requireViewer(context, 'Please sign in to vote.');
    await context.limits.consume('vote', viewer.id);
    const body = await readBody(request);
    const { value } = parseInput(voteSchema, {
      value: body.value === undefined ? undefined : String(body.value),
    });
    return Response.json(await castVote(context.db, viewer, id, value));
  } catch (e) {
    if (e instanceof DomainError) {
      return Response.json(
        { error: e.message, fieldErrors: e.fieldErrors },
        {
          status: e.status,
          headers: e.retryAfterSeconds ? { 'Retry-After': String(e.retryAfterSeconds) } : undefined,
        },
      );
    }
    throw e;
  }
}

async function readBody(request: Request): Promise<Record<string, unknown>> {
  const type = request.headers.get('content-type') ?? '';
  if (type.includes('application/json')) {
    const text = await request.text();
    if (text.length > 1000) throw new DomainError('Invalid', 'The request body is too large.');
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        return parsed as Record<string, unknown>;
    } catch {
      // fall through
    }
    throw new DomainError('Invalid', 'Send a JSON object like {"value": 1}.');
  }
  return formToObject(await request.formData());
}

export async function loader() {
  return Response.json(
    { error: 'Use POST with {"value": 1 | -1 | 0}.' },
    { status: 405, headers: { Allow: 'POST' } },
  );
}
