// Cheap, pure Markdown helpers shared by forms, write paths and loaders. The rendering itself lives
// in markdown.server.ts; nothing here parses Markdown, so everything here is linear in the text.
import type { RefinementCtx } from 'zod';
import { inEnglish, type Message } from '#app/domain/core/errors';

/** How deeply quotes, lists and emphasis may nest; real writing never comes close. */
export const MAX_MARKDOWN_DEPTH = 20;

export const TOO_DEEP: Message = {
  key: 'errors.markdown.tooDeep',
  values: { max: MAX_MARKDOWN_DEPTH },
};
export const TOO_DEEP_MESSAGE = inEnglish(TOO_DEEP);

// marked recurses once per nesting level, so thousands of `>`, list markers or `*` in a row
// overflow its stack. A run of delimiters opens at most half as many levels as it has characters.
const MAX_DELIMITER_RUN = 2 * MAX_MARKDOWN_DEPTH;

const FENCE_OPEN = /^ {0,3}(`{3,}(?=[^`]*$)|~{3,})/;
const FENCE_CLOSE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

/** Quote and list markers that open a container at the start of a line, plus its indentation. */
function containerDepth(line: string): number {
  let i = 0;
  let markers = 0;
  let indent = 0;
  for (;;) {
    let width = 0;
    while (line[i] === ' ' || line[i] === '\t') width += line[i++] === '\t' ? 4 : 1;
    if (markers === 0) indent = width;
    const c = line[i];
    if (c === '>') {
      i += 1;
    } else if ((c === '-' || c === '+' || c === '*') && /[ \t]|^$/.test(line[i + 1] ?? '')) {
      i += 1;
    } else {
      const ordered = /^\d{1,9}[.)](?=[ \t]|$)/.exec(line.slice(i, i + 11));
      if (!ordered) break;
      i += ordered[0].length;
    }
    markers += 1;
  }
  // Lists also nest by indentation, two columns or more per level, one marker per line.
  return markers === 0 ? 0 : markers + Math.floor(indent / 2);
}

function longestDelimiterRun(line: string): number {
  let longest = 0;
  let run = 0;
  for (const c of line) {
    run = c === '*' || c === '_' || c === '~' ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/**
 * Why this Markdown nests too deeply to render, or null when it is fine. Linear and conservative:
 * it may count a marker marked would not, never fewer (code inside a fence is skipped).
 */
export function markdownNestingProblem(source: string): string | null {
  let fence: string | null = null;
  for (const line of source.split('\n')) {
    if (fence) {
      const closing = FENCE_CLOSE.exec(line)?.[1];
      if (closing && closing[0] === fence[0] && closing.length >= fence.length) fence = null;
      continue;
    }
    const opening = FENCE_OPEN.exec(line)?.[1];
    if (opening) {
      fence = opening;
      continue;
    }
    if (THEMATIC_BREAK.test(line)) continue;
    if (containerDepth(line) > MAX_MARKDOWN_DEPTH) return TOO_DEEP_MESSAGE;
    if (longestDelimiterRun(line) > MAX_DELIMITER_RUN) return TOO_DEEP_MESSAGE;
  }
  return null;
}

/** For zod's superRefine on a Markdown field: the nesting problem as that field's error. */
export function refuseDeepMarkdown(source: string, ctx: RefinementCtx) {
  const problem = markdownNestingProblem(source);
  if (problem) ctx.addIssue({ code: 'custom', message: TOO_DEEP.key, params: TOO_DEEP.values });
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** The text as it was typed, escaped: paragraphs at blank lines, line breaks kept. Never parses. */
export function plainTextHtml(source: string): string {
  return source
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br />')}</p>`)
    .join('\n');
}

/** Plain text cut to at most `max` characters on a word boundary, with an ellipsis when cut. */
export function shortenExcerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  // A word longer than a third of the excerpt is cut inside rather than dropped whole.
  return `${(space > (max * 2) / 3 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
