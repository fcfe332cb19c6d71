import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react';
import { SubmitButton } from '../components/forms';
import { EmptyState, Pagination } from '../components/ui';
import { pageField } from '../domain/fields';
import { notificationWording } from '../domain/notifications';
import { listNotifications, markRead } from '../domain/notifications.server';
import { formatDate } from '../utils/format';
import {
  redirectWithFlash,
  requireViewer,
  requireViewerOrRedirect,
  runAction,
} from '../utils/http.server';

export const meta: MetaFunction = () => [{ title: 'Notifications · Cocrea' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireViewerOrRedirect(context, request);
  const page = pageField.parse(new URL(request.url).searchParams.get('page') ?? 1);
  return listNotifications(context.db, viewer.id, page);
}

export async function action({ request, context }: ActionFunctionArgs) {
  return runAction(request, async () => {
    const viewer = requireViewer(context);
    await context.limits.consume('write', viewer.id);
    const n = await markRead(context.db, viewer.id);
    return redirectWithFlash(
      context,
      '/notifications',
      n ? 'All caught up.' : 'Nothing new to mark.',
    );
  });
}

export default function Notifications() {
  const data = useLoaderData<typeof loader>();
  const location = useLocation();
  const unread = data.items.some((n) => !n.readAt);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Notifications</h1>
          <p>Votes and comments on your ideas, replies and mentions.</p>
        </div>
        {unread ? (
          <Form method="post">
            <SubmitButton className="button button--ghost" pendingText="Marking…">
              Mark all as read
            </SubmitButton>
          </Form>
        ) : null}
      </div>
      {data.items.length ? (
        <ul className="notification-list card" style={{ padding: 0 }}>
          {data.items.map((n) => (
            <li key={n.id} className={`notification${n.readAt ? '' : ' notification--unread'}`}>
              {n.readAt ? null : <span className="visually-hidden">Unread: </span>}
              <span>
                {n.actorHandle ? (
                  <Link to={`/u/${n.actorHandle}`}>@{n.actorHandle}</Link>
                ) : (
                  'Someone'
                )}{' '}
                {notificationWording(n.kind)}{' '}
                {n.ideaId ? (
                  <Link to={`/ideas/${n.ideaId}${n.commentId ? `#comment-${n.commentId}` : ''}`}>
                    {n.ideaTitle ?? 'an idea'}
                  </Link>
                ) : null}
                {n.commentBody && !n.commentDeleted ? (
                  <span className="muted">
                    {' '}
                    — “{n.commentBody.slice(0, 80)}
                    {n.commentBody.length > 80 ? '…' : ''}”
                  </span>
                ) : null}
              </span>
              <time dateTime={new Date(n.createdAt).toISOString()}>{formatDate(n.createdAt)}</time>
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState title="No notifications yet.">
          <p>When people vote on or discuss your ideas, you will hear about it here.</p>
        </EmptyState>
      )}
      <Pagination page={data.page} pageCount={data.pageCount} search={location.search} />
    </>
  );
}
