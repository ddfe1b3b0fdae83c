import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteDriver } from '../../core/storage/sqlite';
import { Checkpointer } from '../../core/storage/sqlite-checkpointer';

/**
 * WAL checkpoints run on a worker thread (`core/storage/sqlite-checkpointer.ts`). Writes land in
 * the `-wal` file; only a checkpoint copies them into the database file, so the database file
 * growing while the writer stays under its own (inline) threshold shows the worker at work.
 */
const dir = mkdtempSync(join(tmpdir(), 'sb-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes about 2 MB (500 pages): under the writer's inline threshold in both modes. */
async function write(driver: SqliteDriver): Promise<void> {
  await driver.exec(`CREATE TABLE blobs (id INTEGER PRIMARY KEY, data TEXT NOT NULL)`);
  for (let batch = 0; batch < 20; batch++) {
    await driver.transaction(async (tx) => {
      for (let i = 0; i < 25; i++) await tx.run(`INSERT INTO blobs (data) VALUES (?)`, ['x'.repeat(4000)]);
    });
  }
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

test('the worker copies committed pages into the database file while the writer goes on', async () => {
  const path = join(dir, 'background.db');
  const driver = new SqliteDriver(path);
  await write(driver);
  expect(await until(() => statSync(path).size > 1_500_000)).toBe(true);
  // Everything is still there, read through the writer's connection.
  expect(await driver.get(`SELECT COUNT(*) AS n FROM blobs`)).toEqual({ n: 500 });
  await driver.close();
  // Closing stops the worker and its connection: the writer, now the last connection, folds the
  // WAL into the database and removes it.
  expect(existsSync(`${path}-wal`)).toBe(false);
  const again = new SqliteDriver(path);
  expect(await again.get(`SELECT COUNT(*) AS n FROM blobs`)).toEqual({ n: 500 });
  await again.close();
});

test('inline checkpoints leave the same writes in the WAL until SQLite`s own threshold', async () => {
  const path = join(dir, 'inline.db');
  const driver = new SqliteDriver(path, { checkpoint: 'inline' });
  await write(driver);
  await new Promise((r) => setTimeout(r, 200));
  expect(statSync(path).size).toBeLessThan(100_000);
  expect(statSync(`${path}-wal`).size).toBeGreaterThan(1_500_000);
  await driver.close();
});

test('a worker that cannot checkpoint reports it, so the writer can go back to inline checkpoints', async () => {
  const failure = new Promise<Error>((resolve) => new Checkpointer(join(dir, 'missing', 'gone.db'), resolve));
  expect((await failure).message).toMatch(/unable to open database file|directory does not exist/);
});
