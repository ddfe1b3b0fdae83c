import { Counter, Gauge, Histogram } from 'prom-client';
import type { Metrics } from '../core/metrics';
import type { Services } from '../core/services';
import type { AnalyticsReadModel } from './read-model';
import type { Figures } from './report';
import { HandoffLookup } from '../core/services';

/** The analytics metrics one instance adds to `/metrics`. */
export interface AnalyticsMetrics {
  /** Observed live by this instance: the sentiment of each customer message it handled. */
  sentiment: Histogram<string>;
}

/**
 * Registers the analytics metrics. The store-wide ones (handoffs by reason, CSAT answers by score,
 * containment and handoff rate of the last 24 h) are read from the store at scrape time, so every
 * instance reports the same value: aggregate them with `max`, not `sum`. Handoff figures come
 * from the `HandoffLookup` service (none without the handoff module). Sentiment is observed live per
 * instance (aggregate with `sum`).
 */
export function registerMetrics(metrics: Metrics, model: AnalyticsReadModel, services: Services, last24h: () => Promise<Figures>): AnalyticsMetrics {
  const registers = [metrics.registry];
  new Counter({
    name: 'switchboard_handoffs_total',
    help: 'Conversations handed to people, by reason (store-wide)',
    labelNames: ['reason'] as const,
    registers,
    async collect() {
      this.reset();
      const byReason = (await services.get(HandoffLookup)?.countByReason()) ?? {};
      for (const [reason, n] of Object.entries(byReason)) this.inc({ reason }, n);
    },
  });
  new Counter({
    name: 'switchboard_csat_responses_total',
    help: 'CSAT answers after handoffs and after bot-resolved conversations, by score 1–5 (store-wide)',
    labelNames: ['score'] as const,
    registers,
    async collect() {
      this.reset();
      for (const [score, n] of Object.entries((await services.get(HandoffLookup)?.countByCsat()) ?? {})) this.inc({ score }, n);
      for (const [score, n] of Object.entries(await model.csatCounts())) this.inc({ score }, n);
    },
  });
  // One store read per scrape feeds both rate gauges.
  let pending: Promise<Figures> | undefined;
  const figures = () => (pending ??= last24h().finally(() => setTimeout(() => (pending = undefined), 1000).unref?.()));
  new Gauge({
    name: 'switchboard_containment_ratio',
    help: 'Share of the last 24 h conversations resolved without a human',
    registers,
    async collect() {
      this.set((await figures()).containmentRate ?? 0);
    },
  });
  new Gauge({
    name: 'switchboard_handoff_ratio',
    help: 'Share of the last 24 h conversations handed to a person',
    registers,
    async collect() {
      this.set((await figures()).handoffRate ?? 0);
    },
  });
  const sentiment = new Histogram({
    name: 'switchboard_message_sentiment',
    help: 'Sentiment of customer messages, −1 (angry) to 1 (happy)',
    buckets: [-0.6, -0.2, 0.2, 0.6, 1],
    registers,
  });
  return { sentiment };
}
