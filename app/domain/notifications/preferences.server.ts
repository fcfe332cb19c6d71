// Reading and saving what a person wants to be told about (topics × in the app / digest / off) and
// how often their digest comes. notify() reads the same table in its one statement.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.server';
import { mailSettings, notificationPreferences } from '../../../db/schema';
import { nowFrom, type Timed } from '#app/domain/core/clock';
import { invalid } from '#app/domain/core/errors';
import {
  DEFAULT_CHANNEL,
  DEFAULT_FREQUENCY,
  TOPICS,
  type DigestFrequency,
  type NotificationChannel,
  type NotificationTopic,
  type Preferences,
} from './preferences';
import { leaveDigest, lockPerson } from './unsubscribe.server';

/** The person's choices, with the quiet defaults where they chose nothing. */
export async function preferencesOf(db: Db, userId: string): Promise<Preferences> {
  const rows = await db
    .select({ topic: notificationPreferences.topic, channel: notificationPreferences.channel })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId));
  const [settings] = await db
    .select({ frequency: mailSettings.digestFrequency })
    .from(mailSettings)
    .where(eq(mailSettings.userId, userId));
  const channels = { ...DEFAULT_CHANNEL };
  for (const row of rows) channels[row.topic] = row.channel;
  return { channels, frequency: settings?.frequency ?? DEFAULT_FREQUENCY };
}

export type PreferencesInput = {
  channels: Partial<Record<NotificationTopic, NotificationChannel>>;
  /** Left as it is when not given (the page does not send it while email is off). */
  frequency?: DigestFrequency;
};

/**
 * Saves the person's choices for the topics given (and the digest frequency, if given). Only their
 * own: the user id comes from the session. `emailEnabled` false (no SMTP on this site) refuses the
 * digest, since it would never come. A topic that leaves the digest takes with it what waited for
 * the next one. A row's updated_at moves only when its value changes (an unsubscribe link issued
 * before that change no longer touches it).
 */
export async function savePreferences(
  db: Db,
  {
    userId,
    input,
    emailEnabled,
    ...timed
  }: { userId: string; input: PreferencesInput; emailEnabled: boolean } & Timed,
): Promise<Preferences> {
  const now = nowFrom(timed);
  const given = TOPICS.filter((topic) => input.channels[topic] !== undefined);
  if (!emailEnabled && given.some((topic) => input.channels[topic] === 'digest'))
    throw invalid('errors.notificationSettings.emailOff');
  return db.transaction(async (tx) => {
    await lockPerson(tx, userId);
    const before = await preferencesOf(tx, userId);
    if (given.length)
      await tx
        .insert(notificationPreferences)
        .values(
          given.map((topic) => ({
            userId,
            topic,
            channel: input.channels[topic]!,
            updatedAt: now,
          })),
        )
        .onConflictDoUpdate({
          target: [notificationPreferences.userId, notificationPreferences.topic],
          set: { channel: sql`excluded.channel`, updatedAt: sql`excluded.updated_at` },
          setWhere: sql`${notificationPreferences.channel} is distinct from excluded.channel`,
        });
    if (input.frequency)
      await tx
        .insert(mailSettings)
        .values({ userId, digestFrequency: input.frequency, updatedAt: now })
        .onConflictDoUpdate({
          target: mailSettings.userId,
          set: { digestFrequency: input.frequency, updatedAt: now },
        });
    const leaving = given.filter(
      (topic) => before.channels[topic] === 'digest' && input.channels[topic] !== 'digest',
    );
    await leaveDigest(tx, userId, leaving);
    return preferencesOf(tx, userId);
  });
}

/** Sets some topics for a person without the form (the seed, tests): the same rules otherwise. */
export async function setTopics(
  db: Db,
  userId: string,
  channels: PreferencesInput['channels'],
  options: { frequency?: DigestFrequency } & Timed = {},
) {
  return savePreferences(db, {
    userId,
    input: { channels, frequency: options.frequency },
    emailEnabled: true,
    clock: options.clock,
  });
}
