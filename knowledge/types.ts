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
  url?: string;
}

/** One search result. */
export interface Hit {
  passage: Passage;
  /** The ranker's raw score (higher is better; not comparable across rankers). */
  score: number;
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
  search(query: string, options?: { locale?: string; limit?: number }): Promise<Hit[]>;
  /** How many passages are indexed. */
  readonly size: number;
}
