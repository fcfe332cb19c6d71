// Preferences for tests: notifications are quiet by default (only replies, mentions and rewards), so
// a test about another kind first says its person wants to hear about it — through the same command
// the settings page uses.
import type { Db } from '../../db/client.server';
import type { Clock } from '#app/domain/core/clock';
import {
  TOPICS,
  type DigestFrequency,
  type NotificationChannel,
  type NotificationTopic,
} from '#app/domain/notifications/preferences';
import { setTopics } from '#app/domain/notifications/preferences.server';

/** `userId` hears of `topics` (default: every topic) through `channel` (default: in the app). */
export async function hearsAbout(
  db: Db,
  userId: string,
  topics: readonly NotificationTopic[] = TOPICS,
  channel: NotificationChannel = 'in_app',
  options: { frequency?: DigestFrequency; clock?: Clock } = {},
) {
  await setTopics(db, userId, Object.fromEntries(topics.map((topic) => [topic, channel])), options);
}
