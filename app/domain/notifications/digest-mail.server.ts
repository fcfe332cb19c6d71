// The digest email, in the recipient's language: a subject, a plain-text body and a simple HTML
// body listing who did what where (absolute links), and unsubscribe links — in the body and in the
// List-Unsubscribe headers (RFC 2369), with RFC 8058's one-click POST.
import { getTranslator, TIME_ZONE, type Translator } from '#app/i18n/translator';
import { isLocale, DEFAULT_LOCALE } from '#app/i18n/locales';
import type { OutgoingMail } from '#app/utils/mail.server';
import { isStage, STAGE_KEYS } from '#app/utils/format';
import type { NotificationKind } from '../../../db/schema';
import { notificationKey, type ModerationNote } from './keys';
import { intentPathOf, intentValues, isIntentKind, type IntentItemFields } from './intent-items';
import { TOPIC_OF_KIND, type DigestFrequency } from './preferences';
import { TOPIC_KEYS } from './topic-keys';
import { unsubscribeToken, type UnsubscribeScope } from './unsubscribe.server';

export type DigestItem = {
  kind: NotificationKind;
  createdAt: Date;
  ideaId: number | null;
  ideaTitle: string | null;
  commentId: number | null;
  commentBody: string | null;
  actorHandle: string | null;
  /** The actor's account was deleted (then actorHandle is null). */
  actorDeleted: boolean;
  challengeTitle: string | null;
  challengeSlug: string | null;
  stage: string | null;
  badge: string | null;
  rank: number | null;
  points: number | null;
  /** For a moderation notice: what it is about, and a suspension's end (ISO). */
  moderation?: ModerationNote | null;
  until?: string | null;
} & Partial<Omit<IntentItemFields, 'kind'>>;

/** The intent fields of an item (absent for items of other kinds). */
const intentFields = (item: DigestItem): IntentItemFields => ({
  kind: item.kind,
  intentId: item.intentId ?? null,
  intentTitle: item.intentTitle ?? null,
  intentForAuthor: item.intentForAuthor ?? false,
  brandName: item.brandName ?? null,
  brandSlug: item.brandSlug ?? null,
  step: item.step ?? null,
  participantHandle: item.participantHandle ?? null,
  participantName: item.participantName ?? null,
});

const escapeHtml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

const EXCERPT = 80;
const excerpt = (body: string) => {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT ? `${flat.slice(0, EXCERPT)}…` : flat;
};

/**
 * Where an item leads, absolute: the idea (and comment), the challenge, the person's badges, or
 * the intent (the author's page of it, or the brand's for a brand member).
 */
function linkOf(item: DigestItem, appUrl: string, handle: string): string {
  if (isIntentKind(item.kind)) {
    const path = intentPathOf(intentFields(item));
    return path ? `${appUrl}${path}` : `${appUrl}/notifications`;
  }
  if (item.kind === 'badge') return `${appUrl}/u/${encodeURIComponent(handle)}#badges`;
  if ((item.kind === 'stage' || item.kind === 'results') && item.challengeSlug)
    return `${appUrl}/challenges/${encodeURIComponent(item.challengeSlug)}${item.kind === 'results' ? '#winners' : ''}`;
  if (item.ideaId)
    return `${appUrl}/ideas/${item.ideaId}${item.commentId ? `#comment-${item.commentId}` : ''}`;
  return `${appUrl}/notifications`;
}

/** One item's sentence; `wrap` puts the actor and the linked part in their markup (or leaves them). */
function sentence(
  t: Translator,
  item: DigestItem,
  text: (s: string) => string,
  wrap: { profile: (chunks: string) => string; link: (chunks: string) => string },
) {
  const anyT = t as unknown as { has(key: string): boolean; (key: string): string };
  const badgeKey = item.badge ? `badges.${item.badge}.name` : null;
  const badge = badgeKey
    ? anyT.has(badgeKey)
      ? anyT(badgeKey)
      : item.badge!.replace(/[_-]+/g, ' ')
    : t('notifications.aBadge');
  const intentWords = intentValues(intentFields(item), {
    aParticipant: t('notifications.aParticipant'),
    anIntent: t('notifications.anIntent'),
    aBrand: t('notifications.aBrand'),
  });
  return t.markup(notificationKey(item.kind, item.moderation), {
    actor: text(
      item.actorHandle
        ? `@${item.actorHandle}`
        : item.actorDeleted
          ? t('mydata.deleted.accountStart')
          : t('notifications.someone'),
    ),
    idea: text(item.ideaTitle ?? t('notifications.anIdea')),
    challenge: text(item.challengeTitle ?? t('notifications.aChallenge')),
    stage: text(item.stage && isStage(item.stage) ? t(STAGE_KEYS[item.stage]) : ''),
    badge: text(badge),
    rank: item.rank ?? 1,
    points: item.points ?? 0,
    until: item.until ? new Date(item.until) : item.createdAt,
    ...intentWords,
    intent: text(intentWords.intent),
    brand: text(intentWords.brand),
    participant: text(intentWords.participant),
    ...wrap,
  });
}

export type DigestMailInput = {
  to: string;
  userId: string;
  handle: string;
  locale: string;
  frequency: DigestFrequency;
  /** The items written out (at most MAIL_ITEMS_LIMIT), oldest first. */
  items: DigestItem[];
  /** How many notifications the digest covers in all. */
  total: number;
  appUrl: string;
  unsubscribeKey: Buffer;
  issuedAt: Date;
};

export function digestMail(input: DigestMailInput): OutgoingMail {
  const locale = isLocale(input.locale) ? input.locale : DEFAULT_LOCALE;
  const t = getTranslator(locale);
  const { appUrl, handle, items, total } = input;
  const unsubscribeUrl = (scope: UnsubscribeScope) =>
    `${appUrl}/unsubscribe?token=${unsubscribeToken(input.unsubscribeKey, {
      userId: input.userId,
      scope,
      issuedAt: input.issuedAt,
    })}`;
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: TIME_ZONE });
  const topics = [...new Set(items.map((i) => TOPIC_OF_KIND[i.kind]))];
  const more = total - items.length;
  const links = {
    notifications: `${appUrl}/notifications`,
    settings: `${appUrl}/settings/notifications`,
    all: unsubscribeUrl('all'),
  };
  const topicLinks = topics.map((topic) => ({
    label: t('mail.digest.unsubscribeTopic', { topic: t(TOPIC_KEYS[topic].label) }),
    url: unsubscribeUrl(topic),
  }));

  const subject = t('mail.digest.subject', { count: total });
  const intro = t('mail.digest.intro', { frequency: input.frequency });
  const greeting = t('mail.digest.greeting', { handle });

  const textLines = items.map((item) => {
    const line = sentence(t, item, (s) => s, { profile: (c) => c, link: (c) => c });
    const quote = item.commentBody ? ` — “${excerpt(item.commentBody)}”` : '';
    return `- ${dates.format(item.createdAt)}: ${line}${quote}\n  ${linkOf(item, appUrl, handle)}`;
  });
  const text = [
    greeting,
    '',
    intro,
    '',
    ...textLines,
    ...(more > 0 ? ['', t('mail.digest.more', { count: more })] : []),
    '',
    `${t('mail.digest.seeAll')}: ${links.notifications}`,
    `${t('mail.digest.settings')}: ${links.settings}`,
    '',
    t('mail.digest.why'),
    ...topicLinks.map((l) => `${l.label}: ${l.url}`),
    `${t('mail.digest.unsubscribeAll')}: ${links.all}`,
    '',
    t('mail.digest.signature'),
  ].join('\n');

  const a = (url: string, label: string) => `<a href="${escapeHtml(url)}">${label}</a>`;
  const htmlItems = items
    .map((item) => {
      const line = sentence(t, item, escapeHtml, {
        profile: (c) => `<strong>${c}</strong>`,
        link: (c) => a(linkOf(item, appUrl, handle), c),
      });
      const quote = item.commentBody
        ? ` <span style="color:#555">— “${escapeHtml(excerpt(item.commentBody))}”</span>`
        : '';
      return `<li style="margin:0 0 8px"><span style="color:#555">${escapeHtml(dates.format(item.createdAt))}</span> · ${line}${quote}</li>`;
    })
    .join('\n');
  const html = `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:system-ui,-apple-system,'Segoe UI',sans-serif;line-height:1.5;color:#1a1a2e;max-width:640px;margin:0 auto;padding:16px">
<p>${escapeHtml(greeting)}</p>
<p>${escapeHtml(intro)}</p>
<ul style="padding-left:20px">
${htmlItems}
</ul>
${more > 0 ? `<p>${escapeHtml(t('mail.digest.more', { count: more }))}</p>` : ''}
<p>${a(links.notifications, escapeHtml(t('mail.digest.seeAll')))} · ${a(links.settings, escapeHtml(t('mail.digest.settings')))}</p>
<hr style="border:none;border-top:1px solid #ddd">
<p style="font-size:13px;color:#555">${escapeHtml(t('mail.digest.why'))}<br>
${[...topicLinks.map((l) => a(l.url, escapeHtml(l.label))), a(links.all, escapeHtml(t('mail.digest.unsubscribeAll')))].join(' · ')}</p>
<p>${escapeHtml(t('mail.digest.signature'))}</p>
</body>
</html>`;

  return {
    to: input.to,
    subject,
    text,
    html,
    headers: {
      'List-Unsubscribe': `<${links.all}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'Auto-Submitted': 'auto-generated',
    },
  };
}
