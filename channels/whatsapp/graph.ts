import { ChannelSendError, RequestError } from '../../core/errors';
import { fetchProviderFile, isProviderUrl } from '../../core/media';
import type { MediaFetchOptions } from '../../core/channel';
import { parseRetryAfter } from '../../core/webhook';

/** Where and as whom to call the Graph API. */
export interface GraphOptions {
  /** Default `https://graph.facebook.com`; a fake server in tests. */
  graphUrl: string;
  /** API version, e.g. `v21.0`. */
  version: string;
  phoneNumberId: string;
  accessToken: string;
}

/** Cloud API error codes that say a retry will not help (see Meta's error code reference). */
const PERMANENT: Record<number, string> = {
  131047: 'the 24-hour customer-service window is closed: only an approved template may be sent',
  131026: 'the recipient cannot receive this message (not on WhatsApp, or an old app version)',
  131051: 'unsupported message type',
  132000: 'template parameters do not match the template',
  132001: 'the template does not exist in this language',
  131021: 'recipient is the sender',
  190: 'the access token is invalid or expired: update WHATSAPP_ACCESS_TOKEN',
};
/** Codes Meta uses for throttling, whatever the HTTP status. */
const THROTTLED = new Set([4, 80007, 130429, 131048, 131056]);

/** Media ids as the Cloud API hands them out (digits, in practice). */
const MEDIA_ID = /^[A-Za-z0-9_.-]{1,128}$/;

/**
 * The Graph API calls the channel makes: `POST {graph}/{version}/{phone_number_id}/messages` to
 * send, and the two-step media download. There is no official Node SDK for the Cloud API, so this
 * is plain `fetch`; send errors become `ChannelSendError`s (permanent or retried after `Retry-After`).
 */
export class GraphClient {
  constructor(private readonly options: GraphOptions) {}

  /** Sends one message object; resolves with its `wamid`. */
  async sendMessage(body: Record<string, unknown>): Promise<string | undefined> {
    const { graphUrl, version, phoneNumberId, accessToken } = this.options;
    const url = `${graphUrl.replace(/\/+$/, '')}/${version}/${phoneNumberId}/messages`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', ...body }),
      });
    } catch (err) {
      throw new ChannelSendError({ channel: 'whatsapp', method: 'messages', message: `network error: ${(err as Error).message}`, cause: err });
    }
    const text = await response.text();
    const data = safeJson(text) as { messages?: Array<{ id?: string }>; error?: { code?: number; message?: string } } | undefined;
    if (response.ok) return data?.messages?.[0]?.id;
    throw graphError(response, data?.error, text);
  }

  /**
   * Downloads an inbound media file: `GET {graph}/{version}/{media-id}` answers `{ url, mime_type,
   * file_size }` with a short-lived `url`, which is then fetched with the same bearer token.
   * Resolves with the file's response, body unread.
   */
  async downloadMedia(mediaId: string, options: MediaFetchOptions): Promise<Response> {
    if (!MEDIA_ID.test(mediaId)) throw new RequestError(404, `"${mediaId.slice(0, 40)}" is not a WhatsApp media id`);
    const { graphUrl, version, accessToken } = this.options;
    const headers = { authorization: `Bearer ${accessToken}` };
    const what = `WhatsApp media ${mediaId}`;
    const lookup = await fetchProviderFile(`${graphUrl.replace(/\/+$/, '')}/${version}/${encodeURIComponent(mediaId)}`, { ...options, what, headers });
    const info = safeJson(await lookup.text()) as { url?: unknown; file_size?: unknown } | undefined;
    if (typeof info?.url !== 'string') throw new RequestError(502, `The Graph API answered no download URL for ${what}`);
    if (Number(info.file_size) > options.maxBytes) {
      throw new RequestError(413, `${what} is ${Number(info.file_size)} bytes, over the ${options.maxBytes}-byte limit for opening attachments (MEDIA_MAX_BYTES)`);
    }
    // The token goes to Meta's download host over https only (or to the Graph host the channel was pointed at).
    if (!isProviderUrl(info.url, /./, graphUrl)) throw new RequestError(502, `The Graph API gave a download URL for ${what} that is not https; refusing to send the access token there`);
    return fetchProviderFile(info.url, { ...options, what, headers });
  }
}

function graphError(response: Response, error: { code?: number; message?: string; error_subcode?: number } | undefined, text: string): ChannelSendError {
  const code = error?.code;
  const throttled = response.status === 429 || (code !== undefined && THROTTLED.has(code));
  const transient = throttled || response.status >= 500;
  const known = code !== undefined ? PERMANENT[code] : undefined;
  return new ChannelSendError({
    channel: 'whatsapp',
    method: 'messages',
    status: response.status,
    message: `${known ?? error?.message ?? text.slice(0, 200)}${code !== undefined ? ` (Graph error ${code})` : ''}`,
    permanent: !transient,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    payload: { code, error },
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
