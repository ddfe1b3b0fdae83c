import type { Bot } from '../core/bot';
import type { Customer } from '../core/customer';
import type { Engine } from '../core/engine';
import { newId } from '../core/ids';
import type { Logger } from '../core/logger';
import { CatalogSearch, type Product as CatalogProduct } from '../core/commerce';
import type { Card, Message } from '../core/message';
import type { SqlStore } from '../core/storage/sql-store';
import { durationMs, type JourneysConfig, type ProactiveRuleConfig } from './config';
import type { EventStore, JourneyEvent } from './events';
import type { Gate, Verdict } from './gate';
import { BoughtTogether, customerProducts, type Product } from './recommend';
import { HandoffLookup } from '../core/services';

/** A recorded decision about one proactive message. */
export interface Decision {
  customerId: string;
  rule: string;
  jobId: string;
  decision: 'sent' | 'skipped' | 'deferred';
  reason: string;
  channel?: string;
  messageId?: string;
  at: number;
}

/** Settings of the proactive scheduler. */
export interface ProactiveOptions {
  store: SqlStore;
  events: EventStore;
  config: JourneysConfig;
  gate: Gate;
  bot: Bot;
  engine: () => Engine;
  logger: Logger;
  /** Called with each decision (metrics). */
  onDecision?: (decision: Decision) => void;
}

/** A customer's recommendations: names from the events, cards when a catalog knows the products. */
export interface Recommendations {
  /** What they looked at lately, newest first (three at most). */
  viewed: Product[];
  /** "Bought together": what others bought with what they viewed or bought, minus what they bought. */
  recommended: Product[];
  /** The recommended products the catalog knows, as cards (empty when it knows none); absent without the catalog module. */
  cards?: Card[];
}

/** Fills `{{viewed}}` (what they looked at) and `{{recommended}}` (bought together with it) with the products' names. */
export function personalise(text: string, { viewed, recommended }: Recommendations): string {
  return text
    .replace(/\{\{\s*viewed\s*\}\}/g, viewed.map((p) => p.name).join(', '))
    .replace(/\{\{\s*recommended\s*\}\}/g, recommended.map((p) => p.name).join(', '));
}

/** A job stuck in `running` this long (its process died mid-send) is picked up again. */
const STALE_RUNNING_MS = 10 * 60_000;

/**
 * Proactive messages: events schedule due jobs in the store (so they survive restarts and any
 * instance may run them); `tick` runs the due ones through the gate and records each decision.
 */
export class Proactive {
  constructor(private readonly o: ProactiveOptions) {}

  /** Schedules the rules these events trigger. One pending job per customer and rule: a later trigger moves it. */
  async onEvents(events: JourneyEvent[], now: number): Promise<void> {
    for (const event of events) {
      for (const rule of this.o.config.proactive.filter((r) => r.when.event === event.type)) {
        const due = event.at + durationMs(rule.when.within ?? rule.when.after ?? 0);
        const moved = await this.o.store.sql.run(
          `UPDATE journey_jobs SET event_id = ?, trigger_at = ?, due_at = ?, updated_at = ? WHERE customer_id = ? AND rule = ? AND status = 'pending' AND trigger_at <= ?`,
          [event.id, event.at, due, now, event.customerId, rule.name, event.at],
        );
        const exists = moved.changes
          ? true
          : Boolean(await this.o.store.sql.get(`SELECT id FROM journey_jobs WHERE customer_id = ? AND rule = ? AND status = 'pending'`, [event.customerId, rule.name]));
        if (!exists) {
          await this.o.store.sql.run(
            `INSERT INTO journey_jobs (id, customer_id, rule, event_id, trigger_at, due_at, status, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)`,
            [newId('job_'), event.customerId, rule.name, event.id, event.at, due, now],
          );
        }
      }
    }
  }

  /** Runs every job due at `now`; returns the decisions taken. */
  async tick(now: number): Promise<Decision[]> {
    const due = await this.o.store.sql.all<{ id: string }>(
      `SELECT id FROM journey_jobs WHERE (status = 'pending' AND due_at <= ?) OR (status = 'running' AND updated_at < ?) ORDER BY due_at LIMIT 100`,
      [now, now - STALE_RUNNING_MS],
    );
    const decisions: Decision[] = [];
    for (const { id } of due) {
      // Claim it: with several instances polling, only one runs each job.
      const claimed = await this.o.store.sql.run(
        `UPDATE journey_jobs SET status = 'running', updated_at = ?
         WHERE id = ? AND ((status = 'pending' AND due_at <= ?) OR (status = 'running' AND updated_at < ?))`,
        [now, id, now, now - STALE_RUNNING_MS],
      );
      if (!claimed.changes) continue;
      try {
        decisions.push(await this.run(id, now));
      } catch (err) {
        this.o.logger.warn({ err, job: id }, 'proactive job failed; it will be retried');
        await this.o.store.sql.run(`UPDATE journey_jobs SET status = 'pending', due_at = ?, updated_at = ? WHERE id = ?`, [now + 60_000, now, id]);
      }
    }
    return decisions;
  }

  /** The decisions recorded for a customer, oldest first. */
  async decisions(customerId: string): Promise<Decision[]> {
    const rows = await this.o.store.sql.all(`SELECT * FROM journey_decisions WHERE customer_id = ? ORDER BY at, id`, [customerId]);
    return rows.map((r) => ({
      customerId: String(r.customer_id),
      rule: String(r.rule),
      jobId: String(r.job_id),
      decision: r.decision as Decision['decision'],
      reason: String(r.reason),
      channel: r.channel == null ? undefined : String(r.channel),
      messageId: r.message_id == null ? undefined : String(r.message_id),
      at: Number(r.at),
    }));
  }

  private async run(jobId: string, now: number): Promise<Decision> {
    const job = (await this.o.store.sql.get<{ customer_id: string; rule: string; event_id: string; trigger_at: number }>(`SELECT * FROM journey_jobs WHERE id = ?`, [jobId]))!;
    const base = { customerId: job.customer_id, rule: job.rule, jobId, at: now };
    const skip = (reason: string, channel?: string) => this.finish({ ...base, decision: 'skipped', reason, channel });
    const rule = this.o.config.proactive.find((r) => r.name === job.rule);
    if (!rule) return skip('the rule is no longer configured');
    const customer = await this.o.store.getCustomer(job.customer_id);
    if (!customer) return skip('the customer no longer exists');
    if (rule.when.without && (await this.o.events.happenedAfter(customer.id, rule.when.without, Number(job.trigger_at)))) {
      return skip(`${rule.when.without} followed ${rule.when.event}`);
    }
    const trigger = await this.o.events.get(job.event_id);
    if (rule.when.unless) {
      const facts = await this.facts(trigger);
      if (holds(rule.when.unless, facts)) return skip(`unless ${rule.when.unless} holds`);
    }
    if (await this.withAgent(customer.id)) return skip('a person is handling the customer’s conversation');

    const verdict = await this.o.gate.check(customer, now, Boolean(rule.then.whatsappTemplate), rule.then.channel);
    if (verdict.decision === 'skipped') return skip(verdict.reason, verdict.channel);
    if (verdict.decision === 'deferred') {
      await this.o.store.sql.run(`UPDATE journey_jobs SET status = 'pending', due_at = ?, updated_at = ? WHERE id = ?`, [verdict.until, now, jobId]);
      return this.record({ ...base, decision: 'deferred', reason: `${verdict.reason}; until ${new Date(verdict.until).toISOString()}`, channel: verdict.channel });
    }
    const sent = await this.deliver(rule, customer, verdict, now, trigger);
    const failed = sent.length > 0 && sent.every((m) => m.status === 'skipped');
    if (failed) return skip(`the outbound chain skipped it: ${sent[0].error ?? 'no reason given'}`, verdict.channel);
    if (sent.length === 0) return skip('no conversation to send in yet (the customer has never written)', verdict.channel);
    const how = verdict.whatsappTemplate
      ? `WhatsApp template ${rule.then.whatsappTemplate!.name} (window closed)`
      : rule.then.dialog
        ? `dialog ${rule.then.dialog}`
        : rule.then.survey
          ? `survey ${rule.then.survey}`
          : 'text';
    return this.finish({ ...base, decision: 'sent', reason: how, channel: verdict.channel, messageId: sent[0]?.id });
  }

  /** Sends the rule's text (or template), or starts its dialog or survey with a proactive inbound event. */
  private async deliver(rule: ProactiveRuleConfig, customer: Customer, verdict: Extract<Verdict, { decision: 'send' }>, now: number, trigger?: JourneyEvent): Promise<Message[]> {
    const engine = this.o.engine();
    const metadata: Record<string, unknown> = { proactive: rule.name };
    if (verdict.whatsappTemplate) metadata.whatsappTemplate = rule.then.whatsappTemplate;
    if (rule.then.dialog && !verdict.whatsappTemplate) {
      const { message } = await engine.receive({
        channel: verdict.channel,
        address: verdict.address,
        text: '',
        metadata: { ...metadata, event: rule.then.dialog, journeyDialog: rule.then.dialog, trigger: trigger?.properties },
      });
      return [message];
    }
    if (rule.then.survey && !verdict.whatsappTemplate) {
      // The surveys module starts it on this proactive inbound event (`metadata.survey`).
      const { message } = await engine.receive({ channel: verdict.channel, address: verdict.address, text: '', metadata: { ...metadata, survey: rule.then.survey } });
      return [message];
    }
    if (!verdict.conversationId) return [];
    const template = rule.then.text ? this.localised(rule.then.text, customer) : '';
    const wanted = /\{\{\s*(viewed|recommended)\s*\}\}/.test(template) ? await this.recommendations(customer, now) : undefined;
    const text = wanted ? personalise(template, wanted) : template;
    // Where the text recommends and the catalog knows the products, they come as cards too:
    // picture, price, a "Details" button. Without a catalog, the names alone.
    const cards = wanted?.cards && /\{\{\s*recommended\s*\}\}/.test(template) ? wanted.cards : [];
    return engine.send(verdict.conversationId, { text, channel: verdict.channel, address: verdict.address, metadata, ...(cards.length ? { cards } : {}) });
  }

  private localised(texts: Record<string, string>, customer: Customer): string {
    const locale = String(customer.profile.locale ?? this.o.bot.config.defaultLocale).toLowerCase();
    return texts[locale] ?? texts[locale.split('-')[0]] ?? texts[this.o.bot.config.defaultLocale] ?? Object.values(texts)[0];
  }

  /**
   * What the customer viewed lately, what others bought with what they viewed or bought, and,
   * when the catalog module is loaded, those recommended products it knows as cards in the
   * customer's locale (`GET /api/journeys/:id` shows them; proactive texts send them).
   */
  async recommendations(customer: Customer, now: number): Promise<Recommendations> {
    const mine = customerProducts(await this.o.events.forCustomer(customer.id));
    const since = now - durationMs(this.o.config.segments.window);
    const together = new BoughtTogether(await this.o.events.ofType('order_placed', since));
    const seeds = [...mine.viewed, ...mine.bought].map((p) => p.id);
    const recommended = together.recommend(seeds, mine.bought.map((p) => p.id));
    const cards = await this.cardsOf(recommended, customer);
    return { viewed: mine.viewed.slice(0, 3), recommended, ...(cards ? { cards } : {}) };
  }

  /** The products the catalog knows, as its cards in the customer's locale; undefined without a catalog. */
  private async cardsOf(products: Product[], customer: Customer): Promise<Card[] | undefined> {
    const catalog = this.o.bot.services.get(CatalogSearch);
    if (!catalog) return undefined;
    const locale = String(customer.profile.locale ?? this.o.bot.config.defaultLocale);
    const known = (await Promise.all(products.map((p) => catalog.byId(p.id, locale)))).filter((p): p is CatalogProduct => p !== undefined);
    return catalog.cards(known, locale);
  }

  /**
   * The trigger's properties; for a resolved handoff, its CSAT as it is now (it may be answered
   * after), from the handoff module. Without that module, the properties alone.
   */
  private async facts(trigger?: JourneyEvent): Promise<Record<string, unknown>> {
    const facts = { ...(trigger?.properties ?? {}) };
    const handoffs = this.o.bot.services.get(HandoffLookup);
    if (handoffs && trigger?.type === 'handoff_resolved' && typeof facts.handoffId === 'string') {
      const csat = await handoffs.csat(facts.handoffId);
      if (csat !== undefined) facts.csat = csat;
    }
    return facts;
  }

  /** Whether a person is handling (or about to handle) the customer; never, without the handoff module. */
  private async withAgent(customerId: string): Promise<boolean> {
    return (await this.o.bot.services.get(HandoffLookup)?.withAgent(customerId)) ?? false;
  }

  private async finish(decision: Decision): Promise<Decision> {
    await this.o.store.sql.run(`UPDATE journey_jobs SET status = 'done', updated_at = ? WHERE id = ?`, [decision.at, decision.jobId]);
    return this.record(decision);
  }

  private async record(d: Decision): Promise<Decision> {
    await this.o.store.sql.run(
      `INSERT INTO journey_decisions (id, customer_id, rule, job_id, decision, reason, channel, message_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [newId('jdc_'), d.customerId, d.rule, d.jobId, d.decision, d.reason, d.channel ?? null, d.messageId ?? null, d.at],
    );
    this.o.logger.info({ customerId: d.customerId, rule: d.rule, decision: d.decision, reason: d.reason }, 'proactive decision');
    this.o.onDecision?.(d);
    return d;
  }
}

/** Evaluates `field op value` (e.g. `csat>=4`) against facts; a missing field never holds. */
export function holds(condition: string, facts: Record<string, unknown>): boolean {
  const m = /^([a-zA-Z_][\w.]*)\s*(>=|<=|==|!=|>|<)\s*([\w.-]+)$/.exec(condition.trim());
  if (!m) return false;
  const actual = m[1].split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), facts);
  if (actual === undefined || actual === null) return false;
  const expected = Number.isFinite(Number(m[3])) && typeof actual === 'number' ? Number(m[3]) : m[3];
  const a = typeof expected === 'number' ? Number(actual) : String(actual);
  switch (m[2]) {
    case '>=': return a >= expected;
    case '<=': return a <= expected;
    case '>': return a > expected;
    case '<': return a < expected;
    case '==': return a === expected;
    default: return a !== expected;
  }
}
