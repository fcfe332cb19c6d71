// The demo content: YAML files under seed/data, read and checked with the domain's own input
// schemas, so a seed file cannot hold what the site's forms would refuse.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { STAGES } from '#app/domain/challenges/policy';
import { brandSchema, type BrandInput } from '#app/domain/brands/schema';
import { challengeSchema } from '#app/domain/challenges/schema';
import { commentSchema } from '#app/domain/comments/schema';
import { ideaSchema, type IdeaInput } from '#app/domain/ideas/schema';
import { handleSchema, signUpSchema, type SignUpInput } from '#app/domain/users/schema';
import { getTranslator } from '#app/i18n/translator';
import { LOCALES, type Locale } from '#app/i18n/locales';
import type { ChallengeStage, UserRole } from '../db/schema';

export const DATA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data');

/** One password for every demo account, printed at start-up. */
export const DEMO_PASSWORD = 'cocrea-demo-2026';

/** In a comment's `by`, the author of the idea it is on. */
export const AUTHOR = 'author';

const lang = z.enum(LOCALES);

/** A domain schema's verdict on one piece of a file, its issues moved to where the piece sits. */
function checkedBy<S extends z.ZodTypeAny>(
  schema: S,
  value: unknown,
  ctx: z.RefinementCtx,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues)
    ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  return z.NEVER;
}

const personFile = z.array(
  z
    .object({
      handle: handleSchema,
      name: z.string(),
      lang,
      role: z.enum(['prosumer', 'moderator', 'admin']).default('prosumer'),
      bio: z.string().max(500).default(''),
    })
    .strict()
    .transform((p, ctx) => ({
      ...p,
      signUp: checkedBy(
        signUpSchema,
        {
          handle: p.handle,
          displayName: p.name,
          email: `${p.handle.replace(/_/g, '.')}@example.com`,
          password: DEMO_PASSWORD,
        },
        ctx,
      ),
    })),
);

const brandFile = z
  .object({ owner: handleSchema, managers: z.array(handleSchema).default([]) })
  .passthrough()
  .transform(({ owner, managers, ...rest }, ctx) => ({
    owner,
    managers,
    input: checkedBy(brandSchema.strict(), rest, ctx),
  }));

const commentBody = (c: { text: string }, ctx: z.RefinementCtx) =>
  void checkedBy(commentSchema, { body: c.text }, ctx);
const replyFields = z
  .object({ by: z.string(), text: z.string(), deletedBy: handleSchema.optional() })
  .strict();
const comment = replyFields
  .extend({ replies: z.array(replyFields.superRefine(commentBody)).default([]) })
  .superRefine(commentBody);

const idea = z
  .object({
    key: z.string().regex(/^[a-z0-9-]+$/),
    by: handleSchema,
    appeal: z.number().min(0).max(1),
    buildsOn: z.string().optional(),
    withdraw: z.boolean().default(false),
    title: z.string(),
    tags: z.string(),
    body: z.string(),
    comments: z.array(comment).default([]),
  })
  .strict()
  .transform(({ title, body, tags, ...rest }, ctx) => ({
    ...rest,
    input: checkedBy(ideaSchema, { title, body, tags }, ctx),
  }));

/** Days from the seeding day (negative: before it) on which each stage begins. */
const schedule = z
  .object({
    opens: z.number().int(),
    voting: z.number().int(),
    review: z.number().int(),
    awarded: z.number().int(),
  })
  .strict()
  .refine((s) => s.opens < s.voting && s.voting < s.review && s.review < s.awarded, {
    message: 'the stages must follow each other: opens < voting < review < awarded',
  });

const challenge = z
  .object({
    title: z.string(),
    stage: z.enum(STAGES as unknown as [ChallengeStage, ...ChallengeStage[]]),
    by: handleSchema,
    movers: z
      .array(handleSchema)
      .max(STAGES.length - 1)
      .optional(),
    schedule,
    tags: z.string(),
    rewardPoints: z.number().int(),
    rewardDescription: z.string(),
    criteria: z.string(),
    maxIdeasPerUser: z.number().int(),
    brief: z.string(),
    ideas: z.array(idea),
  })
  .strict();

const challengeFile = z.array(challenge);

export type Person = z.output<typeof personFile>[number] & { role: UserRole; signUp: SignUpInput };
export type IdeaContent = z.output<typeof idea> & { input: IdeaInput };
export type CommentContent = z.output<typeof comment>;
export type ChallengeContent = z.output<typeof challenge> & {
  language: Locale;
  /** The form input the challenge is created with, its dates left out (they depend on the seeding day). */
  fields: Omit<z.input<typeof challengeSchema>, 'opensAt' | 'votingAt' | 'reviewAt' | 'awardedAt'>;
};
export type BrandContent = {
  key: string;
  owner: string;
  managers: string[];
  input: BrandInput;
  challenges: ChallengeContent[];
};
export type SeedContent = { people: Person[]; brands: BrandContent[] };

export class SeedContentError extends Error {}

function readYaml(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new SeedContentError(`${relative(file)} cannot be read: ${(e as Error).message}`);
  }
  try {
    return parseYaml(text);
  } catch (e) {
    throw new SeedContentError(`${relative(file)} is not valid YAML: ${(e as Error).message}`);
  }
}

const relative = (file: string) => path.relative(process.cwd(), file) || file;

function parseFile<S extends z.ZodTypeAny>(schema: S, file: string): z.output<S> {
  const result = schema.safeParse(readYaml(file));
  if (result.success) return result.data;
  const t = getTranslator('en');
  const lines = result.error.issues.slice(0, 10).map((issue) => {
    // Domain messages are keys into the catalogue; say them as a person would read them.
    const text = issue.message.startsWith('errors.') ? t(issue.message) : issue.message;
    return `  at ${issue.path.join('.') || '(top)'}: ${text}`;
  });
  throw new SeedContentError(
    `${relative(file)} does not hold valid demo content:\n${lines.join('\n')}`,
  );
}

/**
 * Reads every seed file: seed/data/people.yaml and, per brand, seed/data/brands/<key>/brand.yaml
 * with one challenges.<language>.yaml per language its challenges are written in. Cross-references
 * (handles, builds-on keys) are checked too, so a mistake is reported with its file before anything
 * is written.
 */
export function loadSeedContent(dir = DATA_DIR): SeedContent {
  const people = parseFile(personFile, path.join(dir, 'people.yaml')) as Person[];
  const handles = new Set(people.map((p) => p.handle));
  const problems: string[] = [];
  const knownHandle = (handle: string, where: string) => {
    if (!handles.has(handle)) problems.push(`${where} names @${handle}, who is not in people.yaml`);
  };

  const brandsDir = path.join(dir, 'brands');
  const brands: BrandContent[] = [];
  for (const key of readdirSync(brandsDir).sort()) {
    const brandDir = path.join(brandsDir, key);
    const brand = parseFile(brandFile, path.join(brandDir, 'brand.yaml'));
    for (const h of [brand.owner, ...brand.managers])
      knownHandle(h, relative(path.join(brandDir, 'brand.yaml')));
    const challenges: ChallengeContent[] = [];
    for (const name of readdirSync(brandDir).sort()) {
      const match = /^challenges\.([a-z]{2})\.yaml$/.exec(name);
      if (!match) continue;
      const file = path.join(brandDir, name);
      const language = lang.safeParse(match[1]);
      if (!language.success) {
        problems.push(
          `${relative(file)}: "${match[1]}" is not a language the site speaks (${LOCALES.join(', ')})`,
        );
        continue;
      }
      for (const [i, c] of parseFile(challengeFile, file).entries()) {
        const where = `${relative(file)} challenge ${i + 1} ("${c.title}")`;
        const { schedule: _schedule, stage: _stage, by, movers, ideas, ...fields } = c;
        const form = { ...fields, language: language.data };
        const checked = challengeSchema.safeParse(form);
        if (!checked.success)
          for (const issue of checked.error.issues)
            problems.push(
              `${where} at ${issue.path.join('.')}: ${getTranslator('en')(issue.message)}`,
            );
        for (const h of [by, ...(movers ?? [])]) knownHandle(h, where);
        const keys = new Set<string>();
        for (const idea of ideas) {
          const at = `${where}, idea "${idea.key}"`;
          if (keys.has(idea.key)) problems.push(`${at}: the key is used twice in this challenge`);
          if (idea.buildsOn && !keys.has(idea.buildsOn))
            problems.push(`${at} builds on "${idea.buildsOn}", which is not listed before it`);
          keys.add(idea.key);
          knownHandle(idea.by, at);
          for (const top of idea.comments)
            for (const cm of [top, ...top.replies]) {
              if (cm.by !== AUTHOR) knownHandle(cm.by, at);
              if (cm.deletedBy) knownHandle(cm.deletedBy, at);
            }
        }
        challenges.push({ ...c, language: language.data, fields: form });
      }
    }
    brands.push({ key, ...brand, challenges });
  }
  if (problems.length)
    throw new SeedContentError(
      `The demo content has mistakes:\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
  return { people, brands };
}
