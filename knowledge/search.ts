import { defaultConfidence, groupByArticle, type Candidate, type ConfidenceFn, type ConfidenceSource } from './confidence';
import type { Hit, Retriever } from './types';

/** The best articles in one language for a question, and how sure the best one is. */
export interface Found {
  locale: string;
  candidates: Candidate[];
  confidence: number;
}

/** Where the answer layer looked and what it settled on. */
export interface Searched {
  /** The customer's language. */
  locale: string;
  found: Found;
  /** True when `found` is in another language than the customer's. */
  foreign: boolean;
}

/** Turns a question in one language into a query for articles in another (see `crosslingual.ts`). */
export type QueryTranslator = (question: string, from: string, to: string) => string;

/** How {@link QuestionSearch} looks. */
export interface QuestionSearchOptions {
  retriever: Retriever;
  /** Overrides the retriever's (or the default) confidence estimate. */
  confidence?: ConfidenceFn;
  /** The languages articles exist in (default: only the bot's default locale besides the customer's). */
  locales?: () => Promise<string[]>;
  translate?: QueryTranslator;
  /** Below this native confidence, other languages' articles are tried. */
  answerThreshold: number;
  /**
   * How much surer another language's best article must be than the customer's own before it
   * wins: a native article the customer can read beats a foreign one that is barely surer.
   */
  foreignMargin?: number;
}

/**
 * The one search path of the answer layer (the bot's answers, dialogs weighing an intent against
 * an article, calibration and evaluation all use it): the customer's language first; when that
 * is not confident, the other languages' articles with the question translated for them.
 */
export class QuestionSearch {
  constructor(private readonly options: QuestionSearchOptions) {}

  async search(question: string, locale: string, defaultLocale: string): Promise<Searched> {
    const native = await this.find(question, question, locale);
    let found = native;
    if (native.confidence >= this.options.answerThreshold) return { locale, found, foreign: false };
    const margin = this.options.foreignMargin ?? 0.05;
    for (const other of await this.otherLocales(locale, defaultLocale)) {
      const query = this.options.translate?.(question, locale, other) ?? question;
      const candidate = await this.find(question, query, other);
      if (candidate.confidence > found.confidence + (found === native ? margin : 0)) found = candidate;
    }
    return { locale, found, foreign: found !== native };
  }

  /** Searches one language and estimates how sure the best article is. */
  async find(question: string, query: string, locale: string): Promise<Found> {
    const hits = await this.options.retriever.search(query, { locale, limit: 20 });
    return { locale, candidates: groupByArticle(hits), confidence: this.confidenceOf(query, hits) };
  }

  private async otherLocales(locale: string, defaultLocale: string): Promise<string[]> {
    const all = (await this.options.locales?.()) ?? [defaultLocale];
    const base = (l: string) => l.toLowerCase().split('-')[0];
    // The default locale first: on a tie its article (usually the most complete) wins.
    return [...new Set([defaultLocale, ...all])].filter((l) => base(l) !== base(locale));
  }

  private confidenceOf(query: string, hits: Hit[]): number {
    if (!hits.length) return 0;
    if (this.options.confidence) return this.options.confidence(query, hits);
    const source = this.options.retriever as Partial<ConfidenceSource>;
    return typeof source.confidence === 'function' ? source.confidence(query, hits) : defaultConfidence(query, hits);
  }
}
