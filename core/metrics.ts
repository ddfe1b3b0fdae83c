import { AsyncResource } from 'node:async_hooks';
import perfHooks from 'node:perf_hooks';
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

  private stopDefaults?: () => void;

  /** Adds Node's process metrics (memory, event loop lag…); `close()` stops them. */
  withDefaults(): this {
    this.stopDefaults ??= collectStoppableDefaults(this.registry);
    return this;
  }

  /** Stops what `withDefaults()` keeps running between scrapes. */
  close(): void {
    this.stopDefaults?.();
    this.stopDefaults = undefined;
  }
}

/** The async context this module was loaded in (see collectStoppableDefaults). */
const LOADED = new AsyncResource('switchboard.metrics');

type PerfHooks = { monitorEventLoopDelay: typeof perfHooks.monitorEventLoopDelay; PerformanceObserver: typeof perfHooks.PerformanceObserver };

/**
 * prom-client's default metrics, and a function that stops the two that run between scrapes: an
 * event-loop delay monitor (a 10 ms timer) and a GC observer. prom-client offers no way to stop them
 * (prometheus/client_js#494, #500), so every closed app left both behind, and with them everything
 * its code could reach — each `start --watch` reload, each app a test suite starts (jest workers grew
 * by ~65 MB per demo-bot suite, to 2.5 GB). They are caught as prom-client makes them, during this
 * one synchronous call. Node never frees an event-loop monitor, even stopped, nor the async context
 * it was made in (a test's, a request's, with all they reach): it is made in the context this module
 * was loaded in instead of the caller's.
 */
function collectStoppableDefaults(registry: Registry): () => void {
  const hooks = perfHooks as unknown as PerfHooks;
  const { monitorEventLoopDelay, PerformanceObserver } = hooks;
  const monitors: ReturnType<typeof monitorEventLoopDelay>[] = [];
  const observers: InstanceType<typeof PerformanceObserver>[] = [];
  hooks.monitorEventLoopDelay = (options) => {
    const monitor = monitorEventLoopDelay(options);
    monitors.push(monitor);
    return monitor;
  };
  hooks.PerformanceObserver = class extends PerformanceObserver {
    constructor(callback: ConstructorParameters<typeof PerformanceObserver>[0]) {
      super(callback);
      observers.push(this);
    }
  };
  try {
    LOADED.runInAsyncScope(() => collectDefaultMetrics({ register: registry }));
  } finally {
    hooks.monitorEventLoopDelay = monitorEventLoopDelay;
    hooks.PerformanceObserver = PerformanceObserver;
  }
  return () => {
    for (const monitor of monitors) monitor.disable();
    for (const observer of observers) observer.disconnect();
  };
}
