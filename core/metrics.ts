import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The Prometheus metrics one Switchboard instance exposes at `/metrics`. */
export class Metrics {
  readonly registry = new Registry();
  readonly messages = new Counter({
    name: 'switchboard_messages_total',
    help: 'Messages stored, by channel, direction and author',
    labelNames: ['channel', 'direction', 'author'] as const,
    registers: [this.registry],
  });
  readonly duplicates = new Counter({
    name: 'switchboard_duplicate_deliveries_total',
    help: 'Inbound deliveries dropped as repeats of an accepted message',
    labelNames: ['channel'] as const,
    registers: [this.registry],
  });
  readonly turns = new Histogram({
    name: 'switchboard_turn_seconds',
    help: 'Time to run and commit one turn',
    labelNames: ['outcome'] as const,
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [this.registry],
  });
  readonly deliveries = new Counter({
    name: 'switchboard_deliveries_total',
    help: 'Outbound delivery attempts, by channel and outcome (sent, retry, failed, skipped; deferred: held back by local pacing, not an attempt)',
    labelNames: ['channel', 'outcome'] as const,
    registers: [this.registry],
  });

  /** Adds Node's process metrics (memory, event loop lag…). */
  withDefaults(): this {
    collectDefaultMetrics({ register: this.registry });
    return this;
  }
}
