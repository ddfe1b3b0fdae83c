/** Base class for errors Switchboard raises on purpose; `message` always says what to do. */
export class SwitchboardError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A bot, channel or store was configured wrongly. Thrown at start-up, never at the first request. */
export class ConfigError extends SwitchboardError {}

/** Someone else changed the conversation since it was read: reload and run the turn again. */
export class VersionConflictError extends SwitchboardError {}

/**
 * A turn tried to commit for an inbound message that is no longer pending: another lock holder
 * (after this one's lease expired) already ran it. The turn's writes are rolled back.
 */
export class StaleTurnError extends SwitchboardError {}

/** A request was refused before anything was stored: bad signature, malformed or oversize body. */
export class RequestError extends SwitchboardError {
  constructor(
    readonly status: number,
    message: string,
    /** Headers the answer carries (`Retry-After` on a 429). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * A channel could not deliver a message. `permanent` failures (bad number, opted out, window
 * closed) are recorded and not retried; others are retried with backoff, after `retryAfterMs`
 * when the provider said so.
 */
export class ChannelSendError extends SwitchboardError {
  readonly channel: string;
  readonly method: string;
  readonly status?: number;
  readonly permanent: boolean;
  readonly retryAfterMs?: number;
  /**
   * True when the provider was not called at all (a local pacing wait): the message is handed back
   * to be tried after `retryAfterMs`, and this does not count as a failed attempt.
   */
  readonly deferred: boolean;
  readonly payload?: unknown;

  constructor(init: {
    channel: string;
    method: string;
    message: string;
    status?: number;
    permanent?: boolean;
    retryAfterMs?: number;
    deferred?: boolean;
    payload?: unknown;
    cause?: unknown;
  }) {
    super(`${init.channel} ${init.method} failed${init.status ? ` (HTTP ${init.status})` : ''}: ${init.message}`, {
      cause: init.cause,
    });
    this.channel = init.channel;
    this.method = init.method;
    this.status = init.status;
    this.permanent = init.permanent ?? false;
    this.retryAfterMs = init.retryAfterMs;
    this.deferred = init.deferred ?? false;
    this.payload = init.payload;
  }
}

/** The store is unreachable or failing; HTTP callers get 503 with retry advice. */
export class UnavailableError extends SwitchboardError {}
