// The Spanish messages: every namespace, imported statically so a missing file fails the build. The
// server uses all of them (app/i18n/messages.ts); the browser loads this module as a chunk of its
// own when a page is in Spanish (app/i18n/browser-messages.ts).
import type { AbstractIntlMessages } from 'use-intl';
import type { Namespace } from '../english';
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

const messages: Record<Namespace, AbstractIntlMessages> = {
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
};

export default messages;
