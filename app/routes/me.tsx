// /me: the signed-in person's own page ("My relationships"). Private: a visitor is sent to sign in.
// First slice: what each brand may see about them, changeable here (the form posts to /consent).
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { useFormatter, useTranslations } from 'use-intl';
import { SubmitButton } from '#app/components/forms';
import { EmptyState } from '#app/components/ui';
import { consentsOf } from '#app/domain/consent/queries.server';
import { CONSENT_LEVELS } from '#app/domain/consent/schema';
import { getTranslator } from '#app/i18n/translator';
import { requireViewerOrRedirect } from '#app/utils/http.server';
import { MyDataSection } from '#app/components/my-data-section';
import { CONSENT_LEVEL_KEYS } from './ideas.$id._index/consent-question';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Cocrea' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireViewerOrRedirect(context, request);
  return {
    title: getTranslator(context.locale)('consent.me.metaTitle'),
    handle: viewer.handle,
    consents: await consentsOf(context.db, viewer.id),
  };
}

export default function MyPage() {
  const { consents } = useLoaderData<typeof loader>();
  const t = useTranslations();
  const format = useFormatter();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t('consent.me.heading')}</h1>
          <p className="muted">{t('consent.me.intro')}</p>
        </div>
      </div>
      <section className="card" aria-labelledby="consents-heading">
        <h2 id="consents-heading">{t('consent.me.consentHeading')}</h2>
        {consents.length === 0 ? (
          <EmptyState title={t('consent.me.emptyTitle')}>
            <p>{t('consent.me.empty')}</p>
          </EmptyState>
        ) : (
          <>
            <p className="muted">{t('consent.me.consentIntro')}</p>
            <ul className="consent-list">
              {consents.map((c) => (
                <li key={c.brandId}>
                  <h3>
                    <Link to={`/brands/${c.slug}`}>{c.name}</Link>
                  </h3>
                  <Form method="post" action="/consent" className="consent-row">
                    <input type="hidden" name="brandId" value={c.brandId} />
                    <input type="hidden" name="redirectTo" value="/me" />
                    <label htmlFor={`consent-${c.brandId}`} className="visually-hidden">
                      {t('consent.me.levelLabel', { brand: c.name })}
                    </label>
                    <select id={`consent-${c.brandId}`} name="level" defaultValue={c.level}>
                      {CONSENT_LEVELS.map((level) => (
                        <option key={level} value={level}>
                          {t(CONSENT_LEVEL_KEYS[level])}
                        </option>
                      ))}
                    </select>
                    <SubmitButton className="button button--secondary">
                      {t('consent.me.save')}
                    </SubmitButton>
                  </Form>
                  <p className="muted">
                    {t('consent.me.updated', {
                      date: format.dateTime(new Date(c.updatedAt), { dateStyle: 'medium' }),
                    })}
                  </p>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <MyDataSection />
    </>
  );
}
