// The message catalogues: every language has exactly English's keys, none empty, every message is
// valid ICU with the same arguments as English, and every key is used somewhere in the code (keys
// are always written out in full, so an unused key is dead text nobody will ever see).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isStructurallySame, parse } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '#app/i18n/locales';
import { MESSAGES, NAMESPACES } from '#app/i18n/messages';

const root = path.resolve(import.meta.dirname, '../..');

type Tree = { [key: string]: Tree | string };

/** Full dotted key → message. */
function flatten(tree: Tree, prefix: string, out = new Map<string, unknown>()) {
  for (const [key, value] of Object.entries(tree)) {
    const full = `${prefix}.${key}`;
    if (value !== null && typeof value === 'object') flatten(value, full, out);
    else out.set(full, value);
  }
  return out;
}

function catalogue(locale: (typeof LOCALES)[number]) {
  const out = new Map<string, unknown>();
  for (const ns of NAMESPACES) flatten(MESSAGES[locale][ns] as Tree, ns, out);
  return out;
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) sourceFiles(file, out);
    else if (/\.(ts|tsx|js|mjs)$/.test(name)) out.push(file);
  }
  return out;
}

const english = catalogue('en');

describe.each(LOCALES.filter((l) => l !== 'en'))('%s', (locale) => {
  const messages = catalogue(locale);

  it('has exactly the English keys', () => {
    const keys = (m: Map<string, unknown>) => [...m.keys()].sort();
    expect(keys(messages)).toEqual(keys(english));
  });

  it('has no empty message', () => {
    const empty = [...messages].filter(([, v]) => typeof v !== 'string' || !v.trim());
    expect(empty.map(([k]) => k)).toEqual([]);
  });

  it('uses the same ICU arguments as English in every message', () => {
    const different: string[] = [];
    for (const [key, value] of messages) {
      const en = english.get(key);
      if (typeof value !== 'string' || typeof en !== 'string') continue;
      const same = isStructurallySame(parse(en), parse(value));
      if (!same.success) different.push(`${key}: ${same.error?.message}`);
    }
    expect(different).toEqual([]);
  });
});

describe('every catalogue', () => {
  it.each(LOCALES)('%s: every message is valid ICU', (locale) => {
    const broken: string[] = [];
    for (const [key, value] of catalogue(locale)) {
      try {
        parse(String(value));
      } catch (error) {
        broken.push(`${key}: ${(error as Error).message}`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('English keys', () => {
  it('are each used as a string literal in app/, realtime/ or jobs/', () => {
    const sources = ['app', 'realtime', 'jobs']
      .flatMap((dir) => sourceFiles(path.join(root, dir)))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const unused = [...english.keys()].filter(
      (key) => !["'", '"', '`'].some((q) => sources.includes(`${q}${key}${q}`)),
    );
    expect(unused).toEqual([]);
  });
});
