// @mentions in comment text: one pattern for the server (who is notified) and the page (what is linked).
import { HANDLE_PATTERN } from '#app/domain/users/schema';

/**
 * "@handle" not glued to a word or another "@" before it (so a@b.com mentions no one) and not
 * running on into more handle characters after it (so a 31-character run is no handle at all).
 */
const MENTION = new RegExp(`(?:^|[^\\w@])@(${HANDLE_PATTERN})\\b`, 'g');

/** At most this many people are notified from one comment. */
export const MAX_MENTIONS = 10;

/** Handles mentioned in a text as @handle (at most 10, lower-cased, each once). */
export function mentionedHandles(text: string): string[] {
  const handles = new Set<string>();
  for (const m of text.matchAll(MENTION)) {
    handles.add(m[1]!.toLowerCase());
    if (handles.size >= MAX_MENTIONS) break;
  }
  return [...handles];
}

export type TextPart = { text: string } | { handle: string };

/** The text cut into plain runs and @mentions (the "@" not included), in order, for linking. */
export function splitMentions(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  for (const m of text.matchAll(MENTION)) {
    const handle = m[1]!;
    // The match may start with the character before the "@"; the mention is its last 1 + n chars.
    const start = m.index! + m[0].length - handle.length - 1;
    if (start > at) parts.push({ text: text.slice(at, start) });
    parts.push({ handle });
    at = start + handle.length + 1;
  }
  if (at < text.length) parts.push({ text: text.slice(at) });
  return parts;
}
