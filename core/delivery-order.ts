import type { Message } from './message';

/**
 * Keeps a conversation's outbound messages in order while some of them are put back for later (a
 * pacing wait, a retry): a later message of that conversation waits for the earliest one put back
 * instead of overtaking it. Per process, like the outbox's delivery chains; a hold lapses `graceMs`
 * after its retry time, so a message another instance took over cannot hold a conversation up.
 */
export class ConversationHolds {
  /** Per conversation: the messages put back (id → retry time). Ids sort by creation. */
  private readonly held = new Map<string, Map<string, number>>();

  constructor(private readonly graceMs: number) {}

  /** `message` was put back until `retryAt`: later messages of its conversation wait for it. */
  hold(message: Message, retryAt: number): void {
    let waiting = this.held.get(message.conversationId);
    if (!waiting) this.held.set(message.conversationId, (waiting = new Map()));
    waiting.set(message.id, retryAt);
  }

  /** Until when `message` must wait for an earlier message of its conversation; undefined: go ahead. */
  waitFor(message: Message, now: number): number | undefined {
    const waiting = this.held.get(message.conversationId);
    if (!waiting) return undefined;
    let first: [string, number] | undefined;
    for (const [id, until] of waiting) {
      if (now > until + this.graceMs) waiting.delete(id);
      else if (!first || id < first[0]) first = [id, until];
    }
    if (!waiting.size) this.held.delete(message.conversationId);
    return first && message.id > first[0] ? Math.max(first[1], now) : undefined;
  }

  /** `message` has its outcome (sent, or failed for good): it holds nothing up any more. */
  release(message: Message): void {
    const waiting = this.held.get(message.conversationId);
    waiting?.delete(message.id);
    if (waiting && !waiting.size) this.held.delete(message.conversationId);
  }
}
