import { Client } from 'pg';
import { migrate, type Row, type SqlDriver } from '../../core/storage/sql';
import { knowledgeMigrations } from '../../knowledge/articles/store';
import { KnowledgeBase } from '../../knowledge/base';
import { LexicalRetriever } from '../../knowledge/retrieval/lexical';

/**
 * The knowledge tables and queries on PostgreSQL, through a minimal driver (`?` → `$n`) until the
 * store's own PostgreSQL driver lands. Runs in a schema of its own, dropped afterwards.
 */
class PgTestDriver implements SqlDriver {
  readonly dialect = 'postgres' as const;
  constructor(private readonly client: Client) {}
  private async query(sql: string, params: unknown[] = []) {
    let n = 0;
    return this.client.query(sql.replace(/\?/g, () => `$${++n}`), params.map((p) => (p === undefined ? null : p)));
  }
  async all<T = Row>(sql: string, params?: unknown[]) {
    return (await this.query(sql, params)).rows as T[];
  }
  async get<T = Row>(sql: string, params?: unknown[]) {
    return (await this.query(sql, params)).rows[0] as T | undefined;
  }
  async run(sql: string, params?: unknown[]) {
    return { changes: (await this.query(sql, params)).rowCount ?? 0 };
  }
  async exec(sql: string) {
    await this.client.query(sql);
  }
  async transaction<T>(fn: (tx: SqlDriver) => Promise<T>) {
    await this.client.query('BEGIN');
    try {
      const result = await fn(this);
      await this.client.query('COMMIT');
      return result;
    } catch (err) {
      await this.client.query('ROLLBACK');
      throw err;
    }
  }
  async close() {}
}

describe('knowledge tables on PostgreSQL', () => {
  const client = new Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' });
  const schema = `kb_test_${process.pid}_${Date.now()}`;
  let db: PgTestDriver;
  beforeAll(async () => {
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
    db = new PgTestDriver(client);
    await migrate(db, knowledgeMigrations);
  });
  afterAll(async () => {
    await client.query(`DROP SCHEMA ${schema} CASCADE`);
    await client.end();
  });

  test('articles, versions, questions, feedback, coverage and gaps', async () => {
    const kb = new KnowledgeBase(db, new LexicalRetriever());
    await kb.create({ id: 'gift-wrapping', locale: 'en', title: 'Gift wrapping', tags: ['gifts', '100%_off'], body: 'We wrap gifts for £3.50.' }, { publish: true });
    await kb.update('gift-wrapping', 'en', { body: 'We wrap gifts for £4.' }, { expectedVersion: 1 });
    await kb.publish('gift-wrapping', 'en');
    expect((await kb.articles.list({ tag: '100%_off', status: 'published', text: 'WRAP' })).total).toBe(1);
    expect((await kb.articles.list({ tag: '100%' })).total).toBe(0);
    expect((await kb.articles.versions('gift-wrapping', 'en')).map((v) => v.action)).toEqual(['publish', 'update', 'create']);
    expect((await kb.articles.published())[0].body).toBe('We wrap gifts for £4.');
    expect(await kb.import({ id: 'gift-wrapping', locale: 'en', title: 'Gift wrapping', tags: [], body: 'File text.' }, 'sync')).toBe('kept-editor-changes');

    const q = await kb.insights.recordQuestion({ text: 'Wie teuer ist Geschenkverpackung?', locale: 'de', status: 'answered', articleId: 'gift-wrapping', answerLocale: 'en', confidence: 0.8, fromDefaultLocale: true });
    await kb.insights.recordFeedback(q, true, 'kb:helpful:x:yes');
    await kb.insights.recordFeedback(q, false, 'kb:helpful:x:no');
    expect(await kb.insights.feedbackStats()).toMatchObject({ total: 1, notHelpful: 1 });
    await kb.insights.recordQuestion({ text: 'bicycles?', locale: 'en', status: 'abstain', confidence: 0.01 });
    const coverage = await kb.insights.coverage(['en', 'de'], (await kb.articles.list()).items);
    expect(coverage.missing).toEqual([{ articleId: 'gift-wrapping', title: 'Gift wrapping', locale: 'de', questions: 1, hasDraft: false }]);
    expect((await kb.insights.gaps()).map((g) => g.examples)).toEqual([['bicycles?']]);
    await kb.delete('gift-wrapping', 'en');
    expect((await kb.articles.list()).total).toBe(0);
  });
});
