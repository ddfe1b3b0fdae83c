/**
 * Publish/subscribe between the parts of one instance — and, with a shared implementation
 * (Redis), between instances: a web socket on instance A sees what instance B sent.
 */
export interface EventBus {
  /** Delivers `payload` to every subscriber of `topic`, in every instance. */
  publish(topic: string, payload: unknown): Promise<void>;
  /** Calls `handler` for each payload published on `topic`. Returns a function that unsubscribes. */
  subscribe(topic: string, handler: (payload: unknown) => void): () => void;
  close?(): Promise<void>;
}

/** An `EventBus` within one process: the embedded default. */
export class MemoryBus implements EventBus {
  private readonly handlers = new Map<string, Set<(payload: unknown) => void>>();

  async publish(topic: string, payload: unknown): Promise<void> {
    for (const handler of this.handlers.get(topic) ?? []) {
      try {
        handler(payload);
      } catch {
        // A failing subscriber must not break the publisher or the other subscribers.
      }
    }
  }

  subscribe(topic: string, handler: (payload: unknown) => void): () => void {
    let set = this.handlers.get(topic);
    if (!set) this.handlers.set(topic, (set = new Set()));
    set.add(handler);
    return () => {
      set.delete(handler);
      if (set.size === 0) this.handlers.delete(topic);
    };
  }
}

/** Topics the engine publishes on. */
export const Topics = {
  /** A message was stored (either direction): `{ message }`. */
  message: 'message',
  /** A turn finished: `{ messageId, conversationId }`. */
  turnDone: 'turn.done',
  /** An outbound message's delivery state changed: `{ message }`. */
  delivery: 'delivery',
  /** A typing indicator: `{ channel, address, conversationId }`. */
  typing: 'typing',
} as const;
