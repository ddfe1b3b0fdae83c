import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRANSCRIPTS_SQL, byVisitor, eventually, expectAllAnswered, freePort, startSwitchboard, type StoredRow } from '../scale/helpers';
import { acked, startVisitors } from '../scale/load';

/**
 * The embedded default under `kill -9`: one `switchboard start` on a SQLite file (WAL, group
 * commit, checkpoints on a worker thread), killed twice mid-load and restarted on the same file.
 * Every message a visitor got acknowledged must be stored once and answered exactly once, in
 * order, and every reply sent.
 */
const dir = mkdtempSync(join(tmpdir(), 'sb-crash-sqlite-'));
const database = join(dir, 'bot.db');
const children = new Set<ChildProcess>();

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function startProcess(port: number): Promise<ChildProcess> {
  return startSwitchboard(
    port,
    { DATABASE_URL: database, REDIS_URL: '', OUTBOX_LEASE_MS: '1500', RECOVERY_INTERVAL_MS: '300', RECOVERY_STUCK_MS: '1000', SCALE_BOT_DELAY_MS: '2' },
    children,
  );
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

/** Every web message in the file, by visitor, read through a connection of our own. */
function storedTranscripts(): Map<string, StoredRow[]> {
  const db = new Database(database, { readonly: true, fileMustExist: true });
  try {
    return byVisitor(db.prepare(TRANSCRIPTS_SQL).all() as Parameters<typeof byVisitor>[0]);
  } finally {
    db.close();
  }
}

test('kill -9 twice under load on the SQLite default: every acknowledged message stored once and answered exactly once', async () => {
  const port = await freePort();
  let server = await startProcess(port);
  const load = startVisitors({ users: Array.from({ length: 8 }, (_, i) => `s${i}`), perUser: 400, gapMs: 2, targets: () => [`http://127.0.0.1:${port}`] });
  try {
    for (const round of [1, 2]) {
      const before = acked(load.result);
      await load.until((r) => acked(r) >= before + 40, 60_000);
      await kill(server); // mid-commit, mid-delivery, mid-checkpoint: whatever it was doing
      expect(existsSync(`${database}-wal`)).toBe(true); // left behind by the crash, replayed on start
      server = await startProcess(port);
    }
    const after = acked(load.result);
    await load.until((r) => acked(r) >= after + 40, 60_000);
  } finally {
    load.stop();
  }
  const result = await load.finished;

  expect(result.bad).toEqual([]);
  expect(result.statuses[-1]).toBeGreaterThan(0); // requests did hit the dead process
  const unsettled = () => [...storedTranscripts().values()].flat().filter((r) => r.status === 'pending' || r.status === 'sending');
  await eventually(() => unsettled().length === 0, 30_000, 200);
  expect(unsettled()).toEqual([]);
  expectAllAnswered(storedTranscripts(), result.acknowledged);
  await kill(server);
}, 240_000);
