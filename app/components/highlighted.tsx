import type { Segment } from '#app/domain/search/schema';

/**
 * Highlighted search text: every piece is rendered as text (React escapes it), the matched ones
 * inside <mark>. The pieces come from app/domain/search/highlight.ts, never as HTML.
 */
export function Highlighted({ segments }: { segments: Segment[] }) {
  return <>{segments.map((s, i) => (s.mark ? <mark key={i}>{s.text}</mark> : s.text))}</>;
}
