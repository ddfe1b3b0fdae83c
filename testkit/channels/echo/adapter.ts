import { Hono } from 'hono';
import { z } from 'zod';
import type { Capabilities, ChannelAdapter, ChannelHost, SendResult } from '../../../core/channel';
import { ChannelSendError } from '../../../core/errors';
import { parseJson, validate } from '../../../core/http';
import { plainText } from '../../../core/markdown/format';
import type { Message } from '../../../core/message';
import { handleWebhook, parseRetryAfter, verifyHmac } from '../../../core/webhook';

/** What the echo provider posts to the webhook. */
const Inbound = z.object({ id: z.string().min(1), from: z.string().min(1), text: z.string() });
/** What it answers to a send. */
const Sent = z.object({ id: z.string().optional() });

/** Settings of the echo channel. */
export interface EchoChannelOptions {
  /** The provider's API, which takes `POST /messages`. */
  providerUrl: string;
  /** Signs webhooks (HMAC-SHA256 of the body, `X-Echo-Signature`) and authorizes sends (bearer). */
  secret: string;
  maxBodyBytes: number;
}

/**
 * A channel adapter for a made-up provider, as small as an adapter gets: a signed JSON webhook
 * in, a JSON POST out, plain text with numbered lists instead of buttons.
 */
export class EchoChannel implements ChannelAdapter {
  readonly name = 'echo';
  readonly capabilities: Capabilities = { maxButtons: 0, maxButtonTitle: 40, maxTextLength: 500, format: plainText, media: false, typing: false };
  private host?: ChannelHost;

  constructor(private readonly options: EchoChannelOptions) {}

  start(host: ChannelHost): void {
    this.host = host;
  }

  routes(): Hono {
    return new Hono().post('/api/echo/messages', (c) => this.inbound(c.req.raw));
  }

  private inbound(request: Request): Promise<Response> {
    if (!this.host) throw new Error('The echo channel was used before the engine started it');
    return handleWebhook(request, this.host, {
      maxBodyBytes: this.options.maxBodyBytes,
      verify: (raw) =>
        verifyHmac({ secret: this.options.secret, algorithm: 'sha256', data: raw, signature: request.headers.get('x-echo-signature'), header: 'X-Echo-Signature' }),
      // Checked as every body is (core/http.ts): a 400 that names each wrong field.
      parse: (raw) => validate(Inbound, parseJson(raw), { prefix: 'Malformed echo webhook: ' }),
      drafts: (payload) => [{ channel: 'echo', address: payload.from, text: payload.text, channelMessageId: payload.id }],
    });
  }

  async send(message: Message): Promise<SendResult> {
    const response = await fetch(`${this.options.providerUrl}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.options.secret}` },
      body: JSON.stringify({ to: message.address, text: message.text ?? '' }),
    });
    if (!response.ok) {
      throw new ChannelSendError({
        channel: 'echo',
        method: 'POST /messages',
        message: await response.text(),
        status: response.status,
        permanent: response.status < 500 && response.status !== 429,
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
      });
    }
    return { channelMessageId: Sent.parse(await response.json()).id };
  }
}
