import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { KnowledgeBase } from '../base';
import type { Passage } from '../types';
import { ArticleFormatError, articleFileName, parseArticle, sameQuestion, serializeArticle, toPassages, type Article } from './article';
import type { ArticleStore, ImportOutcome } from './store';

/** Articles read from disk, or every problem found (nothing is imported when there is one). */
export interface ReadResult {
  articles: Array<{ file: string; article: Article }>;
  errors: ArticleFormatError[];
}

/**
 * Reads article files: one `.md` file, or every `.md` file under a folder (recursively, in name
 * order). All files are validated before any is imported, and two files claiming the same id and
 * locale are an error, so a bad batch stores nothing.
 */
export function readArticles(path: string): ReadResult {
  if (!existsSync(path)) throw new Error(`No such file or folder: ${path}`);
  const files = statSync(path).isDirectory() ? listMarkdown(path) : [path];
  const result: ReadResult = { articles: [], errors: [] };
  const seen = new Map<string, string>();
  const askedIn = new Map<string, string>();
  for (const file of files) {
    const shown = statSync(path).isDirectory() ? relative(path, file) : file;
    try {
      const article = parseArticle(readFileSync(file, 'utf8'), shown);
      const key = `${article.id}.${article.locale}`;
      const other = seen.get(key);
      if (other) throw new ArticleFormatError(shown, `same id and locale as ${other}`);
      seen.set(key, shown);
      claimQuestions(article, shown, askedIn);
      result.articles.push({ file: shown, article });
    } catch (err) {
      result.errors.push(err instanceof ArticleFormatError ? err : new ArticleFormatError(shown, (err as Error).message));
    }
  }
  return result;
}

/**
 * Records an article's alternative questions per language, refusing one another article of the
 * same language already lists: the same question cannot lead to two articles.
 */
function claimQuestions(article: Article, file: string, askedIn: Map<string, string>): void {
  const taken = (article.questions ?? []).find((q) => askedIn.has(`${article.locale}\u0000${sameQuestion(q)}`));
  if (taken !== undefined) {
    const other = askedIn.get(`${article.locale}\u0000${sameQuestion(taken)}`);
    throw new ArticleFormatError(file, `questions: "${taken}" is also a question of ${other}; a question should lead to one article, keep it in the one that answers it`);
  }
  for (const q of article.questions ?? []) askedIn.set(`${article.locale}\u0000${sameQuestion(q)}`, file);
}

/**
 * The passages of every article under `path`, exactly as the bot indexes them (same parser, same
 * sections), for tools that measure retrieval. Throws one error listing every invalid file.
 */
export function readPassages(path: string): Passage[] {
  const { articles, errors } = readArticles(path);
  if (errors.length) throw new Error(describeArticleErrors(`Invalid articles in ${path}:`, errors));
  return articles.flatMap((a) => toPassages(a.article));
}

/** `heading`, then every problem of `errors` on its own indented line. */
export function describeArticleErrors(heading: string, errors: ArticleFormatError[]): string {
  return [heading, ...errors.flatMap((e) => e.message.split('\n')).map((line) => `  ${line}`)].join('\n');
}

function listMarkdown(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name.startsWith('.') ? [] : listMarkdown(full);
      return entry.isFile() && entry.name.endsWith('.md') && !/^readme\.md$/i.test(entry.name) ? [full] : [];
    });
}

/** Counts of what an import did. */
export type ImportSummary = Record<ImportOutcome, number>;

/** Imports articles one by one (reindexing each), reporting progress after each. */
export async function importArticles(
  kb: KnowledgeBase,
  articles: Article[],
  options: { mode?: 'overwrite' | 'sync'; author?: string; onProgress?: (done: number, total: number, article: Article) => void } = {},
): Promise<ImportSummary> {
  const summary: ImportSummary = { created: 0, updated: 0, unchanged: 0, 'kept-editor-changes': 0 };
  let done = 0;
  for (const article of articles) {
    summary[await kb.import(article, options.mode ?? 'overwrite', options.author)]++;
    options.onProgress?.(++done, articles.length, article);
  }
  return summary;
}

/**
 * Writes articles as `<id>.<locale>.md` files into `dir`: the published text of every published
 * article, or with `drafts` every article's working copy. Returns the files written.
 */
export async function exportArticles(store: ArticleStore, dir: string, options: { drafts?: boolean } = {}): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const articles = options.drafts ? await allWorkingCopies(store) : await store.published();
  return articles.map((article) => {
    const file = join(dir, articleFileName(article));
    writeFileSync(file, serializeArticle(article));
    return file;
  });
}

async function allWorkingCopies(store: ArticleStore): Promise<Article[]> {
  const out: Article[] = [];
  for (let offset = 0; ; offset += 500) {
    const { items } = await store.list({ limit: 500, offset });
    out.push(...items);
    if (items.length < 500) return out;
  }
}
