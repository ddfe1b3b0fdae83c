/**
 * The drain cache (`core/storage/drain-cache.ts`): on SQLite the store remembers what the engine's
 * drain read between turns. Whatever else writes (a profile update, a merge, raw SQL, another
 * process on the same file), the drain must read exactly what the database holds.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { identityLinks } from '../../identity/links';
import { mergeCustomers } from '../../identity/merge';
import { identityMigrations } from '../../identity/schema';
import type { Message } from '../../core/message';
import { SqlStore } from '../../core/storage/sql-store';
import { SqliteDriver } from '../../core/storage/sqlite';
import { pendingReply } from '../support/messages';

const dir = mkdtempSync(join(tmpdir(), 'sb-drain-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let store: SqlStore;
/** A second connection to the same file, without a cache: what the database holds. */
let truth: SqlStore;
let file = 0;
let path: string;

beforeEach(async () => {
  path = join(dir, `d${file++}.db`);
  // With the identity module's tables and links, as the app runs (merges, linking by phone).
  store = await SqlStore.open(new SqliteDriver(path), { migrations: identityMigrations, identities: identityLinks([]) });
  truth = await SqlStore.open(new SqliteDriver(path), { drainCache: false, identities: identityLinks([]) });
});
afterEach(async () => {
  await store.close();
  await truth.close();
});

/** Counts the statements the store sends to its database while `fn` runs. */
async function statements<T>(fn: () => Promise<T>): Promise<{ result: T; count: number }> {
  const spies = (['all', 'get', 'run'] as const).map((m) => jest.spyOn(store.sql, m));
  try {
    const result = await fn();
    return { result, count: spies.reduce((n, s) => n + s.mock.calls.length, 0) };
  } finally {
    for (const s of spies) s.mockRestore();
  }
}

/** Runs one turn of `message` the way the engine does: read, then commit with a reply. */
async function turn(message: Message, state: Record<string, unknown>) {
  const found = await store.pendingWithConversation(message.conversationId);
  expect(found?.pending[0]?.id).toBe(message.id);
  await store.commitTurn({
    conversationId: message.conversationId,
    expectedVersion: found!.conversation.version,
    state,
    inboundId: message.id,
    inboundStatus: 'processed',
    outbound: [pendingReply(message, 'ok')],
  });
}

async function expectTruth(conversationId: string) {
  const read = await store.pendingWithConversation(conversationId);
  expect(read).toEqual(await truth.pendingWithConversation(conversationId));
  return read!;
}

test('after its own intake and commit, the next drain is served without a statement and matches the database', async () => {
  const { message: first } = await store.intake({ channel: 'web', address: 'ann', text: 'one' });
  await turn(first, { step: 1, nested: { list: [1, 2] } });
  const { message: second } = await store.intake({ channel: 'web', address: 'ann', text: 'two', metadata: { source: 'test' } });
  const { message: third } = await store.intake({ channel: 'web', address: 'ann', text: 'three' });

  const { result, count } = await statements(() => store.pendingWithConversation(first.conversationId));
  expect(count).toBe(0);
  expect(result!.pending.map((m) => m.id)).toEqual([second.id, third.id]);
  expect(result).toEqual(await truth.pendingWithConversation(first.conversationId));
  expect(result!.conversation).toMatchObject({ version: 1, state: { step: 1, nested: { list: [1, 2] } } });
});

test('each reader gets its own copy: a turn that changes state and then fails to commit leaves nothing behind', async () => {
  const { message } = await store.intake({ channel: 'web', address: 'ann', text: 'one' });
  await turn(message, { step: 1 });
  const { message: next } = await store.intake({ channel: 'web', address: 'ann', text: 'two' });
  const read = await store.pendingWithConversation(message.conversationId);
  read!.conversation.state.step = 99;
  read!.customer.profile.name = 'Mallory';
  read!.pending[0].metadata = { touched: true };
  await expect(
    store.commitTurn({ conversationId: next.conversationId, expectedVersion: 0, state: {}, inboundId: next.id, inboundStatus: 'processed', outbound: [] }),
  ).rejects.toThrow(/changed since version 0/);
  const again = await expectTruth(message.conversationId);
  expect(again.conversation.state).toEqual({ step: 1 });
  expect(again.customer.profile.name).toBeUndefined();
});

test('a profile update, raw SQL on the conversation and a moved message are all seen by the next drain', async () => {
  const { message } = await store.intake({ channel: 'web', address: 'ann', text: 'one' });
  await turn(message, { step: 1 });
  await store.intake({ channel: 'web', address: 'ann', text: 'two' });
  await store.pendingWithConversation(message.conversationId); // remembered

  await store.updateProfile(message.customerId, { name: 'Ann' });
  expect((await expectTruth(message.conversationId)).customer.profile.name).toBe('Ann');

  await store.sql.run(`UPDATE conversations SET state = '{"step":7}' WHERE id = ?`, [message.conversationId]);
  expect((await expectTruth(message.conversationId)).conversation.state).toEqual({ step: 7 });

  await store.sql.run(`UPDATE messages SET text = 'edited' WHERE conversation_id = ? AND status = 'pending'`, [message.conversationId]);
  expect((await expectTruth(message.conversationId)).pending[0].text).toBe('edited');
});

test('a write that bumps the version as a commit does is caught by the commit fence, and the retry reads the database', async () => {
  const { message } = await store.intake({ channel: 'web', address: 'ann', text: 'one' });
  await turn(message, { step: 1 });
  const { message: next } = await store.intake({ channel: 'web', address: 'ann', text: 'two' });
  const stale = await store.pendingWithConversation(message.conversationId);
  // Unwatched by design (only a commit bumps versions), so the remembered read may be stale...
  await store.sql.run(`UPDATE conversations SET state = '{"step":9}', version = version + 1 WHERE id = ?`, [message.conversationId]);
  // ...but a turn run on it cannot commit, and what it reads next is the database.
  await expect(
    store.commitTurn({ conversationId: next.conversationId, expectedVersion: stale!.conversation.version, state: { step: 2 }, inboundId: next.id, inboundStatus: 'processed', outbound: [] }),
  ).rejects.toThrow(/changed since version/);
  expect((await expectTruth(message.conversationId)).conversation).toMatchObject({ version: 2, state: { step: 9 } });
});

test('a merge that moves pending messages into the conversation is seen by its next drain', async () => {
  const { message: sms } = await store.intake({ channel: 'sms', address: '+15550001', text: 'from the phone' });
  const { message: ann } = await store.intake({ channel: 'web', address: 'ann', text: 'one' });
  await turn(ann, { step: 1 });
  await store.intake({ channel: 'web', address: 'ann', text: 'two' });
  await store.pendingWithConversation(ann.conversationId); // remembered
  await store.pendingWithConversation(sms.conversationId); // remembered

  // The most recently active conversation (Ann's) stays open and takes the other's pending message.
  await mergeCustomers(store.sql, sms.customerId, ann.customerId, 'test', []);
  const kept = await expectTruth(ann.conversationId);
  expect(kept.pending.map((m) => m.text)).toEqual(['from the phone', 'two']);
  const closed = await expectTruth(sms.conversationId);
  expect(closed.conversation.status).toBe('closed');
  expect(closed.pending).toEqual([]);
});

test('messages and commits from another process on the same file are seen', async () => {
  const { message } = await store.intake({ channel: 'web', address: 'ann', text: 'one' });
  await turn(message, { step: 1 });
  await store.pendingWithConversation(message.conversationId); // remembered, nothing pending

  const other = await truth.intake({ channel: 'web', address: 'ann', text: 'via the other process' });
  expect((await expectTruth(message.conversationId)).pending.map((m) => m.id)).toEqual([other.message.id]);

  await truth.commitTurn({ conversationId: message.conversationId, expectedVersion: 1, state: { by: 'other' }, inboundId: other.message.id, inboundStatus: 'processed', outbound: [] });
  const read = await expectTruth(message.conversationId);
  expect(read.pending).toEqual([]);
  expect(read.conversation).toMatchObject({ version: 2, state: { by: 'other' } });
});

test('a commit another connection makes synchronously, within the macrotask of a read, is seen once the event loop turns', async () => {
  const { message } = await store.intake({ channel: 'web', address: 'ann', text: 'one' });
  await store.pendingWithConversation(message.conversationId); // remembered
  const raw = new Database(path);
  try {
    // The read takes the file's data_version for this macrotask; the raw commit lands right after it.
    const during = store.pendingWithConversation(message.conversationId);
    raw.prepare(`UPDATE customers SET profile = ? WHERE id = ?`).run(JSON.stringify({ name: 'Raw' }), message.customerId);
    expect((await during)!.customer.profile).toEqual({});
    await new Promise((resolve) => setImmediate(resolve));
    expect((await store.pendingWithConversation(message.conversationId))!.customer.profile).toEqual({ name: 'Raw' });
  } finally {
    raw.close();
  }
});

test('a read racing an intake of the same conversation never lists the message twice', async () => {
  const { message } = await store.intake({ channel: 'web', address: 'ann', text: 'one' });
  await turn(message, { step: 1 });
  const [read, { message: raced }] = await Promise.all([
    store.pendingWithConversation(message.conversationId),
    store.intake({ channel: 'web', address: 'ann', text: 'raced' }),
  ]);
  expect(read!.pending.filter((m) => m.id === raced.id).length).toBeLessThanOrEqual(1);
  const after = await expectTruth(message.conversationId);
  expect(after.pending.map((m) => m.id)).toEqual([raced.id]);
});

test('a customer writing from a new channel moves the conversation, and the drain sees where', async () => {
  const { message } = await store.intake({ channel: 'web', address: 'ann', text: 'one', identities: [{ kind: 'phone', value: '+15550002' }] });
  await turn(message, { step: 1 });
  await store.pendingWithConversation(message.conversationId);
  await store.intake({ channel: 'sms', address: '+15550002', text: 'now by SMS', identities: [{ kind: 'phone', value: '+15550002' }] });
  const read = await expectTruth(message.conversationId);
  expect(read.conversation).toMatchObject({ channel: 'sms', address: '+15550002' });
});

describe('intake lookups (address → customer and open conversation)', () => {
  /** Where the database itself would put a message from this address now. */
  const lookupSql = /FROM addresses a\s+LEFT JOIN conversations/;

  async function intakeStatements(address: string, text: string, channel = 'web') {
    // Transactions read through the driver's `getNow` (their own handle), not `store.sql.get`.
    const spy = jest.spyOn(store.sql as SqliteDriver, 'getNow');
    try {
      const { message } = await store.intake({ channel, address, text });
      return { message, lookedUp: spy.mock.calls.some(([sql]) => lookupSql.test(String(sql))) };
    } finally {
      spy.mockRestore();
    }
  }

  test('are remembered after an intake commits, and skip the address lookup next time', async () => {
    const first = await intakeStatements('ann', 'one');
    expect(first.lookedUp).toBe(true);
    const second = await intakeStatements('ann', 'two');
    expect(second.lookedUp).toBe(false);
    expect(second.message).toMatchObject({ customerId: first.message.customerId, conversationId: first.message.conversationId });
  });

  test('a turn that closes the conversation, even in the same group commit as the next intake, sends the next message to a new one', async () => {
    const { message } = await store.intake({ channel: 'web', address: 'ann', text: 'bye' });
    await store.intake({ channel: 'web', address: 'ann', text: 'remembered' });
    const found = await store.pendingWithConversation(message.conversationId);
    // Both enqueued in the same tick: one group, the closing commit first.
    const [, next] = await Promise.all([
      store.commitTurn({ conversationId: message.conversationId, expectedVersion: found!.conversation.version, state: {}, status: 'closed', inboundId: message.id, inboundStatus: 'processed', outbound: [] }),
      store.intake({ channel: 'web', address: 'ann', text: 'hello again' }),
    ]);
    expect(next.message.conversationId).not.toBe(message.conversationId);
    expect((await truth.getConversation(next.message.conversationId))?.status).toBe('open');
    expect(next.message.customerId).toBe(message.customerId);
  });

  test('a merge that moves the address to another customer, and another process closing the conversation, are seen', async () => {
    const { message: ann } = await store.intake({ channel: 'web', address: 'ann', text: 'one' });
    const { message: bob } = await store.intake({ channel: 'web', address: 'bob', text: 'one' });
    await store.intake({ channel: 'web', address: 'ann', text: 'two' }); // remembered
    await mergeCustomers(store.sql, ann.customerId, bob.customerId, 'test', []);
    const afterMerge = (await store.intake({ channel: 'web', address: 'ann', text: 'three' })).message;
    expect(afterMerge.customerId).toBe(bob.customerId);
    expect(afterMerge.conversationId).toBe((await truth.openConversation(bob.customerId))!.id);

    await store.intake({ channel: 'web', address: 'ann', text: 'four' }); // remembered again
    await truth.sql.run(`UPDATE conversations SET status = 'closed' WHERE id = ?`, [afterMerge.conversationId]);
    const afterClose = (await store.intake({ channel: 'web', address: 'ann', text: 'five' })).message;
    expect(afterClose.conversationId).not.toBe(afterMerge.conversationId);
    expect((await truth.getConversation(afterClose.conversationId))?.status).toBe('open');
  });

  test('an address moved to another customer by raw SQL is seen', async () => {
    const { message: carol } = await store.intake({ channel: 'web', address: 'carol', text: 'one' });
    const { message: dan } = await store.intake({ channel: 'web', address: 'dan', text: 'one' });
    await store.intake({ channel: 'web', address: 'carol', text: 'two' }); // remembered
    await store.sql.run(`UPDATE addresses SET customer_id = ? WHERE channel = 'web' AND address = 'carol'`, [dan.customerId]);
    const moved = (await store.intake({ channel: 'web', address: 'carol', text: 'three' })).message;
    expect(moved).toMatchObject({ customerId: dan.customerId, conversationId: dan.conversationId });
    expect(carol.customerId).not.toBe(dan.customerId);
  });
});
