// The brand's community (issue 14, item 5): everyone who took part in its challenges, each shown
// only as far as they consented, for the brand's members. Filters and saved segments, sorting and
// pages on the server, CSV export, and live updates from the brand's room.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useLocation } from '@remix-run/react';
import { useId } from 'react';
import { useTranslations } from 'use-intl';
import { z } from 'zod';
import { Pagination } from '#app/components/ui';
import { deleteSegment, saveSegment } from '#app/domain/community/commands.server';
import { openCommunity } from '#app/domain/community/access.server';
import { communityPage } from '#app/domain/community/queries.server';
import {
  deleteSegmentSchema,
  filterOf,
  parseCommunityQuery,
  saveSegmentSchema,
} from '#app/domain/community/schema';
import { getTranslator } from '#app/i18n/translator';
import { metaTranslator } from '#app/utils/meta';
import {
  parseInput,
  redirectWithFlash,
  requireViewer,
  requireViewerOrRedirect,
  runAction,
  runLoader,
} from '#app/utils/http.server';
import { FilterForm } from './filter-form';
import { ParticipantsTable } from './participants-table';
import { SegmentsPanel } from './segments-panel';
import { CommunitySummary } from './summary';
import { useLiveCommunity } from './use-live-community';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaTranslator(matches);
  return [
    {
      title: data
        ? t('community.meta.title', { brand: data.brand.name })
        : t('community.meta.fallback'),
    },
  ];
};

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const viewer = requireViewerOrRedirect(context, request);
  return runLoader(context, async () => {
    const query = parseCommunityQuery(Object.fromEntries(new URL(request.url).searchParams));
    return communityPage(context.db, viewer, params.slug ?? '', query, {
      now: context.clock.now(),
    });
  });
}

const intentSchema = z.discriminatedUnion(
  'intent',
  [
    saveSegmentSchema.extend({ intent: z.literal('save-segment') }),
    deleteSegmentSchema.extend({ intent: z.literal('delete-segment') }),
  ],
  { errorMap: () => ({ message: 'errors.generic.unknownAction' }) },
);

export async function action({ params, request, context }: ActionFunctionArgs) {
  return runAction({ request, context }, async (form) => {
    const viewer = requireViewer(context);
    await context.limits.consume('write', viewer.id);
    // Members only, checked before the form is read: others learn nothing from its messages.
    const { brand } = await openCommunity(context.db, viewer, { slug: params.slug ?? '' });
    const input = parseInput(intentSchema, form);
    const t = getTranslator(context.locale);
    const here = `/brands/${brand.slug}/community`;
    if (input.intent === 'save-segment') {
      const segment = await saveSegment(context.db, {
        actor: viewer,
        brandId: brand.id,
        name: input.name,
        filter: filterOf(input),
        clock: context.clock,
      });
      return redirectWithFlash(
        context,
        `${here}?segment=${segment.id}`,
        t('community.segments.saved', { name: segment.name }),
      );
    }
    const gone = await deleteSegment(context.db, {
      actor: viewer,
      brandId: brand.id,
      segmentId: input.segment,
      clock: context.clock,
    });
    return redirectWithFlash(context, here, t('community.segments.deleted', { name: gone.name }));
  });
}

export default function CommunityPage() {
  const data = useLoaderData<typeof loader>();
  const { brand, rows, total, page, pageCount, others, cursor } = data;
  const t = useTranslations();
  const location = useLocation();
  const tableHeading = useId();
  useLiveCommunity(brand.id, cursor);
  const exportParams = new URLSearchParams(location.search);
  exportParams.delete('page');
  const exportQuery = exportParams.toString();
  const filtered = data.segment !== null || Object.keys(data.filter).length > 0;
  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <Link to={`/brands/${brand.slug}`}>{brand.name}</Link>
          </p>
          <h1>{t('community.title')}</h1>
          <p className="muted">{t('community.intro', { brand: brand.name })}</p>
        </div>
        <a
          className="button button--ghost"
          href={`/brands/${brand.slug}/community/export.csv${exportQuery ? `?${exportQuery}` : ''}`}
          download
        >
          {t('community.export.link')}
        </a>
      </div>
      <CommunitySummary listed={total} others={others} brand={brand.name} filtered={filtered} />
      <div className="community-tools">
        <FilterForm
          filter={data.filter}
          sort={data.sort}
          dir={data.dir}
          challenges={data.challenges}
          segment={data.segment}
        />
        <SegmentsPanel segments={data.segments} current={data.segment} filter={data.filter} />
      </div>
      <section aria-labelledby={tableHeading} className="section">
        <h2 id={tableHeading}>
          {data.segment
            ? t('community.table.segmentHeading', { name: data.segment.name })
            : t('community.table.heading')}
        </h2>
        <ParticipantsTable
          rows={rows}
          brandSlug={brand.slug}
          sort={data.sort}
          dir={data.dir}
          page={page}
          filtered={filtered}
        />
        <Pagination page={page} pageCount={pageCount} search={location.search} />
      </section>
    </>
  );
}
