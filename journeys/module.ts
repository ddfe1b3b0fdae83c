import { Counter } from 'prom-client';
import { ConfigError } from '../core/errors';
import type { AppModule } from '../core/module';
import type { Scheduler } from '../core/scheduler';
import { journeysApp } from './api';
import { durationMs, JourneysConfigSchema, journeysSettings } from './config';
import { EventStore, journeyMigrations } from './events';
import { Gate } from './gate';
import { Proactive } from './proactive';
import { Journeys } from './service';
import { journeysCustomerData } from './customer-data';
import { apiKeysFrom } from '../core/api-keys';
import { HandoffChanged, type HandoffChangedPayload } from '../handoff/topics';
import { CustomerServiceWindow, DialogControl, HandoffLookup, OptOuts, serviceKey } from '../core/services';

/** The journeys service (events in, stages, proactive rules), for the CLI, tests and embedders. */
export const JourneysKey = serviceKey<Journeys>('journeys');
export type { EventHandler, NewEvent } from './service';

const DAY_MS = 86_400_000;

/** The scheduler job that runs the proactive messages due (every `pollInterval`, on one instance). */
export const POLL_JOB = 'journeys.poll';
/** The scheduler job that runs the nightly pass (retention, stages and segments age), at midnight UTC. */
export const NIGHTLY_JOB = 'journeys.nightly';

/** Options for tests and embedders. */
export interface JourneysModuleOptions {
  /** The clock for events, rules and quiet hours (tests pass a fake one). */
  now?: () => number;
  /**
   * Schedule the poll and the nightly pass on the app's scheduler (default true); tests on a fake
   * clock leave them out and call `tick` and `nightly` themselves.
   */
  timers?: boolean;
}

/**
 * A recurring job on the durable scheduler: one job per period, its id the period's number, so
 * instances scheduling the same one agree, and a period missed while every instance was down runs
 * as soon as one is back. Each run schedules the next before doing its work, so a failing run
 * never ends the series.
 */
function every(scheduler: Scheduler, name: string, periodMs: number, now: () => number): () => Promise<void> {
  return () => {
    const next = Math.floor(now() / periodMs) + 1;
    return scheduler.schedule(name, {}, next * periodMs, { id: String(next) });
  };
}

/**
 * Customer journeys: behaviour events in (API and browser), stage and segments in the customer's
 * profile attributes, and proactive messages from the rules in bot.yaml's `journeys:` block.
 * Provides `JourneysKey` (a `Journeys`). Asks other modules through `bot.services`, never
 * their tables: `optOuts` and `whatsappWindow` (phone channels), `handoffLookup` (handoff); each
 * may be absent, and `Gate` and `Proactive` say what that means.
 */
export function journeysModule(options: JourneysModuleOptions = {}): AppModule {
  const unsubscribe: Array<() => void> = [];
  let journeys: Journeys | undefined;
  let nextPoll: () => Promise<void> = async () => undefined;
  let nextNightly: () => Promise<void> = async () => undefined;
  const running = (): Journeys => {
    if (!journeys) throw new Error('A journeys job ran before the journeys module was set up');
    return journeys;
  };
  return {
    name: 'journeys',
    config: JourneysConfigSchema,
    provides: [JourneysKey],
    uses: [DialogControl, OptOuts, CustomerServiceWindow, HandoffLookup],
    migrations: journeyMigrations,
    customerData: [journeysCustomerData],
    // Durable jobs (each run schedules the next): due proactive messages, then the nightly pass.
    jobs: [
      {
        name: POLL_JOB,
        run: async () => {
          await nextPoll();
          await running().proactive.tick(running().now());
        },
      },
      {
        name: NIGHTLY_JOB,
        run: async () => {
          await nextNightly();
          await running().nightly();
        },
      },
    ],
    setup(ctx) {
      const config = journeysSettings(ctx.bot.config.journeys);
      const events = new EventStore(ctx.store.sql);
      const gate = new Gate(ctx.store, config, () => ctx.engine().channels, ctx.bot.services);
      const logger = ctx.logger.child({ module: 'journeys' });
      const decided = new Counter({
        name: 'switchboard_proactive_decisions_total',
        help: 'Proactive messages decided, by rule and decision (sent, skipped, deferred)',
        labelNames: ['rule', 'decision'],
        registers: [ctx.metrics.registry],
      });
      const tracked = new Counter({
        name: 'switchboard_journey_events_total',
        help: 'Behaviour events stored, by source (api, web, internal)',
        labelNames: ['source'],
        registers: [ctx.metrics.registry],
      });
      const onDecision = (d: { rule: string; decision: string }) => decided.inc({ rule: d.rule, decision: d.decision });
      const proactive = new Proactive({ store: ctx.store, events, config, gate, bot: ctx.bot, engine: ctx.engine, logger, onDecision });
      journeys = new Journeys(ctx.store, events, config, proactive, logger, options.now, (e) => tracked.inc({ source: e.source }));
      ctx.bot.services.provide(JourneysKey, journeys);
      ctx.mount({ path: '/', app: journeysApp({ store: ctx.store, journeys, config, keys: () => apiKeysFrom(ctx.env) }) });
      const runtime = ctx.bot.services.get(DialogControl);
      for (const rule of config.proactive) {
        const id = rule.then.dialog;
        if (id && !runtime?.dialog(id)) {
          throw new ConfigError(`journeys.proactive "${rule.name}": no dialog "${id}" (add dialogs/${id}.yaml, or send a text instead)`);
        }
      }
      // A proactive rule's dialog starts here: the message is the rule's own inbound event, not
      // something the customer said, so it never reaches the bot's own handlers or the fallback.
      ctx.early.use(async (turn, next) => {
        const dialog = turn.message.metadata?.journeyDialog;
        if (typeof dialog !== 'string') return next();
        if (runtime?.dialog(dialog)) await runtime.begin(turn, dialog);
      });
    },
    async start(ctx) {
      const j = running();
      // Handoffs become journey events: `handoff_requested` (stage: support) and `handoff_resolved` (follow-ups).
      unsubscribe.push(
        ctx.engine().bus.subscribe(HandoffChanged, (payload) => {
          void handoffEvent(j, payload).catch((err) => ctx.logger.warn({ err }, 'could not record a handoff journey event'));
        }),
      );
      if (options.timers === false) return;
      const poll = durationMs(journeysSettings(ctx.bot.config.journeys).pollInterval);
      const clock = () => ctx.store.now();
      nextPoll = every(ctx.scheduler, POLL_JOB, poll, clock);
      nextNightly = every(ctx.scheduler, NIGHTLY_JOB, DAY_MS, clock);
      // Every instance asks for the next of each; the ids make it one job per period.
      await nextPoll();
      await nextNightly();
    },
    stop() {
      for (const off of unsubscribe) off();
    },
  };
}

/** Records a handoff's request and resolution as events, once each (the ids make repeats no-ops). */
async function handoffEvent(journeys: Journeys, payload: HandoffChangedPayload): Promise<void> {
  const h = payload.handoff;
  if (!h) return;
  const events = [{ id: `evt_hq_${h.id}`, customerId: h.customerId, type: 'handoff_requested', properties: { handoffId: h.id, reason: h.reason }, source: 'internal', at: h.requestedAt }];
  if (h.status === 'resolved') {
    events.push({
      id: `evt_hr_${h.id}`,
      customerId: h.customerId,
      type: 'handoff_resolved',
      properties: { handoffId: h.id, outcome: h.outcome, ...(h.csat !== undefined ? { csat: h.csat } : {}) } as never,
      source: 'internal',
      at: h.resolvedAt ?? journeys.now(),
    });
  }
  await journeys.track(events);
}
