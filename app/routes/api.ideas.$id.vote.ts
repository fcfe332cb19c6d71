// POST /api/ideas/:id/vote — JSON endpoint for votes (scripts, other clients, the live benchmark).
// Body: JSON {"value": 1 | -1 | 0} (numbers only) or a form with value=1|-1|0. Answers JSON, 4xx
// with {error}.
import type { ActionFunctionArgs } from '@remix-run/node';
import { DomainError, invalid, isDomainError, notFound } from '../domain/errors';
import { castVote, voteSchema } from '../domain/votes.server';
import { intParam, parseInput, readForm, requireViewer } from '../utils/http.server';

export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== 'POST')
    return Response.json({ error: 'Use POST.' }, { status: 405, headers: { Allow: 'POST' } });
  try {
    const id = parseId(params.id);
    const viewer = requireViewer(context, 'Please sign in to vote.');
    await context.limits.consume('vote', viewer.id);
    const { value } = parseInput(voteSchema, await readBody(request));
    return Response.json(await castVote(context.db, viewer, id, value));
  } catch (e) {
    if (isDomainError(e)) {
      return Response.json(
        { error: e.message, fieldErrors: e.fieldErrors },
        {
          status: e.status,
          headers: e.retryAfterSeconds ? { 'Retry-After': String(e.retryAfterSeconds) } : undefined,
        },
      );
    }
    if (e instanceof Response) return e;
    throw e;
  }
}

function parseId(raw: string | undefined): number {
  try {
    return intParam(raw);
  } catch {
    throw notFound('That idea');
  }
}

const VOTE_HELP = 'A vote is 1 (support), -1 (oppose) or 0 (withdraw).';

/** The vote as the text voteSchema reads; JSON must carry a number, not "1", [1] or true. */
async function readBody(request: Request): Promise<{ value: string | string[] | undefined }> {
  const type = request.headers.get('content-type') ?? '';
  if (type.includes('application/json')) {
    const text = await request.text();
    if (text.length > 1000) throw new DomainError('Invalid', 'The request body is too large.');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      throw invalid('Send a JSON object like {"value": 1}.');
    const { value } = parsed as { value?: unknown };
    if (typeof value !== 'number') throw invalid(VOTE_HELP, { value: [VOTE_HELP] });
    return { value: String(value) };
  }
  const read = await readForm(request);
  if ('refused' in read)
    throw Response.json({ error: read.refused.error }, { status: read.status });
  return { value: read.form.value };
}

export async function loader() {
  return Response.json(
    { error: 'Use POST with {"value": 1 | -1 | 0}.' },
    { status: 405, headers: { Allow: 'POST' } },
  );
}
