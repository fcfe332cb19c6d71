// Every message of every locale, imported statically so Vite bundles them and a missing file fails
// the build. A key's first segment is its namespace: `ideas.vote.support` is `vote.support` in
// app/locales/<locale>/ideas.json.
import type { AbstractIntlMessages } from 'use-intl';
import type { Namespace } from './english';
import type { Locale } from './locales';
import { ENGLISH } from './english';
import esAuth from '#app/locales/es/auth.json';
import esBrands from '#app/locales/es/brands.json';
import esChallenges from '#app/locales/es/challenges.json';
import esCommon from '#app/locales/es/common.json';
import esErrors from '#app/locales/es/errors.json';
import esHome from '#app/locales/es/home.json';
import esIdeas from '#app/locales/es/ideas.json';
import esNotifications from '#app/locales/es/notifications.json';
import esProfile from '#app/locales/es/profile.json';
import esBadges from '#app/locales/es/badges.json';
import esLeaderboards from '#app/locales/es/leaderboards.json';
import esMydata from '#app/locales/es/mydata.json';
import esConsent from '#app/locales/es/consent.json';
import esCommunity from '#app/locales/es/community.json';
import esRelationships from '#app/locales/es/relationships.json';
import esSettings from '#app/locales/es/settings.json';
import esMail from '#app/locales/es/mail.json';
import esFlags from '#app/locales/es/flags.json';
import esQueue from '#app/locales/es/queue.json';
import esMerge from '#app/locales/es/merge.json';
import esSuspensions from '#app/locales/es/suspensions.json';
import esAudit from '#app/locales/es/audit.json';
import esSearch from '#app/locales/es/search.json';
import esInsights from '#app/locales/es/insights.json';
import esIntents from '#app/locales/es/intents.json';
import esBrandIntents from '#app/locales/es/brandIntents.json';
import itAuth from '#app/locales/it/auth.json';
import itBrands from '#app/locales/it/brands.json';
import itChallenges from '#app/locales/it/challenges.json';
import itCommon from '#app/locales/it/common.json';
import itErrors from '#app/locales/it/errors.json';
import itHome from '#app/locales/it/home.json';
import itIdeas from '#app/locales/it/ideas.json';
import itNotifications from '#app/locales/it/notifications.json';
import itProfile from '#app/locales/it/profile.json';
import itBadges from '#app/locales/it/badges.json';
import itLeaderboards from '#app/locales/it/leaderboards.json';
import itMydata from '#app/locales/it/mydata.json';
import itConsent from '#app/locales/it/consent.json';
import itCommunity from '#app/locales/it/community.json';
import itRelationships from '#app/locales/it/relationships.json';
import itSettings from '#app/locales/it/settings.json';
import itMail from '#app/locales/it/mail.json';
import itFlags from '#app/locales/it/flags.json';
import itQueue from '#app/locales/it/queue.json';
import itMerge from '#app/locales/it/merge.json';
import itSuspensions from '#app/locales/it/suspensions.json';
import itAudit from '#app/locales/it/audit.json';
import itSearch from '#app/locales/it/search.json';
import itInsights from '#app/locales/it/insights.json';
import itIntents from '#app/locales/it/intents.json';
import itBrandIntents from '#app/locales/it/brandIntents.json';

export { NAMESPACES, type Namespace } from './english';

export const MESSAGES: Record<Locale, Record<Namespace, AbstractIntlMessages>> = {
  en: ENGLISH,
  es: {
    common: esCommon,
    auth: esAuth,
    notifications: esNotifications,
    home: esHome,
    challenges: esChallenges,
    ideas: esIdeas,
    brands: esBrands,
    profile: esProfile,
    errors: esErrors,
    badges: esBadges,
    leaderboards: esLeaderboards,
    mydata: esMydata,
    consent: esConsent,
    community: esCommunity,
    relationships: esRelationships,
    settings: esSettings,
    mail: esMail,
    flags: esFlags,
    queue: esQueue,
    merge: esMerge,
    suspensions: esSuspensions,
    audit: esAudit,
    search: esSearch,
    insights: esInsights,
    intents: esIntents,
    brandIntents: esBrandIntents,
  },
  it: {
    common: itCommon,
    auth: itAuth,
    notifications: itNotifications,
    home: itHome,
    challenges: itChallenges,
    ideas: itIdeas,
    brands: itBrands,
    profile: itProfile,
    errors: itErrors,
    badges: itBadges,
    leaderboards: itLeaderboards,
    mydata: itMydata,
    consent: itConsent,
    community: itCommunity,
    relationships: itRelationships,
    settings: itSettings,
    mail: itMail,
    flags: itFlags,
    queue: itQueue,
    merge: itMerge,
    suspensions: itSuspensions,
    audit: itAudit,
    search: itSearch,
    insights: itInsights,
    intents: itIntents,
    brandIntents: itBrandIntents,
  },
};

export function messagesFor(locale: Locale): AbstractIntlMessages {
  return MESSAGES[locale];
}

/** Namespaces only the server uses (the texts of emails): never sent to the browser. */
const SERVER_ONLY: readonly Namespace[] = ['mail'];

/** The messages the browser gets: this locale's, without the server-only namespaces. */
export function browserMessagesFor(locale: Locale): AbstractIntlMessages {
  const messages: AbstractIntlMessages = { ...MESSAGES[locale] };
  for (const namespace of SERVER_ONLY) delete messages[namespace];
  return messages;
}
