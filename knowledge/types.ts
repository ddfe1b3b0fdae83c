/** A retrievable piece of an article: one section of one translation. */
export interface Passage {
  /** Unique: `<articleId>.<locale>#<n>`. */
  id: string;
  articleId: string;
  locale: string;
  title: string;
  /** The section heading, when the passage is a section. */
  heading?: string;
  text: string;
  tags?: string[];
  /** The article's alternative questions (editors' phrasings of what it answers). */
  questions?: string[];
  url?: string;
}

/**
 * A passage as it is searched: title, heading, tags, the editors' alternative questions and the
 * text. Tags and questions are the editors' words for what customers ask, so they find the
 * passage like its own words do.
 */
export function searchableText(p: Passage): string {
  return [topicText(p), p.text].filter(Boolean).join('\n');
}

/** What a passage says it is about, in its editors' words: title, heading, tags and alternative questions (not the text). */
export function topicText(p: Passage): string {
  return [p.title, p.heading, p.tags?.join(', '), p.questions?.join('\n')].filter(Boolean).join('\n');
}

/** Per article id, the locales it has passages in: the catalog a search reads to tell which articles a language lacks. */
export function catalogOf(passages: Passage[]): Map<string, Set<string>> {
  const catalog = new Map<string, Set<string>>();
  for (const p of passages) catalog.set(p.articleId, (catalog.get(p.articleId) ?? new Set()).add(p.locale));
  return catalog;
}

/** One search result. */
export interface Hit {
  passage: Passage;
  /** The ranker's raw score (higher is better; not comparable across rankers). */
  score: number;
  /** Set when a question like this one was confirmed for this article (learned evidence or an editor's alternative question). */
  confirmed?: boolean;
  /**
   * The confirmed questions like this one (with `confirmed`): what they hold is explained for the
   * article, but a word they lack still needs the article's own evidence ("cafe" in "is there a
   * cafe in the Munich store", confirmed only as "where is the Munich store").
   */
  confirmedBy?: string[];
}

/** How a {@link Retriever} searches. */
export interface SearchOptions {
  /** Only passages in this language. */
  locale?: string;
  limit?: number;
  /** The query is the customer's question translated from this language (for another language's articles). */
  translatedFrom?: string;
}

/**
 * A searchable index of passages, updated incrementally. Lexical by default; a dense (embedding)
 * retriever and a hybrid of both implement the same interface.
 */
export interface Retriever {
  /** Adds or replaces passages (by id). */
  add(passages: Passage[]): Promise<void>;
  /** Removes every passage of an article (all locales, or one). */
  remove(articleId: string, locale?: string): Promise<void>;
  /** The best passages for a query, best first; `locale` restricts to that language. */
  search(query: string, options?: SearchOptions): Promise<Hit[]>;
  /** How many passages are indexed. */
  readonly size: number;
}
