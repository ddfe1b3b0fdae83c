import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { silentLogger } from '../../core/logger';
import { createApp, type App } from '../../server/app';

const ROOT = join(__dirname, '..', '..');
const DEMO = join(ROOT, 'bots', 'demo');

test('chat --debug prints, per turn, the language, intent, dialog step, knowledge scores and handoff reason', () => {
  const input = ['where is my order', 'NW-1001', 'how long does shipping take?', 'cancel', 'talk to a person', '/quit'].join('\n');
  const res = spawnSync(process.execPath, [join(ROOT, 'bin', 'switchboard.js'), 'chat', 'bots/demo', '--debug'], { cwd: ROOT, input, encoding: 'utf8', timeout: 90_000 });
  expect(res.status).toBe(0);
  const turns = res.stdout.split(/\n(?=bot> )/);
  const turn = (reply: RegExp) => turns.find((t) => reply.test(t)) ?? '';
  const ask = turn(/What's your order number/);
  expect(ask).toMatch(/· language {2}en \(detected en\)/);
  expect(ask).toMatch(/· intent {4}order-status \d\.\d\d; then /);
  expect(ask).toMatch(/· started {3}order-status by intent/);
  expect(ask).toMatch(/· dialog {4}order-status step 0 \(ask\), waiting for an answer/);
  expect(turn(/Order NW-1001 has shipped/)).toMatch(/· dialog {4}finished \(none running\)/);
  expect(turn(/Standard parcels usually arrive/)).toMatch(/· knowledge answered \d\.\d\d \(en\): shipping-times\.en \d+\.\d\d, /);
  expect(turn(/nothing to cancel/)).toMatch(/· command {3}cancel/);
  // The plain demo has no agent account: the request is traced, and why nobody was asked.
  expect(turn(/nobody from our team can take chats/)).toMatch(/^ {2}· handoff {3}customer-request \(not handed off: no-accounts\)$/m);
  // Without --debug nothing of it is printed.
  const plain = spawnSync(process.execPath, [join(ROOT, 'bin', 'switchboard.js'), 'chat', 'bots/demo'], { cwd: ROOT, input: 'where is my order\n/quit\n', encoding: 'utf8', timeout: 90_000 });
  expect(plain.stdout).toMatch(/What's your order number/);
  expect(plain.stdout).not.toMatch(/· /);
}, 180_000);

describe('the trace on the console API', () => {
  let app: App;
  const KEY = 'test-api-key-0123456789';
  beforeAll(async () => {
    app = await createApp({ botDir: DEMO, databaseUrl: ':memory:', env: { SWITCHBOARD_API_KEY: KEY, SWITCHBOARD_ADMIN_EMAIL: 'admin@shop.test', SWITCHBOARD_ADMIN_PASSWORD: 'admin-password-1' }, logger: silentLogger() });
  }, 60_000);
  afterAll(() => app.close());

  const web = (text: string) => app.fetch(new Request('http://bot/api/web/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'ann', text }) }));
  const api = (path: string) => app.fetch(new Request(`http://bot${path}`, { headers: { authorization: `Bearer ${KEY}` } }));

  test('console users see why under bot messages; customers never get the trace', async () => {
    const answered = await web('how long does shipping take?');
    // The wire has the customer's own fields (text, buttons, the knowledge outcome); never the trace.
    expect(JSON.stringify(await answered.json())).not.toMatch(/"trace"|"why"|"metadata"|"intent"|shipping-times\.en \d/);
    await web('talk to a person');

    const { handoffs } = (await (await api('/api/handoff/queue')).json()) as { handoffs: Array<{ id: string }> };
    const view = (await (await api(`/api/handoff/conversations/${handoffs[0].id}`)).json()) as { transcript: Array<{ text: string; author: string; why?: Array<[string, string]> }> };
    const answer = view.transcript.find((m) => /Standard parcels usually arrive/.test(m.text))!;
    expect(answer.author).toBe('bot');
    expect(answer.why).toEqual(expect.arrayContaining([['language', 'en (detected en)'], ['knowledge', expect.stringMatching(/^answered \d\.\d\d \(en\): shipping-times\.en/)]]));
    const handoff = view.transcript.filter((m) => m.why?.some(([k]) => k === 'handoff'));
    expect(handoff).toHaveLength(1);
    expect(handoff[0].why).toContainEqual(['handoff', 'customer-request']);
    expect(view.transcript.filter((m) => m.author !== 'bot' && m.why)).toEqual([]);

    const transcript = await (await app.fetch(new Request('http://bot/api/web/messages?userId=ann'))).text();
    expect(transcript).toMatch(/Standard parcels usually arrive/);
    expect(transcript).not.toMatch(/trace|"why"|customer-request|shipping-times\.en/);
  });
});
