import { Hono } from 'hono';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { Capabilities, ChannelAdapter, ChannelHost, MediaFetchOptions, SendResult } from '../../core/channel';
import { ChannelSendError, ConfigError, RequestError } from '../../core/errors';
import { DEFAULT_MAX_BODY_BYTES, parseJson, readBody } from '../../core/http';
import type { Attachment, Message } from '../../core/message';
import { activityDraft, parseMessageActivity, toActivity } from './mapping';
import { fetchTeamsFile, type TeamsApp } from './media';
import { MemoryReferenceStore, type ReferenceStore } from './references';

/** How to reach the Bot Framework (Azure Bot registration). */
export interface TeamsChannelOptions {
  /** The bot's Microsoft App ID. When set, every request must carry a valid Bot Framework JWT. */
  appId?: string;
  /** The app's client secret (required with `appId`, unless `appType` is `UserAssignedMSI`). */
  appPassword?: string;
  /** `MultiTenant` (default), `SingleTenant` or `UserAssignedMSI`. */
  appType?: string;
  /** The Entra tenant, for `SingleTenant` and `UserAssignedMSI`. */
  tenantId?: string;
  /** Where conversation references are kept for later sends (default: in memory — use SQL in production). */
  references?: ReferenceStore;
  /** Largest request body, in bytes. */
  maxBodyBytes?: number;
  /** Further `ConfigurationBotFrameworkAuthentication` settings (e.g. `ToBotFromChannelOpenIdMetadataUrl`). */
  authSettings?: Record<string, string>;
}

/** What Teams and Direct Line show: Markdown, suggested actions, media and cards. */
export const TEAMS_CAPABILITIES: Capabilities = {
  maxButtons: 6,
  maxButtonTitle: 50,
  maxTextLength: 25_000,
  media: true,
  typing: true,
  cards: true,
};

/**
 * The public Azure cloud's Bot Framework endpoints. botbuilder uses them by default, but as soon as
 * one is overridden (a private cloud, a test key server) it expects all of them: the rest are
 * filled in from here.
 */
const PUBLIC_CLOUD: Record<string, string> = {
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
  ToBotFromChannelOpenIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
  ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
  CallerId: 'urn:botframework:azure',
};

/** The names of botbuilder's endpoint settings, which `authSettings` (or the environment) may override. */
export const BOT_FRAMEWORK_ENDPOINT_SETTINGS = Object.keys(PUBLIC_CLOUD);

/** Gives us `processActivity` without CloudAdapter's own request/response plumbing, so errors keep their type. */
class SwitchboardCloudAdapter extends CloudAdapter {
  run(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<unknown> {
    return this.processActivity(authHeader, activity, logic);
  }
}

/**
 * Microsoft Teams, Direct Line, Web Chat and the Bot Framework Emulator through botbuilder's
 * `CloudAdapter`: `POST /api/botframework/messages` is authenticated (JWT, whenever an app id is
 * configured), each message activity is stored with its conversation reference, and replies are
 * sent proactively through that reference when the outbox delivers them.
 * The customer's address is their Bot Framework user id (`from.id`).
 */
export class TeamsChannel implements ChannelAdapter {
  readonly name = 'teams';
  readonly capabilities = TEAMS_CAPABILITIES;
  /** The botbuilder adapter; exposed for proactive uses beyond `send`. */
  readonly adapter: SwitchboardCloudAdapter;
  private readonly references: ReferenceStore;
  private readonly maxBodyBytes: number;
  private readonly app: TeamsApp;
  private host?: ChannelHost;

  constructor(private readonly options: TeamsChannelOptions = {}) {
    const type = options.appType ?? 'MultiTenant';
    if (options.appId && !options.appPassword && type !== 'UserAssignedMSI') {
      throw new ConfigError('MICROSOFT_APP_ID is set without MICROSOFT_APP_PASSWORD (the client secret of the Azure Bot app registration)');
    }
    if (!options.appId && options.appPassword) throw new ConfigError('MICROSOFT_APP_PASSWORD is set without MICROSOFT_APP_ID');
    if (type === 'SingleTenant' && !options.tenantId) throw new ConfigError('MICROSOFT_APP_TYPE=SingleTenant needs MICROSOFT_APP_TENANT_ID');
    const overrides = options.authSettings ?? {};
    const auth = new ConfigurationBotFrameworkAuthentication({
      ...(Object.keys(PUBLIC_CLOUD).some((k) => overrides[k]) ? PUBLIC_CLOUD : {}),
      ...overrides,
      MicrosoftAppId: options.appId ?? '',
      MicrosoftAppPassword: options.appPassword ?? '',
      MicrosoftAppType: type,
      MicrosoftAppTenantId: options.tenantId ?? '',
    });
    this.adapter = new SwitchboardCloudAdapter(auth);
    const endpoints = { ...PUBLIC_CLOUD, ...overrides };
    this.app = { appId: options.appId, appPassword: options.appPassword, appType: type, tenantId: options.tenantId, loginUrl: endpoints.ToChannelFromBotLoginUrl, oauthScope: endpoints.ToChannelFromBotOAuthScope };
    this.references = options.references ?? new MemoryReferenceStore();
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  }

  /** Whether inbound requests must carry a valid Bot Framework token. */
  get authenticated(): boolean {
    return Boolean(this.options.appId);
  }

  async start(host: ChannelHost): Promise<void> {
    this.host = host;
    await this.references.init?.();
    if (!this.authenticated) host.logger.warn('Teams/Bot Framework runs WITHOUT authentication (no MICROSOFT_APP_ID): for local testing with the Emulator only');
  }

  routes(): Hono {
    return new Hono().post('/api/botframework/messages', (c) => this.messages(c.req.raw));
  }

  async send(message: Message): Promise<SendResult> {
    const activity = toActivity(message);
    let id: string | undefined;
    await this.proactive(message, 'sendActivity', async (context) => {
      id = (await context.sendActivity(activity))?.id;
    });
    return { channelMessageId: id };
  }

  /**
   * Opens a file a customer sent (an inline image's `contentUrl`, a shared file's download link)
   * with the bot's token where Teams wants it, only on Teams' hosts and the customer's own
   * conversation service (see `fetchTeamsFile`).
   */
  async fetchMedia(attachment: Attachment, options: MediaFetchOptions): Promise<Response> {
    const reference = options.address ? await this.references.get(options.address) : undefined;
    return fetchTeamsFile(this.app, attachment, reference?.serviceUrl, options);
  }

  async typing(conversation: { address: string }): Promise<void> {
    await this.proactive({ address: conversation.address }, 'typing', async (context) => {
      await context.sendActivity({ type: 'typing' });
    });
  }

  /** `POST /api/botframework/messages`: authenticate, store the reference, accept message activities. */
  private async messages(request: Request): Promise<Response> {
    const body = parseJson(await readBody(request, this.maxBodyBytes));
    if (typeof body !== 'object' || body === null || Array.isArray(body) || typeof (body as Activity).type !== 'string') {
      throw new RequestError(400, 'A Bot Framework activity must be a JSON object with a "type"');
    }
    const host = this.requireHost();
    let authenticated = false;
    try {
      await this.adapter.run(request.headers.get('authorization') ?? '', body as Activity, async (context) => {
        authenticated = true; // the adapter runs the logic only for an authenticated request
        if (context.activity.type !== 'message') return; // conversationUpdate, typing…: nothing to store
        const activity = parseMessageActivity(context.activity);
        const text = TurnContext.removeRecipientMention(context.activity)?.trim() ?? activity.text ?? '';
        await this.references.put(activity.from.id, TurnContext.getConversationReference(context.activity));
        await host.receive(activityDraft(activity, text));
      });
    } catch (err) {
      if (err instanceof RequestError) throw err;
      // Whatever stops the adapter before our logic (a missing, forged or expired token, or keys
      // that could not be fetched) means the request was not authenticated: nothing was stored.
      if (!authenticated) {
        throw new RequestError(401, `Bot Framework authentication failed: ${(err as Error).message}`);
      }
      throw err;
    }
    return new Response(null, { status: 200 });
  }

  /** Runs `logic` in the customer's conversation, from its stored reference (a proactive turn). */
  private async proactive(message: Pick<Message, 'address'> & { thread?: string }, method: string, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const stored = await this.references.get(message.address);
    if (!stored) {
      throw new ChannelSendError({ channel: 'teams', method, permanent: true, message: `no conversation reference for ${message.address}: the user must message the bot first` });
    }
    const reference: Partial<ConversationReference> = message.thread && stored.conversation
      ? { ...stored, conversation: { ...stored.conversation, id: message.thread } }
      : stored;
    try {
      await this.adapter.continueConversationAsync(this.options.appId ?? '', reference, logic);
    } catch (err) {
      throw toSendError(method, err);
    }
  }

  private requireHost(): ChannelHost {
    if (!this.host) throw new Error('The Teams channel was used before the engine started it');
    return this.host;
  }
}

/** A connector error as a `ChannelSendError`: 4xx other than 429 are permanent, 429 carries Retry-After. */
function toSendError(method: string, err: unknown): ChannelSendError {
  const e = err as { statusCode?: number; response?: { headers?: { get?(name: string): string | undefined }; bodyAsText?: string }; message?: string };
  const status = e.statusCode;
  const retryAfter = Number(e.response?.headers?.get?.('retry-after'));
  return new ChannelSendError({
    channel: 'teams',
    method,
    status,
    message: e.message ?? String(err),
    payload: e.response?.bodyAsText,
    permanent: status !== undefined && status >= 400 && status < 500 && status !== 429,
    retryAfterMs: Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined,
    cause: err,
  });
}
