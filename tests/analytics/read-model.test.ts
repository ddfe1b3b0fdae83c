import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnalyticsReadModel } from '../../analytics/read-model';
import { buildSummary, summarize, type Summary } from '../../analytics/report';
import type { Range } from '../../analytics/facts';
import { MemoryBus } from '../../core/bus';
import { silentLogger } from '../../core/logger';
import { TestChannel } from '../../core/testing/harness';
import type { SqlDriver } from '../../core/storage/sql';
import { hashPassword } from '../../handoff/auth';
import { HandoffServiceKey } from '../../handoff/module';
import { createApp, type App } from '../../server/app';
import { defaultModules } from '../../server/modules';
import { openStore } from '../../server/store';
import { eventually } from '../scale/helpers';
import { legacyLoadFacts, legacyLoadQuestions } from './legacy-facts';
import { seed, T0 } from './seed';

/**
 * Analytics' read model against the way it read before (its SQL over the handoff and knowledge
 * modules' tables, kept in `legacy-facts.ts`): on the same data, every figure of the summary is
 * the same, whether the history came through the backfill on start (an install from before the
 * read model) or through the events (seeded the way the owners publish, or made by real turns).
 */
const BOT = join(__dirname, 'bot');
const RANGE: Range = { from: T0 - 86_400_000, to: T0 + 5 * 86_400_000 };
const NOW = T0 + 10 * 86_400_000;
const dirs: string[] = [];
let app: App | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sb-read-model-'));
  dirs.push(dir);
  return dir;
}

/** The summary as analytics computed it before the read model, from the owners' tables. */
async function before(sql: SqlDriver, range = RANGE): Promise<Summary> {
  return buildSummary(await legacyLoadFacts(sql, range), await legacyLoadQuestions(sql, range), range, NOW);
}

/** The summary as analytics computes it now: core's typed reads and its own read model. */
function after(running: App, range = RANGE): Promise<Summary> {
  return summarize({ store: running.store, model: new AnalyticsReadModel(running.store.sql) }, range, NOW);
}

test('an install from before the read model: the backfill on start keeps every figure the dashboards showed', async () => {
  const database = join(tempDir(), 'shop.db');
  // The previous version's schema: every module's tables but the read model's.
  const previous = defaultModules().flatMap((m) => m.migrations ?? []).filter((m) => !/^analytics\/00[2-8]/.test(m.id));
  const old = await openStore({ url: database, botName: 'shop', migrations: previous });
  await seed({ store: old, engine: { bus: new MemoryBus() } }, { publish: false });
  const expected = await before(old.sql);
  await old.close();
  expect(expected.totals.conversations).toBe(6);
  expect(expected.totals.handedOff).toBe(3);
  expect(expected.knowledge.questions).toBe(4);

  app = await createApp({ botDir: BOT, databaseUrl: database, env: {}, logger: silentLogger(), channels: [new TestChannel('web')] });
  const copied = async () => (await app!.store.sql.all(`SELECT source FROM analytics_backfills WHERE done_at IS NULL`)).length === 0;
  expect(await eventually(copied, 10_000)).toBe(true);
  expect(await app.store.sql.get(`SELECT COUNT(*) AS n FROM analytics_handoffs`)).toEqual({ n: 3 });
  expect(await after(app)).toEqual(expected);
  for (const channel of ['web', 'sms']) expect(await after(app, { ...RANGE, channel })).toEqual(await before(app.store.sql, { ...RANGE, channel }));
});

test('history that came as events gives the same figures as the tables it came from', async () => {
  app = await createApp({ botDir: BOT, databaseUrl: ':memory:', env: {}, logger: silentLogger(), channels: [new TestChannel('web')] });
  await seed(app);
  const expected = await before(app.store.sql);
  expect(expected.totals).toMatchObject({ conversations: 6, handedOff: 3, csatResponses: 3 });
  expect(await after(app)).toEqual(expected);
});

test('real turns: a handoff (assigned, resolved, rated) and knowledge questions reach the read model as their owners publish them', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'knowledge'));
  writeFileSync(join(dir, 'bot.yaml'), 'name: Shop\ndefaultLocale: en\n');
  writeFileSync(
    join(dir, 'knowledge', 'returns.en.md'),
    '---\nid: returns\nlocale: en\ntitle: "Returns"\ntags: [return, refund]\n---\n\nYou can return any item within 30 days for a full refund. Print the label from your account.\n',
  );
  const web = new TestChannel('web');
  app = await createApp({ botDir: dir, databaseUrl: join(dir, 'shop.db'), env: {}, logger: silentLogger(), channels: [web] });
  const service = app.bot.services.require(HandoffServiceKey);
  const sam = await service.repo.createAgent({ name: 'Sam', email: 'sam@shop.test', passwordHash: await hashPassword('password123'), role: 'agent', skills: [], capacity: 2 });
  await service.repo.setStatus(sam.id, 'available');
  const say = async (address: string, text: string) => {
    const { message } = await app!.engine.receive({ channel: 'web', address, text });
    await app!.engine.repliesTo(message.id, 5_000);
    return message;
  };

  await say('kim', 'How do I return an item for a refund?');
  await say('kim', 'zzzt blorp');
  const asked = await say('lee', 'I want to talk to a person');
  const [handoff] = await service.repo.list({ status: ['assigned'] });
  expect(handoff).toMatchObject({ conversationId: asked.conversationId, agentId: sam.id });
  await service.resolve(handoff.id, { csat: true });
  await say('lee', '4');

  const model = () => app!.store.sql.all(`SELECT id, status, outcome, csat FROM analytics_handoffs`);
  expect(await eventually(async () => JSON.stringify(await model()) === JSON.stringify([{ id: handoff.id, status: 'resolved', outcome: 'resolved', csat: 4 }]), 5_000)).toBe(true);
  const questions = await app.store.sql.all(`SELECT text, status FROM analytics_questions ORDER BY asked_at`);
  expect(questions).toEqual(await app.store.sql.all(`SELECT text, status FROM kb_questions ORDER BY created_at`));
  expect(questions.length).toBeGreaterThanOrEqual(1);

  const today = { from: Date.now() - 3_600_000, to: Date.now() + 3_600_000 };
  const now = await summarize({ store: app.store, model: new AnalyticsReadModel(app.store.sql) }, today, NOW);
  expect(now).toEqual(buildSummary(await legacyLoadFacts(app.store.sql, today), await legacyLoadQuestions(app.store.sql, today), today, NOW));
  expect(now.totals).toMatchObject({ handedOff: 1, csatResponses: 1, csatAverage: 4 });
});
