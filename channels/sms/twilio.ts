import twilio from 'twilio';
import { ChannelSendError } from '../../core/errors';
import { parseRetryAfter } from '../../core/webhook';

type TwilioRequest<T> = Parameters<InstanceType<typeof twilio.RequestClient>['request']>[0] & { data?: T };
type TwilioResponse<T> = Awaited<ReturnType<InstanceType<typeof twilio.RequestClient>['request']>> & { body: T };

/** An error answer from the Twilio API, with the response headers the SDK's `RestException` drops. */
export class TwilioHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, unknown>,
  ) {
    const parsed = parseBody(body);
    super(parsed?.message ?? `HTTP ${status}`);
    this.code = parsed?.code;
  }
  readonly code?: number;
}

/**
 * The SDK's own HTTP client, pointed at `apiBase` instead of `https://*.twilio.com` when given (a
 * staging proxy or a test's fake server), and keeping error responses' headers so `Retry-After`
 * can be honoured. twilio-node takes a custom `httpClient` for exactly this.
 */
export class TwilioHttpClient extends twilio.RequestClient {
  constructor(private readonly apiBase?: string) {
    super({ keepAlive: true });
  }

  override async request<TData>(opts: TwilioRequest<TData>): Promise<TwilioResponse<TData>> {
    const uri = this.apiBase ? rebase(opts.uri, this.apiBase) : opts.uri;
    const response = await super.request<TData>({ ...opts, uri });
    if (response.statusCode >= 400) {
      throw new TwilioHttpError(response.statusCode, response.body, (response.headers ?? {}) as Record<string, unknown>);
    }
    return response;
  }
}

/** `https://api.twilio.com/2010-04-01/…` → `<base>/2010-04-01/…`. */
function rebase(uri: string, base: string): string {
  const url = new URL(uri);
  return base.replace(/\/+$/, '') + url.pathname + url.search;
}

/** A Twilio REST client for the account, talking to `apiBase` when given. */
export function createTwilioClient(options: { accountSid: string; authToken: string; apiBase?: string }): twilio.Twilio {
  return twilio(options.accountSid, options.authToken, { httpClient: new TwilioHttpClient(options.apiBase) });
}

/** Twilio error codes that no retry can fix (see https://www.twilio.com/docs/api/errors). */
const PERMANENT_CODES: Record<number, string> = {
  21211: 'the "To" number is not a valid phone number',
  21610: 'the recipient has opted out (replied STOP) of messages from this number',
  21612: 'this number cannot be reached from the sending number',
  21614: 'the "To" number is not a mobile number',
  21408: 'the account may not send to this region',
  21606: 'the "From" number is not an SMS-capable number of this account',
};

/**
 * Turns whatever the SDK threw into a `ChannelSendError`: invalid or opted-out numbers and other
 * 4xx answers are permanent; 429, 5xx and network failures are retried (after `Retry-After`).
 */
export function classifyTwilioError(err: unknown, method: string): ChannelSendError {
  if (err instanceof ChannelSendError) return err;
  if (err instanceof TwilioHttpError) {
    const transient = err.status === 429 || err.status >= 500;
    const known = err.code !== undefined ? PERMANENT_CODES[err.code] : undefined;
    return new ChannelSendError({
      channel: 'sms',
      method,
      status: err.status,
      message: `${known ?? err.message}${err.code ? ` (Twilio error ${err.code})` : ''}`,
      permanent: !transient,
      retryAfterMs: parseRetryAfter(header(err.headers, 'retry-after')),
      payload: { code: err.code, body: err.body },
      cause: err,
    });
  }
  const e = err as { status?: number; code?: number | string; message?: string };
  const permanent = typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && e.status !== 429;
  return new ChannelSendError({
    channel: 'sms',
    method,
    status: e?.status,
    message: e?.message ?? String(err),
    permanent,
    payload: { code: e?.code },
    cause: err,
  });
}

function header(headers: Record<string, unknown>, name: string): string | undefined {
  const found = Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
  return found === undefined ? undefined : String(found);
}

function parseBody(body: unknown): { message?: string; code?: number } | undefined {
  try {
    const value = typeof body === 'string' ? JSON.parse(body) : body;
    return value && typeof value === 'object' ? (value as { message?: string; code?: number }) : undefined;
  } catch {
    return undefined;
  }
}
