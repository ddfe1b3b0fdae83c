import { z } from 'zod';
import type { Route } from '../../core/channel';
import { RequestError } from '../../core/errors';
import { json, readJson } from '../../core/http';
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
 * Learned evidence under `/api/kb/evidence`: editors list it (`?status=learned|accepted&article=`),
 * accept it (`POST …/:id/accept`) or remove it (`DELETE …/:id`, retrieval stops using it at once);
 * a console user of any role records an agent's insert of a suggested article (`POST`).
 */
export function evidenceRoutes(options: EvidenceApiOptions): Route[] {
  const { evidence } = options;
  const idOf = (req: Request) => decodeURIComponent(new URL(req.url).pathname.split('/')[4] ?? '');
  return [
    {
      method: 'GET',
      path: '/api/kb/evidence',
      handler: async (req) => {
        await authenticateEditor(req, options);
        const parsed = ListQuery.safeParse(Object.fromEntries(new URL(req.url).searchParams));
        if (!parsed.success) throw new RequestError(400, `Invalid query: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ')}`);
        const q = parsed.data;
        return json({ ...(await evidence.list({ status: q.status, articleId: q.article, limit: q.limit, offset: q.offset })), limit: q.limit, offset: q.offset });
      },
    },
    {
      method: 'POST',
      path: '/api/kb/evidence',
      handler: async (req) => {
        await authenticateAgent(req, options);
        const parsed = AgentInsert.safeParse(await readJson(req, options.maxBodyBytes));
        if (!parsed.success) throw new RequestError(400, `Invalid evidence: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`);
        const input = parsed.data;
        if (!(await options.kb.articles.get(input.articleId, input.articleLocale))) {
          throw new RequestError(404, `No article ${input.articleId} (${input.articleLocale}): evidence must name an article of the knowledge base`);
        }
        return json(await evidence.record({ ...input, helpful: true, source: 'agent-insert' }), 201);
      },
    },
    {
      method: 'POST',
      path: '/api/kb/evidence/:id/accept',
      handler: async (req) => {
        await authenticateEditor(req, options);
        return json(await evidence.accept(idOf(req)));
      },
    },
    {
      method: 'DELETE',
      path: '/api/kb/evidence/:id',
      handler: async (req) => {
        await authenticateEditor(req, options);
        await evidence.remove(idOf(req));
        return json({ removed: idOf(req) });
      },
    },
  ];
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
