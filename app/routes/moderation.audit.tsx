// /moderation/audit: the whole audit log for moderators and admins, filtered by actor, target,
// action and day, 50 entries a page. Brand members read their brand's part on /brands/:slug/audit.
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import { AuditLog } from '#app/components/audit-log';
import { ModerationNav } from '#app/components/moderation-nav';
import { loadAuditPage } from '#app/domain/audit/page.server';
import { isModerator } from '#app/domain/core/actor';
import { forbidden } from '#app/domain/core/errors';
import { metaTranslator } from '#app/utils/meta';
import { errorTranslator, requireViewerOrRedirect, runLoader } from '#app/utils/http.server';

export const meta: MetaFunction<typeof loader> = ({ matches }) => [
  { title: metaTranslator(matches)('audit.meta.title') },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireViewerOrRedirect(context, request);
  return runLoader(context, async () => {
    if (!isModerator(viewer)) throw forbidden('audit.errors.forbidden');
    const page = await loadAuditPage(
      context.db,
      viewer,
      new URL(request.url),
      errorTranslator(context),
    );
    return data({ ...page, role: viewer.role }, { status: page.filterError ? 400 : 200 });
  });
}

export default function ModerationAudit() {
  const page = useLoaderData<typeof loader>();
  const t = useTranslations();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t('audit.title')}</h1>
          <p>{t('audit.intro')}</p>
        </div>
      </div>
      <ModerationNav role={page.role} />
      <AuditLog data={page} />
    </>
  );
}
