import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCALE_BOT, eventually, expectAllAnswered, freePort, type StoredRow } from '../scale/helpers';
import { acked, startVisitors } from '../scale/load';

/**
 * The embedded default under `kill -9`: one `switchboard start` on a SQLite file (WAL, group
 * commit, checkpoints on a worker thread), killed twice mid-load and restarted on the same file.
 * Every message a visitor got acknowledged must be stored once and answered exactly once, in
 * order, and every reply sent.
 */
const ROOT = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'sb-crash-sqlite-'));
const database = join(dir, 'bot.db');
const children = new Set<ChildProcess>();

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function startProcess(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'switchboard.js'), 'start', SCALE_BOT, '--port', String(port), '--host', '127.0.0.1'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: database,
      REDIS_URL: '',
      OUTBOX_LEASE_MS: '1500',
      RECOVERY_INTERVAL_MS: '300',
      RECOVERY_STUCK_MS: '1000',
      SCALE_BOT_DELAY_MS: '2',
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  children.add(child);
  child.once('exit', () => children.delete(child));
  const up = await eventually(async () => {
    try {
      return (await fetch(`http://127.0.0.1:${port}/healthz`)).ok;
    } catch {
      return false;
    }
  }, 60_000, 100); // a cold start compiles the app: seconds of CPU, more on a loaded 2-core box
  if (!up) throw new Error(`switchboard start did not come up on port ${port}: ${stderr.slice(-2000)}`);
  return child;
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
    const rows = db.prepare(`SELECT id, direction, text, in_reply_to, status, address FROM messages WHERE channel = 'web' ORDER BY seq`).all() as Array<{
      id: string;
      direction: 'inbound' | 'outbound';
      text: string | null;
      in_reply_to: string | null;
      status: string;
      address: string;
    }>;
    const byUser = new Map<string, StoredRow[]>();
    for (const r of rows) {
      if (!byUser.has(r.address)) byUser.set(r.address, []);
      byUser.get(r.address)!.push({ id: r.id, direction: r.direction, text: r.text ?? undefined, inReplyTo: r.in_reply_to ?? undefined, status: r.status });
    }
    return byUser;
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
