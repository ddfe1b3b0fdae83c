/**
 * `npm run bench:scale`: throughput and latency of the web chat API with N conversations at once,
 * each message persisted and answered, for
 *   - the SQLite single node (embedded default),
 *   - 1 instance on PostgreSQL + Redis,
 *   - 2 instances on PostgreSQL + Redis (requests alternate between them, as behind a load balancer).
 * Instances are real `switchboard start` processes; memory is each one's RSS after the run.
 * Prints JSON. Options (env): BENCH_CONVERSATIONS (1000), BENCH_MESSAGES (3 per conversation),
 * BENCH_MAX_SECONDS (90 per mode), TEST_DATABASE_URL, TEST_REDIS_URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'node:http';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { PG_URL, REDIS_URL, dropRedisPrefix, dropSchemas, requireServices, schemaUrl, uniqueName } from '../testkit/scale/services';
import { SCALE_BOT, eventually, freePort } from '../testkit/scale/helpers';

const ROOT = join(__dirname, '..');
const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS) || 1000;
const MESSAGES = Number(process.env.BENCH_MESSAGES) || 3;
const MAX_SECONDS = Number(process.env.BENCH_MAX_SECONDS) || 90;

// Up to 256 keep-alive connections per instance, like a load balancer's upstream pool: all 1,000
// conversations are in flight at once, queueing for a connection as they would behind a proxy.
// (One connection per conversation overflows the kernel's accept backlog of 511 on its own.)
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** POSTs JSON over a pooled keep-alive connection; resolves with the status and parsed body. */
function postJson(url: string, body: unknown): Promise<{ status: number; body: { messages?: unknown[] } }> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) }, timeout: 120_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
        } catch {
          resolve({ status: res.statusCode ?? 0, body: {} });
        }
      });
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end(data);
  });
}

interface ModeResult {
  mode: string;
  instances: number;
  conversations: number;
  requests: number;
  answered: number;
  failed: number;
  /** Why requests failed: HTTP status or error, with counts. */
  failures: Record<string, number>;
  seconds: number;
  messagesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  persistedInbound: number;
  rssMbPerInstance: number[];
  truncated: boolean;
}

async function startInstance(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'switchboard.js'), 'start', SCALE_BOT, '--port', String(port), '--host', '127.0.0.1'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const up = await eventually(async () => (await fetch(`${url}/healthz`).catch(() => undefined))?.ok ?? false, 30_000, 100);
  if (!up) throw new Error(`instance on ${port} did not start`);
  return { child, url };
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 10) / 10;
}

/** Each conversation sends its messages one after another; all conversations at once. */
async function load(urls: string[], tag: string) {
  const latencies: number[] = [];
  let failed = 0;
  const failures: Record<string, number> = {};
  const fail = (reason: string) => {
    failed++;
    failures[reason] = (failures[reason] ?? 0) + 1;
  };
  const deadline = Date.now() + MAX_SECONDS * 1000;
  let truncated = false;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONVERSATIONS }, async (_, c) => {
      for (let m = 0; m < MESSAGES; m++) {
        if (Date.now() > deadline) {
          truncated = true;
          return;
        }
        const t0 = performance.now();
        try {
          const res = await postJson(`${urls[(c + m) % urls.length]}/api/web/messages`, {
            userId: `${tag}-${c}`,
            text: `message ${m}`,
            clientMessageId: `${tag}-${c}-${m}`,
          });
          if (res.status === 200 && res.body.messages?.length) latencies.push(performance.now() - t0);
          else fail(`HTTP ${res.status}`);
        } catch (err) {
          fail((err as { code?: string }).code ?? (err as Error).message);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { latencies, failed, failures, seconds, truncated };
}

async function runMode(mode: string, instances: number, env: NodeJS.ProcessEnv, countInbound: () => Promise<number>): Promise<ModeResult> {
  const started: Array<{ child: ChildProcess; url: string }> = [];
  try {
    for (let i = 0; i < instances; i++) started.push(await startInstance(env));
    const tag = uniqueName('b');
    const { latencies, failed, failures, seconds, truncated } = await load(started.map((s) => s.url), tag);
    const rss = started.map((s) => rssMb(s.child.pid!));
    return {
      mode,
      instances,
      conversations: CONVERSATIONS,
      requests: latencies.length + failed,
      answered: latencies.length,
      failed,
      failures,
      seconds: Math.round(seconds * 10) / 10,
      messagesPerSecond: Math.round((latencies.length / seconds) * 10) / 10,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      persistedInbound: await countInbound(),
      rssMbPerInstance: rss,
      truncated,
    };
  } finally {
    for (const s of started) s.child.kill('SIGTERM');
    await Promise.all(started.map((s) => new Promise((r) => (s.child.exitCode !== null ? r(null) : s.child.once('exit', r)))));
  }
}

async function main(): Promise<void> {
  await requireServices();
  const results: ModeResult[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'sb-bench-'));
  const schemas: string[] = [];
  const prefixes: string[] = [];
  try {
    const dbFile = join(dir, 'bench.db');
    results.push(
      await runMode('sqlite-single-node', 1, { DATABASE_URL: `sqlite:${dbFile}` }, async () => {
        const db = new Database(dbFile, { readonly: true });
        const n = (db.prepare(`SELECT COUNT(*) AS n FROM messages WHERE direction = 'inbound'`).get() as { n: number }).n;
        db.close();
        return n;
      }),
    );
    for (const instances of [1, 2]) {
      const schema = uniqueName('sbbench');
      const prefix = `${schema}:`;
      schemas.push(schema);
      prefixes.push(prefix);
      results.push(
        await runMode(`postgres+redis-${instances}`, instances, { DATABASE_URL: schemaUrl(schema), REDIS_URL, REDIS_PREFIX: prefix }, async () => {
          const pg = new Client({ connectionString: PG_URL });
          await pg.connect();
          const { rows } = await pg.query(`SELECT COUNT(*)::int AS n FROM "${schema}".messages WHERE direction = 'inbound'`);
          await pg.end();
          return rows[0].n;
        }),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await dropSchemas(schemas);
    for (const p of prefixes) await dropRedisPrefix(p);
  }
  agent.destroy();
  console.log(JSON.stringify({ benchmark: 'scale', conversations: CONVERSATIONS, messagesPerConversation: MESSAGES, cpus: (await import('node:os')).cpus().length, results }, null, 2));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
