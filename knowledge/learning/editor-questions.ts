import type { Passage } from '../types';
import type { Evidence } from './evidence';

/**
 * The editors' alternative questions (`questions:` in an article's front matter) as evidence that
 * never needs confirming: each says "this question belongs to this article" as surely as a
 * customer's "Yes" would, so the learning path matches paraphrases of them the same way. Kept
 * from the passages the retriever indexes (every passage of an article carries its questions), so
 * publishing, editing or deleting an article updates them with its text.
 */
export class EditorQuestions {
  private readonly byArticle = new Map<string, { articleId: string; locale: string; questions: string[] }>();
  private version = 0;
  private cache?: { version: number; items: Evidence[] };

  /** Takes the questions of newly indexed passages (an article's replace its earlier ones). */
  add(passages: Passage[]): void {
    for (const p of passages) {
      const key = keyOf(p.articleId, p.locale);
      const before = this.byArticle.get(key)?.questions ?? [];
      const now = p.questions ?? [];
      if (sameList(before, now)) continue;
      if (now.length) this.byArticle.set(key, { articleId: p.articleId, locale: p.locale, questions: now });
      else this.byArticle.delete(key);
      this.version++;
    }
  }

  /** Forgets an article's questions (one locale, or all). */
  remove(articleId: string, locale?: string): void {
    for (const [key, entry] of this.byArticle) {
      if (entry.articleId !== articleId || (locale && entry.locale !== locale)) continue;
      this.byArticle.delete(key);
      this.version++;
    }
  }

  /** Every question as accepted evidence, with a signature that changes whenever they do. */
  snapshot(): { signature: string; items: Evidence[] } {
    if (this.cache?.version !== this.version) {
      const items = [...this.byArticle.values()].flatMap(({ articleId, locale, questions }) =>
        questions.map((question, i): Evidence => ({
          id: `editor:${articleId}.${locale}#${i}`,
          customerId: null,
          conversationId: null,
          question,
          locale,
          articleId,
          articleLocale: locale,
          helpful: true,
          source: 'editor',
          status: 'accepted',
          createdAt: 0,
        })),
      );
      this.cache = { version: this.version, items };
    }
    return { signature: `editor:${this.version}`, items: this.cache.items };
  }
}

function keyOf(articleId: string, locale: string): string {
  return `${articleId}\u0000${locale}`;
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
