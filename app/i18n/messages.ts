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
  },
};

export function messagesFor(locale: Locale): AbstractIntlMessages {
  return MESSAGES[locale];
}
