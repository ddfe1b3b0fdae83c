import type { AppModule } from '../server/module';
import { handoffRoutes } from './api';
import { hashPassword, Sessions } from './auth';
import { handoffMiddleware } from './middleware';
import { HandoffRepository } from './repository';
import { handoffMigrations } from './schema';
import { LexiconSentiment } from './sentiment';
import { HandoffService } from './service';

/** Handoff settings from the bot's `handoff:` config block. */
interface HandoffConfig {
  maxFallbacks?: number;
  sentimentThreshold?: number;
  handleSeconds?: number;
  graceSeconds?: number;
  segmentPriority?: Record<string, number>;
}

/**
 * Human handoff: escalation triggers (early in every turn), queues and routing, the agent API and
 * sessions, and the `escalator` service dialogs call. The first admin comes from
 * `SWITCHBOARD_ADMIN_EMAIL` and `SWITCHBOARD_ADMIN_PASSWORD` when no agent exists yet.
 */
export function handoffModule(): AppModule {
  let service: HandoffService | undefined;
  return {
    name: 'handoff',
    migrations: handoffMigrations,
    async setup(ctx) {
      const config = (ctx.bot.config.handoff ?? {}) as HandoffConfig;
      const repo = new HandoffRepository(ctx.store.sql);
      service = new HandoffService({
        repo,
        engine: ctx.engine,
        bus: () => ctx.engine().bus,
        logger: ctx.logger,
        handleSeconds: config.handleSeconds,
        graceMs: config.graceSeconds !== undefined ? config.graceSeconds * 1000 : undefined,
        segmentPriority: config.segmentPriority ?? { 'high-value': 10, loyal: 5 },
      });
      ctx.bot.services.escalator = service;
      ctx.bot.services.handoff = service;
      ctx.early.use(handoffMiddleware(service, { maxFallbacks: config.maxFallbacks, sentimentThreshold: config.sentimentThreshold, sentiment: new LexiconSentiment() }));
      const sessions = new Sessions(repo, () => ctx.env.SWITCHBOARD_API_KEY);
      ctx.addRoutes(handoffRoutes({ service, sessions, store: ctx.store }));
      await bootstrapAdmin(repo, ctx.env);
    },
    async start() {
      await service?.recover();
    },
    stop() {
      service?.stop();
    },
  };
}

async function bootstrapAdmin(repo: HandoffRepository, env: NodeJS.ProcessEnv): Promise<void> {
  const email = env.SWITCHBOARD_ADMIN_EMAIL;
  const password = env.SWITCHBOARD_ADMIN_PASSWORD;
  if (!email || !password || (await repo.agents()).length) return;
  await repo.createAgent({ name: 'Admin', email, passwordHash: await hashPassword(password), role: 'admin', skills: [], capacity: 5 });
}
