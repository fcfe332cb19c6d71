// The notification settings form: one field per topic (in_app, digest or off) and the digest
// frequency. Nothing else is accepted, so a crafted field is refused rather than ignored.
import { z } from 'zod';
import { CHANNELS, FREQUENCIES, TOPICS, type NotificationTopic } from './preferences';

const channelField = z.enum(CHANNELS, {
  errorMap: () => ({ message: 'errors.notificationSettings.channel' }),
});

const topicFields = Object.fromEntries(TOPICS.map((topic) => [topic, channelField])) as Record<
  NotificationTopic,
  typeof channelField
>;

export const notificationSettingsSchema = z
  .object({
    ...topicFields,
    // Not sent while email is off (the control is disabled): the saved frequency stays.
    frequency: z
      .enum(FREQUENCIES, {
        errorMap: () => ({ message: 'errors.notificationSettings.frequency' }),
      })
      .optional(),
  })
  .strict('errors.notificationSettings.unknownField');

export type NotificationSettingsForm = z.infer<typeof notificationSettingsSchema>;
