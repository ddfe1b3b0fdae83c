import { z } from 'zod';
import type { Route } from '../core/channel';
import { RequestError } from '../core/errors';
import { json, readJson, readOptionalJson } from '../core/http';
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
const ListQuery = z.object({
  id: z.string().max(100).optional(),
  locale: z.string().max(20).optional(),
  tag: z.string().max(50).optional(),
  status: z.enum(['draft', 'published', 'changed']).optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

/**
 * The editor API, JSON under `/api/kb/…`, for a console session of an editor or admin (cookie and
 * CSRF token) or `Authorization: Bearer <EDITOR_API_KEY>`: articles (create, update, publish,
 * unpublish, delete, list, versions), search preview, translation coverage, knowledge gaps and
 * answer feedback. Every change is recorded with its author (`…/history`). Changes take the
 * version the editor loaded (`version`) and are refused with 409 when the article moved on; without
 * one a change applies to whatever is current. See docs/knowledge.md.
 */
export function editorRoutes(options: EditorApiOptions): Route[] {
  const { kb } = options;
  const guard = (handler: (req: Request, params: string[], author: string) => Promise<Response>) => async (req: Request) => {
    const author = await authenticateEditor(req, options);
    try {
      return await handler(req, articleParams(req), author);
    } catch (err) {
      if (err instanceof InvalidInput) return err.response();
      throw err;
    }
  };
  const body = async <T>(req: Request, schema: z.ZodType<T>, what: string, optional = false): Promise<T> => {
    // An optional body left out is `{}`: every field of the schema is then absent.
    const raw = optional ? ((await readOptionalJson(req, options.maxBodyBytes)) ?? {}) : await readJson(req, options.maxBodyBytes);
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new InvalidInput(what, parsed.error);
    return parsed.data;
  };
  const article = '/api/kb/articles/:id/:locale';

  return [
    {
      method: 'GET',
      path: '/api/kb/articles',
      handler: guard(async (req) => {
        const q = parseQuery(req, ListQuery);
        const { items, total } = await kb.articles.list({ id: q.id, locale: q.locale, tag: q.tag, status: q.status, text: q.q, limit: q.limit, offset: q.offset });
        return json({ total, limit: q.limit, offset: q.offset, locales: options.locales, articles: items });
      }),
    },
    {
      method: 'POST',
      path: '/api/kb/articles',
      handler: guard(async (req, _params, author) => {
        const { publish, ...input } = await body(req, CreateSchema, 'article');
        return json(await kb.create(input, { author, publish }), 201);
      }),
    },
    { method: 'GET', path: article, handler: guard(async (_req, [id, locale]) => json(await mustExist(kb, id, locale))) },
    {
      method: 'PUT',
      path: article,
      handler: guard(async (req, [id, locale], author) => {
        const { version, publish, ...patch } = await body(req, UpdateSchema, 'update');
        return json(await kb.update(id, locale, patch, { author, expectedVersion: version, publish }));
      }),
    },
    {
      method: 'DELETE',
      path: article,
      handler: guard(async (req, [id, locale], author) => {
        // DELETE takes the version in the query: clients and proxies may drop a DELETE's body.
        const { version } = parseQuery(req, VersionQuery);
        await kb.delete(id, locale, { author, expectedVersion: version });
        return json({ deleted: { id, locale } });
      }),
    },
    {
      method: 'POST',
      path: `${article}/publish`,
      handler: guard(async (req, [id, locale], author) => {
        const { version } = await body(req, VersionBody, 'publish', true);
        return json(await kb.publish(id, locale, { author, expectedVersion: version }));
      }),
    },
    {
      method: 'POST',
      path: `${article}/unpublish`,
      handler: guard(async (req, [id, locale], author) => {
        const { version } = await body(req, VersionBody, 'unpublish', true);
        return json(await kb.unpublish(id, locale, { author, expectedVersion: version }));
      }),
    },
    {
      method: 'GET',
      path: `${article}/history`,
      handler: guard(async (req, [id, locale]) => {
        const q = parseQuery(req, HistoryQuery);
        const { changes, total } = await kb.articles.history(id, locale, q);
        if (!total) throw new RequestError(404, `No article ${id} (${locale}) has ever existed`);
        return json({ id, locale, total, limit: q.limit, offset: q.offset, changes });
      }),
    },
    {
      method: 'GET',
      path: `${article}/versions`,
      handler: guard(async (_req, [id, locale]) => {
        const versions = await kb.articles.versions(id, locale);
        if (!versions.length) throw new RequestError(404, `No article ${id} (${locale}) has ever existed`);
        return json({ id, locale, versions });
      }),
    },
    {
      method: 'GET',
      path: '/api/kb/search',
      handler: guard(async (req) => {
        const q = parseQuery(req, z.object({ q: z.string().min(1).max(500), locale: z.string().max(20).optional() }));
        const hits = await kb.retriever.search(q.q, { locale: q.locale, limit: 10 });
        return json({ query: q.q, articles: groupByArticle(hits).map(({ hits: _h, best, ...c }) => ({ ...c, passageId: best.id, heading: best.heading })) });
      }),
    },
    {
      method: 'GET',
      path: '/api/kb/coverage',
      handler: guard(async () => {
        const { items } = await kb.articles.list({ limit: 100_000 });
        return json(await kb.insights.coverage(options.locales, items));
      }),
    },
    {
      method: 'GET',
      path: '/api/kb/gaps',
      handler: guard(async (req) => {
        const q = parseQuery(req, z.object({ since: z.coerce.number().int().min(0).optional(), limit: z.coerce.number().int().min(1).max(500).optional() }));
        return json({ gaps: await kb.insights.gaps(q) });
      }),
    },
    {
      method: 'GET',
      path: '/api/kb/feedback',
      handler: guard(async (req) => {
        const q = parseQuery(req, z.object({ articleId: z.string().max(100).optional() }));
        return json(await kb.insights.feedbackStats(q));
      }),
    },
  ];
}


/** `[id, locale]` from `/api/kb/articles/<id>/<locale>[/…]`. */
function articleParams(req: Request): string[] {
  const parts = new URL(req.url).pathname.split('/').filter(Boolean);
  return parts[2] === 'articles' ? parts.slice(3, 5).map(decodeURIComponent) : [];
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
