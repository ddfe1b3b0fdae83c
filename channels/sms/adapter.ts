import { Hono } from 'hono';
import twilio from 'twilio';
import type { Capabilities, ChannelAdapter, ChannelHost, MediaFetchOptions, SendResult } from '../../core/channel';
import { RequestError } from '../../core/errors';
import { decodeUtf8 } from '../../core/http';
import { phoneIdentity } from '../../core/identity/identities';
import { fetchProviderFile, isProviderUrl } from '../../core/media';
import type { Attachment, InboundDraft, Message } from '../../core/message';
import type { SqlDriver } from '../../core/storage/sql';
import { handleWebhook } from '../../core/webhook';
import { z } from 'zod';
import { ConsentBook } from './consent';
import { smsKeyword } from './keywords';
import { smsSegments, type SegmentInfo } from './segments';
import { classifyTwilioError, createTwilioClient } from './twilio';
import { plainText } from '../../core/markdown/format';

/** Settings of the SMS channel (see docs/channels.md). */
export interface SmsChannelOptions {
  accountSid: string;
  authToken: string;
  /** The Twilio number replies are sent from, E.164. */
  phoneNumber: string;
  /** The externally visible base URL: Twilio signs `PUBLIC_URL` + path, so it must match exactly. */
  publicUrl: string;
  /** Another host for the REST API (a fake server in tests, a proxy in staging). */
  apiBase?: string;
  maxBodyBytes?: number;
  /** The database the consent table and delivery reports live in. */
  sql: SqlDriver;
  /** A ready client (tests); by default one is built from the credentials. */
  client?: twilio.Twilio;
  /**
   * After a crash, look sends of unknown outcome up in Twilio's message list (default true). Off
   * for an API key without read access: such resends are then marked `possibleDuplicate`.
   */
  lookupSent?: boolean;
}

/** Marks the one message an opted-out number may still receive. */
export const OPT_OUT_CONFIRMATION = 'opt-out-confirmation';

/** Where Twilio serves MMS media. */
const TWILIO_HOST = /^([a-z0-9-]+\.)*twilio\.com$/;

/** How many of the number's latest messages a crash lookup reads (one page). */
const LOOKUP_LIMIT = 50;
/** How far Twilio's clock may be behind ours when comparing a message's creation with an attempt's start. */
const LOOKUP_SKEW_MS = 5 * 60_000;

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/** The scheduler job that records a delivery report again a second later (it overtook the send's bookkeeping). */
export const REPORT_AGAIN_JOB = 'sms.delivery-report';
const DeliveryReportPayload = z.object({ channel: z.string(), channelMessageId: z.string(), status: z.string(), error: z.string().optional(), at: z.number().optional() });

/**
 * SMS and MMS through Twilio. Inbound webhooks are verified with the SDK's `validateRequest`
 * against `PUBLIC_URL` + path and answered with empty TwiML at once (the turn runs after, so slow
 * turns never hit Twilio's 15 s timeout); replies go out through the REST client.
 */
export class SmsChannel implements ChannelAdapter {
  readonly name = 'sms';
  /** No buttons (numbered lists instead), 1600 characters per message (Twilio's limit), plain text with link URLs. */
  readonly capabilities: Capabilities = { maxButtons: 0, maxButtonTitle: 60, maxTextLength: 1600, format: plainText, media: true, typing: false, phoneNumbers: true };
  readonly consent: ConsentBook;
  private host?: ChannelHost;
  private readonly client: twilio.Twilio;
  private readonly publicUrl: string;
  /** Segment totals of multi-part messages, per message and attempt (parts go out one by one). */
  private readonly totals = new Map<string, { segments: number; parts: number; encoding: SegmentInfo['encoding']; at: number }>();

  constructor(private readonly options: SmsChannelOptions) {
    this.publicUrl = options.publicUrl.replace(/\/+$/, '');
    this.client = options.client ?? createTwilioClient(options);
    this.consent = new ConsentBook(options.sql);
    if (options.lookupSent !== false) this.lookupSent = (message, since) => this.findSent(message, since);
  }

  start(host: ChannelHost): void {
    this.host = host;
    host.scheduler?.on(REPORT_AGAIN_JOB, async (payload) => {
      // Still no message with that id a second later: the report was for a message not ours.
      await host.recordDelivery(DeliveryReportPayload.parse(payload));
    });
  }

  routes(): Hono {
    const app = new Hono();
    app.post('/api/twilio/sms', (c) => this.inbound(c.req.raw));
    app.post('/api/twilio/status', (c) => this.status(c.req.raw));
    return app;
  }

  private inbound(request: Request): Promise<Response> {
    return handleWebhook(request, this.requireHost(), {
      maxBodyBytes: this.options.maxBodyBytes,
      verify: (raw) => this.verify(raw, request),
      parse: (raw) => parseForm(raw, ['MessageSid', 'From']),
      drafts: async (form) => [await this.toDraft(form)],
      respond: () => new Response(EMPTY_TWIML, { headers: { 'content-type': 'text/xml; charset=utf-8' } }),
    });
  }

  private status(request: Request): Promise<Response> {
    return handleWebhook(request, this.requireHost(), {
      maxBodyBytes: this.options.maxBodyBytes,
      verify: (raw) => this.verify(raw, request),
      parse: (raw) => parseForm(raw, ['MessageSid', 'MessageStatus']),
      drafts: () => [],
      after: (form) => this.recordStatus(form),
      respond: () => new Response(null, { status: 204 }),
    });
  }

  /** Twilio signs the full URL it called plus the sorted form parameters. */
  private verify(raw: Uint8Array, request: Request): void {
    const signature = request.headers.get('x-twilio-signature');
    if (!signature) throw new RequestError(403, 'Missing X-Twilio-Signature header: the request is not from Twilio');
    const url = new URL(request.url);
    const params = Object.fromEntries(new URLSearchParams(Buffer.from(raw).toString('utf8')));
    if (!twilio.validateRequest(this.options.authToken, signature, this.publicUrl + url.pathname + url.search, params)) {
      throw new RequestError(403, 'Invalid X-Twilio-Signature: check TWILIO_AUTH_TOKEN and that PUBLIC_URL is the URL Twilio calls');
    }
  }

  private async toDraft(form: Record<string, string>): Promise<InboundDraft> {
    const address = form.From;
    const keyword = smsKeyword(form.Body);
    const metadata: Record<string, unknown> = { sms: { to: form.To, numSegments: Number(form.NumSegments) || undefined } };
    if (keyword?.keyword === 'opt-out') {
      // At once, at intake: carriers require the very next message to be refused.
      await this.consent.set('sms', address, true, form.Body.trim());
      metadata.smsKeyword = 'opt-out';
    } else if (keyword?.keyword === 'opt-in' && (await this.consent.isOptedOut('sms', address))) {
      await this.consent.set('sms', address, false, form.Body.trim());
      metadata.smsKeyword = 'opt-in';
    } else if (keyword?.keyword === 'help') {
      metadata.smsKeyword = 'help';
    }
    const draft: InboundDraft = {
      channel: 'sms',
      address,
      text: form.Body ?? '',
      channelMessageId: form.MessageSid,
      attachments: mediaOf(form),
      metadata,
      profile: { phone: address },
      // The carrier delivered from this number: the same number on WhatsApp is the same customer.
      identities: phoneIdentity(address),
      raw: form,
    };
    if (keyword && metadata.smsKeyword) draft.locale = keyword.locale;
    return draft;
  }

  private async recordStatus(form: Record<string, string>): Promise<void> {
    const host = this.requireHost();
    const report = {
      channel: 'sms',
      channelMessageId: form.MessageSid,
      status: form.MessageStatus,
      at: Date.now(),
      ...(form.ErrorCode ? { error: `Twilio error ${form.ErrorCode}` } : {}),
    };
    if (await host.recordDelivery(report)) return;
    // The callback can overtake our own bookkeeping of the send: try once more a moment later, as
    // a durable job (answered 204 already, Twilio will not send it again).
    if (host.scheduler) await host.scheduler.schedule(REPORT_AGAIN_JOB, report, Date.now() + 1_000);
    else host.logger.warn({ channelMessageId: report.channelMessageId }, 'a delivery report names no message yet and there is no scheduler to try again');
  }

  /**
   * An opted-out number receives nothing but the opt-out confirmation: the one consent read per
   * outbound message, at delivery, so bot, agent and proactive messages obey it, and so does a
   * reply that waited in the outbox while the STOP arrived (stored `skipped`, reason `opted-out`).
   */
  async declines(message: Message): Promise<string | undefined> {
    if (message.metadata?.smsConsent === OPT_OUT_CONFIRMATION) return undefined;
    return (await this.consent.isOptedOut('sms', message.address)) ? 'opted-out' : undefined;
  }

  async send(message: Message): Promise<SendResult> {
    const mediaUrl = (message.attachments ?? []).flatMap((a) => (a.url ? [a.url] : []));
    let sent;
    try {
      sent = await this.client.messages.create({
        to: message.address,
        from: this.options.phoneNumber,
        body: message.text ?? '',
        ...(mediaUrl.length ? { mediaUrl } : {}),
        statusCallback: `${this.publicUrl}/api/twilio/status`,
      });
    } catch (err) {
      throw classifyTwilioError(err, 'messages.create');
    }
    return { channelMessageId: sent.sid, metadata: { sms: this.count(message) } };
  }

  /** The crash lookup (`findSent`), unless turned off with `lookupSent: false`. */
  readonly lookupSent?: (message: Message, since: number) => Promise<SendResult | undefined>;

  /**
   * After a crash mid-send: asks Twilio's message list (newest first, to this number from ours)
   * whether the part went out, matching its body among messages created since the attempt began
   * (less a margin for clock skew). Twilio's `DateSent` filter only knows days and skips messages
   * still queued, so the time window is applied here, on `dateCreated`.
   */
  private async findSent(message: Message, since: number): Promise<SendResult | undefined> {
    let recent;
    try {
      recent = await this.client.messages.list({ to: message.address, from: this.options.phoneNumber, limit: LOOKUP_LIMIT });
    } catch (err) {
      throw classifyTwilioError(err, 'messages.list');
    }
    const body = message.text ?? '';
    const match = recent.find((m) => m.body === body && (!m.dateCreated || m.dateCreated.getTime() >= since - LOOKUP_SKEW_MS));
    return match ? { channelMessageId: match.sid, metadata: { sms: this.count(message) } } : undefined;
  }

  /**
   * Opens an MMS file (`MediaUrl0…`) with the account's basic auth, which Twilio requires when
   * "HTTP Basic Authentication for media" is on. Only Twilio's hosts (or `apiBase`) get the
   * credentials; Twilio's redirect to its CDN is followed without them.
   */
  async fetchMedia(attachment: Attachment, options: MediaFetchOptions): Promise<Response> {
    const url = attachment.url;
    if (!url) throw new RequestError(404, 'This MMS attachment has no media URL');
    if (!isProviderUrl(url, TWILIO_HOST, this.options.apiBase)) {
      throw new RequestError(502, 'Refusing to send the Twilio credentials to a URL that is not Twilio\'s (https://api.twilio.com/…)');
    }
    const basic = Buffer.from(`${this.options.accountSid}:${this.options.authToken}`).toString('base64');
    return fetchProviderFile(url, { what: 'the MMS media', headers: { authorization: `Basic ${basic}` }, ...options });
  }

  /** Adds this part's segments to the message's running total (the outbox keeps the last result). */
  private count(part: Message): { encoding: SegmentInfo['encoding']; segments: number; parts: number } {
    const info = smsSegments(part.text ?? '');
    const key = `${part.id}:${part.attempts ?? 1}`;
    const now = Date.now();
    for (const [k, v] of this.totals) if (now - v.at > 10 * 60_000) this.totals.delete(k);
    const prev = this.totals.get(key);
    const total = {
      segments: (prev?.segments ?? 0) + info.segments,
      parts: (prev?.parts ?? 0) + 1,
      encoding: prev?.encoding === 'UCS-2' ? 'UCS-2' : info.encoding,
      at: now,
    } as const;
    this.totals.set(key, total);
    return { encoding: total.encoding, segments: total.segments, parts: total.parts };
  }

  private requireHost(): ChannelHost {
    if (!this.host) throw new Error('The SMS channel was used before the engine started it');
    return this.host;
  }
}

/** Parses Twilio's form body strictly, requiring `required` fields. */
function parseForm(raw: Uint8Array, required: string[]): Record<string, string> {
  const form = Object.fromEntries(new URLSearchParams(decodeUtf8(raw)));
  const missing = required.filter((k) => !form[k]);
  if (missing.length) throw new RequestError(400, `Malformed Twilio webhook: missing ${missing.join(', ')}`);
  return form;
}

/** MMS media (`MediaUrl0…`, `MediaContentType0…`) as attachments. */
function mediaOf(form: Record<string, string>): Attachment[] | undefined {
  const count = Math.min(Number(form.NumMedia) || 0, 10);
  const media: Attachment[] = [];
  for (let i = 0; i < count; i++) {
    const url = form[`MediaUrl${i}`];
    if (!url) continue;
    const mimeType = form[`MediaContentType${i}`] || undefined;
    media.push({ type: attachmentType(mimeType), url, mimeType });
  }
  return media.length ? media : undefined;
}

function attachmentType(mime: string | undefined): Attachment['type'] {
  const kind = mime?.split('/')[0];
  return kind === 'image' || kind === 'audio' || kind === 'video' ? kind : 'file';
}
