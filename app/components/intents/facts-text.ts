// An intent's time window, budget and last day for offers in words: one wording for the author's
// page and the brand's (the `intents.details` keys). Days are calendar dates, shown in UTC as stored.
import { useFormatter, useTranslations } from 'use-intl';

type Window = { startsOn: string | null; endsOn: string | null };
type Budget = { budgetMin: number | null; budgetMax: number | null; currency: string | null };

export function useIntentFactsText() {
  const t = useTranslations();
  const format = useFormatter();
  const day = (d: string) =>
    format.dateTime(new Date(`${d}T00:00:00Z`), { dateStyle: 'medium', timeZone: 'UTC' });
  const money = (amount: number, currency: string) =>
    format.number(amount, { style: 'currency', currency, maximumFractionDigits: 0 });
  return {
    day,
    money,
    /** "4 Jun 2027 – 11 Jun 2027", "From …", "Until …", or null when no day is given. */
    window({ startsOn, endsOn }: Window): string | null {
      if (startsOn && endsOn)
        return t('intents.details.windowRange', { from: day(startsOn), to: day(endsOn) });
      if (startsOn) return t('intents.details.windowFrom', { from: day(startsOn) });
      if (endsOn) return t('intents.details.windowUntil', { to: day(endsOn) });
      return null;
    },
    /** "€500 – €800", "From …", "Up to …", one amount when both ends agree, or null. */
    budget({ budgetMin: min, budgetMax: max, currency }: Budget): string | null {
      if (currency === null) return null;
      if (min !== null && max !== null)
        return min === max
          ? money(min, currency)
          : t('intents.details.budgetRange', {
              min: money(min, currency),
              max: money(max, currency),
            });
      if (min !== null) return t('intents.details.budgetFrom', { min: money(min, currency) });
      if (max !== null) return t('intents.details.budgetUpTo', { max: money(max, currency) });
      return null;
    },
    /** The last day an intent takes offers: expires_at is the end of that day. */
    lastDay(expiresAt: string): string {
      return format.dateTime(new Date(new Date(expiresAt).getTime() - 1), {
        dateStyle: 'medium',
        timeZone: 'UTC',
      });
    },
  };
}
