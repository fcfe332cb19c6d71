import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { useId } from 'react';
import { useFormatter, useTranslations } from 'use-intl';
import { z } from 'zod';
import { BRAND_ROLE_KEYS } from '#app/components/brand-role';
import { useContentLang } from '#app/components/challenge-card';
import {
  FormError,
  SelectField,
  SubmitButton,
  TextField,
  useActionError,
} from '#app/components/forms';
import { KeysetPager } from '#app/components/keyset-pager';
import { EmptyState, StageBadge, Tags } from '#app/components/ui';
import { addManager, removeManager, transferOwnership } from '#app/domain/brands/commands.server';
import { addManagerSchema } from '#app/domain/brands/schema';
import { getBrandBySlug, getBrandPage } from '#app/domain/brands/queries.server';
import { canSeeCommunity } from '#app/domain/community/policy';
import { canSeeInsights } from '#app/domain/insights/policy';
import { TopFive } from '#app/components/leaderboard';
import { topFive } from '#app/domain/reputation/leaderboards.server';
import { shortenExcerpt } from '#app/domain/markdown/markdown';
import { getTranslator } from '#app/i18n/translator';
import { metaTranslator } from '#app/utils/meta';
import {
  parseInput,
  redirectWithFlash,
  requireViewer,
  runAction,
  runLoader,
} from '#app/utils/http.server';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaTranslator(matches);
  return [
    {
      title: data ? t('brands.meta.title', { name: data.brand.name }) : t('brands.meta.notFound'),
    },
  ];
};

/** Opaque page cursors, checked by getBrandPage (a bad one is a 400). */
const pageSchema = z.object({ after: z.string().optional(), before: z.string().optional() });

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  return runLoader(context, async () => {
    const position = pageSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const page = await getBrandPage(context.db, context.viewer, params.slug ?? '', position);
    return {
      ...page,
      description: shortenExcerpt(page.brand.descriptionExcerpt ?? page.brand.description, 2000),
      topFive: await topFive(context.db, { brandId: page.brand.id }),
      seesCommunity: canSeeCommunity({ actor: context.viewer, memberRole: page.viewerRole }),
      seesInsights: canSeeInsights({ actor: context.viewer, memberRole: page.viewerRole }),
      // The intents addressed to the brand: its owner and managers, the community's rule (issue 17).
      seesIntents: canSeeCommunity({ actor: context.viewer, memberRole: page.viewerRole }),
    };
  });
}

const intentSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('add-manager') }).merge(addManagerSchema),
    z.object({ intent: z.literal('remove-manager') }).merge(addManagerSchema),
    z
      .object({
        intent: z.literal('transfer-ownership'),
        // The confirmation step: the owner ticks that they will become a manager.
        confirm: z.literal('on', {
          errorMap: () => ({ message: 'audit.transfer.errors.confirm' }),
        }),
      })
      .merge(addManagerSchema),
  ],
  { errorMap: () => ({ message: 'errors.generic.unknownAction' }) },
);

export async function action({ params, request, context }: ActionFunctionArgs) {
  return runAction({ request, context }, async (form) => {
    const viewer = requireViewer(context);
    await context.limits.consume('write', viewer.id);
    const brand = await getBrandBySlug(context.db, params.slug ?? '');
    const input = parseInput(intentSchema, form);
    const t = getTranslator(context.locale);
    if (input.intent === 'add-manager') {
      const user = await addManager(context.db, {
        actor: viewer,
        brandId: brand.id,
        handle: input.handle,
        clock: context.clock,
      });
      return redirectWithFlash(
        context,
        `/brands/${brand.slug}`,
        t('brands.page.added', { handle: user.handle, brand: brand.name }),
      );
    }
    if (input.intent === 'transfer-ownership') {
      const owner = await transferOwnership(context.db, {
        actor: viewer,
        brandId: brand.id,
        toHandle: input.handle,
        clock: context.clock,
      });
      return redirectWithFlash(
        context,
        `/brands/${brand.slug}`,
        t('audit.transfer.done', { handle: owner.handle, brand: brand.name }),
      );
    }
    await removeManager(context.db, {
      actor: viewer,
      brandId: brand.id,
      handle: input.handle,
      clock: context.clock,
    });
    return redirectWithFlash(context, `/brands/${brand.slug}`, t('brands.page.removed'));
  });
}

type BrandChallengeRow = ReturnType<typeof useLoaderData<typeof loader>>['challenges'][number];

function BrandChallenge({ c }: { c: BrandChallengeRow }) {
  const t = useTranslations();
  const format = useFormatter();
  const lang = useContentLang(c.language);
  return (
    <li className="card">
      <p className="eyebrow">
        <StageBadge stage={c.stage} />
      </p>
      <h3 lang={lang}>
        <Link to={`/challenges/${c.slug}`}>{c.title}</Link>
      </h3>
      <Tags tags={c.tags} />
      <p className="meta">
        <span>{t('challenges.card.ideas', { count: c.ideaCount })}</span>
        <span>
          {t('brands.page.created', {
            date: format.dateTime(new Date(c.createdAt), { dateStyle: 'medium' }),
          })}
        </span>
      </p>
    </li>
  );
}

export default function BrandPage() {
  const {
    brand,
    description,
    members,
    can,
    challenges,
    pages,
    topFive,
    seesCommunity,
    seesInsights,
    seesIntents,
    viewerRole,
  } = useLoaderData<typeof loader>();
  const result = useActionError();
  // The transfer form shows its own refusals.
  const addResult = result?.values?.intent === 'transfer-ownership' ? undefined : result;
  const challengesHeading = useId();
  const t = useTranslations();
  const format = useFormatter();
  const date = (value: string | Date) => format.dateTime(new Date(value), { dateStyle: 'medium' });
  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">{t('brands.page.since', { date: date(brand.createdAt) })}</p>
          <h1>{brand.name}</h1>
          {description ? <p>{description}</p> : null}
          {brand.website ? (
            <p>
              <a href={brand.website} rel="nofollow noopener noreferrer">
                {brand.website.replace(/^https?:\/\//, '')}
              </a>
            </p>
          ) : null}
        </div>
        <div className="page-head__actions">
          {seesCommunity ? (
            <Link to={`/brands/${brand.slug}/community`} className="button button--ghost">
              {t('community.brandLink')}
            </Link>
          ) : null}
          {seesInsights ? (
            <Link to={`/brands/${brand.slug}/insights`} className="button button--ghost">
              {t('insights.links.brand')}
            </Link>
          ) : null}
          {seesIntents ? (
            <Link to={`/brands/${brand.slug}/intents`} className="button button--ghost">
              {t('brandIntents.brandLink')}
            </Link>
          ) : null}
          {viewerRole ? (
            <Link to={`/brands/${brand.slug}/audit`} className="button button--ghost">
              {t('audit.brandLink')}
            </Link>
          ) : null}
          {can.manage ? (
            <Link to={`/moderation?brand=${brand.slug}`} className="button button--ghost">
              {t('queue.links.brand')}
            </Link>
          ) : null}
          {can.manage ? (
            <Link to={`/brands/${brand.slug}/challenges/new`} className="button">
              {t('brands.page.newChallenge')}
            </Link>
          ) : null}
        </div>
      </div>
      <div className="split">
        <section aria-labelledby={challengesHeading}>
          <h2 id={challengesHeading}>{t('brands.page.challenges')}</h2>
          {challenges.length ? (
            <ul className="idea-list" aria-labelledby={challengesHeading}>
              {challenges.map((c) => (
                <BrandChallenge key={c.id} c={c} />
              ))}
            </ul>
          ) : pages.first ? (
            <EmptyState title={t('brands.page.emptyTitle')}>
              {can.manage ? (
                <p>
                  {t.rich('brands.page.emptyManage', {
                    link: (chunks) => (
                      <Link to={`/brands/${brand.slug}/challenges/new`}>{chunks}</Link>
                    ),
                  })}
                </p>
              ) : (
                <p>{t('brands.page.emptyVisitor')}</p>
              )}
            </EmptyState>
          ) : null}
          <KeysetPager pages={pages} />
        </section>
        <aside>
          <TopFive rows={topFive} board="brand" slug={brand.slug} />
          <section className="panel" aria-labelledby="team-heading">
            <h2 id="team-heading">{t('brands.page.team')}</h2>
            <ul className="member-list">
              {members.map((m) => (
                <li key={m.handle}>
                  <span>
                    <Link to={`/u/${m.handle}`}>@{m.handle}</Link>{' '}
                    <span className="muted">{t(BRAND_ROLE_KEYS[m.role])}</span>
                  </span>
                  {can.addManagers && m.role === 'manager' ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove-manager" />
                      <input type="hidden" name="handle" value={m.handle} />
                      <button
                        type="submit"
                        className="link-button link-button--danger"
                        aria-label={t('brands.page.removeLabel', { handle: m.handle })}
                      >
                        {t('brands.page.remove')}
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
          {can.addManagers ? (
            <section className="panel" aria-labelledby="add-heading">
              <h2 id="add-heading">{t('brands.page.addHeading')}</h2>
              <Form method="post" className="form" noValidate>
                <input type="hidden" name="intent" value="add-manager" />
                <FormError error={addResult?.error} />
                <TextField
                  name="handle"
                  label={t('brands.page.handle')}
                  required
                  maxLength={30}
                  errors={addResult?.fieldErrors}
                  hint={t('brands.page.handleHint')}
                />
                <SubmitButton pendingText={t('brands.page.adding')}>
                  {t('brands.page.add')}
                </SubmitButton>
              </Form>
            </section>
          ) : null}
          {viewerRole === 'owner' ? (
            <TransferOwnership
              managers={members.filter((m) => m.role === 'manager').map((m) => m.handle)}
            />
          ) : null}
        </aside>
      </div>
    </>
  );
}

/** The owner hands the brand to a manager, ticking that they become a manager themselves. */
function TransferOwnership({ managers }: { managers: string[] }) {
  const t = useTranslations();
  const result = useActionError();
  const mine = result?.values?.intent === 'transfer-ownership' ? result : undefined;
  const confirmError = mine?.fieldErrors?.confirm?.[0];
  return (
    <section className="panel" aria-labelledby="transfer-heading">
      <h2 id="transfer-heading">{t('audit.transfer.heading')}</h2>
      {managers.length ? (
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="transfer-ownership" />
          <p className="muted">{t('audit.transfer.intro')}</p>
          <FormError error={mine?.error} />
          <SelectField
            name="handle"
            label={t('audit.transfer.handle')}
            required
            hint={t('audit.transfer.handleHint')}
            errors={mine?.fieldErrors}
            options={managers.map((handle) => ({ value: handle, label: `@${handle}` }))}
          />
          <div className={`field${confirmError ? ' field--invalid' : ''}`}>
            <div className="delete-account__option">
              <input
                type="checkbox"
                id="transfer-confirm"
                name="confirm"
                required
                aria-invalid={confirmError ? true : undefined}
                aria-describedby={confirmError ? 'transfer-confirm-error' : undefined}
              />
              <label htmlFor="transfer-confirm">{t('audit.transfer.confirm')}</label>
            </div>
            {confirmError ? (
              <p className="field-error" id="transfer-confirm-error" role="alert">
                {confirmError}
              </p>
            ) : null}
          </div>
          <SubmitButton className="button button--danger">
            {t('audit.transfer.submit')}
          </SubmitButton>
        </Form>
      ) : (
        <p className="muted">{t('audit.transfer.needsManager')}</p>
      )}
    </section>
  );
}
