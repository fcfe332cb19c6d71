// /moderation: the review queue (issue 15 item 2) for whoever reviews something — moderators and
// admins everything, a brand's members their brand's items, people with 500 reputation a light
// queue of flagged items on the challenges they follow; anyone else gets a 403 page. Each item is
// a card with one plain form per action the viewer may take, every one asking for a reason.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData, useLocation } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import { z } from 'zod';
import { FormError, useActionError } from '#app/components/forms';
import { ModerationNav } from '#app/components/moderation-nav';
import { EmptyState, Pagination } from '#app/components/ui';
import { pageField } from '#app/domain/core/fields';
import { conflict } from '#app/domain/core/errors';
import { getBrandBySlug } from '#app/domain/brands/queries.server';
import { mergeIdeas } from '#app/domain/moderation/merge.server';
import {
  QUEUE_KINDS,
  actionSchemas,
  intentSchema,
  type ReviewAction,
} from '#app/domain/moderation/queue';
import {
  approveContent,
  dismissFlags,
  editTags,
  hideContent,
  queueBrands,
  restoreContent,
  reviewQueue,
  reviewTarget,
} from '#app/domain/moderation/queue.server';
import { suspendUser } from '#app/domain/moderation/suspensions.server';
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
import { QueueCard } from './queue-card';
import { QueueFilters } from './queue-filters';

export const meta: MetaFunction = ({ matches }) => [
  { title: metaTranslator(matches)('queue.meta.title') },
];

const querySchema = z.object({
  brand: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((v) => v || null),
  kind: z
    .union([z.literal(''), z.enum(QUEUE_KINDS)], {
      errorMap: () => ({ message: 'queue.errors.kind' }),
    })
    .optional()
    .transform((v) => v || null),
  page: pageField,
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireViewerOrRedirect(context, request);
  return runLoader(context, async () => {
    const filters = parseInput(querySchema, Object.fromEntries(new URL(request.url).searchParams));
    const brand = filters.brand ? await getBrandBySlug(context.db, filters.brand) : null;
    const { scope, page } = await reviewQueue(context.db, viewer, {
      brandId: brand?.id ?? null,
      kind: filters.kind,
      page: filters.page,
      clock: context.clock,
    });
    return {
      role: viewer.role,
      reach: scope.staff ? 'staff' : scope.brandIds.length ? 'brand' : 'light',
      filters: { brand: brand?.slug ?? null, kind: filters.kind },
      brands: await queueBrands(context.db, scope),
      page,
    } as const;
  });
}

const FLASH = {
  dismiss: 'queue.flash.dismiss',
  hide: 'queue.flash.hide',
  restore: 'queue.flash.restore',
  editTags: 'queue.flash.editTags',
  merge: 'queue.flash.merge',
  suspend: 'queue.flash.suspend',
  approve: 'queue.flash.approve',
} as const satisfies Record<ReviewAction, string>;

export async function action({ request, context }: ActionFunctionArgs) {
  return runAction({ request, context }, async (form) => {
    const viewer = requireViewer(context);
    await context.limits.consume('write', viewer.id);
    const { intent } = parseInput(intentSchema, form);
    const t = getTranslator(context.locale);
    const db = context.db;
    const base = { actor: viewer, clock: context.clock };
    switch (intent) {
      case 'dismiss':
      case 'hide':
      case 'restore':
      case 'approve': {
        const { kind, id, reason } = parseInput(actionSchemas[intent], form);
        const command = {
          dismiss: dismissFlags,
          hide: hideContent,
          restore: restoreContent,
          approve: approveContent,
        }[intent];
        await command(db, { ...base, item: { kind, id }, reason });
        break;
      }
      case 'editTags': {
        const { kind, id, reason, tags } = parseInput(actionSchemas.editTags, form);
        await editTags(db, { ...base, item: { kind, id }, reason, tags });
        break;
      }
      case 'merge': {
        const { kind, id, reason, intoId } = parseInput(actionSchemas.merge, form);
        if (kind !== 'idea') throw conflict('queue.errors.ideasOnly');
        await reviewTarget(db, { actor: viewer, item: { kind, id }, action: 'merge' });
        await mergeIdeas(db, { ...base, fromId: id, intoId, reason });
        break;
      }
      case 'suspend': {
        const { kind, id, reason, days } = parseInput(actionSchemas.suspend, form);
        const { authorId } = await reviewTarget(db, {
          actor: viewer,
          item: { kind, id },
          action: 'suspend',
        });
        await suspendUser(db, { ...base, userId: authorId, days, reason });
        break;
      }
    }
    // Back to the queue as the reviewer left it (its filters), without the item just dealt with.
    const back = new URL(request.url);
    back.searchParams.delete('index');
    return redirectWithFlash(context, `/moderation${back.search}`, t(FLASH[intent]));
  });
}

const LEADS = {
  staff: 'queue.page.leadStaff',
  brand: 'queue.page.leadBrand',
  light: 'queue.page.leadLight',
} as const;

export default function ModerationQueuePage() {
  const { role, reach, filters, brands, page } = useLoaderData<typeof loader>();
  const result = useActionError();
  const location = useLocation();
  const t = useTranslations();
  const failedKey = result?.values ? `${result.values.kind}-${result.values.id}` : null;
  const failedShown = page.items.some((item) => item.key === failedKey);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t('queue.page.heading')}</h1>
          <p className="muted">{t(LEADS[reach])}</p>
        </div>
      </div>
      <ModerationNav role={role} />
      <QueueFilters filters={filters} brands={brands} />
      {failedShown ? null : <FormError error={result?.error} />}
      <p className="muted" aria-live="polite">
        {t('queue.page.count', { count: page.total })}
      </p>
      {page.items.length ? (
        <ol className="queue-list">
          {page.items.map((item) => (
            <QueueCard
              key={item.key}
              item={item}
              error={item.key === failedKey ? result : undefined}
            />
          ))}
        </ol>
      ) : (
        <EmptyState title={t('queue.empty.title')}>
          <p>{t(reach === 'light' ? 'queue.empty.light' : 'queue.empty.text')}</p>
        </EmptyState>
      )}
      <Pagination page={page.page} pageCount={page.pageCount} search={location.search} />
    </>
  );
}
