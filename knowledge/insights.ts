import { RequestError } from '../core/errors';
import { newId } from '../core/ids';
import type { SqlDriver } from '../core/storage/sql';
import { questionWords, stemOf, words } from './analysis/analyzer';
import { baseLanguage } from './analysis/language';
import { fold } from './analysis/normalize';
import type { AskedQuestion } from './topics';

/** One question as the knowledge base answered it. */
export interface QuestionRecord {
  conversationId?: string;
  text: string;
  /** The customer's language. */
  locale: string;
  status: 'answered' | 'clarify' | 'abstain';
  articleId?: string;
  /** The language of the article that answered (differs from `locale` after a fallback). */
  answerLocale?: string;
  confidence: number;
  fromDefaultLocale?: boolean;
}

/** A translation an article lacks, with how often customers in that language asked about it. */
export interface MissingTranslation {
  articleId: string;
  title: string;
  locale: string;
  /** Questions in `locale` answered from this article in another language. */
  questions: number;
  /** An unpublished draft exists in that locale. */
  hasDraft: boolean;
}

/** A group of similar questions nobody answered with confidence. */
export interface Gap {
  terms: string[];
  count: number;
  locales: Record<string, number>;
  examples: string[];
  lastAskedAt: number;
}

/**
 * What customers asked and what they thought of the answers: the question log behind the
 * translation-coverage report, the knowledge-gaps list and "Did this help?" statistics.
 */
export class Insights {
  constructor(
    private readonly db: SqlDriver,
    /** Told of each question once it is stored (the knowledge module publishes `QuestionAsked`). */
    private readonly onQuestion: (question: AskedQuestion) => Promise<void> = async () => undefined,
  ) {}

  /** Records a question and how it was answered, then announces it; returns its id (the answer's id for feedback). */
  async recordQuestion(q: QuestionRecord, now = Date.now()): Promise<string> {
    const id = newId('kbq_');
    const text = q.text.slice(0, 2000);
    await this.db.run(
      `INSERT INTO kb_questions (id, conversation_id, text, normalized, locale, status, article_id, answer_locale, confidence, from_default, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [id, q.conversationId ?? null, text, words(fold(q.text), baseLanguage(q.locale)).join(' ').slice(0, 2000), q.locale, q.status,
        q.articleId ?? null, q.answerLocale ?? null, q.confidence, q.fromDefaultLocale ? 1 : 0, now],
    );
    await this.onQuestion({ id, conversationId: q.conversationId, text, locale: q.locale, status: q.status, fromDefault: Boolean(q.fromDefaultLocale), at: now });
    return id;
  }

  /** Up to `limit` questions whose id sorts after `after` (from the first without it), in id order, as `QuestionAsked` carries them. */
  async questionsPage(after: string | undefined, limit: number): Promise<AskedQuestion[]> {
    const columns = `id, conversation_id, text, locale, status, from_default, created_at`;
    const rows =
      after === undefined
        ? await this.db.all(`SELECT ${columns} FROM kb_questions ORDER BY id LIMIT ?`, [limit])
        : await this.db.all(`SELECT ${columns} FROM kb_questions WHERE id > ? ORDER BY id LIMIT ?`, [after, limit]);
    return rows.map((r) => ({
      id: String(r.id),
      ...(r.conversation_id === null || r.conversation_id === undefined ? {} : { conversationId: String(r.conversation_id) }),
      text: String(r.text),
      locale: String(r.locale),
      status: r.status as AskedQuestion['status'],
      fromDefault: Number(r.from_default) === 1,
      at: Number(r.created_at),
    }));
  }

  /**
   * Stores "Did this help?" for an answer (the last choice counts). 404 for an unknown answer, or
   * one given in another conversation than `conversationId` (when given): nobody rates others' answers.
   */
  async recordFeedback(questionId: string, helpful: boolean, payload: string, conversationId?: string, now = Date.now()): Promise<void> {
    const q = await this.db.get<{ article_id: string | null; answer_locale: string | null; conversation_id: string | null }>(
      `SELECT article_id, answer_locale, conversation_id FROM kb_questions WHERE id = ?`,
      [questionId],
    );
    if (!q || (conversationId && q.conversation_id !== conversationId)) {
      throw new RequestError(404, `No answer ${questionId} in this conversation: feedback must name an answer the bot gave`);
    }
    await this.db.run(
      `INSERT INTO kb_feedback (question_id, helpful, payload, article_id, locale, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (question_id) DO UPDATE SET helpful = excluded.helpful, payload = excluded.payload, created_at = excluded.created_at`,
      [questionId, helpful ? 1 : 0, payload, q.article_id, q.answer_locale, now],
    );
  }

  /** Feedback counts overall and per article, least helpful first. */
  async feedbackStats(filter: { articleId?: string } = {}) {
    const where = filter.articleId ? 'WHERE article_id = ?' : '';
    const rows = await this.db.all<{ article_id: string | null; locale: string | null; helpful: number; n: number }>(
      `SELECT article_id, locale, helpful, COUNT(*) AS n FROM kb_feedback ${where} GROUP BY article_id, locale, helpful`,
      filter.articleId ? [filter.articleId] : [],
    );
    const byArticle = new Map<string, { articleId: string; locale: string; helpful: number; notHelpful: number }>();
    for (const r of rows) {
      const key = `${r.article_id}\u0000${r.locale}`;
      const entry = byArticle.get(key) ?? { articleId: String(r.article_id), locale: String(r.locale), helpful: 0, notHelpful: 0 };
      if (Number(r.helpful) === 1) entry.helpful += Number(r.n);
      else entry.notHelpful += Number(r.n);
      byArticle.set(key, entry);
    }
    const articles = [...byArticle.values()]
      .map((a) => ({ ...a, helpfulRate: a.helpful / (a.helpful + a.notHelpful) }))
      .sort((a, b) => b.notHelpful - a.notHelpful || a.helpfulRate - b.helpfulRate);
    const helpful = articles.reduce((s, a) => s + a.helpful, 0);
    const notHelpful = articles.reduce((s, a) => s + a.notHelpful, 0);
    return { total: helpful + notHelpful, helpful, notHelpful, articles };
  }

  /**
   * Translations to write next: for every published article, each of the bot's locales it lacks,
   * ordered by how many customers in that locale got it from another language.
   */
  async coverage(locales: string[], articles: Array<{ id: string; locale: string; title: string; status: string }>) {
    const demand = await this.db.all<{ article_id: string; locale: string; n: number }>(
      `SELECT article_id, locale, COUNT(*) AS n FROM kb_questions WHERE article_id IS NOT NULL GROUP BY article_id, locale`,
    );
    const asked = new Map(demand.map((d) => [`${d.article_id}\u0000${d.locale}`, Number(d.n)]));
    const ids = [...new Set(articles.map((a) => a.id))].sort();
    const missing: MissingTranslation[] = [];
    const summary = ids.map((id) => {
      const translations = articles.filter((a) => a.id === id);
      const live = translations.filter((a) => a.status === 'published').map((a) => a.locale);
      const title = (translations.find((a) => a.locale === locales[0]) ?? translations[0]).title;
      const lacking = locales.filter((l) => !live.includes(l));
      for (const locale of lacking) {
        const hasDraft = translations.some((a) => a.locale === locale);
        missing.push({ articleId: id, title, locale, questions: asked.get(`${id}\u0000${locale}`) ?? 0, hasDraft });
      }
      return { articleId: id, title, locales: live.sort(), missing: lacking };
    });
    missing.sort((a, b) => b.questions - a.questions || a.articleId.localeCompare(b.articleId) || a.locale.localeCompare(b.locale));
    const complete = summary.filter((s) => !s.missing.length).length;
    return { locales, articles: summary.length, complete, missing, byArticle: summary };
  }

  /**
   * Questions without a confident answer (abstained or needing clarification), grouped: two
   * questions join when they share two content words (one, for questions of one or two words).
   */
  async gaps(options: { since?: number; limit?: number } = {}): Promise<Gap[]> {
    const rows = await this.db.all<{ text: string; locale: string; created_at: number }>(
      `SELECT text, locale, created_at FROM kb_questions WHERE status IN ('abstain', 'clarify') AND created_at >= ? ORDER BY created_at DESC LIMIT 5000`,
      [options.since ?? 0],
    );
    return clusterQuestions(rows.map((r) => ({ text: r.text, locale: r.locale, at: Number(r.created_at) }))).slice(0, options.limit ?? 50);
  }
}

/**
 * Single-linkage grouping of questions by shared topic stems (`questionWords` in each question's
 * language); largest groups first.
 */
export function clusterQuestions(questions: Array<{ text: string; locale: string; at: number }>): Gap[] {
  const items = questions
    .map((q) => {
      const lang = baseLanguage(q.locale);
      // A stem is shown as the question's first word with it (the stem of "delivery" is "deliveri").
      const shown = new Map(questionWords(q.text, lang).reverse().map((w) => [stemOf(w, lang), w]));
      return { ...q, shown, terms: new Set(shown.keys()) };
    })
    .filter((q) => q.terms.size);
  const parent = items.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let i = 0; i < items.length; i++) {
    for (let j = 0; j < i; j++) {
      const shared = [...items[i].terms].filter((t) => items[j].terms.has(t)).length;
      const needed = Math.min(items[i].terms.size, items[j].terms.size) <= 2 ? 1 : 2;
      if (shared >= needed) parent[find(i)] = find(j);
    }
  }
  const groups = new Map<number, typeof items>();
  items.forEach((item, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), item]));
  return [...groups.values()]
    .map((members) => {
      const counts = new Map<string, number>();
      const shown = new Map<string, string>();
      for (const m of members) {
        for (const t of m.terms) counts.set(t, (counts.get(t) ?? 0) + 1);
        for (const [t, w] of m.shown) if (!shown.has(t)) shown.set(t, w);
      }
      const terms = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 3).map(([t]) => shown.get(t) ?? t);
      const locales: Record<string, number> = {};
      for (const m of members) locales[m.locale] = (locales[m.locale] ?? 0) + 1;
      const examples = [...new Set(members.map((m) => m.text))].slice(0, 5);
      return { terms, count: members.length, locales, examples, lastAskedAt: Math.max(...members.map((m) => m.at)) };
    })
    .sort((a, b) => b.count - a.count || b.lastAskedAt - a.lastAskedAt);
}
