// What each notification kind says, after the actor's name ("@ana commented on your idea"). Shared
// by the notification list and anything else that words a notification; browser-safe.
import type { NotificationKind } from '../../db/schema';

const WORDING: Record<NotificationKind, string> = {
  vote: 'supported your idea',
  oppose: 'opposed your idea',
  comment: 'commented on your idea',
  reply: 'replied to your comment on',
  mention: 'mentioned you on',
  build: 'built on your idea',
};

export function notificationWording(kind: string): string {
  return (WORDING as Record<string, string>)[kind] ?? 'did something on';
}
