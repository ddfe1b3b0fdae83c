import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../core/logger';
import { TestBot, TestChannel } from '../../core/testing/harness';
import type { DialogState } from '../../dialogs/state';
import { createApp, type App } from '../../server/app';
import { assemble } from '../../server/assemble';
import { runConversationTests } from '../../server/conversation-tests';

const DEMO = join(__dirname, '..', '..', 'bots', 'demo');
/**
 * These tests start the demo bot themselves, twice for a restart: each start trains the intents and
 * indexes the articles (the first in a process also reads the dictionaries), 1–4 s of CPU that a
 * machine at load 20–30 stretches past Jest's 30 s default. Their deadline fits two cold starts.
 */
const STARTS_APPS = 120_000;

/** The demo bot as `switchboard start` assembles it, over the SQLite file `db`. */
async function start(db: string) {
  const channel = new TestChannel('web');
  const app = await assemble({ botDir: DEMO, databaseUrl: `sqlite:${db}`, channels: [channel], logger: silentLogger(), env: {} });
  return { app, bot: TestBot.wrap(app.engine, channel, app.store) };
}

describe('demo bot forms across restarts', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sb-restart-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('a returns form resumes in a second engine over the same file, through a digression', async () => {
    const db = join(dir, 'demo.db');
    const first = await start(db);
    await first.bot.conversation('ann', 'web').send('Return an item', { payload: 'returns' }).expect(/Which order/).send('NW-1001').expect(/When did you receive it/);
    const mid = (await first.bot.state('ann', 'web'))?.dialogs as DialogState;
    expect(mid.stack).toMatchObject([{ dialog: 'returns', step: 3, slots: { orderNumber: 'NW-1001' }, waiting: true }]);
    await first.app.close();

    // A new process: nothing in memory, only the file.
    const second = await start(db);
    try {
      await second.bot
        .conversation('ann', 'web')
        .send('what time do you close?')
        .expect(/open Monday to Saturday/)
        .expect(/Let's continue. When did you receive it/)
        .send('yesterday')
        .expect(/Why are you returning it/)
        .send('Wrong item')
        .expect(/Shall I open a return for order NW-1001/)
        .send('yes')
        .expect(/your return is RMA-1001-1/);
      const done = (await second.bot.state('ann', 'web'))?.dialogs as DialogState;
      expect(done.stack).toEqual([]);
      expect(done.last?.slots).toMatchObject({ orderNumber: 'NW-1001', reason: 'wrong-item', confirm: true, rma: 'RMA-1001-1' });
    } finally {
      await second.app.close();
    }
  }, STARTS_APPS);

  test('over HTTP: the server restarts mid-form and the order-status form goes on', async () => {
    const env = { DATABASE_URL: `sqlite:${join(dir, 'server.db')}` };
    const say = async (app: App, body: object) => {
      const res = await app.fetch(new Request('http://localhost/api/web/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'visitor-1', ...body }) }));
      expect(res.status).toBe(200);
      return ((await res.json()) as { messages: Array<{ text: string }> }).messages.map((m) => m.text);
    };
    const first = await createApp({ botDir: DEMO, env, logger: silentLogger() });
    // The tracking article the dialog names answers first (docs/dialogs.md, `knowledge:`), then the form asks.
    expect(await say(first, { text: 'Wo ist meine Bestellung? Ich warte schon lange.' })).toEqual([expect.stringMatching(/Quelle: \[Sendungsverfolgung\]/), expect.stringMatching(/Bestellnummer/)]);
    await first.close();
    const second = await createApp({ botDir: DEMO, env, logger: silentLogger() });
    try {
      expect(await say(second, { text: 'NW-1001' })).toEqual([expect.stringMatching(/^Bestellung NW-1001 ist mit Royal Mail unterwegs und sollte am \d{1,2}\. [A-ZÄÖÜ][a-zäöü]+ \d{4} ankommen/)]);
    } finally {
      await second.close();
    }
  }, STARTS_APPS);

  test('a bot without dialogs starts, and its turns fall through to the fallback', async () => {
    writeFileSync(join(dir, 'bot.yaml'), 'name: Bare\n');
    const channel = new TestChannel('web');
    const app = await assemble({ botDir: dir, databaseUrl: ':memory:', channels: [channel], logger: silentLogger(), env: {} });
    try {
      await TestBot.wrap(app.engine, channel, app.store).conversation('x', 'web').send('where is my order?').expect(/can't help with that yet/);
    } finally {
      await app.close();
    }
  });

  test("the demo bot's YAML conversation tests pass (runConversationTests from jest)", async () => {
    const results = await runConversationTests(DEMO);
    expect(results.length).toBeGreaterThanOrEqual(15);
    expect(results.filter((r) => !r.passed)).toEqual([]);
  }, STARTS_APPS);
});
