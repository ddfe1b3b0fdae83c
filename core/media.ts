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

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
