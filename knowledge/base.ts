import type { SqlDriver } from '../core/storage/sql';
import { toPassages, type Article } from './articles/article';
import { ArticleStore, type ArticlePatch, type ChangeOptions, type ImportOutcome, type StoredArticle } from './articles/store';
import { Insights } from './insights';
import type { AskedQuestion } from './topics';
import type { Passage, Retriever } from './types';

/**
 * The knowledge base of one bot: articles in the database and the search index over their
 * published text, kept in step. Every change that alters what customers see (publish, unpublish,
 * delete, an import) updates the index at once: no restart, no full rebuild.
 */
export class KnowledgeBase {
  readonly articles: ArticleStore;
  readonly insights: Insights;

  private catalogCache?: { at: number; catalog: Promise<Map<string, Set<string>>> };

  constructor(
    private readonly db: SqlDriver,
    readonly retriever: Retriever,
    /** Told of each question asked once it is stored (see `Insights`). */
    onQuestion?: (question: AskedQuestion) => Promise<void>,
  ) {
    this.articles = new ArticleStore(db);
    this.insights = new Insights(db, onQuestion);
  }

  /** Indexes every published article (at start-up). Returns how many passages were added. */
  async loadIndex(): Promise<number> {
    const passages = (await this.articles.published()).flatMap(toPassages);
    await this.retriever.add(passages);
    return passages.length;
  }

  /**
   * Which languages each published article exists in. Cached for a few seconds: the answer layer
   * asks whenever it cannot answer in the customer's language, and articles rarely change.
   */
  catalog(): Promise<Map<string, Set<string>>> {
    const now = Date.now();
    if (!this.catalogCache || now - this.catalogCache.at > 10_000) {
      const catalog = this.db
        .all<{ article_id: string; locale: string }>('SELECT article_id, locale FROM kb_articles WHERE published_version IS NOT NULL')
        .then((rows) => {
          const map = new Map<string, Set<string>>();
          for (const r of rows) map.set(r.article_id, (map.get(r.article_id) ?? new Set()).add(r.locale));
          return map;
        });
      this.catalogCache = { at: now, catalog };
      catalog.catch(() => (this.catalogCache = undefined));
    }
    return this.catalogCache.catalog;
  }

  /** The passages of an article's live text (empty when it is not published). */
  async passagesOf(id: string, locale: string): Promise<Passage[]> {
    const live = await this.articles.publishedVersion(id, locale);
    return live ? toPassages(live) : [];
  }

  async create(article: Article, options: { author?: string; publish?: boolean } = {}): Promise<StoredArticle> {
    const stored = await this.articles.create(article, options);
    if (stored.status === 'published') await this.reindex(stored.id, stored.locale);
    return stored;
  }

  async update(
    id: string,
    locale: string,
    patch: ArticlePatch,
    options: ChangeOptions & { publish?: boolean } = {},
  ): Promise<StoredArticle> {
    const stored = await this.articles.update(id, locale, patch, options);
    if (options.publish) await this.reindex(id, locale);
    return stored;
  }

  async publish(id: string, locale: string, options: ChangeOptions = {}): Promise<StoredArticle> {
    const stored = await this.articles.publish(id, locale, options);
    await this.reindex(id, locale);
    return stored;
  }

  async unpublish(id: string, locale: string, options: ChangeOptions = {}): Promise<StoredArticle> {
    const stored = await this.articles.unpublish(id, locale, options);
    await this.retriever.remove(id, locale);
    return stored;
  }

  async delete(id: string, locale: string, options: ChangeOptions = {}): Promise<void> {
    await this.articles.delete(id, locale, options);
    await this.retriever.remove(id, locale);
  }

  /** Imports (and publishes) articles; see `ArticleStore.importArticle` for `mode`. */
  async import(article: Article, mode: 'overwrite' | 'sync', author?: string): Promise<ImportOutcome> {
    const outcome = await this.articles.importArticle(article, mode, author);
    if (outcome === 'created' || outcome === 'updated') await this.reindex(article.id, article.locale);
    return outcome;
  }

  /** Replaces an article's passages in the index with its live text. */
  private async reindex(id: string, locale: string): Promise<void> {
    await this.retriever.remove(id, locale);
    const passages = await this.passagesOf(id, locale);
    if (passages.length) await this.retriever.add(passages);
  }
}
