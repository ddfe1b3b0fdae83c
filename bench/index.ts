/**
 * `npm run bench`: every scenario in one run, each in its own child process (so one's heap and
 * JIT state do not colour the next, and peak RSS is per scenario), printed as one JSON object
 * with ratios ours / botbuilder. The engine scenarios run `BENCH_ROUNDS` times (default 5),
 * interleaved so a slow moment of the machine hits every contestant alike; each figure is the
 * round with the median rate. See bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PLAN } from './drive';
import { runHttp } from './http';

const RUN_TS = join(__dirname, '..', 'bin', 'run-ts.js');

/** Runs `bench/<file>.ts <arg>` in a child and parses the JSON line it prints. */
function scenario(file: string, ...args: string[]): Record<string, number> & { persisted?: unknown } {
  const out = execFileSync(process.execPath, [RUN_TS, join(__dirname, `${file}.ts`), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}');
}

const ratio = (ours: number, theirs: number) => Math.round((ours / theirs) * 100) / 100;

type Result = ReturnType<typeof scenario>;

/** The engine scenarios by name, as `bench/<file>.ts` arguments. */
const ENGINE_SCENARIOS = {
  echo: ['engine', 'echo'],
  twoQuestions: ['engine', 'two-questions'],
  botbuilderEcho: ['botbuilder', 'echo', 'handler'],
  botbuilderWaterfall: ['botbuilder', 'waterfall', 'handler'],
  // The same logic without ActivityHandler: faster than any botbuilder sample, shown beside.
  botbuilderBareEcho: ['botbuilder', 'echo', 'bare'],
  botbuilderBareWaterfall: ['botbuilder', 'waterfall', 'bare'],
  // The sample bots persisting what ours persists (every activity, the dialog state) on SQLite.
  botbuilderPersistedEcho: ['botbuilder', 'echo', 'persisted'],
  botbuilderPersistedWaterfall: ['botbuilder', 'waterfall', 'persisted'],
} as const;

const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS) || 5);

/** Runs every engine scenario `ROUNDS` times, interleaved; keeps each one's median round by turns/s. */
function engineScenarios(): Record<keyof typeof ENGINE_SCENARIOS, Result> {
  const names = Object.keys(ENGINE_SCENARIOS) as Array<keyof typeof ENGINE_SCENARIOS>;
  const runs = new Map(names.map((n) => [n, [] as Result[]]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of names) {
      const [file, ...args] = ENGINE_SCENARIOS[name];
      runs.get(name)!.push(scenario(file, ...args));
    }
  }
  const median = (results: Result[]) => [...results].sort((a, b) => a.turnsPerSec - b.turnsPerSec)[Math.floor(results.length / 2)];
  return Object.fromEntries(names.map((n) => [n, median(runs.get(n)!)])) as Record<keyof typeof ENGINE_SCENARIOS, Result>;
}

async function main(): Promise<void> {
  const loadBefore = loadavg()[0];
  const engine = engineScenarios();
  const http = await runHttp();
  const pick = (key: 'turnsPerSec' | 'turnsPerCpuSec') => ({
    echo: engine.echo[key],
    twoQuestions: engine.twoQuestions[key],
    botbuilderEcho: engine.botbuilderEcho[key],
    botbuilderWaterfall: engine.botbuilderWaterfall[key],
    botbuilderBareEcho: engine.botbuilderBareEcho[key],
    botbuilderBareWaterfall: engine.botbuilderBareWaterfall[key],
    botbuilderPersistedEcho: engine.botbuilderPersistedEcho[key],
    botbuilderPersistedWaterfall: engine.botbuilderPersistedWaterfall[key],
  });
  const result = {
    machine: { cpus: cpus().length, node: process.version, loadAverageBefore: loadBefore, loadAverageAfter: loadavg()[0] },
    engine: {
      plan: { ...DEFAULT_PLAN, rounds: ROUNDS },
      turnsPerSec: pick('turnsPerSec'),
      turnsPerCpuSec: pick('turnsPerCpuSec'),
      ratios: {
        echo: {
          wall: ratio(engine.echo.turnsPerSec, engine.botbuilderEcho.turnsPerSec),
          cpu: ratio(engine.echo.turnsPerCpuSec, engine.botbuilderEcho.turnsPerCpuSec),
        },
        twoQuestions: {
          wall: ratio(engine.twoQuestions.turnsPerSec, engine.botbuilderWaterfall.turnsPerSec),
          cpu: ratio(engine.twoQuestions.turnsPerCpuSec, engine.botbuilderWaterfall.turnsPerCpuSec),
        },
        vsPersistedPeer: {
          echo: {
            wall: ratio(engine.echo.turnsPerSec, engine.botbuilderPersistedEcho.turnsPerSec),
            cpu: ratio(engine.echo.turnsPerCpuSec, engine.botbuilderPersistedEcho.turnsPerCpuSec),
          },
          twoQuestions: {
            wall: ratio(engine.twoQuestions.turnsPerSec, engine.botbuilderPersistedWaterfall.turnsPerSec),
            cpu: ratio(engine.twoQuestions.turnsPerCpuSec, engine.botbuilderPersistedWaterfall.turnsPerCpuSec),
          },
        },
        vsBareLogic: {
          echo: { wall: ratio(engine.echo.turnsPerSec, engine.botbuilderBareEcho.turnsPerSec), cpu: ratio(engine.echo.turnsPerCpuSec, engine.botbuilderBareEcho.turnsPerCpuSec) },
          twoQuestions: {
            wall: ratio(engine.twoQuestions.turnsPerSec, engine.botbuilderBareWaterfall.turnsPerSec),
            cpu: ratio(engine.twoQuestions.turnsPerCpuSec, engine.botbuilderBareWaterfall.turnsPerCpuSec),
          },
        },
      },
      persisted: {
        echo: engine.echo.persisted,
        twoQuestions: engine.twoQuestions.persisted,
        botbuilderPersistedEcho: engine.botbuilderPersistedEcho.persisted,
        botbuilderPersistedWaterfall: engine.botbuilderPersistedWaterfall.persisted,
      },
    },
    http: {
      plan: http.plan,
      switchboard: http.switchboard,
      fastify: http.fastify,
      cloudAdapter: http.cloudAdapter,
      ratios: {
        reqPerSecVsCloudAdapter: ratio(http.switchboard.reqPerSec, http.cloudAdapter.reqPerSec),
        reqPerCpuSecVsCloudAdapter: ratio(http.switchboard.reqPerCpuSec, http.cloudAdapter.reqPerCpuSec),
        reqPerSecVsFastify: ratio(http.switchboard.reqPerSec, http.fastify.reqPerSec),
        p50VsCloudAdapter: ratio(http.switchboard.p50Ms, http.cloudAdapter.p50Ms),
        p99VsCloudAdapter: ratio(http.switchboard.p99Ms, http.cloudAdapter.p99Ms),
      },
    },
    peakRssMb: {
      engineEcho: engine.echo.peakRssMb,
      engineTwoQuestions: engine.twoQuestions.peakRssMb,
      server: http.switchboard.peakRssMb,
      botbuilderEcho: engine.botbuilderEcho.peakRssMb,
      botbuilderWaterfall: engine.botbuilderWaterfall.peakRssMb,
      botbuilderBareEcho: engine.botbuilderBareEcho.peakRssMb,
      botbuilderBareWaterfall: engine.botbuilderBareWaterfall.peakRssMb,
      botbuilderPersistedEcho: engine.botbuilderPersistedEcho.peakRssMb,
      botbuilderPersistedWaterfall: engine.botbuilderPersistedWaterfall.peakRssMb,
      cloudAdapterServer: http.cloudAdapter.peakRssMb,
    },
  };
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}

void main();
