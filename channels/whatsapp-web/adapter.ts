import { join } from 'node:path';
import { Hono } from 'hono';
import type { Capabilities, ChannelAdapter, ChannelHost, MediaFetchOptions, SendResult } from '../../core/channel';
import { ChannelSendError, RequestError } from '../../core/errors';
import { json, safeEqual } from '../../core/http';
import type { Attachment, Message } from '../../core/message';
import { toDraft, type WebJsMessage } from './mapping';
import { whatsappMarkup } from '../../core/markdown/whatsapp';

/** The part of whatsapp-web.js's `Client` the adapter uses (an EventEmitter plus two methods). */
export interface WebJsClient {
  on(event: 'qr', listener: (qr: string) => void): unknown;
  on(event: 'ready' | 'authenticated', listener: () => void): unknown;
  on(event: 'auth_failure' | 'disconnected', listener: (reason: string) => void): unknown;
  on(event: 'message', listener: (message: WebJsMessage) => void): unknown;
  initialize(): Promise<void>;
  sendMessage(chatId: string, content: string): Promise<{ id: { _serialized: string } }>;
  destroy(): Promise<void>;
}

/** Settings of the whatsapp-web.js channel. */
export interface WhatsAppWebOptions {
  /** Session data (LocalAuth) goes under `<dataDir>/whatsapp-web`. */
  dataDir: string;
  /** The system Chromium; Puppeteer never downloads one. */
  chromiumPath: string;
  /** Bearer token for `GET /api/whatsapp-web/qr`; without it the QR is shown in the terminal only. */
  qrToken?: string;
  /** Builds the client (tests pass a fake); by default whatsapp-web.js with `clientOptions`. */
  createClient?: (options: WhatsAppWebOptions) => WebJsClient;
  /** Where the QR is printed (default: the terminal). */
  printQr?: (qr: string) => void;
}

/** The whatsapp-web.js client options: LocalAuth under DATA_DIR, headless system Chromium. */
export function clientOptions(options: WhatsAppWebOptions): Record<string, unknown> {
  const { LocalAuth } = require('whatsapp-web.js') as typeof import('whatsapp-web.js');
  return {
    authStrategy: new LocalAuth({ dataPath: join(options.dataDir, 'whatsapp-web') }),
    puppeteer: { executablePath: options.chromiumPath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] },
  };
}

function defaultClient(options: WhatsAppWebOptions): WebJsClient {
  const { Client } = require('whatsapp-web.js') as typeof import('whatsapp-web.js');
  return new Client(clientOptions(options)) as unknown as WebJsClient;
}

/** Prints a QR for the phone to scan: as a picture with qrcode-terminal when installed, else as text. */
export function printQrToTerminal(qr: string): void {
  try {
    (require('qrcode-terminal') as { generate(text: string, opts: { small: boolean }): void }).generate(qr, { small: true });
  } catch {
    process.stdout.write(
      `WhatsApp Web login: open WhatsApp on the phone → Linked devices → Link a device, and scan a QR made from this text\n` +
        `(e.g. \`qrencode -t ansiutf8 '<text>'\`, or GET /api/whatsapp-web/qr with WHATSAPP_WEB_QR_TOKEN):\n${qr}\n`,
    );
  }
}

/**
 * WhatsApp through whatsapp-web.js: a headless WhatsApp Web session on a linked phone, for small
 * businesses without Cloud API access. UNOFFICIAL: it automates the web client, which WhatsApp's
 * terms forbid, so the number can be banned. Login by QR (terminal and operator route).
 */
export class WhatsAppWebChannel implements ChannelAdapter {
  readonly name = 'whatsapp-web';
  /** Buttons were removed from WhatsApp Web: numbered lists instead. */
  readonly capabilities: Capabilities = { maxButtons: 0, maxButtonTitle: 24, maxTextLength: 4096, format: whatsappMarkup, media: false, typing: false };
  private client?: WebJsClient;
  private state: 'starting' | 'qr' | 'ready' | 'disconnected' = 'starting';
  private qr?: string;

  constructor(private readonly options: WhatsAppWebOptions) {}

  start(host: ChannelHost): void {
    const client = (this.options.createClient ?? defaultClient)(this.options);
    this.client = client;
    const print = this.options.printQr ?? printQrToTerminal;
    client.on('qr', (qr) => {
      this.qr = qr;
      this.state = 'qr';
      print(qr);
    });
    client.on('ready', () => {
      this.state = 'ready';
      this.qr = undefined;
      host.logger.info('whatsapp-web session ready');
    });
    client.on('disconnected', (reason) => {
      this.state = 'disconnected';
      host.logger.warn({ reason }, 'whatsapp-web session disconnected');
    });
    client.on('auth_failure', (reason) => host.logger.error({ reason }, 'whatsapp-web login failed; delete the session folder and scan again'));
    client.on('message', (m) => {
      void toDraft(m)
        .then((draft) => draft && host.receive(draft))
        .catch((err) => host.logger.error({ err }, 'whatsapp-web message not accepted'));
    });
    // Launching Chromium takes seconds: never hold up the server's start for it.
    client.initialize().catch((err) => host.logger.error({ err }, `whatsapp-web could not start Chromium at ${this.options.chromiumPath}`));
  }

  async stop(): Promise<void> {
    await this.client?.destroy().catch(() => undefined);
  }

  routes(): Hono {
    return new Hono().get('/api/whatsapp-web/qr', (c) => this.qrRoute(c.req.raw));
  }

  /**
   * Media arrive inlined as `data:` URLs (see mapping.ts), so opening one is decoding it: no
   * request leaves the server. Larger media were not kept and have no URL (404).
   */
  async fetchMedia(attachment: Attachment, options: MediaFetchOptions): Promise<Response> {
    const inlined = /^data:([\w.+-]+\/[\w.+-]+);base64,([A-Za-z0-9+/=]*)$/.exec(attachment.url ?? '');
    if (!inlined) throw new RequestError(404, 'This WhatsApp Web attachment was not kept (only media up to 512 KiB are)');
    const bytes = Buffer.from(inlined[2], 'base64');
    if (bytes.byteLength > options.maxBytes) throw new RequestError(413, `The file is ${bytes.byteLength} bytes, over the ${options.maxBytes}-byte limit for opening attachments (MEDIA_MAX_BYTES)`);
    return new Response(new Uint8Array(bytes), { headers: { 'content-type': inlined[1], 'content-length': String(bytes.byteLength) } });
  }

  /** The current login QR, for the operator UI: JSON by default, the bare QR text for `Accept: text/plain`. */
  private qrRoute(request: Request): Response {
    const token = this.options.qrToken;
    if (!token) return json({ error: 'Set WHATSAPP_WEB_QR_TOKEN to view the login QR here; it is printed in the server log meanwhile' }, 403);
    const given = (request.headers.get('authorization') ?? '').replace(/^Bearer\s+/i, '');
    if (!safeEqual(given, token)) return json({ error: 'Send Authorization: Bearer <WHATSAPP_WEB_QR_TOKEN>' }, 401);
    if ((request.headers.get('accept') ?? '').includes('text/plain')) {
      return new Response(this.qr ?? '', { status: this.qr ? 200 : 204, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    }
    return json({ state: this.state, qr: this.qr ?? null });
  }

  async send(message: Message): Promise<SendResult> {
    if (!this.client || this.state !== 'ready') {
      throw new ChannelSendError({ channel: this.name, method: 'sendMessage', message: `the WhatsApp Web session is ${this.state}; scan the QR to log in` });
    }
    try {
      const sent = await this.client.sendMessage(message.address, message.text ?? '');
      return { channelMessageId: sent.id._serialized };
    } catch (err) {
      throw new ChannelSendError({ channel: this.name, method: 'sendMessage', message: (err as Error).message, cause: err });
    }
  }
}
