import { createHmac } from 'node:crypto';
import type { Accepted, ChannelHost } from './channel';
import { RequestError } from './errors';
import { DEFAULT_MAX_BODY_BYTES, json, readBody, safeEqual } from './http';
import type { InboundDraft } from './message';

/**
 * The steps every provider webhook takes, in this order: read the raw body within a size limit
 * (413), verify its signature before anything is parsed or stored (401/403), parse it (400 with
 * the reason), hand each message to the engine (which deduplicates and stores), answer at once.
 */
export interface WebhookSpec<T> {
  /** Largest body accepted, in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** Throws a `RequestError` (401/403) unless the raw body is signed by the provider. */
  verify(raw: Uint8Array, request: Request): void | Promise<void>;
  /** Parses the verified body; throws a `RequestError(400)` saying what is wrong. */
  parse(raw: Uint8Array, request: Request): T | Promise<T>;
  /** The inbound messages in the payload (none for status callbacks). */
  drafts(payload: T): InboundDraft[] | Promise<InboundDraft[]>;
  /** Runs once the drafts are stored (status callbacks, bookkeeping). */
  after?(payload: T, accepted: Accepted[]): void | Promise<void>;
  /** The answer to the provider (default: 200 `{"ok":true}`). */
  respond?(payload: T, accepted: Accepted[]): Response;
}

/**
 * Runs one webhook request through `spec`. Refusals come back as JSON `{ error }` with their
 * status, so adapters can be tested with plain `Request`s, without a server.
 */
export async function handleWebhook<T>(request: Request, host: ChannelHost, spec: WebhookSpec<T>): Promise<Response> {
  try {
    const raw = await readBody(request, spec.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
    await spec.verify(raw, request);
    const payload = await spec.parse(raw, request);
    const accepted: Accepted[] = [];
    // In order, so messages of one sender are stored in the order the provider listed them.
    for (const draft of await spec.drafts(payload)) accepted.push(await host.receive(draft));
    await spec.after?.(payload, accepted);
    return spec.respond ? spec.respond(payload, accepted) : json({ ok: true });
  } catch (err) {
    if (err instanceof RequestError) return json({ error: err.message }, err.status, err.headers);
    throw err;
  }
}

/**
 * Checks `signature` (e.g. the hex of `sha256=<hex>`) against the HMAC of `data` with `secret`,
 * in constant time. Throws a 401 when the header is missing and a 403 when it does not match.
 */
export function verifyHmac(options: {
  secret: string;
  algorithm: 'sha1' | 'sha256';
  data: Uint8Array | string;
  signature: string | null | undefined;
  prefix?: string;
  encoding?: 'hex' | 'base64';
  header: string;
}): void {
  const { signature, header } = options;
  if (!signature) throw new RequestError(401, `Missing ${header} header: the request is not signed`);
  const digest = createHmac(options.algorithm, options.secret).update(options.data).digest(options.encoding ?? 'hex');
  if (!safeEqual(signature, `${options.prefix ?? ''}${digest}`)) {
    throw new RequestError(403, `Invalid ${header}: the request was not signed with the configured secret`);
  }
}

/**
 * A `Retry-After` header (seconds or an HTTP date) in milliseconds, for `ChannelSendError.retryAfterMs`.
 * Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
