import WebSocket from 'ws';
import { dropRedisPrefix, dropSchemas, requireServices, uniqueName } from './services';
import { checkTranscript, eventually, post, startInstance, storedTranscripts } from './helpers';
import { runs } from '../fixtures/scale-bot';

// Two instances on different ports sharing one PostgreSQL schema and one Redis prefix.
const schema = uniqueName('sbt');
const prefix = `${schema}:`;
let a: Awaited<ReturnType<typeof startInstance>>;
let b: Awaited<ReturnType<typeof startInstance>>;

beforeAll(async () => {
  await requireServices();
  process.env.SCALE_BOT_DELAY_MS = '3'; // turns take a moment, so instances contend for the lock
  a = await startInstance({ schema, prefix });
  b = await startInstance({ schema, prefix });
});
afterAll(async () => {
  delete process.env.SCALE_BOT_DELAY_MS;
  await a?.app.close();
  await b?.app.close();
  await dropSchemas([schema]);
  await dropRedisPrefix(prefix);
});

test('concurrent messages of one conversation sent to both instances: each processed once, in stored order', async () => {
  const users = Array.from({ length: 8 }, (_, i) => `visitor-${i}`);
  const perUser = 6;
  const sent = new Map(users.map((u) => [u, Array.from({ length: perUser }, (_, i) => `m${i}`)]));
  const requests = users.flatMap((userId) =>
    sent.get(userId)!.map((text, i) => post(i % 2 ? a.url : b.url, { userId, text, clientMessageId: `${userId}-${text}` })),
  );
  // The same deliveries again, to the other instance: recognised as repeats, stored once.
  const repeats = users.map((userId) => post(a.url, { userId, text: 'm1', clientMessageId: `${userId}-m1` }));
  const responses = await Promise.all([...requests, ...repeats]);
  expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200));
  // Each request got its own reply, whichever instance ran the turn (turn.done crosses instances).
  for (const r of responses.slice(0, requests.length)) expect(r.body.messages).toHaveLength(1);

  const stored = await storedTranscripts(schema);
  // Each turn ran once: no instance ran a turn another was running (the Redis lock's job).
  const inboundIds = [...stored.values()].flat().filter((r) => r.direction === 'inbound').map((r) => r.id);
  expect(inboundIds).toHaveLength(users.length * perUser);
  expect(inboundIds.filter((id) => runs().get(id) !== 1)).toEqual([]);
  for (const userId of users) {
    expect({ userId, problems: checkTranscript(stored.get(userId) ?? [], sent.get(userId)!) }).toEqual({ userId, problems: [] });
  }
});

test('a WebSocket on instance A sees the replies to a message sent through instance B', async () => {
  const ws = new WebSocket(`${a.url.replace('http', 'ws')}/api/web/socket?userId=socket-visitor`);
  const events: any[] = [];
  ws.on('message', (data) => events.push(JSON.parse(data.toString())));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  expect(await eventually(() => events.some((e) => e.type === 'ready'), 5_000)).toBe(true);

  const res = await post(b.url, { userId: 'socket-visitor', text: 'over here' });
  expect(res.status).toBe(200);
  const sawReply = await eventually(() => events.some((e) => e.type === 'message' && e.message.text === '#1 over here'), 5_000);
  ws.close();
  expect(events.filter((e) => e.type === 'message').map((e) => e.message.text)).toEqual(['over here', '#1 over here']);
  expect(sawReply).toBe(true);
});
