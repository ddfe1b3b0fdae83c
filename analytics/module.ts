import type { AppModule } from '../core/module';
import type { Composer } from '../core/composer';
import type { TurnContext } from '../core/context';
import { LexiconSentiment, SentimentKey, type SentimentAnalyzer } from '../core/sentiment';
import { analyticsApp } from './api';
import { AnalyticsConfigSchema, analyticsSettings } from './config';
import { csatAfterBot, csatMigrations } from './csat';
import { analyticsConsolePages, dashboardApp } from './pages';
import { LiveTiles, TILES_TOPIC } from './live';
import { registerMetrics, type AnalyticsMetrics } from './prometheus';
import { summarize } from './report';
import { AnalyticsReadModel, readModelMigrations } from './read-model';
import { backfill, backfillMigrations } from './backfill';
import { HandoffHistory } from '../handoff/topics';
import { QuestionHistory } from '../knowledge/topics';
import { round } from './satisfaction';
import { analyticsCustomerData } from './customer-data';
import { SurveyScores, surveyReadModelMigrations } from './surveys';
import { ConsoleSessions, HandoffLookup } from '../core/services';

/** Re-exported where bots found it before it moved to core (core/sentiment.ts owns it). */
export { SentimentKey };

const DAY = 86_400_000;

/**
 * Analytics: records the sentiment of every customer message (`metadata.sentiment`), serves the
 * analytics API, the console's dashboard and staffing pages with live tiles, and Prometheus
 * metrics. A custom analyzer can be provided as the `SentimentKey` service (a `SentimentAnalyzer`).
 * Settings: bot.yaml's `analytics:` block (`liveThrottleMs`, default 2000: the least time between
 * two live-tile pushes; `csatAfterBot`: ask for a rating when the bot ends a conversation on its
 * own), each overridden by `ANALYTICS_LIVE_THROTTLE_MS` / `ANALYTICS_CSAT_AFTER_BOT` when set.
 */
export function analyticsModule(): AppModule {
  let live: LiveTiles | undefined;
  let model: AnalyticsReadModel | undefined;
  let surveys: SurveyScores | undefined;
  const unfollow: Array<() => void> = [];
  const stopping = new AbortController();
  let backfilling: Promise<unknown> | undefined;
  return {
    name: 'analytics',
    config: AnalyticsConfigSchema,
    uses: [HandoffLookup, ConsoleSessions, SentimentKey, HandoffHistory, QuestionHistory],
    topics: [TILES_TOPIC],
    migrations: [...csatMigrations, ...readModelMigrations, ...backfillMigrations, ...surveyReadModelMigrations],
    customerData: [analyticsCustomerData],
    consolePages: analyticsConsolePages,
    setup(ctx) {
      const settings = analyticsSettings(ctx.bot.config.analytics, ctx.env);
      // The read model follows handoff and knowledge events from now on, before any turn runs.
      model = new AnalyticsReadModel(ctx.store.sql);
      unfollow.push(model.follow(ctx.bus, ctx.logger));
      // NPS and CSAT from the surveys module's `SurveyAnswered` events, into analytics' own table.
      surveys = new SurveyScores(ctx.store.sql);
      unfollow.push(surveys.follow(ctx.bus, ctx.logger));
      const sources = { store: ctx.store, model };
      const last24h = async () => {
        const now = Date.now();
        return (await summarize(sources, { from: now - DAY, to: now + 1 }, now)).totals;
      };
      const metrics = registerMetrics(ctx.metrics, model, ctx.bot.services, last24h);
      const analyzer = ctx.bot.services.get(SentimentKey) ?? new LexiconSentiment();
      sentimentMiddleware(ctx.early, analyzer, metrics);
      if (settings.csatAfterBot) csatAfterBot(ctx.early, ctx.store);
      ctx.mount({ path: '/api/analytics', app: analyticsApp({ services: ctx.bot.services, sources, scores: surveys }) });
      ctx.mount({ path: '/', app: dashboardApp(ctx.bot.services) });
      live = new LiveTiles({ services: ctx.bot.services, bus: () => ctx.engine().bus, compute: last24h, logger: ctx.logger, throttleMs: settings.liveThrottleMs });
      ctx.addUpgrade(live.upgrade);
    },
    start(ctx) {
      live?.start();
      // What the owners stored before the read model followed them, copied once per database in
      // the background (a large history must not hold up start-up); the read model follows events meanwhile.
      // Instances starting together claim each history first, so only one copies it.
      const histories = { handoffs: ctx.bot.services.get(HandoffHistory), questions: ctx.bot.services.get(QuestionHistory) };
      backfilling = backfill(ctx.store.sql, histories, ctx.logger, { signal: stopping.signal, now: () => ctx.store.now() }).catch((err) =>
        ctx.logger.error({ err }, 'analytics could not copy the history into its read model; the next start tries again'),
      );
    },
    async stop() {
      stopping.abort();
      await backfilling;
      await live?.close();
      for (const off of unfollow.splice(0)) off();
      await model?.settled();
      await surveys?.settled();
    },
  };
}

/**
 * Scores each customer message and keeps the score on it (`metadata.sentiment`, −1…1): the
 * engine stores inbound metadata with the turn, so analytics reads it later from the message log.
 * Runs early (after language detection), so it sees messages an agent answers too.
 */
export function sentimentMiddleware(composer: Composer<TurnContext>, analyzer: SentimentAnalyzer, metrics?: AnalyticsMetrics): void {
  composer.use(async (ctx, next) => {
    const text = ctx.message.text?.trim();
    if (ctx.message.direction === 'inbound' && text) {
      try {
        const score = round(analyzer.score(text, ctx.locale), 3);
        ctx.message.metadata = { ...ctx.message.metadata, sentiment: score };
        metrics?.sentiment.observe(score);
      } catch (err) {
        // A failing analyzer must never cost the customer their answer.
        ctx.log.warn({ err }, 'sentiment scoring failed');
      }
    }
    await next();
  });
}
