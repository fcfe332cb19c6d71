// What the write paths store about a text they save (issue 16): its language, detected with the
// caller's guess as the fallback, and its sentiment in that language. Pure and quick (well under
// a millisecond for a comment), so commands call it before their transaction, like renderMarkdown.
import type { ContentLanguage } from '../../../db/schema/columns';
import { detectLanguage } from './language.server';
import { analyzeSentiment, type Sentiment } from './sentiment.server';

export type Heard = { language: ContentLanguage; sentiment: Sentiment; sentimentScore: number };

export async function listenTo(text: string, fallback: ContentLanguage): Promise<Heard> {
  const language = await detectLanguage(text, fallback);
  const { sentiment, score } = analyzeSentiment(text, language);
  return { language, sentiment, sentimentScore: score };
}
