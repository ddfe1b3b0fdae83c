import { Hono, type MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { RequestError } from '../core/errors';
import { json, readJson, readOptionalJson, validParams } from '../core/http';
import { ArticleSchema, describeIssues, FrontMatterSchema } from './articles/article';
import type { KnowledgeBase } from './base';
import { groupByArticle } from './confidence';
import { authenticateEditor, type EditorAuthOptions } from './editor-auth';

/** What the editor API needs: the knowledge base, and who may edit (the key, console sessions). */
export interface EditorApiOptions extends EditorAuthOptions {
  kb: KnowledgeBase;
  /** The bot's languages (coverage report, the console's language choices). */
  locales: string[];
  maxBodyBytes?: number;
}

/**
 * Invalid input: a 400 whose body also lists each problem by field (`issues`), so the console can
 * show it next to the field it is about.
 */
class InvalidInput extends RequestError {
  private readonly issues: Array<{ field: string | null; message: string }>;

  constructor(what: string, error: z.ZodError) {
    super(400, `Invalid ${what}: ${describeIssues(error)}`);
    this.issues = error.issues.map((i) => ({ field: i.path.length ? i.path.join('.') : null, message: i.message }));
  }

  response(): Response {
    return json({ error: this.message, issues: this.issues }, 400);
  }
}

const Version = z.number().int().positive();
const CreateSchema = ArticleSchema.extend({ publish: z.boolean().optional() });
const UpdateSchema = FrontMatterSchema.pick({ title: true, tags: true, questions: true, codes: true })
  .extend({
    /** `null` or `""` removes the URL (a form's emptied field); absent keeps it. */
    url: z.preprocess((v) => (v === '' ? null : v), FrontMatterSchema.shape.url.unwrap().nullable()),
    body: ArticleSchema.shape.body,
    /** The version the editor loaded: refused with 409 when someone saved since. */
    version: Version.optional(),
    publish: z.boolean().optional(),
  })
  .partial()
  .strict();
/** The version the editor loaded, for publish and unpublish (a body is optional: without one there is no check). */
const VersionBody = z.object({ version: Version.optional() }).strict();
const VersionQuery = z.object({ version: z.coerce.number().pipe(Version).optional() }).strict();
const HistoryQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
/** An article's path: its id and language (`/articles/:id/:locale`). */
const ArticlePath = z.object({ id: z.string().min(1), locale: z.string().min(1) });
const SearchQuery = z.object({ q: z.string().min(1).max(500), locale: z.string().max(20).optional() });
const GapsQuery = z.object({ since: z.coerce.number().int().min(0).optional(), limit: z.coerce.number().int().min(1).max(500).optional() });
const FeedbackQuery = z.object({ articleId: z.string().max(100).optional() });
const ListQuery = z.object({
  id: z.string().max(100).optional(),
  locale: z.string().max(20).optional(),
  tag: z.string().max(50).optional(),
  status: z.enum(['draft', 'published', 'changed']).optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

/** The editor API's context: who is editing, as the version history records them. */
type EditorEnv = { Variables: { author: string } };

/**
 * The editor API, JSON under `/api/kb` (where it is mounted), for a console session of an editor
 * or admin (cookie and CSRF token) or `Authorization: Bearer <EDITOR_API_KEY>`: articles (create,
 * update, publish, unpublish, delete, list, versions), search preview, translation coverage,
 * knowledge gaps and answer feedback. Every change is recorded with its author (`…/history`).
 * Changes take the version the editor loaded (`version`) and are refused with 409 when the article
 * moved on; without one a change applies to whatever is current. Each request is authenticated
 * before its path, query or body is read. See docs/knowledge.md.
 */
export function editorApp(options: EditorApiOptions): Hono {
  const { kb } = options;
  const app = new Hono<EditorEnv>();
  const editor = createMiddleware<EditorEnv>(async (c, next) => {
    c.set('author', await authenticateEditor(c.req.raw, options));
    await next();
  });
  const article = validParams(ArticlePath);
  const body = async <T>(req: Request, schema: z.ZodType<T>, what: string, optional = false): Promise<T> => {
    // An optional body left out is `{}`: every field of the schema is then absent.
    const raw = optional ? ((await readOptionalJson(req, options.maxBodyBytes)) ?? {}) : await readJson(req, options.maxBodyBytes);
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new InvalidInput(what, parsed.error);
    return parsed.data;
  };

  app.get('/articles', editor, async (c) => {
    const q = parseQuery(c.req.raw, ListQuery);
    const { items, total } = await kb.articles.list({ id: q.id, locale: q.locale, tag: q.tag, status: q.status, text: q.q, limit: q.limit, offset: q.offset });
    return json({ total, limit: q.limit, offset: q.offset, locales: options.locales, articles: items });
  });
  app.post('/articles', editor, async (c) => {
    const { publish, ...input } = await body(c.req.raw, CreateSchema, 'article');
    return json(await kb.create(input, { author: c.get('author'), publish }), 201);
  });
  app.get('/articles/:id/:locale', editor, article, async (c) => {
    const { id, locale } = c.req.valid('param');
    return json(await mustExist(kb, id, locale));
  });
  app.put('/articles/:id/:locale', editor, article, async (c) => {
    const { id, locale } = c.req.valid('param');
    const { version, publish, ...patch } = await body(c.req.raw, UpdateSchema, 'update');
    return json(await kb.update(id, locale, patch, { author: c.get('author'), expectedVersion: version, publish }));
  });
  app.delete('/articles/:id/:locale', editor, article, async (c) => {
    const { id, locale } = c.req.valid('param');
    // DELETE takes the version in the query: clients and proxies may drop a DELETE's body.
    const { version } = parseQuery(c.req.raw, VersionQuery);
    await kb.delete(id, locale, { author: c.get('author'), expectedVersion: version });
    return json({ deleted: { id, locale } });
  });
  app.post('/articles/:id/:locale/publish', editor, article, async (c) => {
    const { id, locale } = c.req.valid('param');
    const { version } = await body(c.req.raw, VersionBody, 'publish', true);
    return json(await kb.publish(id, locale, { author: c.get('author'), expectedVersion: version }));
  });
  app.post('/articles/:id/:locale/unpublish', editor, article, async (c) => {
    const { id, locale } = c.req.valid('param');
    const { version } = await body(c.req.raw, VersionBody, 'unpublish', true);
    return json(await kb.unpublish(id, locale, { author: c.get('author'), expectedVersion: version }));
  });
  app.get('/articles/:id/:locale/history', editor, article, async (c) => {
    const { id, locale } = c.req.valid('param');
    const q = parseQuery(c.req.raw, HistoryQuery);
    const { changes, total } = await kb.articles.history(id, locale, q);
    if (!total) throw new RequestError(404, `No article ${id} (${locale}) has ever existed`);
    return json({ id, locale, total, limit: q.limit, offset: q.offset, changes });
  });
  app.get('/articles/:id/:locale/versions', editor, article, async (c) => {
    const { id, locale } = c.req.valid('param');
    const versions = await kb.articles.versions(id, locale);
    if (!versions.length) throw new RequestError(404, `No article ${id} (${locale}) has ever existed`);
    return json({ id, locale, versions });
  });
  insightRoutes(app, options, editor);
  // Invalid bodies list their problems by field; every other error goes to the app's handler.
  app.onError((err) => {
    if (err instanceof InvalidInput) return err.response();
    throw err;
  });
  // Mounted as a plain app: the author is this app's own context, nobody else's.
  return new Hono().route('/', app);
}

/** Search preview, translation coverage, knowledge gaps and answer feedback: reads for editors. */
function insightRoutes(app: Hono<EditorEnv>, options: EditorApiOptions, editor: MiddlewareHandler<EditorEnv>): void {
  const { kb } = options;
  app.get('/search', editor, async (c) => {
    const q = parseQuery(c.req.raw, SearchQuery);
    const hits = await kb.retriever.search(q.q, { locale: q.locale, limit: 10 });
    return json({ query: q.q, articles: groupByArticle(hits).map(({ hits: _h, best, ...c }) => ({ ...c, passageId: best.id, heading: best.heading })) });
  });
  app.get('/coverage', editor, async () => {
    const { items } = await kb.articles.list({ limit: 100_000 });
    return json(await kb.insights.coverage(options.locales, items));
  });
  app.get('/gaps', editor, async (c) => json({ gaps: await kb.insights.gaps(parseQuery(c.req.raw, GapsQuery)) }));
  app.get('/feedback', editor, async (c) => json(await kb.insights.feedbackStats(parseQuery(c.req.raw, FeedbackQuery))));
}

function parseQuery<T>(req: Request, schema: z.ZodType<T>): T {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new RequestError(400, `Invalid query: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

async function mustExist(kb: KnowledgeBase, id: string, locale: string) {
  const found = await kb.articles.get(id, locale);
  if (!found) throw new RequestError(404, `No article ${id} (${locale}); list them with GET /api/kb/articles`);
  return found;
}
