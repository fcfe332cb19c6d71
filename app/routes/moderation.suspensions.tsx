// /moderation/suspensions: the suspensions in force (person, until, reason, by whom) with a
// "Lift early" form each, and the ones that ended lately. Moderators and admins only; people are
// suspended from their profile (the same form action, app/utils/suspension-forms.server.ts).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useLocation } from '@remix-run/react';
import { useId } from 'react';
import { useFormatter, useTranslations } from 'use-intl';
import { LiftForm } from '#app/components/suspension-controls';
import { ModerationNav } from '#app/components/moderation-nav';
import { EmptyState, Pagination } from '#app/components/ui';
import { pageField } from '#app/domain/core/fields';
import {
  recentlyEndedSuspensions,
  suspensionsInForce,
} from '#app/domain/moderation/suspensions.server';
import { getTranslator } from '#app/i18n/translator';
import { metaTranslator } from '#app/utils/meta';
import { requireViewerOrRedirect, runLoader } from '#app/utils/http.server';
import { suspensionFormAction } from '#app/utils/suspension-forms.server';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data?.title ?? metaTranslator(matches)('suspensions.page.metaTitle') },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireViewerOrRedirect(context, request);
  return runLoader(context, async () => {
    const page = pageField.parse(new URL(request.url).searchParams.get('page') ?? 1);
    const inForce = await suspensionsInForce(context.db, viewer, page, context.clock.now());
    const ended = await recentlyEndedSuspensions(context.db, viewer);
    // Lifting a moderator's suspension is for admins: each row says whether the viewer may.
    return {
      role: viewer.role,
      inForce,
      ended,
      title: getTranslator(context.locale)('suspensions.page.metaTitle'),
    };
  });
}

export async function action(args: ActionFunctionArgs) {
  return suspensionFormAction(args, () => '/moderation/suspensions');
}

export default function Suspensions() {
  const { role, inForce, ended } = useLoaderData<typeof loader>();
  const t = useTranslations();
  const format = useFormatter();
  const location = useLocation();
  const inForceId = useId();
  const endedId = useId();
  const date = (d: string | Date) => format.dateTime(new Date(d), { dateStyle: 'medium' });
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t('suspensions.page.heading')}</h1>
          <p>{t('suspensions.page.intro')}</p>
        </div>
      </div>
      <ModerationNav role={role} />
      <section className="section" aria-labelledby={inForceId}>
        <h2 id={inForceId}>{t('suspensions.page.inForce')}</h2>
        {inForce.items.length ? (
          <div className="table-scroll" tabIndex={0} aria-labelledby={inForceId}>
            <table className="community-table suspension-table">
              <thead>
                <tr>
                  <th scope="col">{t('suspensions.page.person')}</th>
                  <th scope="col">{t('suspensions.page.until')}</th>
                  <th scope="col">{t('suspensions.page.reason')}</th>
                  <th scope="col">{t('suspensions.page.by')}</th>
                  <th scope="col">{t('suspensions.form.lift')}</th>
                </tr>
              </thead>
              <tbody>
                {inForce.items.map((s) => (
                  <tr key={s.id}>
                    <th scope="row">
                      <Link to={`/u/${s.handle}`}>@{s.handle}</Link>
                      <span className="community-table__detail">{s.displayName}</span>
                    </th>
                    <td>
                      <time dateTime={new Date(s.endsAt).toISOString()}>{date(s.endsAt)}</time>
                    </td>
                    <td>{s.reason}</td>
                    <td>
                      <Link to={`/u/${s.byHandle}`}>@{s.byHandle}</Link>
                    </td>
                    <td>{s.canLift ? <LiftForm handle={s.handle} /> : null}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <EmptyState title={t('suspensions.page.noneInForce')} />
        )}
        <Pagination page={inForce.page} pageCount={inForce.pageCount} search={location.search} />
      </section>
      <section className="section" aria-labelledby={endedId}>
        <h2 id={endedId}>{t('suspensions.page.ended')}</h2>
        {ended.length ? (
          <div className="table-scroll" tabIndex={0} aria-labelledby={endedId}>
            <table className="community-table suspension-table">
              <thead>
                <tr>
                  <th scope="col">{t('suspensions.page.person')}</th>
                  <th scope="col">{t('suspensions.page.reason')}</th>
                  <th scope="col">{t('suspensions.page.by')}</th>
                  <th scope="col">{t('suspensions.page.endedAt')}</th>
                  <th scope="col">{t('suspensions.page.how')}</th>
                </tr>
              </thead>
              <tbody>
                {ended.map((s) => (
                  <tr key={s.id}>
                    <th scope="row">
                      <Link to={`/u/${s.handle}`}>@{s.handle}</Link>
                    </th>
                    <td>{s.reason}</td>
                    <td>
                      <Link to={`/u/${s.byHandle}`}>@{s.byHandle}</Link>
                    </td>
                    <td>
                      {s.endedAt ? (
                        <time dateTime={new Date(s.endedAt).toISOString()}>{date(s.endedAt)}</time>
                      ) : null}
                    </td>
                    <td>
                      {s.endReason === 'expired'
                        ? t('suspensions.page.howExpired')
                        : s.endReason === 'replaced'
                          ? t('suspensions.page.howReplaced')
                          : t('suspensions.page.howLifted', {
                              handle: s.endedByHandle ?? '',
                              reason: s.endReason ?? '',
                            })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <EmptyState title={t('suspensions.page.noneEnded')} />
        )}
      </section>
    </>
  );
}
