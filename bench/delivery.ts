/**
 * `npm run bench:delivery`: replies received twice after `kill -9` under load, the issue #16
 * measurement at full size. `switchboard start` (the counting scale bot) answers SMS through a
 * fake Twilio that takes `BENCH_LATENCY_MS` (400) to answer each send; the process is killed while
 * sends are in flight and restarted. Runs: SQLite with 3 kills and PostgreSQL with 4 kills, with
 * the Twilio lookup (the default) and without it (the resends are then marked possibleDuplicate).
 * Prints JSON. Options (env): BENCH_NUMBERS (20), BENCH_PER_NUMBER (50), BENCH_LATENCY_MS (400),
 * BENCH_MODES (`sqlite,postgres,sqlite-nolookup,postgres-nolookup`), TEST_DATABASE_URL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDeliveryCrash, type DeliveryCrashReport } from '../testkit/scale/delivery-crash';
import { dropSchemas, requireServices, schemaUrl, uniqueName } from '../testkit/scale/services';

const numbers = Number(process.env.BENCH_NUMBERS) || 20;
const perNumber = Number(process.env.BENCH_PER_NUMBER) || 50;
const latencyMs = Number(process.env.BENCH_LATENCY_MS) || 400;
const modes = (process.env.BENCH_MODES ?? 'sqlite,postgres,sqlite-nolookup,postgres-nolookup').split(',');

async function run(mode: string, dir: string, schemas: string[]): Promise<DeliveryCrashReport> {
  const postgres = mode.startsWith('postgres');
  const lookup = !mode.endsWith('-nolookup');
  const common = { numbers, perNumber, latencyMs, lookup, kills: postgres ? 4 : 3 };
  if (!postgres) return runDeliveryCrash({ ...common, databaseUrl: `sqlite:${join(dir, `${mode}.db`)}` });
  await requireServices();
  const schema = uniqueName('sbbd');
  schemas.push(schema);
  return runDeliveryCrash({ ...common, databaseUrl: schemaUrl(schema), schema });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sb-bench-delivery-'));
  const schemas: string[] = [];
  const results: Record<string, unknown> = {};
  try {
    for (const mode of modes) {
      const started = Date.now();
      const report = await run(mode, dir, schemas);
      const { unmarkedDuplicates, lost, problems, ...figures } = report;
      results[mode] = { ...figures, unmarkedDuplicates: unmarkedDuplicates.length, lost: lost.length, problems: problems.length, seconds: Math.round((Date.now() - started) / 1000) };
      process.stderr.write(`${mode}: ${JSON.stringify(results[mode])}\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await dropSchemas(schemas).catch(() => undefined);
  }
  console.log(JSON.stringify({ numbers, perNumber, latencyMs, results }, null, 2));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
