// Markdown to HTML that is safe to inject, rendered once when the text is written (never in a
// loader). marked is not linear: hostile input can take seconds or overflow its stack, so it runs
// in a worker thread with a time limit, and anything that fails is stored as escaped plain text.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { sql, type Column } from 'drizzle-orm';
import { markdownNestingProblem, plainTextHtml, shortenExcerpt } from './markdown';

/** Long enough for every preview and meta description; shorter ones are cut from it. */
export const EXCERPT_LENGTH = 300;
/** Real text renders in milliseconds; the slowest hostile 10 kB found took 1.7 s. */
export const RENDER_TIMEOUT_MS = 1000;
/** Starting a worker loads marked and sanitize-html; generous, since a busy machine is slow. */
const STARTUP_TIMEOUT_MS = 15_000;
/** Texts are written now and then; an idle worker is let go rather than kept for hours. */
const IDLE_MS = 60_000;

/**
 * sanitize-html options, as data so they can cross into the worker: `renameTags` and
 * `setAttributes` become its transformTags there.
 */
export const SANITIZE = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'em',
    'del',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'h2',
    'h3',
    'h4',
    'hr',
    'a',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  // 'rel' must be allowed or sanitize-html strips the rel that setAttributes adds below.
  allowedAttributes: { a: ['href', 'title', 'rel'], th: ['align'], td: ['align'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  disallowedTagsMode: 'escape',
  // Headings in user content start below the page's own h1.
  renameTags: { h1: 'h2' },
  setAttributes: { a: { rel: 'nofollow ugc noopener noreferrer' } },
};

// Plain JavaScript evaluated as the worker's script, so it runs the same under tsx, vitest and the
// Vite server bundle. It imports marked and sanitize-html by the absolute URLs the main thread found.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
Promise.all([import(workerData.markedUrl), import(workerData.sanitizeUrl)]).then(([markedModule, sanitizeModule]) => {
  const sanitizeHtml = sanitizeModule.default;
  const marked = new markedModule.Marked({ gfm: true, breaks: true, async: false });
  const { renameTags, setAttributes, ...rest } = workerData.sanitize;
  const transformTags = { ...renameTags };
  for (const [tag, attributes] of Object.entries(setAttributes))
    transformTags[tag] = sanitizeHtml.simpleTransform(tag, attributes);
  const options = { ...rest, transformTags };
  const textOnly = { allowedTags: [], allowedAttributes: {} };
  const entities = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };
  parentPort.on('message', (source) => {
    try {
      const raw = marked.parse(source);
      // sanitize-html returns HTML-escaped text; pages escape again, so decode to real plain text.
      const text = sanitizeHtml(raw, textOnly).replace(/&(amp|lt|gt|quot|#39);/g, (_, name) => entities[name]);
      parentPort.postMessage({ html: sanitizeHtml(raw, options), text });
    } catch (error) {
      parentPort.postMessage({ error: String((error && error.message) || error) });
    }
  });
  parentPort.postMessage({ ready: true });
});
`;

type Reply = { ready: true } | { html: string; text: string } | { error: string };

function workerData() {
  const require = createRequire(import.meta.url);
  return {
    markedUrl: pathToFileURL(require.resolve('marked')).href,
    sanitizeUrl: pathToFileURL(require.resolve('sanitize-html')).href,
    sanitize: SANITIZE,
  };
}

type RenderWorker = { worker: Worker; ready: Promise<void> };
let current: RenderWorker | null = null;

function spawn(): RenderWorker {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: workerData(),
    // A render that eats memory ends its worker (and falls back to plain text), not the server.
    resourceLimits: { maxOldGenerationSizeMb: 256 },
  });
  // An idle renderer never keeps the process alive.
  worker.unref();
  const ready = new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('exit', () => reject(new Error('The Markdown worker stopped while starting.')));
  });
  worker.on('error', (error) => {
    console.warn('Markdown worker failed:', error.message);
    discard(worker);
  });
  ready.catch(() => discard(worker));
  return { worker, ready };
}

function discard(worker: Worker) {
  if (current?.worker === worker) current = null;
  void worker.terminate();
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms.`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

async function renderInWorker(source: string, timeoutMs: number) {
  current ??= spawn();
  const { worker, ready } = current;
  try {
    await within(ready, STARTUP_TIMEOUT_MS, 'Starting the Markdown worker');
  } catch (error) {
    discard(worker);
    throw error;
  }
  const reply = new Promise<Reply>((resolve, reject) => {
    const settle = (done: () => void) => {
      worker.off('message', onMessage);
      worker.off('exit', onExit);
      done();
    };
    const onMessage = (message: Reply) => settle(() => resolve(message));
    const onExit = () => settle(() => reject(new Error('The Markdown worker stopped.')));
    worker.on('message', onMessage);
    worker.on('exit', onExit);
    worker.postMessage(source);
  });
  try {
    const result = await within(reply, timeoutMs, 'Rendering Markdown');
    if ('error' in result) throw new Error(result.error);
    if ('ready' in result) throw new Error('The Markdown worker answered out of turn.');
    return result;
  } catch (error) {
    // Terminating is the only way to stop a render that runs away; the next one starts afresh.
    discard(worker);
    throw error;
  }
}

export type RenderedMarkdown = { html: string; excerpt: string };

export type RenderOptions = {
  /** Characters of plain text kept as the excerpt. */
  excerptLength?: number;
  timeoutMs?: number;
};

function asPlainText(source: string, excerptLength: number): RenderedMarkdown {
  return { html: plainTextHtml(source), excerpt: shortenExcerpt(source, excerptLength) };
}

async function renderNow(source: string, options: RenderOptions): Promise<RenderedMarkdown> {
  const excerptLength = options.excerptLength ?? EXCERPT_LENGTH;
  // Input validation refuses this already; rows written before it (or by other paths) land here.
  if (markdownNestingProblem(source)) return asPlainText(source, excerptLength);
  try {
    const { html, text } = await renderInWorker(source, options.timeoutMs ?? RENDER_TIMEOUT_MS);
    return { html, excerpt: shortenExcerpt(text, excerptLength) };
  } catch (error) {
    console.warn(
      `Markdown (${source.length} characters) stored as plain text: ${error instanceof Error ? error.message : String(error)}`,
    );
    return asPlainText(source, excerptLength);
  }
}

let queue: Promise<unknown> = Promise.resolve();
let idleTimer: ReturnType<typeof setTimeout> | undefined;

function stopWhenIdle() {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    if (current) discard(current.worker);
  }, IDLE_MS);
  idleTimer.unref();
}

/**
 * Sanitised HTML and a plain-text excerpt of a Markdown text, for storing beside it. Never throws
 * and never blocks the event loop: renders run one at a time in a worker, each bounded in time.
 */
export function renderMarkdown(
  source: string,
  options: RenderOptions = {},
): Promise<RenderedMarkdown> {
  if (!source.trim()) return Promise.resolve({ html: '', excerpt: '' });
  clearTimeout(idleTimer);
  // One at a time, so each render's time limit measures its own work, not a queue.
  const result = queue.then(() => renderNow(source, options));
  queue = result.catch(() => {});
  // Only the last render in the queue arms the timer; an earlier one finishing must not.
  const mine = queue;
  void mine.then(() => {
    if (queue === mine) stopWhenIdle();
  });
  return result;
}

/** A stored excerpt for list queries, or the start of the raw text for rows not yet backfilled. */
export function storedExcerpt(excerpt: Column, source: Column) {
  return sql<string>`coalesce(${excerpt}, left(${source}, ${EXCERPT_LENGTH}))`;
}
