// /brands/:slug/audit: the audit entries about one brand (its team, its challenges, their ideas),
// for the brand's members; moderators and admins may read it too. Others: 403.
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslations } from 'use-intl';
import { AuditLog } from '#app/components/audit-log';
import { loadAuditPage } from '#app/domain/audit/page.server';
import { getBrandBySlug } from '#app/domain/brands/queries.server';
import { metaTranslator } from '#app/utils/meta';
import { errorTranslator, requireViewerOrRedirect, runLoader } from '#app/utils/http.server';

export const meta: MetaFunction<typeof loader> = ({ data: page, matches }) => {
  const t = metaTranslator(matches);
  return [
    {
      title: page ? t('audit.meta.brandTitle', { brand: page.brand.name }) : t('audit.meta.title'),
    },
  ];
};

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const viewer = requireViewerOrRedirect(context, request);
  return runLoader(context, async () => {
    const found = await getBrandBySlug(context.db, params.slug ?? '');
    const page = await loadAuditPage(
      context.db,
      viewer,
      new URL(request.url),
      errorTranslator(context),
      { brandId: found.id },
    );
    const brand = { slug: found.slug, name: found.name };
    return data({ ...page, brand }, { status: page.filterError ? 400 : 200 });
  });
}

export default function BrandAudit() {
  const page = useLoaderData<typeof loader>();
  const t = useTranslations();
  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <Link to={`/brands/${page.brand.slug}`}>{page.brand.name}</Link>
          </p>
          <h1>{t('audit.brandTitle')}</h1>
          <p>{t('audit.brandIntro', { brand: page.brand.name })}</p>
        </div>
      </div>
      <AuditLog data={page} brandOnly />
    </>
  );
}
