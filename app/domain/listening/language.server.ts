// The language an idea or comment is written in (en, es, it), detected from its text when it is
// written (issue 16). eld (an n-gram detector, offline) restricted to the three content languages;
// when the text is too short or too ambiguous to tell, the caller's fallback (the challenge's
// language for an idea, the idea's for a comment) is the better guess.
import type { eld as Eld } from 'eld/small';
import { CONTENT_LANGUAGES, type ContentLanguage } from '../../../db/schema/columns';
import { plainText } from './text';

/**
 * Below this many letters the detector guesses: "Idea", "Hotel", "Perfecto" or "Grazie" are
 * shared or borrowed words, and a one-line "Love it!" is better given its idea's language.
 */
export const MIN_LETTERS = 12;

/**
 * eld's scores are averages of n-gram weights, roughly 0.3 to 0.9 here. When the best is not this
 * far above the runner-up the text is vocabulary Spanish and Italian share ("La pasta al limone":
 * it 0.78, es 0.75; "Bella idea": 0.005 apart) and the fallback is the better guess. Of the 90
 * short test sentences (tests/unit/language.test.ts) the closest call is 0.041 apart, the next 0.084.
 */
export const MIN_MARGIN = 0.03;

type Detector = ReturnType<typeof Eld.newInstance>;
let loading: Promise<Detector> | null = null;

/**
 * eld, loaded on first use: its n-gram tables take a second or more to load, which a process that
 * never detects anything (most test files, a server that only reads) should not pay at start. An
 * instance of our own: its subset is not shared with any other user of eld in the process.
 */
function detector(): Promise<Detector> {
  loading ??= import('eld/small').then(({ eld }) => {
    const instance = eld.newInstance();
    instance.setLanguageSubset([...CONTENT_LANGUAGES]);
    return instance;
  });
  return loading;
}

function isContentLanguage(value: string): value is ContentLanguage {
  return (CONTENT_LANGUAGES as readonly string[]).includes(value);
}

export type Detection = { language: ContentLanguage; detected: boolean };

/** The language of a text and whether it was detected (false: the fallback was used). */
export async function detectLanguageOf(
  text: string,
  fallback: ContentLanguage,
): Promise<Detection> {
  const prose = plainText(text);
  const letters = prose.match(/\p{L}/gu)?.length ?? 0;
  if (letters < MIN_LETTERS) return { language: fallback, detected: false };
  const result = (await detector()).detect(prose);
  if (!isContentLanguage(result.language) || !result.isReliable())
    return { language: fallback, detected: false };
  const [best = 0, second = 0] = Object.values(result.getScores()).sort((a, b) => b - a);
  if (best - second < MIN_MARGIN) return { language: fallback, detected: false };
  return { language: result.language, detected: true };
}

export async function detectLanguage(
  text: string,
  fallback: ContentLanguage,
): Promise<ContentLanguage> {
  return (await detectLanguageOf(text, fallback)).language;
}

/** A stored or chosen language code as a content language, if it is one (a user's locale, say). */
export function asContentLanguage(value: string | null | undefined): ContentLanguage | null {
  return value && isContentLanguage(value) ? value : null;
}
