import type { TurnContext } from '../core/context';
import type { Answer, ArticleCodes, DeclaredCode } from '../core/services';
import type { KnowledgeAnswerer } from './answers';
import type { KnowledgeBase } from './base';

/**
 * The `ArticleCodes` service: the codes published articles declare in their front matter
 * (`codes: [E-17, WM-8000]`), and answers from the article a code led to, in the customer's
 * language where the article has it.
 */
export class KnowledgeCodes implements ArticleCodes {
  constructor(
    private readonly kb: KnowledgeBase,
    private readonly answerer: KnowledgeAnswerer,
  ) {}

  /** Read afresh each time (one query per photo), so an editor's change counts at once. */
  async declared(): Promise<DeclaredCode[]> {
    const byKey = new Map<string, DeclaredCode>();
    for (const article of await this.kb.articles.published()) {
      for (const code of article.codes ?? []) {
        const key = `${article.id}\n${code}`;
        const entry = byKey.get(key) ?? { code, articleId: article.id, locales: [] };
        entry.locales.push(article.locale);
        byKey.set(key, entry);
      }
    }
    return [...byKey.values()];
  }

  async answerFrom(articleId: string, question: string, ctx: TurnContext): Promise<Answer> {
    return this.answerer.answerFrom(articleId, question, ctx);
  }
}
