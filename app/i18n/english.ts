// The English messages alone: what the browser falls back to when the root loader's data (which
// carries the page's messages) is missing, without bundling every other language.
import type { AbstractIntlMessages } from 'use-intl';
import enAuth from '#app/locales/en/auth.json';
import enBrands from '#app/locales/en/brands.json';
import enChallenges from '#app/locales/en/challenges.json';
import enCommon from '#app/locales/en/common.json';
import enErrors from '#app/locales/en/errors.json';
import enHome from '#app/locales/en/home.json';
import enIdeas from '#app/locales/en/ideas.json';
import enNotifications from '#app/locales/en/notifications.json';
import enProfile from '#app/locales/en/profile.json';
import enBadges from '#app/locales/en/badges.json';
import enLeaderboards from '#app/locales/en/leaderboards.json';
import enMydata from '#app/locales/en/mydata.json';
import enConsent from '#app/locales/en/consent.json';
import enCommunity from '#app/locales/en/community.json';
import enRelationships from '#app/locales/en/relationships.json';
import enSettings from '#app/locales/en/settings.json';
import enMail from '#app/locales/en/mail.json';
import enFlags from '#app/locales/en/flags.json';
import enQueue from '#app/locales/en/queue.json';
import enMerge from '#app/locales/en/merge.json';
import enSuspensions from '#app/locales/en/suspensions.json';
import enAudit from '#app/locales/en/audit.json';
import enSearch from '#app/locales/en/search.json';
import enInsights from '#app/locales/en/insights.json';
import enIntents from '#app/locales/en/intents.json';
import enBrandIntents from '#app/locales/en/brandIntents.json';

export const NAMESPACES = [
  'common',
  'auth',
  'notifications',
  'home',
  'challenges',
  'ideas',
  'brands',
  'profile',
  'errors',
  'badges',
  'leaderboards',
  'mydata',
  'consent',
  'community',
  'relationships',
  'settings',
  'mail',
  'flags',
  'queue',
  'merge',
  'suspensions',
  'audit',
  'search',
  'insights',
  'intents',
  'brandIntents',
] as const;

export type Namespace = (typeof NAMESPACES)[number];

export const ENGLISH: Record<Namespace, AbstractIntlMessages> = {
  common: enCommon,
  auth: enAuth,
  notifications: enNotifications,
  home: enHome,
  challenges: enChallenges,
  ideas: enIdeas,
  brands: enBrands,
  profile: enProfile,
  errors: enErrors,
  badges: enBadges,
  leaderboards: enLeaderboards,
  mydata: enMydata,
  consent: enConsent,
  community: enCommunity,
  relationships: enRelationships,
  settings: enSettings,
  mail: enMail,
  flags: enFlags,
  queue: enQueue,
  merge: enMerge,
  suspensions: enSuspensions,
  audit: enAudit,
  search: enSearch,
  insights: enInsights,
  intents: enIntents,
  brandIntents: enBrandIntents,
};
