import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { SlackChannel } from '../../channels/slack/adapter';
import { eventually, serveAdapter, type Served, type FakeProvider } from './support';
import { dm, envelope, fakeSlack, fields } from './slack-fake';

/**
 * Socket Mode end to end: Bolt's SocketModeReceiver opens a connection with
 * `apps.connections.open` (app token), receives an `events_api` envelope over a local WebSocket,
 * acknowledges it, and the reply goes out with `chat.postMessage` — same listeners as over HTTP.
 */
describe('Slack channel in Socket Mode', () => {
  let slack: FakeProvider;
  let wss: WebSocketServer;
  let app: Served;
  const acks: unknown[] = [];
  let socket: WebSocket | undefined;

  afterEach(async () => {
    await app?.close();
    await new Promise<void>((resolve) => wss?.close(() => resolve()));
    await slack?.close();
  });

  test('an event over the socket is acknowledged, stored and answered', async () => {
    wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    const wsUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link`;
    wss.on('connection', (ws) => {
      socket = ws;
      ws.on('message', (data) => acks.push(JSON.parse(String(data))));
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A1' }, debug_info: { host: 'fake' } }));
    });
    slack = fakeSlack();
    slack.queue('apps.connections.open', { body: { ok: true, url: wsUrl } });
    await slack.start();

    const channel = new SlackChannel({ botToken: 'xoxb-test', appToken: 'xapp-1-test', apiUrl: `${slack.url}/api/`, paceMs: 0 });
    app = await serveAdapter(channel);
    const [open] = slack.calls('apps.connections.open');
    expect(open.headers.authorization).toBe('Bearer xapp-1-test');

    await eventually(() => expect(socket).toBeDefined());
    const payload = JSON.parse(envelope(dm('hello over the socket'), 'EvSOCKET'));
    socket!.send(JSON.stringify({ envelope_id: 'env-1', type: 'events_api', accepts_response_payload: false, retry_attempt: 0, retry_reason: '', payload }));

    await eventually(() => expect(acks).toContainEqual(expect.objectContaining({ envelope_id: 'env-1' })));
    const [reply] = await slack.waitFor('chat.postMessage');
    expect(fields(reply)).toMatchObject({ channel: 'D1', text: 'echo: hello over the socket' });
    expect((await app.messages()).map((m) => m.channelMessageId)).toContain('EvSOCKET');
  });
});
