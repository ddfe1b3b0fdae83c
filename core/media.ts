import { RequestError } from './errors';

/** How one provider file is fetched (see `ChannelAdapter.fetchMedia`). */
export interface ProviderFetch {
  /** Who is asked, for error messages: `WhatsApp media 123`, `the Slack file`. */
  what: string;
  /** The provider's credentials (`authorization`), sent to the provider's own origin only. */
  headers: Record<string, string>;
  /** Refuse (413) a file declared larger than this. */
  maxBytes: number;
  signal?: AbortSignal;
}

const MAX_REDIRECTS = 3;

/**
 * GETs a file from a provider with its credentials and returns the successful response, body
 * unread. Redirects are followed by hand: a provider may hand the file to its storage host (Twilio
 * redirects to a signed CDN URL) and the credentials must not go along to another origin — some
 * such hosts even refuse a request that carries two kinds of authorization. Network failures and
 * non-2xx answers are a 502 that names the provider and its status; a declared size over the
 * limit is a 413.
 */
export async function fetchProviderFile(url: string, options: ProviderFetch): Promise<Response> {
  const origin = new URL(url).origin;
  let current = url;
  for (let hop = 0; ; hop++) {
    const sameOrigin = new URL(current).origin === origin;
    let response: Response;
    try {
      response = await fetch(current, { headers: sameOrigin ? options.headers : {}, redirect: 'manual', signal: options.signal });
    } catch (err) {
      throw new RequestError(502, `Could not reach the provider for ${options.what}: ${(err as Error).message}`);
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel().catch(() => undefined);
      if (hop >= MAX_REDIRECTS) throw new RequestError(502, `The provider redirected ${options.what} more than ${MAX_REDIRECTS} times`);
      const next = new URL(location, current);
      if (next.protocol !== 'https:' && next.protocol !== 'http:') throw new RequestError(502, `The provider redirected ${options.what} to a ${next.protocol} URL`);
      current = next.href;
      continue;
    }
    if (!response.ok) {
      const detail = (await response.text().catch(() => '')).slice(0, 200);
      throw new RequestError(502, `The provider answered HTTP ${response.status} for ${options.what}${detail ? `: ${detail}` : ''}`);
    }
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > options.maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw new RequestError(413, `${capitalize(options.what)} is ${declared} bytes, over the ${options.maxBytes}-byte limit for opening attachments (MEDIA_MAX_BYTES)`);
    }
    return response;
  }
}

/**
 * Whether `url` may receive a provider's credentials: an https URL on one of `hosts`, or any URL
 * on the origin the adapter was pointed at instead of the provider (`SLACK_API_URL`,
 * `TWILIO_API_BASE`: a proxy, or a fake server in tests).
 */
export function isProviderUrl(url: string, hosts: RegExp, configuredBase?: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (configuredBase && parsed.origin === new URL(configuredBase).origin) return true;
  return parsed.protocol === 'https:' && hosts.test(parsed.hostname);
}

/**
 * Reads a provider's whole body into memory, refusing (413) one over `maxBytes` as soon as it gets there;
 * a broken transfer, or one that differs from the declared length, is a 502. The provider's
 * stream is cancelled on every refusal.
 */
export async function readWithin(response: Response, maxBytes: number, declared?: number, limit = 'for opening attachments (MEDIA_MAX_BYTES)'): Promise<Uint8Array<ArrayBuffer>> {
  if (!response.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  const refuse = async (status: number, message: string): Promise<never> => {
    await reader.cancel().catch(() => undefined);
    throw new RequestError(status, message);
  };
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch (err) {
      throw new RequestError(502, `The provider broke off the file after ${size} bytes${declared === undefined ? '' : ` of the ${declared} it declared`} (${(err as Error).message}); nothing was served`);
    }
    if (next.done) break;
    size += next.value.byteLength;
    if (size > maxBytes) {
      const lied = declared !== undefined ? `: the provider declared ${declared} bytes, then sent more` : '';
      return refuse(413, `The file is over the ${maxBytes}-byte limit ${limit}${lied}`);
    }
    if (declared !== undefined && size > declared) return refuse(502, `The provider declared ${declared} bytes for the file, then sent more; nothing was served`);
    chunks.push(next.value);
  }
  if (declared !== undefined && size !== declared) return refuse(502, `The provider declared ${declared} bytes for the file but sent ${size}; nothing was served`);
  return joinChunks(chunks, size);
}

/** Concatenates `chunks` of `size` bytes in all. */
export function joinChunks(chunks: Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
