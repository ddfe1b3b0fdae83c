import { createHmac } from 'node:crypto';
import type { KnownBlock, WebClient } from '@slack/web-api';
import { Topics, type EventBus } from '../core/bus';
import { Hono } from 'hono';
import { ConfigError, RequestError } from '../core/errors';
import { decodeUtf8, json, readBody, safeEqual } from '../core/http';
import type { Logger } from '../core/logger';
import type { Message } from '../core/message';
import type { Migration, SqlDriver } from '../core/storage/sql';
import type { Store } from '../core/storage/store';
import type { Handoff } from './model';
import { HandoffError, HandoffTopics, type HandoffService } from './service';

/** The desk's bookkeeping: which Slack thread holds which handoff, and what was already relayed. */
export const slackDeskMigrations: Migration[] = [
  {
    id: 'handoff/slack-desk-001',
    sql: `
CREATE TABLE handoff_slack_threads (handoff_id TEXT PRIMARY KEY, channel TEXT NOT NULL, ts TEXT);
CREATE INDEX handoff_slack_threads_ts ON handoff_slack_threads (ts);
CREATE TABLE handoff_slack_relayed (key TEXT PRIMARY KEY, at BIGINT NOT NULL);`,
  },
];

/** Where the Slack desk posts and how it talks to Slack. */
export interface SlackDeskSettings {
  botToken: string;
  signingSecret: string;
  /** The channel id escalations are posted to (`C…`). */
  channel: string;
  /** Another Slack API base (tests: a local fake). */
  apiUrl?: string;
}

/** The Slack desk's settings from `SLACK_DESK_*`, or undefined when it is off. Throws on a partial set-up. */
export function slackDeskSettings(env: NodeJS.ProcessEnv): SlackDeskSettings | undefined {
  const { SLACK_DESK_BOT_TOKEN: botToken, SLACK_DESK_SIGNING_SECRET: signingSecret, SLACK_DESK_CHANNEL: channel } = env;
  if (!botToken && !signingSecret && !channel) return undefined;
  const missing = Object.entries({ SLACK_DESK_BOT_TOKEN: botToken, SLACK_DESK_SIGNING_SECRET: signingSecret, SLACK_DESK_CHANNEL: channel }).filter(([, v]) => !v);
  if (missing.length) throw new ConfigError(`The Slack agent desk needs ${missing.map(([k]) => k).join(' and ')} as well`);
  return { botToken: botToken!, signingSecret: signingSecret!, channel: channel!, apiUrl: env.SLACK_DESK_API_URL };
}

/**
 * Slack as an agent desk: each escalation is posted to a Slack channel with a Claim button; the
 * agent who claims it (matched to a console agent by their Slack e-mail) replies in the thread and
 * the reply reaches the customer on their own channel; the customer's messages are relayed into
 * the thread; `!resolve` in the thread hands the conversation back to the bot. Relaying is
 * recorded in the database, so several instances on a shared bus post each thing once.
 */
export class SlackDesk {
  private readonly client: WebClient;
  private readonly unsubscribe: Array<() => void> = [];
  private readonly agentBySlackUser = new Map<string, string>();

  constructor(
    private readonly settings: SlackDeskSettings,
    private readonly deps: { service: HandoffService; store: Store; sql: SqlDriver; bus: () => EventBus; logger: Logger },
  ) {
    // Loaded here, once the desk is configured: the handoff module (and its tables) runs in every app.
    const { WebClient } = require('@slack/web-api') as typeof import('@slack/web-api');
    this.client = new WebClient(settings.botToken, { ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl.replace(/\/?$/, '/') } : {}), retryConfig: { retries: 2 } });
  }

  start(): void {
    const bus = this.deps.bus();
    const guard = (what: string, fn: () => Promise<void>) => void fn().catch((err) => this.deps.logger.error({ err }, `slack desk: ${what} failed`));
    this.unsubscribe.push(
      bus.subscribe(HandoffTopics.changed, (p) => guard('posting a handoff', () => this.onHandoff(p.handoff))),
      bus.subscribe(Topics.message, (p) => guard('relaying a message', () => this.onMessage(p.message))),
    );
  }

  stop(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  /** Slack's interactivity (the Claim button) and Events API (thread replies) endpoints, mounted at `/api/handoff`. */
  app(): Hono {
    const app = new Hono();
    app.post('/slack/actions', (c) => this.onAction(c.req.raw));
    app.post('/slack/events', (c) => this.onEvent(c.req.raw));
    return app;
  }

  private async onHandoff(handoff: Handoff): Promise<void> {
    const ts = await this.threadOf(handoff.id);
    if (ts) {
      if (await this.once(`state:${handoff.id}:${handoff.status}:${handoff.agentId ?? ''}`)) await this.update(handoff.id, ts);
      return;
    }
    if (handoff.status !== 'waiting') return;
    // The thread row is the guard: one instance posts, whatever the bus delivered to the others.
    const claimed = await this.deps.sql.run(`INSERT INTO handoff_slack_threads (handoff_id, channel) VALUES (?, ?) ON CONFLICT (handoff_id) DO NOTHING`, [handoff.id, this.settings.channel]);
    if (claimed.changes !== 1) return;
    const posted = await this.client.chat.postMessage({ channel: this.settings.channel, text: await this.headline(handoff), blocks: await this.blocks(handoff) });
    await this.deps.sql.run(`UPDATE handoff_slack_threads SET ts = ? WHERE handoff_id = ?`, [posted.ts, handoff.id]);
    // It may have been assigned while we were posting.
    const now = await this.deps.service.repo.get(handoff.id);
    if (now && now.status !== 'waiting' && posted.ts) await this.update(handoff.id, posted.ts);
  }

  private async update(handoffId: string, ts: string): Promise<void> {
    const handoff = await this.deps.service.repo.get(handoffId);
    if (handoff) await this.client.chat.update({ channel: this.settings.channel, ts, text: await this.headline(handoff), blocks: await this.blocks(handoff) });
  }

  private async onMessage(message: Message): Promise<void> {
    if (message.author !== 'customer' || message.metadata?.confidential === true) return;
    const handoff = await this.deps.service.repo.active(message.conversationId);
    const ts = handoff && (await this.threadOf(handoff.id));
    if (!handoff || !ts || !(await this.once(`msg:${message.id}`))) return;
    await this.client.chat.postMessage({ channel: this.settings.channel, thread_ts: ts, text: `Customer (${message.channel}): ${message.text ?? '(no text)'}`, mrkdwn: false });
  }

  private async onAction(request: Request): Promise<Response> {
    const body = await this.verified(request);
    const payload = JSON.parse(new URLSearchParams(body).get('payload') ?? 'null') as SlackActionPayload | null;
    const action = payload?.type === 'block_actions' ? payload.actions?.find((a) => a.action_id === 'claim') : undefined;
    if (!payload || !action) throw new RequestError(400, 'Expected a block_actions payload with the claim button');
    const agentId = await this.agentFor(payload.user.id);
    const ts = await this.threadOf(action.value);
    if (!agentId) {
      await this.client.chat.postEphemeral({ channel: this.settings.channel, user: payload.user.id, text: 'No console agent has your Slack e-mail address: ask an admin to add you.' });
      return new Response(null, { status: 200 });
    }
    try {
      await this.deps.service.transfer(action.value, { agentId });
      await this.client.chat.postMessage({ channel: this.settings.channel, thread_ts: ts, text: `<@${payload.user.id}> has this conversation. Reply in this thread; write !resolve to hand it back to the bot.` });
    } catch (err) {
      if (!(err instanceof HandoffError)) throw err;
      await this.client.chat.postEphemeral({ channel: this.settings.channel, user: payload.user.id, text: err.message });
    }
    return new Response(null, { status: 200 });
  }

  private async onEvent(request: Request): Promise<Response> {
    const body = JSON.parse(await this.verified(request)) as SlackEventEnvelope;
    if (body.type === 'url_verification') return json({ challenge: body.challenge });
    const event = body.event;
    // Slack retries events it thinks were lost: each is handled once.
    if (body.type !== 'event_callback' || !event || !(await this.once(`event:${body.event_id}`))) return new Response(null, { status: 200 });
    if (event.type !== 'message' || event.subtype || event.bot_id || !event.thread_ts || event.channel !== this.settings.channel || !event.user) {
      return new Response(null, { status: 200 });
    }
    const row = await this.deps.sql.get<{ handoff_id: string }>(`SELECT handoff_id FROM handoff_slack_threads WHERE ts = ?`, [event.thread_ts]);
    const agentId = row && (await this.agentFor(event.user));
    if (!row || !agentId) return new Response(null, { status: 200 });
    try {
      if (/^!resolve\b/i.test(event.text?.trim() ?? '')) await this.deps.service.resolve(row.handoff_id, { resume: 'continue' });
      else if (event.text?.trim()) await this.deps.service.reply(agentId, row.handoff_id, event.text);
    } catch (err) {
      if (!(err instanceof HandoffError)) throw err;
      await this.client.chat.postEphemeral({ channel: this.settings.channel, user: event.user, text: `Not sent: ${err.message}. Press Claim first.` });
    }
    return new Response(null, { status: 200 });
  }

  /** The raw body, once Slack's signature (v0, HMAC-SHA256, within 5 minutes) checks out. */
  private async verified(request: Request): Promise<string> {
    const body = decodeUtf8(await readBody(request, 256 * 1024));
    const timestamp = Number(request.headers.get('x-slack-request-timestamp'));
    if (!timestamp || Math.abs(Date.now() / 1000 - timestamp) > 300) throw new RequestError(401, 'Missing or stale x-slack-request-timestamp');
    const expected = slackSignature(this.settings.signingSecret, timestamp, body);
    if (!safeEqual(request.headers.get('x-slack-signature') ?? '', expected)) throw new RequestError(401, 'Bad Slack signature: check SLACK_DESK_SIGNING_SECRET');
    return body;
  }

  /** The console agent with the Slack user's e-mail address. */
  private async agentFor(slackUser: string): Promise<string | undefined> {
    const cached = this.agentBySlackUser.get(slackUser);
    if (cached) return cached;
    const info = await this.client.users.info({ user: slackUser });
    const email = info.user?.profile?.email;
    const agent = email ? await this.deps.service.repo.agentByEmail(email) : undefined;
    if (agent) this.agentBySlackUser.set(slackUser, agent.id);
    return agent?.id;
  }

  private async threadOf(handoffId: string): Promise<string | undefined> {
    return (await this.deps.sql.get<{ ts: string | null }>(`SELECT ts FROM handoff_slack_threads WHERE handoff_id = ?`, [handoffId]))?.ts ?? undefined;
  }

  /** True for the first caller only (across instances): this thing has not been done yet. */
  private async once(key: string): Promise<boolean> {
    const done = await this.deps.sql.run(`INSERT INTO handoff_slack_relayed (key, at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, [key, this.deps.store.now()]);
    return done.changes === 1;
  }

  private async headline(h: Handoff): Promise<string> {
    const customer = await this.deps.store.getCustomer(h.customerId);
    const who = customer?.profile.name ?? 'A customer';
    const state = h.status === 'waiting' ? 'is waiting' : h.status === 'assigned' ? 'is being helped' : `— ${h.outcome ?? h.status}`;
    return `${who} ${state} (${h.reason}, ${h.language ?? '?'})`;
  }

  private async blocks(h: Handoff): Promise<KnownBlock[]> {
    const recent = (await this.deps.store.listMessages({ conversationId: h.conversationId })).filter((m) => m.direction === 'inbound' && m.text).slice(-3);
    // plain_text everywhere customer words appear: no mrkdwn, no mentions, no links they could forge.
    const blocks: KnownBlock[] = [
      { type: 'section', text: { type: 'plain_text', text: await this.headline(h) } },
      { type: 'context', elements: (recent.length ? recent.map((m) => `${m.channel}: ${(m.text ?? '').slice(0, 300)}`) : ['No message yet']).map((text) => ({ type: 'plain_text' as const, text })) },
    ];
    if (h.status === 'waiting') {
      blocks.push({ type: 'actions', elements: [{ type: 'button', action_id: 'claim', text: { type: 'plain_text', text: 'Claim' }, style: 'primary', value: h.id }] });
    }
    return blocks;
  }
}

/** Slack's request signature: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<body>`. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return 'v0=' + createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
}

interface SlackActionPayload {
  type: string;
  user: { id: string };
  actions?: Array<{ action_id: string; value: string }>;
}

interface SlackEventEnvelope {
  type: 'url_verification' | 'event_callback' | string;
  challenge?: string;
  event_id?: string;
  event?: { type: string; subtype?: string; bot_id?: string; user?: string; text?: string; channel?: string; thread_ts?: string };
}
