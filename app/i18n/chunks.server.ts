// Where each locale's messages chunk (app/i18n/bundles/<locale>.ts) was built, read once from the
// client build's manifest, so a page can ask the browser to fetch its locale's chunk alongside the
// entry script (<link rel="modulepreload">) rather than after it. Without a production build (the
// Vite dev server, tests) there is no manifest, and pages simply preload nothing.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LOCALES, type Locale } from './locales';

const MANIFEST = path.resolve('build/.vite/client-manifest.json');

let chunks: Partial<Record<Locale, string>> | null = null;

function readChunks(): Partial<Record<Locale, string>> {
  let manifest: Record<string, { file?: string }>;
  try {
    manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as typeof manifest;
  } catch {
    return {};
  }
  const out: Partial<Record<Locale, string>> = {};
  for (const locale of LOCALES) {
    const file = manifest[`app/i18n/bundles/${locale}.ts`]?.file;
    if (file) out[locale] = `/${file}`;
  }
  return out;
}

/** The address of `locale`'s messages chunk in this build, or null when there is none. */
export function messagesChunk(locale: Locale): string | null {
  chunks ??= readChunks();
  return chunks[locale] ?? null;
}
