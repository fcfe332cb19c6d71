// POST /me/export: "Download my data". The password again, rate-limited like signing in, then one
// JSON file streamed as it is read (app/domain/users/export.server.ts). A GET goes back to /me.
// Cross-site POSTs are refused before any route by the origin check in server.ts.
import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { z } from 'zod';
import { isDomainError, invalid, msg } from '#app/domain/core/errors';
import { verifyCredentials } from '#app/domain/users/commands.server';
import { exportUserData } from '#app/domain/users/export.server';
import {
  errorTranslator,
  parseInput,
  redirectWithFlash,
  requireViewer,
  runAction,
} from '#app/utils/http.server';

const exportSchema = z.object({
  password: z
    .string({ required_error: 'errors.user.loginPassword' })
    .min(1, 'errors.user.loginPassword')
    .max(200, 'errors.user.passwordMax'),
});

export function loader() {
  throw redirect('/me');
}

/** The async iterable of text chunks as a byte stream, pulled one chunk at a time. */
function streamOf(chunks: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== 'POST')
    return Response.json(
      { error: errorTranslator(context)('errors.generic.usePost') },
      { status: 405, headers: { Allow: 'POST' } },
    );
  return runAction(
    { request, context },
    async (form) => {
      const viewer = requireViewer(context);
      const input = parseInput(exportSchema, form);
      const key = `${context.clientIp}:${viewer.handle.toLowerCase()}`;
      await context.limits.consume('signInIp', context.clientIp);
      await context.limits.consume('signIn', key);
      const user = await verifyCredentials(context.db, {
        login: viewer.handle,
        password: input.password,
      }).catch((e: unknown) => {
        if (isDomainError(e)) return null;
        throw e;
      });
      if (!user || user.id !== viewer.id) {
        // The form posts as a document (a download must): a browser is sent back to /me with the
        // message rather than shown the JSON of a 400.
        if (request.headers.get('Accept')?.includes('text/html'))
          throw await redirectWithFlash(
            context,
            '/me',
            errorTranslator(context)('errors.user.passwordAgain'),
          );
        throw invalid('errors.user.passwordAgain', undefined, {
          password: msg('errors.user.passwordAgain'),
        });
      }
      await context.limits.reward('signIn', key);

      const now = context.clock.now();
      const chunks = await exportUserData(context.db, viewer.id, { clock: { now: () => now } });
      const day = now.toISOString().slice(0, 10);
      return new Response(streamOf(chunks), {
        status: 200,
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Content-Disposition': `attachment; filename="cocrea-${viewer.handle}-${day}.json"`,
          'Cache-Control': 'no-store',
          'X-Content-Type-Options': 'nosniff',
        },
      });
    },
    { whileSuspended: true },
  );
}
