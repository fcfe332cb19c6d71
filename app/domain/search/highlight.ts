// ts_headline marks matched words with text markers, never with HTML: its output is the row's own
// text (which may hold "<script>" or "&"), so it is split here into plain pieces that React
// renders as text, the matched ones inside <mark>. Nothing from the database is ever used as HTML.
import type { Segment } from './schema';

/**
 * The markers ts_headline puts around matches: private-use characters, which the stored text is
 * cleared of before highlighting (queries.server.ts), so no one can forge a mark.
 */
export const MARK_START = '\uE000';
export const MARK_STOP = '\uE001';

/** Markdown's markup characters, which would show as noise in a snippet of the source text. */
const MARKDOWN_NOISE = /(?:\*{1,3}|_{2,3}|`+|~~|^#{1,6}\s|^>\s?|^[-+]\s|\]\([^)\s]*\)|\[)/gm;

/** A highlighted text's pieces, in order; adjacent pieces of the same kind are joined. */
export function segmentsOf(highlighted: string, options: { markdown?: boolean } = {}): Segment[] {
  const pieces: Segment[] = [];
  const push = (text: string, mark: boolean) => {
    if (!text) return;
    const last = pieces.at(-1);
    if (last && last.mark === mark) last.text += text;
    else pieces.push({ text, mark });
  };
  let text = highlighted;
  if (options.markdown) text = text.replace(MARKDOWN_NOISE, '');
  text = text.replace(/\s+/g, ' ');
  let mark = false;
  for (const part of text.split(new RegExp(`(${MARK_START}|${MARK_STOP})`))) {
    if (part === MARK_START) mark = true;
    else if (part === MARK_STOP) mark = false;
    else push(part, mark);
  }
  if (pieces[0]) pieces[0].text = pieces[0].text.trimStart();
  const last = pieces.at(-1);
  if (last) last.text = last.text.trimEnd();
  return pieces.filter((p) => p.text);
}
