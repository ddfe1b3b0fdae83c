import { Hono } from 'hono';
import { z } from 'zod';
import type { Capabilities, ChannelAdapter, ChannelHost, MediaFetchOptions, SendResult } from '../../core/channel';
import { ChannelSendError, RequestError } from '../../core/errors';
import { safeEqual, validQuery } from '../../core/http';
import type { Attachment, InboundDraft, Message } from '../../core/message';
import type { SqlDriver } from '../../core/storage/sql';
import { handleWebhook, verifyHmac } from '../../core/webhook';
import { GraphClient } from './graph';
import { parsePayload, statusesOf, toDrafts, type WhatsAppPayload } from './inbound';
import { templateBody, toGraphBodies, type WhatsAppTemplate } from './outbound';
import { ServiceWindow } from './window';
import { whatsappMarkup } from '../../core/markdown/whatsapp';

/** Meta's subscription check (`GET /api/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`). */
const Subscription = z.object({
  'hub.mode': z.string().optional(),
  'hub.verify_token': z.string().default(''),
  'hub.challenge': z.string().default(''),
});

/** Settings of the WhatsApp Cloud API channel (see docs/channels.md). */
export interface WhatsAppChannelOptions {
  /** The app secret that signs webhooks (`X-Hub-Signature-256`). */
  appSecret: string;
  /** The token you typed into the webhook set-up in Meta's dashboard. */
  verifyToken: string;
  accessToken: string;
  phoneNumberId: string;
  /** Default `https://graph.facebook.com`. */
  graphUrl?: string;
  /** Graph API version, default `v21.0`. */
  apiVersion?: string;
  /** An approved template sent instead of a free-form message when the 24-hour window is closed. */
  fallbackTemplate?: WhatsAppTemplate;
  /** Label of the button that opens a list of options. */
  listButton?: string;
  maxBodyBytes?: number;
  /** The database the window table and delivery reports live in. */
  sql: SqlDriver;
}

/**
 * WhatsApp through Meta's Cloud API: webhook verification (GET), signed deliveries (POST,
 * `X-Hub-Signature-256` over the raw body), text / media / interactive replies, and the 24-hour
 * customer-service window, outside which only approved templates go out.
 */
export class WhatsAppChannel implements ChannelAdapter {
  readonly name = 'whatsapp';
  /** Up to 10 choices (3 as buttons, more as a list), titles of 20, text of 4096, WhatsApp's own markup. */
  readonly capabilities: Capabilities = { maxButtons: 10, maxButtonTitle: 20, maxTextLength: 4096, format: whatsappMarkup, media: true, typing: false, phoneNumbers: true, cards: true, serviceWindow: true };
  readonly window: ServiceWindow;
  private host?: ChannelHost;
  private readonly graph: GraphClient;

  constructor(private readonly options: WhatsAppChannelOptions) {
    this.window = new ServiceWindow(options.sql);
    this.graph = new GraphClient({
      graphUrl: options.graphUrl ?? 'https://graph.facebook.com',
      version: options.apiVersion ?? 'v21.0',
      phoneNumberId: options.phoneNumberId,
      accessToken: options.accessToken,
    });
  }

  start(host: ChannelHost): void {
    this.host = host;
  }

  routes(): Hono {
    const app = new Hono();
    app.get('/api/whatsapp/webhook', validQuery(Subscription), (c) => this.verifySubscription(c.req.valid('query')));
    app.post('/api/whatsapp/webhook', (c) => this.inbound(c.req.raw));
    return app;
  }

  /** Meta's one-time check when the webhook is configured: echo `hub.challenge` for the right token. */
  private verifySubscription(query: z.output<typeof Subscription>): Response {
    if (query['hub.mode'] !== 'subscribe' || !safeEqual(query['hub.verify_token'], this.options.verifyToken)) {
      return new Response('Verification failed: hub.verify_token does not match WHATSAPP_VERIFY_TOKEN', { status: 403 });
    }
    return new Response(query['hub.challenge'], { headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }

  private inbound(request: Request): Promise<Response> {
    if (!this.host) throw new Error('The WhatsApp channel was used before the engine started it');
    return handleWebhook<WhatsAppPayload>(request, this.host, {
      maxBodyBytes: this.options.maxBodyBytes,
      verify: (raw) =>
        verifyHmac({
          secret: this.options.appSecret,
          algorithm: 'sha256',
          data: raw,
          signature: request.headers.get('x-hub-signature-256'),
          prefix: 'sha256=',
          header: 'X-Hub-Signature-256',
        }),
      parse: (raw) => parsePayload(raw),
      drafts: (payload) => this.openWindows(toDrafts(payload)),
      after: (payload) => this.recordStatuses(payload),
    });
  }

  /**
   * Opens the window for each sender before the engine has the message: once stored, its turn may
   * run and its reply reach `send` (which checks the window) at once, and a crash right after
   * storing must not leave the window shut for the reply sent on recovery. A repeat delivery
   * touches it again with the same time, which changes nothing.
   */
  private async openWindows(drafts: InboundDraft[]): Promise<InboundDraft[]> {
    for (const d of drafts) await this.window.touch(d.address, d.createdAt ?? Date.now());
    return drafts;
  }

  /** Records the payload's delivery reports on the messages they name. */
  private async recordStatuses(payload: WhatsAppPayload): Promise<void> {
    const host = this.host;
    if (!host) throw new Error('The WhatsApp channel was used before the engine started it');
    for (const s of statusesOf(payload)) {
      const error = s.errors?.map((e) => `${e.code ?? ''} ${e.title ?? ''}`.trim()).join('; ');
      await host.recordDelivery({
        channel: 'whatsapp',
        channelMessageId: s.id,
        status: s.status,
        error: error || undefined,
        at: s.timestamp ? Number(s.timestamp) * 1000 : undefined,
      });
    }
  }

  async send(message: Message): Promise<SendResult> {
    const template = message.metadata?.whatsappTemplate as WhatsAppTemplate | undefined;
    if (template) return { channelMessageId: await this.graph.sendMessage(templateBody(message.address, template)) };
    if (!(await this.window.isOpen(message.address))) return this.outsideWindow(message);
    let last: string | undefined;
    for (const body of toGraphBodies(message, this.options.listButton)) last = (await this.graph.sendMessage(body)) ?? last;
    return { channelMessageId: last };
  }

  /** Opens a `whatsapp-media:<id>` attachment (kept as an id at intake) through the Graph API. */
  async fetchMedia(attachment: Attachment, options: MediaFetchOptions): Promise<Response> {
    const id = /^whatsapp-media:(.+)$/.exec(attachment.url ?? '')?.[1];
    if (!id) throw new RequestError(404, 'This attachment is not a WhatsApp media file');
    return this.graph.downloadMedia(id, options);
  }

  /**
   * Free-form messages cannot reach a customer who has not written for 24 hours. Send the
   * configured template instead (its reply reopens the window), or fail for good with the reason.
   */
  private async outsideWindow(message: Message): Promise<SendResult> {
    const fallback = this.options.fallbackTemplate;
    if (!fallback) {
      throw new ChannelSendError({
        channel: 'whatsapp',
        method: 'messages',
        message:
          'window-closed: the customer has not written in the last 24 hours, so WhatsApp only accepts an approved template; ' +
          'set WHATSAPP_FALLBACK_TEMPLATE, or send a template with metadata.whatsappTemplate',
        permanent: true,
        payload: { address: message.address },
      });
    }
    const id = await this.graph.sendMessage(templateBody(message.address, fallback));
    return { channelMessageId: id, metadata: { whatsapp: { window: 'closed', sentTemplate: fallback.name } } };
  }
}

/** Reads `name[:language]` (e.g. `follow_up:en_US`) as a template; undefined when blank. */
export function parseTemplate(spec: string | undefined): WhatsAppTemplate | undefined {
  const [name, language] = (spec ?? '').split(':').map((s) => s.trim());
  return name ? { name, language: language || 'en_US' } : undefined;
}
