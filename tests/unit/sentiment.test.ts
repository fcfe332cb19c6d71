import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  NEUTRAL_BAND,
  analyzeSentiment,
  type Sentiment,
} from '#app/domain/listening/sentiment.server';
import { CONTENT_LANGUAGES, type ContentLanguage } from '../../db/schema/columns';

type Label = 'positive' | 'neutral' | 'negative';
type Sample = { label: Label; text: string };

const CLASS: Record<Label, Sentiment> = { positive: 1, neutral: 0, negative: -1 };

function sample(language: ContentLanguage): Sample[] {
  const url = new URL(`../fixtures/sentiment/${language}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Sample[];
}

const sentimentOf = (text: string, language: ContentLanguage) =>
  analyzeSentiment(text, language).sentiment;

describe('analyzeSentiment on the labelled samples', () => {
  const rows = CONTENT_LANGUAGES.map((language) => {
    const texts = sample(language);
    const misses = texts
      .map((s) => ({ ...s, got: analyzeSentiment(s.text, language) }))
      .filter((s) => s.got.sentiment !== CLASS[s.label]);
    const perClass = (label: Label) => {
      const all = texts.filter((s) => s.label === label).length;
      const wrong = misses.filter((s) => s.label === label).length;
      return `${all - wrong}/${all}`;
    };
    return {
      language,
      texts: texts.length,
      correct: texts.length - misses.length,
      accuracy: (texts.length - misses.length) / texts.length,
      positive: perClass('positive'),
      neutral: perClass('neutral'),
      negative: perClass('negative'),
      misses,
    };
  });

  it('prints the accuracy per language', () => {
    console.log(`Sentiment on the labelled samples (neutral band ±${NEUTRAL_BAND}):`);
    console.table(
      rows.map(({ language, texts, correct, accuracy, positive, neutral, negative }) => ({
        language,
        texts,
        correct,
        accuracy: `${(accuracy * 100).toFixed(1)}%`,
        positive,
        neutral,
        negative,
      })),
    );
    for (const row of rows)
      for (const miss of row.misses)
        console.log(`  ${row.language} ${miss.label} → ${miss.got.score}: ${miss.text}`);
  });

  for (const language of CONTENT_LANGUAGES)
    it(`classifies at least 75% of the ${language} sample, balanced over the three classes`, () => {
      const row = rows.find((r) => r.language === language)!;
      const texts = sample(language);
      expect(texts.length).toBeGreaterThanOrEqual(45);
      for (const label of ['positive', 'neutral', 'negative'] as const)
        expect(texts.filter((s) => s.label === label).length).toBeGreaterThanOrEqual(15);
      expect(row.accuracy).toBeGreaterThanOrEqual(0.75);
    });
});

describe('analyzeSentiment', () => {
  it('does not count the product’s own words as feelings', () => {
    expect(analyzeSentiment('A new challenge for the refill station', 'en').score).toBe(0);
    expect(sentimentOf('The challenge closes on Friday and the winners are announced', 'en')).toBe(
      0,
    );
    expect(analyzeSentiment('El reto de la marca termina el viernes', 'es').score).toBe(0);
    expect(analyzeSentiment('Serve un’altra idea per la sfida', 'it').score).toBe(0);
    expect(sentimentOf('Great challenge, thank you!', 'en')).toBe(1);
  });

  it('turns Italian feelings after a negation', () => {
    expect(sentimentOf('Mi piace questo design', 'it')).toBe(1);
    expect(sentimentOf('Non mi piace questo design', 'it')).toBe(-1);
    expect(sentimentOf('Non è affatto male', 'it')).toBe(1);
    expect(sentimentOf('Mai vista una confezione così bella', 'it')).toBe(1);
    expect(sentimentOf('Nessun problema, ottima idea', 'it')).toBe(1);
    expect(sentimentOf('Senza sale è cattiva', 'it')).toBe(-1);
  });

  it('turns Spanish feelings after a negation, a double negation included', () => {
    expect(sentimentOf('Me gusta esta propuesta', 'es')).toBe(1);
    expect(sentimentOf('No me gusta esta propuesta', 'es')).toBe(-1);
    expect(sentimentOf('No me gusta nada', 'es')).toBe(-1);
    expect(sentimentOf('No está nada mal', 'es')).toBe(1);
    expect(sentimentOf('Nunca me ha gustado', 'es')).toBe(-1);
  });

  it('turns English feelings a few words after a negation, within the clause', () => {
    expect(sentimentOf('Not a good idea', 'en')).toBe(-1);
    expect(sentimentOf("I don't like it", 'en')).toBe(-1);
    expect(sentimentOf('I don’t like it', 'en')).toBe(-1);
    expect(sentimentOf('Not bad at all', 'en')).toBe(1);
    // The negation stops at the comma: "great" is still great.
    expect(sentimentOf('No plastic, great', 'en')).toBe(1);
  });

  it('weighs what follows "but" over what precedes it', () => {
    expect(sentimentOf('Nice idea, but the queues would be terrible', 'en')).toBe(-1);
    expect(sentimentOf('The price is bad but the taste is wonderful', 'en')).toBe(1);
    expect(sentimentOf('Buena intención, pero el resultado es horrible', 'es')).toBe(-1);
  });

  it('reads Spanish and Italian typed without accents', () => {
    expect(analyzeSentiment('Facil y util', 'es')).toEqual(analyzeSentiment('Fácil y útil', 'es'));
    expect(analyzeSentiment('e gia perfetta', 'it')).toEqual(
      analyzeSentiment('è già perfetta', 'it'),
    );
  });

  it('is neutral on empty, markup-only and unknown text, and reads emoji', () => {
    expect(analyzeSentiment('', 'en')).toEqual({ sentiment: 0, score: 0 });
    expect(analyzeSentiment('```\nbad terrible awful\n```', 'en')).toEqual({
      sentiment: 0,
      score: 0,
    });
    expect(analyzeSentiment('<script>run(1)</script>', 'en')).toEqual({ sentiment: 0, score: 0 });
    expect(sentimentOf('👍👍', 'it')).toBe(1);
    expect(sentimentOf('😡', 'es')).toBe(-1);
  });

  it('is deterministic and quick on a long text', () => {
    const long = 'The refill idea is good but the station is broken. '.repeat(200);
    const started = performance.now();
    const first = analyzeSentiment(long, 'en');
    expect(performance.now() - started).toBeLessThan(200);
    expect(analyzeSentiment(long, 'en')).toEqual(first);
  });
});
