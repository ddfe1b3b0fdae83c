import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createApp, type App } from '../../../server/app';
import { silentLogger } from '../../../core/logger';

const BOT = join(__dirname, '..', '..', '..', 'bots', 'demo');

type Event = { type: string; message?: { id: string; text?: string; direction: string; clientMessageId?: string }; clientMessageId?: string; error?: string };

/** A socket client that records every event and can wait for a condition. */
class Client {
  readonly events: Event[] = [];
  private waiters: Array<() => void> = [];
  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.events.push(JSON.parse(String(data)));
      for (const w of this.waiters) w();
    });
  }
  static async open(url: string): Promise<Client> {
    const ws = new WebSocket(url);
    const client = new Client(ws);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return client;
  }
  messages() {
    return this.events.filter((e) => e.type === 'message').map((e) => e.message!);
  }
  async until(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; got ${JSON.stringify(this.events)}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }
  close(): Promise<void> {
    return new Promise((r) => {
      this.ws.once('close', () => r());
      this.ws.close();
    });
  }
}

describe('web channel WebSocket', () => {
  let app: App;
  let dir: string;
  let base: string;
  // The demo bot's cold start (dictionaries, intents, articles: seconds of CPU) outlasts Jest's 30 s default at load 20–30.
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sb-ws-'));
    app = await createApp({ botDir: BOT, env: { DATA_DIR: dir }, logger: silentLogger() });
    const port = await app.listen(0, '127.0.0.1');
    base = `127.0.0.1:${port}`;
  }, 120_000);
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a message sent on the socket is acknowledged, echoed and answered with typing first', async () => {
    const c = await Client.open(`ws://${base}/api/web/socket?userId=ws-ann`);
    await c.until(() => c.events.some((e) => e.type === 'ready'), 'ready');
    c.ws.send(JSON.stringify({ type: 'message', text: 'hello', clientMessageId: 'k1' }));
    await c.until(() => c.messages().filter((m) => m.direction === 'outbound').length >= 2, 'two replies');
    const types = c.events.map((e) => e.type);
    expect(types).toContain('ack');
    expect(types.indexOf('typing')).toBeLessThan(types.lastIndexOf('message'));
    expect(c.messages()[0]).toMatchObject({ direction: 'inbound', text: 'hello', clientMessageId: 'k1' });
    await c.close();
  });

  test('after a reconnect the client gets exactly what it missed: nothing lost, nothing doubled', async () => {
    const user = 'ws-bob';
    const first = await Client.open(`ws://${base}/api/web/socket?userId=${user}`);
    await first.until(() => first.events.some((e) => e.type === 'ready'), 'ready');
    first.ws.send(JSON.stringify({ type: 'message', text: 'hi', clientMessageId: 'b1' }));
    await first.until(() => first.messages().filter((m) => m.direction === 'outbound').length >= 2, 'replies');
    const seen = first.messages();
    const lastId = seen[seen.length - 1].id;
    await first.close();

    // While disconnected, the same visitor writes from another tab (HTTP) and the bot answers.
    const res = await fetch(`http://${base}/api/web/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: user, text: 'something odd', clientMessageId: 'b2' }),
    });
    const missed = ((await res.json()) as { messages: Array<{ id: string }> }).messages;
    expect(missed.length).toBeGreaterThan(0);

    const second = await Client.open(`ws://${base}/api/web/socket?userId=${user}&after=${lastId}`);
    await second.until(() => second.events.some((e) => e.type === 'ready'), 'ready');
    // Live traffic after the resume is delivered once too.
    second.ws.send(JSON.stringify({ type: 'message', text: 'hola', clientMessageId: 'b3' }));
    await second.until(() => second.messages().some((m) => m.clientMessageId === 'b3'), 'echo of b3');
    // However many replies the bot gives (a greeting mid-form just re-asks the question), one at least.
    await second.until(() => second.messages().slice(second.messages().findIndex((m) => m.clientMessageId === 'b3') + 1).some((m) => m.direction === 'outbound'), 'replies to b3');

    // The turn may store several replies at once; the socket delivers each as it is pushed, so wait
    // until it has as many as the transcript before comparing them one by one.
    const transcript = async () => ((await (await fetch(`http://${base}/api/web/messages?userId=${user}&after=${lastId}`)).json()) as { messages: Array<{ id: string }> }).messages.map((m) => m.id);
    let full = await transcript();
    for (let i = 0; i < 50 && second.messages().length < full.length; i++) {
      await second.until(() => second.messages().length >= full.length, 'the rest of the turn', 200).catch(() => undefined);
      full = await transcript();
    }
    const ids = second.messages().map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length); // no duplicates
    expect(ids).not.toEqual(expect.arrayContaining(seen.map((m) => m.id))); // nothing already seen
    expect(ids).toEqual(full); // exactly the transcript
    await second.close();
  });

  test('a repeated frame with the same clientMessageId is acknowledged as a duplicate', async () => {
    const c = await Client.open(`ws://${base}/api/web/socket?userId=ws-cat`);
    await c.until(() => c.events.some((e) => e.type === 'ready'), 'ready');
    c.ws.send(JSON.stringify({ type: 'message', text: 'hello', clientMessageId: 'same' }));
    c.ws.send(JSON.stringify({ type: 'message', text: 'hello', clientMessageId: 'same' }));
    await c.until(() => c.events.filter((e) => e.type === 'ack').length === 2, 'two acks');
    const acks = c.events.filter((e) => e.type === 'ack') as Array<Event & { duplicate: boolean; id: string }>;
    expect(acks.map((a) => a.duplicate).sort()).toEqual([false, true]);
    expect(acks[0].id).toBe(acks[1].id);
    await c.close();
  });

  test('bad frames get an error event, not a crash', async () => {
    const c = await Client.open(`ws://${base}/api/web/socket?userId=ws-dan`);
    await c.until(() => c.events.some((e) => e.type === 'ready'), 'ready');
    c.ws.send('{not json');
    c.ws.send(JSON.stringify({ type: 'dance' }));
    c.ws.send(JSON.stringify({ type: 'message', text: 42 }));
    await c.until(() => c.events.filter((e) => e.type === 'error').length === 3, 'three errors');
    expect(c.events.filter((e) => e.type === 'error').map((e) => e.error)).toEqual([
      'Malformed JSON frame',
      'Unknown frame type "dance"',
      expect.stringMatching(/^Invalid message: text/),
    ]);
    await c.close();
  });

  test('an upgrade without userId is refused', async () => {
    const ws = new WebSocket(`ws://${base}/api/web/socket`);
    const status = await new Promise<number>((resolve) => ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)).on('error', () => resolve(-1)));
    expect(status).toBe(400);
  });
});
