import type { EventBus } from '../core/bus';
import type { TurnContext } from '../core/context';
import type { Engine } from '../core/engine';
import type { Logger } from '../core/logger';
import type { Message } from '../core/message';
import type { Scheduler } from '../core/scheduler';
import type { EscalationRequest, Escalator, HandoffLookup } from '../core/services';
import { availability, canEverServe } from './availability';
import { CallbackDesk } from './callback-desk';
import { CallbackRepository, type Callback, type CallbackOutcome } from './callbacks';
import type { AgentStatus, Handoff } from './model';
import type { HandoffRepository } from './repository';
import { chooseAgent, chooseQueue, expectedWaitSeconds, isOpen, servingOrder, type LoadedAgent } from './routing';
import { summarize } from './summary';
import { csatButtons, csatText } from '../core/csat';
import { formatWait, handoffText } from './texts';
import type { WallTime } from './triggers';

export { CALLBACK_JOB } from './callback-desk';
import { HandoffChanged } from './topics';

/** The scheduler job that fires when a waiting conversation reaches its queue's SLA (payload `{ handoffId }`). */
export const SLA_JOB = 'handoff.sla';
/** The scheduler job that requeues a disconnected agent's conversations when the grace period ends (payload `{ agentId }`). */
export const GRACE_JOB = 'handoff.grace';

/** Topics the handoff module publishes on (declared in ./topics, the module's public list). */
export const HandoffTopics = { changed: HandoffChanged } as const;

/** Settings of the handoff service. */
export interface HandoffServiceOptions {
  repo: HandoffRepository;
  engine: () => Engine;
  bus: () => EventBus;
  logger: Logger;
  /** Average time an agent spends on one conversation, for wait estimates (default 5 min). */
  handleSeconds?: number;
  /** How long a disconnected agent keeps their conversations before they are requeued (default 60 s). */
  graceMs?: number;
  /** Extra priority for customers in these segments (`profile.attributes.segment`). */
  segmentPriority?: Record<string, number>;
  /** Default SLA when no queue exists yet (the catch-all queue is created with it). */
  defaultSlaSeconds?: number;
  /**
   * The app's durable scheduler: SLAs, grace periods and callbacks are jobs on it, so they fire
   * on whichever instance is up, even when the one that set them has crashed.
   */
  scheduler: Scheduler;
}

/**
 * Escalations and their life: queueing, routing to agents by skill, capacity and priority,
 * telling the customer what happens (never leaving them in silence), agent replies through the
 * normal outbound chain, transfer, resolution and the bot taking over again.
 */
export class HandoffService implements Escalator, HandoffLookup {
  private readonly options: Required<Omit<HandoffServiceOptions, 'segmentPriority'>> & Pick<HandoffServiceOptions, 'segmentPriority'>;
  /** Each agent's pending grace-period change (see `inOrder`). */
  private readonly graceChanges = new Map<string, Promise<void>>();
  /** Callbacks promised to customers. */
  readonly callbacks: CallbackRepository;
  private readonly desk: CallbackDesk;

  constructor(options: HandoffServiceOptions) {
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as HandoffServiceOptions;
    this.options = { handleSeconds: 300, graceMs: 60_000, defaultSlaSeconds: 300, ...given };
    this.callbacks = new CallbackRepository(options.repo.sql, options.repo.now);
    this.desk = new CallbackDesk({
      repo: options.repo,
      callbacks: this.callbacks,
      scheduler: options.scheduler,
      logger: options.logger,
      queueOf: async (id) => (await this.repo.queue(id)) ?? (await this.queues())[0],
      notify: (handoff, key, values) => this.notifyCustomer(handoff, key, values),
      publish: (handoff) => this.publish(handoff),
    });
  }

  get repo(): HandoffRepository {
    return this.options.repo;
  }

  /**
   * Escalates the conversation of a turn (the dialog `handoff` step, the triggers, bot rules). What
   * the customer hears follows the facts: nobody who could ever serve the queue (no account, or
   * none with its skills) means no handoff and the bot goes on; closed, nobody online, all busy or
   * an agent joining each get their own message, with CALLBACK and CANCEL where waiting is asked.
   */
  async escalate(ctx: TurnContext, request: EscalationRequest): Promise<void> {
    const traced: NonNullable<TurnContext['trace']['handoff']> = { reason: request.reason, ...(request.note ? { note: request.note } : {}) };
    ctx.trace.handoff = traced;
    const existing = await this.repo.active(ctx.conversation.id);
    if (existing) return this.tellPosition(ctx, existing);
    const now = this.repo.now();
    const language = ctx.locale.split('-')[0];
    const agents = await this.repo.agents();
    const queues = await this.queues();
    const queue = chooseQueue(queues, { queue: request.queue, language, topic: request.topic }, (q) => canEverServe(agents, q)) ?? chooseQueue(queues, {})!;
    const staffed = availability(agents, queue);
    if (staffed.availability === 'no-accounts' || staffed.availability === 'no-skilled') {
      // Never promise a person who cannot come: the bot stays with the customer, the team is told.
      traced.unavailable = staffed.availability;
      ctx.log.warn({ queue: queue.name, reason: request.reason }, staffed.availability === 'no-accounts' ? 'a customer asked for a person but no agent account exists: create one with "switchboard agents add"' : 'a customer asked for a person but no agent has the queue’s skills');
      await ctx.reply(handoffText(ctx.bot.config, ctx.locale, staffed.availability === 'no-accounts' ? 'noTeam' : 'noSkilled'), { metadata: { handoffUnavailable: staffed.availability } });
      return;
    }
    const segment = (ctx.customer.profile.attributes?.segment as string | undefined) ?? undefined;
    const priority = (request.priority ?? 0) + queue.priority + (segment ? (this.options.segmentPriority?.[segment] ?? 0) : 0);
    const handoff = await this.repo.create({
      conversationId: ctx.conversation.id,
      customerId: ctx.customer.id,
      queueId: queue.id,
      reason: request.reason,
      note: request.note,
      language,
      topic: request.topic,
      priority,
      requestedAt: now,
      slaAt: now + queue.slaSeconds * 1000,
    });
    ctx.log.info({ handoffId: handoff.id, reason: request.reason, queue: queue.name }, 'escalated');
    await this.publish(handoff);

    if (!isOpen(queue.hours, now)) {
      await ctx.reply(handoffText(ctx.bot.config, ctx.locale, 'closed', { hours: describeHours(queue.hours) }), { buttons: WAITING_BUTTONS });
      await this.repo.markOutcome(handoff.id, 'closed-offered');
      await this.publish((await this.repo.get(handoff.id))!);
      return;
    }
    const agent = await this.tryAssign(handoff);
    if (agent) {
      await ctx.reply(handoffText(ctx.bot.config, ctx.locale, 'connecting'));
      await ctx.reply(handoffText(ctx.bot.config, ctx.locale, 'joined', { agent: agent.name }), { metadata: { handoffId: handoff.id } });
      return;
    }
    if (staffed.availability !== 'none-online') await ctx.reply(handoffText(ctx.bot.config, ctx.locale, 'connecting'));
    await this.tellPosition(ctx, handoff);
    await this.scheduleSla(handoff);
  }

  /** Assigns waiting conversations to free agents, highest priority and longest waiting first. */
  async assignWaiting(): Promise<number> {
    let assigned = 0;
    for (const handoff of servingOrder(await this.repo.list({ status: ['waiting'] }))) {
      const agent = await this.tryAssign(handoff);
      if (!agent) continue;
      assigned++;
      await this.notifyCustomer(handoff, 'joined', { agent: agent.name });
    }
    // Customers waiting live go first; then callbacks that are due.
    return assigned + (await this.offerDueCallbacks());
  }

  /** An agent's reply to the customer, on the customer's current channel, through the outbound chain. */
  async reply(agentId: string, handoffId: string, text: string): Promise<Message[]> {
    const handoff = await this.owned(agentId, handoffId);
    const agent = await this.repo.agent(agentId);
    return this.options.engine().send(handoff.conversationId, { text, metadata: { handoffId, agentId, agentName: agent?.name } }, { author: 'agent' });
  }

  /** An internal note, never shown to the customer. */
  async note(agentId: string, handoffId: string, text: string): Promise<void> {
    const handoff = await this.mustGet(handoffId);
    await this.repo.addNote(handoff, agentId, text);
  }

  /** Hands the conversation to another agent (directly) or another queue (to be routed). */
  async transfer(handoffId: string, to: { agentId?: string; queueId?: string }): Promise<Handoff> {
    const handoff = await this.mustGet(handoffId);
    if (to.agentId) {
      const agent = await this.repo.agent(to.agentId);
      if (!agent) throw new HandoffError(404, `No agent ${to.agentId}`);
      if (!(await this.repo.transferTo(handoffId, agent.id, this.repo.now()))) throw ended();
      await this.disarm(handoffId);
      await this.notifyCustomer(handoff, 'joined', { agent: agent.name });
    } else if (to.queueId) {
      if (!(await this.repo.queue(to.queueId))) throw new HandoffError(404, `No queue ${to.queueId}`);
      if (!(await this.repo.requeue(handoffId, to.queueId))) throw ended();
      await this.notifyCustomer(handoff, 'transferring');
      await this.assignWaiting();
    } else {
      throw new HandoffError(400, 'Say where to: { "agentId" } or { "queueId" }');
    }
    const updated = await this.mustGet(handoffId);
    await this.publish(updated);
    return updated;
  }

  /**
   * Ends the handoff: the bot takes over again. `resume: 'continue'` lets a paused dialog go on
   * with the next message; `'end'` ends it. With `csat`, the customer is asked to rate the help.
   * A callback's handoff records the callback's `outcome` (`done` unless the agent says otherwise).
   * With `emailSummary`, a summary of the request is mailed to the customer (the e-mail channel
   * finds their address; without one, the message is stored as skipped with the reason).
   */
  async resolve(handoffId: string, options: { resume?: 'continue' | 'end'; csat?: boolean; emailSummary?: boolean; outcome?: CallbackOutcome } = {}): Promise<void> {
    const handoff = await this.mustGet(handoffId);
    const outcome = options.outcome && options.outcome !== 'done' ? options.outcome : 'resolved';
    if (!(await this.repo.finish(handoffId, 'resolved', outcome, options.resume ?? 'continue', this.repo.now()))) {
      throw new HandoffError(409, 'This conversation is not waiting or assigned any more');
    }
    await this.disarm(handoffId);
    const callback = await this.callbacks.byHandoff(handoffId);
    if (callback) await this.callbacks.close(callback.id, options.outcome ?? 'done');
    await this.notifyCustomer(handoff, 'back');
    if (options.emailSummary) await this.mailSummary(handoff);
    if (options.csat && outcome === 'resolved') {
      const text = csatText(this.options.engine().bot.config, await this.localeOf(handoff), 'ask');
      await this.options.engine().send(handoff.conversationId, { text, buttons: csatButtons(), metadata: { csatFor: handoffId } });
    }
    await this.publish((await this.repo.get(handoffId))!);
    await this.assignWaiting();
  }

  /** Keeps the customer's rating (1–5) of a resolved handoff and tells the listeners. */
  async rate(handoffId: string, score: number): Promise<void> {
    await this.repo.setCsat(handoffId, score);
    await this.publish((await this.repo.get(handoffId))!);
  }

  /** Mails the customer a summary of the handed-off request: a service message (transactional), on the e-mail channel. */
  private async mailSummary(handoff: Handoff): Promise<void> {
    const engine = this.options.engine();
    const transcript = (await engine.store.listMessages({ conversationId: handoff.conversationId, limit: 500 })).filter((m) => m.createdAt >= handoff.requestedAt - 3_600_000);
    const text = handoffText(this.options.engine().bot.config, await this.localeOf(handoff), 'emailSummary', { summary: summarize(transcript, 5) || handoff.note || '' });
    await engine.send(handoff.conversationId, { text, channel: 'email', metadata: { handoffId: handoff.id, email: { transactional: true, kind: 'summary' } } });
  }

  /** Whether a person has, or is about to take, one of the customer's conversations (`HandoffLookup`). */
  withAgent(customerId: string): Promise<boolean> {
    return this.repo.hasActiveForCustomer(customerId);
  }

  /** The customer's rating of a handoff, once given (`HandoffLookup`). */
  async csat(handoffId: string): Promise<number | undefined> {
    return (await this.repo.get(handoffId))?.csat;
  }

  /** Whether the conversation was ever handed to a person (`HandoffLookup`). */
  async handedOff(conversationId: string): Promise<boolean> {
    return (await this.repo.latest(conversationId)) !== undefined;
  }

  /** When each handoff was requested (`HandoffLookup`). */
  requestTimes(): Promise<number[]> {
    return this.repo.requestTimes();
  }

  /** Handoffs by reason (`HandoffLookup`). */
  countByReason(): Promise<Record<string, number>> {
    return this.repo.countByReason();
  }

  /** Ratings given after handoffs, by score (`HandoffLookup`). */
  countByCsat(): Promise<Record<number, number>> {
    return this.repo.countByCsat();
  }

  /**
   * The customer asked to be called back instead of waiting: the wait ends and a callback is kept
   * (see CallbackDesk), due now or at the time they named, within opening hours. Undefined when
   * the handoff had already ended.
   */
  async callback(handoff: Handoff, at?: WallTime): Promise<Callback | undefined> {
    if (!(await this.repo.finishWaiting(handoff.id, 'resolved', 'callback', this.repo.now()))) return undefined;
    await this.disarm(handoff.id);
    await this.publish((await this.repo.get(handoff.id))!);
    return this.desk.keep(handoff, at);
  }

  /** Gives due callbacks to free agents with the queue's skills (the scheduler job calls this). */
  offerDueCallbacks(): Promise<number> {
    return this.desk.offerDue();
  }

  /** Records how a callback ended; an assigned one's conversation goes back to the bot. */
  async closeCallback(callbackId: string, outcome: CallbackOutcome): Promise<Callback> {
    const callback = await this.callbacks.get(callbackId);
    if (!callback) throw new HandoffError(404, `No callback ${callbackId}`);
    if (callback.status === 'assigned' && callback.handoffId) await this.resolve(callback.handoffId, { outcome });
    else if (!(await this.callbacks.close(callbackId, outcome))) throw new HandoffError(409, 'This callback has ended already');
    return (await this.callbacks.get(callbackId))!;
  }

  /** Cancels a waiting customer's request for a person (they said "cancel"): the bot takes over. */
  async cancel(handoff: Handoff): Promise<boolean> {
    if (!(await this.repo.finishWaiting(handoff.id, 'abandoned', 'cancelled', this.repo.now()))) return false;
    await this.disarm(handoff.id);
    await this.publish((await this.repo.get(handoff.id))!);
    return true;
  }

  async setAgentStatus(agentId: string, status: AgentStatus): Promise<void> {
    await this.repo.setStatus(agentId, status);
    if (status === 'available') await this.assignWaiting();
  }

  /** The agent's console connected (to any instance): cancels a pending requeue. */
  agentConnected(agentId: string): Promise<void> {
    return this.inOrder(agentId, () => this.options.scheduler.cancel(GRACE_JOB, agentId));
  }

  /**
   * The agent's console went away: after the grace period (a durable job, so it ends even if
   * this instance does not) their conversations go back to the queue. A second disconnect
   * starts the period again.
   */
  agentDisconnected(agentId: string): Promise<void> {
    const { scheduler } = this.options;
    return this.inOrder(agentId, async () => {
      await scheduler.cancel(GRACE_JOB, agentId);
      await scheduler.schedule(GRACE_JOB, { agentId }, this.repo.now() + this.options.graceMs, { id: agentId });
    });
  }

  /** Runs an agent's grace-period changes one after another, so a quick reconnect cancels the job its disconnect set. */
  private inOrder(agentId: string, change: () => Promise<void>): Promise<void> {
    const next = (this.graceChanges.get(agentId) ?? Promise.resolve()).catch(() => undefined).then(change);
    this.graceChanges.set(agentId, next);
    const forget = () => {
      if (this.graceChanges.get(agentId) === next) this.graceChanges.delete(agentId);
    };
    next.then(forget, forget);
    return next;
  }

  /** Takes an agent offline and requeues their conversations, telling each customer (the grace job). */
  async requeueAgent(agentId: string): Promise<void> {
    await this.repo.setStatus(agentId, 'offline');
    for (const handoff of await this.repo.list({ status: ['assigned'], agentId })) {
      await this.repo.requeue(handoff.id);
      await this.notifyCustomer(handoff, 'agentLost');
      await this.publish((await this.repo.get(handoff.id))!);
    }
    await this.assignWaiting();
  }

  /**
   * At start-up: an SLA job for every waiting conversation and a wake-up for every scheduled
   * callback (the scheduler ignores those it has: this covers rows older than their jobs), and a
   * routing pass.
   */
  async recover(): Promise<void> {
    for (const handoff of await this.repo.list({ status: ['waiting'] })) await this.scheduleSla(handoff);
    await this.desk.reschedule();
    await this.assignWaiting();
  }

  /**
   * Tells a waiting customer the truth about their wait: the queue is closed (and when it opens),
   * nobody who can help is online, or their place in line, the expected wait and how many skilled
   * colleagues are online.
   */
  async tellPosition(ctx: TurnContext, handoff: Handoff): Promise<void> {
    const queue = (await this.repo.queue(handoff.queueId)) ?? (await this.queues())[0];
    if (!isOpen(queue.hours, this.repo.now())) {
      await ctx.reply(handoffText(ctx.bot.config, ctx.locale, 'closed', { hours: describeHours(queue.hours) }), { buttons: WAITING_BUTTONS });
      return this.repo.touchNotice(handoff.id, this.repo.now());
    }
    const staffed = availability(await this.repo.agents(), queue);
    const { position, wait } = await this.estimate(handoff, staffed.online);
    const values = { position, wait: formatWait(wait, ctx.locale), online: staffed.online.length };
    const key = !staffed.online.length ? 'noneOnline' : handoff.requestedAt < this.repo.now() - 1000 ? 'waiting' : 'noAgents';
    await ctx.reply(handoffText(ctx.bot.config, ctx.locale, key, values), { buttons: WAITING_BUTTONS });
    await this.repo.touchNotice(handoff.id, this.repo.now());
  }

  /** Fires when a conversation has waited past its queue's SLA (the SLA job): the customer is offered a callback. */
  async onSla(handoffId: string): Promise<void> {
    const handoff = await this.repo.get(handoffId);
    if (!handoff || handoff.status !== 'waiting') return;
    if (!(await this.repo.markOutcome(handoffId, 'sla-offered'))) return; // another instance did it
    this.options.logger.warn({ handoffId }, 'handoff waited past its SLA');
    await this.publish((await this.repo.get(handoffId))!);
    await this.options.engine().send(handoff.conversationId, {
      text: await this.localized(handoff, 'slaOffer'),
      buttons: WAITING_BUTTONS,
    });
  }

  /**
   * The SLA job of a waiting conversation, unless it is set already. Should the scheduler be
   * unreachable, the next start-up's `recover` sets it: the escalation itself goes on.
   */
  private async scheduleSla(handoff: Handoff): Promise<void> {
    await this.options.scheduler
      .schedule(SLA_JOB, { handoffId: handoff.id }, handoff.slaAt, { id: handoff.id })
      .catch((err) => this.options.logger.warn({ err, handoffId: handoff.id }, 'could not schedule the SLA job'));
  }

  /**
   * Cancels the SLA job of a conversation that stopped waiting. Should that fail, the job finds
   * the conversation no longer waiting and does nothing: the change itself must not fail.
   */
  private async disarm(handoffId: string): Promise<void> {
    await this.options.scheduler.cancel(SLA_JOB, handoffId).catch((err) => this.options.logger.warn({ err, handoffId }, 'could not cancel an SLA job; it will find the conversation no longer waiting'));
  }

  private async tryAssign(handoff: Handoff) {
    const queue = (await this.repo.queue(handoff.queueId)) ?? (await this.queues())[0];
    const agent = chooseAgent(await this.repo.agents(), queue);
    if (!agent || !(await this.repo.assign(handoff.id, agent.id, this.repo.now()))) return undefined;
    await this.disarm(handoff.id);
    await this.publish((await this.repo.get(handoff.id))!);
    return agent;
  }

  private async estimate(handoff: Handoff, online: LoadedAgent[]): Promise<{ position: number; wait: number | undefined }> {
    const waiting = servingOrder(await this.repo.list({ status: ['waiting'] })).filter((h) => h.queueId === handoff.queueId);
    const position = Math.max(1, waiting.findIndex((h) => h.id === handoff.id) + 1);
    return { position, wait: expectedWaitSeconds(position, online, this.options.handleSeconds) };
  }

  private async queues() {
    const queues = await this.repo.queues();
    if (queues.length) return queues;
    // A bot without configured queues still escalates: to one catch-all queue.
    return [await this.repo.upsertQueue({ id: 'general', name: 'General', skills: [], priority: 0, slaSeconds: this.options.defaultSlaSeconds })];
  }

  private async notifyCustomer(handoff: Handoff, key: Parameters<typeof handoffText>[2], values: Record<string, string> = {}): Promise<void> {
    const text = handoffText(this.options.engine().bot.config, await this.localeOf(handoff), key, values);
    await this.options.engine().send(handoff.conversationId, { text, metadata: { handoffId: handoff.id } });
  }

  private async localized(handoff: Handoff, key: Parameters<typeof handoffText>[2]): Promise<string> {
    return handoffText(this.options.engine().bot.config, await this.localeOf(handoff), key);
  }

  private async localeOf(handoff: Handoff): Promise<string> {
    const conversation = await this.options.engine().store.getConversation(handoff.conversationId);
    return (conversation?.state.locale as string | undefined) ?? handoff.language ?? 'en';
  }

  private async owned(agentId: string, handoffId: string): Promise<Handoff> {
    const handoff = await this.mustGet(handoffId);
    if (handoff.status !== 'assigned' || handoff.agentId !== agentId) throw new HandoffError(409, 'This conversation is not assigned to you');
    return handoff;
  }

  private async mustGet(handoffId: string): Promise<Handoff> {
    const handoff = await this.repo.get(handoffId);
    if (!handoff) throw new HandoffError(404, `No handoff ${handoffId}`);
    return handoff;
  }

  private async publish(handoff: Handoff): Promise<void> {
    await this.options.bus().publish(HandoffTopics.changed, { handoff });
  }
}

/** A refused handoff action, with the HTTP status that says why. */
export class HandoffError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HandoffError';
  }
}

/** What a waiting customer can do instead of waiting. */
export const WAITING_BUTTONS = [
  { title: 'CALLBACK', payload: 'callback' },
  { title: 'CANCEL', payload: 'cancel' },
];

function ended(): HandoffError {
  return new HandoffError(409, 'This conversation is not waiting or assigned any more');
}

function describeHours(hours: { days: Record<number, string[]>; timezone: string } | undefined): string {
  if (!hours) return '';
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  return Object.entries(hours.days)
    .filter(([, ranges]) => ranges.length)
    .map(([d, ranges]) => `${days[Number(d)]} ${ranges.join(', ')}`)
    .join('; ')
    .concat(` ${hours.timezone}`);
}
