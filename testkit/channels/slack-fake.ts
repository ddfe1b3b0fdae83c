import { createHmac } from 'node:crypto';
import { FakeProvider, type Recorded } from './support';

/** The signing secret the Slack tests sign with. */
export const SIGNING_SECRET = 'slack-test-secret';

/** A local Slack Web API: auth.test, users.info and chat.postMessage answer like Slack does. */
export function fakeSlack(): FakeProvider {
  let ts = 1700000000;
  return new FakeProvider((path, body) => {
    if (path.includes('auth.test')) return { body: { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' } };
    if (path.includes('users.info')) {
      const user = new URLSearchParams(body).get('user');
      return { body: { ok: true, user: { id: user, real_name: 'Ann Example', locale: 'en-GB', profile: { email: 'ann@example.com', real_name: 'Ann Example' } } } };
    }
    if (path.includes('chat.postMessage')) {
      const channel = new URLSearchParams(body).get('channel');
      return { body: { ok: true, channel, ts: `${ts++}.000100` } };
    }
    return { body: { ok: false, error: 'unknown_method' } };
  });
}

/** The form fields of a recorded Web API call (blocks parsed from their JSON). */
export function fields(call: Recorded): Record<string, unknown> {
  const form = Object.fromEntries(new URLSearchParams(call.body));
  return { ...form, ...(form.blocks ? { blocks: JSON.parse(form.blocks) } : {}) };
}

/** Headers Slack would send with `body`, signed at `timestamp` (seconds). */
export function signed(body: string, timestamp = Math.floor(Date.now() / 1000), secret = SIGNING_SECRET, type = 'application/json'): Record<string, string> {
  const signature = 'v0=' + createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'content-type': type, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
}

let counter = 0;

/** An Events API envelope around `event`, with a fresh event id unless given. */
export function envelope(event: Record<string, unknown>, eventId = `Ev${Date.now()}${counter++}`): string {
  return JSON.stringify({ token: 'x', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: eventId, event_time: 1, event });
}

/** A direct message from `user`. */
export function dm(text: string, extra: Record<string, unknown> = {}, user = 'U1'): Record<string, unknown> {
  return { type: 'message', channel: 'D1', channel_type: 'im', user, text, ts: `1700000${counter++}.000200`, ...extra };
}

/** A form-encoded interactivity request clicking button `index` of a message. */
export function click(value: string, title: string, index = 0, channel = 'D1'): string {
  const payload = {
    type: 'block_actions',
    user: { id: 'U1', username: 'ann', team_id: 'T1' },
    team: { id: 'T1' },
    channel: { id: channel },
    container: { type: 'message', message_ts: '1700000001.000100', channel_id: channel },
    message: { ts: '1700000001.000100', text: 'Pick one' },
    trigger_id: `trig${counter++}`,
    actions: [{ action_id: `switchboard_button_${index}`, block_id: 'switchboard_buttons', type: 'button', value, text: { type: 'plain_text', text: title }, action_ts: `1700000002.${counter++}` }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
