// What a person can choose about notifications: topics, each covering some notification kinds, and
// for each whether it comes in the app, also in the email digest, or not at all. Quiet by default:
// only what is addressed to the person (replies, mentions) and their rewards. Browser-safe: the
// settings page and notify() read the same table.
import type {
  DigestFrequency,
  NotificationChannel,
  NotificationKind,
  NotificationTopic,
} from '../../../db/schema';

export type { DigestFrequency, NotificationChannel, NotificationTopic };

/** In the order the settings page lists them. */
export const TOPICS = [
  'replies',
  'mentions',
  'comments',
  'votes',
  'builds',
  'rewards',
  'follows',
  'stages',
  'moderation',
  'intents',
] as const satisfies readonly NotificationTopic[];

export const CHANNELS = [
  'in_app',
  'digest',
  'off',
] as const satisfies readonly NotificationChannel[];

export const FREQUENCIES = ['daily', 'weekly'] as const satisfies readonly DigestFrequency[];

export const DEFAULT_FREQUENCY: DigestFrequency = 'daily';

/** Which topic a kind of notification belongs to. Badges go with rewards: both are "you earned". */
export const TOPIC_OF_KIND = {
  vote: 'votes',
  oppose: 'votes',
  comment: 'comments',
  reply: 'replies',
  mention: 'mentions',
  build: 'builds',
  shortlisted: 'rewards',
  reward: 'rewards',
  reward_fulfilled: 'rewards',
  reward_revoked: 'rewards',
  badge: 'rewards',
  results: 'follows',
  stage: 'stages',
  moderation: 'moderation',
  merged: 'moderation',
  offer: 'intents',
  offer_answer: 'intents',
  intent_message: 'intents',
  intent_expired: 'intents',
} as const satisfies Record<NotificationKind, NotificationTopic>;

/** What a topic is when the person never chose: no row in notification_preferences. */
export const DEFAULT_CHANNEL: Record<NotificationTopic, NotificationChannel> = {
  replies: 'in_app',
  mentions: 'in_app',
  rewards: 'in_app',
  comments: 'off',
  votes: 'off',
  builds: 'off',
  follows: 'off',
  stages: 'off',
  // What moderation did to one's own content or votes is always worth knowing.
  moderation: 'in_app',
  // Offers on one's own intents and the answers to one's offers: the point of posting one.
  intents: 'in_app',
};

/** The kinds a topic covers. */
export function kindsOfTopic(topic: NotificationTopic): NotificationKind[] {
  return (Object.keys(TOPIC_OF_KIND) as NotificationKind[]).filter(
    (kind) => TOPIC_OF_KIND[kind] === topic,
  );
}

export type Preferences = {
  channels: Record<NotificationTopic, NotificationChannel>;
  frequency: DigestFrequency;
};

export const isTopic = (value: unknown): value is NotificationTopic =>
  typeof value === 'string' && (TOPICS as readonly string[]).includes(value);
