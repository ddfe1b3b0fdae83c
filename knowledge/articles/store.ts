import { createHash } from 'node:crypto';
import { RequestError } from '../../core/errors';
import type { Migration, Row, SqlDriver } from '../../core/storage/sql';
import { serializeArticle, type Article } from './article';

/**
 * The knowledge base's tables: articles (the editors' working copy and which version is live),
 * every version ever saved, the questions customers asked and their feedback on answers.
 * Portable SQL: the same statements on SQLite and PostgreSQL.
 */
export const knowledgeMigrations: Migration[] = [
  {
    id: 'knowledge/001-articles',
    sql: `
CREATE TABLE kb_articles (
  article_id TEXT NOT NULL,
  locale TEXT NOT NULL,
  title TEXT NOT NULL,
  tags TEXT NOT NULL,
  url TEXT,
  body TEXT NOT NULL,
  version INTEGER NOT NULL,
  published_version INTEGER,
  source_hash TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (article_id, locale)
);
CREATE TABLE kb_article_versions (
  article_id TEXT NOT NULL,
  locale TEXT NOT NULL,
  version INTEGER NOT NULL,
  action TEXT NOT NULL,
  title TEXT NOT NULL,
  tags TEXT NOT NULL,
  url TEXT,
  body TEXT NOT NULL,
  author TEXT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (article_id, locale, version)
);
CREATE TABLE kb_questions (
  id TEXT PRIMARY KEY,
  conversation_id TEXT,
  text TEXT NOT NULL,
  normalized TEXT NOT NULL,
  locale TEXT NOT NULL,
  status TEXT NOT NULL,
  article_id TEXT,
  answer_locale TEXT,
  confidence DOUBLE PRECISION NOT NULL,
  from_default INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE INDEX kb_questions_status ON kb_questions (status, created_at);
CREATE INDEX kb_questions_article ON kb_questions (article_id, locale);
CREATE TABLE kb_feedback (
  question_id TEXT PRIMARY KEY,
  helpful INTEGER NOT NULL,
  payload TEXT NOT NULL,
  article_id TEXT,
  locale TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX kb_feedback_article ON kb_feedback (article_id);`,
  },
  {
    // Editors' alternative questions (front matter `questions:`), a JSON list like `tags`; NULL: none.
    id: 'knowledge/011-article-questions',
    sql: `
ALTER TABLE kb_articles ADD COLUMN questions TEXT;
ALTER TABLE kb_article_versions ADD COLUMN questions TEXT;`,
  },
  {
    // Codes an article declares (error codes, model and part numbers) for photo matching: a JSON array.
    id: 'knowledge/012-article-codes',
    sql: `
ALTER TABLE kb_articles ADD COLUMN codes TEXT;
ALTER TABLE kb_article_versions ADD COLUMN codes TEXT;`,
  },
];

/** Draft: never published (or unpublished). Published: live; `hasUnpublishedChanges` when edited since. */
export type ArticleStatus = 'draft' | 'published';

/** An article as stored: the working copy plus its state. */
export interface StoredArticle extends Article {
  status: ArticleStatus;
  /** The working copy's version (1 for a new article; every change adds one). */
  version: number;
  /** The version customers see, when published. */
  publishedVersion?: number;
  hasUnpublishedChanges: boolean;
  createdAt: number;
  updatedAt: number;
}

/** One entry of an article's change history: who did what, when (a version without its text). */
export interface ArticleChange {
  version: number;
  action: ArticleVersion['action'];
  /** The signed-in editor's e-mail, the script's `x-editor` name, or `import`; absent when unknown. */
  author?: string;
  at: number;
}

/** What a change may require of the article: with `expectedVersion`, a 409 when it moved on. */
export interface ChangeOptions {
  author?: string;
  /** The version the editor loaded; the change is refused (409) when the article is at another. */
  expectedVersion?: number;
}

/** An update's changes. `url: null` removes the URL; an absent (undefined) field stays as it is. */
export type ArticlePatch = Partial<Omit<Article, 'id' | 'locale' | 'url'>> & { url?: string | null };

/** One saved version of an article. */
export interface ArticleVersion extends Article {
  version: number;
  action: 'create' | 'update' | 'publish' | 'unpublish' | 'delete' | 'import';
  author?: string;
  createdAt: number;
}

/** Filters for `list`. `status: 'changed'` lists published articles with unpublished edits. */
export interface ArticleFilter {
  /** One article's translations. */
  id?: string;
  locale?: string;
  tag?: string;
  status?: ArticleStatus | 'changed';
  /** Words to find in the title or body (case-insensitive). */
  text?: string;
  limit?: number;
  offset?: number;
}

/** What `importArticle` did with one article. */
export type ImportOutcome = 'created' | 'updated' | 'unchanged' | 'kept-editor-changes';

/**
 * The articles in the database: create, update, publish, unpublish and delete, each recorded as a
 * version. The working copy and the published version are kept apart, so an editor can revise a
 * live article without customers seeing half-finished text.
 */
export class ArticleStore {
  constructor(private readonly db: SqlDriver) {}

  async get(id: string, locale: string): Promise<StoredArticle | undefined> {
    const row = await this.db.get(`SELECT * FROM kb_articles WHERE article_id = ? AND locale = ?`, [id, locale]);
    return row && toStored(row);
  }

  /** Articles matching the filter, by id then locale, with the total before paging. */
  async list(filter: ArticleFilter = {}): Promise<{ items: StoredArticle[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.id) where.push('article_id = ?') && params.push(filter.id);
    if (filter.locale) where.push('locale = ?') && params.push(filter.locale);
    if (filter.tag) where.push(`tags LIKE ? ESCAPE '\\'`) && params.push(`%${likeEscape(JSON.stringify(filter.tag))}%`);
    if (filter.status === 'draft') where.push('published_version IS NULL');
    if (filter.status === 'published') where.push('published_version IS NOT NULL');
    if (filter.status === 'changed') where.push('published_version IS NOT NULL AND published_version <> version');
    if (filter.text) {
      const like = `%${likeEscape(filter.text.toLowerCase())}%`;
      where.push(`(LOWER(title) LIKE ? ESCAPE '\\' OR LOWER(body) LIKE ? ESCAPE '\\')`);
      params.push(like, like);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = await this.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM kb_articles ${clause}`, params);
    const rows = await this.db.all(`SELECT * FROM kb_articles ${clause} ORDER BY article_id, locale LIMIT ? OFFSET ?`, [
      ...params,
      filter.limit ?? 100,
      filter.offset ?? 0,
    ]);
    return { items: rows.map(toStored), total: Number(total?.n ?? 0) };
  }

  /** Creates a draft (published at once with `publish`). 409 when that id and locale exist. */
  async create(article: Article, options: { author?: string; publish?: boolean; action?: 'create' | 'import'; sourceHash?: string } = {}) {
    return this.db.transaction(async (tx) => {
      if (await tx.get(`SELECT 1 AS x FROM kb_articles WHERE article_id = ? AND locale = ?`, [article.id, article.locale])) {
        throw new RequestError(409, `Article ${article.id} (${article.locale}) exists; update it with PUT /api/kb/articles/${article.id}/${article.locale}`);
      }
      // A deleted article's history stays; a new one with the same id continues its numbering.
      const last = await tx.get<{ v: number | null }>(`SELECT MAX(version) AS v FROM kb_article_versions WHERE article_id = ? AND locale = ?`, [
        article.id,
        article.locale,
      ]);
      const version = Number(last?.v ?? 0) + 1;
      const now = Date.now();
      await tx.run(
        `INSERT INTO kb_articles (article_id, locale, title, tags, questions, url, codes, body, version, published_version, source_hash, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [article.id, article.locale, article.title, JSON.stringify(article.tags), questionsColumn(article), article.url ?? null, codesColumn(article), article.body, version,
          options.publish ? version : null, options.sourceHash ?? null, now, now],
      );
      await addVersion(tx, article, version, options.action ?? 'create', options.author, now);
      return (await getIn(tx, article.id, article.locale))!;
    });
  }

  /**
   * Saves a new working copy. With `expectedVersion`, refuses (409) when someone saved since the
   * editor loaded the article. A published article stays live at its published version until
   * `publish` (or `publish: true` here).
   */
  async update(
    id: string,
    locale: string,
    patch: ArticlePatch,
    options: ChangeOptions & { publish?: boolean; action?: 'update' | 'import'; sourceHash?: string | null } = {},
  ): Promise<StoredArticle> {
    return this.db.transaction(async (tx) => {
      const current = await mustGet(tx, id, locale);
      checkVersion(current, options.expectedVersion);
      const { url, ...rest } = patch;
      const next: Article = { ...pick(current), ...definedOnly(rest), id, locale };
      if (url === null) delete next.url;
      else if (url !== undefined) next.url = url;
      const version = current.version + 1;
      const now = Date.now();
      const published = options.publish ? version : (current.publishedVersion ?? null);
      const hash = options.sourceHash === undefined ? (await sourceHashIn(tx, id, locale)) : options.sourceHash;
      await tx.run(
        `UPDATE kb_articles SET title = ?, tags = ?, questions = ?, url = ?, codes = ?, body = ?, version = ?, published_version = ?, source_hash = ?, updated_at = ?
         WHERE article_id = ? AND locale = ?`,
        [next.title, JSON.stringify(next.tags), questionsColumn(next), next.url ?? null, codesColumn(next), next.body, version, published, hash, now, id, locale],
      );
      await addVersion(tx, next, version, options.action ?? 'update', options.author, now);
      return (await getIn(tx, id, locale))!;
    });
  }

  /** Makes the working copy live; returns it (the caller reindexes). */
  async publish(id: string, locale: string, options: ChangeOptions = {}): Promise<StoredArticle> {
    return this.setPublished(id, locale, 'publish', options);
  }

  /** Takes the article offline; it stays as a draft. */
  async unpublish(id: string, locale: string, options: ChangeOptions = {}): Promise<StoredArticle> {
    return this.setPublished(id, locale, 'unpublish', options);
  }

  /** Deletes the article; its versions stay, ending with a `delete` entry. */
  async delete(id: string, locale: string, options: ChangeOptions = {}): Promise<void> {
    await this.db.transaction(async (tx) => {
      const current = await mustGet(tx, id, locale);
      checkVersion(current, options.expectedVersion);
      await addVersion(tx, current, current.version + 1, 'delete', options.author, Date.now());
      await tx.run(`DELETE FROM kb_articles WHERE article_id = ? AND locale = ?`, [id, locale]);
    });
  }

  private async setPublished(id: string, locale: string, action: 'publish' | 'unpublish', options: ChangeOptions): Promise<StoredArticle> {
    return this.db.transaction(async (tx) => {
      const current = await mustGet(tx, id, locale);
      checkVersion(current, options.expectedVersion);
      const version = current.version + 1;
      const now = Date.now();
      await tx.run(`UPDATE kb_articles SET version = ?, published_version = ?, updated_at = ? WHERE article_id = ? AND locale = ?`, [
        version,
        action === 'publish' ? version : null,
        now,
        id,
        locale,
      ]);
      await addVersion(tx, current, version, action, options.author, now);
      return (await getIn(tx, id, locale))!;
    });
  }

  /** Every saved version, newest first. */
  async versions(id: string, locale: string): Promise<ArticleVersion[]> {
    const rows = await this.db.all(`SELECT * FROM kb_article_versions WHERE article_id = ? AND locale = ? ORDER BY version DESC`, [id, locale]);
    return rows.map(toVersion);
  }

  /**
   * Who changed the article and how, newest first, with the total: the version rows without their
   * text. It outlives a delete, and an article re-created under the same id and locale continues it.
   */
  async history(id: string, locale: string, page: { limit?: number; offset?: number } = {}): Promise<{ changes: ArticleChange[]; total: number }> {
    const total = await this.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM kb_article_versions WHERE article_id = ? AND locale = ?`, [id, locale]);
    const rows = await this.db.all(
      `SELECT version, action, author, created_at FROM kb_article_versions WHERE article_id = ? AND locale = ? ORDER BY version DESC LIMIT ? OFFSET ?`,
      [id, locale, page.limit ?? 100, page.offset ?? 0],
    );
    const changes = rows.map((r) => ({
      version: Number(r.version),
      action: String(r.action) as ArticleChange['action'],
      ...(r.author ? { author: String(r.author) } : {}),
      at: Number(r.created_at),
    }));
    return { changes, total: Number(total?.n ?? 0) };
  }

  /** The live text of every published article (what the index holds). */
  async published(): Promise<Article[]> {
    const rows = await this.db.all(
      `SELECT v.* FROM kb_article_versions v JOIN kb_articles a
         ON a.article_id = v.article_id AND a.locale = v.locale AND a.published_version = v.version
       ORDER BY v.article_id, v.locale`,
    );
    return rows.map((r) => pick(toVersion(r)));
  }

  /** The live text of one article, if published. */
  async publishedVersion(id: string, locale: string): Promise<Article | undefined> {
    const row = await this.db.get(
      `SELECT v.* FROM kb_article_versions v JOIN kb_articles a
         ON a.article_id = v.article_id AND a.locale = v.locale AND a.published_version = v.version
       WHERE a.article_id = ? AND a.locale = ?`,
      [id, locale],
    );
    return row ? pick(toVersion(row)) : undefined;
  }

  /**
   * Imports an article from a file and publishes it. `overwrite` (the `kb import` command) always
   * takes the file's text; `sync` (start-up from the bot folder) leaves articles an editor changed
   * through the API since the last import alone, so a restart never undoes their work.
   */
  async importArticle(article: Article, mode: 'overwrite' | 'sync', author = 'import'): Promise<ImportOutcome> {
    const hash = contentHash(article);
    const current = await this.get(article.id, article.locale);
    if (!current) {
      await this.create(article, { author, publish: true, action: 'import', sourceHash: hash });
      return 'created';
    }
    const currentHash = contentHash(current);
    const sourceHash = await sourceHashIn(this.db, article.id, article.locale);
    if (currentHash === hash) {
      // Same text: remember it came from the file, so later file changes sync again.
      if (sourceHash !== hash) await this.db.run(`UPDATE kb_articles SET source_hash = ? WHERE article_id = ? AND locale = ?`, [hash, article.id, article.locale]);
      return 'unchanged';
    }
    const editedSinceImport = sourceHash !== currentHash;
    if (mode === 'sync' && editedSinceImport) return 'kept-editor-changes';
    await this.update(article.id, article.locale, article, { author, publish: true, action: 'import', sourceHash: hash });
    return 'updated';
  }
}

/** A fingerprint of an article's content, to tell whether a file changed. */
export function contentHash(article: Article): string {
  return createHash('sha1').update(serializeArticle(pick(article))).digest('hex');
}

function pick(a: Article): Article {
  return { id: a.id, locale: a.locale, title: a.title, tags: a.tags, ...(a.questions?.length ? { questions: a.questions } : {}), ...(a.url ? { url: a.url } : {}), ...(a.codes?.length ? { codes: a.codes } : {}), body: a.body };
}

/** The `questions` column: a JSON list, NULL for none (as rows written before the column read). */
function questionsColumn(a: Article): string | null {
  return a.questions?.length ? JSON.stringify(a.questions) : null;
}

function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

async function getIn(db: SqlDriver, id: string, locale: string): Promise<StoredArticle | undefined> {
  const row = await db.get(`SELECT * FROM kb_articles WHERE article_id = ? AND locale = ?`, [id, locale]);
  return row && toStored(row);
}

async function mustGet(db: SqlDriver, id: string, locale: string): Promise<StoredArticle> {
  const found = await getIn(db, id, locale);
  if (!found) throw new RequestError(404, `No article ${id} (${locale}); list them with GET /api/kb/articles`);
  return found;
}

/** Refuses (409) a change based on another version than the article's current one. */
function checkVersion(current: StoredArticle, expected: number | undefined): void {
  if (expected === undefined || expected === current.version) return;
  throw new RequestError(
    409,
    `Article ${current.id} (${current.locale}) is at version ${current.version}, not ${expected}: someone changed it since you loaded it; reload it and apply your change again`,
  );
}

async function sourceHashIn(db: SqlDriver, id: string, locale: string): Promise<string | null> {
  const row = await db.get<{ source_hash: string | null }>(`SELECT source_hash FROM kb_articles WHERE article_id = ? AND locale = ?`, [id, locale]);
  return row?.source_hash ?? null;
}

async function addVersion(db: SqlDriver, a: Article, version: number, action: ArticleVersion['action'], author: string | undefined, now: number) {
  await db.run(
    `INSERT INTO kb_article_versions (article_id, locale, version, action, title, tags, questions, url, codes, body, author, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [a.id, a.locale, version, action, a.title, JSON.stringify(a.tags), questionsColumn(a), a.url ?? null, codesColumn(a), a.body, author ?? null, now],
  );
}

/** The article itself from a row of `kb_articles` or `kb_article_versions` (they share these columns). */
function toArticle(r: Row): Article {
  return {
    id: String(r.article_id),
    locale: String(r.locale),
    title: String(r.title),
    tags: JSON.parse(String(r.tags)) as string[],
    ...(r.questions ? { questions: JSON.parse(String(r.questions)) as string[] } : {}),
    ...(r.url ? { url: String(r.url) } : {}),
    ...(r.codes ? { codes: JSON.parse(String(r.codes)) as string[] } : {}),
    body: String(r.body),
  };
}

/** The `codes` column: a JSON array, or NULL when the article declares none. */
function codesColumn(article: Article): string | null {
  return article.codes?.length ? JSON.stringify(article.codes) : null;
}

function toStored(r: Row): StoredArticle {
  const version = Number(r.version);
  const published = r.published_version === null || r.published_version === undefined ? undefined : Number(r.published_version);
  return {
    ...toArticle(r),
    status: published === undefined ? 'draft' : 'published',
    version,
    ...(published !== undefined ? { publishedVersion: published } : {}),
    hasUnpublishedChanges: published !== undefined && published !== version,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

function toVersion(r: Row): ArticleVersion {
  return {
    ...toArticle(r),
    version: Number(r.version),
    action: String(r.action) as ArticleVersion['action'],
    ...(r.author ? { author: String(r.author) } : {}),
    createdAt: Number(r.created_at),
  };
}
