// The message keys that name topics, channels and frequencies (the settings page, the unsubscribe
// page and the digest mail). Browser-safe.
import type { DigestFrequency, NotificationChannel, NotificationTopic } from './preferences';

export const TOPIC_KEYS = {
  votes: { label: 'settings.topic.votes.label', hint: 'settings.topic.votes.hint' },
  comments: { label: 'settings.topic.comments.label', hint: 'settings.topic.comments.hint' },
  replies: { label: 'settings.topic.replies.label', hint: 'settings.topic.replies.hint' },
  mentions: { label: 'settings.topic.mentions.label', hint: 'settings.topic.mentions.hint' },
  builds: { label: 'settings.topic.builds.label', hint: 'settings.topic.builds.hint' },
  follows: { label: 'settings.topic.follows.label', hint: 'settings.topic.follows.hint' },
  stages: { label: 'settings.topic.stages.label', hint: 'settings.topic.stages.hint' },
  rewards: { label: 'settings.topic.rewards.label', hint: 'settings.topic.rewards.hint' },
  moderation: {
    label: 'settings.topic.moderation.label',
    hint: 'settings.topic.moderation.hint',
  },
  intents: { label: 'settings.topic.intents.label', hint: 'settings.topic.intents.hint' },
} as const satisfies Record<NotificationTopic, { label: string; hint: string }>;

export const CHANNEL_KEYS = {
  in_app: 'settings.channel.in_app',
  digest: 'settings.channel.digest',
  off: 'settings.channel.off',
} as const satisfies Record<NotificationChannel, string>;

export const FREQUENCY_KEYS = {
  daily: 'settings.frequency.daily',
  weekly: 'settings.frequency.weekly',
} as const satisfies Record<DigestFrequency, string>;
