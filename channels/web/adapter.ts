import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { Hono } from 'hono';
import type { z } from 'zod';
import { browserScript } from '../../core/browser-script';
import { RICH_CAPABILITIES, type ChannelAdapter, type ChannelHost, type SendResult } from '../../core/channel';
import { RequestError } from '../../core/errors';
import { clientAddress, DEFAULT_MAX_BODY_BYTES, json, readValidJson, validQuery } from '../../core/http';
import { markdownScript } from '../../core/markdown/bundle';
import { toWire, type Attachment, type Message } from '../../core/message';
import type { MediaStore } from '../../core/services';
import type { TextSource } from '../../core/texts';
import { verifyWebToken } from './identity';
import { isMultipart, readPhotoMessage } from './photos';
import { MESSAGE_WORDING, TextsQuery, TranscriptQuery, WebMessageSchema, type WebMessageInput } from './schema';
import { SocketHub, WEB_PUSH_TOPIC, type WebPush } from './socket';
import { widgetTexts } from './texts';

/** Options of the web chat channel. */
export interface WebChannelOptions {
  /** Largest request body or WebSocket frame, in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** How long `POST /api/web/messages` waits for the bot's replies before answering without them. */
  replyTimeoutMs?: number;
  /** The bot's name, shown by the widget. */
  title?: string;
  /** The secret host sites sign visitor tokens with (`WEB_IDENTITY_SECRET`). */
  identitySecret?: string;
  /** The bot's texts (`bot.yaml` `messages:`, default locale), for the widget's own labels. */
  texts?: TextSource;
  /** Where customers' photos go (the media module's store); without one, photos are refused with 415. */
  media?: () => MediaStore | undefined;
}

const PUBLIC = join(__dirname, 'public');

/**
 * Web chat: a JSON API (`POST/GET /api/web/messages`), a WebSocket for the widget (replies and
 * typing pushed, resume from the last message id), the embeddable `/widget.js`.
 * A visitor is identified by the `userId` the widget generates; until the identity module
 * verifies it with a signed token, it is an anonymous visitor.
 */
export class WebChannel implements ChannelAdapter {
  readonly name = 'web';
  readonly capabilities = { ...RICH_CAPABILITIES, maxTextLength: 10_000 };
  /** A message pushed twice is shown once: sockets and the widget keep one per message id. */
  readonly idempotentSends = true;
  private host?: ChannelHost;
  private hub?: SocketHub;
  private readonly maxBodyBytes: number;
  private readonly replyTimeoutMs: number;
  /** The widget (public/widget.ts, built for the browser) with the Markdown renderer in front: one script tag still embeds everything. */
  private readonly widget = `${markdownScript()}\n${browserScript(join(PUBLIC, 'widget.ts'))}`;
  /** The widget is ~140 kB with the renderer: a browser that has this version gets a 304, not the bytes. */
  private readonly widgetTag = `"${createHash('sha256').update(this.widget).digest('base64url').slice(0, 27)}"`;

  constructor(private readonly options: WebChannelOptions = {}) {
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.replyTimeoutMs = options.replyTimeoutMs ?? 30_000;
  }

  start(host: ChannelHost): void {
    this.host = host;
    this.hub = new SocketHub(host, { maxPayload: this.maxBodyBytes, accept: (m, client) => this.accept(m, client) });
  }

  /** Shutting down: sockets are closed with 1001 before the turns under way finish. */
  async goingAway(): Promise<void> {
    await this.hub?.close();
  }

  async stop(): Promise<void> {
    await this.hub?.close();
  }

  routes(): Hono {
    const app = new Hono();
    app.post('/api/web/messages', (c) => this.postMessage(c.req.raw));
    app.get('/api/web/messages', validQuery(TranscriptQuery, { message: 'Query parameter "userId" is required' }), (c) => this.getMessages(c.req.valid('query')));
    app.get('/api/web/texts', validQuery(TextsQuery, { message: 'locale must be a language tag such as "pt-BR"' }), (c) => this.getTexts(c.req.valid('query').locale));
    app.get('/widget.js', (c) => this.serveWidget(c.req.raw));
    return app;
  }

  /** `/widget.js`, revalidated on every page load (no-cache) and answered 304 when unchanged. */
  private serveWidget(request: Request): Response {
    const headers = { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache', etag: this.widgetTag };
    const known = request.headers.get('if-none-match')?.split(',').map((t) => t.trim().replace(/^W\//, ''));
    if (known?.includes(this.widgetTag)) return new Response(null, { status: 304, headers });
    return new Response(this.widget, { headers });
  }

  /** The widget's labels in the visitor's language (`?locale=pt-BR`), through the one text lookup. */
  private getTexts(locale: string | undefined): Response {
    const texts = widgetTexts(this.options.texts, locale || (this.options.texts?.defaultLocale ?? 'en'), this.options.title ?? 'Chat');
    return Response.json({ texts }, { headers: { 'cache-control': 'public, max-age=300' } });
  }

  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    return this.hub?.upgrade(request, socket, head) ?? false;
  }

  async send(message: Message): Promise<SendResult> {
    await this.requireHost().bus.publish(WEB_PUSH_TOPIC, { address: message.address, event: { type: 'message', message: toWire(message) } } satisfies WebPush);
    return {};
  }

  async typing(conversation: { address: string }): Promise<void> {
    await this.requireHost().bus.publish(WEB_PUSH_TOPIC, { address: conversation.address, event: { type: 'typing' } } satisfies WebPush);
  }

  /**
   * Accepts a message from the API or a socket; echoes it to the visitor's other tabs. `client` is
   * the sender's network address, kept with the message so limits per client (one-time codes)
   * hold whatever visitor id a caller makes up.
   */
  private async accept(body: WebMessageInput, client?: string, attachments?: Attachment[]) {
    const host = this.requireHost();
    // Verified before anything is stored: a bad token stores nothing.
    const identity = body.token ? await verifyWebToken(body.token, this.options.identitySecret) : undefined;
    const accepted = await host.receive({
      attachments,
      identities: identity?.identities,
      profile: identity?.profile,
      channel: 'web',
      address: body.userId,
      text: body.text,
      payload: body.payload,
      locale: body.locale,
      channelMessageId: body.clientMessageId,
      ...(client ? { metadata: { clientAddress: client } } : {}),
    });
    if (!accepted.duplicate) {
      await host.bus.publish(WEB_PUSH_TOPIC, { address: body.userId, event: { type: 'message', message: toWire(accepted.message) } } satisfies WebPush);
    }
    return accepted;
  }

  private async postMessage(request: Request): Promise<Response> {
    const { message } = isMultipart(request) ? await this.acceptPhotos(request) : await this.acceptJson(request);
    const replies = await this.requireHost().repliesTo(message.id, this.replyTimeoutMs);
    return json(
      {
        conversationId: message.conversationId,
        messageId: message.id,
        messages: (replies ?? []).filter((m) => m.channel === 'web' && visible(m)).map(toWire),
        ...(replies ? {} : { pending: true }),
      },
      replies ? 200 : 202,
    );
  }

  private async acceptJson(request: Request) {
    const message = await readValidJson(request, WebMessageSchema, { ...MESSAGE_WORDING, maxBytes: this.maxBodyBytes });
    return this.accept(message, clientAddress(request));
  }

  /**
   * A message with photos (`multipart/form-data`): every photo is checked before any is stored,
   * then stripped and stored, then the message is; a duplicate delivery (the same
   * `clientMessageId`) keeps the first message and its photos and drops the new copies.
   */
  private async acceptPhotos(request: Request) {
    const media = this.options.media?.();
    if (!media) throw new RequestError(415, 'This server takes no photos (the media module is not loaded): send text as JSON');
    const { fields, photos } = await readPhotoMessage(request, media);
    const attachments: Attachment[] = [];
    let accepted: Awaited<ReturnType<WebChannel['accept']>>;
    try {
      for (const photo of photos) attachments.push({ ...(await media.save(undefined, photo.bytes)), name: photo.name });
      accepted = await this.accept(fields, clientAddress(request), attachments);
    } catch (err) {
      await media.discard(attachments).catch(() => undefined);
      throw err;
    }
    // Bound now so the visitor can open them at once; the turn binds them too, should this fail.
    if (accepted.duplicate) await media.discard(attachments);
    else await media.bind(accepted.message);
    return accepted;
  }

  private async getMessages({ userId, after, limit }: z.output<typeof TranscriptQuery>): Promise<Response> {
    const host = this.requireHost();
    const customerId = await host.customerIdFor('web', userId);
    const messages = customerId ? await host.transcript(customerId, after, limit) : [];
    return json({ messages: messages.filter(visible).map(toWire) });
  }

  private requireHost(): ChannelHost {
    if (!this.host) throw new Error('The web channel was used before the engine started it');
    return this.host;
  }
}

/**
 * Whether a message belongs in a web transcript: not skipped, and not confidential (a one-time
 * code texted to a phone being linked must not show up in the web chat that asked for it).
 */
export function visible(message: Message): boolean {
  return message.status !== 'skipped' && message.metadata?.confidential !== true;
}
