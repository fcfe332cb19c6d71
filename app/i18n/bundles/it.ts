// The Italian messages: every namespace, imported statically so a missing file fails the build. The
// server uses all of them (app/i18n/messages.ts); the browser loads this module as a chunk of its
// own when a page is in Italian (app/i18n/browser-messages.ts).
import type { AbstractIntlMessages } from 'use-intl';
import type { Namespace } from '../english';
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

const messages: Record<Namespace, AbstractIntlMessages> = {
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
};

export default messages;
