/**
 * Scenario (b): HTTP throughput and latency over loopback with autocannon, each server in its own
 * child process so the load generator does not share its event loop:
 * our web channel (`POST /api/web/messages`, waits for the bot's reply, everything persisted),
 * a bare fastify JSON echo (the floor), and a botbuilder CloudAdapter echo bot replying to a
 * fake connector (also its own process).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { isMain, report } from './drive';

/** How hard and how long each server is loaded. */
export interface LoadPlan {
  seconds: number;
  connections: number;
  /** Distinct users the requests cycle through. */
  users: number;
}

export const DEFAULT_LOAD: LoadPlan = {
  seconds: Number(process.env.BENCH_SECONDS) || 10,
  connections: Number(process.env.BENCH_CONNECTIONS) || 50,
  users: 1000,
};

const RUN_TS = join(__dirname, '..', 'bin', 'run-ts.js');

interface Child {
  port: number;
  /** Starts counting the child's CPU time. */
  mark(): Promise<void>;
  /** Stops the child; resolves with its peak RSS and CPU seconds since the mark. */
  stop(): Promise<{ peakRssMb: number; cpuSeconds: number }>;
}

/** Forks `bench/servers/<name>.ts` and waits until it listens. */
function startServer(name: string): Promise<Child> {
  const child: ChildProcess = fork(RUN_TS, [join(__dirname, 'servers', `${name}.ts`)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server ${name} exited with ${code}`)));
    child.once('message', (message) => {
      const { port } = message as { port: number };
      const ask = <T>(command: string) =>
        new Promise<T>((done, fail) => {
          if (child.exitCode !== null) return fail(new Error(`bench server ${name} has exited`));
          child.once('exit', () => fail(new Error(`bench server ${name} exited before answering "${command}"`)));
          child.once('message', (m) => done(m as T));
          child.send(command);
        });
      resolve({ port, mark: () => ask<void>('mark'), stop: () => ask('stop') });
    });
  });
}

/** One bounded autocannon run; `body(user)` builds each request's JSON body. */
async function load(url: string, plan: LoadPlan, body: (user: string, n: number) => unknown) {
  let n = 0;
  const result = await autocannon({
    url,
    connections: plan.connections,
    duration: plan.seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => {
          const i = n++;
          return { ...request, body: JSON.stringify(body(`user-${i % plan.users}`, i)) };
        },
      },
    ],
  });
  return {
    reqPerSec: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/**
 * Loads one server after a short warm-up (JIT, connection pools), then stops it; adds its peak RSS
 * and requests per CPU second of the server process, a figure other load on the machine disturbs less.
 */
async function measure(name: string, path: string, plan: LoadPlan, body: (user: string, n: number) => unknown) {
  const server = await startServer(name);
  const url = `http://127.0.0.1:${server.port}${path}`;
  try {
    await load(url, { ...plan, seconds: 1 }, body);
    await server.mark();
    const figures = await load(url, plan, body);
    const { peakRssMb, cpuSeconds } = await server.stop();
    return { ...figures, reqPerCpuSec: Math.round(figures.requests / cpuSeconds), peakRssMb };
  } catch (err) {
    await server.stop().catch(() => undefined);
    throw err;
  }
}

/** Rounds of ours and CloudAdapter, interleaved: this machine's run-to-run noise is 10–25 %. */
export const HTTP_ROUNDS = Number(process.env.BENCH_HTTP_ROUNDS) || 3;

type Figures = Awaited<ReturnType<typeof measure>>;

/** The round with the median request rate. */
function median(rounds: Figures[]): Figures & { rounds: number[] } {
  const sorted = [...rounds].sort((a, b) => a.reqPerSec - b.reqPerSec);
  return { ...sorted[Math.floor(sorted.length / 2)], rounds: rounds.map((r) => r.reqPerSec) };
}

/**
 * Runs ours and CloudAdapter `rounds` times, alternating, under the same load and keeps each
 * one's median round; the fastify floor runs once.
 */
export async function runHttp(plan: LoadPlan = DEFAULT_LOAD, rounds = HTTP_ROUNDS) {
  const connector = await startServer('connector');
  try {
    const serviceUrl = `http://127.0.0.1:${connector.port}`;
    const ours: Figures[] = [];
    const theirs: Figures[] = [];
    for (let round = 0; round < rounds; round++) {
      ours.push(await measure('switchboard', '/api/web/messages', plan, (userId, n) => ({ userId, text: `message ${n}` })));
      theirs.push(
        await measure('cloud-adapter', '/api/messages', plan, (userId, n) => ({
          type: 'message',
          id: `activity-${n}`,
          channelId: 'bench',
          serviceUrl,
          from: { id: userId },
          recipient: { id: 'bot' },
          conversation: { id: `conversation-${userId}` },
          text: `message ${n}`,
        })),
      );
    }
    const fastify = await measure('fastify', '/echo', plan, (userId, n) => ({ userId, text: `message ${n}` }));
    return { plan: { ...plan, rounds }, switchboard: median(ours), fastify, cloudAdapter: median(theirs) };
  } finally {
    await connector.stop();
  }
}

if (isMain(__filename)) void runHttp().then(report);
