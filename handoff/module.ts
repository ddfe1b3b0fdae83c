import type { AppModule } from '../core/module';
import { chatModelFromEnv } from '../core/llm';
import { llmSummarizer } from './summary';
import { handoffApp, loginApp, type Suggest } from './api';
import { consoleApp, handoffConsolePages } from './console';
import { firstAdminHint, firstRunApp } from './first-run';
import { profileApp } from './profile';
import { hashPassword, Sessions } from './auth';
import { HandoffConfigSchema, handoffSettings } from './config';
import { attachmentsApp } from './media';
import { handoffMiddleware } from './middleware';
import { HandoffRepository } from './repository';
import { handoffMigrations } from './schema';
import { LexiconSentiment, SentimentKey } from '../core/sentiment';
import { CALLBACK_JOB, GRACE_JOB, HandoffService, SLA_JOB } from './service';
import { SlackDesk, slackDeskMigrations, slackDeskSettings } from './slack-desk';
import { ConsoleSocket } from './socket';
import { handoffCustomerData } from './customer-data';
import { apiKeysFrom } from '../core/api-keys';
import { ConsoleSessions, DialogControl, Escalator, HandoffLookup, KnowledgeSearch, MediaStore, serviceKey, type Services } from '../core/services';
import { HandoffChanged, HandoffHistory } from './topics';
import { z } from 'zod';

const SlaPayload = z.object({ handoffId: z.string() });
const GracePayload = z.object({ agentId: z.string() });

/** The handoff service itself (queues, assignment, resolution), for tests and embedders. */
export const HandoffServiceKey = serviceKey<HandoffService>('handoff');

/**
 * Human handoff: escalation triggers (early in every turn), queues and routing, the agent API and
 * sessions, the `escalator` service dialogs call and the `handoffLookup` other modules ask (is a
 * person handling this customer, what did they rate it). The first admin comes from
 * `switchboard agents add --role admin`, or from `SWITCHBOARD_ADMIN_EMAIL` and
 * `SWITCHBOARD_ADMIN_PASSWORD` (and `SWITCHBOARD_ADMIN_NAME`) when no agent exists yet; until an
 * admin exists, start-up logs how to create one.
 */
export function handoffModule(): AppModule {
  let service: HandoffService | undefined;
  let socket: ConsoleSocket | undefined;
  let desk: SlackDesk | undefined;
  const running = (): HandoffService => {
    if (!service) throw new Error('A handoff job ran before the handoff module was set up');
    return service;
  };
  return {
    name: 'handoff',
    config: HandoffConfigSchema,
    provides: [Escalator, HandoffLookup, HandoffServiceKey, ConsoleSessions, HandoffHistory],
    uses: [DialogControl, KnowledgeSearch, SentimentKey],
    topics: [HandoffChanged],
    migrations: [...handoffMigrations, ...slackDeskMigrations],
    customerData: [handoffCustomerData],
    consolePages: handoffConsolePages,
    // Durable jobs: they fire on whichever instance is up, also after the one that set them died.
    jobs: [
      { name: SLA_JOB, run: async (payload) => running().onSla(SlaPayload.parse(payload).handoffId) },
      { name: GRACE_JOB, run: async (payload) => running().requeueAgent(GracePayload.parse(payload).agentId) },
      { name: CALLBACK_JOB, run: async () => void (await running().offerDueCallbacks()) },
    ],
    async setup(ctx) {
      const config = handoffSettings(ctx.bot.config.handoff);
      const repo = new HandoffRepository(ctx.store.sql, () => ctx.store.now());
      service = new HandoffService({
        repo,
        engine: ctx.engine,
        bus: () => ctx.engine().bus,
        logger: ctx.logger,
        handleSeconds: config.handleSeconds,
        graceMs: config.graceSeconds * 1000,
        segmentPriority: config.segmentPriority,
        scheduler: ctx.scheduler,
      });
      ctx.bot.services.provide(Escalator, service);
      ctx.bot.services.provide(HandoffLookup, service);
      ctx.bot.services.provide(HandoffServiceKey, service);
      ctx.bot.services.provide(HandoffHistory, { page: (after, limit) => repo.historyPage(after, limit) });
      ctx.early.use(handoffMiddleware(service, { maxFallbacks: config.maxFallbacks, sentimentThreshold: config.sentimentThreshold, sentiment: ctx.bot.services.get(SentimentKey) ?? new LexiconSentiment() }));
      const sessions = new Sessions(repo, () => apiKeysFrom(ctx.env), config.socketPingSeconds * 1000);
      // Other console pages (analytics) authenticate with the same sessions.
      ctx.bot.services.provide(ConsoleSessions, sessions);
      const services = ctx.bot.services;
      // With an LLM configured (LLM_PROVIDER…), agents get an abstractive summary; else extractive.
      const model = chatModelFromEnv(ctx.env);
      const summarizer = model ? llmSummarizer(model, (err) => ctx.logger.warn({ err }, 'LLM summary failed; using the extractive one')) : undefined;
      // The desk API, the agent's own profile and customers' files under /api/handoff; the console's pages, login and first-run hint at the root.
      const suggest = (question: string, locale: string) => knowledgeSuggest(services, question, locale, ctx.logger);
      ctx.mount({ path: '/api/handoff', app: handoffApp({ service, sessions, store: ctx.store, texts: ctx.bot.config, summarize: summarizer, suggest }) });
      ctx.mount({ path: '/api/handoff', app: profileApp(sessions, repo) });
      const media = () => ctx.bot.services.get(MediaStore);
      const limits = { maxBytes: Number(ctx.env.MEDIA_MAX_BYTES) || undefined, bufferBytes: Number(ctx.env.MEDIA_BUFFER_BYTES) || undefined };
      ctx.mount({ path: '/api/handoff', app: attachmentsApp({ sessions, store: ctx.store, repo, channels: () => ctx.engine().channels, ...limits, media }) });
      ctx.mount({ path: '/', app: loginApp(sessions) });
      ctx.mount({ path: '/', app: consoleApp(sessions) });
      ctx.mount({ path: '/', app: firstRunApp(repo) });
      socket = new ConsoleSocket({ service, sessions, bus: () => ctx.engine().bus, logger: ctx.logger, pingMs: sessions.recheckMs });
      ctx.addUpgrade(socket.upgrade);
      const slack = slackDeskSettings(ctx.env);
      if (slack) {
        desk = new SlackDesk(slack, { service, store: ctx.store, sql: ctx.store.sql, bus: () => ctx.engine().bus, logger: ctx.logger });
        ctx.mount({ path: '/api/handoff', app: desk.app() });
      }
      await bootstrapAdmin(repo, ctx.env);
      const hint = firstAdminHint(await repo.accountCounts());
      if (hint) ctx.logger.warn(hint);
    },
    async start() {
      socket?.start();
      desk?.start();
      await service?.recover();
    },
    async stop() {
      desk?.stop();
      await socket?.close();
    },
  };
}

async function bootstrapAdmin(repo: HandoffRepository, env: NodeJS.ProcessEnv): Promise<void> {
  const email = env.SWITCHBOARD_ADMIN_EMAIL;
  const password = env.SWITCHBOARD_ADMIN_PASSWORD;
  if (!email || !password || (await repo.agents()).length) return;
  // A person's name, not "Admin": customers see it on the agent's messages (changeable in the console).
  const name = env.SWITCHBOARD_ADMIN_NAME?.trim() || nameFromEmail(email);
  await repo.createAgent({ name, email, passwordHash: await hashPassword(password), role: 'admin', skills: [], capacity: 5 });
}

/** "jane.doe@example.com" → "Jane Doe". */
export function nameFromEmail(email: string): string {
  const words = email.split('@')[0].split(/[._+-]+/).filter(Boolean);
  return words.map((w) => w[0].toUpperCase() + w.slice(1)).join(' ') || 'Admin';
}

/**
 * Knowledge-base suggestions for the console, looked up when asked (the knowledge module may be
 * set up after this one): `bot.services.knowledgeSearch(question, locale)` resolving to
 * `[{ articleId, title, text }]`, best first. Without it, or when it fails, there are none: the
 * agent's view must not break because search did.
 */
async function knowledgeSuggest(services: Services, question: string, locale: string, logger: { warn(o: object, m: string): void }): ReturnType<Suggest> {
  const search = services.get(KnowledgeSearch);
  if (!search) return [];
  try {
    const found = (await search(question, locale)) ?? [];
    // The article's language lets editors open it from the suggestion.
    return found.slice(0, 5).map((s) => ({ articleId: String(s.articleId), title: String(s.title), text: String(s.text), ...(s.locale ? { locale: String(s.locale) } : {}) }));
  } catch (err) {
    logger.warn({ err }, 'knowledge suggestions failed');
    return [];
  }
}
