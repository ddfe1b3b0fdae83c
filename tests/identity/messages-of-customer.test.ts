import { mergeCustomers, unmergeCustomers } from '../../identity/merge';
import { eraseCustomer, exportCustomer } from '../../identity/privacy';
import { identityMigrations } from '../../identity/schema';
import { SqlStore } from '../../core/storage/sql-store';
import { SqliteDriver } from '../../core/storage/sqlite';
import { openStore } from '../../server/store';
import { dropSchemas, requireServices, schemaUrl, uniqueName } from '../scale/services';

/**
 * `messages` has no customer index (it cost a page written per turn): a customer's messages are
 * found through their conversations. These tests hold the queries that do so to the invariant
 * they rely on — a message belongs to its conversation's customer — through merges, unmerges
 * and erasure, on both databases.
 */
function customerMessages(name: string, open: () => Promise<SqlStore>): void {
  describe(`a customer's messages, through their conversations: ${name}`, () => {
    let store: SqlStore;
    beforeEach(async () => (store = await open()));
    afterEach(() => store.close());

    /** Messages whose `customer_id` is not their conversation's customer (should be none). */
    const strays = () =>
      store.sql.all(`SELECT m.id FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.customer_id <> c.customer_id`);

    /** One processed turn (inbound and reply) for an address; returns the customer id. */
    async function turn(address: string, text: string): Promise<string> {
      const { message } = await store.intake({ channel: 'web', address, text });
      const conversation = (await store.getConversation(message.conversationId))!;
      await store.commitTurn({
        conversationId: conversation.id,
        expectedVersion: conversation.version,
        state: {},
        inboundId: message.id,
        inboundStatus: 'processed',
        outbound: [
          { id: `msg_reply_${message.id}`, channel: 'web', direction: 'outbound', author: 'bot', customerId: message.customerId, conversationId: conversation.id, address, text: `re: ${text}`, inReplyTo: message.id, status: 'pending', createdAt: Date.now() },
        ],
      });
      return message.customerId;
    }

    test('merge moves every message, waiting ones included, and unmerge gives them back', async () => {
      const source = await turn('ann-laptop', 'hello from the laptop');
      const target = await turn('ann-phone', 'hello from the phone');
      // A message still waiting for its turn in the source's open conversation: the merge closes
      // the older of the two open conversations (the source's) and moves what waits there to the
      // one kept, which belongs to the target.
      await store.intake({ channel: 'web', address: 'ann-phone', text: 'waiting' });
      const waiting = await store.intake({ channel: 'web', address: 'ann-laptop', text: 'waiting too' });

      const entry = await mergeCustomers(store.sql, source, target, 'test', []);
      expect(await strays()).toEqual([]);
      const merged = await store.listMessages({ customerId: target });
      expect(merged.map((m) => m.text).sort()).toEqual(
        ['hello from the laptop', 'hello from the phone', 're: hello from the laptop', 're: hello from the phone', 'waiting', 'waiting too'].sort(),
      );
      expect(merged.every((m) => m.customerId === target)).toBe(true);
      expect(await store.listMessages({ customerId: source })).toEqual([]);
      expect((await store.lastInbound(target))?.id).toBe(waiting.message.id);

      await unmergeCustomers(store.sql, entry.id, 'test', []);
      expect(await strays()).toEqual([]);
      // The source's conversations go back with everything in them (the waiting messages went
      // wherever the merge kept the open conversation); nothing is lost or counted twice.
      const back = (await store.listMessages({ customerId: source })).map((m) => m.id);
      const kept = (await store.listMessages({ customerId: target })).map((m) => m.id);
      expect(back).toEqual(expect.arrayContaining(merged.filter((m) => m.text!.includes('laptop')).map((m) => m.id)));
      expect([...back, ...kept].sort()).toEqual(merged.map((m) => m.id).sort());
    });

    test('export and erasure reach every message of the customer and of no one else', async () => {
      const ann = await turn('ann', 'mine');
      await turn('ann', 'mine too');
      const bob = await turn('bob', 'not hers');
      expect(((await exportCustomer(store.sql, ann))!.tables.messages ?? []).map((m) => m.text).sort()).toEqual(['mine', 'mine too', 're: mine', 're: mine too']);
      expect(await eraseCustomer(store.sql, ann, 'test')).toBe(true);
      expect(await store.sql.all(`SELECT id FROM messages WHERE customer_id = ?`, [ann])).toEqual([]);
      expect((await store.listMessages({ customerId: bob })).map((m) => m.text)).toEqual(['not hers', 're: not hers']);
    });
  });
}

customerMessages('SQLite', () => SqlStore.open(new SqliteDriver(':memory:'), { migrations: identityMigrations }));

describe('PostgreSQL', () => {
  const schemas: string[] = [];
  beforeAll(requireServices);
  afterAll(() => dropSchemas(schemas));
  customerMessages('PostgreSQL', () => {
    const schema = uniqueName('sbm');
    schemas.push(schema);
    return openStore({ url: schemaUrl(schema), botName: 'test', migrations: identityMigrations });
  });
});

test('SQLite finds a customer`s messages through indexes, never by reading the whole table', async () => {
  // Identity's tables too: the export runs identity's declaration.
  const store = await SqlStore.open(new SqliteDriver(':memory:'), { migrations: identityMigrations });
  const queries: Array<{ sql: string; params: unknown[] }> = [];
  for (const method of ['all', 'get', 'run'] as const) {
    const original = store.sql[method].bind(store.sql) as (sql: string, params?: unknown[]) => Promise<unknown>;
    jest.spyOn(store.sql, method).mockImplementation(((sql: string, params: unknown[] = []) => {
      if (/messages/.test(sql) && /customer_id IN/.test(sql)) queries.push({ sql, params });
      return original(sql, params);
    }) as never);
  }
  const { message } = await store.intake({ channel: 'web', address: 'ann', text: 'hi' });
  await store.listMessages({ customerId: message.customerId });
  await store.listMessages({ customerId: message.customerId, after: message.id });
  await store.lastInbound(message.customerId);
  await exportCustomer(store.sql, message.customerId);
  jest.restoreAllMocks();
  expect(queries.length).toBeGreaterThanOrEqual(4);
  for (const { sql, params } of queries) {
    const plan = (await store.sql.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params)).map((r) => r.detail);
    expect(plan).toContainEqual(expect.stringMatching(/SEARCH messages USING INDEX messages_conversation/));
    expect(plan).not.toContainEqual(expect.stringMatching(/^SCAN (messages|conversations)\b/));
  }
  await store.close();
});
