// The demo content: YAML files under seed/data, read and checked with the domain's own input
// schemas, so a seed file cannot hold what the site's forms would refuse.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { STAGES } from '#app/domain/challenges/policy';
import { brandSchema, type BrandInput } from '#app/domain/brands/schema';
import { challengeSchema, prizesText } from '#app/domain/challenges/schema';
import { commentSchema } from '#app/domain/comments/schema';
import { communityFilterSchema, segmentNameSchema } from '#app/domain/community/schema';
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

/** A segment of the brand's community its owner saved: a name and the filter (as the page stores it). */
const savedSegment = z.object({ name: segmentNameSchema, filter: communityFilterSchema }).strict();

const brandFile = z
  .object({
    owner: handleSchema,
    managers: z.array(handleSchema).default([]),
    segment: savedSegment.optional(),
  })
  .passthrough()
  .transform(({ owner, managers, segment, ...rest }, ctx) => ({
    owner,
    managers,
    segment,
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

/**
 * How a challenge that reached review was judged: the ideas shortlisted (by key), the winners by
 * rank (first place first) once awarded, and the notes of the rewards already fulfilled, by rank.
 * Scores are drawn from each idea's appeal (seed/plan.ts).
 */
const judging = z
  .object({
    shortlist: z.array(z.string()).min(1),
    winners: z.array(z.string()).default([]),
    fulfilled: z.record(z.string().regex(/^[1-9]$/), z.string().min(1).max(500)).default({}),
  })
  .strict();

const prize = z
  .object({ points: z.number().int().min(0), item: z.string().max(200).default('') })
  .strict();

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
    /** The pool split by rank (first place first). */
    prizes: z.array(prize).default([]),
    maxIdeasPerUser: z.number().int(),
    brief: z.string(),
    ideas: z.array(idea),
    judging: judging.optional(),
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
  segment?: z.output<typeof savedSegment>;
  input: BrandInput;
  challenges: ChallengeContent[];
};
export type SeedContent = { people: Person[]; brands: BrandContent[] };

export class SeedContentError extends Error {}

/**
 * What the judging of a challenge may name: its own live ideas, shortlisted only once it reached
 * review, winners (one per prize, from the shortlist) only once awarded.
 */
function judgingProblems(c: z.output<typeof challenge>, where: string): string[] {
  const problems: string[] = [];
  const stage = STAGES.indexOf(c.stage);
  const j = c.judging;
  if (!j) {
    if (stage >= STAGES.indexOf('awarded'))
      problems.push(`${where}: an awarded challenge needs its judging`);
    return problems;
  }
  if (stage < STAGES.indexOf('review'))
    problems.push(`${where}: only a challenge in review or later is judged`);
  const live = new Map(c.ideas.filter((i) => !i.withdraw).map((i) => [i.key, i]));
  for (const key of j.shortlist)
    if (!live.has(key))
      problems.push(`${where}: the shortlist names "${key}", not a live idea of it`);
  if (new Set(j.shortlist).size !== j.shortlist.length)
    problems.push(`${where}: the shortlist names an idea twice`);
  if (stage >= STAGES.indexOf('awarded')) {
    if (j.winners.length !== Math.max(1, c.prizes.length))
      problems.push(`${where}: name one winner per prize (${c.prizes.length})`);
  } else if (j.winners.length) problems.push(`${where}: winners come with the award`);
  for (const key of j.winners)
    if (!j.shortlist.includes(key))
      problems.push(`${where}: the winner "${key}" is not shortlisted`);
  if (new Set(j.winners).size !== j.winners.length)
    problems.push(`${where}: a winner is named twice`);
  for (const rank of Object.keys(j.fulfilled))
    if (Number(rank) > j.winners.length)
      problems.push(`${where}: no winner of rank ${rank} to fulfil`);
  return problems;
}

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

/** A zod issue as a person reads it: domain messages are keys into the catalogue, with values. */
function inWords(issue: z.ZodIssue, t = getTranslator('en')): string {
  if (!issue.message.startsWith('errors.')) return issue.message;
  const params = 'params' in issue ? (issue.params as Record<string, string | number>) : undefined;
  return t(issue.message, params);
}

const relative = (file: string) => path.relative(process.cwd(), file) || file;

function parseFile<S extends z.ZodTypeAny>(schema: S, file: string): z.output<S> {
  const result = schema.safeParse(readYaml(file));
  if (result.success) return result.data;
  const t = getTranslator('en');
  const lines = result.error.issues.slice(0, 10).map((issue) => {
    // Domain messages are keys into the catalogue; say them as a person would read them.
    const text = inWords(issue, t);
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
        const {
          schedule: _schedule,
          stage: _stage,
          by,
          movers,
          ideas,
          judging: _judging,
          prizes,
          ...fields
        } = c;
        const form = { ...fields, prizes: prizesText(prizes), language: language.data };
        const checked = challengeSchema.safeParse(form);
        if (!checked.success)
          for (const issue of checked.error.issues)
            problems.push(`${where} at ${issue.path.join('.')}: ${inWords(issue)}`);
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
        problems.push(...judgingProblems(c, where));
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
