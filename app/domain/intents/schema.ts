// The forms of intents (issue 17): the intent itself, a brand's offer, the author's answers, a thread
// message and the brands' list filters. Browser-safe. Rules that need the time (an expiry date
// 1–180 days ahead, an offer valid until today or later) or the database (picked brands that exist)
// are checked by the commands; everything else is checked here, with `errors.intents.*` keys.
import { z } from 'zod';
import type { IntentAccepts, IntentAudience } from '../../../db/schema';
import { MAX_ID } from '#app/domain/core/fields';
import { refuseDeepMarkdown } from '#app/domain/markdown/markdown';

export const INTENT_AUDIENCES = [
  'any',
  'picked',
  'participated',
] as const satisfies readonly IntentAudience[];
export const INTENT_ACCEPTS = ['one', 'several'] as const satisfies readonly IntentAccepts[];
export const INTENT_CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF'] as const;
export type IntentCurrency = (typeof INTENT_CURRENCIES)[number];

export const MAX_INTENT_TAGS = 5;
export const MAX_PICKED_BRANDS = 10;
export const INTENT_TITLE_MIN = 3;
export const INTENT_TITLE_MAX = 140;
export const INTENT_BODY_MAX = 5000;
export const INTENT_PLACE_MAX = 120;
export const OFFER_BODY_MAX = 5000;
export const OFFER_CONDITIONS_MAX = 2000;
export const OFFER_BENEFIT_MAX = 200;
export const DECLINE_REASON_MAX = 500;
export const MESSAGE_MAX = 2000;
/** Amounts are whole units in an int4 column. */
export const MAX_AMOUNT = 100_000_000;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A parsed value, or null when the field is empty or failed its own parse (zod's INVALID). */
const num = (v: unknown) => (typeof v === 'number' ? v : null);
const str = (v: unknown) => (typeof v === 'string' && v ? v : null);

/** True for a real calendar date written YYYY-MM-DD (2030-02-31 is not). */
export function isRealDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** A form string, trimmed; anything that is not a string (or absent) is undefined. */
const text = (typeError = 'errors.field.invalidType') =>
  z.string({ invalid_type_error: typeError }).trim();

/** '' or absent → null; otherwise a real date (YYYY-MM-DD). */
const optionalDay = z
  .string({ invalid_type_error: 'errors.intents.dateFormat' })
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return null;
    if (!isRealDate(v)) {
      ctx.addIssue({ code: 'custom', message: 'errors.intents.dateFormat' });
      return z.NEVER;
    }
    return v;
  });

/** A required date (YYYY-MM-DD). */
const requiredDay = (requiredKey: string) =>
  z
    .string({ required_error: requiredKey, invalid_type_error: 'errors.intents.dateFormat' })
    .trim()
    .transform((v, ctx) => {
      if (!v) {
        ctx.addIssue({ code: 'custom', message: requiredKey });
        return z.NEVER;
      }
      if (!isRealDate(v)) {
        ctx.addIssue({ code: 'custom', message: 'errors.intents.dateFormat' });
        return z.NEVER;
      }
      return v;
    });

/** '' or absent → null; otherwise a whole amount, 0–MAX_AMOUNT, digits only. */
const optionalAmount = z
  .union([z.string(), z.number()], { invalid_type_error: 'errors.intents.amount' })
  .optional()
  .transform((v, ctx) => {
    const s = v === undefined ? '' : String(v).trim();
    if (!s) return null;
    if (!/^\d{1,9}$/.test(s) || Number(s) > MAX_AMOUNT) {
      ctx.addIssue({
        code: 'custom',
        message: 'errors.intents.amount',
        params: { max: MAX_AMOUNT },
      });
      return z.NEVER;
    }
    return Number(s);
  });

/** '' or absent → null; otherwise one of INTENT_CURRENCIES. */
const optionalCurrency = z
  .string({ invalid_type_error: 'errors.intents.currency' })
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return null;
    const upper = v.toUpperCase();
    if (!(INTENT_CURRENCIES as readonly string[]).includes(upper)) {
      ctx.addIssue({ code: 'custom', message: 'errors.intents.currency' });
      return z.NEVER;
    }
    return upper as IntentCurrency;
  });

/** '' or absent → null; otherwise trimmed text of at most `max` characters. */
const optionalText = (max: number, key: string) =>
  z
    .string({ invalid_type_error: 'errors.field.invalidType' })
    .trim()
    .max(max, key)
    .optional()
    .transform((v) => (v ? v : null));

/** "Hotel, Valencia,  june" → ["hotel", "valencia", "june"]; at most MAX_INTENT_TAGS. */
const intentTags = z
  .union([z.string(), z.array(z.string())], { invalid_type_error: 'errors.intents.tagsFormat' })
  .optional()
  .transform((v) => {
    const raw = Array.isArray(v) ? v.join(',') : (v ?? '');
    const tags = raw
      .split(/[,#\n]/)
      .map((t) => t.trim().toLowerCase().replace(/\s+/g, '-'))
      .filter(Boolean);
    return [...new Set(tags)];
  })
  .refine((tags) => tags.length <= MAX_INTENT_TAGS, {
    message: 'errors.intents.tagsTooMany',
    params: { max: MAX_INTENT_TAGS },
  })
  .refine(
    (tags) => tags.every((t) => /^[\p{L}\p{N}-]{2,30}$/u.test(t)),
    'errors.intents.tagsFormat',
  );

/** One brand id or several (repeated form fields), each digits only, no duplicates. */
const brandIdsField = z
  .union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))], {
    invalid_type_error: 'errors.intents.brandIds',
  })
  .optional()
  .transform((v, ctx) => {
    const list = v === undefined ? [] : Array.isArray(v) ? v : [v];
    const ids: number[] = [];
    for (const item of list) {
      const s = String(item).trim();
      if (!s) continue;
      if (!/^\d{1,10}$/.test(s) || Number(s) < 1 || Number(s) > MAX_ID) {
        ctx.addIssue({ code: 'custom', message: 'errors.intents.brandIds' });
        return z.NEVER;
      }
      ids.push(Number(s));
    }
    return [...new Set(ids)];
  });

const choice = <T extends readonly [string, ...string[]]>(values: T, key: string) =>
  z.enum(values as unknown as [T[number], ...T[number][]], { errorMap: () => ({ message: key }) });

export const intentFormSchema = z
  .object({
    title: text()
      .pipe(
        z
          .string()
          .min(INTENT_TITLE_MIN, 'errors.intents.titleLength')
          .max(INTENT_TITLE_MAX, 'errors.intents.titleLength'),
      )
      .optional()
      .refine((v) => v !== undefined, 'errors.intents.titleRequired')
      .transform((v) => v!),
    body: text()
      .optional()
      .transform((v) => v ?? '')
      .pipe(
        z
          .string()
          .min(1, 'errors.intents.bodyRequired')
          .max(INTENT_BODY_MAX, 'errors.intents.bodyLength')
          .superRefine(refuseDeepMarkdown),
      ),
    tags: intentTags,
    place: optionalText(INTENT_PLACE_MAX, 'errors.intents.placeLength'),
    startsOn: optionalDay,
    endsOn: optionalDay,
    budgetMin: optionalAmount,
    budgetMax: optionalAmount,
    currency: optionalCurrency,
    audience: choice(INTENT_AUDIENCES, 'errors.intents.audience'),
    brandIds: brandIdsField,
    accepts: choice(INTENT_ACCEPTS, 'errors.intents.accepts'),
    contactEmail: text()
      .optional()
      .transform((v) => v ?? '')
      .pipe(z.string().min(1, 'errors.intents.contactEmailRequired'))
      .pipe(
        z.string().max(254, 'errors.intents.contactEmail').email('errors.intents.contactEmail'),
      ),
    expiresOn: requiredDay('errors.intents.expiresOnRequired')
      .optional()
      .refine((v) => v !== undefined, 'errors.intents.expiresOnRequired'),
    intent: z
      .enum(['save', 'publish'], { errorMap: () => ({ message: 'errors.intents.submit' }) })
      .optional()
      .transform((v) => v ?? 'save'),
  })
  .superRefine((v, ctx) => {
    // A field that failed its own parse holds no value here: only well-formed ones are compared.
    const min = num(v.budgetMin);
    const max = num(v.budgetMax);
    const currency = str(v.currency);
    if (str(v.startsOn) && str(v.endsOn) && v.startsOn! > v.endsOn!)
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'errors.intents.window' });
    if (min !== null && max !== null && min > max)
      ctx.addIssue({ code: 'custom', path: ['budgetMax'], message: 'errors.intents.budgetOrder' });
    const amount = min !== null || max !== null;
    if (amount && v.currency === null)
      ctx.addIssue({
        code: 'custom',
        path: ['currency'],
        message: 'errors.intents.currencyNeeded',
      });
    if (v.budgetMin === null && v.budgetMax === null && currency)
      ctx.addIssue({ code: 'custom', path: ['budgetMin'], message: 'errors.intents.amountNeeded' });
    if (v.audience === 'picked' && Array.isArray(v.brandIds)) {
      if (!v.brandIds.length)
        ctx.addIssue({ code: 'custom', path: ['brandIds'], message: 'errors.intents.pickBrands' });
      else if (v.brandIds.length > MAX_PICKED_BRANDS)
        ctx.addIssue({
          code: 'custom',
          path: ['brandIds'],
          message: 'errors.intents.tooManyBrands',
          params: { max: MAX_PICKED_BRANDS },
        });
    }
  })
  .transform(({ expiresOn, ...v }) => ({
    ...v,
    expiresOn: expiresOn!,
    // Only a `picked` audience names brands; any other ignores what the form held.
    brandIds: v.audience === 'picked' ? v.brandIds : [],
  }));
export type IntentInput = z.infer<typeof intentFormSchema>;

export const offerFormSchema = z
  .object({
    body: text()
      .optional()
      .transform((v) => v ?? '')
      .pipe(
        z
          .string()
          .min(1, 'errors.intents.offerBodyRequired')
          .max(OFFER_BODY_MAX, 'errors.intents.offerBodyLength')
          .superRefine(refuseDeepMarkdown),
      ),
    conditions: text()
      .max(OFFER_CONDITIONS_MAX, 'errors.intents.conditionsLength')
      .optional()
      .transform((v) => v ?? ''),
    price: optionalAmount,
    currency: optionalCurrency,
    benefit: optionalText(OFFER_BENEFIT_MAX, 'errors.intents.benefitLength'),
    validUntil: requiredDay('errors.intents.validUntilRequired')
      .optional()
      .refine((v) => v !== undefined, 'errors.intents.validUntilRequired'),
  })
  .superRefine((v, ctx) => {
    if (num(v.price) !== null && v.currency === null)
      ctx.addIssue({
        code: 'custom',
        path: ['currency'],
        message: 'errors.intents.currencyNeeded',
      });
    if (v.price === null && str(v.currency))
      ctx.addIssue({ code: 'custom', path: ['price'], message: 'errors.intents.priceNeeded' });
    if (v.price === null && v.benefit === null)
      ctx.addIssue({ code: 'custom', path: ['price'], message: 'errors.intents.priceOrBenefit' });
  })
  .transform(({ validUntil, ...v }) => ({ ...v, validUntil: validUntil! }));
export type OfferInput = z.infer<typeof offerFormSchema>;

export const declineSchema = z.object({
  reason: optionalText(DECLINE_REASON_MAX, 'errors.intents.reasonLength'),
});
export type DeclineInput = z.infer<typeof declineSchema>;

export const messageSchema = z.object({
  body: text()
    .optional()
    .transform((v) => v ?? '')
    .pipe(
      z
        .string()
        .min(1, 'errors.intents.messageRequired')
        .max(MESSAGE_MAX, 'errors.intents.messageLength'),
    ),
});
export type MessageInput = z.infer<typeof messageSchema>;

export const MAX_INTENT_PAGE = 200;

/** The filters of a brand's intent list, from URL search params (absent or '' = no filter). */
export const brandIntentsQuerySchema = z
  .object({
    tag: z
      .string()
      .trim()
      .max(30, 'errors.intents.tagsFormat')
      .optional()
      .transform((v) => (v ? v.toLowerCase().replace(/^#/, '') : null)),
    place: optionalText(INTENT_PLACE_MAX, 'errors.intents.placeLength'),
    from: optionalDay,
    to: optionalDay,
    budget: optionalAmount,
    page: z.coerce.number().int().min(1).max(MAX_INTENT_PAGE).catch(1),
  })
  .superRefine((v, ctx) => {
    if (str(v.from) && str(v.to) && v.from! > v.to!)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'errors.intents.window' });
  });
export type BrandIntentsQuery = z.infer<typeof brandIntentsQuerySchema>;
