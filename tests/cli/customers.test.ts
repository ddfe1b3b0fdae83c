import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { customersCommand } from '../../cli/commands/customers';
import { SqlStore } from '../../core/storage/sql-store';
import { SqliteDriver } from '../../core/storage/sqlite';
import { defaultModules } from '../../server/modules';
import { openStore } from '../../server/store';
import { rowsMentioning } from '../identity/support';

const ROOT = join(__dirname, '..', '..');
const DEMO = join(ROOT, 'bots', 'demo');

test('customers export prints everything; delete needs --yes and then erases', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-cli-'));
  try {
    // A store only core ever ran on: the command adds the modules' tables, as `start` would.
    const store = await SqlStore.open(new SqliteDriver(join(dir, 'northwind.db')));
    const { message } = await store.intake({ channel: 'web', address: 'cli-user', text: 'my order is late' });
    await store.close();
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [join(ROOT, 'bin', 'switchboard.js'), 'customers', ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: dir }, encoding: 'utf8' });

    const exported = run('export', message.customerId);
    expect(exported.status).toBe(0);
    expect(JSON.parse(exported.stdout).tables.messages[0].text).toBe('my order is late');
    expect(run('delete', message.customerId).status).toBe(2);
    expect(run('delete', message.customerId, '--yes').stdout).toMatch(/Erased customer/);
    expect(run('export', message.customerId)).toMatchObject({ status: 1, stderr: expect.stringMatching(/No customer/) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('customers on an app without journeys', () => {
  const withoutJourneys = () => defaultModules().filter((m) => m.name !== 'journeys');
  const command = customersCommand(withoutJourneys);
  let dir: string;
  let printed: jest.SpyInstance;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sb-cli-'));
    process.env.DATA_DIR = dir;
    printed = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => {
    printed.mockRestore();
    delete process.env.DATA_DIR;
    rmSync(dir, { recursive: true, force: true });
  });

  /** The store that app made, with a message, an identity, a handoff and a knowledge-base answer about one customer. */
  async function storeWithCustomer(): Promise<{ customerId: string; conversationId: string }> {
    const store = await openStore({ dataDir: dir, botName: 'Northwind', migrations: withoutJourneys().flatMap((m) => m.migrations ?? []) });
    try {
      const { message } = await store.intake({ channel: 'web', address: 'no-journeys', text: 'where is my parcel' });
      const { customerId, conversationId } = message;
      await store.sql.run(`INSERT INTO identities (kind, value, customer_id, created_at) VALUES ('email', 'ann@example.com', ?, 1)`, [customerId]);
      await store.sql.run(
        `INSERT INTO handoffs (id, conversation_id, customer_id, queue_id, status, reason, priority, requested_at, sla_at) VALUES ('h1', ?, ?, 'q', 'resolved', 'asked', 0, 1, 1)`,
        [conversationId, customerId],
      );
      await store.sql.run(
        `INSERT INTO kb_evidence (id, customer_id, conversation_id, question, locale, article_id, article_locale, helpful, source, status, created_at)
         VALUES ('e1', ?, ?, 'where is my parcel', 'en', 'a', 'en', 1, 'feedback', 'active', 1)`,
        [customerId, conversationId],
      );
      return { customerId, conversationId };
    } finally {
      await store.close();
    }
  }

  async function inStore<T>(read: (store: SqlStore) => Promise<T>): Promise<T> {
    const store = await openStore({ dataDir: dir, botName: 'Northwind' });
    try {
      return await read(store);
    } finally {
      await store.close();
    }
  }

  test('export lists the present modules’ rows, and no journeys table', async () => {
    const { customerId } = await storeWithCustomer();
    expect(await command.run({ values: { bot: DEMO }, positionals: ['export', customerId] })).toBe(0);
    const { tables } = JSON.parse(String(printed.mock.calls[0][0])) as { tables: Record<string, Array<Record<string, unknown>>> };
    expect(tables.messages.map((m) => m.text)).toEqual(['where is my parcel']);
    expect(tables.identities.map((i) => i.value)).toEqual(['ann@example.com']);
    expect(tables.handoffs.map((h) => h.id)).toEqual(['h1']);
    expect(tables.kb_evidence.map((e) => e.id)).toEqual(['e1']);
    expect(Object.keys(tables).filter((t) => t.startsWith('journey_'))).toEqual([]);
  });

  test('delete erases every row the present modules hold about the customer, and adds no journeys table', async () => {
    const { customerId, conversationId } = await storeWithCustomer();
    const before = await inStore((store) => rowsMentioning({ store }, [customerId, conversationId]));
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['messages', 'conversations', 'identities', 'handoffs', 'kb_evidence']));

    expect(await command.run({ values: { bot: DEMO, yes: true }, positionals: ['delete', customerId] })).toBe(0);

    expect(await inStore((store) => rowsMentioning({ store }, [customerId, conversationId]))).toEqual({});
    const journeyTables = await inStore((store) => store.sql.all(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'journey%'`));
    expect(journeyTables).toEqual([]);
  });
});
