import { Hono } from 'hono';
import { z } from 'zod';
import { RequestError } from '../../core/errors';
import { json, readValidJson, validate, validParams } from '../../core/http';
import type { KnowledgeBase } from '../base';
import { authenticateEditor, type EditorAuthOptions } from '../editor-auth';
import type { EvidenceStore } from './evidence';

/** What the evidence API needs: the store, the knowledge base (to check articles), who may edit. */
export interface EvidenceApiOptions extends EditorAuthOptions {
  evidence: EvidenceStore;
  kb: KnowledgeBase;
  maxBodyBytes?: number;
}

const ListQuery = z
  .object({
    status: z.enum(['learned', 'accepted']).optional(),
    article: z.string().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

const EvidencePath = z.object({ id: z.string().min(1) });

/** An agent inserted a suggested article into a reply: the customer's question belongs to it. */
const AgentInsert = z
  .object({
    customerId: z.string().min(1).max(100),
    conversationId: z.string().min(1).max(100),
    question: z.string().trim().min(1).max(1000),
    locale: z.string().min(2).max(20),
    articleId: z.string().min(1).max(100),
    articleLocale: z.string().min(2).max(20),
  })
  .strict();

/**
 * Learned evidence under `/api/kb/evidence` (where it is mounted): editors list it
 * (`?status=learned|accepted&article=`), accept it (`POST /:id/accept`) or remove it
 * (`DELETE /:id`, retrieval stops using it at once); a console user of any role records an
 * agent's insert of a suggested article (`POST`). Each request is authenticated before its path,
 * query or body is read.
 */
export function evidenceApp(options: EvidenceApiOptions): Hono {
  const { evidence } = options;
  const app = new Hono();
  const editor = async (c: { req: { raw: Request } }, next: () => Promise<void>) => {
    await authenticateEditor(c.req.raw, options);
    await next();
  };
  const id = validParams(EvidencePath);
  app.get('/', editor, async (c) => {
    const q = validate(ListQuery, Object.fromEntries(new URL(c.req.url).searchParams), { root: 'query', prefix: 'Invalid query: ' });
    return json({ ...(await evidence.list({ status: q.status, articleId: q.article, limit: q.limit, offset: q.offset })), limit: q.limit, offset: q.offset });
  });
  app.post('/', async (c) => {
    await authenticateAgent(c.req.raw, options);
    const input = await readValidJson(c.req.raw, AgentInsert, { maxBytes: options.maxBodyBytes, prefix: 'Invalid evidence: ' });
    if (!(await options.kb.articles.get(input.articleId, input.articleLocale))) {
      throw new RequestError(404, `No article ${input.articleId} (${input.articleLocale}): evidence must name an article of the knowledge base`);
    }
    return json(await evidence.record({ ...input, helpful: true, source: 'agent-insert' }), 201);
  });
  app.post('/:id/accept', editor, id, async (c) => json(await evidence.accept(c.req.valid('param').id)));
  app.delete('/:id', editor, id, async (c) => {
    await evidence.remove(c.req.valid('param').id);
    return json({ removed: c.req.valid('param').id });
  });
  return app;
}

/** Any signed-in console user (agents insert suggestions), or the editors' key. */
async function authenticateAgent(req: Request, options: EditorAuthOptions): Promise<void> {
  const sessions = options.consoleSessions?.();
  if (sessions && !/^Bearer\s/i.test(req.headers.get('authorization') ?? '')) {
    await sessions.authenticate(req, ['agent', 'editor', 'admin']).catch((err: unknown) => {
      // The console's own 401 names the handoff API's key, which is not this API's.
      if (err instanceof RequestError && err.status === 401) {
        throw new RequestError(401, 'No valid console session: sign in to the console (/console/login), or send "Authorization: Bearer <EDITOR_API_KEY>"');
      }
      throw err;
    });
    return;
  }
  await authenticateEditor(req, options);
}
