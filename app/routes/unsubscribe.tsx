// /unsubscribe?token=…: the link in every digest email, working without signing in. Opening it only
// shows what would stop (link scanners open links); the button POSTs to the same address, as does a
// mail client's one-click unsubscribe (RFC 8058, `List-Unsubscribe=One-Click`). A token that does
// not verify gets a 400 page and changes nothing; a replay changes nothing more.
import {
  data,
  type ActionFunctionArgs,
  type AppLoadContext,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import { SubmitButton } from '#app/components/forms';
import { isDomainError } from '#app/domain/core/errors';
import type { NotificationTopic } from '#app/domain/notifications/preferences';
import { TOPIC_KEYS } from '#app/domain/notifications/topic-keys';
import {
  readUnsubscribeToken,
  unsubscribe,
  unsubscribePreview,
  UNSUBSCRIBE_PURPOSE,
  type UnsubscribeScope,
} from '#app/domain/notifications/unsubscribe.server';
import { getTranslator } from '#app/i18n/translator';
import { errorTranslator } from '#app/utils/http.server';
import { purposeKey } from '#app/utils/mail.server';

type Page = {
  title: string;
  state: 'invalid' | 'gone' | 'confirm' | 'done';
  scope?: UnsubscribeScope;
  handle?: string;
  /** confirm: which of the token's topics go to the digest now (empty: nothing to stop). */
  digestTopics?: NotificationTopic[];
  /** done: whether anything changed. */
  changed?: boolean;
};

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? 'Cocrea' },
  // A personal link: not for search engines.
  { name: 'robots', content: 'noindex' },
];

function answer(context: AppLoadContext, page: Omit<Page, 'title'>, status = 200) {
  const title = getTranslator(context.locale)('settings.unsubscribe.metaTitle');
  return data<Page>({ title, ...page }, { status });
}

/** The link's token, verified: null when it does not verify (or is missing). */
function claimOf(request: Request) {
  const token = new URL(request.url).searchParams.get('token');
  return readUnsubscribeToken(purposeKey(UNSUBSCRIBE_PURPOSE), token);
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const claim = claimOf(request);
  if (!claim) return answer(context, { state: 'invalid' }, 400);
  const preview = await unsubscribePreview(context.db, claim);
  if (!preview) return answer(context, { state: 'gone' });
  return answer(context, {
    state: 'confirm',
    scope: claim.scope,
    handle: preview.handle,
    digestTopics: preview.digestTopics,
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  try {
    // Per address: nobody can try tokens by the thousand.
    await context.limits.consume('write', `unsubscribe:${context.clientIp}`);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return data(
      { error: error.render(errorTranslator(context)).error },
      {
        status: error.status,
        headers: error.retryAfterSeconds ? { 'Retry-After': String(error.retryAfterSeconds) } : {},
      },
    );
  }
  const claim = claimOf(request);
  if (!claim) return answer(context, { state: 'invalid' }, 400);
  const preview = await unsubscribePreview(context.db, claim);
  if (!preview) return answer(context, { state: 'gone' });
  const changed = await unsubscribe(context.db, { claim, clock: context.clock });
  return answer(context, {
    state: 'done',
    scope: claim.scope,
    handle: preview.handle,
    changed: changed.length > 0,
  });
}

export default function Unsubscribe() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const t = useTranslations();
  if (acted && 'error' in acted)
    return (
      <div className="card unsubscribe">
        <h1>{t('settings.unsubscribe.heading')}</h1>
        <p className="alert alert--error" role="alert">
          {acted.error}
        </p>
      </div>
    );
  const page: Page = acted ?? loaded;
  const topic = page.scope && page.scope !== 'all' ? t(TOPIC_KEYS[page.scope].label) : '';
  const settings = (
    <p>
      <Link to="/settings/notifications">{t('settings.unsubscribe.settingsLink')}</Link>
    </p>
  );

  if (page.state === 'invalid')
    return (
      <div className="card unsubscribe">
        <h1>{t('settings.unsubscribe.invalidTitle')}</h1>
        <p>{t('settings.unsubscribe.invalidText')}</p>
        {settings}
      </div>
    );
  if (page.state === 'gone')
    return (
      <div className="card unsubscribe">
        <h1>{t('settings.unsubscribe.heading')}</h1>
        <p>{t('settings.unsubscribe.gone')}</p>
      </div>
    );
  const handle = page.handle ?? '';
  if (page.state === 'done')
    return (
      <div className="card unsubscribe">
        <h1>{t('settings.unsubscribe.heading')}</h1>
        <p className="alert alert--success" role="status">
          {!page.changed
            ? t('settings.unsubscribe.unchanged')
            : page.scope === 'all'
              ? t('settings.unsubscribe.doneAll', { handle })
              : t('settings.unsubscribe.doneTopic', { handle, topic })}
        </p>
        <p>{t('settings.unsubscribe.stillInApp')}</p>
        {settings}
      </div>
    );
  const nothing = !page.digestTopics?.length;
  return (
    <div className="card unsubscribe">
      <h1>{t('settings.unsubscribe.heading')}</h1>
      {nothing ? (
        <p>{t('settings.unsubscribe.nothingToStop', { handle })}</p>
      ) : (
        <>
          <p>
            {page.scope === 'all'
              ? t('settings.unsubscribe.forAll', { handle })
              : t('settings.unsubscribe.forTopic', { handle, topic })}
          </p>
          <p className="muted">{t('settings.unsubscribe.stillInApp')}</p>
          {/* No action: it posts to this very address, token and all. The page's data carries no
              token (which names the person by their internal id). */}
          <Form method="post">
            <SubmitButton>{t('settings.unsubscribe.confirm')}</SubmitButton>
          </Form>
        </>
      )}
      {settings}
    </div>
  );
}
