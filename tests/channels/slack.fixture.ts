import { createHmac } from 'node:crypto';
import type { ConformanceFixture, FixtureUrls, InboundSpec, SentCard, WebhookRequest } from './conformance';
import type { ProviderCall } from './fake-provider';

/** The Slack app the conformance suite talks to. */
export const SLACK = { signingSecret: 'slack-conformance-secret', botToken: 'xoxb-conformance' };

/** Slack's request signature, computed independently: `v0=` + hex HMAC-SHA256 of `v0:timestamp:body`. */
function sign(body: string, timestamp: number): string {
  return 'v0=' + createHmac('sha256', SLACK.signingSecret).update(`v0:${timestamp}:${body}`).digest('hex');
}

function signedRequest(path: string, body: string, contentType: string, timestamp = Math.floor(Date.now() / 1000)): WebhookRequest {
  return { path, headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sign(body, timestamp) }, body };
}

/** The direct-message conversation of a user: `U…` writes in `D…` (the fixture's own convention). */
const dmOf = (user: string) => user.replace(/^U/, 'D');

/** A customer's direct message, file share or button click, as Slack would deliver it. */
function slackRequest(spec: InboundSpec, timestamp?: number): WebhookRequest {
  const channel = dmOf(spec.from);
  if (spec.choice) {
    const payload = {
      type: 'block_actions',
      user: { id: spec.from, team_id: 'T1' },
      team: { id: 'T1' },
      channel: { id: channel },
      container: { type: 'message', message_ts: '1700000001.000100', channel_id: channel },
      message: { ts: '1700000001.000100' },
      trigger_id: spec.id,
      actions: [{ action_id: `switchboard_button_${spec.choice.index}`, type: 'button', value: spec.choice.payload, text: { type: 'plain_text', text: spec.choice.title }, action_ts: spec.id }],
    };
    return signedRequest('/api/slack/interactivity', new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded', timestamp);
  }
  const event: Record<string, unknown> = { type: 'message', channel, channel_type: 'im', user: spec.from, text: spec.text ?? '', ts: `${Math.floor(Date.now() / 1000)}.000100` };
  if (spec.attachment) {
    Object.assign(event, { subtype: 'file_share', files: [{ id: `F${spec.id}`, name: 'upload', mimetype: spec.attachment.mimeType, url_private: spec.attachment.url }] });
  }
  const body = JSON.stringify({ token: 'x', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: spec.id, event_time: 1, event });
  return signedRequest('/api/slack/events', body, 'application/json', timestamp);
}

let ts = 1700000000;

/** The parts of a Block Kit block the fixture reads. */
interface SlackBlock {
  type: string;
  block_id?: string;
  text?: { text: string };
  accessory?: { image_url?: string };
  elements?: Array<{ text: { text: string } }>;
}

/** The cards in a message's blocks: a `switchboard_card_N` section and its `…_buttons` actions. */
function slackCards(blocks: SlackBlock[]): SentCard[] {
  return blocks
    .filter((b) => b.type === 'section' && /^switchboard_card_\d+$/.test(b.block_id ?? ''))
    .map((section) => {
      const buttons = blocks.find((b) => b.block_id === `${section.block_id}_buttons`)?.elements?.map((e) => e.text.text);
      return { text: section.text?.text ?? '', imageUrl: section.accessory?.image_url, ...(buttons ? { buttons } : {}) };
    });
}

/** Slack for the conformance suite: Bolt's WebClient calling the fake provider as `SLACK_API_URL`. */
export const slackFixture: ConformanceFixture = {
  channel: 'slack',
  env: (urls: FixtureUrls) => ({ SLACK_SIGNING_SECRET: SLACK.signingSecret, SLACK_BOT_TOKEN: SLACK.botToken, SLACK_API_URL: `${urls.provider}/api/` }),
  answer: (call) => {
    if (call.path.endsWith('/auth.test')) return { status: 200, body: { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' } };
    if (call.path.endsWith('/users.info')) return { status: 200, body: { ok: true, user: { id: 'U', profile: { email: 'someone@example.test' } } } };
    if (call.path.endsWith('/chat.postMessage')) return { status: 200, body: { ok: true, channel: new URLSearchParams(call.body).get('channel'), ts: `${ts++}.000100` } };
    return { status: 200, body: { ok: false, error: 'unknown_method' } };
  },
  sent: (call: ProviderCall) => {
    if (!call.path.endsWith('/chat.postMessage')) return undefined;
    const form = new URLSearchParams(call.body);
    const blocks = JSON.parse(form.get('blocks') ?? '[]') as SlackBlock[];
    const buttons = blocks.find((b) => b.type === 'actions' && b.block_id === 'switchboard_buttons')?.elements?.map((e) => e.text.text);
    const cards = slackCards(blocks);
    return { to: (form.get('channel') ?? '').replace(/^D/, 'U'), text: form.get('text') ?? undefined, ...(buttons ? { buttons } : {}), ...(cards.length ? { cards } : {}) };
  },
  inbound: (spec) => slackRequest(spec),
  forge: (r) => ({ ...r, headers: { ...r.headers, 'x-slack-signature': 'v0=00' + r.headers['x-slack-signature'].slice(5) } }),
  expired: (spec) => slackRequest(spec, Math.floor(Date.now() / 1000) - 10 * 60),
  // A file share's `url_private` (on the API host here, files.slack.com in production), fetched with the bot token.
  photo: {
    attachment: (id, urls) => ({ url: `${urls.provider}/files-pri/T1-Fphoto${id}/photo.jpg`, mimeType: 'image/jpeg' }),
    serve: (call, file) => {
      if (call.method !== 'GET' || !/^\/files-pri\/T1-Fphoto\w+\/photo\.jpg$/.test(call.path)) return undefined;
      // Without the bot token Slack answers its sign-in page, with a 200.
      if (call.headers.authorization !== `Bearer ${SLACK.botToken}`) return { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>Sign in to Slack</html>' };
      return { status: 200, headers: { 'content-type': 'image/jpeg' }, body: file };
    },
  },
  malformed: () => signedRequest('/api/slack/events', '{"type": "event_callback", "event": ', 'application/json'),
  failure: (kind) =>
    kind === 'rate-limited'
      ? { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } }
      : kind === 'server-error'
        ? { status: 500, body: 'Internal Server Error' }
        : { status: 200, body: { ok: false, error: 'channel_not_found' } },
};

let users = 0;
/** A fresh Slack user id for each scenario. */
export const slackSender = (): string => `U${Date.now().toString(36).toUpperCase()}${(users++).toString(36).toUpperCase()}`;
