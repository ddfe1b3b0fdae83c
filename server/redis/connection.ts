import Redis, { type RedisOptions } from 'ioredis';
import { UnavailableError } from '../../core/errors';

/** Bounds for every Redis call, so a dead Redis means a prompt error (HTTP 503), never a hang. */
export interface RedisTimeouts {
  /** Connect attempt timeout (default 3 s). */
  connectTimeoutMs?: number;
  /** Per-command timeout, including time spent queued while reconnecting (default 2 s). */
  commandTimeoutMs?: number;
}

/**
 * An ioredis client for commands: reconnects forever with capped backoff (so a Redis restart needs
 * no operator action), yet every command fails within `commandTimeoutMs` while Redis is away.
 */
export function commandClient(url: string, timeouts: RedisTimeouts = {}, extra: RedisOptions = {}): Redis {
  const client = new Redis(url, {
    connectTimeout: timeouts.connectTimeoutMs ?? 3_000,
    commandTimeout: timeouts.commandTimeoutMs ?? 2_000,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 5), 1_000),
    lazyConnect: true,
    ...extra,
  });
  // Without a listener ioredis logs every failed reconnect attempt to stderr.
  client.on('error', () => undefined);
  return client;
}

/** Opens a client and waits until it answers, failing clearly if Redis is not there. */
export async function connectClient(client: Redis, url: string): Promise<Redis> {
  try {
    if (client.status === 'wait') await client.connect();
    await client.ping();
    return client;
  } catch (err) {
    client.disconnect();
    throw new UnavailableError(`Redis is not reachable at ${redact(url)} (${(err as Error).message}); start it or unset REDIS_URL`, { cause: err });
  }
}

/** Maps Redis failures (down, timed out, reconnecting) to `UnavailableError`; other errors pass. */
export function redisError(err: unknown): unknown {
  if (err instanceof UnavailableError) return err;
  const message = (err as Error)?.message ?? String(err);
  if (/Command timed out|Connection is closed|ECONNREFUSED|ECONNRESET|ETIMEDOUT|max retries|Stream isn't writeable|enableOfflineQueue/i.test(message)) {
    return new UnavailableError(`Redis is unavailable (${message}); retry shortly, the connection is re-established automatically`, { cause: err });
  }
  return err;
}

/** A URL without its password, for messages and logs. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the configured URL';
  }
}
