import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqlStore } from '../../core/storage/sql-store';
import { SqliteDriver } from '../../core/storage/sqlite';
import { identityLinks } from '../../identity/links';
import { identityMigrations } from '../../identity/schema';
import { storeContract } from './store.contract';
import { pendingReply } from '../support/messages';

// As the app opens it: with the identity module's tables and intake links (see core/identity/links.ts).
const withIdentity = { migrations: identityMigrations, identities: identityLinks([]) };
storeContract('SQLite in memory', () => SqlStore.open(new SqliteDriver(':memory:'), withIdentity));

const dir = mkdtempSync(join(tmpdir(), 'sb-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
storeContract('SQLite on disk (WAL)', () => SqlStore.open(new SqliteDriver(join(dir, `s${n++}.db`)), withIdentity));

test('without the identity module, intake keeps each address its own customer and knows no identity table', async () => {
  const store = await SqlStore.open(new SqliteDriver(':memory:'));
  const phone = [{ kind: 'phone' as const, value: '+15550003333' }];
  const sms = await store.intake({ channel: 'sms', address: '+15550003333', text: 'one', identities: phone });
  const whatsapp = await store.intake({ channel: 'whatsapp', address: '15550003333', text: 'two', identities: phone });
  expect(whatsapp.message.customerId).not.toBe(sms.message.customerId);
  // The channel vouched for the number: the address is verified all the same.
  expect(await store.addresses(whatsapp.message.customerId)).toEqual([expect.objectContaining({ channel: 'whatsapp', verified: true })]);
  const tables = await store.sql.all<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('identities', 'identity_audit', 'link_codes', 'link_failures', 'erasures')`);
  expect(tables).toEqual([]);
  await store.close();
});

test('SQLite keeps the process clock: one machine, one clock, nothing measured', async () => {
  const store = await SqlStore.open(new SqliteDriver(':memory:'));
  expect(store.clockOffsetMs).toBe(0);
  jest.spyOn(Date, 'now').mockReturnValue(1_700_000_000_000);
  expect(store.now()).toBe(1_700_000_000_000);
  jest.restoreAllMocks();
  await store.close();
});

test('migrations run once and data survives reopening the file', async () => {
  const path = join(dir, 'reopen.db');
  const a = await SqlStore.open(new SqliteDriver(path));
  const { message } = await a.intake({ channel: 'web', address: 'ann', text: 'kept' });
  await a.close();
  const b = await SqlStore.open(new SqliteDriver(path));
  expect((await b.getMessage(message.id))?.text).toBe('kept');
  await b.close();
});

test('the outbox poll reads only undelivered messages through the outbox index, never the whole table', async () => {
  const store = await SqlStore.open(new SqliteDriver(':memory:'));
  const claims: Array<{ sql: string; params: unknown[] }> = [];
  const all = store.sql.all.bind(store.sql);
  jest.spyOn(store.sql, 'all').mockImplementation((sql: string, params: unknown[] = []) => {
    if (sql.includes("SET status = 'sending'")) claims.push({ sql, params });
    return all(sql, params);
  });
  const now = Date.now();
  await store.claimOutbound({ now, leaseUntil: now + 1000, limit: 10 });
  expect(claims).toHaveLength(1);
  const plan = await all<{ detail: string }>(`EXPLAIN QUERY PLAN ${claims[0].sql}`, claims[0].params);
  const details = plan.map((r) => r.detail);
  expect(details).toContainEqual(expect.stringContaining('USING INDEX messages_outbox'));
  expect(details).not.toContain('SCAN messages');
  await store.close();
});

test('sent marks made together are one statement that finds each message by id; if it fails, every caller hears', async () => {
  const store = await SqlStore.open(new SqliteDriver(':memory:'));
  const { message } = await store.intake({ channel: 'web', address: 'ann', text: 'hello' });
  const replies = [pendingReply(message, 'one'), pendingReply(message, 'two')];
  await store.commitTurn({ conversationId: message.conversationId, expectedVersion: 0, state: {}, inboundId: message.id, inboundStatus: 'processed', outbound: replies });
  const writes: Array<{ sql: string; params: unknown[] }> = [];
  const run = store.sql.run.bind(store.sql);
  jest.spyOn(store.sql, 'run').mockImplementation((sql: string, params: unknown[] = []) => {
    writes.push({ sql, params: [...params] });
    return run(sql, params);
  });
  // The database refuses the write: both callers are told, neither message is marked.
  await store.sql.exec(`CREATE TEMP TRIGGER refuse_sent BEFORE UPDATE OF status ON messages WHEN new.status = 'sent' BEGIN SELECT RAISE(ABORT, 'refused'); END`);
  const refused = await Promise.allSettled(replies.map((r, i) => store.markSent(r.id, { at: i })));
  expect(refused.map((o) => o.status)).toEqual(['rejected', 'rejected']);
  expect(writes).toHaveLength(1);
  expect((await store.getMessage(replies[0].id))?.status).not.toBe('sent');

  await store.sql.exec(`DROP TRIGGER refuse_sent`);
  writes.length = 0;
  await Promise.all(replies.map((r, i) => store.markSent(r.id, { at: 10 + i })));
  expect(writes).toHaveLength(1);
  expect((await store.getMessage(replies[1].id))?.sentAt).toBe(11);
  const plan = await store.sql.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${writes[0].sql}`, writes[0].params);
  expect(plan.map((r) => r.detail)).toContainEqual(expect.stringMatching(/SEARCH messages USING INDEX sqlite_autoindex_messages_\d \(id=\?\)/));
  await store.close();
});
