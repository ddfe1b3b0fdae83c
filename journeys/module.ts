import { Counter } from 'prom-client';
import { ConfigError } from '../core/errors';
import type { AppModule } from '../core/module';
import { eventRoutes } from './api';
import { durationMs, journeysSettings } from './config';
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

/** The topic the handoff module publishes on (by name: journeys does not import handoff). */
const DAY_MS = 86_400_000;

/** Options for tests and embedders. */
export interface JourneysModuleOptions {
  /** The clock for events, rules and quiet hours (tests pass a fake one). */
  now?: () => number;
  /** Poll for due proactive messages and run the nightly pass on timers (default true; tests call `tick`). */
  timers?: boolean;
}

/**
 * Customer journeys: behaviour events in (API and browser), stage and segments in the customer's
 * profile attributes, and proactive messages from the rules in bot.yaml's `journeys:` block.
 * Provides `JourneysKey` (a `Journeys`). Asks other modules through `bot.services`, never
 * their tables: `optOuts` and `whatsappWindow` (phone channels), `handoffLookup` (handoff); each
 * may be absent, and `Gate` and `Proactive` say what that means.
 */
export function journeysModule(options: JourneysModuleOptions = {}): AppModule {
  const timers: NodeJS.Timeout[] = [];
  const unsubscribe: Array<() => void> = [];
  let journeys: Journeys | undefined;
  return {
    name: 'journeys',
    provides: [JourneysKey],
    uses: [DialogControl, OptOuts, CustomerServiceWindow, HandoffLookup],
    migrations: journeyMigrations,
    customerData: [journeysCustomerData],
    setup(ctx) {
      const config = journeysSettings(ctx.bot.config.journeys);
      const events = new EventStore(ctx.store.sql);
      const gate = new Gate(ctx.store, config, () => new Set(ctx.engine().channels.keys()), ctx.bot.services);
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
      ctx.addRoutes(eventRoutes({ store: ctx.store, journeys, config, keys: () => apiKeysFrom(ctx.env) }));
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
    start(ctx) {
      const j = journeys!;
      // Handoffs become journey events: `handoff_requested` (stage: support) and `handoff_resolved` (follow-ups).
      unsubscribe.push(
        ctx.engine().bus.subscribe(HandoffChanged, (payload) => {
          void handoffEvent(j, payload).catch((err) => ctx.logger.warn({ err }, 'could not record a handoff journey event'));
        }),
      );
      if (options.timers === false) return;
      const poll = durationMs(journeysSettings(ctx.bot.config.journeys).pollInterval);
      const guard = (what: string, fn: () => Promise<unknown>) => () => void fn().catch((err) => ctx.logger.warn({ err }, `journeys ${what} failed`));
      timers.push(setInterval(guard('poll', () => j.proactive.tick(j.now())), poll));
      timers.push(setInterval(guard('nightly pass', () => j.nightly()), DAY_MS));
      timers.push(setTimeout(guard('start-up pass', () => j.nightly()), 5_000));
      for (const t of timers) t.unref();
    },
    stop() {
      for (const t of timers) clearInterval(t);
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
