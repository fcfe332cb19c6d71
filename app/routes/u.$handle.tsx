import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useId } from 'react';
import { useFormatter, useTranslations } from 'use-intl';
import { z } from 'zod';
import { BRAND_ROLE_KEYS } from '#app/components/brand-role';
import { KeysetPager } from '#app/components/keyset-pager';
import { useContentLang } from '#app/components/challenge-card';
import { EmptyState, Score, StatusBadge } from '#app/components/ui';
import { SuspensionPanel } from '#app/components/suspension-controls';
import { suspensionPanel } from '#app/domain/moderation/suspensions.server';
import { suspensionFormAction } from '#app/utils/suspension-forms.server';
import { brandsOf } from '#app/domain/brands/queries.server';
import { reputationProfile } from '#app/domain/reputation/history.server';
import { getPublicProfile } from '#app/domain/users/queries.server';
import { runLoader } from '#app/utils/http.server';
import { metaTranslator } from '#app/utils/meta';
import {
  BadgesSection,
  PointsHistory,
  ReputationSummary,
  RewardsSection,
} from '#app/components/leaderboard-profile';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaTranslator(matches);
  return [
    {
      title: data
        ? t('profile.meta.title', { name: data.profile.displayName, handle: data.profile.handle })
        : t('profile.meta.notFound'),
    },
  ];
};

const ROLE_KEYS = {
  prosumer: 'profile.role.prosumer',
  moderator: 'profile.role.moderator',
  admin: 'profile.role.admin',
} as const;

type ProfileIdea = ReturnType<typeof useLoaderData<typeof loader>>['profile']['ideas'][number];

function ProfileIdeaRow({ idea }: { idea: ProfileIdea }) {
  const t = useTranslations();
  const format = useFormatter();
  const lang = useContentLang(idea.challengeLanguage);
  // The idea's own language (detected when written, issue 16) may differ from its challenge's.
  const ideaLang = useContentLang(idea.language);
  return (
    <li className="card idea-row">
      <Score support={idea.supportCount} oppose={idea.opposeCount} />
      <div>
        <h3>
          <Link to={`/ideas/${idea.id}`} lang={ideaLang}>
            {idea.title}
          </Link>{' '}
          <StatusBadge status={idea.status} />
        </h3>
        <p className="meta">
          <span>
            {t.rich('ideas.inChallenge', {
              title: idea.challengeTitle,
              link: (chunks) => (
                <Link to={`/challenges/${idea.challengeSlug}`} lang={lang}>
                  {chunks}
                </Link>
              ),
            })}
          </span>
          <span>{format.dateTime(new Date(idea.createdAt), { dateStyle: 'medium' })}</span>
          <span>{t('ideas.comments', { count: idea.commentCount })}</span>
        </p>
      </div>
    </li>
  );
}

/**
 * Opaque page cursors, checked by getPublicProfile (ideas: after/before) and pointsHistory (points:
 * pointsAfter/pointsBefore); a bad one is a 400.
 */
const pageSchema = z.object({
  after: z.string().optional(),
  before: z.string().optional(),
  pointsAfter: z.string().optional(),
  pointsBefore: z.string().optional(),
});

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  return runLoader(context, async () => {
    const { pointsAfter, pointsBefore, ...position } = pageSchema.parse(
      Object.fromEntries(new URL(request.url).searchParams),
    );
    const profile = await getPublicProfile(context.db, params.handle ?? '', position);
    const viewer = context.viewer;
    const isSelf = viewer?.handle.toLowerCase() === profile.handle.toLowerCase();
    const brands = viewer && isSelf ? await brandsOf(context.db, viewer.id) : [];
    const reputation = await reputationProfile(context.db, {
      handle: profile.handle,
      viewerId: viewer?.id ?? null,
      position: { after: pointsAfter, before: pointsBefore },
    });
    // Moderators and admins only (null for everyone else, with no query): suspend or lift.
    const suspension = await suspensionPanel(
      context.db,
      viewer,
      profile.handle,
      context.clock.now(),
    );
    return { profile, isSelf, brands, reputation, suspension };
  });
}

/** The moderators' suspension forms (suspend, lift early); back to this profile. */
export async function action(args: ActionFunctionArgs) {
  return suspensionFormAction(args, (handle) => `/u/${handle}`);
}

export default function Profile() {
  const { profile, isSelf, brands, reputation, suspension } = useLoaderData<typeof loader>();
  const t = useTranslations();
  const format = useFormatter();
  const ideasHeading = useId();
  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">
            {t('profile.joined', {
              role: t(ROLE_KEYS[profile.role]),
              date: format.dateTime(new Date(profile.joinedAt), { dateStyle: 'medium' }),
            })}
          </p>
          <h1>
            {profile.displayName} <span className="muted">@{profile.handle}</span>
          </h1>
          {profile.bio ? <p>{profile.bio}</p> : null}
        </div>
        {isSelf ? (
          <Link to="/brands/new" className="button button--ghost">
            {t('profile.createBrand')}
          </Link>
        ) : null}
      </div>
      {isSelf && brands.length ? (
        <div className="alert alert--info">
          {t('brands.yours')}{' '}
          {brands.map((b, i) => (
            <span key={b.id}>
              {i ? ', ' : ''}
              <Link to={`/brands/${b.slug}`}>{b.name}</Link> ({t(BRAND_ROLE_KEYS[b.role])})
            </span>
          ))}
        </div>
      ) : null}
      {suspension ? <SuspensionPanel handle={profile.handle} panel={suspension} /> : null}
      <ReputationSummary reputation={reputation} />
      <BadgesSection badges={reputation.badges} />
      <RewardsSection rewards={reputation.rewards} />
      <section aria-labelledby={ideasHeading}>
        <h2 id={ideasHeading}>{t('profile.ideas')}</h2>
        {profile.ideas.length ? (
          <ul className="idea-list" aria-labelledby={ideasHeading}>
            {profile.ideas.map((i) => (
              <ProfileIdeaRow key={i.id} idea={i} />
            ))}
          </ul>
        ) : profile.pages.first ? (
          <EmptyState
            title={
              isSelf ? t('profile.emptySelf') : t('profile.emptyOther', { handle: profile.handle })
            }
          >
            {isSelf ? (
              <p>
                {t.rich('profile.emptySelfBody', {
                  link: (chunks) => <Link to="/challenges?stage=open">{chunks}</Link>,
                })}
              </p>
            ) : null}
          </EmptyState>
        ) : null}
        <KeysetPager pages={profile.pages} />
      </section>
      <PointsHistory history={reputation.history} />
    </>
  );
}
