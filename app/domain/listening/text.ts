// The words of an idea or comment without what is not language: Markdown syntax, code, links and
// @mentions would otherwise count as English-looking n-grams and as lexicon words. Pure and linear,
// so language detection and sentiment never parse Markdown.

const FENCED_CODE = /^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:\n {0,3}\1[^\n]*|$)/gm;
const INLINE_CODE = /`[^`\n]*`/g;
const HTML_TAG = /<\/?[a-z][^>\n]*>/gi;
// A Markdown link or image keeps its text and loses its address.
const LINK = /!?\[([^\]\n]*)\]\([^)\n]*\)/g;
const URL = /\b(?:https?:\/\/|www\.)\S+/gi;
const EMAIL = /\b\S+@\S+\.\S+/g;
const MENTION = /(^|[^\w@])@[\w.-]+/g;
// Line-start markers (headings, quotes, list bullets and numbers) and emphasis characters.
const LINE_MARKERS = /^[ \t]*(?:#{1,6}[ \t]+|>[ \t>]*|[-+*][ \t]+|\d{1,9}[.)][ \t]+)/gm;
const EMPHASIS = /[*_~]{1,3}/g;

/** The prose of a Markdown or plain text, one space between runs. */
export function plainText(markdown: string): string {
  return markdown
    .replace(FENCED_CODE, ' ')
    .replace(INLINE_CODE, ' ')
    .replace(HTML_TAG, ' ')
    .replace(LINK, '$1')
    .replace(URL, ' ')
    .replace(EMAIL, ' ')
    .replace(MENTION, '$1')
    .replace(LINE_MARKERS, '')
    .replace(EMPHASIS, '')
    .replace(/\s+/g, ' ')
    .trim();
}
