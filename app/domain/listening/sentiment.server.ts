// The sentiment of an idea or comment in its own language (issue 16): offline, deterministic, from
// the lexicons shipped in npm packages (AFINN-165 from `sentiment` for English; @nlpjs/lang-es's
// translated AFINN with ML-Senticon's surer words for Spanish; the Pattern lexicon from
// @nlpjs/lang-it for Italian; @nlpjs's Snowball stemmers and stop-word lists for the last two). The packages' own scorers are not used: `sentiment` negates
// only the word right after "not" ("not a good idea" scores positive) and its `extras` option
// writes into the shared lexicon; @nlpjs compares its negation words with *stemmed* tokens (so
// "nunca", stemmed "nunc", never negates), flips everything after a negator to the end of the text,
// and ships no Italian negations at all ("Non mi piace questo design" scores positive). One small
// scorer below treats the three languages alike. docs/decisions/021-listening-and-search.md.
import { createRequire } from 'node:module';
import type { ContentLanguage } from '../../../db/schema/columns';
import { plainText } from './text';

export type Sentiment = -1 | 0 | 1;
export type SentimentResult = { sentiment: Sentiment; score: number };

/**
 * The neutral band: a text whose score is within ±this is neutral. Every lexicon value is on one
 * scale (-1 to 1; AFINN's -5..5 divided by 5), so one word of mild feeling ("like" 0.4, "gusta"
 * 0.27, "piace" 0.33) is enough to leave the band, and a single faint one ("mejor" in a question,
 * 0.1) is not. Tuned on tests/fixtures/sentiment (the rule, not the texts; see the decision record).
 */
export const NEUTRAL_BAND = 0.2;

/**
 * A negator turns the first feeling within the next few words of its clause: "non mi piace",
 * "not a good idea".
 */
const NEGATION_SCOPE = 3;

/**
 * After "but" the writer's real opinion follows: what came before counts half, what follows one and
 * a half times (the rule VADER uses). "Nice idea, but the queues would be terrible" is a complaint.
 */
const BEFORE_CONTRAST = 0.5;
const AFTER_CONTRAST = 1.5;

type LanguageModel = {
  /** The lexicon value (-1..1) of a lower-cased token, if it has one. */
  value(token: string): number | undefined;
  /** Function words: never looked up (stemmed, "que" and "un" collide with scored stems). */
  stopwords: ReadonlySet<string>;
  /** Lower-cased, accents kept ("né" negates, Italian "ne" does not). */
  negators: ReadonlySet<string>;
  contrasts: ReadonlySet<string>;
};

const require = createRequire(import.meta.url);
type Stemmer = { stemWord(word: string): string };
type StemmerClass = new () => Stemmer;
const afinn = require('sentiment/languages/en/labels.json') as Record<string, number>;
type StopwordsClass = new () => { dictionary: Record<string, unknown> };
const spanish = require('@nlpjs/lang-es') as {
  StemmerEs: StemmerClass;
  StopwordsEs: StopwordsClass;
  SentimentEs: { senticon: Record<string, number>; afinn: Record<string, number> };
};
const italian = require('@nlpjs/lang-it') as {
  StemmerIt: StemmerClass;
  StopwordsIt: StopwordsClass;
  SentimentIt: { pattern: Record<string, number> };
};

/** People often type Spanish and Italian without accents; the stemmed lexicons are accentless. */
function foldAccents(word: string) {
  return word.normalize('NFD').replace(/\p{M}/gu, '');
}

/**
 * Words the lexicons score that this product uses neutrally, and feedback words they lack (values
 * on the -1..1 scale). Product words: AFINN has "challenge" -1 and "winner" +4, Senticon "reto"
 * -0.375, "marca" (brand) -0.25 and "premio" +0.5, Pattern "vincitore" +0.25 and "serve" ("is
 * needed", in every proposal) -0.25: here they name the product's things, not feelings. Feedback
 * words: price ("expensive", "caro"; Pattern even has Italian "caro" +0.33, as "dear") and whether
 * a thing works, so that "doesn't work" / "no funciona" can be negated at all; "demasiado"
 * (Senticon +0.375) means "too much", as Pattern's "troppo" (-0.33) does; "peccato" ("a pity")
 * is missing from Pattern while Senticon has "pena" -0.46.
 */
const DOMAIN: Record<ContentLanguage, Record<string, number>> = {
  en: {
    challenge: 0,
    challenges: 0,
    winner: 0,
    winners: 0,
    win: 0,
    award: 0,
    reward: 0,
    rewards: 0,
    vote: 0,
    expensive: -0.4,
    overpriced: -0.4,
    works: 0.2,
    worked: 0.2,
  },
  es: {
    reto: 0,
    desafío: 0,
    marca: 0,
    ganador: 0,
    premio: 0,
    recompensa: 0,
    puntos: 0,
    caro: -0.4,
    costoso: -0.4,
    funciona: 0.25,
    demasiado: -0.25,
  },
  it: {
    vincitore: 0,
    premio: 0,
    punti: 0,
    serve: 0,
    caro: -0.4,
    peccato: -0.5,
  },
};

/** English has no stemmer here: "crashed" and "wastes" are found as "crash" and "waste". */
function englishValue(lexicon: Map<string, number>, token: string) {
  const word = token.replace(/'s$/, '');
  const direct = lexicon.get(word);
  if (direct !== undefined) return direct;
  for (const [suffix, replacement] of [
    ['ies', 'y'],
    ['es', ''],
    ['s', ''],
    ['ed', ''],
    ['ed', 'e'],
    ['ing', ''],
    ['ing', 'e'],
  ] as const) {
    if (word.length > suffix.length + 2 && word.endsWith(suffix)) {
      const base = lexicon.get(word.slice(0, -suffix.length) + replacement);
      if (base !== undefined) return base;
    }
  }
  return undefined;
}

function english(): LanguageModel {
  const lexicon = new Map<string, number>();
  for (const [word, value] of Object.entries(afinn)) lexicon.set(word, value / 5);
  for (const [word, value] of Object.entries(DOMAIN.en)) lexicon.set(word, value);
  return {
    value: (token) => englishValue(lexicon, token),
    stopwords: new Set(),
    negators: new Set([
      ...['not', 'no', 'never', 'none', 'nobody', 'nothing', 'neither', 'nor', 'without'],
      ...['hardly', 'cannot', 'cant', 'dont', 'doesnt', 'didnt', 'isnt', 'wasnt', 'arent'],
      ...['werent', 'wont', 'wouldnt', 'couldnt', 'shouldnt', 'havent', 'hasnt', 'aint'],
    ]),
    contrasts: new Set(['but', 'however', 'although', 'though', 'yet']),
  };
}

/** A stemmed lexicon: a token is folded, stemmed and looked up; domain words are stemmed alike. */
function stemmed(
  stemmer: Stemmer,
  lexicon: Record<string, number>,
  domain: Record<string, number>,
): LanguageModel['value'] {
  const stem = (word: string) => stemmer.stemWord(foldAccents(word));
  const overrides = new Map(Object.entries(domain).map(([word, value]) => [stem(word), value]));
  const cache = new Map<string, number | undefined>();
  return (token) => {
    if (cache.has(token)) return cache.get(token);
    const key = stem(token);
    const value = overrides.has(key) ? overrides.get(key) : lexicon[key];
    if (cache.size < 50_000) cache.set(token, value);
    return value;
  };
}

/**
 * Translated AFINN (the stems @nlpjs ships, -5..5 scaled to -1..1, like English), with ML-Senticon
 * filling its gaps only where Senticon is sure (|value| >= 0.5): its weaker levels give everyday
 * nouns a polarity ("punto" +0.25, "vidrio" -0.375, "que" -0.375), so a plain proposal summed to
 * a feeling. AFINN's translation also left stems that in Spanish are everyday words: "con" (with,
 * -5), "perr" (perro, -5), "sol" (sol, solo, solar, +2), "mar" (sea, -2), "ir" (to go, -3), "son"
 * (they are), "si" (if), "sal" (salt, salida), "lleg" (to arrive), "dio" and "des" (gave, give).
 */
const SPANISH_AFINN_MISREAD = [
  'con',
  'perr',
  'sol',
  'mar',
  'ir',
  'son',
  'si',
  'sal',
  'lleg',
  'dio',
  'des',
];
const SENTICON_SURE = 0.4;

function spanishLexicon(): Record<string, number> {
  const lexicon: Record<string, number> = {};
  for (const [stem, value] of Object.entries(spanish.SentimentEs.senticon))
    if (Math.abs(value) >= SENTICON_SURE) lexicon[stem] = value;
  for (const [stem, value] of Object.entries(spanish.SentimentEs.afinn)) lexicon[stem] = value / 5;
  for (const stem of SPANISH_AFINN_MISREAD) delete lexicon[stem];
  return lexicon;
}

function spanishModel(): LanguageModel {
  return {
    value: stemmed(new spanish.StemmerEs(), spanishLexicon(), DOMAIN.es),
    stopwords: new Set(Object.keys(new spanish.StopwordsEs().dictionary)),
    negators: new Set([
      ...['no', 'nunca', 'jamás', 'jamas', 'ni', 'nada', 'nadie', 'ningún', 'ningun'],
      ...['ninguno', 'ninguna', 'tampoco', 'sin'],
    ]),
    contrasts: new Set(['pero', 'aunque', 'sino']),
  };
}

function italianModel(): LanguageModel {
  return {
    value: stemmed(new italian.StemmerIt(), italian.SentimentIt.pattern, DOMAIN.it),
    stopwords: new Set(Object.keys(new italian.StopwordsIt().dictionary)),
    // @nlpjs ships this list empty. "né" only with its accent: "ne" is also a pronoun.
    negators: new Set([
      ...['non', 'mai', 'nessun', 'nessuno', 'nessuna', 'niente', 'nulla', 'né'],
      ...['nemmeno', 'neanche', 'neppure', 'senza'],
    ]),
    contrasts: new Set(['ma', 'però', 'pero', 'tuttavia', 'eppure']),
  };
}

const MODELS: Record<ContentLanguage, LanguageModel> = {
  en: english(),
  es: spanishModel(),
  it: italianModel(),
};

/** Emoji say the same in every language. */
const EMOJI: Record<string, number> = {
  '👍': 0.4,
  '👏': 0.4,
  '🙌': 0.4,
  '🎉': 0.4,
  '❤': 0.4,
  '💚': 0.4,
  '😍': 0.6,
  '😊': 0.4,
  '🙂': 0.2,
  '😀': 0.4,
  '😃': 0.4,
  '😄': 0.4,
  '👎': -0.4,
  '🙁': -0.2,
  '😞': -0.4,
  '😢': -0.4,
  '😠': -0.6,
  '😡': -0.6,
  '🤮': -0.6,
  '💩': -0.6,
};

// Words (with an inner apostrophe for English "don't"), emoji, and the punctuation that ends a clause.
const TOKEN = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*|\p{Extended_Pictographic}|[.,;:!?¡¿…\n]/gu;
const CLAUSE_END = /^[.,;:!?¡¿…\n]$/;

function tokens(text: string, language: ContentLanguage): string[] {
  const lower = text.normalize('NFC').toLowerCase();
  const found = lower.match(TOKEN) ?? [];
  if (language === 'en')
    // "don't" and "dont" are one negator; "it's" is "it".
    return found.map((t) => t.replace(/[’]/g, "'").replace(/n't$/, 'nt').replace(/'/g, ''));
  // Italian elision ("l'idea", "un'altra") and stray apostrophes: each side is a word.
  return found.flatMap((t) => t.split(/['’]/)).filter(Boolean);
}

/** The score (the sum of lexicon values, negated and weighted) and its class. */
export function analyzeSentiment(text: string, language: ContentLanguage): SentimentResult {
  const model = MODELS[language];
  let score = 0;
  let weight = 1;
  // How many more words a negator still turns; 0: none in force.
  let negated = 0;
  for (const token of tokens(plainText(text), language)) {
    if (CLAUSE_END.test(token)) {
      negated = 0;
      continue;
    }
    if (model.contrasts.has(token)) {
      score *= BEFORE_CONTRAST;
      weight = AFTER_CONTRAST;
      negated = 0;
      continue;
    }
    if (model.negators.has(token)) {
      // "No me gusta nada": a second negator extends the first rather than cancelling it.
      negated = NEGATION_SCOPE;
      continue;
    }
    const value = model.stopwords.has(token) ? undefined : (EMOJI[token] ?? model.value(token));
    if (value !== undefined && value !== 0) {
      score += weight * (negated > 0 ? -value : value);
      // A negator turns one feeling: in "senza dubbio ottima" the doubt, not the praise.
      negated = 0;
    } else if (negated > 0) negated -= 1;
  }
  // Rounded so that the stored real and the class agree exactly, whatever the float noise.
  score = Math.round(score * 1000) / 1000;
  const sentiment: Sentiment = score >= NEUTRAL_BAND ? 1 : score <= -NEUTRAL_BAND ? -1 : 0;
  return { sentiment, score };
}
