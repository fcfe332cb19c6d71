import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLoaderData,
  useLocation,
  useNavigation,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react';
import { useEffect, useState, type ReactNode } from 'react';
import { IntlProvider, useTranslations } from 'use-intl';
import { LanguageSwitcher } from '#app/components/language-switcher';
import { SiteSearch } from '#app/components/site-search';
import { SuspensionBanner } from '#app/components/suspension-controls';
import { logHorizon } from '#app/domain/events/log.server';
import { unreadCount } from '#app/domain/notifications/queries.server';
import { suspendedUntil } from '#app/domain/moderation/suspensions';
import { ownSuspension } from '#app/domain/moderation/suspensions.server';
import { DEFAULT_LOCALE } from '#app/i18n/locales';
import { useMessages } from '#app/i18n/browser-messages';
import { messagesChunk } from '#app/i18n/chunks.server';
import { TIME_ZONE, getTranslator } from '#app/i18n/translator';
import { LiveProvider, LiveStatusNotice, useLiveRoom } from '#app/live/live';
import { LOG_START, comparePosition, type Position } from '#app/live/protocol';
import styles from './styles/app.css?url';
import { useNonce } from '#app/utils/nonce';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.meta.title ?? 'Cocrea — co-create with the brands you love' },
  {
    name: 'description',
    content:
      data?.meta.description ??
      'Brands launch challenges; people submit ideas, discuss and vote on them, and earn recognition.',
  },
];

export async function loader({ context }: LoaderFunctionArgs) {
  const viewer = context.viewer;
  // The cursor is read before the count, so a notification committed in between is replayed.
  const cursor = viewer ? await logHorizon(context.db) : LOG_START;
  const unread = viewer ? await unreadCount(context.db, viewer.id) : 0;
  // Only a person whose session says they are suspended now pays for the query (the banner).
  const now = context.clock.now();
  const suspension =
    viewer && suspendedUntil(viewer, now) ? await ownSuspension(context.db, viewer.id, now) : null;
  // Route data is public JSON: the viewer is named by handle, never by internal user id.
  const publicViewer = viewer
    ? { handle: viewer.handle, displayName: viewer.displayName, role: viewer.role }
    : null;
  const t = getTranslator(context.locale);
  return {
    viewer: publicViewer,
    flash: context.flash.message,
    unread,
    cursor,
    suspension: suspension
      ? { until: suspension.until.toISOString(), reason: suspension.reason }
      : null,
    locale: context.locale,
    // The script holding this locale's messages, fetched alongside the page's own scripts.
    messagesChunk: messagesChunk(context.locale),
    // Relative times ("3 minutes ago") are counted from the same instant on server and browser.
    now: new Date().toISOString(),
    meta: { title: t('common.meta.title'), description: t('common.meta.description') },
  };
}

export function useViewer() {
  return useRouteLoaderData<typeof loader>('root')?.viewer ?? null;
}

function NotificationsLink({ unread, cursor }: { unread: number; cursor: Position }) {
  // By event: a notification arrives once per event, however often it is replayed.
  const [arrived, setArrived] = useState<Map<number, Position>>(new Map());
  useLiveRoom('me', cursor, (m) => {
    // Only notifications: 'me' also carries the events about the viewer (offers on their intents).
    if (m.type === 'notification')
      setArrived((seen) => (seen.has(m.id) ? seen : new Map(seen).set(m.id, m.position)));
  });
  // Notifications up to the page's cursor are already in `unread` (fresh page data resets it).
  const live = [...arrived.values()].filter((p) => comparePosition(p, cursor) > 0).length;
  const total = unread + live;
  const t = useTranslations();
  return (
    <NavLink
      to="/notifications"
      className="notifications-link"
      aria-label={
        total
          ? t('common.header.notificationsUnread', { count: total })
          : t('common.header.notifications')
      }
    >
      <svg
        aria-hidden="true"
        width="20"
        height="20"
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      >
        <path d="M18 8a6 6 0 1 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
        <path d="M13.73 21a2 2 0 0 1-3.46 0" />
      </svg>
      {total ? <span className="notifications-count">{total > 99 ? '99+' : total}</span> : null}
    </NavLink>
  );
}

export function Header({
  viewer,
  unread,
  cursor,
}: {
  viewer: { handle: string; displayName: string; role?: string } | null;
  unread: number;
  cursor: Position;
}) {
  const t = useTranslations();
  return (
    <header className="site-header">
      <div className="container site-header__inner">
        <Link to="/" className="logo" aria-label={t('common.header.home')}>
          <span className="logo__mark" aria-hidden="true">
            ◆
          </span>{' '}
          Cocrea
        </Link>
        <nav aria-label={t('common.header.mainNav')} className="site-nav">
          <NavLink to="/challenges">{t('common.header.challenges')}</NavLink>
          <NavLink to="/brands">{t('common.header.brands')}</NavLink>
          <NavLink to="/leaderboards">{t('leaderboards.nav')}</NavLink>
          {viewer ? <NavLink to="/me">{t('consent.me.link')}</NavLink> : null}
          {viewer ? <NavLink to="/intents">{t('intents.nav')}</NavLink> : null}
          {viewer?.role === 'moderator' || viewer?.role === 'admin' ? (
            <NavLink to="/moderation">{t('queue.links.header')}</NavLink>
          ) : null}
        </nav>
        <SiteSearch />
        <div className="site-header__account">
          {viewer ? (
            <>
              <NotificationsLink unread={unread} cursor={cursor} />
              <NavLink
                to="/settings/notifications"
                className="notifications-link"
                aria-label={t('settings.nav')}
                title={t('settings.nav')}
              >
                <svg
                  aria-hidden="true"
                  width="20"
                  height="20"
                  viewBox="0 0 24 24"
                  fill="none"
                  stroke="currentColor"
                  strokeWidth="2"
                  strokeLinecap="round"
                  strokeLinejoin="round"
                >
                  <circle cx="12" cy="12" r="3" />
                  <path d="M19.4 15a1.65 1.65 0 0 0 .33 1.82l.06.06a2 2 0 1 1-2.83 2.83l-.06-.06a1.65 1.65 0 0 0-1.82-.33 1.65 1.65 0 0 0-1 1.51V21a2 2 0 1 1-4 0v-.09A1.65 1.65 0 0 0 9 19.4a1.65 1.65 0 0 0-1.82.33l-.06.06a2 2 0 1 1-2.83-2.83l.06-.06A1.65 1.65 0 0 0 4.6 15a1.65 1.65 0 0 0-1.51-1H3a2 2 0 1 1 0-4h.09A1.65 1.65 0 0 0 4.6 9a1.65 1.65 0 0 0-.33-1.82l-.06-.06a2 2 0 1 1 2.83-2.83l.06.06A1.65 1.65 0 0 0 9 4.6a1.65 1.65 0 0 0 1-1.51V3a2 2 0 1 1 4 0v.09a1.65 1.65 0 0 0 1 1.51 1.65 1.65 0 0 0 1.82-.33l.06-.06a2 2 0 1 1 2.83 2.83l-.06.06A1.65 1.65 0 0 0 19.4 9a1.65 1.65 0 0 0 1.51 1H21a2 2 0 1 1 0 4h-.09a1.65 1.65 0 0 0-1.51 1z" />
                </svg>
              </NavLink>
              <Link to={`/u/${viewer.handle}`} className="account-link" title={`@${viewer.handle}`}>
                <span className="avatar" aria-hidden="true">
                  {viewer.displayName.slice(0, 1).toUpperCase()}
                </span>
                <span className="account-link__handle">@{viewer.handle}</span>
              </Link>
              <Form method="post" action="/signout">
                <button type="submit" className="button button--ghost">
                  {t('common.header.signOut')}
                </button>
              </Form>
            </>
          ) : (
            <>
              <Link to="/signin" className="button button--ghost">
                {t('common.header.signIn')}
              </Link>
              <Link to="/signup" className="button">
                {t('common.header.join')}
              </Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}

function ProgressBar() {
  const navigation = useNavigation();
  return (
    <div
      className={`progress${navigation.state !== 'idle' ? ' progress--active' : ''}`}
      aria-hidden="true"
    />
  );
}

/**
 * The one-shot message of the last action. It stays for the page it was shown on, even when live
 * updates reload that page's data (which no longer carries it), and goes with the next navigation.
 */
function Flash({ message }: { message: string | null }) {
  const location = useLocation();
  const [kept, setKept] = useState<{ key: string; message: string } | null>(null);
  useEffect(() => {
    if (message) setKept({ key: location.key, message });
  }, [message, location.key]);
  const shown = message ?? (kept && kept.key === location.key ? kept.message : null);
  if (!shown) return null;
  return (
    <div className="container">
      <p className="alert alert--success flash" role="status">
        {shown}
      </p>
    </div>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>('root');
  // Without the root loader's data (it failed), the error page is shown in English.
  const { locale, messages } = useMessages(data?.locale ?? DEFAULT_LOCALE);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <Meta />
        <Links />
        {data?.messagesChunk ? <link rel="modulepreload" href={data.messagesChunk} /> : null}
      </head>
      <body>
        <IntlProvider
          locale={locale}
          messages={messages}
          timeZone={TIME_ZONE}
          now={data ? new Date(data.now) : undefined}
        >
          <Shell data={data}>{children}</Shell>
        </IntlProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Shell({
  data,
  children,
}: {
  data: ReturnType<typeof useRouteLoaderData<typeof loader>>;
  children: ReactNode;
}) {
  const t = useTranslations();
  return (
    <>
      <a href="#main" className="skip-link">
        {t('common.skipLink')}
      </a>
      <ProgressBar />
      <LiveProvider identity={data?.viewer?.handle ?? null}>
        <Header
          viewer={data?.viewer ?? null}
          unread={data?.unread ?? 0}
          cursor={data?.cursor ?? LOG_START}
        />
        <Flash message={data?.flash ?? null} />
        <SuspensionBanner suspension={data?.suspension ?? null} />
        <LiveStatusNotice />
        <main id="main" className="container main">
          {children}
        </main>
      </LiveProvider>
      <footer className="site-footer">
        <div className="container site-footer__inner">
          <p>{t('common.footer.tagline')}</p>
          <LanguageSwitcher />
        </div>
      </footer>
    </>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage error={error} />;
}

export function ErrorPage({ error }: { error: unknown }) {
  const t = useTranslations();
  if (isRouteErrorResponse(error)) {
    const message =
      (error.data &&
        typeof error.data === 'object' &&
        'message' in error.data &&
        String(error.data.message)) ||
      (typeof error.data === 'string' && error.data) ||
      null;
    if (error.status === 404) {
      return (
        <section className="error-page">
          <h1>{t('common.error.notFoundTitle')}</h1>
          <p>{message ?? t('common.error.notFoundText')}</p>
          <p>
            <Link to="/challenges" className="button">
              {t('common.error.browseChallenges')}
            </Link>
          </p>
        </section>
      );
    }
    return (
      <section className="error-page">
        <h1>
          {error.status === 403
            ? t('common.error.forbiddenTitle')
            : error.status === 401
              ? t('common.error.signInTitle')
              : t('common.error.otherTitle')}
        </h1>
        <p>{message ?? error.statusText}</p>
        <p>
          <Link to="/">{t('common.error.backHome')}</Link>
        </p>
      </section>
    );
  }
  console.error(error);
  return (
    <section className="error-page">
      <h1>{t('common.error.unexpectedTitle')}</h1>
      <p>{t('common.error.unexpectedText')}</p>
      <p>
        <Link to="/">{t('common.error.backHome')}</Link>
      </p>
    </section>
  );
}
