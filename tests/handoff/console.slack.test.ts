import { FakeProvider, until, type ProviderCall } from '../channels/fake-provider';
import { slackSignature } from '../../handoff/slack-desk';
import { ADMIN, startConsoleApp, type ConsoleHarness } from '../e2e/support';

const SECRET = 'slack-desk-signing-secret';
const CHANNEL = 'C0DESK';
const EMAILS: Record<string, string> = { U_SAM: 'sam@shop.test', U_STRANGER: 'stranger@elsewhere.test' };

/** The Slack Web API on loopback: answers what the desk calls, records what it posted. */
let slack: FakeProvider;
let h: ConsoleHarness;
let ts = 0;
const params = (call: ProviderCall): Record<string, unknown> => {
  if (/json/.test(String(call.headers['content-type']))) return JSON.parse(call.body) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(call.body));
};
const posts = (method: string) => slack.calls.filter((c) => c.path.endsWith(`/${method}`)).map(params);

beforeAll(async () => {
  slack = await FakeProvider.start((call) => {
    const method = call.path.split('/').pop();
    if (method === 'chat.postMessage') return { status: 200, body: { ok: true, channel: CHANNEL, ts: `1700000000.${String(++ts).padStart(6, '0')}` } };
    if (method === 'users.info') return { status: 200, body: { ok: true, user: { id: params(call).user, profile: { email: EMAILS[String(params(call).user)] } } } };
    return { status: 200, body: { ok: true } };
  });
  h = await startConsoleApp({ SLACK_DESK_BOT_TOKEN: 'xoxb-test', SLACK_DESK_SIGNING_SECRET: SECRET, SLACK_DESK_CHANNEL: CHANNEL, SLACK_DESK_API_URL: `${slack.url}/api/` });
  const admin = await h.login(ADMIN.email, ADMIN.password);
  await fetch(`${h.base}/api/handoff/agents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    body: JSON.stringify({ name: 'Sam Agent', email: 'sam@shop.test', password: 'sam-password-1' }),
  });
});
afterAll(async () => {
  await h?.close();
  await slack?.close();
});

/** A request signed the way Slack signs it. */
function fromSlack(path: string, body: string, contentType: string, secret = SECRET) {
  const timestamp = Math.floor(Date.now() / 1000);
  return fetch(h.base + path, {
    method: 'POST',
    headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': slackSignature(secret, timestamp, body) },
    body,
  });
}
const press = (user: string, handoffId: string) =>
  fromSlack('/api/handoff/slack/actions', new URLSearchParams({ payload: JSON.stringify({ type: 'block_actions', user: { id: user }, actions: [{ action_id: 'claim', value: handoffId }] }) }).toString(), 'application/x-www-form-urlencoded');
let events = 0;
const threadReply = (user: string, thread: string, text: string) =>
  fromSlack('/api/handoff/slack/events', JSON.stringify({ type: 'event_callback', event_id: `Ev${++events}`, event: { type: 'message', user, text, channel: CHANNEL, thread_ts: thread } }), 'application/json');

test('an escalation becomes a Slack thread; Slack agents claim, reply and resolve; the customer gets it by SMS', async () => {
  const phone = '+15559990001';
  await h.sms(phone, 'I want a human');
  const post = await until(() => posts('chat.postMessage').find((p) => p.channel === CHANNEL && !p.thread_ts), 'the escalation posted');
  const blocks = JSON.parse(String(post.blocks)) as Array<{ type: string; elements?: Array<{ action_id?: string; value?: string }> }>;
  const button = blocks.find((b) => b.type === 'actions')!.elements![0];
  expect(button.action_id).toBe('claim');
  const thread = await until(async () => (await h.app.store.sql.get<{ ts: string }>(`SELECT ts FROM handoff_slack_threads WHERE handoff_id = ? AND ts IS NOT NULL`, [button.value]))?.ts, 'the thread recorded');

  // A Slack user who is no console agent is told so; nothing changes.
  expect((await press('U_STRANGER', button.value!)).status).toBe(200);
  expect(posts('chat.postEphemeral').some((p) => p.user === 'U_STRANGER')).toBe(true);
  expect((await h.app.store.sql.get<{ status: string }>(`SELECT status FROM handoffs WHERE id = ?`, [button.value]))?.status).toBe('waiting');

  // Sam claims: the handoff is his, the post is updated, the customer is told.
  expect((await press('U_SAM', button.value!)).status).toBe(200);
  const sam = await h.app.store.sql.get<{ id: string }>(`SELECT id FROM agents WHERE email = 'sam@shop.test'`);
  expect(await h.app.store.sql.get(`SELECT status, agent_id FROM handoffs WHERE id = ?`, [button.value])).toEqual({ status: 'assigned', agent_id: sam!.id });
  await until(() => posts('chat.update').some((p) => p.ts === thread), 'the post updated');
  await until(() => h.textsTo(phone).some((t) => /Sam Agent/.test(t)), 'the customer told Sam joined');

  // Thread replies reach the customer by SMS; the customer's words are relayed into the thread.
  expect((await threadReply('U_SAM', thread, 'Hi, Sam here. What is your order number?')).status).toBe(200);
  await until(() => h.textsTo(phone).includes('Hi, Sam here. What is your order number?'), 'the Slack reply by SMS');
  await h.sms(phone, 'It is 1234');
  await until(() => posts('chat.postMessage').some((p) => p.thread_ts === thread && p.text === 'Customer (sms): It is 1234'), 'the customer relayed');

  // !resolve hands back to the bot, which answers the next SMS.
  await threadReply('U_SAM', thread, '!resolve');
  await until(() => h.textsTo(phone).some((t) => /back with the assistant/.test(t)), 'the bot back');
  await h.sms(phone, 'thanks');
  await until(() => h.textsTo(phone).includes('echo: thanks'), 'the bot answering');
});

test('forged or stale Slack requests are refused; Slack’s URL check is answered', async () => {
  const body = new URLSearchParams({ payload: JSON.stringify({ type: 'block_actions', user: { id: 'U_SAM' }, actions: [{ action_id: 'claim', value: 'hnd_x' }] }) }).toString();
  expect((await fromSlack('/api/handoff/slack/actions', body, 'application/x-www-form-urlencoded', 'wrong-secret')).status).toBe(401);
  const stale = await fetch(`${h.base}/api/handoff/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': '1000', 'x-slack-signature': slackSignature(SECRET, 1000, '{}') },
    body: '{}',
  });
  expect(stale.status).toBe(401);
  const challenge = await fromSlack('/api/handoff/slack/events', JSON.stringify({ type: 'url_verification', challenge: 'abc' }), 'application/json');
  expect(await challenge.json()).toEqual({ challenge: 'abc' });
});
