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
    const locales = (await this.kb.catalog()).get(articleId);
    const locale = locales && pickLocale([...locales], ctx.locale, ctx.bot.config.defaultLocale);
    if (!locale) return { status: 'abstain', confidence: 0, locale: ctx.locale };
    return this.answerer.answerFromArticle(articleId, locale, question, ctx, ctx.locale);
  }
}

/** The customer's locale, its base language, the default locale, or else the first there is. */
function pickLocale(available: string[], wanted: string, fallback: string): string | undefined {
  const base = (tag: string) => tag.toLowerCase().split('-')[0];
  return (
    available.find((l) => l.toLowerCase() === wanted.toLowerCase()) ??
    available.find((l) => base(l) === base(wanted)) ??
    available.find((l) => l.toLowerCase() === fallback.toLowerCase()) ??
    available.sort()[0]
  );
}
