import { RequestError } from '../../core/errors';
import { newId } from '../../core/ids';
import type { Migration, SqlDriver } from '../../core/storage/sql';
import { questionStems } from '../analysis/analyzer';
import { baseLanguage } from '../analysis/language';

/**
 * Learned evidence: "this kind of question belongs to that article" (or, from a "No", does not),
 * gathered from every conversation — a customer's "Did this help?", the article they pick from
 * a clarifying question, the article an agent inserts from the console's suggestions. Retrieval
 * uses it at once (`LearnedRetriever`); editors accept or remove it on the console's knowledge
 * page. Each row keeps the customer it came from, so erasing the customer erases it.
 */
export const evidenceMigrations: Migration[] = [
  {
    id: 'knowledge/010-evidence',
    sql: `
CREATE TABLE kb_evidence (
  id TEXT PRIMARY KEY,
  customer_id TEXT,
  conversation_id TEXT,
  question TEXT NOT NULL,
  locale TEXT NOT NULL,
  article_id TEXT NOT NULL,
  article_locale TEXT NOT NULL,
  helpful INTEGER NOT NULL,
  source TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX kb_evidence_customer ON kb_evidence (customer_id);
CREATE INDEX kb_evidence_article ON kb_evidence (article_id, status);`,
  },
];

/**
 * Where a piece of evidence came from. `editor`: an article's alternative question (its front
 * matter), never stored here — see `EditorQuestions`.
 */
export type EvidenceSource = 'feedback' | 'clarify-choice' | 'agent-insert' | 'editor';

/** One piece of learned evidence. */
export interface Evidence {
  id: string;
  customerId: string | null;
  conversationId: string | null;
  question: string;
  /** The customer's language. */
  locale: string;
  articleId: string;
  articleLocale: string;
  /** True: the question belongs to the article; false: a "No" — it does not. */
  helpful: boolean;
  source: EvidenceSource;
  /** `learned` until an editor accepts it; removed evidence is deleted. */
  status: 'learned' | 'accepted';
  createdAt: number;
}

/** What a caller records; the store adds id, status and time. */
export type NewEvidence = Omit<Evidence, 'id' | 'status' | 'createdAt'>;

/** A stored question similar to a query, with how similar (0–1). */
export interface EvidenceMatch {
  evidence: Evidence;
  similarity: number;
}

interface Row {
  id: string;
  customer_id: string | null;
  conversation_id: string | null;
  question: string;
  locale: string;
  article_id: string;
  article_locale: string;
  helpful: number;
  source: string;
  status: string;
  created_at: number;
}

/**
 * The evidence table, with a small cache of every row's terms for matching queries. The terms are
 * derived from each row's question and language when the rows are read, never stored: evidence
 * written before the analysis changed matches with today's terms.
 */
export class EvidenceStore {
  private cache?: { signature: string; items: Array<{ evidence: Evidence; terms: Set<string> }> };

  constructor(
    private readonly db: SqlDriver,
    private readonly now: () => number = Date.now,
  ) {}

  /** Stores a piece of evidence; usable by retrieval at once on this instance. */
  async record(input: NewEvidence): Promise<Evidence> {
    const evidence: Evidence = { ...input, question: input.question.slice(0, 1000), id: newId('kbe_'), status: 'learned', createdAt: this.now() };
    await this.db.run(
      `INSERT INTO kb_evidence (id, customer_id, conversation_id, question, locale, article_id, article_locale, helpful, source, status, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [evidence.id, evidence.customerId, evidence.conversationId, evidence.question, evidence.locale, evidence.articleId,
        evidence.articleLocale, evidence.helpful ? 1 : 0, evidence.source, evidence.status, evidence.createdAt],
    );
    this.cache = undefined;
    return evidence;
  }

  /**
   * Evidence from a "Did this help?" answer: the question and article the knowledge base recorded
   * for `questionId`. Nothing when the answer named no article (a clarifying question).
   */
  async recordFeedback(questionId: string, helpful: boolean, who: { customerId: string; conversationId: string }): Promise<Evidence | undefined> {
    const q = await this.db.get<{ text: string; locale: string; article_id: string | null; answer_locale: string | null }>(
      `SELECT text, locale, article_id, answer_locale FROM kb_questions WHERE id = ? AND conversation_id = ?`,
      [questionId, who.conversationId],
    );
    if (!q?.article_id) return undefined;
    return this.record({ ...who, question: q.text, locale: q.locale, articleId: q.article_id, articleLocale: q.answer_locale ?? q.locale, helpful, source: 'feedback' });
  }

  /** Evidence for editors, newest first. */
  async list(filter: { status?: Evidence['status']; articleId?: string; limit?: number; offset?: number } = {}): Promise<{ total: number; items: Evidence[] }> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.status) {
      where.push('status = ?');
      args.push(filter.status);
    }
    if (filter.articleId) {
      where.push('article_id = ?');
      args.push(filter.articleId);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (await this.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM kb_evidence ${clause}`, args))?.n ?? 0;
    const rows = await this.db.all<Row>(`SELECT * FROM kb_evidence ${clause} ORDER BY created_at DESC, id LIMIT ? OFFSET ?`, [...args, filter.limit ?? 100, filter.offset ?? 0]);
    return { total: Number(total), items: rows.map(toEvidence) };
  }

  /** An editor keeps a piece of evidence (it stays in use); 404 when there is no such evidence. */
  async accept(id: string): Promise<Evidence> {
    const changed = await this.db.run(`UPDATE kb_evidence SET status = 'accepted' WHERE id = ?`, [id]);
    if (!changed.changes) throw new RequestError(404, `No learned evidence ${id}`);
    this.cache = undefined;
    return toEvidence((await this.db.get<Row>(`SELECT * FROM kb_evidence WHERE id = ?`, [id]))!);
  }

  /** An editor removes a piece of evidence: retrieval stops using it at once. */
  async remove(id: string): Promise<void> {
    const changed = await this.db.run(`DELETE FROM kb_evidence WHERE id = ?`, [id]);
    if (!changed.changes) throw new RequestError(404, `No learned evidence ${id}`);
    this.cache = undefined;
  }

  /** Everything learned from one customer, for a data export. */
  async exportCustomer(customerId: string): Promise<Evidence[]> {
    return (await this.db.all<Row>(`SELECT * FROM kb_evidence WHERE customer_id = ? ORDER BY created_at`, [customerId])).map(toEvidence);
  }

  /** Erases everything learned from one customer; returns how many rows went. */
  async eraseCustomer(customerId: string): Promise<number> {
    const result = await this.db.run(`DELETE FROM kb_evidence WHERE customer_id = ?`, [customerId]);
    this.cache = undefined;
    return result.changes;
  }

  /**
   * Stored questions similar to `query` (at least `minSimilarity`, Jaccard over the questions'
   * stems), most similar first; the query is read in each stored question's language.
   */
  async matches(query: string, minSimilarity = 0.5): Promise<EvidenceMatch[]> {
    const byLang = new Map<string, Set<string>>();
    const termsIn = (l: string) => byLang.get(l) ?? byLang.set(l, new Set(questionStems(query, l))).get(l)!;
    const out: EvidenceMatch[] = [];
    for (const item of await this.items()) {
      const terms = termsIn(baseLanguage(item.evidence.locale));
      if (!terms.size) continue;
      let shared = 0;
      for (const t of terms) if (item.terms.has(t)) shared++;
      const similarity = shared / (terms.size + item.terms.size - shared);
      if (similarity >= minSimilarity) out.push({ evidence: item.evidence, similarity });
    }
    return out.sort((a, b) => b.similarity - a.similarity);
  }

  /**
   * Every row, with a signature that changes whenever the rows do: callers that build something
   * from the rows (the learned questions' index) rebuild it when the signature moves.
   */
  async snapshot(): Promise<{ signature: string; items: Evidence[] }> {
    const cache = await this.load();
    return { signature: cache.signature, items: cache.items.map((i) => i.evidence) };
  }

  private async items() {
    return (await this.load()).items;
  }

  /**
   * Every row with its terms, re-read when the table changed: the count and newest time are one
   * cheap query, and they move with any instance's insert, an editor's removal or an erasure, so
   * erased evidence is never used again.
   */
  private async load(): Promise<NonNullable<EvidenceStore['cache']>> {
    const sig = await this.db.get<{ n: number; m: number }>(`SELECT COUNT(*) AS n, COALESCE(MAX(created_at), 0) AS m FROM kb_evidence`);
    const signature = `${sig?.n ?? 0}:${sig?.m ?? 0}`;
    if (this.cache?.signature === signature) return this.cache;
    const rows = await this.db.all<Row>(`SELECT * FROM kb_evidence`);
    const items = rows.map((row) => ({ evidence: toEvidence(row), terms: new Set(questionStems(row.question, baseLanguage(row.locale))) }));
    this.cache = { signature, items };
    return this.cache;
  }
}

function toEvidence(row: Row): Evidence {
  return {
    id: row.id,
    customerId: row.customer_id,
    conversationId: row.conversation_id,
    question: row.question,
    locale: row.locale,
    articleId: row.article_id,
    articleLocale: row.article_locale,
    helpful: Number(row.helpful) === 1,
    source: row.source as EvidenceSource,
    status: row.status as Evidence['status'],
    createdAt: Number(row.created_at),
  };
}
