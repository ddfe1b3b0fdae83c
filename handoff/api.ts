import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { RequestError } from '../core/errors';
import { clientAddress, json, readValidJson, validParams } from '../core/http';
import type { Store } from '../core/storage/store';
import type { TextSource } from '../core/texts';
import { hashPassword, sessionCookie, type Principal, type Sessions } from './auth';
import type { Role } from './model';
import { HandoffError, type HandoffService } from './service';
import { toConsoleMessage } from './socket';
import { summarize, type Summarizer } from './summary';
import { cannedReplies } from './texts';

/** A handoff, callback, agent or queue named in the path. */
const IdPath = z.object({ id: z.string().min(1) });
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
  /** The bot's own texts (`bot.yaml` `messages:`), which override the canned replies' built-in ones. */
  texts: TextSource;
  /** How to summarise a conversation (extractive unless an LLM is configured). */
  summarize?: Summarizer;
  /** Knowledge-base suggestions for a question (from the knowledge module), when there is one. */
  suggest?: Suggest;
}

/** Finds knowledge-base articles that answer a question, best first. */
export type Suggest = (question: string, locale: string) => Promise<Array<{ title: string; text: string; articleId: string; locale?: string }>>;

/** The desk API's context: who is acting (a console session or the API key). */
type DeskEnv = { Variables: { who: Principal & { csrf?: string } } };

const ALL: Role[] = ['agent', 'editor', 'admin'];
const ADMIN: Role[] = ['admin'];

/**
 * The agent desk's REST API, mounted at `/api/handoff`, used by the console and by teams plugging
 * in their own desk: the queue, a conversation with its whole cross-channel transcript, reply,
 * note, transfer, resolve, agent status, and (admins) agents and queues. Every route refuses an
 * unauthenticated request before it reads its path or body.
 */
export function handoffApp(deps: HandoffApiDeps): Hono {
  const { service, sessions, store } = deps;
  const repo = service.repo;
  const app = new Hono<DeskEnv>();
  const as = (roles: Role[]) =>
    createMiddleware<DeskEnv>(async (c, next) => {
      c.set('who', await sessions.authenticate(c.req.raw, roles));
      await next();
    });
  const id = validParams(IdPath);
  const agentOf = (c: { get(key: 'who'): Principal; req: { raw: Request } }) => actingAgent(c.get('who'), c.req.raw);

  app.get('/me', as(ALL), (c) => {
    const who = c.get('who');
    return json(who.kind === 'agent' ? { agent: who.agent, csrf: who.csrf } : { apiKey: true });
  });
  app.put('/me/status', as(ALL), async (c) => {
    const { status } = await readValidJson(c.req.raw, Status);
    await service.setAgentStatus(agentOf(c), status);
    return json({ status });
  });
  app.get('/queue', as(ALL), async () => json(await queueView(deps)));
  app.get('/callbacks', as(ALL), async () => json({ callbacks: await callbackItems(service, store) }));
  app.post('/callbacks/:id/outcome', as(ALL), id, async (c) => {
    const { outcome } = await readValidJson(c.req.raw, CallbackClose);
    return json({ callback: await service.closeCallback(c.req.valid('param').id, outcome) });
  });
  app.get('/conversations/:id', as(ALL), id, async (c) => json(await conversationView(deps, c.req.valid('param').id)));
  app.post('/conversations/:id/claim', as(ALL), id, async (c) => json({ handoff: await service.transfer(c.req.valid('param').id, { agentId: agentOf(c) }) }));
  app.post('/conversations/:id/reply', as(ALL), id, async (c) => {
    const { text } = await readValidJson(c.req.raw, Text);
    const sent = await service.reply(agentOf(c), c.req.valid('param').id, text);
    return json({ messages: sent.map((m) => ({ id: m.id, channel: m.channel, status: m.status, error: m.error })) });
  });
  app.post('/conversations/:id/notes', as(ALL), id, async (c) => {
    const { text } = await readValidJson(c.req.raw, Text);
    await service.note(agentOf(c), c.req.valid('param').id, text);
    return json({ notes: await repo.notes(c.req.valid('param').id) });
  });
  app.post('/conversations/:id/transfer', as(ALL), id, async (c) => json({ handoff: await service.transfer(c.req.valid('param').id, await readValidJson(c.req.raw, Transfer)) }));
  app.post('/conversations/:id/resolve', as(ALL), id, async (c) => {
    await service.resolve(c.req.valid('param').id, await readValidJson(c.req.raw, Resolve));
    return json({ handoff: await repo.get(c.req.valid('param').id) });
  });
  app.get('/agents', as(ALL), async () => json({ agents: await repo.agents() }));
  app.post('/agents', as(ADMIN), async (c) => {
    const a = await readValidJson(c.req.raw, NewAgent);
    if (await repo.agentByEmail(a.email)) throw new RequestError(409, `An agent with e-mail ${a.email} exists`);
    const agent = await repo.createAgent({ ...a, passwordHash: await hashPassword(a.password) });
    return json({ agent }, 201);
  });
  app.put('/agents/:id', as(ADMIN), id, async (c) => {
    const agentId = c.req.valid('param').id;
    if (!(await repo.agent(agentId))) throw new RequestError(404, `No agent ${agentId}`);
    await repo.updateAgent(agentId, await readValidJson(c.req.raw, AgentPatch));
    return json({ agent: await repo.agent(agentId) });
  });
  app.get('/queues', as(ALL), async () => json({ queues: await repo.queues() }));
  app.put('/queues/:id', as(ADMIN), id, async (c) => {
    const q = await readValidJson(c.req.raw, QueueBody);
    const hours = q.hours && { timezone: q.hours.timezone, days: Object.fromEntries(Object.entries(q.hours.days).map(([d, r]) => [Number(d), r])) };
    return json({ queue: await repo.upsertQueue({ ...q, hours, id: c.req.valid('param').id }) });
  });
  // The service's refusals (not yours, already resolved…) carry their own status.
  app.onError((err) => {
    if (err instanceof HandoffError) throw new RequestError(err.status, err.message);
    throw err;
  });
  // Mounted as a plain app: who is acting is this app's own context.
  return new Hono().route('/', app);
}

/**
 * `POST /console/login` and `POST /console/logout`, mounted at the root beside the console's
 * pages: a session cookie and its CSRF token for an agent's e-mail and password.
 */
export function loginApp(sessions: Sessions): Hono {
  const app = new Hono();
  app.post('/console/login', async (c) => {
    const req = c.req.raw;
    const { email, password } = await readValidJson(req, Login);
    const { token, csrf, agent } = await sessions.login(email, password, clientAddress(req));
    // Behind a TLS-terminating proxy the request URL says http: trust its forwarded protocol for `Secure`.
    const secure = new URL(req.url).protocol === 'https:' || req.headers.get('x-forwarded-proto') === 'https';
    return json({ agent, csrf }, 200, { 'set-cookie': sessionCookie(token, secure) });
  });
  app.post('/console/logout', async (c) => {
    await sessions.logout(c.req.raw);
    return json({ ok: true }, 200, { 'set-cookie': sessionCookie('', false).replace(/Max-Age=\d+/, 'Max-Age=0') });
  });
  return app;
}

/** The agent acting: the signed-in one, or with the API key the one named in `x-agent-id`. */
function actingAgent(who: Principal, req: Request): string {
  if (who.kind === 'agent') return who.agent.id;
  const header = req.headers.get('x-agent-id');
  if (!header) throw new RequestError(400, 'With the API key, say which agent acts: x-agent-id header');
  return header;
}

/** `GET /queue`: waiting and assigned handoffs with their customer and last message, callbacks, agents. */
async function queueView({ service, store }: HandoffApiDeps) {
  const repo = service.repo;
  const handoffs = await repo.list({ status: ['waiting', 'assigned'] });
  const items = await Promise.all(
    handoffs.map(async (h) => {
      const customer = await store.getCustomer(h.customerId);
      const [last] = await store.recentMessages({ conversationId: h.conversationId, limit: 1, direction: 'inbound' });
      return { ...h, customerName: customer?.profile.name ?? null, waitingSeconds: Math.round((repo.now() - h.requestedAt) / 1000), lastMessage: last?.text ?? null, channel: last?.channel ?? null };
    }),
  );
  const agents = (await repo.agents()).map(({ id, name, status, load, capacity }) => ({ id, name, status, load, capacity }));
  return { handoffs: items, callbacks: await callbackItems(service, store), agents };
}

/**
 * `GET /conversations/:id`: the handoff with its customer, summary, notes, suggestions, the canned
 * replies in the customer's language, and transcript.
 */
async function conversationView(deps: HandoffApiDeps, id: string) {
  const { service, store } = deps;
  const repo = service.repo;
  const handoff = await repo.get(id);
  if (!handoff) throw new RequestError(404, `No handoff ${id}`);
  const conversation = await store.getConversation(handoff.conversationId);
  const customer = await store.getCustomer(handoff.customerId);
  // The latest 500 across every channel: a long history must not push out today's words.
  const transcript = await store.recentMessages({ customerId: handoff.customerId, limit: 500 });
  const lastQuestion = transcript.filter((m) => m.direction === 'inbound' && m.text).pop()?.text;
  const locale = (conversation?.state.locale as string | undefined) ?? handoff.language ?? 'en';
  return {
    handoff,
    customer,
    addresses: customer ? await store.addresses(customer.id) : [],
    language: locale,
    intent: transcript.filter((m) => m.direction === 'inbound').map((m) => m.metadata?.intent).filter(Boolean).pop() ?? null,
    summary: await (deps.summarize ?? (async (t) => summarize(t)))(transcript),
    notes: await repo.notes(id),
    suggestions: lastQuestion && deps.suggest ? await deps.suggest(lastQuestion, locale) : [],
    canned: cannedReplies(deps.texts, locale),
    transcript: transcript.filter((m) => m.metadata?.confidential !== true).map(toConsoleMessage),
  };
}

/** Callbacks still to make (scheduled or with an agent), earliest due first, with the customer's name. */
async function callbackItems(service: HandoffService, store: Store) {
  const callbacks = await service.callbacks.list(['scheduled', 'assigned']);
  return Promise.all(callbacks.map(async (c) => ({ ...c, customerName: (await store.getCustomer(c.customerId))?.profile.name ?? null })));
}
