import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react';
import { SubmitButton } from '#app/components/forms';
import { EmptyState, Pagination } from '#app/components/ui';
import { pageField } from '#app/domain/core/fields';
import { notificationKey } from '#app/domain/notifications/keys';
import {
  intentPathOf,
  intentValues,
  isIntentKind,
  type IntentItemFields,
} from '#app/domain/notifications/intent-items';
import { STAGE_KEYS, isStage } from '#app/utils/format';
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
  return {
    ...list,
    handle: viewer.handle,
    title: getTranslator(context.locale)('notifications.metaTitle'),
  };
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

type Item = IntentItemFields & {
  kind: string;
  ideaId: number | null;
  commentId: number | null;
  challengeSlug: string | null;
};

/**
 * Where a notification leads: the idea (and comment), the challenge, the reader's badges, or the
 * intent (the author's page of it, or the brand's for a brand member).
 */
function linkOf(n: Item, handle: string): string | null {
  if (isIntentKind(n.kind)) return intentPathOf(n);
  if (n.kind === 'badge') return `/u/${handle}#badges`;
  if ((n.kind === 'stage' || n.kind === 'results') && n.challengeSlug)
    return `/challenges/${n.challengeSlug}${n.kind === 'results' ? '#winners' : ''}`;
  if (n.ideaId) return `/ideas/${n.ideaId}${n.commentId ? `#comment-${n.commentId}` : ''}`;
  return null;
}

export default function Notifications() {
  const data = useLoaderData<typeof loader>();
  const location = useLocation();
  const unread = data.items.some((n) => !n.readAt);
  const t = useTranslations();
  // Badge names are message keys of the badges concept (`badges.<key>.name`); a key it does not
  // (yet) name reads as itself.
  const anyT = t as unknown as { has(key: string): boolean; (key: string): string };
  const badgeName = (key: string | null) => {
    if (!key) return t('notifications.aBadge');
    const name = `badges.${key}.name`;
    return anyT.has(name) ? anyT(name) : key.replace(/[_-]+/g, ' ');
  };
  const format = useFormatter();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t('notifications.heading')}</h1>
          <p>{t('notifications.intro')}</p>
          <p>
            <Link to="/settings/notifications">{t('settings.link')}</Link>
          </p>
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
                {t.rich(notificationKey(n.kind, n.moderation), {
                  actor: n.actorHandle
                    ? `@${n.actorHandle}`
                    : n.actorDeleted
                      ? t('mydata.deleted.accountStart')
                      : t('notifications.someone'),
                  idea: n.ideaTitle ?? t('notifications.anIdea'),
                  challenge: n.challengeTitle ?? t('notifications.aChallenge'),
                  stage: n.stage && isStage(n.stage) ? t(STAGE_KEYS[n.stage]) : '',
                  badge: badgeName(n.badge),
                  rank: n.rank ?? 1,
                  points: n.points ?? 0,
                  until: n.until ? new Date(n.until) : new Date(n.createdAt),
                  ...intentValues(n, {
                    aParticipant: t('notifications.aParticipant'),
                    anIntent: t('notifications.anIntent'),
                    aBrand: t('notifications.aBrand'),
                  }),
                  profile: (chunks) =>
                    n.actorHandle ? <Link to={`/u/${n.actorHandle}`}>{chunks}</Link> : chunks,
                  link: (chunks) => {
                    const to = linkOf(n, data.handle);
                    return to ? <Link to={to}>{chunks}</Link> : chunks;
                  },
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
