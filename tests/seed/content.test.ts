import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATA_DIR, loadSeedContent, SeedContentError } from '../../seed/content';
import { planSeed, seededRandom } from '../../seed/plan';

const copies: string[] = [];
afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the real seed data with one file changed by `edit`. */
function dataWith(file: string, edit: (text: string) => string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'cocrea-seed-'));
  copies.push(dir);
  cpSync(DATA_DIR, dir, { recursive: true });
  const target = path.join(dir, file);
  writeFileSync(target, edit(readFileSync(target, 'utf8')));
  return dir;
}

describe('seed content', () => {
  it('loads the shipped files: people, three brands, challenges in three languages', () => {
    const content = loadSeedContent();
    expect(content.people.length).toBeGreaterThanOrEqual(20);
    expect(content.brands.map((b) => b.key)).toEqual(['aurora', 'brisa', 'verdana']);
    const languages = new Set(content.brands.flatMap((b) => b.challenges.map((c) => c.language)));
    expect([...languages].sort()).toEqual(['en', 'es', 'it']);
  });

  it('checks ideas and challenges with the domain schemas and names the file and place of a mistake', () => {
    const idea = dataWith('brands/verdana/challenges.en.yaml', (text) =>
      text.replace('title: Laundry sheets in a compostable paper sleeve', 'title: Hi'),
    );
    expect(() => loadSeedContent(idea)).toThrow(SeedContentError);
    expect(() => loadSeedContent(idea)).toThrow(
      /challenges\.en\.yaml does not hold valid demo content:\n\s+at 0\.ideas\.0\.title: Titles are 5–120 characters/,
    );
    const challenge = dataWith('brands/verdana/challenges.en.yaml', (text) =>
      text.replace('rewardPoints: ', 'rewardPoints: -'),
    );
    expect(() => loadSeedContent(challenge)).toThrow(
      /challenges\.en\.yaml challenge 1 \("Packaging-free laundry: how would you make it work\?"\) at rewardPoints: /,
    );
  });

  it('refuses a handle nobody has, a builds-on that comes later, and a language the site does not speak', () => {
    const unknown = dataWith('brands/brisa/brand.yaml', (t) =>
      t.replace('owner: isabel_navarro', 'owner: nobody_here'),
    );
    expect(() => loadSeedContent(unknown)).toThrow(
      /brand\.yaml names @nobody_here, who is not in people\.yaml/,
    );

    const later = dataWith('brands/brisa/challenges.es.yaml', (t) =>
      t.replace(/key: llave-movil/, 'key: llave-movil\n      buildsOn: consigna'),
    );
    expect(() => loadSeedContent(later)).toThrow(
      /builds on "consigna", which is not listed before it/,
    );

    const french = dataWith('brands/aurora/brand.yaml', (t) => t);
    renameSync(
      path.join(french, 'brands/aurora/challenges.it.yaml'),
      path.join(french, 'brands/aurora/challenges.fr.yaml'),
    );
    expect(() => loadSeedContent(french)).toThrow(/"fr" is not a language the site speaks/);
  });

  it('refuses unknown fields, wrong types and broken YAML', () => {
    const extra = dataWith('people.yaml', (t) =>
      t.replace('name: Alex Morgan', 'name: Alex Morgan\n  age: 34'),
    );
    expect(() => loadSeedContent(extra)).toThrow(
      /people\.yaml does not hold valid demo content:\n\s+at 0: Unrecognized key/,
    );
    const wrongType = dataWith('brands/brisa/challenges.es.yaml', (t) =>
      t.replace('appeal: 0.85', 'appeal: lots'),
    );
    expect(() => loadSeedContent(wrongType)).toThrow(/at 0\.ideas\.0\.appeal: Expected number/);
    const missing = dataWith('people.yaml', (t) => t);
    rmSync(path.join(missing, 'people.yaml'));
    expect(() => loadSeedContent(missing)).toThrow(/people\.yaml cannot be read: ENOENT/);
    const broken = dataWith('people.yaml', (t) => `${t}\n  - : [`);
    expect(() => loadSeedContent(broken)).toThrow(/people\.yaml is not valid YAML/);
  });
});

describe('seed plan', () => {
  const content = loadSeedContent();
  const now = new Date('2026-06-15T12:00:00Z');
  const steps = planSeed(content, now, seededRandom(1));

  it('puts every step in time order, none after now, spread over more than 20 days', () => {
    for (let i = 1; i < steps.length; i++)
      expect(steps[i]!.at).toBeGreaterThanOrEqual(steps[i - 1]!.at);
    expect(steps.at(-1)!.at).toBeLessThan(now.getTime());
    const days = new Set(steps.map((s) => new Date(s.at).toISOString().slice(0, 10)));
    expect(days.size).toBeGreaterThan(20);
  });

  it('signs each person up before anything they do, and creates what a step uses before it', () => {
    const joined = new Set<string>();
    const made = new Set<string>();
    const need = (ref: { kind: string; key: string } | null) => {
      if (ref) expect(made.has(`${ref.kind}:${ref.key}`), `${ref.kind} ${ref.key}`).toBe(true);
    };
    for (const { by, action } of steps) {
      if (action.type === 'signUp') {
        joined.add(action.handle);
        continue;
      }
      expect(joined.has(by), `@${by} acts before joining`).toBe(true);
      if (action.type === 'addManager') expect(joined.has(action.handle)).toBe(true);
      if ('brand' in action && action.type !== 'createBrand') need(action.brand);
      if ('challenge' in action && action.type !== 'createChallenge') need(action.challenge);
      if ('idea' in action && action.type !== 'submitIdea') need(action.idea);
      if (action.type === 'submitIdea') need(action.buildsOn);
      if (action.type === 'addComment') need(action.parent);
      if (action.type === 'deleteComment') need(action.comment);
      if ('ref' in action) made.add(`${action.ref.kind}:${action.ref.key}`);
    }
  });

  it('is the same for the same content, day and random seed', () => {
    expect(planSeed(content, now, seededRandom(1))).toEqual(steps);
  });
});
