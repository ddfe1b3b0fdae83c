import { z } from 'zod';
import type { Route } from '../core/channel';
import { RequestError } from '../core/errors';
import { clientAddress, json, readJson } from '../core/http';
import type { Store } from '../core/storage/store';
import { hashPassword, sessionCookie, type Principal, type Sessions } from './auth';
import type { Role } from './model';
import { HandoffError, type HandoffService } from './service';
import { toConsoleMessage } from './socket';
import { summarize, type Summarizer } from './summary';

const Login = z.object({ email: z.string().email(), password: z.string().min(1) }).strict();
const Text = z.object({ text: z.string().trim().min(1).max(4000) }).strict();
const Transfer = z.object({ agentId: z.string().optional(), queueId: z.string().optional() }).strict();
const Outcome = z.enum(['done', 'no-answer', 'cancelled']);
const Resolve = z.object({ resume: z.enum(['continue', 'end']).optional(), csat: z.boolean().optional(), emailSummary: z.boolean().optional(), outcome: Outcome.optional() }).strict();
const CallbackClose = z.object({ outcome: Outcome }).strict();
const Status = z.object({ status: z.enum(['available', 'away', 'offline']) }).strict();
const NewAgent = z
  .object({
    name: z.string().min(1).max(100),
    email: z.string().email(),
    password: z.string().min(8),
    role: z.enum(['agent', 'editor', 'admin']).default('agent'),
    skills: z.array(z.string()).default([]),
    capacity: z.number().int().min(1).max(50).default(3),
  })
  .strict();
const AgentPatch = z
  .object({ name: z.string().trim().min(1).max(100).optional(), role: z.enum(['agent', 'editor', 'admin']).optional(), skills: z.array(z.string()).optional(), capacity: z.number().int().min(1).max(50).optional() })
  .strict();
const QueueBody = z
  .object({
    name: z.string().min(1),
    skills: z.array(z.string()).default([]),
    priority: z.number().int().default(0),
    slaSeconds: z.number().int().min(10).default(300),
    hours: z.object({ timezone: z.string(), days: z.record(z.string(), z.array(z.string().regex(/^\d\d:\d\d-\d\d:\d\d$/))) }).optional(),
  })
  .strict();

/** What the API needs. */
export interface HandoffApiDeps {
  service: HandoffService;
  sessions: Sessions;
  store: Store;
  /** How to summarise a conversation (extractive unless an LLM is configured). */
  summarize?: Summarizer;
  /** Knowledge-base suggestions for a question (from the knowledge module), when there is one. */
  suggest?: Suggest;
}

/** Finds knowledge-base articles that answer a question, best first. */
export type Suggest = (question: string, locale: string) => Promise<Array<{ title: string; text: string; articleId: string; locale?: string }>>;

/**
 * The agent desk's REST API, used by the console and by teams plugging in their own desk: log in,
 * the queue, a conversation with its whole cross-channel transcript, reply, note, transfer, resolve,
 * agent status, and (admins) agents and queues. Every route refuses an unauthenticated request.
 */
export function handoffRoutes(deps: HandoffApiDeps): Route[] {
  const { service, sessions, store } = deps;
  const repo = service.repo;
  const route = (method: Route['method'], path: string, roles: Role[], handler: (req: Request, who: Principal, params: string[]) => Promise<Response>): Route => ({
    method,
    path,
    handler: async (req) => {
      const who = await sessions.authenticate(req, roles);
      const params = matchParams(path, new URL(req.url).pathname);
      try {
        return await handler(req, who, params);
      } catch (err) {
        if (err instanceof HandoffError) throw new RequestError(err.status, err.message);
        throw err;
      }
    },
  });
  const body = async <T extends z.ZodType>(req: Request, schema: T): Promise<z.infer<T>> => {
    const parsed = schema.safeParse(await readJson(req));
    if (!parsed.success) throw new RequestError(400, parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    return parsed.data;
  };
  const agentOf = (who: Principal, req?: Request) => {
    if (who.kind === 'agent') return who.agent.id;
    const header = req?.headers.get('x-agent-id');
    if (!header) throw new RequestError(400, 'With the API key, say which agent acts: x-agent-id header');
    return header;
  };
  const ALL: Role[] = ['agent', 'editor', 'admin'];
  const ADMIN: Role[] = ['admin'];

  return [
    {
      method: 'POST',
      path: '/console/login',
      handler: async (req) => {
        const { email, password } = await body(req, Login);
        const { token, csrf, agent } = await sessions.login(email, password, clientAddress(req));
        // Behind a TLS-terminating proxy the request URL says http: trust its forwarded protocol for `Secure`.
        const secure = new URL(req.url).protocol === 'https:' || req.headers.get('x-forwarded-proto') === 'https';
        return json({ agent, csrf }, 200, { 'set-cookie': sessionCookie(token, secure) });
      },
    },
    {
      method: 'POST',
      path: '/console/logout',
      handler: async (req) => {
        await sessions.logout(req);
        return json({ ok: true }, 200, { 'set-cookie': sessionCookie('', false).replace(/Max-Age=\d+/, 'Max-Age=0') });
      },
    },
    route('GET', '/api/handoff/me', ALL, async (_req, who) => json(who.kind === 'agent' ? { agent: who.agent, csrf: (who as { csrf?: string }).csrf } : { apiKey: true })),
    route('PUT', '/api/handoff/me/status', ALL, async (req, who) => {
      const { status } = await body(req, Status);
      await service.setAgentStatus(agentOf(who, req), status);
      return json({ status });
    }),
    route('GET', '/api/handoff/queue', ALL, async () => {
      const handoffs = await repo.list({ status: ['waiting', 'assigned'] });
      const items = await Promise.all(
        handoffs.map(async (h) => {
          const customer = await store.getCustomer(h.customerId);
          const [last] = await store.recentMessages({ conversationId: h.conversationId, limit: 1, direction: 'inbound' });
          return { ...h, customerName: customer?.profile.name ?? null, waitingSeconds: Math.round((repo.now() - h.requestedAt) / 1000), lastMessage: last?.text ?? null, channel: last?.channel ?? null };
        }),
      );
      const agents = (await repo.agents()).map(({ id, name, status, load, capacity }) => ({ id, name, status, load, capacity }));
      return json({ handoffs: items, callbacks: await callbackItems(service, store), agents });
    }),
    route('GET', '/api/handoff/callbacks', ALL, async () => json({ callbacks: await callbackItems(service, store) })),
    route('POST', '/api/handoff/callbacks/:id/outcome', ALL, async (req, _who, [id]) => {
      const { outcome } = await body(req, CallbackClose);
      return json({ callback: await service.closeCallback(id, outcome) });
    }),
    route('GET', '/api/handoff/conversations/:id', ALL, async (_req, _who, [id]) => {
      const handoff = await repo.get(id);
      if (!handoff) throw new RequestError(404, `No handoff ${id}`);
      const conversation = await store.getConversation(handoff.conversationId);
      const customer = await store.getCustomer(handoff.customerId);
      // The latest 500 across every channel: a long history must not push out today's words.
      const transcript = await store.recentMessages({ customerId: handoff.customerId, limit: 500 });
      const lastQuestion = transcript.filter((m) => m.direction === 'inbound' && m.text).pop()?.text;
      const locale = (conversation?.state.locale as string | undefined) ?? handoff.language ?? 'en';
      return json({
        handoff,
        customer,
        addresses: customer ? await store.addresses(customer.id) : [],
        language: locale,
        intent: transcript.filter((m) => m.direction === 'inbound').map((m) => m.metadata?.intent).filter(Boolean).pop() ?? null,
        summary: await (deps.summarize ?? (async (t) => summarize(t)))(transcript),
        notes: await repo.notes(id),
        suggestions: lastQuestion && deps.suggest ? await deps.suggest(lastQuestion, locale) : [],
        transcript: transcript.filter((m) => m.metadata?.confidential !== true).map(toConsoleMessage),
      });
    }),
    route('POST', '/api/handoff/conversations/:id/claim', ALL, async (req, who, [id]) => json({ handoff: await service.transfer(id, { agentId: agentOf(who, req) }) })),
    route('POST', '/api/handoff/conversations/:id/reply', ALL, async (req, who, [id]) => {
      const { text } = await body(req, Text);
      const sent = await service.reply(agentOf(who, req), id, text);
      return json({ messages: sent.map((m) => ({ id: m.id, channel: m.channel, status: m.status, error: m.error })) });
    }),
    route('POST', '/api/handoff/conversations/:id/notes', ALL, async (req, who, [id]) => {
      const { text } = await body(req, Text);
      await service.note(agentOf(who, req), id, text);
      return json({ notes: await repo.notes(id) });
    }),
    route('POST', '/api/handoff/conversations/:id/transfer', ALL, async (req, _who, [id]) => json({ handoff: await service.transfer(id, await body(req, Transfer)) })),
    route('POST', '/api/handoff/conversations/:id/resolve', ALL, async (req, _who, [id]) => {
      await service.resolve(id, await body(req, Resolve));
      return json({ handoff: await repo.get(id) });
    }),
    route('GET', '/api/handoff/agents', ALL, async () => json({ agents: await repo.agents() })),
    route('POST', '/api/handoff/agents', ADMIN, async (req) => {
      const a = await body(req, NewAgent);
      if (await repo.agentByEmail(a.email)) throw new RequestError(409, `An agent with e-mail ${a.email} exists`);
      const agent = await repo.createAgent({ ...a, passwordHash: await hashPassword(a.password) });
      return json({ agent }, 201);
    }),
    route('PUT', '/api/handoff/agents/:id', ADMIN, async (req, _who, [id]) => {
      if (!(await repo.agent(id))) throw new RequestError(404, `No agent ${id}`);
      await repo.updateAgent(id, await body(req, AgentPatch));
      return json({ agent: await repo.agent(id) });
    }),
    route('GET', '/api/handoff/queues', ALL, async () => json({ queues: await repo.queues() })),
    route('PUT', '/api/handoff/queues/:id', ADMIN, async (req, _who, [id]) => {
      const q = await body(req, QueueBody);
      const hours = q.hours && { timezone: q.hours.timezone, days: Object.fromEntries(Object.entries(q.hours.days).map(([d, r]) => [Number(d), r])) };
      return json({ queue: await repo.upsertQueue({ ...q, hours, id }) });
    }),
  ];
}

/** Callbacks still to make (scheduled or with an agent), earliest due first, with the customer's name. */
async function callbackItems(service: HandoffService, store: Store) {
  const callbacks = await service.callbacks.list(['scheduled', 'assigned']);
  return Promise.all(callbacks.map(async (c) => ({ ...c, customerName: (await store.getCustomer(c.customerId))?.profile.name ?? null })));
}

/** The `:param` values of a path pattern. */
function matchParams(pattern: string, path: string): string[] {
  const names = pattern.split('/');
  return path
    .split('/')
    .filter((_, i) => names[i]?.startsWith(':'))
    .map(decodeURIComponent);
}
