// GET /brands/:slug/community/export.csv: the community's filtered set as CSV, for the brand's
// members, with the table's filter, segment and order (the same GET parameters). Streamed as it is
// read; only what each person consented to (app/domain/community/export.server.ts).
import type { LoaderFunctionArgs } from '@remix-run/node';
import { communityCsv } from '#app/domain/community/export.server';
import { parseCommunityQuery } from '#app/domain/community/schema';
import { requireViewerOrRedirect, runLoader } from '#app/utils/http.server';

/** The async iterable of text chunks as a byte stream, pulled one chunk at a time. */
function streamOf(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const viewer = requireViewerOrRedirect(context, request);
  return runLoader(context, async () => {
    const query = parseCommunityQuery(Object.fromEntries(new URL(request.url).searchParams));
    const now = context.clock.now();
    const { brand, chunks } = await communityCsv(context.db, viewer, params.slug ?? '', query, {
      now,
    });
    const day = now.toISOString().slice(0, 10);
    return new Response(streamOf(chunks), {
      status: 200,
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="community-${brand.slug.replace(/[^a-z0-9-]/gi, '')}-${day}.csv"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}
