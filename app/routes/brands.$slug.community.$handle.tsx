// One participant as the brand sees them (issue 14, item 5): their activity on the brand's
// challenges, and with `profile` their name, contact and interests there; their intents the brand
// may see and what passed between them (issue 17). For the brand's members; someone who shares
// nothing with the brand is the same 404 as a handle nobody has.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useFormatter, useTranslations } from 'use-intl';
import { useContentLang } from '#app/components/challenge-card';
import { EmptyState, StatusBadge, Tags } from '#app/components/ui';
import { openCommunity, participantOnBrand } from '#app/domain/community/access.server';
import { notFound } from '#app/domain/core/errors';
import { HANDLE_PATTERN } from '#app/domain/users/schema';
import { metaTranslator } from '#app/utils/meta';
import { requireViewerOrRedirect, runLoader } from '#app/utils/http.server';
import { CONSENT_KEYS } from './brands.$slug.community._index/labels';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaTranslator(matches);
  return [
    {
      title: data
        ? t('community.participant.metaTitle', {
            handle: data.participant.handle,
            brand: data.brand.name,
          })
        : t('community.meta.fallback'),
    },
  ];
};

const HANDLE = new RegExp(`^${HANDLE_PATTERN}$`);

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const viewer = requireViewerOrRedirect(context, request);
  return runLoader(context, async () => {
    const scope = await openCommunity(context.db, viewer, { slug: params.slug ?? '' });
    const handle = params.handle ?? '';
    if (!HANDLE.test(handle)) throw notFound('errors.notFound.person');
    const found = await participantOnBrand(context.db, scope, handle, {
      now: context.clock.now(),
    });
    return { brand: scope.brand, ...found };
  });
}

type IdeaRow = ReturnType<typeof useLoaderData<typeof loader>>['ideas'][number];
type IntentRow = ReturnType<typeof useLoaderData<typeof loader>>['intents'][number];

const INTENT_STATUS_KEYS = {
  published: 'community.participant.intentStatus.published',
  closed: 'community.participant.intentStatus.closed',
  expired: 'community.participant.intentStatus.expired',
} as const;
const OFFER_STATUS_KEYS = {
  open: 'community.participant.offerStatus.open',
  accepted: 'community.participant.offerStatus.accepted',
  declined: 'community.participant.offerStatus.declined',
  withdrawn: 'community.participant.offerStatus.withdrawn',
  lapsed: 'community.participant.offerStatus.lapsed',
} as const;
const statusKey = <K extends string>(keys: Record<K, string>, status: string) =>
  status in keys ? keys[status as K] : null;

function ParticipantIntent({ intent, brandSlug }: { intent: IntentRow; brandSlug: string }) {
  const t = useTranslations();
  const format = useFormatter();
  const lang = useContentLang(intent.language);
  const date = (iso: string) => format.dateTime(new Date(iso), { dateStyle: 'medium' });
  const intentStatus = statusKey(INTENT_STATUS_KEYS, intent.status);
  const headingId = `intent-${intent.id}`;
  return (
    <li className="card">
      <h3 id={headingId}>
        <Link to={`/brands/${brandSlug}/intents/${intent.id}`} lang={lang}>
          {intent.title}
        </Link>{' '}
        {intentStatus ? <span className="badge">{t(intentStatus)}</span> : null}
      </h3>
      <p className="meta">
        {intent.publishedAt ? (
          <span>
            {t('community.participant.intentPublished', { date: date(intent.publishedAt) })}
          </span>
        ) : null}
        {intent.status === 'published' ? (
          <span>{t('community.participant.intentExpires', { date: date(intent.expiresAt) })}</span>
        ) : intent.closedAt ? (
          <span>{t('community.participant.intentClosedOn', { date: date(intent.closedAt) })}</span>
        ) : null}
        <span>{t('community.participant.intentMessages', { count: intent.messages })}</span>
      </p>
      {intent.offers.length ? (
        <ul aria-labelledby={headingId}>
          {intent.offers.map((offer) => {
            const offerStatus = statusKey(OFFER_STATUS_KEYS, offer.status);
            return (
              <li key={offer.id}>
                {t('community.participant.offerMade', { date: date(offer.createdAt) })}{' '}
                {offer.price !== null && offer.currency ? (
                  <span>
                    {format.number(offer.price, {
                      style: 'currency',
                      currency: offer.currency,
                      maximumFractionDigits: 0,
                    })}
                  </span>
                ) : null}{' '}
                {offer.benefit ? <span>{offer.benefit}</span> : null}{' '}
                {offerStatus ? <span className="badge">{t(offerStatus)}</span> : null}{' '}
                {offer.answeredAt ? (
                  <span className="muted">
                    {offer.status === 'accepted'
                      ? t('community.participant.offerAcceptedOn', { date: date(offer.answeredAt) })
                      : t('community.participant.offerDeclinedOn', {
                          date: date(offer.answeredAt),
                        })}
                  </span>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="muted">{t('community.participant.noOffers')}</p>
      )}
      {intent.contactEmail ? (
        <p>
          {t('community.participant.intentContact')}{' '}
          <a href={`mailto:${intent.contactEmail}`}>{intent.contactEmail}</a>
        </p>
      ) : null}
    </li>
  );
}

function ParticipantIdea({ idea }: { idea: IdeaRow }) {
  const t = useTranslations();
  const format = useFormatter();
  const lang = useContentLang(idea.language);
  return (
    <li className="card idea-row">
      <div>
        <h3>
          <Link to={`/ideas/${idea.id}`} lang={lang}>
            {idea.title}
          </Link>{' '}
          <StatusBadge status={idea.status} />
        </h3>
        <p className="meta">
          <span>
            {t.rich('community.participant.inChallenge', {
              title: idea.challenge.title,
              link: (chunks) => (
                <Link to={`/challenges/${idea.challenge.slug}`} lang={lang}>
                  {chunks}
                </Link>
              ),
            })}
          </span>
          <span>
            <time dateTime={idea.createdAt}>
              {format.dateTime(new Date(idea.createdAt), { dateStyle: 'medium' })}
            </time>
          </span>
        </p>
      </div>
    </li>
  );
}

export default function CommunityParticipant() {
  const { brand, participant: p, firstActiveAt, ideas, intents } = useLoaderData<typeof loader>();
  const t = useTranslations();
  const format = useFormatter();
  const date = (iso: string) => format.dateTime(new Date(iso), { dateStyle: 'medium' });
  const figures = [
    ['community.participant.ideas', p.ideas],
    ['community.participant.votes', p.votes],
    ['community.participant.comments', p.comments],
    ['community.participant.shortlists', p.shortlists],
    ['community.participant.wins', p.wins],
    ['community.participant.points', p.points],
    ['community.participant.engagement', p.engagement],
  ] as const;
  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <Link to={`/brands/${brand.slug}/community`}>
              {t('community.participant.back', { brand: brand.name })}
            </Link>
          </p>
          <h1>{p.consent === 'profile' ? p.displayName : `@${p.handle}`}</h1>
          <p className="meta">
            {p.consent === 'profile' ? <span>@{p.handle}</span> : null}
            <span className={`badge badge--consent-${p.consent}`}>
              {t(CONSENT_KEYS[p.consent])}
            </span>
            <span>{t('community.table.levelValue', { level: p.level })}</span>
          </p>
          {p.consent === 'profile' ? (
            <p>
              {t('community.participant.contact')} <a href={`mailto:${p.email}`}>{p.email}</a>
            </p>
          ) : (
            <p className="muted">{t('community.participant.activityOnly')}</p>
          )}
        </div>
      </div>
      <section aria-labelledby="participant-figures" className="section">
        <h2 id="participant-figures">
          {t('community.participant.figures', { brand: brand.name })}
        </h2>
        <dl className="stats community-figures">
          {figures.map(([key, value]) => (
            <div key={key}>
              <dt>{t(key)}</dt>
              <dd>{format.number(value)}</dd>
            </div>
          ))}
        </dl>
        <p className="muted">
          {t('community.participant.active', {
            first: date(firstActiveAt),
            last: date(p.lastActiveAt),
          })}
        </p>
      </section>
      {p.consent === 'profile' ? (
        <section aria-labelledby="participant-interests" className="section">
          <h2 id="participant-interests">
            {t('community.participant.interests', { brand: brand.name })}
          </h2>
          {p.interests.length ? (
            <Tags tags={p.interests.map((i) => i.tag)} />
          ) : (
            <p className="muted">{t('community.table.noInterests')}</p>
          )}
        </section>
      ) : null}
      <section aria-labelledby="participant-ideas" className="section">
        <h2 id="participant-ideas">
          {t('community.participant.ideasHeading', { brand: brand.name })}
        </h2>
        {ideas.length ? (
          <ul className="idea-list" aria-labelledby="participant-ideas">
            {ideas.map((idea) => (
              <ParticipantIdea key={idea.id} idea={idea} />
            ))}
          </ul>
        ) : (
          <EmptyState title={t('community.participant.noIdeas')} />
        )}
      </section>
      <section aria-labelledby="participant-intents" className="section">
        <h2 id="participant-intents">
          {t('community.participant.intentsHeading', { brand: brand.name })}
        </h2>
        {intents.length ? (
          <ul className="idea-list" aria-labelledby="participant-intents">
            {intents.map((intent) => (
              <ParticipantIntent key={intent.id} intent={intent} brandSlug={brand.slug} />
            ))}
          </ul>
        ) : (
          <EmptyState title={t('community.participant.noIntents')} />
        )}
      </section>
    </>
  );
}
