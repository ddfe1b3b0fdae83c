import { Hono } from 'hono';
import { App, SocketModeReceiver, type Receiver } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { Capabilities, ChannelAdapter, ChannelHost, MediaFetchOptions, SendResult } from '../../core/channel';
import { ChannelSendError, ConfigError, RequestError } from '../../core/errors';
import { DEFAULT_MAX_BODY_BYTES, decodeUtf8, json, parseJson, readBody } from '../../core/http';
import { silentLogger, type Logger } from '../../core/logger';
import { fetchProviderFile, isProviderUrl } from '../../core/media';
import { normalizeEmail } from '../../core/identity/identities';
import type { Attachment, CustomerProfileHint, InboundDraft, Message } from '../../core/message';
import { toSendError } from './errors';
import {
  BlockActionsSchema,
  EnvelopeSchema,
  UserMessageSchema,
  actionDraft,
  isCustomerMessage,
  messageDraft,
  parseOr400,
  postMessageArgs,
} from './mapping';
import { Pacer } from './pacer';
import { FetchReceiver, boltLogger } from './receiver';
import { verifySlackSignature } from './verify';
import { slackMrkdwn } from './format';

/** How to reach a Slack app. */
export interface SlackChannelOptions {
  /** The app's Signing Secret (Basic Information page); required for the HTTP Events API. */
  signingSecret?: string;
  /** The bot token (`xoxb-…`, OAuth & Permissions page). */
  botToken: string;
  /** An app-level token (`xapp-…`, scope `connections:write`): receive over Socket Mode instead of HTTP. */
  appToken?: string;
  /** The Web API base URL (default `https://slack.com/api/`); tests point it at a fake server. */
  apiUrl?: string;
  /** Largest request body, in bytes. */
  maxBodyBytes?: number;
  /** Least time between two messages to one Slack conversation (default 1000 ms, Slack's pace). */
  paceMs?: number;
  /**
   * Longest a send waits for its pacing slot before handing the message back to the outbox, to
   * be tried when the slot comes (default 10 s; the outbox lease is 30 s). Not a failed attempt.
   */
  maxPaceWaitMs?: number;
  /** Look up a new customer's name and e-mail with `users.info` (needs `users:read.email`; default true). */
  lookupProfiles?: boolean;
  logger?: Logger;
}

/** What Slack shows: Block Kit buttons (up to 25 in an actions block), mrkdwn, 3000 characters per section. */
export const SLACK_CAPABILITIES: Capabilities = {
  maxButtons: 25,
  maxButtonTitle: 75,
  maxTextLength: 3000,
  format: slackMrkdwn,
  media: true,
  typing: false,
  cards: true,
};

const PROFILE_TIMEOUT_MS = 1500;
/** Where Slack serves `url_private` files. */
const SLACK_FILE_HOST = /^files\.slack\.com$/;
/** Longest a send waits for its pacing slot before handing the message back to the outbox (its lease is 30 s). */
const MAX_PACE_WAIT_MS = 10_000;

/**
 * Slack through Bolt: direct messages and mentions from the Events API (HTTP at
 * `POST /api/slack/events`, or Socket Mode with an app token), button clicks from
 * `POST /api/slack/interactivity`, replies with `chat.postMessage` in the customer's thread,
 * paced per conversation. The customer's address is their Slack user id.
 */
export class SlackChannel implements ChannelAdapter {
  readonly name = 'slack';
  readonly capabilities = SLACK_CAPABILITIES;
  /** The Bolt app: its listeners map Slack events to inbound messages, its client sends. */
  readonly app: App;
  readonly socketMode: boolean;
  private readonly receiver: Receiver;
  private readonly pacer: Pacer;
  private readonly maxBodyBytes: number;
  private host?: ChannelHost;
  private log: Logger;

  constructor(private readonly options: SlackChannelOptions) {
    if (!options.botToken) throw new ConfigError('Slack needs SLACK_BOT_TOKEN (the xoxb- bot token from OAuth & Permissions)');
    this.socketMode = Boolean(options.appToken);
    if (!this.socketMode && !options.signingSecret) {
      throw new ConfigError('Slack over HTTP needs SLACK_SIGNING_SECRET (Basic Information → Signing Secret), or SLACK_APP_TOKEN for Socket Mode');
    }
    if (options.appToken && !options.appToken.startsWith('xapp-')) {
      throw new ConfigError('SLACK_APP_TOKEN must be an app-level token starting with xapp- (Basic Information → App-Level Tokens)');
    }
    this.log = options.logger ?? silentLogger();
    this.pacer = new Pacer(options.paceMs ?? 1000);
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const logger = boltLogger(() => this.log);
    const clientOptions: WebClientOptions = {
      ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
      // Failed sends go back to the outbox, which retries with backoff and survives restarts;
      // a 429 is surfaced at once with its Retry-After instead of blocking inside the client.
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
    };
    this.receiver = options.appToken
      ? new SocketModeReceiver({ appToken: options.appToken, logger, installerOptions: { clientOptions } })
      : new FetchReceiver();
    this.app = new App({ token: options.botToken, receiver: this.receiver, logger, clientOptions, deferInitialization: true, convoStore: false });
    // Listener errors reach the HTTP handler (400 for bad input, 500 so Slack retries otherwise).
    this.app.error(async (err) => {
      throw (err as { original?: unknown }).original ?? err;
    });
    this.listen();
  }

  async start(host: ChannelHost): Promise<void> {
    this.host = host;
    if (!this.options.logger) this.log = host.logger.child({ channel: 'slack' });
    try {
      await this.app.init(); // auth.test: learns the bot's user id, fails fast on a bad token
    } catch (err) {
      throw new ConfigError(`Slack rejected SLACK_BOT_TOKEN at auth.test (${(err as Error).message}); check the token and SLACK_API_URL`, { cause: err });
    }
    if (this.socketMode) await this.app.start();
  }

  async stop(): Promise<void> {
    if (this.socketMode) await this.app.stop();
  }

  /** Events and interactivity over HTTP; none in Socket Mode, where Slack is reached by WebSocket. */
  routes(): Hono {
    const app = new Hono();
    if (this.socketMode) return app;
    app.post('/api/slack/events', (c) => this.events(c.req.raw));
    app.post('/api/slack/interactivity', (c) => this.interactivity(c.req.raw));
    return app;
  }

  async send(message: Message): Promise<SendResult> {
    const args = postMessageArgs(message);
    const busyForMs = await this.pacer.wait(args.channel, this.options.maxPaceWaitMs ?? MAX_PACE_WAIT_MS);
    if (busyForMs !== undefined) {
      // Slack was not called: the outbox puts the message back in line without counting an attempt.
      throw new ChannelSendError({
        channel: 'slack',
        method: 'chat.postMessage',
        message: `conversation ${args.channel} is busy (paced to one message per second)`,
        retryAfterMs: busyForMs,
        deferred: true,
      });
    }
    try {
      const result = await this.app.client.chat.postMessage(args as Parameters<App['client']['chat']['postMessage']>[0]);
      return { channelMessageId: result.ts, metadata: { slackChannel: result.channel } };
    } catch (err) {
      const error = toSendError('chat.postMessage', err);
      if (error.retryAfterMs) this.pacer.holdUntil(args.channel, Date.now() + error.retryAfterMs);
      throw error;
    }
  }

  /**
   * Opens a shared file: its `url_private` with the bot token (scope `files:read`). The token is
   * only sent to Slack's file host (or the host `apiUrl` points at), whatever the stored URL says.
   */
  async fetchMedia(attachment: Attachment, options: MediaFetchOptions): Promise<Response> {
    const url = attachment.url;
    if (!url) throw new RequestError(404, 'This Slack attachment has no file URL');
    if (!isProviderUrl(url, SLACK_FILE_HOST, this.options.apiUrl)) {
      throw new RequestError(502, `Refusing to send the Slack bot token to ${hostOf(url)}: not a Slack file URL (https://files.slack.com/…)`);
    }
    const response = await fetchProviderFile(url, { what: 'the Slack file', headers: { authorization: `Bearer ${this.options.botToken}` }, ...options });
    // Without files:read Slack answers its sign-in page with a 200 instead of the file.
    if (/^text\/html/i.test(response.headers.get('content-type') ?? '') && !/html/i.test(attachment.mimeType ?? '')) {
      await response.body?.cancel().catch(() => undefined);
      throw new RequestError(502, 'Slack answered a sign-in page instead of the file: give the app the files:read scope and reinstall it');
    }
    return response;
  }

  /** `POST /api/slack/events`: signed Events API deliveries, including the `url_verification` handshake. */
  private async events(request: Request): Promise<Response> {
    const body = await this.verifiedBody(request);
    const parsed = parseJson(body) as Record<string, unknown>;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new RequestError(400, 'Slack event body must be a JSON object');
    if (parsed.type === 'url_verification') {
      if (typeof parsed.challenge !== 'string') throw new RequestError(400, 'url_verification without a challenge');
      return json({ challenge: parsed.challenge });
    }
    if (parsed.type !== 'event_callback') return new Response(null, { status: 200 }); // app_rate_limited and the like
    parseOr400(EnvelopeSchema, parsed, 'event envelope');
    // Retries are dispatched like first deliveries: intake drops the ones already stored by event_id.
    const retryNum = Number(request.headers.get('x-slack-retry-num') ?? NaN);
    await this.dispatch(parsed, { num: Number.isFinite(retryNum) ? retryNum : undefined, reason: request.headers.get('x-slack-retry-reason') ?? undefined });
    return new Response(null, { status: 200 });
  }

  /** `POST /api/slack/interactivity`: signed, form-encoded `payload` of a button click. */
  private async interactivity(request: Request): Promise<Response> {
    const body = await this.verifiedBody(request);
    const payload = new URLSearchParams(decodeUtf8(body)).get('payload');
    if (!payload) throw new RequestError(400, 'Slack interactivity request without a "payload" form field');
    const parsed = parseJson(Buffer.from(payload)) as Record<string, unknown>;
    if (typeof parsed !== 'object' || parsed === null || typeof parsed.type !== 'string') {
      throw new RequestError(400, 'Slack interactivity payload must be a JSON object with a type');
    }
    // Checked before Bolt sees it: Bolt's own routing assumes a well-formed payload.
    if (parsed.type === 'block_actions') parseOr400(BlockActionsSchema, parsed, 'block_actions payload');
    const response = await this.dispatch(parsed);
    return response === undefined || response === '' ? new Response(null, { status: 200 }) : json(response);
  }

  private async verifiedBody(request: Request): Promise<Uint8Array> {
    const body = await readBody(request, this.maxBodyBytes);
    verifySlackSignature(request.headers, body, this.options.signingSecret as string);
    return body;
  }

  private async dispatch(body: Record<string, unknown>, retry?: { num?: number; reason?: string }): Promise<unknown> {
    if (retry?.num) this.log.info({ retryNum: retry.num, reason: retry.reason }, 'Slack redelivered an event');
    return (this.receiver as FetchReceiver).dispatch(body, retry);
  }

  /** Bolt listeners, shared by HTTP and Socket Mode. */
  private listen(): void {
    const onMessage = async ({ event, body, context }: { event: unknown; body: unknown; context: { botUserId?: string } }) => {
      const raw = event as Record<string, unknown>;
      if (!isCustomerMessage(raw)) return;
      const message = parseOr400(UserMessageSchema, raw, `${String(raw.type)} event`);
      const envelope = parseOr400(EnvelopeSchema, body, 'event envelope');
      await this.accept(messageDraft(message, envelope, context.botUserId));
    };
    this.app.event('message', onMessage);
    this.app.event('app_mention', onMessage);
    this.app.action(/.*/, async ({ ack, body }) => {
      const draft = actionDraft(parseOr400(BlockActionsSchema, body, 'block_actions payload'));
      if (draft) await this.accept(draft);
      await ack();
    });
  }

  private async accept(draft: InboundDraft): Promise<void> {
    const host = this.requireHost();
    const profile = await this.profileOf(draft.address);
    if (profile) {
      draft.profile = profile;
      if (profile.locale) draft.locale = profile.locale;
      // The workspace verified this e-mail: the same person writing from the web with a token whose
      // e-mail is verified, or on another workspace, is the same customer.
      const email = profile.email && normalizeEmail(profile.email);
      if (email) draft.identities = [{ kind: 'email', value: email }];
    }
    await host.receive(draft);
  }

  /**
   * A new customer's name and workspace e-mail (verified by Slack) from `users.info`. Only looked up
   * for someone who has not written before, and given up after 1.5 s so the acknowledgement stays fast.
   */
  private async profileOf(user: string): Promise<(Partial<CustomerProfileHint> & { locale?: string }) | undefined> {
    if (this.options.lookupProfiles === false) return undefined;
    if (await this.requireHost().customerIdFor('slack', user)) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const result = await Promise.race([
        this.app.client.users.info({ user, include_locale: true }),
        new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), PROFILE_TIMEOUT_MS);
        }),
      ]);
      const info = result?.user;
      if (!info) return undefined;
      const email = info.profile?.email;
      const name = info.profile?.real_name || info.real_name || info.profile?.display_name || undefined;
      return { ...(name ? { name } : {}), ...(email ? { email, verified: true } : {}), ...(info.locale ? { locale: info.locale } : {}) };
    } catch (err) {
      this.log.warn({ err, user }, 'Slack users.info failed; continuing without the profile');
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  private requireHost(): ChannelHost {
    if (!this.host) throw new Error('The Slack channel was used before the engine started it');
    return this.host;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || 'that URL';
  } catch {
    return 'an invalid URL';
  }
}
