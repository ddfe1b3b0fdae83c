import { ErrorCode } from '@slack/web-api';
import { ChannelSendError } from '../../core/errors';

/**
 * Slack API errors that retrying cannot fix: a wrong channel, a revoked or under-scoped token, a
 * message Slack will never accept. Anything else (internal_error, timeouts, 5xx) is retried.
 */
const TRANSIENT = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited', 'rate_limited']);

/**
 * Turns a WebClient error into a `ChannelSendError` with the method, HTTP status and Slack's
 * payload, permanent unless the failure is worth retrying; a 429 carries `Retry-After`.
 */
export function toSendError(method: string, err: unknown): ChannelSendError {
  const e = err as { code?: string; data?: { error?: string }; statusCode?: number; retryAfter?: number; body?: unknown; message?: string };
  const base = { channel: 'slack', method, cause: err };
  switch (e.code) {
    case ErrorCode.RateLimitedError:
      return new ChannelSendError({ ...base, status: 429, message: `rate limited, retry after ${e.retryAfter} s`, retryAfterMs: (e.retryAfter ?? 1) * 1000 });
    case ErrorCode.PlatformError: {
      const code = e.data?.error ?? 'unknown_error';
      return new ChannelSendError({ ...base, status: 200, message: `Slack answered "${code}"${hint(code)}`, payload: e.data, permanent: !TRANSIENT.has(code) });
    }
    case ErrorCode.HTTPError: {
      const status = e.statusCode ?? 0;
      return new ChannelSendError({ ...base, status, message: e.message ?? `HTTP ${status}`, payload: e.body, permanent: status >= 400 && status < 500 && status !== 429 });
    }
    default:
      return new ChannelSendError({ ...base, message: e.message ?? String(err) });
  }
}

function hint(code: string): string {
  switch (code) {
    case 'channel_not_found':
    case 'not_in_channel':
      return ': invite the app to the channel, or check the conversation id';
    case 'invalid_auth':
    case 'not_authed':
    case 'token_revoked':
      return ': check SLACK_BOT_TOKEN (a bot token starting with xoxb-)';
    case 'missing_scope':
      return ': add the chat:write scope to the app and reinstall it';
    default:
      return '';
  }
}
