import { newId } from '../core/ids';
import type { Logger } from '../core/logger';
import type { Scheduler } from '../core/scheduler';
import { callbackTime } from './hours';
import { CallbackRepository, type Callback } from './callbacks';
import type { Handoff, Queue } from './model';
import { HandoffRepository } from './repository';
import { chooseAgent, type LoadedAgent } from './routing';
import type { HandoffTexts } from './texts';
import type { WallTime } from './triggers';

/** The scheduler job that wakes an instance when a promised callback comes due. */
export const CALLBACK_JOB = 'handoff.callback';

/** What the callback desk needs from the handoff service. */
export interface CallbackDeskDeps {
  repo: HandoffRepository;
  callbacks: CallbackRepository;
  scheduler?: Scheduler;
  logger: Logger;
  /** The queue by id, else the catch-all one. */
  queueOf(id: string): Promise<Queue>;
  /** Tells the customer of a handoff something, in their language. */
  notify(handoff: Handoff, key: keyof HandoffTexts, values: Record<string, string>): Promise<void>;
  /** Tells the consoles a handoff changed. */
  publish(handoff: Handoff): Promise<void>;
}

/**
 * Callbacks promised to customers ("reply CALLBACK and we'll get back to you"): kept in the store,
 * woken by a scheduler job at their due time, and given to the first free agent with the queue's
 * skills as a handoff assigned to them. The row is the promise; the job is only a wake-up, so a
 * lost job (the local scheduler after a restart) is made good by `reschedule` and by every
 * routing pass.
 */
export class CallbackDesk {
  constructor(private readonly deps: CallbackDeskDeps) {}

  /**
   * Keeps a callback for a wait that has just ended: due now, or at the time the customer named
   * (in the queue's time zone), moved into the queue's opening hours.
   */
  async keep(ended: Handoff, at?: WallTime): Promise<Callback> {
    const { repo, callbacks } = this.deps;
    const now = repo.now();
    const queue = await repo.queue(ended.queueId);
    const callback = await callbacks.create({
      conversationId: ended.conversationId,
      customerId: ended.customerId,
      queueId: ended.queueId,
      originHandoffId: ended.id,
      dueAt: callbackTime(queue?.hours, now, at),
    });
    await this.schedule(callback);
    if (callback.dueAt <= now) await this.offerDue();
    return callback;
  }

  /**
   * Gives due callbacks to free agents with the queue's skills, earliest due first. A callback
   * whose customer is already with a person again is marked superseded.
   */
  async offerDue(): Promise<number> {
    const { repo, callbacks } = this.deps;
    let offered = 0;
    for (const callback of await callbacks.list(['scheduled'])) {
      if (callback.dueAt > repo.now()) break;
      if (await repo.active(callback.conversationId)) {
        await callbacks.close(callback.id, 'superseded');
        continue;
      }
      const queue = await this.deps.queueOf(callback.queueId);
      const agent = chooseAgent(await repo.agents(), queue);
      if (agent && (await this.give(callback, queue, agent))) offered++;
    }
    return offered;
  }

  /** After a restart: a wake-up job for every scheduled callback (Redis ignores one it has). */
  async reschedule(): Promise<void> {
    for (const callback of await this.deps.callbacks.list(['scheduled'])) await this.schedule(callback);
  }

  /**
   * Claims a callback for `agent` and opens its handoff, in one transaction: a crash never leaves a
   * callback marked assigned without the conversation that carries it. False when another instance
   * claimed it first, or the customer escalated again meanwhile (the next pass supersedes it).
   */
  private async give(callback: Callback, queue: Queue, agent: LoadedAgent): Promise<boolean> {
    const { repo } = this.deps;
    const now = repo.now();
    const origin = callback.originHandoffId ? await repo.get(callback.originHandoffId) : undefined;
    const handoff = await repo.sql
      .transaction(async (tx) => {
        const id = newId('hnd_');
        if (!(await new CallbackRepository(tx, repo.now).assign(callback.id, id, agent.id))) return undefined;
        const inTx = new HandoffRepository(tx, repo.now);
        const created = await inTx.create(
          {
            conversationId: callback.conversationId,
            customerId: callback.customerId,
            queueId: queue.id,
            reason: 'callback',
            note: 'The customer asked us to get back to them',
            language: origin?.language,
            topic: origin?.topic,
            priority: origin?.priority ?? queue.priority,
            requestedAt: now,
            slaAt: now + queue.slaSeconds * 1000,
          },
          id,
        );
        await inTx.assign(created.id, agent.id, now);
        return created;
      })
      .catch((err) => {
        this.deps.logger.warn({ err, callbackId: callback.id }, 'could not give a callback to an agent; the next pass tries again');
        return undefined;
      });
    if (!handoff) return false;
    this.deps.logger.info({ callbackId: callback.id, handoffId: handoff.id, agentId: agent.id }, 'callback assigned');
    await this.deps.notify(handoff, 'callbackJoined', { agent: agent.name });
    await this.deps.publish((await repo.get(handoff.id))!);
    return true;
  }

  private async schedule(callback: Callback): Promise<void> {
    // If scheduling fails, the next routing pass (an agent becoming available, a restart) still
    // finds the row.
    await this.deps.scheduler
      ?.schedule(CALLBACK_JOB, { id: callback.id }, callback.dueAt, { id: callback.id })
      .catch((err) => this.deps.logger.warn({ err, callbackId: callback.id }, 'could not schedule a callback wake-up'));
  }
}
