import type { Message } from './message';

/**
 * A typed bus topic: the topic carries its payload's type, so publishers and subscribers agree
 * without casts. The module that publishes on a topic declares it once
 * (`export const HandoffChanged = topic<{ handoff: Handoff }>('handoff.changed')`) and others import
 * that declaration instead of repeating the string.
 */
export interface Topic<P> {
  /** The topic's name on the wire (Redis channel suffix): unique in an app. */
  readonly name: string;
  /** Never set: only carries `P` for the type checker. */
  readonly payload?: P;
}

/** Declares a topic. Call once per topic, in the module that publishes on it. */
export function topic<P>(name: string): Topic<P> {
  return { name };
}

/**
 * Publish/subscribe between the parts of one instance — and, with a shared implementation
 * (Redis), between instances: a web socket on instance A sees what instance B sent.
 */
export interface EventBus {
  /** Delivers `payload` to every subscriber of `topic`, in every instance. */
  publish<P>(topic: Topic<P>, payload: P): Promise<void>;
  /** Calls `handler` for each payload published on `topic`. Returns a function that unsubscribes. */
  subscribe<P>(topic: Topic<P>, handler: (payload: P) => void): () => void;
  close?(): Promise<void>;
}

/** An `EventBus` within one process: the embedded default. */
export class MemoryBus implements EventBus {
  private readonly handlers = new Map<string, Set<(payload: unknown) => void>>();

  async publish<P>(topic: Topic<P>, payload: P): Promise<void> {
    for (const handler of this.handlers.get(topic.name) ?? []) {
      try {
        handler(payload);
      } catch {
        // A failing subscriber must not break the publisher or the other subscribers.
      }
    }
  }

  subscribe<P>(topic: Topic<P>, handler: (payload: P) => void): () => void {
    let set = this.handlers.get(topic.name);
    if (!set) this.handlers.set(topic.name, (set = new Set()));
    // Payloads on a topic's name are published through that same typed topic.
    const untyped = handler as (payload: unknown) => void;
    set.add(untyped);
    return () => {
      set.delete(untyped);
      if (set.size === 0) this.handlers.delete(topic.name);
    };
  }
}

/** Topics the engine publishes on. */
export const Topics = {
  /** A message was stored (either direction). */
  message: topic<{ message: Message }>('message'),
  /** A turn finished. */
  turnDone: topic<{ messageId: string; conversationId: string }>('turn.done'),
  /** An outbound message's delivery state changed. */
  delivery: topic<{ message: Message }>('delivery'),
} as const;
