import { spawn, type ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { PG_URL, dropSchemas, requireServices, uniqueName } from './services';
import { eventually, expectAllAnswered, freePort, startInstance, storedTranscripts, unsettledMessages } from './helpers';
import { acked, startVisitors, type RunningLoad } from './load';

beforeAll(async () => {
  await requireServices();
  process.env.SCALE_BOT_DELAY_MS = '2';
});
afterAll(() => {
  delete process.env.SCALE_BOT_DELAY_MS;
});

const FAST_RECOVERY = { RECOVERY_INTERVAL_MS: '300', RECOVERY_STUCK_MS: '1000', LOCK_LEASE_MS: '2000', OUTBOX_LEASE_MS: '2000' };

/** A throwaway Redis we may kill and restart (never the shared one). */
async function startRedis(port: number): Promise<ChildProcess> {
  // It stands in for the shared Redis, so it runs on the real clock: without LD_PRELOAD, which
  // carries libfaketime when the suite runs under `faketime` (redis-server cannot start under it).
  const { LD_PRELOAD: _preload, ...env } = process.env;
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk) => (output = (output + chunk).slice(-2_000)));
  let exited = false;
  child.once('exit', () => (exited = true));
  const { default: Redis } = await import('ioredis');
  const ok = await eventually(async () => {
    if (exited) return true; // no point waiting: reported below
    const r = new Redis(port, '127.0.0.1', { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    r.on('error', () => undefined);
    try {
      await r.connect();
      return (await r.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      r.disconnect();
    }
  }, 10_000, 50);
  if (!ok || exited) {
    // Never leave it behind: a live child keeps jest from exiting.
    child.kill('SIGKILL');
    throw new Error(`the throwaway redis-server on port ${port} did not start${exited ? ` (it exited with ${child.exitCode ?? child.signalCode})` : ''}:\n${output}`);
  }
  return child;
}

test('Redis killed and restarted mid-load: clean 503s with Retry-After, then recovery without help', async () => {
  const schema = uniqueName('sbt');
  const port = await freePort();
  let redis = await startRedis(port);
  const redisUrl = `redis://127.0.0.1:${port}`;
  const env = { ...FAST_RECOVERY };
  let a: Awaited<ReturnType<typeof startInstance>> | undefined;
  let b: Awaited<ReturnType<typeof startInstance>> | undefined;
  let load: RunningLoad | undefined;
  try {
    a = await startInstance({ schema, prefix: 'f:', redisUrl, replyTimeoutMs: 1_500, env });
    b = await startInstance({ schema, prefix: 'f:', redisUrl, replyTimeoutMs: 1_500, env });
    const targets = [a.url, b.url];
    load = startVisitors({ users: ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'], perUser: 200, gapMs: 20, targets: () => targets });
    await load.until((r) => acked(r) >= 20);
    redis.kill('SIGKILL');
    await load.until((r) => (r.statuses[503] ?? 0) >= 3);
    redis = await startRedis(port);
    const before = acked(load.result);
    await load.until((r) => acked(r) >= before + 20); // working again, without anyone's help
    load.stop();
    const result = await load.finished;

    expect(result.bad).toEqual([]);
    expect(result.statuses[503]).toBeGreaterThan(0); // the outage was seen, and answered cleanly
    // Everything acknowledged is eventually processed, exactly once, in order.
    expect(await unsettledMessages(schema)).toEqual([]);
    expectAllAnswered(await storedTranscripts(schema), result.acknowledged);
  } finally {
    // A failed wait must not leave visitors retrying against closed instances (jest would not exit).
    load?.stop();
    await a?.app.close();
    await b?.app.close();
    redis.kill('SIGKILL');
    await dropSchemas([schema]);
  }
});

test('PostgreSQL connections cut mid-load: clean 503s, no crash, then recovery without help', async () => {
  const schema = uniqueName('sbt');
  const appName = `sb_${schema}`;
  const prefix = `${schema}:`;
  const env = { ...FAST_RECOVERY };
  const url = new URL(PG_URL);
  url.searchParams.set('application_name', appName);
  const a = await startInstance({ schema, prefix, replyTimeoutMs: 1_500, env: { ...env, DATABASE_URL: withSchema(url, schema) } });
  const b = await startInstance({ schema, prefix, replyTimeoutMs: 1_500, env: { ...env, DATABASE_URL: withSchema(url, schema) } });
  const admin = new Client({ connectionString: PG_URL });
  await admin.connect();
  let load: RunningLoad | undefined;
  try {
    load = startVisitors({ users: ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'], perUser: 200, gapMs: 20, targets: () => [a.url, b.url] });
    await load.until((r) => acked(r) >= 20);
    // A rolling outage: every connection of our instances is killed, again and again, until
    // clients have seen it (at least three 503s) and for at least a second.
    let killed = 0;
    const started = Date.now();
    while (Date.now() - started < 1_000 || (load.result.statuses[503] ?? 0) < 3) {
      if (Date.now() - started > 15_000) break;
      const { rowCount } = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [appName]);
      killed += rowCount ?? 0;
      await new Promise((r) => setTimeout(r, 20));
    }
    const before = acked(load.result);
    await load.until((r) => acked(r) >= before + 20);
    load.stop();
    const result = await load.finished;
    expect(killed).toBeGreaterThan(0);
    expect(result.bad).toEqual([]);
    expect(result.statuses[503]).toBeGreaterThan(0); // the cut was seen, and answered cleanly
    expect(await unsettledMessages(schema)).toEqual([]);
    expectAllAnswered(await storedTranscripts(schema), result.acknowledged);
  } finally {
    load?.stop();
    await admin.end();
    await a.app.close();
    await b.app.close();
    await dropSchemas([schema]);
  }
});

function withSchema(url: URL, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('schema', schema);
  return u.toString();
}
