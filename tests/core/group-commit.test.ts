import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bot } from '../../core/bot';
import { SqlStore } from '../../core/storage/sql-store';
import { SqliteDriver } from '../../core/storage/sqlite';
import { TestBot } from '../../core/testing/harness';

// The SQLite driver commits transactions that arrive together in one group (see core/storage/sqlite.ts).
// These tests pin what callers rely on: each one still commits or fails alone, and nobody is told
// "done" before the data is on disk.

const dir = mkdtempSync(join(tmpdir(), 'sb-group-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

async function open(): Promise<{ driver: SqliteDriver; path: string }> {
  const path = join(dir, `g${n++}.db`);
  const driver = new SqliteDriver(path);
  await driver.exec(`CREATE TABLE items (name TEXT PRIMARY KEY); CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL);
    INSERT INTO counter VALUES (1, 0);`);
  return { driver, path };
}

/** What another connection (another process, say) sees on disk. */
function committedNames(path: string): string[] {
  const other = new Database(path, { readonly: true });
  try {
    return (other.prepare('SELECT name FROM items ORDER BY name').all() as Array<{ name: string }>).map((r) => r.name);
  } finally {
    other.close();
  }
}

test('concurrent transactions all commit, run one at a time in call order, and return their own results', async () => {
  const { driver, path } = await open();
  const order: number[] = [];
  const results = await Promise.all(
    Array.from({ length: 300 }, (_, i) =>
      driver.transaction(async (tx) => {
        order.push(i);
        const before = await tx.get<{ value: number }>('SELECT value FROM counter WHERE id = 1');
        await tx.run('UPDATE counter SET value = ? WHERE id = 1', [before!.value + 1]);
        await tx.run('INSERT INTO items (name) VALUES (?)', [`item-${String(i).padStart(3, '0')}`]);
        return i * 2;
      }),
    ),
  );
  expect(results).toEqual(Array.from({ length: 300 }, (_, i) => i * 2));
  expect(order).toEqual(Array.from({ length: 300 }, (_, i) => i));
  expect((await driver.get<{ value: number }>('SELECT value FROM counter WHERE id = 1'))!.value).toBe(300);
  expect(committedNames(path)).toHaveLength(300);
  await driver.close();
});

test('a transaction that throws rolls back only its own writes; the rest of its group commits', async () => {
  const { driver, path } = await open();
  const settled = await Promise.allSettled([
    driver.transaction((tx) => tx.run(`INSERT INTO items (name) VALUES ('a')`)),
    driver.transaction(async (tx) => {
      await tx.run(`INSERT INTO items (name) VALUES ('b')`);
      await tx.run(`UPDATE counter SET value = 99 WHERE id = 1`);
      throw new Error('the bot failed');
    }),
    driver.transaction((tx) => tx.run(`INSERT INTO items (name) VALUES ('c')`)),
    driver.run(`INSERT INTO items (name) VALUES ('a')`), // a single write breaking a unique key
    driver.run(`INSERT INTO items (name) VALUES ('d')`),
  ]);
  expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
  expect((settled[1] as PromiseRejectedResult).reason.message).toBe('the bot failed');
  expect((settled[3] as PromiseRejectedResult).reason.code).toBe('SQLITE_CONSTRAINT_PRIMARYKEY');
  expect(committedNames(path)).toEqual(['a', 'c', 'd']);
  expect((await driver.get<{ value: number }>('SELECT value FROM counter WHERE id = 1'))!.value).toBe(0);
  await driver.close();
});

test('no transaction is acknowledged before the whole group is committed on disk', async () => {
  const { driver, path } = await open();
  const acknowledged: string[] = [];
  let seenByOthersDuringGroup: string[] | undefined;
  let readDuringGroup: Promise<unknown> | undefined;
  await Promise.all([
    driver.transaction((tx) => tx.run(`INSERT INTO items (name) VALUES ('first')`)).then(() => acknowledged.push('first')),
    driver
      .transaction(async (tx) => {
        await tx.run(`INSERT INTO items (name) VALUES ('second')`);
        // Same group: 'first' has run but is neither acknowledged nor visible to anyone else.
        expect(acknowledged).toEqual([]);
        seenByOthersDuringGroup = committedNames(path);
        // A read outside the transaction waits for the commit rather than seeing uncommitted rows.
        readDuringGroup = driver.all(`SELECT name FROM items ORDER BY name`).then((rows) => ({ rows, acknowledged: [...acknowledged] }));
      })
      .then(() => acknowledged.push('second')),
  ]);
  expect(seenByOthersDuringGroup).toEqual([]);
  expect(await readDuringGroup).toEqual({ rows: [{ name: 'first' }, { name: 'second' }], acknowledged: ['first', 'second'] });
  expect(committedNames(path)).toEqual(['first', 'second']);
  await driver.close();
});

test('when SQLite aborts the whole group, those that ran fail, those not yet run commit next, the driver keeps working', async () => {
  const { driver, path } = await open();
  // RAISE(ROLLBACK) makes SQLite roll back the entire transaction, like a disk-full error would.
  await driver.exec(`CREATE TRIGGER poison BEFORE INSERT ON items WHEN NEW.name = 'poison' BEGIN SELECT RAISE(ROLLBACK, 'poisoned'); END;`);
  const settled = await Promise.allSettled([
    driver.transaction((tx) => tx.run(`INSERT INTO items (name) VALUES ('before')`)),
    driver.transaction((tx) => tx.run(`INSERT INTO items (name) VALUES ('poison')`)),
    driver.transaction((tx) => tx.run(`INSERT INTO items (name) VALUES ('after')`)),
  ]);
  expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
  expect((settled[0] as PromiseRejectedResult).reason.message).toBe('poisoned');
  expect(committedNames(path)).toEqual(['after']);
  await driver.transaction((tx) => tx.run(`INSERT INTO items (name) VALUES ('later')`));
  expect(committedNames(path)).toEqual(['after', 'later']);
  await driver.close();
});

test('close waits for queued transactions to commit', async () => {
  const { driver, path } = await open();
  const pending = driver.transaction((tx) => tx.run(`INSERT INTO items (name) VALUES ('queued')`));
  await driver.close();
  await pending;
  expect(committedNames(path)).toEqual(['queued']);
});

describe('the engine on group commit', () => {
  test('many conversations at once: every turn persisted in order; a turn whose commit fails is undone alone', async () => {
    const bot = new Bot({ name: 'count' });
    bot.use(async (ctx) => {
      const count = ((ctx.state.count as number) ?? 0) + 1;
      ctx.state.count = count;
      await ctx.reply(`${ctx.text} #${count}`);
    });
    let poisonId: string | undefined;
    // A reply reusing an id already stored breaks the commit of that one turn (unique key on messages.id).
    bot.onSend((ctx, next) => {
      if (ctx.turn?.text === 'poison') for (const m of ctx.messages) m.id = poisonId!;
      return next();
    });
    const path = join(dir, `engine-${n++}.db`);
    const t = await TestBot.create(bot, { store: await SqlStore.open(new SqliteDriver(path)) });
    try {
      poisonId = (await t.engine.receive({ channel: 'test', address: 'someone', text: 'first' })).message.id;
      await t.engine.idle();
      const users = Array.from({ length: 40 }, (_, i) => `user-${i}`);
      const replies = await Promise.all(
        users.map(async (user) => {
          const texts: string[] = [];
          for (let k = 1; k <= 5; k++) texts.push((await t.say(user, `m${k}`))[0].text!);
          return texts;
        }),
      );
      expect(replies).toEqual(users.map(() => ['m1 #1', 'm2 #2', 'm3 #3', 'm4 #4', 'm5 #5']));

      const [poisoned] = await Promise.all([
        t.engine.receive({ channel: 'test', address: 'victim', text: 'poison' }),
        ...users.map((user) => t.say(user, 'm6')),
      ]);
      await t.engine.idle();
      // The failed turn left nothing behind: its message waits, its state is untouched…
      expect((await t.store.getMessage(poisoned.message.id))?.status).toBe('pending');
      expect((await t.store.getConversation(poisoned.message.conversationId))?.version).toBe(0);
      // …while every other turn committed.
      const other = new Database(path, { readonly: true });
      const counts = other
        .prepare(`SELECT direction, status = 'pending' AS waiting, COUNT(*) AS n FROM messages GROUP BY 1, 2 ORDER BY 1, 2`)
        .all();
      other.close();
      expect(counts).toEqual([
        { direction: 'inbound', waiting: 0, n: 1 + 40 * 6 },
        { direction: 'inbound', waiting: 1, n: 1 },
        { direction: 'outbound', waiting: 0, n: 1 + 40 * 6 }, // one reply per committed turn, none for the failed one
      ]);
      const outbound = await Promise.all(users.map((user) => t.store.findCustomerByAddress('test', user).then((c) => t.store.listMessages({ customerId: c!.id }))));
      for (const transcript of outbound) {
        expect(transcript.map((m) => m.text)).toEqual(['m1', 'm1 #1', 'm2', 'm2 #2', 'm3', 'm3 #3', 'm4', 'm4 #4', 'm5', 'm5 #5', 'm6', 'm6 #6']);
      }
    } finally {
      await t.close();
    }
  });
});
