import { describe, expect, it } from 'vitest';
import { slugify, withSuffix } from '#app/domain/core/slugs';

describe('slugify', () => {
  it('lowercases words and joins them with single hyphens', () => {
    expect(slugify('Reduce Plastic   Packaging!')).toBe('reduce-plastic-packaging');
    expect(slugify('  --Hello,  World--  ')).toBe('hello-world');
  });

  it('folds accents to plain ASCII', () => {
    expect(slugify('Idée créative para niños, città')).toBe('idee-creative-para-ninos-citta');
  });

  it('drops characters that have no ASCII form', () => {
    expect(slugify('Tokyo 東京 2026')).toBe('tokyo-2026');
  });

  it('falls back to "item" when nothing usable is left', () => {
    expect(slugify('')).toBe('item');
    expect(slugify('!!! ???')).toBe('item');
    expect(slugify('東京')).toBe('item');
  });

  it('cuts long titles to the maximum length without a trailing hyphen', () => {
    const slug = slugify('word '.repeat(30));
    expect(slug.length).toBeLessThanOrEqual(60);
    expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(slugify('abcd efgh', 5)).toBe('abcd');
    expect(slugify('abcdefgh', 5)).toBe('abcde');
  });

  it('turns markup into harmless words', () => {
    expect(slugify('<script>alert("x")</script>')).toBe('script-alert-x-script');
  });

  it('always produces a slug the brands table accepts', () => {
    for (const title of ['A', 'a--b', '__x__', 'Ünïcödé', '1 2 3', '-']) {
      expect(slugify(title)).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });
});

describe('withSuffix', () => {
  it('appends the suffix after a hyphen', () => {
    expect(withSuffix('reuse-cups', 'k3x9qa')).toBe('reuse-cups-k3x9qa');
  });

  it('cuts the slug, not the suffix, to stay within the maximum length', () => {
    const slug = withSuffix(slugify('word '.repeat(30)), 'k3x9qa');
    expect(slug.length).toBeLessThanOrEqual(60);
    expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*-k3x9qa$/);
    expect(withSuffix('abcd-efgh', 'k3x9qa', 11)).toBe('abcd-k3x9qa');
  });
});
