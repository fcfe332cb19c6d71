import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react';
import { SubmitButton } from '#app/components/forms';
import { EmptyState, Pagination } from '#app/components/ui';
import { pageField } from '#app/domain/core/fields';
import { notificationKey } from '#app/domain/notifications/keys';
import { listNotifications } from '#app/domain/notifications/queries.server';
import { markRead } from '#app/domain/notifications/commands.server';
import { getTranslator } from '#app/i18n/translator';
import { useFormatter, useTranslations } from 'use-intl';
import {
  redirectWithFlash,
  requireViewer,
  requireViewerOrRedirect,
  runAction,
} from '#app/utils/http.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Cocrea' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireViewerOrRedirect(context, request);
  const page = pageField.parse(new URL(request.url).searchParams.get('page') ?? 1);
  const list = await listNotifications(context.db, viewer.id, page);
  return { ...list, title: getTranslator(context.locale)('notifications.metaTitle') };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return runAction({ request, context }, async () => {
    const viewer = requireViewer(context);
    await context.limits.consume('write', viewer.id);
    const n = await markRead(context.db, { userId: viewer.id, clock: context.clock });
    const t = getTranslator(context.locale);
    return redirectWithFlash(
      context,
      '/notifications',
      n ? t('notifications.caughtUp') : t('notifications.nothingNew'),
    );
  });
}

export default function Notifications() {
  const data = useLoaderData<typeof loader>();
  const location = useLocation();
  const unread = data.items.some((n) => !n.readAt);
  const t = useTranslations();
  const format = useFormatter();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t('notifications.heading')}</h1>
          <p>{t('notifications.intro')}</p>
        </div>
        {unread ? (
          <Form method="post">
            <SubmitButton className="button button--ghost" pendingText={t('notifications.marking')}>
              {t('notifications.markAll')}
            </SubmitButton>
          </Form>
        ) : null}
      </div>
      {data.items.length ? (
        <ul className="notification-list card" style={{ padding: 0 }}>
          {data.items.map((n) => (
            <li key={n.id} className={`notification${n.readAt ? '' : ' notification--unread'}`}>
              {n.readAt ? null : (
                <span className="visually-hidden">{t('notifications.unread')} </span>
              )}
              <span>
                {t.rich(notificationKey(n.kind), {
                  actor: n.actorHandle ? `@${n.actorHandle}` : t('notifications.someone'),
                  idea: n.ideaTitle ?? t('notifications.anIdea'),
                  profile: (chunks) =>
                    n.actorHandle ? <Link to={`/u/${n.actorHandle}`}>{chunks}</Link> : chunks,
                  link: (chunks) =>
                    n.ideaId ? (
                      <Link
                        to={`/ideas/${n.ideaId}${n.commentId ? `#comment-${n.commentId}` : ''}`}
                      >
                        {chunks}
                      </Link>
                    ) : (
                      chunks
                    ),
                })}
                {n.commentBody && !n.commentDeleted ? (
                  <span className="muted">
                    {' '}
                    — “{n.commentBody.slice(0, 80)}
                    {n.commentBody.length > 80 ? '…' : ''}”
                  </span>
                ) : null}
              </span>
              <time dateTime={new Date(n.createdAt).toISOString()}>
                {format.dateTime(new Date(n.createdAt), { dateStyle: 'medium' })}
              </time>
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState title={t('notifications.emptyTitle')}>
          <p>{t('notifications.emptyText')}</p>
        </EmptyState>
      )}
      <Pagination page={data.page} pageCount={data.pageCount} search={location.search} />
    </>
  );
}
